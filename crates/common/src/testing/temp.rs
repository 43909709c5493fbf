//! A folder of a test's own, for programs that read and write files.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// A new, empty folder under the system's temporary folder
/// (`std::env::temp_dir()`), with a name no other test, process or run
/// shares, removed with everything in it when dropped (pass, fail or panic).
#[derive(Debug)]
pub struct TempDir {
    path: PathBuf,
}

/// Tells apart the folders of one test process.
static NEXT: AtomicUsize = AtomicUsize::new(0);

impl TempDir {
    /// Makes the folder; `label` starts its name, to tell whose it is.
    pub fn new(label: &str) -> TempDir {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let name = format!(
            "{label}-{}-{}-{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let path = std::env::temp_dir().join(name);
        std::fs::create_dir(&path)
            .unwrap_or_else(|e| panic!("cannot make {}: {e}", path.display()));
        TempDir { path }
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// `name` inside the folder.
    pub fn join(&self, name: impl AsRef<Path>) -> PathBuf {
        self.path.join(name)
    }

    /// The names in the folder (not below it), sorted: what a test checks
    /// to see that nothing more, and nothing less, was left there.
    pub fn names(&self) -> Vec<String> {
        names_in(&self.path)
    }
}

/// The names in `dir` (not below it), sorted; none when it cannot be read.
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

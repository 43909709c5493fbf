//! What a lesson's test results depend on, as one number: a hash of the
//! lesson's crate, of the workspace crates it uses (`common`, ...), and of the
//! workspace's `Cargo.toml` and `Cargo.lock`.
//!
//! [`crate::progress`] keeps each result with the fingerprint of the code it
//! was measured on, so a result whose code has changed since is never shown as
//! current: `course` says it is out of date, and `course watch` runs the tests
//! again. The hash is FNV-1a over each file's path and bytes, written out here
//! rather than std's `DefaultHasher`, whose output may change between Rust
//! releases (a record would then look stale for no reason).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The most files one fingerprint reads, and the deepest folder it enters:
/// a lesson has a few dozen files; past these bounds something is wrong (a
/// link loop, a build folder in the wrong place) and the rest is left out.
const MAX_FILES: usize = 20_000;
const MAX_DEPTH: usize = 16;

/// The fingerprint of `lesson`'s code under the workspace `root`.
pub fn lesson(root: &Path, lesson: &str) -> u64 {
    let mut hash = Fnv::new();
    for file in ["Cargo.toml", "Cargo.lock"] {
        hash.file(root, &root.join(file));
    }
    let mut files = Vec::new();
    for dir in crates_used(root, lesson) {
        walk(&root.join("crates").join(dir), 0, &mut files);
    }
    files.sort();
    files.dedup();
    for file in files.iter().take(MAX_FILES) {
        hash.file(root, file);
    }
    hash.0
}

/// `lesson` and, through its `Cargo.toml`, every workspace crate it depends
/// on (its own dependencies included). A dependency of this workspace is a
/// folder `crates/<name>`, named as the crate is: a line of a dependency table
/// that starts with such a name is taken as one. Taking one too many only
/// makes a record go out of date sooner; that is the safe side.
pub fn crates_used(root: &Path, lesson: &str) -> BTreeSet<String> {
    let crates = root.join("crates");
    let mut found = BTreeSet::new();
    let mut todo = vec![lesson.to_string()];
    while let Some(name) = todo.pop() {
        if !found.insert(name.clone()) {
            continue;
        }
        let Ok(manifest) = fs::read_to_string(crates.join(&name).join("Cargo.toml"))
        else {
            continue;
        };
        for dependency in dependency_names(&manifest) {
            if !found.contains(&dependency)
                && crates.join(&dependency).join("Cargo.toml").is_file()
            {
                todo.push(dependency);
            }
        }
    }
    found
}

/// The keys of a manifest's dependency tables: `common` in `common.workspace
/// = true`, `tcp-loop` in `tcp-loop = { path = "../tcp-loop" }` and in
/// `[dev-dependencies.tcp-loop]`.
fn dependency_names(manifest: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut in_table = false;
    for line in manifest.lines() {
        let line = line.trim();
        if let Some(header) = line.strip_prefix('[') {
            let header = header.trim_end_matches(']');
            in_table = header.ends_with("dependencies");
            if let Some((_, name)) = header.split_once("dependencies.") {
                names.push(name.trim().to_string());
            }
            continue;
        }
        if in_table && !line.starts_with('#') {
            let name: String = line
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            if !name.is_empty() {
                names.push(name);
            }
        }
    }
    names
}

/// Whether a file name is an editor's or a build's, not the course's: hidden
/// files, swap and backup files, and JetBrains' and vim's temporaries. Their
/// comings and goings change no result, so they neither count here nor wake
/// `course watch`.
pub fn ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.contains("___jb_")
        || name == "target"
        // vim's check that it may write in a folder: a file named 4913.
        || (!name.is_empty() && name.chars().all(|c| c.is_ascii_digit()))
}

/// Every file under `dir`, links not followed, ignored names skipped.
fn walk(dir: &Path, depth: usize, files: &mut Vec<PathBuf>) {
    if depth > MAX_DEPTH || files.len() >= MAX_FILES {
        return;
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if ignored(&entry.file_name().to_string_lossy()) {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            walk(&entry.path(), depth + 1, files);
        } else if kind.is_file() {
            files.push(entry.path());
        }
    }
}

/// FNV-1a, 64 bits: simple, stable, and enough to tell one state of a few
/// source files from another.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn bytes(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// The file's path from `root` (so a renamed file counts), its length and
    /// its bytes; a file that cannot be read counts as such.
    fn file(&mut self, root: &Path, file: &Path) {
        let name = file.strip_prefix(root).unwrap_or(file);
        // `/` on every system, so that a record means the same everywhere.
        let name: Vec<String> = name
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        self.bytes(name.join("/").as_bytes());
        match fs::read(file) {
            Ok(bytes) => {
                self.bytes(&(bytes.len() as u64).to_le_bytes());
                self.bytes(&bytes);
            }
            Err(_) => self.bytes(b"\0unreadable"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dependency_tables_are_read() {
        let manifest = "[package]\nname = \"x\"\n\n[dependencies]\nanyhow.workspace = \
                        true\ncommon = { path = \"../common\" }\n# tcp-loop\n\n\
                        [dev-dependencies.tcp-loop]\npath = \"../tcp-loop\"\n\
                        [target.'cfg(unix)'.dependencies]\nnix = \"0.30\"\n\
                        [lints]\nworkspace = true\n";
        assert_eq!(
            dependency_names(manifest),
            ["anyhow", "common", "tcp-loop", "nix"]
        );
    }

    #[test]
    fn editors_files_are_ignored_and_sources_are_not() {
        for name in [".quit.rs.swp", "quit.rs~", "#quit.rs#", "4913", "target"] {
            assert!(ignored(name), "{name}");
        }
        for name in ["quit.rs", "Cargo.toml", "v2.rs", "exercises"] {
            assert!(!ignored(name), "{name}");
        }
    }

    #[test]
    fn the_hash_is_fnv_1a() {
        let mut hash = Fnv::new();
        hash.bytes(b"a");
        assert_eq!(hash.0, 0xaf63_dc4c_8601_ec8c);
    }
}

//! A file that appears whole or not at all: written to a temporary file in
//! the same folder, and renamed over its place only once complete. Until
//! then the old version, if any, stays as it was; a transfer that fails
//! leaves nothing behind.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// A file being written: its temporary file, and where it goes.
#[derive(Debug)]
pub struct Incoming {
    file: File,
    temp: PathBuf,
    dest: PathBuf,
    done: bool,
}

/// Tells this process's temporary files apart.
static NEXT: AtomicU64 = AtomicU64::new(0);

impl Incoming {
    /// Opens a new temporary file beside `dest`, named
    /// `.incoming-PID-N.part`.
    ///
    /// # Errors
    /// When the folder cannot be written.
    pub fn create(dest: &Path) -> io::Result<Incoming> {
        let dir = match dest.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        loop {
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            let temp =
                dir.join(format!(".incoming-{}-{n}.part", std::process::id()));
            // ANCHOR: create_temp
            // In the same folder as the file: a rename is atomic only within
            // one file system. create_new never opens a file that exists.
            let opened = OpenOptions::new().write(true).create_new(true).open(&temp);
            // ANCHOR_END: create_temp
            match opened {
                Ok(file) => {
                    let dest = dest.to_path_buf();
                    return Ok(Incoming {
                        file,
                        temp,
                        dest,
                        done: false,
                    });
                }
                Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {}
                Err(err) => return Err(err),
            }
        }
    }

    /// The temporary file, to write the bytes into.
    pub fn file(&mut self) -> &mut File {
        &mut self.file
    }

    /// Puts the file in its place: its bytes to the disk, then the rename.
    ///
    /// # Errors
    /// When the bytes cannot be written out or the rename fails; the
    /// temporary file is removed then too.
    pub fn commit(mut self) -> io::Result<()> {
        // ANCHOR: commit
        // The bytes to the disk first: after a crash, the name must not
        // point to a file whose bytes never got there.
        self.file.sync_all()?;
        // One step: whoever opens `dest` finds the old file or the new
        // one, never half of one. An old file there is replaced.
        fs::rename(&self.temp, &self.dest)?;
        self.done = true;
        // ANCHOR_END: commit
        Ok(())
    }
}

// ANCHOR: drop
impl Drop for Incoming {
    /// On every path that did not commit (an error, a hang-up, a reset, a
    /// panic), the temporary file goes.
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_file(&self.temp);
        }
    }
}
// ANCHOR_END: drop

/// Whether `name` is one of the temporary files [`Incoming`] makes, which a
/// listing leaves out.
pub fn is_temporary(name: &str) -> bool {
    name.starts_with(".incoming-") && name.ends_with(".part")
}

// ANCHOR: leftovers
/// Removes the temporary files in `dir` and says how many went. `Drop`
/// cannot run in a process that is killed (`kill -9`, a power cut), so a
/// server stopped in the middle of a put leaves its temporary file behind;
/// the next server on the folder clears it at start. (Two servers sharing
/// one folder would clear each other's: give each its own.)
///
/// # Errors
/// When the folder cannot be read.
pub fn remove_leftovers(dir: &Path) -> io::Result<usize> {
    let mut removed = 0;
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let temporary = entry.file_name().to_str().is_some_and(is_temporary);
        if temporary && fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    Ok(removed)
}
// ANCHOR_END: leftovers

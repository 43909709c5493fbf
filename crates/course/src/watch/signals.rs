//! What wakes `course watch`: a save under `crates/`, a line typed, Ctrl-C,
//! the end of a test run. Each source is a thread (or the watcher's own) that
//! sends an [`Event`] into one bounded channel, so the watch waits for all of
//! them at once and never polls.

use std::io::{self, BufRead, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::SyncSender;
use std::thread;
use std::time::Duration;

use anyhow::{Context, Result};
use notify::{EventKind, RecursiveMode, Watcher};

use super::batch::Outcome;
use super::keys;
use crate::fingerprint;

/// One thing that happened.
pub(super) enum Event {
    /// Look at the flags: a file changed, or Ctrl-C was pressed.
    Wake,
    /// A line typed, trimmed and lower-cased, or a key pressed (Enter as
    /// an empty line).
    Input(String),
    /// Standard input ended (Ctrl-D in a terminal, in either mode).
    InputEnded,
    /// Test run number `.0` ended.
    Done(u64, Box<Outcome>),
}

/// Flags that the watcher's and the Ctrl-C handler's threads set. A flag,
/// rather than one message per event, keeps the channel from filling in a
/// burst of saves: only the first sends a [`Event::Wake`] until the watch
/// has read the flag.
#[derive(Clone, Default)]
pub(super) struct Flags {
    pub changed: Arc<AtomicBool>,
    pub interrupted: Arc<AtomicBool>,
}

/// How often the polling watcher looks at every file.
pub(super) const POLL_EVERY: Duration = Duration::from_secs(1);

/// The longest input line kept: the commands are one letter.
const INPUT_KEPT: usize = 256;

/// Starts watching `root/crates` for saves: with the system's file events, or
/// by looking every [`POLL_EVERY`] when `poll` is asked, when the system
/// gives no events (WSL with the course in a Windows folder), or when
/// setting them up fails. Returns the watcher (it stops when dropped).
///
/// # Errors
/// When even polling cannot start (the folder cannot be read).
pub(super) fn watch_files(
    root: &Path,
    poll: bool,
    flags: &Flags,
    tx: &SyncSender<Event>,
) -> Result<Box<dyn Watcher>> {
    let crates = root.join("crates");
    if !poll && events_unreliable(root) {
        eprintln!(
            "note: this looks like WSL with the course in a Windows folder, where \
             Linux hears of no save made from Windows: looking for changes every \
             second instead"
        );
    } else if !poll {
        let events = notify::recommended_watcher(handler(&crates, flags, tx))
            .and_then(|mut w| {
                w.watch(&crates, RecursiveMode::Recursive).map(|()| w)
            });
        match events {
            Ok(watcher) => return Ok(Box::new(watcher)),
            Err(err) => eprintln!(
                "note: no file events here ({err}): looking for changes every \
                 second instead"
            ),
        }
    }
    // Contents, not only times: the poller keeps modification times to the
    // second, so a save within a second of the last look would go unseen.
    // Reading the course's sources (a few MiB) each second costs little.
    let config = notify::Config::default()
        .with_poll_interval(POLL_EVERY)
        .with_compare_contents(true)
        .with_follow_symlinks(false);
    let mut watcher = notify::PollWatcher::new(handler(&crates, flags, tx), config)
        .context("cannot watch for changes")?;
    watcher
        .watch(&crates, RecursiveMode::Recursive)
        .with_context(|| format!("cannot watch {}", crates.display()))?;
    Ok(Box::new(watcher))
}

/// What the watcher calls on each event: a change to a file of the course
/// (not a build's, not an editor's temporary) raises the flag.
fn handler(
    crates: &Path,
    flags: &Flags,
    tx: &SyncSender<Event>,
) -> impl FnMut(notify::Result<notify::Event>) + Send + 'static {
    let crates: PathBuf = crates.to_path_buf();
    let changed = Arc::clone(&flags.changed);
    let tx = tx.clone();
    move |event| {
        let Ok(event) = event else { return };
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        let counts = event.paths.iter().any(|path| {
            let rel = path.strip_prefix(&crates).unwrap_or(path);
            !rel.components()
                .any(|c| fingerprint::ignored(&c.as_os_str().to_string_lossy()))
        });
        if counts && !changed.swap(true, Ordering::SeqCst) {
            // Full means the watch has plenty to read; it sees the flag then.
            let _ = tx.try_send(Event::Wake);
        }
    }
}

/// True under WSL for a course in a Windows folder (`/mnt/c/...`): Linux
/// gets no inotify event there for a file saved by a Windows editor.
#[cfg(target_os = "linux")]
fn events_unreliable(root: &Path) -> bool {
    let release =
        std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    release.to_lowercase().contains("microsoft") && root.starts_with("/mnt/")
}

#[cfg(not(target_os = "linux"))]
fn events_unreliable(_root: &Path) -> bool {
    false
}

/// Ctrl-C raises the flag and wakes the watch, which stops its test run and
/// leaves with exit code 0. If the handler cannot be set, Ctrl-C still ends
/// the program, the system's way.
pub(super) fn on_ctrl_c(flags: &Flags, tx: &SyncSender<Event>) {
    let interrupted = Arc::clone(&flags.interrupted);
    let tx = tx.clone();
    let _ = ctrlc::set_handler(move || {
        interrupted.store(true, Ordering::SeqCst);
        let _ = tx.try_send(Event::Wake);
    });
}

/// Reads standard input in a thread of its own: key by key when `keys`
/// (the terminal is in single-key mode, see [`super::keys`]), else line by
/// line.
pub(super) fn read_input(tx: &SyncSender<Event>, keys: bool) {
    let tx = tx.clone();
    thread::spawn(move || {
        let stdin = io::stdin();
        let mut input = stdin.lock();
        if keys {
            read_keys(&mut input, &tx);
            return;
        }
        loop {
            match read_line(&mut input) {
                Some(line) => {
                    if tx.send(Event::Input(line)).is_err() {
                        return;
                    }
                }
                None => {
                    let _ = tx.send(Event::InputEnded);
                    return;
                }
            }
        }
    });
}

/// Sends each key read as a command, until Ctrl-D or the end of the input.
fn read_keys(input: &mut impl Read, tx: &SyncSender<Event>) {
    let mut chunk = [0u8; 64];
    loop {
        let n = match input.read(&mut chunk) {
            Ok(n) => n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => 0,
        };
        let commands = if n == 0 {
            vec![None]
        } else {
            keys::commands(&chunk[..n])
        };
        for command in commands {
            let (event, last) = match command {
                Some(command) => (Event::Input(command), false),
                None => (Event::InputEnded, true),
            };
            if tx.send(event).is_err() || last {
                return;
            }
        }
    }
}

/// One line, at most [`INPUT_KEPT`] bytes of it kept, trimmed and lower-cased;
/// `None` at the end of the input.
fn read_line(input: &mut impl BufRead) -> Option<String> {
    let mut kept = Vec::new();
    let mut read_any = false;
    loop {
        let chunk = match input.fill_buf() {
            Ok([]) | Err(_) if !read_any => return None,
            Ok([]) | Err(_) => break,
            Ok(chunk) => chunk,
        };
        read_any = true;
        let end = chunk.iter().position(|&b| b == b'\n');
        let piece = &chunk[..end.unwrap_or(chunk.len())];
        let room = INPUT_KEPT.saturating_sub(kept.len());
        kept.extend_from_slice(&piece[..piece.len().min(room)]);
        let used = end.map_or(chunk.len(), |at| at + 1);
        input.consume(used);
        if end.is_some() {
            break;
        }
    }
    Some(String::from_utf8_lossy(&kept).trim().to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_read_bounded_and_trimmed() {
        let long = "x".repeat(10 * INPUT_KEPT);
        let text = format!(" Q \r\n\n{long}\nlast");
        let mut input = io::BufReader::with_capacity(5, text.as_bytes());
        assert_eq!(read_line(&mut input).as_deref(), Some("q"));
        assert_eq!(read_line(&mut input).as_deref(), Some(""));
        assert_eq!(read_line(&mut input).map(|l| l.len()), Some(INPUT_KEPT));
        assert_eq!(read_line(&mut input).as_deref(), Some("last"));
        assert_eq!(read_line(&mut input), None);
    }
}

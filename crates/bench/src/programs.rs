//! The programs `compare` measures: the reference, the lessons' binaries
//! (found next to the bench's own) and the Python ones; how each is started,
//! and what it is asked.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::machine;
use crate::plan::Options;
use crate::results::{Kind, Ran, Section};

/// What a program is asked beyond its section's loads, or instead of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Its section's loads (the reference answers lesson 5's with its raw
    /// echo and stream); a many-callers server that serves one caller at a
    /// time (lesson 2) is not asked to hold idle callers.
    Plain,
    /// Lesson 5's framed echo: the frame loads.
    Frames,
    /// Lesson 5's file server with its folder in memory: the put and the
    /// get, and the server's memory (the goals' rows).
    Files,
    /// The same with its folder on disk: the put and the get, in rows of
    /// their own (what `sync_all` waits for).
    FilesOnDisk,
    /// A many-callers server that holds a thousand idle callers.
    HoldsAThousand,
    /// Ten thousand.
    HoldsTenThousand,
}

/// Every program of the comparison: whose it is, its section, what is run
/// (the reference: a subcommand of the bench itself; a lesson: its binary,
/// next to the bench's own; Python: a file of `python/`, run by `python3`),
/// its arguments and its role. In the arguments, `{dir}` stands for a folder
/// of the run's own on disk, `{memdir}` for one in memory (`/dev/shm`).
#[rustfmt::skip]
const PROGRAMS: &[(Kind, Section, &str, &[&str], Role)] = {
    use Kind::{Lesson, Python, Reference};
    use Role::{Files, FilesOnDisk, Frames, HoldsAThousand, HoldsTenThousand, Plain};
    use Section::{Client, Many, Tcp, Udp};
    &[
        (Reference, Tcp, "reference-server", &[], Plain),
        (Reference, Udp, "reference-server", &["--udp"], Plain),
        (Reference, Client, "reference-client", &[], Plain),
        (Reference, Section::Frames, "reference-server", &[], Plain),
        (Reference, Many, "reference-server", &[], HoldsTenThousand),
        (Lesson, Tcp, "tcp-loop", &["server"], Plain),
        (Lesson, Udp, "udp-echo", &["server"], Plain),
        (Lesson, Client, "tcp-oneshot", &["client"], Plain),
        (Lesson, Section::Frames, "tcp-framing", &["server"], Frames),
        // Twice: with its folder in memory, what the server itself costs (the
        // goal's row, as the raw stream it is measured against never touches
        // a disk); and on disk, where sync_all waits for the disk to store it.
        (Lesson, Section::Frames, "tcp-framing", &["file-server", "--dir", "{memdir}"], Files),
        (Lesson, Section::Frames, "tcp-framing", &["file-server", "--dir", "{dir}"], FilesOnDisk),
        (Lesson, Many, "tcp-loop", &["server"], Plain),
        (Lesson, Many, "tcp-threads", &["server", "--max-callers", "20000"], HoldsTenThousand),
        (Lesson, Many, "tcp-events", &["server"], HoldsTenThousand),
        (Lesson, Many, "tcp-tokio", &["server"], HoldsTenThousand),
        (Python, Tcp, "tcp_loop_server.py", &[], Plain),
        (Python, Udp, "udp_echo_server.py", &[], Plain),
        (Python, Client, "tcp_oneshot_client.py", &[], Plain),
        (Python, Section::Frames, "tcp_framing_server.py", &[], Frames),
        (Python, Many, "tcp_threads_server.py", &[], HoldsAThousand),
        (Python, Many, "tcp_events_server.py", &[], HoldsTenThousand),
        (Python, Many, "tcp_tokio_server.py", &[], HoldsTenThousand),
    ]
};

/// One program under comparison, ready to start.
#[derive(Debug, Clone)]
pub struct Contender {
    /// Its section, kind and name.
    pub ran: Ran,
    pub program: OsString,
    /// Its arguments, the address included.
    pub args: Vec<OsString>,
    pub role: Role,
}

/// The programs to compare, each section's reference first; the ones that
/// are missing are noted and left out. A server asks for port 0; a client
/// calls `{addr}`, which `bench spawn` fills in.
pub fn contenders(
    opts: &Options,
    exe: &Path,
    (dir, memdir): (&Path, Option<&Path>),
    notes: &mut Vec<String>,
) -> Vec<Contender> {
    let bin_dir = exe.parent().unwrap_or(Path::new("."));
    let profile = if bin_dir.ends_with("release") {
        "--release "
    } else {
        ""
    };
    let python = machine::python_version();
    let mut list = Vec::new();
    for &(kind, section, bin, args, role) in PROGRAMS {
        let (program, name, first) = match kind {
            Kind::Reference => {
                let name = [&["bench", bin][..], args].concat().join(" ");
                (exe.as_os_str().to_os_string(), name, Some(bin.into()))
            }
            Kind::Lesson if opts.no_lessons => continue,
            Kind::Lesson => {
                let path =
                    bin_dir.join(format!("{bin}{}", std::env::consts::EXE_SUFFIX));
                let mut name = format!("{bin} {}", args[0]);
                if args.contains(&"{memdir}") {
                    name.push_str(" (files in memory)");
                } else if args.contains(&"{dir}") {
                    name.push_str(" (files on disk)");
                }
                let build = format!("`cargo build {profile}--bins`");
                if !path.is_file() {
                    let why = format!(
                        "{} is missing (build it first: {build})",
                        path.display()
                    );
                    notes.push(format!("skipped {name}: {why}"));
                    continue;
                }
                if is_stale(&path, bin) && !notes.iter().any(|n| n.contains(bin)) {
                    notes.push(format!(
                        "{bin} was built before its last change: this run measures the \
                         older build ({build} first)"
                    ));
                }
                (path.into_os_string(), name, None)
            }
            Kind::Python if opts.no_python => continue,
            Kind::Python => {
                let path = repo_root().join("python").join(bin);
                if python.is_none() || !path.is_file() {
                    let why = match python {
                        None => "python3 does not run here",
                        Some(_) => "no such file",
                    };
                    notes.push(format!("skipped python/{bin}: {why}"));
                    continue;
                }
                let name = format!("python3 python/{bin}");
                ("python3".into(), name, Some(path.into_os_string()))
            }
        };
        let memdir = match memdir {
            Some(memdir) => memdir,
            None if args.contains(&"{memdir}") => {
                let why = "no /dev/shm here to keep its files in memory";
                notes.push(format!("skipped {name}: {why}"));
                continue;
            }
            None => dir,
        };
        let fill = |arg: &&str| match *arg {
            "{dir}" => dir.as_os_str().to_os_string(),
            "{memdir}" => memdir.as_os_str().to_os_string(),
            arg => arg.into(),
        };
        let mut args: Vec<OsString> =
            first.into_iter().chain(args.iter().map(fill)).collect();
        // The Python programs take the address as their last argument.
        if kind != Kind::Python {
            args.push("--addr".into());
        }
        let addr = match section {
            Section::Client => "{addr}",
            _ => "127.0.0.1:0",
        };
        args.push(addr.into());
        let ran = Ran {
            section,
            kind,
            name,
        };
        list.push(Contender {
            ran,
            program,
            args,
            role,
        });
    }
    // Each run goes through the sections in order, the reference first.
    list.sort_by_key(|c| (c.ran.section, c.ran.kind));
    list
}

/// Whether `binary` is older than a source of its crate or of `common`.
fn is_stale(binary: &Path, crate_name: &str) -> bool {
    let modified = |p: &Path| p.metadata().and_then(|m| m.modified()).ok();
    let Some(built) = modified(binary) else {
        return false;
    };
    let root = repo_root().join("crates");
    let mut newest = SystemTime::UNIX_EPOCH;
    let mut dirs = vec![root.join(crate_name).join("src"), root.join("common/src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if let Some(t) = modified(&path) {
                newest = newest.max(t);
            }
        }
    }
    newest > built
}

/// The workspace's root, where `python/` and `crates/` are.
pub fn repo_root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

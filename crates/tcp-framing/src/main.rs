//! `tcp-framing`: lesson 5's command line. It parses and dispatches; the
//! lesson is in `frame.rs`, `server.rs`, `client.rs` and `files/`.

use std::ffi::OsString;
use std::io::{self, Stdout};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Result;
use clap::{Args, Parser, Subcommand};
use common::{Call, Listen};
use tcp_framing::files::{self, server::Folder};
use tcp_framing::{PORT, client, demo, exercises, frame, server};

/// Lesson 5: where a message ends. TCP carries bytes, not messages: a length
/// sent first marks where each one ends (a frame); on frames, a JSON header
/// tells a file server what to do.
#[derive(Debug, Parser)]
#[command(name = "tcp-framing", version, after_help = AFTER_HELP)]
enum Command {
    /// Answer every frame with one frame, upper-cased, caller after caller.
    Server {
        #[command(flatten)]
        listen: Listen<PORT>,
        /// The longest frame taken, in bytes: a caller who announces a longer
        /// one is hung up on before a byte of it is read.
        #[arg(long, default_value_t = frame::MAX_FRAME as u32, value_name = "BYTES")]
        max_frame: u32,
    },
    /// Say each message as one frame and print each answer.
    ///
    /// The messages are the arguments, or, when there are none, the lines of
    /// standard input (an empty line is an empty frame).
    Client {
        #[command(flatten)]
        call: Call<PORT>,
        /// The messages to say.
        messages: Vec<OsString>,
    },
    /// Serve the files of a folder: put, get and list, on frames.
    FileServer(FileServer),
    /// Send FILE to the file server.
    Put {
        #[command(flatten)]
        call: Call<PORT>,
        /// The file to send.
        file: PathBuf,
        /// The name to store it under (its own name unless given).
        #[arg(long = "as", value_name = "NAME")]
        name: Option<String>,
    },
    /// Fetch the file NAME from the file server.
    Get {
        #[command(flatten)]
        call: Call<PORT>,
        /// The file's name on the server.
        name: String,
        /// Where to write it (./NAME unless given).
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
    },
    /// List the file server's files, size first.
    Ls(Call<PORT>),
    /// Show 粘包 for real, then frames, then a put and a get, in one process.
    Demo,
    /// Run the solution of one of the lesson's exercises.
    #[command(subcommand)]
    Exercise(Exercise),
}

/// The lesson's exercises, solved (the book's lesson 5 page, "Exercises").
#[derive(Debug, Subcommand)]
enum Exercise {
    /// "reader": the echo server, with a frame reader on the bare socket.
    ReaderServer {
        #[command(flatten)]
        listen: Listen<PORT>,
        /// The longest frame taken, in bytes.
        #[arg(long, default_value_t = frame::MAX_FRAME as u32, value_name = "BYTES")]
        max_frame: u32,
    },
    /// "lines": an echo server for lines ending in a newline.
    LinesServer {
        #[command(flatten)]
        listen: Listen<PORT>,
        /// The longest line taken, in bytes, without its newline.
        #[arg(long, default_value_t = exercises::lines::MAX_LINE as u32, value_name = "BYTES")]
        max_line: u32,
    },
    /// "delete": the file server, which also deletes.
    DeleteServer(FileServer),
    /// "delete": ask the file server to delete the file NAME.
    Delete {
        #[command(flatten)]
        call: Call<PORT>,
        /// The file's name on the server.
        name: String,
    },
}

/// The file server's flags.
#[derive(Debug, Args)]
struct FileServer {
    #[command(flatten)]
    listen: Listen<PORT>,
    /// The folder whose files are served (made if missing).
    #[arg(long)]
    dir: PathBuf,
    /// The largest file a put may bring, in bytes.
    #[arg(long, default_value_t = files::MAX_FILE, value_name = "BYTES")]
    max_file: u64,
    /// How long a caller may keep the server waiting, in milliseconds.
    #[arg(long, default_value_t = 30_000, value_parser = clap::value_parser!(u64).range(1..))]
    idle_timeout_ms: u64,
}

impl FileServer {
    fn folder(self) -> (SocketAddr, Folder) {
        let idle = Duration::from_millis(self.idle_timeout_ms);
        let folder = Folder {
            dir: self.dir,
            max_file: self.max_file,
            idle,
        };
        (self.listen.addr, folder)
    }
}

const AFTER_HELP: &str = "\
Try it in two terminals:
  tcp-framing server                 (terminal 1)
  tcp-framing client hello world     (terminal 2: two frames, two answers)
Files:
  tcp-framing file-server --dir shared
  tcp-framing put notes.txt; tcp-framing ls; tcp-framing get notes.txt --out copy.txt
Or everything at once: tcp-framing demo
The lesson: lessons/tcp-framing.md in the book (mdbook serve mdbook)";

fn main() -> ExitCode {
    common::parse_and_run(run)
}

/// Runs the command the command line names.
fn run(command: Command, mut out: Stdout) -> Result<()> {
    let out = &mut out;
    match command {
        Command::Server { listen, max_frame } => {
            server::run(listen.addr, max_frame as usize, out)
        }
        Command::Client { call, messages } if messages.is_empty() => {
            client::run(call.addr, client::lines(io::stdin().lock()), out)
        }
        Command::Client { call, messages } => {
            let messages = messages
                .into_iter()
                .map(|m| Ok(common::bytes::arg_bytes(m)));
            client::run(call.addr, messages, out)
        }
        Command::FileServer(flags) => {
            let (addr, folder) = flags.folder();
            files::server::run(addr, &folder, out)
        }
        Command::Put { call, file, name } => {
            files::client::put(call.addr, &file, name.as_deref(), out)
        }
        Command::Get {
            call,
            name,
            out: dest,
        } => files::client::get(call.addr, &name, dest.as_deref(), out),
        Command::Ls(call) => files::client::ls(call.addr, out),
        Command::Demo => demo::run(),
        Command::Exercise(Exercise::ReaderServer { listen, max_frame }) => {
            exercises::reader::serve(listen.addr, max_frame as usize, out)
        }
        Command::Exercise(Exercise::LinesServer { listen, max_line }) => {
            exercises::lines::serve(listen.addr, max_line as usize, out)
        }
        Command::Exercise(Exercise::DeleteServer(flags)) => {
            let (addr, folder) = flags.folder();
            exercises::delete::serve(addr, &folder, out)
        }
        Command::Exercise(Exercise::Delete { call, name }) => {
            exercises::delete::request(call.addr, &name, out)
        }
    }
}

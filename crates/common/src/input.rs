//! What the interactive clients read: one message per line of input, with the
//! article's `>>>: ` prompt when a person types.

use std::io::{self, BufRead, IsTerminal, StdinLock};

/// The article's prompt, `input(">>>: ")`.
pub const PROMPT: &str = ">>>: ";

/// Standard input, locked, and whether to prompt: the article's `>>>: ` is
/// for a person typing at a terminal, not for a pipe. Give both to
/// [`next_line`] (or to a lesson's client, which does).
pub fn stdin() -> (StdinLock<'static>, bool) {
    let stdin = io::stdin();
    let prompt = stdin.is_terminal();
    (stdin.lock(), prompt)
}

/// Reads the next line of `input`, without its line ending (`\n` or `\r\n`),
/// as Python's `input()` does; `None` at the end of the input. With `prompt`
/// (standard input is a terminal), [`PROMPT`] is shown first, on stderr, so
/// that stdout holds only the answers (`client > answers.txt` still shows it).
///
/// # Errors
/// When `input` cannot be read.
pub fn next_line(
    input: &mut dyn BufRead,
    prompt: bool,
) -> io::Result<Option<Vec<u8>>> {
    if prompt {
        eprint!("{PROMPT}");
    }
    let mut line = Vec::new();
    if input.read_until(b'\n', &mut line)? == 0 {
        if prompt {
            // End of input (Ctrl-D): end the prompt's line.
            eprintln!();
        }
        return Ok(None);
    }
    if line.ends_with(b"\n") {
        line.pop();
        if line.ends_with(b"\r") {
            line.pop();
        }
    }
    Ok(Some(line))
}

#[cfg(test)]
mod tests {
    use super::next_line;

    #[test]
    fn lines_lose_their_endings_and_empty_ones_stay() {
        let mut input = &b"one\r\n\ntwo"[..];
        let mut lines = Vec::new();
        while let Some(line) = next_line(&mut input, false).unwrap() {
            lines.push(line);
        }
        assert_eq!(lines, [&b"one"[..], b"", b"two"]);
    }
}

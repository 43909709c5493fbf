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
    show_prompt(prompt);
    let mut line = Vec::new();
    let n = input.read_until(b'\n', &mut line)?;
    Ok(line_read(line, n, prompt))
}

/// Shows [`PROMPT`] on stderr when `prompt`: the first half of
/// [`next_line`], for a client that reads its input another way (lesson 8's,
/// with tokio).
pub fn show_prompt(prompt: bool) {
    if prompt {
        eprint!("{PROMPT}");
    }
}

/// The second half of [`next_line`]: what `read_until(b'\n', &mut line)`
/// read, `n` bytes, as the next line without its ending, or `None` at the
/// end of the input.
#[must_use]
pub fn line_read(mut line: Vec<u8>, n: usize, prompt: bool) -> Option<Vec<u8>> {
    if n == 0 {
        if prompt {
            // End of input (Ctrl-D): end the prompt's line.
            eprintln!();
        }
        return None;
    }
    if line.ends_with(b"\n") {
        line.pop();
        if line.ends_with(b"\r") {
            line.pop();
        }
    }
    Some(line)
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

//! The course's one service (upper-case the bytes) and the way the servers
//! print what they received (Python's `b'...'`).

use std::fmt::Write as _;

/// The service every lesson's server offers: Python's `bytes.upper()`.
///
/// Only the ASCII letters `a` to `z` change; every other byte, whether it is
/// part of a UTF-8 character or not UTF-8 at all, is copied as it is. So the
/// reply is always exactly as long as the message, which is what lets a
/// client know when a reply is complete.
///
/// ```
/// assert_eq!(common::upper(b"LHF nb"), b"LHF NB");
/// assert_eq!(common::upper("é".as_bytes()), "é".as_bytes());
/// ```
pub fn upper(message: &[u8]) -> Vec<u8> {
    message.to_ascii_uppercase()
}

/// How many bytes of a message the servers show before cutting it.
pub const SHOW_AT_MOST: usize = 80;

/// Shows bytes as Python's `repr(bytes)` does: `b'LHF nb'`, `b'\xff\n'`,
/// `b"it's"`. Messages longer than [`SHOW_AT_MOST`] bytes are cut and their
/// full length added, `b'mmm...' (1048576 bytes)`, so one big message neither
/// floods the terminal nor slows the server down.
///
/// ```
/// assert_eq!(common::show_bytes(b"LHF nb"), "b'LHF nb'");
/// assert_eq!(common::show_bytes(b"\xff\x00\n"), r"b'\xff\x00\n'");
/// ```
pub fn show_bytes(bytes: &[u8]) -> String {
    let shown = &bytes[..bytes.len().min(SHOW_AT_MOST)];
    // Python picks double quotes when the bytes hold ' and no ".
    let quote = if shown.contains(&b'\'') && !shown.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    let mut text = String::with_capacity(shown.len() + 3);
    text.push('b');
    text.push(quote);
    for &b in shown {
        match b {
            b'\\' => text.push_str("\\\\"),
            b'\t' => text.push_str("\\t"),
            b'\n' => text.push_str("\\n"),
            b'\r' => text.push_str("\\r"),
            _ if b as char == quote => {
                text.push('\\');
                text.push(quote);
            }
            0x20..=0x7e => text.push(b as char),
            _ => {
                let _ = write!(text, "\\x{b:02x}");
            }
        }
    }
    if shown.len() < bytes.len() {
        text.push_str("...");
    }
    text.push(quote);
    if shown.len() < bytes.len() {
        let _ = write!(text, " ({} bytes)", bytes.len());
    }
    text
}

/// The bytes of a command-line argument, exactly as given: on Unix an argument
/// need not be UTF-8, and the lessons send what the learner typed, byte for
/// byte. (Windows arguments are UTF-16; there they are sent as UTF-8.)
pub fn arg_bytes(arg: std::ffi::OsString) -> Vec<u8> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        arg.into_vec()
    }
    #[cfg(not(unix))]
    {
        arg.to_string_lossy().into_owned().into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upper_is_pythons_bytes_upper() {
        assert_eq!(upper(b"abc xyz ABC 019 {}"), b"ABC XYZ ABC 019 {}");
        // Not UTF-8 at all: unchanged, same length.
        assert_eq!(upper(b"\xff\xfeab"), b"\xff\xfeAB");
        // UTF-8 letters outside ASCII are not upper-cased by bytes.upper().
        assert_eq!(upper("ßé".as_bytes()), "ßé".as_bytes());
        assert!(upper(b"").is_empty());
    }

    #[test]
    fn shows_like_python_repr() {
        // Each right-hand side is what Python 3 prints for the same bytes.
        assert_eq!(show_bytes(b""), "b''");
        assert_eq!(show_bytes(b"it's"), "b\"it's\"");
        assert_eq!(show_bytes(b"'\""), r#"b'\'"'"#);
        assert_eq!(show_bytes(b"a\\b\t\r\n"), r"b'a\\b\t\r\n'");
        assert_eq!(show_bytes("é".as_bytes()), r"b'\xc3\xa9'");
        assert_eq!(show_bytes(b"\x7f\x1b"), r"b'\x7f\x1b'");
    }

    #[test]
    fn cuts_long_messages() {
        let big = vec![b'm'; 1 << 20];
        let shown = show_bytes(&big);
        assert_eq!(shown, format!("b'{}...' (1048576 bytes)", "m".repeat(80)));
        assert_eq!(show_bytes(&big[..80]), format!("b'{}'", "m".repeat(80)));
    }
}

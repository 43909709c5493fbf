//! The names a client may ask for: plain file names, so that nothing is ever
//! read or written outside the server's folder.

/// The longest name, in bytes: what Linux and most file systems allow for
/// one name (`NAME_MAX`).
pub const MAX_NAME: usize = 255;

/// Checks that `name` is a plain file name: not empty, at most [`MAX_NAME`]
/// bytes, not `.` or `..`, and without `/`, `\` or NUL. Everything else is
/// refused, with the reason, before the name comes near the file system.
///
/// ```
/// use tcp_framing::files::name::check;
/// assert!(check("notes.txt").is_ok());
/// assert!(check("../etc/passwd").is_err());
/// ```
///
/// # Errors
/// Why `name` is not a plain file name, as a phrase for a reply.
pub fn check(name: &str) -> Result<(), String> {
    // ANCHOR: check
    if name.is_empty() {
        return Err("a file name cannot be empty".into());
    }
    if name.len() > MAX_NAME {
        return Err(format!(
            "a file name has at most {MAX_NAME} bytes, not {}",
            name.len()
        ));
    }
    // `..` is the folder above; `.` the folder itself.
    if name == "." || name == ".." {
        return Err(format!("`{name}` is a folder, not a file name"));
    }
    // A separator would reach into another folder (`\` on Windows).
    if name.contains(['/', '\\']) {
        return Err(format!(
            "{name:?} is a path: give a file name without / or \\"
        ));
    }
    // The system would cut the name at a NUL byte.
    if name.contains('\0') {
        return Err(format!("{name:?} holds a NUL byte"));
    }
    Ok(())
    // ANCHOR_END: check
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_names_only() {
        for good in [
            "a",
            "notes.txt",
            ".hidden",
            "...",
            "été.txt",
            &"n".repeat(255),
        ] {
            assert!(check(good).is_ok(), "{good:?}");
        }
        for bad in ["", ".", "..", "a/b", "../x", "/etc/passwd", "a\\b", "a\0b"] {
            assert!(check(bad).is_err(), "{bad:?}");
        }
        let long = check(&"n".repeat(256)).err();
        assert_eq!(
            long.as_deref(),
            Some("a file name has at most 255 bytes, not 256")
        );
    }
}

//! Demo placeholder.
use anyhow::Result;
/// Runs the demo.
///
/// # Errors
/// Never yet.
pub fn run() -> Result<()> {
    Ok(())
}

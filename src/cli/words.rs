//! The command line's words for kurs's errors: the core's errors carry
//! data, and the command line says what to do about them in its own
//! syntax (flags and commands, never URL parameters).

use crate::Error;

/// The message for `e`, as the command line prints it after `kurs: `.
pub fn error(e: &Error) -> String {
    e.to_string()
}

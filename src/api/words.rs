//! The HTTP API's words for kurs's errors: the core's errors carry data,
//! and the API says what to do about them in URL syntax (query
//! parameters and paths, never command-line flags).

use crate::Error;

/// The `detail` of the problem for `e`.
pub fn error(e: &Error) -> String {
    e.to_string()
}

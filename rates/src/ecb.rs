//! Parsers for the European Central Bank's reference-rate files.
// (being written)
use crate::{ParseError, Table};

/// Parses an ECB CSV file (history or daily).
pub fn parse_ecb_csv(_text: &str) -> Result<Vec<Table>, ParseError> {
    todo!()
}

/// Parses an ECB XML file (daily, 90-day or full history).
pub fn parse_ecb_xml(_text: &str) -> Result<Vec<Table>, ParseError> {
    todo!()
}

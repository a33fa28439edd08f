//! Parser for the Bank of Russia's daily XML.
// (being written)
use crate::{ParseError, Table};

/// Parses a body of `/scripts/XML_daily.asp` (raw bytes, any declared encoding).
pub fn parse_cbr_xml(_body: &[u8]) -> Result<Table, ParseError> {
    todo!()
}

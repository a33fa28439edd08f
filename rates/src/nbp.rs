//! Parser for the National Bank of Poland's JSON tables.
// (being written)
use crate::{ParseError, Table};

/// Parses a body of `/api/exchangerates/tables/{A|B}/...?format=json`.
pub fn parse_nbp_tables_json(_body: &str) -> Result<Vec<Table>, ParseError> {
    todo!()
}

//! What the API and the command line read from callers: amounts, dates,
//! currency codes, symbol lists, sources, rounding modes, the query string
//! of `/v1/convert`, and Frankfurter's path and query. Any text.
#![no_main]

use kurs::fuzzing::{
    parse_convert_query, parse_date, parse_frankfurter_request, parse_source, parse_symbols,
    Amount, Currency, Rounding,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    fields(text);
    let _ = parse_convert_query(text);
    // A path segment, then the query: `2020-01-02..?amount=5`.
    let (segment, query) = text.split_once('?').unwrap_or((text, ""));
    let _ = parse_frankfurter_request(segment, query);
});

/// Each field parser, with the invariant that what it accepts it reads back
/// from its own output unchanged.
fn fields(text: &str) {
    if let Ok(amount) = text.parse::<Amount>() {
        let shown = amount.to_string();
        let again: Amount = shown.parse().expect("an amount's own text parses");
        assert_eq!(again.value(), amount.value());
        assert_eq!(again.value().scale(), amount.value().scale(), "{shown}");
    }
    if let Ok(date) = parse_date(text) {
        assert_eq!(parse_date(&date.to_string()).ok(), Some(date), "{text}");
    }
    if let Ok(currency) = Currency::parse(text) {
        let again = Currency::parse(&currency.code.to_string()).expect("a code parses");
        assert_eq!(again.code, currency.code);
    }
    if let Ok(codes) = parse_symbols(text) {
        let list: Vec<String> = codes.iter().map(|c| c.to_string()).collect();
        assert_eq!(parse_symbols(&list.join(",")).ok(), Some(codes));
    }
    if let Ok(source) = parse_source(text) {
        assert_eq!(parse_source(source.as_str()).ok(), Some(source));
    }
    if let Ok(mode) = text.parse::<Rounding>() {
        assert_eq!(mode.as_str().parse::<Rounding>().ok(), Some(mode));
    }
}

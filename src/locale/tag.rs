//! Language tags (BCP 47) and `Accept-Language` headers (RFC 9110 §12.5.4).

/// The language subtag of a well-formed tag: subtags of 1 to 8 ASCII
/// letters or digits joined by `-`, the first 2 to 8 letters. Extensions
/// and private use (`de-DE-u-co-phonebk`, `en-x-foo`) pass, as they are
/// well formed; `ru_RU`, `en-`, `-en` and `e` do not.
pub(super) fn language(tag: &str) -> Option<&str> {
    let mut subtags = tag.split('-');
    let primary = subtags.next()?;
    let alpha =
        (2..=8).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_alphabetic());
    let rest_ok =
        subtags.all(|s| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric()));
    (alpha && rest_ok).then_some(primary)
}

/// The language ranges of an `Accept-Language` header, most preferred
/// first: by q-value (default 1), ties in the header's order. Ranges with
/// `q=0`, an unreadable q-value, or `*` are left out.
pub(super) fn by_preference(header: &str) -> Vec<&str> {
    let mut ranges: Vec<(u16, usize, &str)> = header
        .split(',')
        .enumerate()
        .filter_map(|(order, item)| {
            let mut parts = item.split(';').map(str::trim);
            let range = parts.next().filter(|r| !r.is_empty() && *r != "*")?;
            let mut q = 1000;
            for param in parts {
                let (name, value) = param.split_once('=')?;
                if name.trim().eq_ignore_ascii_case("q") {
                    q = qvalue(value.trim())?;
                }
            }
            (q > 0).then_some((q, order, range))
        })
        .collect();
    ranges.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    ranges.into_iter().map(|(_, _, r)| r).collect()
}

/// A q-value (`0`, `0.5`, `1.000`) in thousandths; `None` if ill-formed.
fn qvalue(text: &str) -> Option<u16> {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths: u16 = format!("{frac:0<3}").parse().ok()?;
    match int {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

//! Decimal strings taken apart, grouped and rounded as digits, never as
//! floats.

/// A decimal string's parts: `-0012.50` is negative, int `12`, frac `50`.
pub(super) struct Decimal<'a> {
    pub(super) negative: bool,
    /// The integer digits without leading zeros; `0` when there are none.
    pub(super) int: &'a str,
    /// The fraction digits as written (trailing zeros kept).
    pub(super) frac: &'a str,
}

impl<'a> Decimal<'a> {
    /// Reads `-?[0-9]+(\.[0-9]+)?` (a leading `+` is allowed too).
    pub(super) fn parse(s: &'a str) -> Option<Decimal<'a>> {
        let (negative, rest) = match s.as_bytes().first()? {
            b'-' => (true, &s[1..]),
            b'+' => (false, &s[1..]),
            _ => (false, s),
        };
        let (int, frac) = rest.split_once('.').unwrap_or((rest, ""));
        let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty()
            || !digits(int)
            || !digits(frac)
            || (rest.contains('.') && frac.is_empty())
        {
            return None;
        }
        let int = int.trim_start_matches('0');
        Some(Decimal {
            negative,
            int: if int.is_empty() { "0" } else { int },
            frac,
        })
    }

    pub(super) fn is_zero(&self) -> bool {
        self.int == "0" && self.frac.bytes().all(|b| b == b'0')
    }

    /// Rounded half away from zero to `digits` significant digits, trailing
    /// fraction zeros dropped (`Intl`'s `maximumSignificantDigits`).
    pub(super) fn round_significant(&self, digits: usize) -> Rounded {
        let all: Vec<u8> = self.int.bytes().chain(self.frac.bytes()).collect();
        let Some(first) = all.iter().position(|&b| b != b'0') else {
            return Rounded {
                int: "0".into(),
                frac: String::new(),
            };
        };
        let point = self.int.len();
        let keep = first + digits;
        let mut kept: Vec<u8> = all.iter().copied().take(keep).collect();
        // Zeros in the integer part beyond the kept digits keep their place.
        while kept.len() < point {
            kept.push(b'0');
        }
        let mut point = point;
        if all.get(keep).is_some_and(|&b| b >= b'5') {
            // Carry from the last kept digit (the last significant one).
            let mut i = keep.min(kept.len()) - 1;
            loop {
                if kept[i] == b'9' {
                    kept[i] = b'0';
                    if i == 0 {
                        kept.insert(0, b'1');
                        point += 1;
                        break;
                    }
                    i -= 1;
                } else {
                    kept[i] += 1;
                    break;
                }
            }
            // Digits carried into the integer part past `keep` stay zeros.
        }
        let text = String::from_utf8(kept).unwrap_or_default();
        let (int, frac) = text.split_at(point.min(text.len()));
        let int = int.trim_start_matches('0');
        Rounded {
            int: if int.is_empty() {
                "0".into()
            } else {
                int.into()
            },
            frac: frac.trim_end_matches('0').into(),
        }
    }
}

/// The result of [`Decimal::round_significant`], owning its digits.
pub(super) struct Rounded {
    int: String,
    frac: String,
}

impl Rounded {
    pub(super) fn as_decimal(&self, negative: bool) -> Decimal<'_> {
        Decimal {
            negative,
            int: &self.int,
            frac: &self.frac,
        }
    }
}

/// Integer digits grouped by three with `separator`, once there are at
/// least `3 + min_grouping` of them (CLDR's minimumGroupingDigits).
pub(super) fn group(int: &str, separator: &str, min_grouping: usize) -> String {
    if int.len() < 3 + min_grouping {
        return int.to_owned();
    }
    let mut out = String::with_capacity(int.len() + int.len() / 3 * separator.len());
    let lead = int.len() % 3;
    for (i, c) in int.char_indices() {
        if i > 0 && (i + 3 - lead).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(c);
    }
    out
}

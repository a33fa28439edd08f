//! What the banks' parser tests share: a date, and a quote as published
//! (units, value and the value of one unit, as text, so that a test sees
//! the scale the bank wrote).

use chrono::NaiveDate;

use crate::Table;

/// The date `y-m-d`.
pub(super) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// (units, value, value per unit) of `code` in `t`, as text.
pub(super) fn published(t: &Table, code: &str) -> (String, String, String) {
    let q = t.quote(code.parse().unwrap()).unwrap();
    let per_unit = (q.value / q.units).normalize().to_string();
    (q.units.to_string(), q.value.to_string(), per_unit)
}

/// What [`published`] gives for a quote of `units` for `value`.
pub(super) fn triple(units: &str, value: &str, per_unit: &str) -> (String, String, String) {
    (units.into(), value.into(), per_unit.into())
}

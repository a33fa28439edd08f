//! A rate's trend: its last publications drawn as a small SVG line, with
//! the move from the first to the last in exact decimals.
//!
//! Only the drawing uses floating point (a path's coordinates are pixels,
//! not money); the percent is an exact decimal, rounded for display only.

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

/// How many publications a trend line spans at most.
pub const PUBLICATIONS: usize = 30;

/// The drawing's width and height, the viewBox `0 0 64 20`.
pub const WIDTH: f64 = 64.0;
/// See [`WIDTH`].
pub const HEIGHT: f64 = 20.0;

/// The drawing keeps this much room above and below the line, so that a
/// stroke at the extremes is not cut by the viewBox.
const MARGIN: f64 = 1.0;

/// Which way a rate went over its trend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// The last rate is higher than the first (by 0.005 % or more).
    Up,
    /// The last rate is lower than the first.
    Down,
    /// No move that shows at two decimals of a percent.
    Same,
}

/// One row's trend line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trend {
    /// The SVG path, `M0 12L2.2 11…`, in a 64 × 20 viewBox.
    pub d: String,
    /// Which way the rate went, first to last publication.
    pub direction: Direction,
    /// The move in percent of the first rate, signed, rounded half-even
    /// to 2 decimals (for display; the rates themselves are exact).
    pub percent: Decimal,
    /// Calendar days from the first publication to the last.
    pub days: i64,
    /// The first publication's date.
    pub from: NaiveDate,
}

impl Trend {
    /// The trend of `points` (date, rate), oldest first: the last
    /// [`PUBLICATIONS`] of them. `None` with fewer than two points or a
    /// first rate of zero.
    pub fn of(points: &[(NaiveDate, Decimal)]) -> Option<Self> {
        let points = &points[points.len().saturating_sub(PUBLICATIONS)..];
        let (&(from, first), &(to, last)) = (points.first()?, points.last()?);
        if points.len() < 2 {
            return None;
        }
        let percent = ((last - first) * Decimal::ONE_HUNDRED)
            .checked_div(first)?
            .round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven);
        let direction = match percent.cmp(&Decimal::ZERO) {
            std::cmp::Ordering::Greater => Direction::Up,
            std::cmp::Ordering::Less => Direction::Down,
            std::cmp::Ordering::Equal => Direction::Same,
        };
        Some(Self {
            d: path(points.iter().map(|(_, r)| *r)),
            direction,
            percent,
            days: (to - from).num_days(),
            from,
        })
    }

    /// The percent with two decimals and no sign (`0.71`, `12.00`), as the
    /// contract's `percent` gives it.
    pub fn percent_text(&self) -> String {
        let mut p = self.percent.abs();
        p.rescale(2);
        p.to_string()
    }

    /// The percent with two decimals and its sign (`-0.71`; `0.00` for no
    /// move that shows), for the label, whose words say the direction.
    pub fn signed_percent_text(&self) -> String {
        match self.direction {
            Direction::Down => format!("-{}", self.percent_text()),
            _ => self.percent_text(),
        }
    }
}

/// The SVG path through `rates`, evenly spaced left to right, scaled so
/// the lowest touches the bottom margin and the highest the top one (a
/// flat line runs through the middle); coordinates to one decimal.
fn path(rates: impl ExactSizeIterator<Item = Decimal> + Clone) -> String {
    let values: Vec<f64> = rates
        .map(|r| r.to_string().parse::<f64>().unwrap_or(0.0))
        .collect();
    let (min, max) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(*v), hi.max(*v))
        });
    let step = WIDTH / (values.len().max(2) - 1) as f64;
    let span = HEIGHT - 2.0 * MARGIN;
    let mut d = String::with_capacity(values.len() * 10);
    for (i, v) in values.iter().enumerate() {
        let y = if max > min {
            MARGIN + (max - v) / (max - min) * span
        } else {
            HEIGHT / 2.0
        };
        d.push(if i == 0 { 'M' } else { 'L' });
        d.push_str(&coordinate(i as f64 * step));
        d.push(' ');
        d.push_str(&coordinate(y));
    }
    d
}

/// One decimal, without a trailing `.0` (`12`, `2.2`).
fn coordinate(v: f64) -> String {
    let s = format!("{:.1}", v);
    match s.strip_suffix(".0") {
        Some("-0") => "0".to_owned(),
        Some(whole) => whole.to_owned(),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(n: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2011, 10, 1).unwrap() + chrono::Days::new(n.into())
    }

    fn series(rates: &[&str]) -> Vec<(NaiveDate, Decimal)> {
        rates
            .iter()
            .enumerate()
            .map(|(i, r)| (day(i as u32 * 2), r.parse().unwrap()))
            .collect()
    }

    #[test]
    fn a_rising_rate_is_drawn_from_the_bottom_left_to_the_top_right() {
        let t = Trend::of(&series(&["30", "31", "32"])).unwrap();
        assert_eq!(t.d, "M0 19L32 10L64 1");
        assert_eq!(t.direction, Direction::Up);
        assert_eq!(t.percent_text(), "6.67");
        assert_eq!(t.days, 4);
        assert_eq!(t.from, day(0));
    }

    #[test]
    fn a_falling_rate_goes_down_with_its_exact_percent() {
        let t = Trend::of(&series(&["1.3000", "1.2907", "1.2000", "1.2908"])).unwrap();
        assert_eq!(t.direction, Direction::Down);
        // (1.2908 − 1.3) × 100 / 1.3 = −0.70769… → 0.71
        assert_eq!(t.percent_text(), "0.71");
        assert_eq!(t.d, "M0 1L21.3 2.7L42.7 19L64 2.7");
    }

    #[test]
    fn a_flat_rate_runs_through_the_middle_and_is_the_same() {
        let t = Trend::of(&series(&["0.7366", "0.7366"])).unwrap();
        assert_eq!(t.d, "M0 10L64 10");
        assert_eq!(t.direction, Direction::Same);
        assert_eq!(t.percent_text(), "0.00");
    }

    #[test]
    fn a_move_under_half_a_hundredth_of_a_percent_is_the_same() {
        let t = Trend::of(&series(&["100000", "100004"])).unwrap();
        assert_eq!(t.direction, Direction::Same);
        assert_eq!(t.percent_text(), "0.00");
    }

    #[test]
    fn only_the_last_thirty_publications_count() {
        let mut rates: Vec<String> = vec!["1".to_owned(); 10];
        rates.extend((0..PUBLICATIONS).map(|i| format!("{}", 2 + i)));
        let refs: Vec<&str> = rates.iter().map(String::as_str).collect();
        let t = Trend::of(&series(&refs)).unwrap();
        assert_eq!(t.from, day(20));
        assert_eq!(t.days, 58);
        // 2 → 31: +1450 %.
        assert_eq!(t.percent_text(), "1450.00");
        assert_eq!(t.d.matches('L').count(), PUBLICATIONS - 1);
    }

    #[test]
    fn one_point_or_a_zero_first_rate_has_no_trend() {
        assert_eq!(Trend::of(&series(&["1.5"])), None);
        assert_eq!(Trend::of(&[]), None);
        assert_eq!(Trend::of(&series(&["0", "1"])), None);
    }
}

//! `Store::sync_full` for a source fetched by ranges of dates: one request
//! per range, one after another, and ranges already held are skipped.

use kurs_stub_bank as upstream;

use std::sync::Arc;

use chrono::NaiveDate;
use kurs_rates::{
    DateRange, FullPlan, FullProgress, ParseError, Quote, Schedule, SeriesId, SeriesPlan, Source,
    SourceId, Store, StoreOptions, Table,
};
use upstream::Upstream;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// The NBU as registered, but with a full plan of two ranges inside the
/// stub's recording (2026-03-01..16), which it answers whatever the query.
struct TwoRanges(Arc<dyn Source>);

const FIRST: &str =
    "/NBU_Exchange/exchange_site?start=20260301&end=20260308&sort=exchangedate&order=asc&json";
const SECOND: &str =
    "/NBU_Exchange/exchange_site?start=20260309&end=20260316&sort=exchangedate&order=asc&json";

impl Source for TwoRanges {
    fn id(&self) -> SourceId {
        self.0.id()
    }
    fn default_origin(&self) -> &'static str {
        self.0.default_origin()
    }
    fn origin_variable(&self) -> &'static str {
        self.0.origin_variable()
    }
    fn attribution(&self) -> kurs_rates::Attribution {
        self.0.attribution()
    }
    fn schedule(&self) -> Schedule {
        self.0.schedule()
    }
    fn fetched_by_date(&self) -> bool {
        true
    }
    fn latest(&self) -> String {
        self.0.latest()
    }
    fn for_date(&self, date: NaiveDate, today: NaiveDate) -> String {
        self.0.for_date(date, today)
    }
    fn catch_up(&self, since: NaiveDate, today: NaiveDate) -> Option<String> {
        self.0.catch_up(since, today)
    }
    fn full(&self) -> Option<String> {
        None
    }
    fn full_plan(&self, _today: NaiveDate) -> Option<FullPlan> {
        let range = |path: &str, start, end| DateRange {
            path: path.to_owned(),
            start: day(start),
            end: day(end),
        };
        Some(FullPlan::Ranges(vec![
            range(FIRST, "2026-03-01", "2026-03-08"),
            range(SECOND, "2026-03-09", "2026-03-16"),
        ]))
    }
    fn parse(&self, body: &[u8]) -> Result<Vec<Table>, ParseError> {
        self.0.parse(body)
    }
}

#[tokio::test]
async fn ranges_are_asked_in_order_and_a_range_already_held_is_skipped() {
    let up = Upstream::start_with_fixtures().await;
    let nbu = SourceId::parse("nbu").unwrap();
    let registered = kurs_rates::registry()
        .into_iter()
        .find(|s| s.id() == nbu)
        .unwrap();
    let options = StoreOptions {
        sources: vec![Arc::new(TwoRanges(registered))],
        transport: Arc::new(kurs_rates::HttpTransport::new(Default::default()).unwrap()),
        ..StoreOptions::offline()
    }
    .with_origin(nbu, &up.url);
    let (store, _) = Store::open(options);

    let mut steps = Vec::new();
    let report = store
        .sync_full(nbu, &mut |step| steps.push(step))
        .await
        .unwrap();

    // The first answer (the whole recording) holds every day of the
    // second range: that one is not asked.
    assert_eq!(up.hits(FIRST), 1);
    assert_eq!(up.hits(SECOND), 0);
    assert_eq!(report.tables, 16);
    assert_eq!(report.dates, Some((day("2026-03-01"), day("2026-03-16"))));
    let step = |done, skipped| FullProgress {
        done,
        total: 2,
        skipped,
    };
    assert_eq!(steps, [step(1, 0), step(2, 1)]);

    // Again: both ranges are held.
    store.sync_full(nbu, &mut |_| {}).await.unwrap();
    assert_eq!(up.total_hits(), 1);
}

/// The Bank of Russia as registered, with its series plan cut to the USD
/// and EUR series from 2025-12-01, and one record added to the USD series:
/// 2025-12-30 at a tenth of the recorded 2026-03-03 figure, a jump no
/// table of 2026 may make from it.
struct JumpyCbr(Arc<dyn Source>);

struct JumpyPlan(Box<dyn SeriesPlan>);

impl SeriesPlan for JumpyPlan {
    fn start(&self) -> NaiveDate {
        day("2025-12-01")
    }
    fn end(&self) -> NaiveDate {
        self.0.end()
    }
    fn indexes(&self, start: NaiveDate) -> Vec<(NaiveDate, String)> {
        self.0.indexes(start)
    }
    fn series(&self, index: &[u8]) -> Result<Vec<SeriesId>, ParseError> {
        let all = self.0.series(index)?;
        let wanted = |s: &SeriesId| ["USD", "EUR"].contains(&s.code.as_str());
        Ok(all.into_iter().filter(wanted).collect())
    }
    fn request(&self, series: &SeriesId, start: NaiveDate, end: NaiveDate) -> String {
        self.0.request(series, start, end)
    }
    fn parse(&self, series: &SeriesId, body: &[u8]) -> Result<Vec<(NaiveDate, Quote)>, ParseError> {
        let mut quotes = self.0.parse(series, body)?;
        if series.code.as_str() == "USD" {
            let q = quotes[0].1;
            let tenth = Quote::priced_in_base(q.units, q.value / rust_decimal::Decimal::from(10));
            quotes.insert(0, (day("2025-12-30"), tenth));
        }
        Ok(quotes)
    }
}

impl Source for JumpyCbr {
    fn id(&self) -> SourceId {
        self.0.id()
    }
    fn default_origin(&self) -> &'static str {
        self.0.default_origin()
    }
    fn origin_variable(&self) -> &'static str {
        self.0.origin_variable()
    }
    fn attribution(&self) -> kurs_rates::Attribution {
        self.0.attribution()
    }
    fn fetched_by_date(&self) -> bool {
        true
    }
    fn latest(&self) -> String {
        self.0.latest()
    }
    fn for_date(&self, date: NaiveDate, today: NaiveDate) -> String {
        self.0.for_date(date, today)
    }
    fn catch_up(&self, since: NaiveDate, today: NaiveDate) -> Option<String> {
        self.0.catch_up(since, today)
    }
    fn full(&self) -> Option<String> {
        None
    }
    fn full_plan(&self, today: NaiveDate) -> Option<FullPlan> {
        match self.0.full_plan(today) {
            Some(FullPlan::Series(plan)) => Some(FullPlan::Series(Box::new(JumpyPlan(plan)))),
            _ => None,
        }
    }
    fn parse(&self, body: &[u8]) -> Result<Vec<Table>, ParseError> {
        self.0.parse(body)
    }
}

#[tokio::test]
async fn series_are_applied_a_year_at_a_time_and_a_rejected_year_is_named() {
    let up = Upstream::start_with_fixtures().await;
    up.add_cbr_table(upstream::CBR_2026_04_25.to_vec());
    let cbr = SourceId::CBR;
    let registered = kurs_rates::registry()
        .into_iter()
        .find(|s| s.id() == cbr)
        .unwrap();
    let options = StoreOptions {
        sources: vec![Arc::new(JumpyCbr(registered))],
        transport: Arc::new(kurs_rates::HttpTransport::new(Default::default()).unwrap()),
        ..StoreOptions::offline()
    }
    .with_origin(cbr, &up.url);
    let (store, _) = Store::open(options);

    let report = store.sync_full(cbr, &mut |_| {}).await.unwrap();

    // Three daily tables for the ids (2025-12-01, 2026-01-01, today),
    // then the two series.
    assert_eq!(up.total_hits(), 3 + 2);
    assert_eq!(report.rejected.len(), 1, "{:?}", report.rejected);
    assert!(
        report.rejected[0].starts_with("2026: "),
        "{:?}",
        report.rejected
    );
    assert!(report.rejected[0].contains("USD"), "{:?}", report.rejected);
    let history = store.history(cbr).unwrap();
    let dates: Vec<NaiveDate> = history.tables().iter().map(|t| t.date()).collect();
    assert_eq!(dates, [day("2025-12-30")], "2025 is kept, 2026 is not");
    assert_eq!(
        history.tables()[0].len(),
        1,
        "only USD has a record that day"
    );
}

//! `Store::sync_full` for a source fetched by ranges of dates: one request
//! per range, one after another, and ranges already held are skipped.

use kurs_stub_bank as upstream;

use std::sync::Arc;

use chrono::NaiveDate;
use kurs_rates::{
    DateRange, FullPlan, FullProgress, ParseError, Schedule, Source, SourceId, Store, StoreOptions,
    Table,
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

//! The refreshers follow each source's publication schedule, tested on
//! paused Tokio time with an in-memory upstream: a simulated day passes in
//! milliseconds, and every poll is counted.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use kurs_rates::{
    registry, BoxFuture, Clock, Expected, FetchError, Response, Source, SourceId, Store,
    StoreOptions, Transport, Validators,
};

/// An ECB that publishes each table `delay` after its scheduled time, and
/// records the (virtual) time of every request.
struct FakeEcb {
    clock: Clock,
    delay: TimeDelta,
    calls: Mutex<Vec<DateTime<Utc>>>,
    hang: bool,
}

impl FakeEcb {
    fn published_date(&self) -> NaiveDate {
        let schedule = SourceId::ECB.schedule();
        schedule
            .expected_latest(self.clock.now() - self.delay, TimeDelta::zero())
            .unwrap()
    }

    fn calls_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> usize {
        let calls = self.calls.lock().unwrap();
        calls.iter().filter(|t| **t >= from && **t < to).count()
    }
}

fn daily_xml(date: NaiveDate) -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gesmes:Envelope xmlns:gesmes=\"http://www.gesmes.org/xml/2002-08-01\" xmlns=\"http://www.ecb.int/vocabulary/2002-08-01/eurofxref\">\n<Cube>\n<Cube time='{date}'>\n<Cube currency='USD' rate='1.1172'/>\n<Cube currency='JPY' rate='175.68'/>\n<Cube currency='GBP' rate='0.83380'/>\n</Cube>\n</Cube>\n</gesmes:Envelope>\n"
    )
    .into_bytes()
}

impl Transport for FakeEcb {
    fn get<'a>(
        &'a self,
        url: &'a str,
        _: Option<&'a Validators>,
        _: Expected,
    ) -> BoxFuture<'a, Result<Response, FetchError>> {
        Box::pin(async move {
            self.calls.lock().unwrap().push(self.clock.now());
            if self.hang {
                std::future::pending::<()>().await;
            }
            // The daily file, or the 90-day file a catch-up asks for (here
            // holding the newest day only, which is valid in that format).
            assert!(
                url.ends_with("-daily.xml") || url.ends_with("-hist-90d.xml"),
                "{url}"
            );
            Ok(Response::Body {
                bytes: daily_xml(self.published_date()),
                validators: Validators::default(),
            })
        })
    }
}

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// A store of the ECB alone, on `fake`, with the clock starting at `start`.
fn store_on(fake: Arc<FakeEcb>) -> Store {
    let ecb: Vec<Arc<dyn Source>> = registry()
        .into_iter()
        .filter(|s| s.id() == SourceId::ECB)
        .collect();
    let options = StoreOptions {
        transport: fake.clone(),
        clock: fake.clock,
        sources: ecb,
        ..StoreOptions::offline()
    };
    Store::open(options).0
}

fn fake(start: &str, delay: TimeDelta, hang: bool) -> Arc<FakeEcb> {
    Arc::new(FakeEcb {
        clock: Clock::tokio_from(utc(start)),
        delay,
        calls: Mutex::new(Vec::new()),
        hang,
    })
}

fn latest(store: &Store) -> String {
    store
        .history(SourceId::ECB)
        .unwrap()
        .latest()
        .unwrap()
        .date()
        .to_string()
}

/// Lets virtual time run until the clock reads `until`.
async fn run_until(clock: Clock, until: &str) {
    let left = (utc(until) - clock.now()).to_std().unwrap();
    tokio::time::sleep(left).await;
}

#[tokio::test(start_paused = true)]
async fn an_on_time_publication_is_fetched_right_after_it_appears_and_not_polled_before() {
    // Tuesday 2026-11-03, 10:00 UTC: the newest table is Monday's; Tuesday's
    // is due at 16:00 CET = 15:00 UTC.
    let fake = fake("2026-11-03T10:00:00Z", TimeDelta::zero(), false);
    let store = store_on(fake.clone());
    let refreshers = store.spawn_refreshers();

    run_until(fake.clock, "2026-11-03T14:59:00Z").await;
    assert_eq!(
        latest(&store),
        "2026-11-02",
        "the start-up sync caught up to Monday"
    );
    assert_eq!(
        fake.calls_between(utc("2026-11-03T10:00:00Z"), utc("2026-11-03T14:59:00Z")),
        1
    );

    run_until(fake.clock, "2026-11-03T15:05:00Z").await;
    assert_eq!(latest(&store), "2026-11-03", "Tuesday's table arrived");
    assert_eq!(
        fake.calls_between(utc("2026-11-03T14:59:00Z"), utc("2026-11-03T15:05:00Z")),
        1
    );

    // Up to date: until Wednesday's publication, at most a rare check
    // every six hours.
    run_until(fake.clock, "2026-11-04T14:59:00Z").await;
    let overnight = fake.calls_between(utc("2026-11-03T15:05:00Z"), utc("2026-11-04T14:59:00Z"));
    assert!(overnight <= 4, "{overnight} polls outside the window");
    refreshers.stop().await;
}

#[tokio::test(start_paused = true)]
async fn a_late_publication_is_polled_for_often_until_it_appears() {
    // Tables appear 70 minutes after their scheduled time.
    let fake = fake("2026-11-03T16:30:00Z", TimeDelta::minutes(70), false);
    let store = store_on(fake.clone());
    let refreshers = store.spawn_refreshers();

    run_until(fake.clock, "2026-11-04T15:00:00Z").await;
    assert_eq!(latest(&store), "2026-11-03");
    run_until(fake.clock, "2026-11-04T16:20:00Z").await;
    assert_eq!(
        latest(&store),
        "2026-11-04",
        "fetched within minutes of appearing"
    );
    let window = fake.calls_between(utc("2026-11-04T15:00:00Z"), utc("2026-11-04T16:20:00Z"));
    assert!(
        (12..=18).contains(&window),
        "polled {window} times in the window, every ~5 min"
    );
    refreshers.stop().await;
}

#[tokio::test(start_paused = true)]
async fn a_weekend_passes_with_only_rare_checks() {
    let fake = fake("2026-11-06T15:10:00Z", TimeDelta::zero(), false);
    let store = store_on(fake.clone());
    let refreshers = store.spawn_refreshers();
    run_until(fake.clock, "2026-11-09T14:59:00Z").await;
    let weekend = fake.calls_between(utc("2026-11-06T15:10:00Z"), utc("2026-11-09T14:59:00Z"));
    assert!(weekend <= 14, "{weekend} polls over a weekend");
    assert_eq!(latest(&store), "2026-11-06");
    refreshers.stop().await;
}

#[tokio::test(start_paused = true)]
async fn stopping_ends_every_refresher_even_while_a_fetch_hangs() {
    let fake = fake("2026-11-03T15:10:00Z", TimeDelta::zero(), true);
    let store = store_on(fake.clone());
    let refreshers = store.spawn_refreshers();
    tokio::time::sleep(Duration::from_secs(60)).await;
    assert_eq!(refreshers.running(), 1);
    assert_eq!(fake.calls.lock().unwrap().len(), 1, "the fetch is hanging");
    tokio::time::timeout(Duration::from_secs(1), refreshers.stop())
        .await
        .expect("stop does not wait for the hanging fetch");
}

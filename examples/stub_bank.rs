//! The test stub bank (`tests/support/src/lib.rs`) as a process, for the
//! fault and soak scripts (`scripts/faults/*`, `scripts/soak`).
//!
//! ```text
//! cargo run --example stub_bank -- [MODE]
//! ```
//!
//! It serves the real ECB, Bank of Russia, NBP and CNB fixtures on
//! `127.0.0.1:<free port>` and prints two lines on stdout: the bank's origin
//! (give it to kurs as `KURS_ECB_URL`, `KURS_CBR_URL`, `KURS_NBP_URL`,
//! `KURS_CNB_URL`), then
//! `control <origin>` of a second, separate port that steers it:
//!
//! | request | effect |
//! | --- | --- |
//! | `POST /fault?mode=MODE[&path=PREFIX]` | injects MODE on paths starting with PREFIX (default: every path) |
//! | `POST /heal` | removes every fault and stops flapping |
//! | `POST /flap?period_ms=N[&path=PREFIX]` | alternates `500` and normal answers every N ms (0 stops) |
//! | `POST /publish[?date=YYYY-MM-DD]` | publishes a new ECB day, NBP table and CNB fixing (default: the day after the newest ECB day), answers the date |
//! | `POST /reset` | the default content again, no faults |
//! | `GET /hits` | how many requests the bank has answered |
//!
//! MODE is one of `ok`, `500` (or any status), `hang:MS`, `drip:MS`
//! ([`upstream::Fault::Drip`]), `garbage`, `truncated`, `gzip:FILE` (the
//! file's bytes sent with `Content-Encoding: gzip`: a bomb), `streamed:BYTES`,
//! `redirect:URL`, and two content modes that publish a new ECB day after the
//! newest: `x10` (every rate tenfold) and `wrong-dates` (dated 2099-01-05).
//! A MODE given on the command line applies to every path from the start.
//! The process runs until killed.

use kurs_stub_bank as upstream;

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;
use chrono::{Datelike, Days, NaiveDate, Utc};
use upstream::{EcbDay, Fault, Upstream};

/// The bank, the ECB days it serves (newest first) and the flapping task.
#[derive(Clone)]
struct Bank {
    upstream: Arc<Upstream>,
    /// The ECB days served, newest first; a std `Mutex` is enough, it is
    /// never held across an `.await`.
    ecb_days: Arc<Mutex<Vec<EcbDay>>>,
    /// The task that alternates faults, while flapping.
    flapper: Arc<Mutex<Option<tokio::task::JoinHandle<()>>>>,
}

type Params = Query<HashMap<String, String>>;
type Reply = (StatusCode, String);

#[tokio::main]
async fn main() {
    let bank = Bank {
        upstream: Arc::new(Upstream::start_with_fixtures().await),
        ecb_days: Arc::new(Mutex::new(upstream::default_ecb_90d_days())),
        flapper: Arc::new(Mutex::new(None)),
    };
    if let Some(mode) = std::env::args().nth(1) {
        if let Err(e) = bank.apply("", &mode) {
            eprintln!("stub_bank: {e}");
            std::process::exit(2);
        }
    }
    let control = Router::new()
        .route("/fault", post(fault))
        .route("/heal", post(heal))
        .route("/flap", post(flap))
        .route("/publish", post(publish))
        .route("/reset", post(reset))
        .route("/hits", get(hits))
        .with_state(bank.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("the control port binds");
    let control_addr = listener.local_addr().expect("a local address");
    let mut out = std::io::stdout();
    let _ = writeln!(out, "{}\ncontrol http://{control_addr}", bank.upstream.url);
    let _ = out.flush();
    axum::serve(listener, control)
        .await
        .expect("the control server runs");
}

async fn fault(State(bank): State<Bank>, Query(q): Params) -> Reply {
    let path = q.get("path").map_or("", String::as_str);
    let Some(mode) = q.get("mode") else {
        return (StatusCode::BAD_REQUEST, "mode= is required\n".into());
    };
    match bank.apply(path, mode) {
        Ok(()) => (StatusCode::OK, format!("{mode} on '{path}'\n")),
        Err(e) => (StatusCode::BAD_REQUEST, format!("{e}\n")),
    }
}

async fn heal(State(bank): State<Bank>) -> Reply {
    bank.stop_flapping();
    bank.upstream.heal_all();
    (StatusCode::OK, "healed\n".into())
}

async fn flap(State(bank): State<Bank>, Query(q): Params) -> Reply {
    let period = q.get("period_ms").and_then(|p| p.parse::<u64>().ok());
    let Some(period) = period else {
        return (StatusCode::BAD_REQUEST, "period_ms=N is required\n".into());
    };
    bank.stop_flapping();
    let prefix = q.get("path").cloned().unwrap_or_default();
    if period > 0 {
        let upstream = bank.upstream.clone();
        let task = tokio::spawn(async move {
            let mut failing = false;
            loop {
                failing = !failing;
                if failing {
                    upstream.fail(&prefix, Fault::Status(500));
                } else {
                    upstream.heal(&prefix);
                }
                // The request log is for tests; a long soak must not grow it.
                upstream.reset_hits();
                tokio::time::sleep(Duration::from_millis(period)).await;
            }
        });
        *bank.flapper.lock().unwrap_or_else(|e| e.into_inner()) = Some(task);
    }
    (StatusCode::OK, format!("flapping every {period} ms\n"))
}

async fn publish(State(bank): State<Bank>, Query(q): Params) -> Reply {
    let date = match q.get("date").map(|d| d.parse::<NaiveDate>()) {
        Some(Ok(d)) => d,
        Some(Err(e)) => return (StatusCode::BAD_REQUEST, format!("date: {e}\n")),
        None => bank.next_date(),
    };
    let newest = bank.newest_day();
    bank.publish_ecb((date, upstream::scale_ecb_rates(&newest, "1.001").1));
    let no = format!("{}/A/NBP/{}", 300 + date.ordinal0() % 60, date.year());
    let table = upstream::nbp_redated(&upstream::nbp_table_a_2020_12_07(), date, &no);
    bank.upstream.add_nbp_table(table);
    // The CNB's fixing number is its count of working days; the stub uses
    // the day of the year (the parser only checks that it is a number).
    let fixing = upstream::cnb_redated(upstream::CNB_2016_04_05, date, date.ordinal());
    bank.upstream.add_cnb_table(fixing);
    (StatusCode::OK, format!("{date}\n"))
}

async fn reset(State(bank): State<Bank>) -> Reply {
    bank.stop_flapping();
    bank.upstream.heal_all();
    *bank.ecb_days.lock().unwrap_or_else(|e| e.into_inner()) = upstream::default_ecb_90d_days();
    bank.upstream.set_ecb_daily(upstream::default_ecb_daily());
    bank.upstream.set_ecb_90d(upstream::default_ecb_90d());
    bank.upstream.set_ecb_hist(upstream::default_ecb_hist());
    bank.upstream.clear_nbp_tables();
    for table in upstream::default_nbp_tables() {
        bank.upstream.add_nbp_table(table);
    }
    bank.upstream.clear_cnb_tables();
    for table in upstream::default_cnb_tables() {
        bank.upstream.add_cnb_table(table);
    }
    bank.upstream
        .set_last_modified(upstream::default_last_modified());
    (StatusCode::OK, "reset\n".into())
}

async fn hits(State(bank): State<Bank>) -> String {
    format!("{}\n", bank.upstream.total_hits())
}

impl Bank {
    /// Applies a MODE (see the module documentation) to `path`.
    fn apply(&self, path: &str, mode: &str) -> Result<(), String> {
        let (name, arg) = mode.split_once(':').unwrap_or((mode, ""));
        let fault = match name {
            "ok" => {
                self.upstream.heal(path);
                return Ok(());
            }
            "x10" => {
                let day = self.newest_day();
                let scaled = upstream::scale_ecb_rates(&day, 10);
                self.publish_ecb((self.next_date(), scaled.1));
                return Ok(());
            }
            "wrong-dates" => {
                let day = self.newest_day();
                self.publish_ecb((NaiveDate::from_ymd_opt(2099, 1, 5).unwrap(), day.1));
                return Ok(());
            }
            "hang" => Fault::Hang(Duration::from_millis(number(arg)?)),
            "drip" => Fault::Drip(Duration::from_millis(number(arg)?)),
            "garbage" => Fault::Garbage,
            "truncated" => Fault::Truncated,
            "streamed" => Fault::Streamed(number(arg)?),
            "redirect" => Fault::Redirect(arg.to_owned()),
            "gzip" => Fault::Gzipped(std::fs::read(arg).map_err(|e| format!("{arg}: {e}"))?),
            status => match status.parse::<u16>() {
                Ok(code) if (100..600).contains(&code) => Fault::Status(code),
                _ => return Err(format!("unknown mode '{mode}'")),
            },
        };
        self.upstream.fail(path, fault);
        Ok(())
    }

    fn stop_flapping(&self) {
        let task = self
            .flapper
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        if let Some(task) = task {
            task.abort();
        }
    }

    fn newest_day(&self) -> EcbDay {
        let days = self.ecb_days.lock().unwrap_or_else(|e| e.into_inner());
        days.first().cloned().expect("at least one ECB day")
    }

    /// The working day after the newest ECB day.
    fn next_date(&self) -> NaiveDate {
        let mut date = self.newest_day().0;
        loop {
            date = date + Days::new(1);
            if date.weekday().num_days_from_monday() < 5 {
                return date;
            }
        }
    }

    /// Serves `day` as the newest ECB day (daily, 90-day and full history),
    /// with a new `Last-Modified` so that conditional requests see it.
    fn publish_ecb(&self, day: EcbDay) {
        let mut days = self.ecb_days.lock().unwrap_or_else(|e| e.into_inner());
        days.retain(|(d, _)| *d != day.0);
        days.insert(0, day.clone());
        days.sort_by_key(|d| std::cmp::Reverse(d.0));
        self.upstream.set_ecb_daily(upstream::ecb_xml(&[day]));
        self.upstream.set_ecb_90d(upstream::ecb_xml(&days));
        let mut hist = days.clone();
        let older = upstream::ecb_days_from_csv(upstream::ECB_HIST_CSV_EXCERPT);
        let oldest = days.last().map(|(d, _)| *d);
        hist.extend(older.into_iter().filter(|(d, _)| Some(*d) < oldest));
        self.upstream.set_ecb_hist(upstream::ecb_xml(&hist));
        self.upstream.set_last_modified(Utc::now());
    }
}

fn number<T: std::str::FromStr>(text: &str) -> Result<T, String> {
    text.parse()
        .map_err(|_| format!("'{text}' is not a number"))
}

//! A local stand-in for the upstream banks, for integration tests: the
//! ECB, the Bank of Russia, the NBP and the CNB with content tests can set,
//! and the banks of issue 12 from one recorded answer each (`RECORDED`,
//! by path prefix, whatever the query).
//!
//! [`Upstream::start`] binds `127.0.0.1:0` and serves, in a background tokio
//! task, the same paths as the real banks, so that kurs can be pointed at it
//! with an origin such as `http://127.0.0.1:PORT` ([`Upstream::url`]):
//!
//! | bank | path | answer |
//! | --- | --- | --- |
//! | ECB | `/stats/eurofxref/eurofxref-daily.xml`, `…-hist-90d.xml`, `…-hist.xml` | the body set for it, `text/xml` |
//! | CBR | `/scripts/XML_daily.asp[?date_req=dd/mm/yyyy]` | the newest table dated on or before `date_req` (the newest of all without it); the bank's own "Error in parameters" body, still HTTP 200, for a malformed date or one before every table; `application/xml; charset=windows-1251` |
//! | CBR | `/scripts/XML_dynamic.asp?VAL_NM_RQ=<id>&date_req1=dd/mm/yyyy&date_req2=dd/mm/yyyy` | the recorded series of `<id>` ([`CBR_DYNAMIC`], 54 currencies, 01.03–05.03.2026) with the records outside the range asked removed (nothing removed for a range that holds them all: the bytes as recorded); the bank's "Error in parameters" body, HTTP 200, for a missing or malformed date; for an id it has no recording of (the lev, which only the older daily tables list), a series without records, in the bank's shape; `application/xml; charset=windows-1251` |
//! | CNB | `/cs/financni-trhy/devizovy-trh/kurzy-devizoveho-trhu/kurzy-devizoveho-trhu/denni_kurz.txt[?date=DD.MM.YYYY]` | the newest table dated on or before `date` (the newest of all without it), as the CNB answers a weekend or holiday with the previous working day's file; the stub's own `400`/`404` text (not the CNB's words) for a malformed date or one before every table; `text/plain;charset=UTF-8` |
//! | NBP | `/api/exchangerates/tables/A[/]`, `…/A/{date}[/]`, `…/A/{start}/{end}[/]`, `…/A/last/{n}[/]` (`?format=json`) | a JSON array of tables, `application/json; charset=utf-8`; `404 NotFound - Not Found - Brak danych` when no table matches |
//! | MNB | `POST /arfolyamok.asmx`, SOAP 1.1 (`SOAPAction` `GetExchangeRates` or `GetCurrentExchangeRates`) | the recording (`RECORDED`), `text/xml; charset=utf-8`, for a call written as the recorded one; `415`, `400` or a `500` SOAP fault otherwise (see the `soap` module); `405` for any other method |
//!
//! Every response with status 200 carries an `ETag` (a hash of its body,
//! quoted) and a `Last-Modified` (one fixed instant, settable); a request
//! whose `If-None-Match` matches the ETag, or (without `If-None-Match`)
//! whose `If-Modified-Since` is at or after `Last-Modified`, gets 304 with no
//! body. Nothing is ever compressed, whatever `Accept-Encoding` says.
//!
//! Everything is mutable while the server runs (setters take `&self`), every
//! request is counted ([`Upstream::hits`]) and faults can be injected by
//! path prefix ([`Upstream::fail`], [`Fault`]). The server stops accepting
//! connections when the [`Upstream`] is dropped.
//!
//! # Content
//!
//! [`Upstream::start_with_fixtures`] serves real published data from
//! each bank's folder, `rates/src/sources/<bank>/fixtures/` (see the
//! `PROVENANCE.md` there), and some tables
//! derived from it by changing only their date (and the NBP table number):
//!
//! * ECB daily: the rates of `ecb/eurofxref_daily_2026-10-30.csv` (the real
//!   2026-10-30 figures) re-dated 2026-11-02 (a Monday) — see
//!   [`ecb_day_from_daily_csv`]. The bundled history ends on 2026-10-30, so
//!   this is the first "new" day kurs can learn from upstream.
//! * ECB 90-day: that 2026-11-02 day, then the real days 2026-10-30 back to
//!   2026-08-05 of `ecb/eurofxref-hist_2026-08-05_2026-10-30.csv` (cut
//!   verbatim from the real history), newest first: 64 days.
//! * ECB full history: the 90-day days plus the older days of
//!   `ecb/eurofxref-hist_excerpt.csv` (2026-01-02, 2025-12-31, 2022-03-02..
//!   2022-02-28, 1999-01-04): real figures, but a history with gaps.
//! * CBR: the real tables 23.08.2016, 09.12.2016 (windows-1251) and
//!   13.12.2025 (the English XML_daily_eng sample, ASCII without a
//!   declaration), plus 31.12.2025 = the 13.12.2025 file with only its
//!   `Date` changed ([`cbr_redated`]).
//! * NBP table A: the real 238/A/NBP/2020 of 2020-12-07, plus copies of it
//!   with only `no` and `effectiveDate` changed ([`nbp_redated`]):
//!   239/A/NBP/2020 of 2020-12-08, 212/A/NBP/2026 of 2026-10-30 and
//!   213/A/NBP/2026 of 2026-11-02 (the mids are the 2020-12-07 figures).
//! * CNB: the real fixings 21.04.2000 #80 and 05.04.2016 #65
//!   (`rates/src/sources/cnb/fixtures/`), plus 02.11.2026 #210 = the
//!   05.04.2016 file with only its header line changed ([`cnb_redated`]).
//!
//! [`Upstream::start`] serves nothing (404 for the ECB files and NBP, the
//! error body for CBR) until content is set.
//!
//! Only tokio, axum 0.8, futures-util, serde_json, chrono and std are used,
//! so that the file can be included (`#[path = ...] mod upstream;`) by the integration
//! tests of both crates.

use std::collections::BTreeMap;
use std::fmt::Display;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use axum::Router;
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use tokio::sync::oneshot;

mod soap;

// ---------------------------------------------------------------------------
// Paths and bundled fixtures
// ---------------------------------------------------------------------------

/// The ECB daily XML.
pub const ECB_DAILY_PATH: &str = "/stats/eurofxref/eurofxref-daily.xml";
/// The ECB XML of the last 90 days.
pub const ECB_90D_PATH: &str = "/stats/eurofxref/eurofxref-hist-90d.xml";
/// The ECB XML of the whole history.
pub const ECB_HIST_PATH: &str = "/stats/eurofxref/eurofxref-hist.xml";
/// The Bank of Russia daily XML (add `?date_req=dd/mm/yyyy` for a date).
pub const CBR_DAILY_PATH: &str = "/scripts/XML_daily.asp";
/// The NBP table A endpoint (add `/{date}/`, `/{start}/{end}/` or `/`).
pub const NBP_TABLES_A_PATH: &str = "/api/exchangerates/tables/A";
/// The CNB daily fixing (add `?date=DD.MM.YYYY` for a date).
pub const CNB_DAILY_PATH: &str =
    "/cs/financni-trhy/devizovy-trh/kurzy-devizoveho-trhu/kurzy-devizoveho-trhu/denni_kurz.txt";

/// The real ECB daily CSV of 2026-10-30.
pub const ECB_DAILY_CSV_2026_10_30: &str =
    include_str!("../../../rates/src/sources/ecb/fixtures/eurofxref_daily_2026-10-30.csv");
/// Rows 2026-08-05..2026-10-30 of the real ECB history CSV, newest first.
pub const ECB_HIST_CSV_2026_08_05_TO_10_30: &str = include_str!(
    "../../../rates/src/sources/ecb/fixtures/eurofxref-hist_2026-08-05_2026-10-30.csv"
);
/// A few rows of the real ECB history CSV (see PROVENANCE.md).
pub const ECB_HIST_CSV_EXCERPT: &str =
    include_str!("../../../rates/src/sources/ecb/fixtures/eurofxref-hist_excerpt.csv");
/// A real ECB daily XML (2015-01-07), for checking the layout of [`ecb_xml`].
pub const ECB_DAILY_XML_2015_01_07: &str =
    include_str!("../../../rates/src/sources/ecb/fixtures/exchanger_daily_2015-01-07.xml");

/// The real Bank of Russia table of 09.12.2016 (windows-1251).
pub const CBR_2016_12_09: &[u8] =
    include_bytes!("../../../rates/src/sources/cbr/fixtures/exchanger_XML_daily_2016-12-09.xml");
/// The real Bank of Russia table of 23.08.2016 (windows-1251).
pub const CBR_2016_08_23: &[u8] = include_bytes!(
    "../../../rates/src/sources/cbr/fixtures/exchanger_XML_daily_date_req_2016-08-23.xml"
);
/// The real Bank of Russia table of 13.12.2025 (English names, ASCII, no
/// XML declaration).
pub const CBR_ENG_2025_12_13: &[u8] = include_bytes!(
    "../../../rates/src/sources/cbr/fixtures/usingcbrfapi_XML_daily_eng_2025-12-13.xml"
);
/// The real Bank of Russia table of 25.04.2026 (windows-1251), whose
/// `<Valute ID="..">` are the ids of the series of [`CBR_DYNAMIC`].
pub const CBR_2026_04_25: &[u8] =
    include_bytes!("../../../rates/src/sources/cbr/fixtures/frankfurter_XML_daily_2026-04-25.xml");
/// The Bank of Russia's series path (add `?VAL_NM_RQ=..&date_req1=..&date_req2=..`).
pub const CBR_DYNAMIC_PATH: &str = "/scripts/XML_dynamic.asp";

/// `(id, body)` of a recorded `XML_dynamic.asp` answer over 01.03–05.03.2026.
macro_rules! cbr_dynamic {
    ($($id:literal),* $(,)?) => {
        [$(($id, include_bytes!(concat!(
            "../../../rates/src/sources/cbr/fixtures/XML_dynamic/",
            $id,
            "_2026-03-01_2026-03-05.xml"
        )) as &[u8])),*]
    };
}

/// The real `XML_dynamic.asp` answers of the Bank of Russia, one per
/// currency id of [`CBR_2026_04_25`], each over 01.03–05.03.2026 (records
/// of 03, 04 and 05 March).
pub const CBR_DYNAMIC: [(&str, &[u8]); 54] = cbr_dynamic![
    "R01010", "R01020A", "R01030", "R01035", "R01060", "R01080", "R01090B", "R01105", "R01115",
    "R01135", "R01150", "R01200", "R01210", "R01215", "R01230", "R01235", "R01239", "R01240",
    "R01270", "R01280", "R01300", "R01335", "R01350", "R01355", "R01370", "R01375", "R01395",
    "R01500", "R01503", "R01520", "R01530", "R01535", "R01540", "R01565", "R01580", "R01585F",
    "R01589", "R01625", "R01670", "R01675", "R01685", "R01700J", "R01710A", "R01717", "R01720",
    "R01760", "R01770", "R01775", "R01800", "R01805F", "R01810", "R01815", "R01820", "R02005",
];

/// The bank's answer to a bad request: `<ValCurs>Error in parameters</ValCurs>`.
pub const CBR_ERROR: &[u8] =
    include_bytes!("../../../rates/src/sources/cbr/fixtures/exchanger_XML_daily_error.xml");

/// The real NBP table A of 2020-12-07, as published: a one-element array.
pub const NBP_TABLE_A_2020_12_07: &str =
    include_str!("../../../rates/src/sources/nbp/fixtures/nbpapi_tables_A_2020-12-07.json");

/// The real CNB fixing of 05.04.2016 (#65), UTF-8.
pub const CNB_2016_04_05: &[u8] =
    include_bytes!("../../../rates/src/sources/cnb/fixtures/exchanger_daily_2016-04-05.txt");
/// The real CNB fixing of 21.04.2000 (#80), with its section of euro-area
/// legacy currencies.
pub const CNB_2000_04_21: &[u8] =
    include_bytes!("../../../rates/src/sources/cnb/fixtures/exchanger_daily_2000-04-21.txt");

/// The NBP's answer when it has no table for a request.
pub const NBP_NOT_FOUND: &str = "404 NotFound - Not Found - Brak danych";

/// The `Last-Modified` of every answer until [`Upstream::set_last_modified`].
pub fn default_last_modified() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 15, 0, 0).unwrap()
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

// ---------------------------------------------------------------------------
// Faults and the request log
// ---------------------------------------------------------------------------

/// A fault injected on every request whose (percent-decoded) path and query
/// start with a prefix; see [`Upstream::fail`]. Faults other than `Hang`
/// skip the conditional-GET logic: the faulty body is always sent, and when
/// its status is 200 it carries the ETag of that faulty body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Sleep this long, then answer normally (304 included).
    Hang(Duration),
    /// Answer with this status and a short text body such as `500 Internal
    /// Server Error` (`text/plain`).
    Status(u16),
    /// The normal status and body, the body cut to its first half.
    Truncated,
    /// HTTP 200 with an nginx-style `<html>…502 Bad Gateway…</html>` page,
    /// under the path's normal Content-Type.
    Garbage,
    /// HTTP 200 with a body that cannot be decoded as it says. On CBR paths:
    /// windows-1251 bytes whose XML declaration says utf-8 (the normal body
    /// relabelled when it has Cyrillic bytes; for an ASCII table such as the
    /// English sample, the 09.12.2016 windows-1251 sample re-dated to that
    /// table's date and relabelled). On other paths: the normal body with
    /// its non-ASCII characters written as single windows-1250 bytes (NBP's
    /// Polish names), or, for a pure-ASCII body (ECB), its first space
    /// between elements (`Reference rates`) made a lone 0xA0 byte.
    WrongEncoding,
    /// HTTP 200 with the Bank of Russia's real "Error in parameters" body
    /// (and its Content-Type), whatever the path.
    CbrError,
    /// HTTP 200 with this body, under the path's normal Content-Type.
    Body(Vec<u8>),
    /// HTTP 200 with these bytes as the body and `Content-Encoding: gzip`
    /// (the caller compresses; the stub sends them as they are).
    Gzipped(Vec<u8>),
    /// HTTP 200 with this many bytes of spaces, streamed in 64 KiB chunks
    /// without `Content-Length` and never held whole; the stream stops
    /// early when the client hangs up.
    Streamed(u64),
    /// HTTP 302 to this `Location`.
    Redirect(String),
    /// The normal status, Content-Type and body, but the body dripped
    /// [`DRIP_CHUNK`] bytes at a time with this pause before each chunk,
    /// without `Content-Length` (a slow upstream that never quite stalls).
    Drip(Duration),
}

/// How many bytes each pause of a [`Fault::Drip`] lets through: 256, so
/// that at 100 ms a pause the ECB 90-day file (~100 KB) takes about 40 s,
/// past any client timeout, while a small NBP answer still arrives whole.
pub const DRIP_CHUNK: usize = 256;

/// One request the stub received.
#[derive(Clone, Debug)]
pub struct Seen {
    /// GET, HEAD, POST, …
    pub method: String,
    /// The path and query, percent-decoded (`date_req=14/12/2025` even when
    /// sent as `14%2F12%2F2025`).
    pub path_and_query: String,
    /// The request headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The request body as text (invalid UTF-8 replaced), empty for a GET:
    /// what tells one SOAP call from another.
    pub body: String,
    /// The status answered; 0 while the answer is not yet sent (a hang).
    pub status: u16,
}

impl Seen {
    /// The value of header `name` (case-insensitive), if sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

// ---------------------------------------------------------------------------
// Banks served from their recorded answers
// ---------------------------------------------------------------------------

/// One bank's answer as it was recorded (`rates/src/sources/<bank>/fixtures/`,
/// see the `PROVENANCE.md` there), served for a request whose path starts
/// with `path`, unless every date the request names (`YYYY-MM-DD`,
/// `DD.MM.YYYY`, `YYYYMMDD`, or Statistics Denmark's `2025M03D03`) is
/// before the first table of the recording: the stub has nothing from
/// then, and serving the recorded tables for, say, 2020 would have kurs
/// take a 2026 answer for a 2020 question. A request that names no date
/// (a "newest" form), or reaches into or past the recording (a catch-up up
/// to today), gets the recording, the newest the stub has. The banks of
/// issue 12 are served this way; `tests/it/sources.rs` proves each one in
/// the registry end to end from the answer recorded here.
#[derive(Clone, Copy)]
struct Recorded {
    path: &'static str,
    content_type: &'static str,
    body: &'static [u8],
    /// The date of the first table in `body`.
    first: &'static str,
}

macro_rules! fixture {
    ($bank:literal, $file:literal) => {
        include_bytes!(concat!(
            "../../../rates/src/sources/",
            $bank,
            "/fixtures/",
            $file
        ))
    };
}

const JSON_TYPE: &str = "application/json; charset=utf-8";
const XML_TYPE: &str = "text/xml; charset=UTF-8";
const CSV_TYPE: &str = "text/csv; charset=utf-8";

/// Every bank served from a recorded answer, by path prefix. Where a bank
/// has endpoints without a recording (a dateless "newest" form), the
/// recorded answer of its other endpoint is served there too, and the
/// bank's parser reads both (its tests say so).
const RECORDED: &[Recorded] = &[
    // National Bank of Ukraine: the recorded range; its "newest" endpoint
    // (`statdirectory/exchange`) has no recording.
    Recorded {
        path: "/NBU_Exchange/exchange_site",
        content_type: JSON_TYPE,
        body: fixture!(
            "nbu",
            "frankfurter_exchange_site_2026-03-01_2026-03-16.json"
        ),
        first: "2026-03-01",
    },
    Recorded {
        path: "/NBUStatService/v1/statdirectory/exchange",
        content_type: JSON_TYPE,
        body: fixture!(
            "nbu",
            "frankfurter_exchange_site_2026-03-01_2026-03-16.json"
        ),
        first: "2026-03-01",
    },
    Recorded {
        path: "/exrates/rates",
        content_type: JSON_TYPE,
        body: fixture!("nbrb", "frankfurter_rates_periodicity0_2026-03-17.json"),
        first: "2026-03-17",
    },
    Recorded {
        path: "/rss/get_rates.cfm",
        content_type: XML_TYPE,
        body: fixture!("nbk", "frankfurter_get_rates_2026-04-03.xml"),
        first: "2026-04-03",
    },
    Recorded {
        path: "/en/arkhiv-kursov-valyut/json/",
        content_type: JSON_TYPE,
        body: fixture!("cbu", "frankfurter_json_all_2026-04-03.json"),
        first: "2026-04-03",
    },
    Recorded {
        path: "/gw/api/ct/monetarypolicy/currencies/",
        content_type: JSON_TYPE,
        body: fixture!("nbg", "frankfurter_currencies_2026-03-03.json"),
        first: "2026-03-03",
    },
    Recorded {
        path: "/exchangerates.asmx/ExchangeRatesLatest",
        content_type: XML_TYPE,
        body: fixture!("cba", "frankfurter_ExchangeRatesLatest_2026-03-19.xml"),
        first: "2026-03-18",
    },
    Recorded {
        path: "/exchangerates.asmx/ExchangeRatesByDateRangeByISO",
        content_type: XML_TYPE,
        body: fixture!(
            "cba",
            "frankfurter_ExchangeRatesByDateRangeByISO_2026-03-01_2026-03-19.xml"
        ),
        first: "2026-03-02",
    },
    Recorded {
        path: "/XML/daily.xml",
        content_type: "application/xml",
        body: fixture!("nbkr", "frankfurter_daily_2026-05-24.xml"),
        first: "2026-05-24",
    },
    Recorded {
        path: "/valet/observations/group/FX_RATES_DAILY/json",
        content_type: JSON_TYPE,
        body: fixture!("boc", "frankfurter_fx_rates_daily_2026-03-12.json"),
        first: "2026-03-12",
    },
    Recorded {
        path: "/statistics/tables/csv/f11.1-data.csv",
        content_type: "application/octet-stream",
        body: fixture!("rba", "frankfurter_f11.1-data_2026-03-20.csv"),
        first: "2023-01-03",
    },
    Recorded {
        path: "/api/data/EXR/B..NOK.SP",
        content_type: CSV_TYPE,
        body: fixture!("nb", "frankfurter_exr_b_nok_sp_2026-03-16_2026-03-24.csv"),
        first: "2026-03-16",
    },
    Recorded {
        path: "/v1/data/DNVALD/BULK",
        content_type: CSV_TYPE,
        body: fixture!("dnb", "frankfurter_dnvald_kbh_2025-03-03.csv"),
        first: "2025-03-03",
    },
    Recorded {
        path: "/boeapps/database/_iadb-fromshowcolumns.asp",
        content_type: "application/csv",
        body: fixture!("boe", "frankfurter_boe_2026-03-17_2026-03-20.csv"),
        first: "2026-03-17",
    },
    // National Bank of Romania: the recorded year file, also for the
    // newest-day and ten-day files (the same XML, fewer days).
    Recorded {
        path: "/files/xml/years/",
        content_type: XML_TYPE,
        body: fixture!("bnr", "frankfurter_nbrfxrates2026.xml"),
        first: "2026-01-05",
    },
    Recorded {
        path: "/nbrfxrates",
        content_type: XML_TYPE,
        body: fixture!("bnr", "frankfurter_nbrfxrates2026.xml"),
        first: "2026-01-05",
    },
    Recorded {
        path: "/tecajn-eur/v3",
        content_type: JSON_TYPE,
        body: fixture!(
            "hnb",
            "frankfurter_tecajn-eur_v3_2023-01-02_2023-01-06.json"
        ),
        first: "2023-01-02",
    },
    Recorded {
        path: "/tecajn/v2",
        content_type: JSON_TYPE,
        body: fixture!("hnb", "frankfurter_tecajn_v2_2022-12-28_2022-12-31.json"),
        first: "2022-12-31",
    },
    Recorded {
        path: "/api/exchangerates/tables/B",
        content_type: NBP_TYPE,
        body: fixture!("nbp", "frankfurter_tables_B_2026-03-01_2026-03-05.json"),
        first: "2026-03-04",
    },
    Recorded {
        path: "/swea/v1/Observations/ByGroup/130",
        content_type: JSON_TYPE,
        body: fixture!("rb", "frankfurter_ByGroup_130_2026-03-24_2026-03-28.json"),
        first: "2026-03-24",
    },
    Recorded {
        path: "/en/official_exchange_rates",
        content_type: "text/xml; charset=utf-8",
        body: fixture!("nbm", "frankfurter_official_exchange_rates_2026-04-08.xml"),
        first: "2026-04-08",
    },
    Recorded {
        path: "/en/kurs/export_xml.php",
        content_type: "text/xml;charset=UTF-8",
        body: fixture!("nbt", "frankfurter_export_2026-05-20.xml"),
        first: "2026-05-20",
    },
    Recorded {
        path: "/FusionEdgeServer/sdmx/v2/data/dataflow/BOI.STATISTICS/EXR/1.0/",
        content_type: CSV_TYPE,
        body: fixture!("boi", "frankfurter_exr_of00_2026-03-01_2026-03-20.csv"),
        first: "2026-03-02",
    },
    // Magyar Nemzeti Bank: a SOAP service, answered only to a POST of a
    // call as the recorded one was written (`soap::MNB`), the dates of its
    // envelope read for the window; `GetCurrentExchangeRates` has no
    // recording and gets the `GetExchangeRates` one.
    Recorded {
        path: soap::MNB.path,
        content_type: "text/xml; charset=utf-8",
        body: fixture!(
            "mnb",
            "frankfurter_mnb_GetExchangeRates_2025-03-24_2025-03-28.xml"
        ),
        first: "2025-03-24",
    },
];

// ---------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------

struct Content {
    ecb_daily: Option<Vec<u8>>,
    ecb_90d: Option<Vec<u8>>,
    ecb_hist: Option<Vec<u8>>,
    cbr: BTreeMap<NaiveDate, Vec<u8>>,
    nbp: BTreeMap<NaiveDate, String>,
    cnb: BTreeMap<NaiveDate, Vec<u8>>,
    recorded: Vec<Recorded>,
    last_modified: DateTime<Utc>,
    faults: Vec<(String, Fault)>,
    seen: Vec<(u64, Seen)>,
    next_seq: u64,
}

type Shared = Arc<Mutex<Content>>;

/// The running stub; see the module documentation.
pub struct Upstream {
    /// The origin to give kurs, e.g. `http://127.0.0.1:40123` (no trailing slash).
    pub url: String,
    /// The address it listens on.
    pub addr: SocketAddr,
    shared: Shared,
    shutdown: Option<oneshot::Sender<()>>,
}

impl Drop for Upstream {
    fn drop(&mut self) {
        // Stops accepting at once, closes idle keep-alive connections and
        // lets requests in flight (a Hang) finish.
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

impl Upstream {
    /// Starts a stub that serves nothing yet (must run inside a tokio runtime).
    pub async fn start() -> Upstream {
        let content = Content {
            ecb_daily: None,
            ecb_90d: None,
            ecb_hist: None,
            cbr: BTreeMap::new(),
            nbp: BTreeMap::new(),
            cnb: BTreeMap::new(),
            recorded: Vec::new(),
            last_modified: default_last_modified(),
            faults: Vec::new(),
            seen: Vec::new(),
            next_seq: 0,
        };
        let shared = Arc::new(Mutex::new(content));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("the stub binds 127.0.0.1:0");
        let addr = listener.local_addr().expect("a local address");
        let app = Router::new().fallback(handle).with_state(shared.clone());
        let (tx, rx) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = rx.await;
                })
                .await;
        });
        Upstream {
            url: format!("http://{addr}"),
            addr,
            shared,
            shutdown: Some(tx),
        }
    }

    /// Starts a stub serving the default content described in the module
    /// documentation.
    pub async fn start_with_fixtures() -> Upstream {
        let upstream = Self::start().await;
        upstream.set_ecb_daily(default_ecb_daily());
        upstream.set_ecb_90d(default_ecb_90d());
        upstream.set_ecb_hist(default_ecb_hist());
        for table in default_cbr_tables() {
            upstream.add_cbr_table(table);
        }
        for table in default_nbp_tables() {
            upstream.add_nbp_table(table);
        }
        for table in default_cnb_tables() {
            upstream.add_cnb_table(table);
        }
        upstream.lock().recorded = RECORDED.to_vec();
        upstream
    }

    fn lock(&self) -> MutexGuard<'_, Content> {
        self.shared.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `url` followed by `path_and_query`, e.g. `at(ECB_DAILY_PATH)`.
    pub fn at(&self, path_and_query: &str) -> String {
        format!("{}{}", self.url, path_and_query)
    }

    // --- content ---------------------------------------------------------

    /// Sets the body of `/stats/eurofxref/eurofxref-daily.xml`.
    pub fn set_ecb_daily(&self, body: Vec<u8>) {
        self.lock().ecb_daily = Some(body);
    }

    /// Sets the body of `/stats/eurofxref/eurofxref-hist-90d.xml`.
    pub fn set_ecb_90d(&self, body: Vec<u8>) {
        self.lock().ecb_90d = Some(body);
    }

    /// Sets the body of `/stats/eurofxref/eurofxref-hist.xml`.
    pub fn set_ecb_hist(&self, body: Vec<u8>) {
        self.lock().ecb_hist = Some(body);
    }

    /// Makes an ECB file answer 404 again (`path` is one of the ECB paths).
    pub fn remove_ecb(&self, path: &str) {
        let mut c = self.lock();
        match path {
            ECB_DAILY_PATH => c.ecb_daily = None,
            ECB_90D_PATH => c.ecb_90d = None,
            ECB_HIST_PATH => c.ecb_hist = None,
            other => panic!("{other} is not an ECB path"),
        }
    }

    /// Adds (or replaces) a CBR table, indexed by the `Date="dd.mm.yyyy"` of
    /// its `<ValCurs>`; the bytes are served exactly as given. Panics if the
    /// body has no such date; returns the date.
    pub fn add_cbr_table(&self, body: Vec<u8>) -> NaiveDate {
        let date = cbr_date_of(&body).expect("a CBR table with <ValCurs Date=\"dd.mm.yyyy\">");
        self.lock().cbr.insert(date, body);
        date
    }

    /// Removes the CBR table of `date`, if any.
    pub fn remove_cbr_table(&self, date: NaiveDate) {
        self.lock().cbr.remove(&date);
    }

    /// Removes every CBR table.
    pub fn clear_cbr_tables(&self) {
        self.lock().cbr.clear();
    }

    /// The dates of the CBR tables served, oldest first.
    pub fn cbr_dates(&self) -> Vec<NaiveDate> {
        self.lock().cbr.keys().copied().collect()
    }

    /// Adds (or replaces) NBP tables: `json` is one table object such as
    /// `{"table":"A","no":"238/A/NBP/2020","effectiveDate":"2020-12-07","rates":[…]}`
    /// or an array of them (as the NBP publishes). Each is indexed by its
    /// `effectiveDate` and served with its text unchanged. Panics on a table
    /// without an `effectiveDate`; returns the dates.
    pub fn add_nbp_table(&self, json: impl AsRef<str>) -> Vec<NaiveDate> {
        let mut dates = Vec::new();
        for object in json_objects(json.as_ref()) {
            let date = nbp_date_of(object).expect("an NBP table with \"effectiveDate\"");
            self.lock().nbp.insert(date, object.to_owned());
            dates.push(date);
        }
        dates
    }

    /// Removes the NBP table of `date`, if any.
    pub fn remove_nbp_table(&self, date: NaiveDate) {
        self.lock().nbp.remove(&date);
    }

    /// Removes every NBP table.
    pub fn clear_nbp_tables(&self) {
        self.lock().nbp.clear();
    }

    /// The dates of the NBP tables served, oldest first.
    pub fn nbp_dates(&self) -> Vec<NaiveDate> {
        self.lock().nbp.keys().copied().collect()
    }

    /// Adds (or replaces) a CNB fixing, indexed by the date of its header
    /// line (`dd.mm.yyyy #n`); the bytes are served exactly as given.
    /// Panics if the body has no such header; returns the date.
    pub fn add_cnb_table(&self, body: Vec<u8>) -> NaiveDate {
        let date = cnb_date_of(&body).expect("a CNB file whose first line is 'dd.mm.yyyy #n'");
        self.lock().cnb.insert(date, body);
        date
    }

    /// Removes the CNB fixing of `date`, if any.
    pub fn remove_cnb_table(&self, date: NaiveDate) {
        self.lock().cnb.remove(&date);
    }

    /// Removes every CNB fixing.
    pub fn clear_cnb_tables(&self) {
        self.lock().cnb.clear();
    }

    /// The dates of the CNB fixings served, oldest first.
    pub fn cnb_dates(&self) -> Vec<NaiveDate> {
        self.lock().cnb.keys().copied().collect()
    }

    /// Sets the `Last-Modified` of every answer (whole seconds count).
    pub fn set_last_modified(&self, at: DateTime<Utc>) {
        self.lock().last_modified = at;
    }

    /// The `Last-Modified` header value now sent, e.g.
    /// `Mon, 02 Nov 2026 15:00:00 GMT`.
    pub fn last_modified(&self) -> String {
        http_date(self.lock().last_modified)
    }

    // --- faults ----------------------------------------------------------

    /// Injects `fault` on every request whose percent-decoded path and query
    /// start with `path_prefix` (e.g. `"/scripts/"`, `CBR_DAILY_PATH`,
    /// `"/scripts/XML_daily.asp?date_req=14/12/2025"`, `""` for all). Lasts
    /// until healed; the same prefix again replaces the fault; when several
    /// prefixes match, the longest wins.
    pub fn fail(&self, path_prefix: &str, fault: Fault) {
        let prefix = percent_decoded(path_prefix);
        let mut c = self.lock();
        c.faults.retain(|(p, _)| *p != prefix);
        c.faults.push((prefix, fault));
    }

    /// Removes the fault set with exactly this prefix.
    pub fn heal(&self, path_prefix: &str) {
        let prefix = percent_decoded(path_prefix);
        self.lock().faults.retain(|(p, _)| *p != prefix);
    }

    /// Removes every fault.
    pub fn heal_all(&self) {
        self.lock().faults.clear();
    }

    // --- the request log -------------------------------------------------

    /// How many requests (any method, any outcome, including ones still
    /// hanging) had a percent-decoded path and query starting with
    /// `path_and_query_prefix`.
    pub fn hits(&self, path_and_query_prefix: &str) -> usize {
        let prefix = percent_decoded(path_and_query_prefix);
        let c = self.lock();
        c.seen
            .iter()
            .filter(|(_, s)| s.path_and_query.starts_with(&prefix))
            .count()
    }

    /// How many requests were received in all.
    pub fn total_hits(&self) -> usize {
        self.lock().seen.len()
    }

    /// Forgets every request received so far.
    pub fn reset_hits(&self) {
        self.lock().seen.clear();
    }

    /// Every request received (since the last reset), oldest first.
    pub fn requests(&self) -> Vec<Seen> {
        self.lock().seen.iter().map(|(_, s)| s.clone()).collect()
    }
}

/// Which bank a path belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Ecb,
    Cbr,
    Nbp,
    Cnb,
    Other,
}

/// What the path answers when nothing is wrong.
struct Answer {
    kind: Kind,
    status: StatusCode,
    content_type: &'static str,
    body: Vec<u8>,
}

const ECB_TYPE: &str = "text/xml";
const CBR_TYPE: &str = "application/xml; charset=windows-1251";
const NBP_TYPE: &str = "application/json; charset=utf-8";
const CNB_TYPE: &str = "text/plain;charset=UTF-8";
const TEXT_TYPE: &str = "text/plain; charset=utf-8";
const SOAP_TYPE: &str = "text/xml; charset=utf-8";

impl Answer {
    fn ok(kind: Kind, content_type: &'static str, body: Vec<u8>) -> Self {
        let status = StatusCode::OK;
        Self {
            kind,
            status,
            content_type,
            body,
        }
    }

    fn text(kind: Kind, status: StatusCode, text: &str) -> Self {
        Self {
            kind,
            status,
            content_type: TEXT_TYPE,
            body: text.as_bytes().to_vec(),
        }
    }
}

async fn handle(
    State(shared): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let raw = uri
        .path_and_query()
        .map_or_else(|| uri.path().to_owned(), |pq| pq.as_str().to_owned());
    let path_and_query = percent_decoded(&raw);
    let (path, query) = match path_and_query.split_once('?') {
        Some((path, query)) => (path.to_owned(), query.to_owned()),
        None => (path_and_query.clone(), String::new()),
    };
    let lock = || shared.lock().unwrap_or_else(|e| e.into_inner());

    let (seq, fault, answer, last_modified) = {
        let mut c = lock();
        let seq = c.next_seq;
        c.next_seq += 1;
        let seen = Seen {
            method: method.to_string(),
            path_and_query: path_and_query.clone(),
            headers: headers
                .iter()
                .map(|(n, v)| {
                    let v = String::from_utf8_lossy(v.as_bytes()).into_owned();
                    (n.as_str().to_ascii_lowercase(), v)
                })
                .collect(),
            body: String::from_utf8_lossy(&body).into_owned(),
            status: 0,
        };
        c.seen.push((seq, seen));
        let fault = c
            .faults
            .iter()
            .filter(|(p, _)| path_and_query.starts_with(p.as_str()))
            .max_by_key(|(p, _)| p.len())
            .map(|(_, f)| f.clone());
        let answer = if let Some(service) = soap::Service::at(&path) {
            soap_answer(&c, service, &method, &headers, &body)
        } else if method == Method::GET || method == Method::HEAD {
            route(&c, &path, &query)
        } else {
            Answer::text(
                Kind::Other,
                StatusCode::METHOD_NOT_ALLOWED,
                "405 Method Not Allowed",
            )
        };
        (seq, fault, answer, c.last_modified)
    };

    if let Some(Fault::Hang(pause)) = &fault {
        tokio::time::sleep(*pause).await;
    }
    let response = respond(answer, fault, last_modified, &headers);

    let mut c = lock();
    if let Some((_, seen)) = c.seen.iter_mut().find(|(s, _)| *s == seq) {
        seen.status = response.status().as_u16();
    }
    response
}

/// The normal answer for a GET of `path` (decoded) with `query` (decoded).
fn route(c: &Content, path: &str, query: &str) -> Answer {
    let not_found = || Answer::text(Kind::Other, StatusCode::NOT_FOUND, "404 Not Found");
    let ecb = |body: &Option<Vec<u8>>| match body {
        Some(body) => Answer::ok(Kind::Ecb, ECB_TYPE, body.clone()),
        None => Answer::text(Kind::Ecb, StatusCode::NOT_FOUND, "404 Not Found"),
    };
    if path == ECB_DAILY_PATH {
        ecb(&c.ecb_daily)
    } else if path == ECB_90D_PATH {
        ecb(&c.ecb_90d)
    } else if path == ECB_HIST_PATH {
        ecb(&c.ecb_hist)
    } else if path.eq_ignore_ascii_case(CBR_DAILY_PATH) {
        Answer::ok(Kind::Cbr, CBR_TYPE, cbr_answer(c, query))
    } else if path.eq_ignore_ascii_case(CBR_DYNAMIC_PATH) {
        cbr_dynamic_answer(query)
    } else if let Some(r) = recorded(c, path) {
        if r.about(path, query) {
            Answer::ok(Kind::Other, r.content_type, r.body.to_vec())
        } else {
            Answer::text(
                Kind::Other,
                StatusCode::NOT_FOUND,
                "404 Not Found: the stub has no recording this old",
            )
        }
    } else if let Some(rest) = path.strip_prefix("/api/exchangerates/tables/") {
        nbp_answer(c, rest, query)
    } else if path == CNB_DAILY_PATH {
        cnb_answer(c, query)
    } else {
        not_found()
    }
}

/// The answer of a SOAP `service` to a request: the recording for a call
/// the service takes (and the recording's window allows), the service's
/// refusal otherwise (see the `soap` module).
fn soap_answer(
    c: &Content,
    service: &soap::Service,
    method: &Method,
    headers: &HeaderMap,
    body: &[u8],
) -> Answer {
    if method != Method::POST {
        let text = "405 Method Not Allowed: a SOAP service takes POSTs";
        return Answer::text(Kind::Other, StatusCode::METHOD_NOT_ALLOWED, text);
    }
    let text = |name| {
        let value = headers.get(name).map(|v| v.to_str().unwrap_or("?"));
        value.unwrap_or("").to_owned()
    };
    let content_type = text(header::CONTENT_TYPE.as_str());
    let action = text("soapaction");
    let dates = match service.check(&content_type, &action, body) {
        Ok(dates) => dates,
        Err(soap::Refusal::MediaType(words)) => {
            return Answer::text(Kind::Other, StatusCode::UNSUPPORTED_MEDIA_TYPE, &words)
        }
        Err(soap::Refusal::BadRequest(words)) => {
            return Answer::text(Kind::Other, StatusCode::BAD_REQUEST, &words)
        }
        Err(soap::Refusal::Fault(words)) => {
            return Answer {
                kind: Kind::Other,
                status: StatusCode::INTERNAL_SERVER_ERROR,
                content_type: SOAP_TYPE,
                body: soap::fault(&words),
            }
        }
    };
    match recorded(c, service.path) {
        Some(r) if r.about(service.path, &dates) => {
            Answer::ok(Kind::Other, r.content_type, r.body.to_vec())
        }
        Some(_) => Answer::text(
            Kind::Other,
            StatusCode::NOT_FOUND,
            "404 Not Found: the stub has no recording this old",
        ),
        None => Answer::text(Kind::Other, StatusCode::NOT_FOUND, "404 Not Found"),
    }
}

impl Recorded {
    /// Whether a request for `path` and `query` is about the recorded
    /// tables (see [`Recorded`]).
    fn about(&self, path: &str, query: &str) -> bool {
        let dates = dates_in(&format!("{path}?{query}"));
        let first = NaiveDate::parse_from_str(self.first, "%Y-%m-%d");
        let first = first.expect("a recorded date");
        dates.iter().max().is_none_or(|last| *last >= first)
    }
}

/// Every date written in `text` as `YYYY-MM-DD`, `DD.MM.YYYY`, `YYYYMMDD`
/// or `YYYYMmmDdd` (Statistics Denmark), in the order they appear.
fn dates_in(text: &str) -> Vec<NaiveDate> {
    const FORMATS: [(usize, &str); 4] = [
        (10, "%Y-%m-%d"),
        (10, "%d.%m.%Y"),
        (10, "%YM%mD%d"),
        (8, "%Y%m%d"),
    ];
    let bytes = text.as_bytes();
    let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    let mut dates = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let found = (i == 0 || !digit(i - 1))
            .then(|| {
                FORMATS.iter().find_map(|(len, format)| {
                    let piece = text.get(i..i + len)?;
                    let date = NaiveDate::parse_from_str(piece, format).ok()?;
                    (!digit(i + len)).then_some((*len, date))
                })
            })
            .flatten();
        match found {
            Some((len, date)) => {
                dates.push(date);
                i += len;
            }
            None => i += 1,
        }
    }
    dates
}

/// The recorded answer whose path `path` starts with, the longest first.
fn recorded<'a>(c: &'a Content, path: &str) -> Option<&'a Recorded> {
    c.recorded
        .iter()
        .filter(|r| path.starts_with(r.path))
        .max_by_key(|r| r.path.len())
}

/// The body of `/scripts/XML_daily.asp?{query}`.
fn cbr_answer(c: &Content, query: &str) -> Vec<u8> {
    let date_req = query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        key.eq_ignore_ascii_case("date_req").then_some(value)
    });
    let table = match date_req {
        None => c.cbr.values().next_back(),
        Some(text) => match parse_date_req(text) {
            Some(date) => c.cbr.range(..=date).next_back().map(|(_, body)| body),
            None => None,
        },
    };
    table.cloned().unwrap_or_else(|| CBR_ERROR.to_vec())
}

/// The answer of `/scripts/XML_dynamic.asp?{query}`: the recorded series
/// of `VAL_NM_RQ`, without its records outside `date_req1..=date_req2`.
fn cbr_dynamic_answer(query: &str) -> Answer {
    let param = |name: &str| {
        query.split('&').find_map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            key.eq_ignore_ascii_case(name).then_some(value)
        })
    };
    let id = param("VAL_NM_RQ").unwrap_or_default();
    let from = param("date_req1").and_then(parse_date_req);
    let to = param("date_req2").and_then(parse_date_req);
    let (Some(from), Some(to)) = (from, to) else {
        return Answer::ok(Kind::Cbr, CBR_TYPE, CBR_ERROR.to_vec());
    };
    match CBR_DYNAMIC
        .iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(id))
    {
        Some((_, body)) => Answer::ok(Kind::Cbr, CBR_TYPE, records_within(body, from, to)),
        // An id the stub has no recording of (the lev, R01100, which the
        // older daily tables list): the bank's answer for a range without
        // records, in the bank's shape; the stub knows none of its figures.
        None => {
            let (from, to) = (from.format("%d.%m.%Y"), to.format("%d.%m.%Y"));
            let body = format!(
                "<?xml version=\"1.0\" encoding=\"windows-1251\"?><ValCurs ID=\"{id}\" DateRange1=\"{from}\" DateRange2=\"{to}\" name=\"Foreign Currency Market Dynamic\"></ValCurs>"
            );
            Answer::ok(Kind::Cbr, CBR_TYPE, body.into_bytes())
        }
    }
}

/// `body` (an `XML_dynamic` answer) without the `<Record>`s dated outside
/// `from..=to`; the other bytes as they are.
fn records_within(body: &[u8], from: NaiveDate, to: NaiveDate) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    let mut rest = body;
    while let Some(start) = find(rest, b"<Record ") {
        let end = find(&rest[start..], b"</Record>").map_or(rest.len(), |e| start + e + 9);
        out.extend_from_slice(&rest[..start]);
        let record = &rest[start..end];
        let date = find(record, b"Date=\"").and_then(|at| {
            let text = std::str::from_utf8(record.get(at + 6..at + 16)?).ok()?;
            NaiveDate::parse_from_str(text, "%d.%m.%Y").ok()
        });
        if date.is_some_and(|d| from <= d && d <= to) {
            out.extend_from_slice(record);
        }
        rest = &rest[end..];
    }
    out.extend_from_slice(rest);
    out
}

/// The answer of the CNB's `denni_kurz.txt?{query}`: the newest fixing on
/// or before `date` (the CNB answers a weekend or a holiday with the file
/// of the working day before, under that day's date).
fn cnb_answer(c: &Content, query: &str) -> Answer {
    let date = query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        key.eq_ignore_ascii_case("date").then_some(value)
    });
    let table = match date {
        None => c.cnb.values().next_back(),
        Some(text) => {
            let parsed = (text.len() == 10)
                .then(|| NaiveDate::parse_from_str(text, "%d.%m.%Y").ok())
                .flatten();
            let Some(date) = parsed else {
                let text = "400 Bad Request - the kurs test stub expects date=DD.MM.YYYY";
                return Answer::text(Kind::Cnb, StatusCode::BAD_REQUEST, text);
            };
            c.cnb.range(..=date).next_back().map(|(_, body)| body)
        }
    };
    match table {
        Some(body) => Answer::ok(Kind::Cnb, CNB_TYPE, body.clone()),
        None => Answer::text(Kind::Cnb, StatusCode::NOT_FOUND, "404 Not Found"),
    }
}

/// `dd/mm/yyyy`, as `date_req` is written.
fn parse_date_req(text: &str) -> Option<NaiveDate> {
    let mut parts = text.trim().split('/');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    let numeric = |s: &str, len: std::ops::RangeInclusive<usize>| {
        len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if parts.next().is_some() || !numeric(d, 1..=2) || !numeric(m, 1..=2) || !numeric(y, 4..=4) {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// The answer of `/api/exchangerates/tables/{rest}?{query}`.
fn nbp_answer(c: &Content, rest: &str, query: &str) -> Answer {
    let format = query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        key.eq_ignore_ascii_case("format").then_some(value)
    });
    if format.is_some_and(|f| !f.eq_ignore_ascii_case("json")) {
        let text = "400 BadRequest - the kurs test stub serves only format=json";
        return Answer::text(Kind::Nbp, StatusCode::BAD_REQUEST, text);
    }
    let not_found = Answer::text(Kind::Nbp, StatusCode::NOT_FOUND, NBP_NOT_FOUND);
    // Wording modelled on the NBP's (the stub's own text, not a copy).
    let bad_date = || {
        let text = "400 BadRequest - Błędny zakres dat / Invalid date range";
        Answer::text(Kind::Nbp, StatusCode::BAD_REQUEST, text)
    };
    let segments: Vec<&str> = rest.split('/').filter(|s| !s.is_empty()).collect();
    let Some((table, args)) = segments.split_first() else {
        return not_found;
    };
    if !table.eq_ignore_ascii_case("A") {
        return not_found;
    }
    let iso = |s: &str| {
        (s.len() == 10)
            .then(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
            .flatten()
    };
    let tables: Vec<&String> = match args {
        [] => c.nbp.values().next_back().into_iter().collect(),
        ["last", n] => match n.parse::<usize>() {
            Ok(n) if (1..=255).contains(&n) => {
                let mut last: Vec<&String> = c.nbp.values().rev().take(n).collect();
                last.reverse();
                last
            }
            _ => return bad_date(),
        },
        [date] => match iso(date) {
            Some(date) => c.nbp.get(&date).into_iter().collect(),
            None => return bad_date(),
        },
        [start, end] => match (iso(start), iso(end)) {
            (Some(start), Some(end)) if start <= end => {
                if (end - start).num_days() + 1 > 93 {
                    let text = "400 BadRequest - Przekroczony limit 93 dni / Limit of 93 days has been exceeded";
                    return Answer::text(Kind::Nbp, StatusCode::BAD_REQUEST, text);
                }
                c.nbp.range(start..=end).map(|(_, t)| t).collect()
            }
            _ => return bad_date(),
        },
        _ => return not_found,
    };
    if tables.is_empty() {
        return not_found;
    }
    let joined: Vec<&str> = tables.iter().map(|t| t.as_str()).collect();
    let body = format!("[{}]", joined.join(","));
    Answer::ok(Kind::Nbp, NBP_TYPE, body.into_bytes())
}

/// Builds the response: the fault, or the answer with conditional GET.
fn respond(
    answer: Answer,
    fault: Option<Fault>,
    last_modified: DateTime<Utc>,
    request: &HeaderMap,
) -> Response {
    let normal_type = answer.content_type;
    let faulty = |status: StatusCode, content_type: &str, body: Vec<u8>| {
        response(status, content_type, body, last_modified)
    };
    match fault {
        None | Some(Fault::Hang(_)) => {}
        Some(Fault::Status(code)) => {
            let status = StatusCode::from_u16(code).expect("an HTTP status code");
            let text = format!("{code} {}", status.canonical_reason().unwrap_or("Error"));
            return faulty(status, TEXT_TYPE, text.into_bytes());
        }
        Some(Fault::Truncated) => {
            let mut body = answer.body;
            body.truncate(body.len() / 2);
            return faulty(answer.status, normal_type, body);
        }
        Some(Fault::Garbage) => {
            return faulty(StatusCode::OK, normal_type, GARBAGE.to_vec());
        }
        Some(Fault::WrongEncoding) => {
            let body = match answer.kind {
                Kind::Cbr => cbr_mislabelled(&answer.body),
                _ => windows_1250_mangled(&answer.body),
            };
            return faulty(StatusCode::OK, normal_type, body);
        }
        Some(Fault::CbrError) => return faulty(StatusCode::OK, CBR_TYPE, CBR_ERROR.to_vec()),
        Some(Fault::Body(body)) => return faulty(StatusCode::OK, normal_type, body),
        Some(Fault::Gzipped(body)) => {
            let mut r = faulty(StatusCode::OK, normal_type, body);
            let gzip = header::HeaderValue::from_static("gzip");
            r.headers_mut().insert(header::CONTENT_ENCODING, gzip);
            return r;
        }
        Some(Fault::Streamed(len)) => return streamed(normal_type, len),
        Some(Fault::Drip(pause)) => return dripped(answer.status, normal_type, answer.body, pause),
        Some(Fault::Redirect(to)) => {
            let mut r = faulty(StatusCode::FOUND, TEXT_TYPE, b"302 Found".to_vec());
            let location = header::HeaderValue::try_from(to).expect("a Location");
            r.headers_mut().insert(header::LOCATION, location);
            return r;
        }
    }
    if answer.status == StatusCode::OK && not_modified(request, &answer.body, last_modified) {
        let mut r = Response::new(Body::empty());
        *r.status_mut() = StatusCode::NOT_MODIFIED;
        let h = r.headers_mut();
        h.insert(header::ETAG, etag_of(&answer.body).parse().unwrap());
        h.insert(
            header::LAST_MODIFIED,
            http_date(last_modified).parse().unwrap(),
        );
        return r;
    }
    response(answer.status, normal_type, answer.body, last_modified)
}

fn response(
    status: StatusCode,
    content_type: &str,
    body: Vec<u8>,
    last_modified: DateTime<Utc>,
) -> Response {
    let mut builder = Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, content_type);
    if status == StatusCode::OK {
        builder = builder
            .header(header::ETAG, etag_of(&body))
            .header(header::LAST_MODIFIED, http_date(last_modified));
    }
    builder.body(Body::from(body)).expect("a valid response")
}

/// The answer of [`Fault::Streamed`]: `len` spaces, 64 KiB at a time.
fn streamed(content_type: &str, len: u64) -> Response {
    static FILL: [u8; 64 * 1024] = [b' '; 64 * 1024];
    let chunk = FILL.len() as u64;
    let sizes = (0..len.div_ceil(chunk)).map(move |i| (len - i * chunk).min(chunk) as usize);
    let chunks = sizes.map(|n| Ok::<_, std::convert::Infallible>(&FILL[..n]));
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from_stream(futures_util::stream::iter(chunks)))
        .expect("a valid response")
}

/// The answer of [`Fault::Drip`]: `body`, [`DRIP_CHUNK`] bytes after each
/// `pause`.
fn dripped(status: StatusCode, content_type: &str, body: Vec<u8>, pause: Duration) -> Response {
    let chunks: Vec<Vec<u8>> = body.chunks(DRIP_CHUNK).map(<[u8]>::to_vec).collect();
    let stream = futures_util::stream::unfold(chunks.into_iter(), move |mut rest| async move {
        let chunk = rest.next()?;
        tokio::time::sleep(pause).await;
        Some((Ok::<_, std::convert::Infallible>(chunk), rest))
    });
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from_stream(stream))
        .expect("a valid response")
}

/// Whether the request's validators say it already has `body`.
fn not_modified(request: &HeaderMap, body: &[u8], last_modified: DateTime<Utc>) -> bool {
    let text = |name| {
        let values = request.get_all(name).iter();
        let values: Vec<String> = values
            .filter_map(|v| v.to_str().ok().map(str::to_owned))
            .collect();
        (!values.is_empty()).then(|| values.join(","))
    };
    if let Some(tags) = text(header::IF_NONE_MATCH) {
        let etag = etag_of(body);
        return tags.split(',').map(str::trim).any(|tag| {
            let tag = tag.strip_prefix("W/").unwrap_or(tag);
            tag == "*" || tag == etag
        });
    }
    if let Some(since) = text(header::IF_MODIFIED_SINCE) {
        if let Ok(since) = NaiveDateTime::parse_from_str(since.trim(), "%a, %d %b %Y %H:%M:%S GMT")
        {
            return last_modified.timestamp() <= since.and_utc().timestamp();
        }
    }
    false
}

/// The body of [`Fault::Garbage`].
const GARBAGE: &[u8] = b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

/// The ETag the stub sends for `body`: a quoted 64-bit hash of its bytes.
pub fn etag_of(body: &[u8]) -> String {
    let mut hasher = DefaultHasher::new();
    body.hash(&mut hasher);
    format!("\"{:016x}-{:x}\"", hasher.finish(), body.len())
}

/// An HTTP date such as `Mon, 02 Nov 2026 15:00:00 GMT`.
pub fn http_date(at: DateTime<Utc>) -> String {
    at.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

/// Decodes `%XX` escapes (only those; `+` stays `+`).
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let hex = |b: Option<&u8>| b.and_then(|b| (*b as char).to_digit(16)).map(|d| d as u8);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let (Some(hi), Some(lo)) = (hex(bytes.get(i + 1)), hex(bytes.get(i + 2))) {
                out.push(hi * 16 + lo);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

// ---------------------------------------------------------------------------
// Fixture builders: ECB
// ---------------------------------------------------------------------------

/// One ECB day: its date and `(currency, rate)` pairs, rates as written.
pub type EcbDay = (NaiveDate, Vec<(String, String)>);

/// Renders ECB days as the ECB's XML files are laid out (gesmes envelope,
/// tab-indented, `<Cube time='2015-01-07'>` holding
/// `<Cube currency='USD' rate='1.1831'/>`), in the order given: pass them
/// newest first, as the ECB does. One day gives the daily file, several the
/// 90-day or history file. The layout is byte-for-byte that of
/// `ecb/exchanger_daily_2015-01-07.xml` (no final newline).
pub fn ecb_xml(days: &[EcbDay]) -> Vec<u8> {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <gesmes:Envelope xmlns:gesmes=\"http://www.gesmes.org/xml/2002-08-01\" \
         xmlns=\"http://www.ecb.int/vocabulary/2002-08-01/eurofxref\">\n\
         \t<gesmes:subject>Reference rates</gesmes:subject>\n\
         \t<gesmes:Sender>\n\
         \t\t<gesmes:name>European Central Bank</gesmes:name>\n\
         \t</gesmes:Sender>\n\
         \t<Cube>\n",
    );
    for (date, rates) in days {
        xml.push_str(&format!("\t\t<Cube time='{}'>\n", date.format("%Y-%m-%d")));
        for (code, rate) in rates {
            xml.push_str(&format!("\t\t\t<Cube currency='{code}' rate='{rate}'/>\n"));
        }
        xml.push_str("\t\t</Cube>\n");
    }
    xml.push_str("\t</Cube>\n</gesmes:Envelope>");
    xml.into_bytes()
}

/// Reads an ECB CSV (the history shape `Date,USD,…` with `2026-10-30` rows,
/// or the daily shape `Date, USD, …` with a `30 October 2026` row) into
/// days, in file order; empty and `N/A` cells are left out, rates are kept
/// as written. Panics on a row whose date does not parse.
pub fn ecb_days_from_csv(csv: &str) -> Vec<EcbDay> {
    let mut lines = csv.lines().map(str::trim).filter(|l| !l.is_empty());
    let Some(header) = lines.next() else {
        return Vec::new();
    };
    let codes: Vec<&str> = header.split(',').map(str::trim).collect();
    lines
        .map(|line| {
            let cells: Vec<&str> = line.split(',').map(str::trim).collect();
            let date = NaiveDate::parse_from_str(cells[0], "%Y-%m-%d")
                .or_else(|_| NaiveDate::parse_from_str(cells[0], "%d %B %Y"))
                .unwrap_or_else(|_| panic!("an ECB CSV date, not {:?}", cells[0]));
            let rates = codes
                .iter()
                .zip(&cells)
                .skip(1)
                .filter(|(code, cell)| !code.is_empty() && !cell.is_empty() && **cell != "N/A")
                .map(|(code, cell)| ((*code).to_owned(), (*cell).to_owned()))
                .collect();
            (date, rates)
        })
        .collect()
}

/// The real rates of `ecb/eurofxref_daily_2026-10-30.csv` (the ECB's
/// figures for 2026-10-30, 29 currencies, as written there, e.g. USD
/// `1.1172`, GBP `0.83380`, ISK `136.00`), re-dated `date`: the values are
/// the 2026-10-30 figures, only the date is new.
pub fn ecb_day_from_daily_csv(date: NaiveDate) -> EcbDay {
    let mut days = ecb_days_from_csv(ECB_DAILY_CSV_2026_10_30);
    let (_, rates) = days.remove(0);
    (date, rates)
}

/// `day` with every rate multiplied by `factor` (anything that displays as
/// a plain decimal: `10`, `"0.1"`, `2.5`), computed exactly; the result
/// keeps at least the scale each rate was written with (`1.1172` × 10 =
/// `11.1720`). For a "tenfold jump": `scale_ecb_rates(&day, 10)`.
pub fn scale_ecb_rates(day: &EcbDay, factor: impl Display) -> EcbDay {
    let factor = factor.to_string();
    let (f_digits, f_scale) = plain_decimal(&factor).expect("a plain decimal factor");
    let rates = day
        .1
        .iter()
        .map(|(code, rate)| {
            let (digits, scale) = plain_decimal(rate).expect("a plain decimal rate");
            let mut product = digits * f_digits;
            let mut product_scale = scale + f_scale;
            while product_scale > scale && product % 10 == 0 {
                product /= 10;
                product_scale -= 1;
            }
            (code.clone(), render_decimal(product, product_scale))
        })
        .collect();
    (day.0, rates)
}

/// `"12.340"` -> (12340, 3).
fn plain_decimal(text: &str) -> Option<(u128, u32)> {
    let (whole, fraction) = text.trim().split_once('.').unwrap_or((text.trim(), ""));
    let digits = format!("{whole}{fraction}");
    if whole.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((digits.parse().ok()?, u32::try_from(fraction.len()).ok()?))
}

fn render_decimal(digits: u128, scale: u32) -> String {
    let text = format!("{digits:0>width$}", width = scale as usize + 1);
    let (whole, fraction) = text.split_at(text.len() - scale as usize);
    if fraction.is_empty() {
        whole.to_owned()
    } else {
        format!("{whole}.{fraction}")
    }
}

/// The days of the default 90-day file: 2026-11-02 (the 2026-10-30 daily
/// figures re-dated) then the real 2026-10-30..2026-08-05, newest first.
pub fn default_ecb_90d_days() -> Vec<EcbDay> {
    let mut days = vec![ecb_day_from_daily_csv(ymd(2026, 11, 2))];
    days.extend(ecb_days_from_csv(ECB_HIST_CSV_2026_08_05_TO_10_30));
    days
}

/// The default daily file: the 2026-10-30 figures re-dated 2026-11-02.
pub fn default_ecb_daily() -> Vec<u8> {
    ecb_xml(&[ecb_day_from_daily_csv(ymd(2026, 11, 2))])
}

/// The default 90-day file (see [`default_ecb_90d_days`]).
pub fn default_ecb_90d() -> Vec<u8> {
    ecb_xml(&default_ecb_90d_days())
}

/// The default history file: the 90-day days plus the older days of the
/// history excerpt, newest first.
pub fn default_ecb_hist() -> Vec<u8> {
    let mut days: BTreeMap<NaiveDate, Vec<(String, String)>> = BTreeMap::new();
    for (date, rates) in ecb_days_from_csv(ECB_HIST_CSV_EXCERPT)
        .into_iter()
        .chain(default_ecb_90d_days())
    {
        days.insert(date, rates);
    }
    let newest_first: Vec<EcbDay> = days.into_iter().rev().collect();
    ecb_xml(&newest_first)
}

// ---------------------------------------------------------------------------
// Fixture builders: CNB
// ---------------------------------------------------------------------------

/// The date of the header line (`dd.mm.yyyy #n`) of a CNB file.
pub fn cnb_date_of(body: &[u8]) -> Option<NaiveDate> {
    let first = body.split(|&b| b == b'\n').next()?;
    let date = std::str::from_utf8(first.get(..10)?).ok()?;
    NaiveDate::parse_from_str(date, "%d.%m.%Y").ok()
}

/// A real CNB file with only its header line changed to `date` and the
/// fixing number `number`; every other byte is kept. Panics if `original`
/// has no line break.
pub fn cnb_redated(original: &[u8], date: NaiveDate, number: u32) -> Vec<u8> {
    let end = original
        .iter()
        .position(|&b| b == b'\n')
        .expect("a CNB file with lines");
    let header = format!("{} #{number}", date.format("%d.%m.%Y"));
    [header.as_bytes(), &original[end..]].concat()
}

/// The default CNB fixings: 21.04.2000 and 05.04.2016 (real) and
/// 02.11.2026 #210 (the 2016 file re-dated).
pub fn default_cnb_tables() -> Vec<Vec<u8>> {
    vec![
        CNB_2000_04_21.to_vec(),
        CNB_2016_04_05.to_vec(),
        cnb_redated(CNB_2016_04_05, ymd(2026, 11, 2), 210),
    ]
}

// ---------------------------------------------------------------------------
// Fixture builders: CBR
// ---------------------------------------------------------------------------

/// The `Date="dd.mm.yyyy"` of the `<ValCurs>` of a CBR body.
pub fn cbr_date_of(body: &[u8]) -> Option<NaiveDate> {
    let (start, end) = cbr_date_span(body)?;
    let text = std::str::from_utf8(&body[start..end]).ok()?;
    NaiveDate::parse_from_str(text, "%d.%m.%Y").ok()
}

/// The byte range of the value of `Date` in `<ValCurs …>`.
fn cbr_date_span(body: &[u8]) -> Option<(usize, usize)> {
    let root = find(body, b"<ValCurs")?;
    let tag_end = root + find(&body[root..], b">")?;
    let at = root + find(&body[root..tag_end], b"Date=")? + 5;
    let quote = *body.get(at)?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let start = at + 1;
    let end = start + body[start..tag_end].iter().position(|&b| b == quote)?;
    Some((start, end))
}

/// A real CBR file with only the `Date` of its `<ValCurs>` changed to
/// `date` (`dd.mm.yyyy`); every other byte, encoding included, is kept.
/// Panics if `original` has no `Date`.
pub fn cbr_redated(original: &[u8], date: NaiveDate) -> Vec<u8> {
    let (start, end) = cbr_date_span(original).expect("a CBR file with <ValCurs Date=\"…\">");
    let mut out = original[..start].to_vec();
    out.extend_from_slice(date.format("%d.%m.%Y").to_string().as_bytes());
    out.extend_from_slice(&original[end..]);
    out
}

/// The default CBR tables: 23.08.2016, 09.12.2016, 13.12.2025 (real) and
/// 31.12.2025 (the 13.12.2025 file re-dated).
pub fn default_cbr_tables() -> Vec<Vec<u8>> {
    vec![
        CBR_2016_08_23.to_vec(),
        CBR_2016_12_09.to_vec(),
        CBR_ENG_2025_12_13.to_vec(),
        cbr_redated(CBR_ENG_2025_12_13, ymd(2025, 12, 31)),
    ]
}

/// `body` with its XML declaration naming `label` (added when missing).
fn with_declared_encoding(body: &[u8], label: &str) -> Vec<u8> {
    if body.starts_with(b"<?xml") {
        if let Some(decl_end) = find(body, b"?>") {
            let decl = &body[..decl_end];
            return match find(decl, b"encoding=") {
                Some(at) if matches!(decl.get(at + 9), Some(b'"' | b'\'')) => {
                    let quote = decl[at + 9];
                    let start = at + 10;
                    let end = start + decl[start..].iter().position(|&b| b == quote).unwrap();
                    [&body[..start], label.as_bytes(), &body[end..]].concat()
                }
                _ => {
                    let extra = format!(" encoding=\"{label}\" ");
                    [&body[..decl_end], extra.as_bytes(), &body[decl_end..]].concat()
                }
            };
        }
    }
    let decl = format!("<?xml version=\"1.0\" encoding=\"{label}\" ?>\n");
    [decl.as_bytes(), body].concat()
}

/// windows-1251 bytes declared as utf-8 (see [`Fault::WrongEncoding`]).
fn cbr_mislabelled(body: &[u8]) -> Vec<u8> {
    if body.iter().any(|&b| b >= 0x80) {
        return with_declared_encoding(body, "utf-8");
    }
    let date = cbr_date_of(body).unwrap_or(ymd(2016, 12, 9));
    with_declared_encoding(&cbr_redated(CBR_2016_12_09, date), "utf-8")
}

// ---------------------------------------------------------------------------
// Fixture builders: NBP
// ---------------------------------------------------------------------------

/// The top-level objects of a JSON text that is one object or an array of them.
fn json_objects(text: &str) -> Vec<&str> {
    let text = text.trim();
    if !text.starts_with('[') {
        return vec![text];
    }
    let (mut objects, mut depth, mut start) = (Vec::new(), 0usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for (i, c) in text.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' => {
                if depth == 0 {
                    start = i;
                }
                depth += 1;
            }
            '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    objects.push(&text[start..=i]);
                }
            }
            _ => {}
        }
    }
    objects
}

/// The `effectiveDate` of one NBP table object.
pub fn nbp_date_of(table_object: &str) -> Option<NaiveDate> {
    let value: serde_json::Value = serde_json::from_str(table_object).ok()?;
    let date = value.get("effectiveDate")?.as_str()?;
    NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
}

/// `text` with the string value of the first `"key": "…"` replaced.
fn with_json_string(text: &str, key: &str, value: &str) -> String {
    let quoted_key = format!("\"{key}\"");
    let at = text
        .find(&quoted_key)
        .unwrap_or_else(|| panic!("no {quoted_key}"));
    let after = at + quoted_key.len();
    let rest = &text[after..];
    let colon = rest.find(':').expect("a colon after the key");
    let open = after + colon + 1 + rest[colon + 1..].find('"').expect("a string value");
    let close = open + 1 + text[open + 1..].find('"').expect("a closed string");
    format!("{}\"{value}\"{}", &text[..open], &text[close + 1..])
}

/// One NBP table object (or a one-element array of it, such as
/// [`NBP_TABLE_A_2020_12_07`]) with only its `no` (e.g. `"239/A/NBP/2020"`)
/// and `effectiveDate` changed; the rates are kept as written.
pub fn nbp_redated(table: &str, date: NaiveDate, no: &str) -> String {
    let object = json_objects(table)[0];
    let object = with_json_string(object, "no", no);
    with_json_string(
        &object,
        "effectiveDate",
        &date.format("%Y-%m-%d").to_string(),
    )
}

/// The real table 238/A/NBP/2020 of 2020-12-07, as one object.
pub fn nbp_table_a_2020_12_07() -> String {
    json_objects(NBP_TABLE_A_2020_12_07)[0].to_owned()
}

/// The default NBP tables: the real 2020-12-07, and re-dated copies for
/// 2020-12-08, 2026-10-30 and 2026-11-02 (see the module documentation).
pub fn default_nbp_tables() -> Vec<String> {
    let real = nbp_table_a_2020_12_07();
    vec![
        nbp_redated(&real, ymd(2020, 12, 8), "239/A/NBP/2020"),
        nbp_redated(&real, ymd(2026, 10, 30), "212/A/NBP/2026"),
        nbp_redated(&real, ymd(2026, 11, 2), "213/A/NBP/2026"),
        real,
    ]
}

/// The body with its non-ASCII characters as single windows-1250 bytes
/// (`?` for those it lacks), or, when the body is pure ASCII, its first
/// space between elements as a lone 0xA0 byte: invalid UTF-8 either way.
fn windows_1250_mangled(body: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(body);
    if text.is_ascii() {
        let mut out = body.to_vec();
        let mut in_tag = false;
        let space = out.iter().position(|&b| {
            match b {
                b'<' => in_tag = true,
                b'>' => in_tag = false,
                _ => {}
            }
            b == b' ' && !in_tag
        });
        let at = space.or_else(|| out.iter().position(|&b| b == b' '));
        match at {
            Some(at) => out[at] = 0xA0,
            None => out.push(0xA0),
        }
        return out;
    }
    text.chars()
        .map(|c| match c {
            c if c.is_ascii() => c as u8,
            'ą' => 0xB9,
            'Ą' => 0xA5,
            'ć' => 0xE6,
            'Ć' => 0xC6,
            'ę' => 0xEA,
            'Ę' => 0xCA,
            'ł' => 0xB3,
            'Ł' => 0xA3,
            'ń' => 0xF1,
            'Ń' => 0xD1,
            'ó' => 0xF3,
            'Ó' => 0xD3,
            'ś' => 0x9C,
            'Ś' => 0x8C,
            'ź' => 0x9F,
            'Ź' => 0x8F,
            'ż' => 0xBF,
            'Ż' => 0xAF,
            // Czech (the CNB's country and currency names).
            'á' => 0xE1,
            'č' => 0xE8,
            'Č' => 0xC8,
            'ě' => 0xEC,
            'é' => 0xE9,
            'í' => 0xED,
            'ř' => 0xF8,
            'Ř' => 0xD8,
            'š' => 0x9A,
            'Š' => 0x8A,
            'ý' => 0xFD,
            'ž' => 0x9E,
            'ů' => 0xF9,
            'ú' => 0xFA,
            'Ď' => 0xCF,
            'ď' => 0xEF,
            _ => b'?',
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_cbr_series_is_served_as_recorded_or_cut_to_the_range_asked() {
        let (_, usd) = CBR_DYNAMIC.iter().find(|(id, _)| *id == "R01235").unwrap();
        let whole = records_within(usd, d("1992-07-01"), d("2026-12-03"));
        assert_eq!(whole, usd.to_vec());
        let one = String::from_utf8(records_within(usd, d("2026-03-04"), d("2026-03-04"))).unwrap();
        assert_eq!(one.matches("<Record ").count(), 1, "{one}");
        assert!(one.contains(r#"<Record Date="04.03.2026""#) && one.ends_with("</ValCurs>"));
        let answer =
            cbr_dynamic_answer("VAL_NM_RQ=R09999&date_req1=01/03/2026&date_req2=05/03/2026");
        // No recording of the id: a series without records, of that id.
        assert_eq!(answer.status, StatusCode::OK);
        let body = String::from_utf8(answer.body).unwrap();
        assert!(
            body.contains(r#"<ValCurs ID="R09999" DateRange1="01.03.2026""#),
            "{body}"
        );
        assert!(!body.contains("<Record"), "{body}");
        let answer = cbr_dynamic_answer("VAL_NM_RQ=R01235&date_req1=1992-07-01");
        assert_eq!(answer.body, CBR_ERROR);
    }

    #[test]
    fn dates_are_read_in_every_form_the_banks_ask_with() {
        let read = |text: &str| dates_in(text);
        assert_eq!(
            read("/NBU_Exchange/exchange_site?start=20260301&end=20260316&json"),
            [d("2026-03-01"), d("2026-03-16")]
        );
        assert_eq!(
            read("/rss/get_rates.cfm?fdate=03.04.2026"),
            [d("2026-04-03")]
        );
        assert_eq!(
            read("/en/arkhiv-kursov-valyut/json/all/2026-10-30/"),
            [d("2026-10-30")]
        );
        assert_eq!(
            read("/v1/data/DNVALD/BULK?Tid=>=2025M03D03<=2025M03D07"),
            [d("2025-03-03"), d("2025-03-07")]
        );
        assert_eq!(read("/exrates/rates?periodicity=0"), []);
        // Longer runs of digits are not dates.
        assert_eq!(read("/x?id=1202603010&n=20261301"), []);
    }

    #[test]
    fn a_recording_is_not_served_for_dates_before_it() {
        let r = Recorded {
            path: "/p",
            content_type: JSON_TYPE,
            body: b"",
            first: "2026-03-01",
        };
        assert!(r.about("/p", ""), "no date: the newest form");
        assert!(r.about("/p", "date=2026-03-05"));
        assert!(
            r.about("/p", "start=20260310&end=20261202"),
            "a catch-up reaching into it"
        );
        assert!(
            r.about("/p", "date=2026-10-30"),
            "after it: the newest there is"
        );
        assert!(!r.about("/p", "date=2026-02-28"));
        assert!(!r.about("/p", "start=20201201&end=20201208"));
    }
}

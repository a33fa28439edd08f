//! The Model Context Protocol front end: kurs's questions as MCP tools, for
//! desktop agents (`kurs mcp`, over stdio) and for remote ones (`/mcp` of
//! `kurs serve`, over Streamable HTTP), built on the official Rust SDK
//! (`rmcp`).
//!
//! Each tool takes the native API's parameters as strings, parses them
//! with [`crate::request`] (the same checks, the same order), asks the
//! [`Service`] and answers with one text content: the JSON body the native
//! API would send for the same question, so amounts and rates are the same
//! exact decimal strings, with the effective date, the source and the path.
//! A question the API refuses is a tool error (`isError`) whose text is the
//! API's problem+json body: its `detail` words what was wrong, its `code`
//! is the API's stable code. Nothing a caller sends can crash the server.

use std::io;

use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{CallToolResult, ContentBlock, Implementation, ServerCapabilities, ServerConfig};
use rmcp::transport::streamable_http_server::session::local::LocalSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};
use rmcp::{schemars, tool, tool_handler, tool_router, ServerHandler, ServiceExt};
use serde::{Deserialize, Serialize};

use crate::api::heavy::overloaded_problem;
use crate::api::native::body::{ConversionBody, CurrencyBody, SourceBody};
use crate::api::native::{rates_of, timeseries_of, timeseries_question, timeseries_ticket};
use crate::api::{AppState, Problem};
use crate::{request, Service};

/// The tools, over one [`Service`]. Cheap to clone: the HTTP transport
/// makes one per session.
#[derive(Clone)]
pub struct Tools {
    service: Service,
    /// Under `kurs serve`, the API's state: a heavy time series then needs
    /// one of its heavy permits, as at `/v1/timeseries`.
    api: Option<AppState>,
    tool_router: ToolRouter<Self>,
}

/// The arguments of `convert`, as `GET /v1/convert` takes them.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
pub struct ConvertArgs {
    /// The amount, a plain decimal as a string such as "100" or "-12.50"; 1 when absent.
    /// A JSON integer is taken too; a JSON fraction is refused, since its digits may
    /// already be lost to binary floating point.
    #[schemars(with = "Option<String>")]
    pub amount: Option<serde_json::Value>,
    /// The currency converted from, an ISO 4217 code such as USD.
    pub from: Option<String>,
    /// The currency converted to, an ISO 4217 code such as JPY.
    pub to: Option<String>,
    /// The rates in force on this date (YYYY-MM-DD); the latest when absent.
    pub date: Option<String>,
    /// Only this source (ecb, cbr, nbp, ...; see the `sources` tool); the source policy's pick when absent.
    pub source: Option<String>,
    /// Rounding of the result: half_even (default), half_up, half_down, up, down, ceiling, floor or none.
    pub rounding: Option<String>,
}

/// The arguments of `rates`, as `GET /v1/rates` takes them.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
pub struct RatesArgs {
    /// Price the rates in this currency (ISO 4217); EUR when absent.
    pub base: Option<String>,
    /// Only these currencies, comma-separated (e.g. "USD,JPY"); every one when absent.
    pub symbols: Option<String>,
    /// The table in force on this date (YYYY-MM-DD); the latest when absent.
    pub date: Option<String>,
    /// Only this source; the first that covers the base when absent.
    pub source: Option<String>,
}

/// The arguments of `timeseries`, as `GET /v1/timeseries` takes them.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
pub struct TimeseriesArgs {
    /// Price the rates in this currency (ISO 4217); EUR when absent.
    pub base: Option<String>,
    /// Only these currencies, comma-separated (e.g. "USD,JPY"); every one when absent.
    pub symbols: Option<String>,
    /// The first date, YYYY-MM-DD.
    pub start: Option<String>,
    /// The last date, YYYY-MM-DD (at most 366 days after start).
    pub end: Option<String>,
    /// Only this source.
    pub source: Option<String>,
}

/// The arguments of `currencies`.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
pub struct CurrenciesArgs {
    /// Also list currencies no source covers.
    pub all: Option<bool>,
}

#[tool_router]
impl Tools {
    /// The tools answering from `service`.
    pub fn new(service: Service) -> Self {
        Self {
            service,
            api: None,
            tool_router: Self::tool_router(),
        }
    }

    /// The tools of `kurs serve`: `service` is the one of `state`, whose
    /// limits they share.
    pub fn for_api(service: Service, state: AppState) -> Self {
        Self {
            service,
            api: Some(state),
            tool_router: Self::tool_router(),
        }
    }

    /// `convert`: the body of `GET /v1/convert`.
    #[tool(
        description = "Convert an amount between two currencies with official central-bank rates, exactly. Returns the native API's JSON: amount, result and rate as decimal strings, the effective date, the source and the path of currencies."
    )]
    async fn convert(&self, Parameters(a): Parameters<ConvertArgs>) -> CallToolResult {
        let amount = match amount_text(a.amount.as_ref()) {
            Ok(amount) => amount,
            Err(problem) => return reply::<()>(Err(problem)),
        };
        let raw = request::ConvertParams {
            from: a.from.as_deref(),
            to: a.to.as_deref(),
            amount: amount.as_deref(),
            date: a.date.as_deref(),
            source: a.source.as_deref(),
            round: a.rounding.as_deref(),
        };
        let answer = async {
            let c = self.service.convert(&raw.parse()?).await?;
            Ok::<_, Problem>(ConversionBody::from(&c))
        };
        reply(answer.await)
    }

    /// `rates`: the body of `GET /v1/rates`.
    #[tool(
        description = "The exchange rates of one table priced in a base currency (1 base = rate units), as decimal strings, with the effective date and the source."
    )]
    async fn rates(&self, Parameters(a): Parameters<RatesArgs>) -> CallToolResult {
        let raw = request::RatesParams {
            base: a.base.as_deref(),
            symbols: a.symbols.as_deref(),
            date: a.date.as_deref(),
            source: a.source.as_deref(),
        };
        let answer = async {
            let q = raw.parse()?;
            let symbols = q.symbols.as_deref();
            let view = self.service.rates(q.base, symbols, q.date, q.source).await;
            Ok::<_, Problem>(rates_of(&self.service, &view?))
        };
        reply(answer.await)
    }

    /// `timeseries`: the body of `GET /v1/timeseries`.
    #[tool(
        description = "The exchange rates of every table from start to end (at most 366 days), priced in a base currency, as decimal strings by date."
    )]
    async fn timeseries(&self, Parameters(a): Parameters<TimeseriesArgs>) -> CallToolResult {
        let raw = request::TimeseriesParams {
            base: a.base.as_deref(),
            symbols: a.symbols.as_deref(),
            start: a.start.as_deref(),
            end: a.end.as_deref(),
            source: a.source.as_deref(),
        };
        let answer = async {
            let q = timeseries_question(raw)?;
            let ticket = match &self.api {
                Some(state) => timeseries_ticket(state, &q).map_err(|_| overloaded_problem())?,
                None => None,
            };
            let range = (q.start, q.end);
            let symbols = q.symbols.as_deref();
            let series = self.service.timeseries(q.base, symbols, range, q.source);
            let series = series.await;
            if let Some(ticket) = ticket {
                ticket.done();
            }
            Ok::<_, Problem>(timeseries_of(&q, &series?))
        };
        reply(answer.await)
    }

    /// `currencies`: the body of `GET /v1/currencies`.
    #[tool(
        description = "The currencies kurs knows: ISO 4217 code, name, minor units and the sources that quote each, with the dates they cover."
    )]
    async fn currencies(&self, Parameters(a): Parameters<CurrenciesArgs>) -> CallToolResult {
        let list = self.service.book().currencies(a.all.unwrap_or(false));
        reply(Ok(list.iter().map(CurrencyBody::from).collect::<Vec<_>>()))
    }

    /// `sources`: the body of `GET /v1/sources`.
    #[tool(
        description = "The rate sources (central banks): id, publisher, newest table, last fetch and whether it is stale."
    )]
    async fn sources(&self) -> CallToolResult {
        let statuses = self.service.store().statuses();
        reply(Ok(statuses
            .iter()
            .map(SourceBody::from)
            .collect::<Vec<_>>()))
    }
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for Tools {
    fn get_info(&self) -> ServerConfig {
        let kurs = Implementation::new("kurs", env!("CARGO_PKG_VERSION"))
            .with_description(env!("CARGO_PKG_DESCRIPTION"));
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(kurs)
            .with_instructions(
            "Official central-bank exchange rates, converted exactly. Amounts and rates are decimal strings; pass amounts as strings too.",
        )
    }
}

/// The text of a `convert` amount: a string as given, an integer's digits;
/// anything else is refused in the API's words for a bad amount.
fn amount_text(amount: Option<&serde_json::Value>) -> Result<Option<String>, Problem> {
    use serde_json::Value;
    match amount {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(Some(n.to_string())),
        Some(other) => {
            let given: String = other.to_string().chars().take(40).collect();
            let detail = format!(
                "the amount {given} is not a decimal string: give it as a string such as \"100.50\", so that no digit is lost"
            );
            Err(Problem::new(
                axum::http::StatusCode::BAD_REQUEST,
                crate::api::ErrorCode::InvalidAmount,
                detail,
            ))
        }
    }
}

/// A tool's answer: the body as JSON text, or the problem as a tool error.
fn reply<T: Serialize>(answer: Result<T, Problem>) -> CallToolResult {
    let (json, failed) = match answer {
        Ok(body) => (serde_json::to_string(&body), false),
        Err(problem) => (serde_json::to_string(&problem), true),
    };
    // Bodies of strings, decimals and dates always serialise; should one
    // ever not, the caller still gets an error, not a dropped connection.
    let text = json.unwrap_or_else(|e| format!("cannot write the answer: {e}"));
    match failed || text.starts_with("cannot write") {
        false => CallToolResult::success(vec![ContentBlock::text(text)]),
        true => CallToolResult::error(vec![ContentBlock::text(text)]),
    }
}

/// `kurs mcp`: serves the tools over stdin and stdout until the client
/// closes them.
pub async fn serve_stdio(service: Service) -> io::Result<()> {
    let running = Tools::new(service)
        .serve(rmcp::transport::stdio())
        .await
        .map_err(io::Error::other)?;
    running.waiting().await.map_err(io::Error::other)?;
    Ok(())
}

/// The `/mcp` endpoint of `kurs serve`: MCP over Streamable HTTP,
/// stateless.
///
/// Every tool answers one request from public data, so the server keeps no
/// session between requests (no `Mcp-Session-Id`, nothing held per client
/// that a client could pile up) and answers each call with plain JSON
/// rather than an event stream.
///
/// The SDK's check of the `Host` header is off: it guards servers on a
/// desktop that hold private data against DNS rebinding, while `kurs serve`
/// is a public service of public, read-only rates under any host name.
pub fn http_service(
    service: Service,
    state: AppState,
) -> StreamableHttpService<Tools, LocalSessionManager> {
    let config = StreamableHttpServerConfig::default()
        .disable_allowed_hosts()
        .with_legacy_session_mode(false)
        .with_json_response(true);
    StreamableHttpService::new(
        move || Ok(Tools::for_api(service.clone(), state.clone())),
        Default::default(),
        config,
    )
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn an_amount_is_a_string_as_given_or_an_integers_digits() {
        assert_eq!(amount_text(None).unwrap(), None);
        let text = |v| amount_text(Some(&v)).unwrap().unwrap();
        assert_eq!(text(json!("1 000.50")), "1 000.50");
        assert_eq!(text(json!(18446744073709551615u64)), "18446744073709551615");
        assert_eq!(text(json!(-12)), "-12");
    }

    #[test]
    fn a_fractional_json_number_is_refused_as_an_invalid_amount() {
        for v in [json!(0.1), json!(1e300), json!(true), json!({"a": 1})] {
            let p = amount_text(Some(&v)).unwrap_err();
            assert_eq!(p.code, "invalid_amount", "{v}");
            assert!(p.detail.contains("as a string"), "{}", p.detail);
        }
    }

    #[test]
    fn a_refusal_is_a_tool_error_carrying_the_problem() {
        let r = reply::<()>(Err(Problem::invalid_parameter("no")));
        assert_eq!(r.is_error, Some(true));
        let text = &r.content[0].as_text().unwrap().text;
        let v: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(
            (v["code"].as_str(), v["detail"].as_str()),
            (Some("invalid_parameter"), Some("no"))
        );
    }
}

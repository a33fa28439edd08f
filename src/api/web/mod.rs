//! The widget: its script, its combined answer `/v1/widget`, its page
//! `/widget` rendered on the server (complete, and working with JavaScript
//! off), and the demo news page.
//!
//! [`model`] computes what the widget shows from the service, [`trend`]
//! draws the rows' trend lines, [`json`] writes the model for the element
//! and [`render`] as the box's HTML.

mod json;
mod model;
mod render;
mod trend;
mod words;

use axum::extract::{Query, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::LazyLock;

use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::http::{with_validators, Freshness, Rendered};
use super::native::Params;
use super::problem::Problem;
use super::AppState;
use crate::locale::Lang;
use crate::origins::{origin_of, WidgetApiOrigins};
pub use json::WidgetParams;
use model::{Ask, Model};

const WIDGET_JS_SOURCE: &str = include_str!("../../web/widget.js");
const WIDGET_CSS_SOURCE: &str = include_str!("../../web/widget.css");

/// The widget's stylesheet without its leading comment: what the server
/// inlines into a shadow root it renders, and what `/widget.js` carries.
pub fn widget_css() -> &'static str {
    static CSS: LazyLock<&'static str> = LazyLock::new(|| {
        let css = WIDGET_CSS_SOURCE.trim_start();
        let css = css
            .strip_prefix("/*")
            .and_then(|rest| rest.split_once("*/"))
            .map_or(css, |(_, after)| after);
        css.trim()
    });
    &CSS
}

/// `/widget.js` as served: `src/web/widget.js` with the placeholder
/// `"__KURS_CSS__"` replaced by the stylesheet as a JavaScript string.
pub fn widget_script() -> &'static str {
    static JS: LazyLock<String> = LazyLock::new(|| {
        let literal = serde_json::to_string(widget_css()).expect("a string serialises");
        WIDGET_JS_SOURCE.replacen("\"__KURS_CSS__\"", &literal, 1)
    });
    &JS
}
const DEMO_HTML: &str = include_str!("../../web/demo.html");

/// The attributes of `<kurs-converter>` that `/widget` copies from its query.
pub const ATTRIBUTES: [&str; 10] = [
    "base", "symbols", "amount", "from", "to", "source", "date", "lang", "theme", "api",
];

/// `GET /widget.js`: the custom element, one dependency-free script.
pub async fn widget_js() -> Response {
    let mut r = with_validators(
        widget_script().as_bytes().to_vec(),
        "text/javascript; charset=utf-8",
        Freshness::Short,
        None,
    );
    r.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    r
}

/// `GET /v1/widget`: everything the element needs for its first render
/// in one answer (the table, changes, trends, options and the initial
/// conversion), cached and revalidated like `/v1/rates`.
///
/// A bad table question (base, symbols, date, source, lang) is a 400
/// problem; a conversion that cannot be made is carried in
/// `conversion_problem`, since its amount is the reader's.
pub async fn widget_json(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Response {
    let query = raw.unwrap_or_default();
    state
        .cached("/v1/widget", &query, async {
            let p = Params::<WidgetParams>::parse(Some(&query))?;
            let lang = match p.lang() {
                Some(tag) => parse_lang(tag)?,
                None => Lang::En,
            };
            let model = Model::build(&state, &p.ask()).await?;
            let freshness = freshness(&state, &model);
            let last_modified = state.published(model.source, model.date);
            Rendered::json(
                &json::WidgetBody::new(model, lang),
                freshness,
                last_modified,
            )
        })
        .await
}

/// How long the widget's answer stays fresh: as its table, and no longer
/// than its conversion; briefly when the table is a stand-in or the
/// conversion failed (data that arrives later changes both).
fn freshness(state: &AppState, model: &Model) -> Freshness {
    if model.notice.is_some() {
        return Freshness::Short;
    }
    let table = state.freshness(model.source, model.date, model.requested_date);
    match &model.converter.result {
        Ok(c) => match (table, state.conversion_freshness(c).0) {
            (Freshness::Immutable, other) | (other, Freshness::Immutable) => other,
            (Freshness::Until(a), Freshness::Until(b)) => Freshness::Until(a.min(b)),
            _ => Freshness::Short,
        },
        Err(_) => Freshness::Short,
    }
}

/// `lang` as a [`Lang`], or the 400 problem that lists the languages.
fn parse_lang(tag: &str) -> Result<Lang, Problem> {
    Lang::from_tag(tag).ok_or_else(|| {
        let known: Vec<&str> = Lang::ALL.iter().map(|l| l.code()).collect();
        Problem::invalid_parameter(format!(
            "lang '{}': expected one of {}, optionally with a region such as en-GB",
            excerpt(tag),
            known.join(", ")
        ))
    })
}

/// `GET /widget?...`: the widget alone on a page, for hosts that prefer an
/// iframe, rendered whole on the server: the box is in the element's
/// declarative shadow root, so it shows with no script and no API call,
/// and the script (loaded async) enhances it in place.
///
/// The converter is a plain `GET` form: submitting it (`amount`, `from`,
/// `to`, and `swap=1` to swap) renders the page again with the exact
/// `/v1/convert` result. An amount the reader mistyped is answered 200
/// with the box and its hint shown, as any form re-displayed with a
/// validation message: the page is a good answer to the request, only the
/// field needs fixing (a 4xx would also count a reader's typo as an error
/// in the operator's metrics and a host's frame monitoring). Pages are
/// kept in the render cache like the API's answers, by query and language.
///
/// The page is rendered in one pass by `maud`, which escapes every value
/// for the place it goes, so no query text can become markup. `lang`,
/// `theme` and `source` must be one of their known values; anything else
/// is a 400 problem that says what is accepted (`lang` absent: the
/// browser's `Accept-Language`, then English). `api` must name this
/// server (a path such as `/`, or a URL with this request's host) or an
/// origin the operator allowed (`--widget-api-origins`): a page on the
/// kurs origin shows no one else's numbers. The CSP's `connect-src` says
/// the same to the browser.
pub async fn widget_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|h| h.to_str().ok());
    let options = match WidgetOptions::parse(&query, accept) {
        Ok(o) => o,
        Err(problem) => return problem.into_response(),
    };
    if let Some(api) = options.get("api") {
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
        if let Err(problem) = state.widget_api_origins.check(api, host) {
            return problem.into_response();
        }
    }
    // The page is the query's in the page's language (which may come
    // from Accept-Language): both make the cache key.
    let key = format!("{}\n{}", options.tag, raw.unwrap_or_default());
    let render = async {
        let page = options.render(&state).await.into_string().into_bytes();
        let html = "text/html; charset=utf-8";
        Ok::<_, Problem>(Rendered::new(page, html, Freshness::Short, None))
    };
    let mut r = state.cached("/widget", &key, render).await;
    let headers = r.headers_mut();
    if let Ok(csp) = HeaderValue::from_str(&state.widget_api_origins.csp()) {
        headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    headers.insert(
        "x-robots-tag",
        HeaderValue::from_static("noindex, indexifembedded"),
    );
    headers.insert(header::VARY, HeaderValue::from_static("accept-language"));
    r
}

/// The iframe page's content security policy, before its `connect-src`:
/// its one script is `/widget.js` from this origin (no inline script), no
/// plugins, no `<base>` rewriting; any site may frame it.
const WIDGET_CSP: &str = "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors *";

impl WidgetApiOrigins {
    /// Whether the widget page may read from `api`, given the request's
    /// `Host`: a path on this server, a URL of this host, or an allowed
    /// origin.
    fn check(&self, api: &str, host: Option<&str>) -> Result<(), Problem> {
        let own_path = api.starts_with('/') && !api.starts_with("//") && !api.contains('\\');
        let allowed = own_path
            || origin_of(api).is_some_and(|origin| {
                let authority = origin.split_once("://").map_or("", |(_, a)| a);
                host.is_some_and(|h| h.eq_ignore_ascii_case(authority)) || self.0.contains(&origin)
            });
        if allowed {
            return Ok(());
        }
        let others = if self.0.is_empty() {
            "no other origin is allowed on this server (its operator can allow some with --widget-api-origins)".to_owned()
        } else {
            format!("or one of {}", self.0.join(", "))
        };
        Err(Problem::invalid_parameter(format!(
            "api '{}': expected this server (a path such as / or a URL of this host); {others}",
            excerpt(api)
        )))
    }

    /// The page's whole content security policy: fetches go to this origin
    /// and the allowed ones only.
    fn csp(&self) -> String {
        let mut csp = format!("{WIDGET_CSP}; connect-src 'self'");
        for origin in &self.0 {
            csp.push(' ');
            csp.push_str(origin);
        }
        csp
    }
}

/// The widget's colour themes.
const THEMES: [&str; 3] = ["light", "dark", "auto"];

/// The options of `/widget`, checked: the free-text ones (codes, amount,
/// date, api) are passed on (to the model, which refuses what it cannot
/// read, and to the script) and are escaped on output; the ones with a
/// fixed set of values are refused otherwise.
struct WidgetOptions<'q> {
    attributes: Vec<(&'static str, &'q str)>,
    /// The language tag of the page: `lang` as given, or the language
    /// chosen from `Accept-Language`.
    tag: &'q str,
    lang: Lang,
    /// `swap=1`: the reader asked to swap from and to.
    swap: bool,
}

impl<'q> WidgetOptions<'q> {
    fn parse(query: &'q HashMap<String, String>, accept: Option<&str>) -> Result<Self, Problem> {
        let (tag, lang) = match query.get("lang").map(String::as_str) {
            Some(tag) => (tag, parse_lang(tag)?),
            None => {
                let lang = accept
                    .and_then(Lang::from_accept_language)
                    .unwrap_or(Lang::En);
                (lang.code(), lang)
            }
        };
        if let Some(theme) = query.get("theme") {
            if !THEMES.contains(&theme.as_str()) {
                return Err(Problem::invalid_parameter(format!(
                    "theme '{}': expected one of light, dark, auto",
                    excerpt(theme)
                )));
            }
        }
        if let Some(source) = query.get("source") {
            crate::parse_source(source).map_err(|e| Problem::invalid_parameter(e.to_string()))?;
        }
        let attributes = ATTRIBUTES
            .iter()
            .filter_map(|name| Some((*name, query.get(*name)?.as_str())))
            .collect();
        Ok(Self {
            attributes,
            tag,
            lang,
            swap: query.get("swap").is_some_and(|s| s == "1"),
        })
    }

    fn get(&self, name: &str) -> Option<&'q str> {
        self.attributes
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v)
    }

    /// The widget's question: the options, the reader's amount read in
    /// the page's language, from and to swapped when asked.
    fn ask<'a>(&'a self, amount: Option<&'a str>) -> Ask<'a> {
        let (mut from, mut to) = (self.get("from"), self.get("to"));
        if self.swap {
            std::mem::swap(&mut from, &mut to);
        }
        Ask {
            base: self.get("base"),
            symbols: self.get("symbols"),
            date: self.get("date"),
            source: self.get("source"),
            amount: amount.or(self.get("amount")),
            from,
            to,
        }
    }

    /// The whole page: the box rendered when the model can be had; else
    /// the bare element, whose script says what is wrong as it always did.
    async fn render(&self, state: &AppState) -> Markup {
        let typed = self.get("amount").map(str::trim);
        let read = typed.and_then(|t| reader_amount(self.lang, t));
        let ask = self.ask(read.as_deref());
        let model = Model::build(state, &ask).await.ok();
        let shadow = model.map(|m| {
            let form = render::Form {
                action: "./widget",
                hidden: HIDDEN
                    .iter()
                    .filter_map(|n| Some((*n, self.get(n)?)))
                    .collect(),
                amount: typed.unwrap_or(&m.converter.amount),
                hint: render::amount_hint(&m, self.lang.words()),
            };
            let markup = render::shadow(&m, self.lang, &form);
            (m, markup)
        });
        self.page(shadow)
    }

    fn page(&self, shadow: Option<(Model, Markup)>) -> Markup {
        let a = |name| self.get(name);
        // The element's attributes say what the box shows: after a swap
        // or a default, the script enhancing it reads the same pair.
        let (from, to, amount) = match &shadow {
            Some((m, _)) => (
                Some(m.converter.from.as_str()),
                Some(m.converter.to.as_str()),
                a("amount"),
            ),
            None => (a("from"), a("to"), a("amount")),
        };
        let title = self.lang.words().title;
        html! {
            (DOCTYPE)
            html lang=(self.tag) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    meta name="robots" content="noindex, indexifembedded";
                    title { (title) }
                    style { (PreEscaped(WIDGET_PAGE_STYLE)) }
                    script async src="./widget.js" {}
                }
                body {
                    kurs-converter base=[a("base")] symbols=[a("symbols")] amount=[amount]
                        from=[from] to=[to] source=[a("source")] date=[a("date")]
                        lang=[a("lang")] theme=[a("theme")] api=[a("api")] {
                        @if let Some((_, markup)) = &shadow {
                            template shadowrootmode="open" { (markup) }
                        }
                    }
                }
            }
        }
    }
}

/// The widget options the form carries as hidden fields, so that a
/// submitted form renders the same widget.
const HIDDEN: [&str; 7] = ["base", "symbols", "lang", "theme", "date", "source", "api"];

/// The page's own style: a transparent page, and room kept for the widget
/// until its script has run (when the server could not render the box).
const WIDGET_PAGE_STYLE: &str = "html, body { margin: 0; padding: 0; background: transparent; }\n\
kurs-converter:not(:defined) { display: block; min-height: 360px; }";

/// An amount as a reader types it in `lang`, as the API's plain decimal:
/// spaces and apostrophes (group separators) dropped, a leading `−` or `–`
/// read as `-`, the decimal comma of a language that writes one read as
/// the point, and thousands commas dropped in one that does not (`1,234.5`);
/// `.5` and `5.` completed. `None` for anything else.
fn reader_amount(lang: Lang, text: &str) -> Option<String> {
    let mut s: String = text
        .chars()
        .filter(|c| !matches!(c, ' ' | '\'' | '\u{a0}' | '\u{202f}'))
        .collect();
    if let Some(rest) = s.strip_prefix(['\u{2212}', '\u{2013}']) {
        s = format!("-{rest}");
    }
    let comma_decimal = lang.number("1.5").contains(',');
    if comma_decimal {
        s = s.replacen(',', ".", 1);
    } else if grouped(&s) {
        s = s.replace(',', "");
    }
    let (sign, digits) = match s.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", s.as_str()),
    };
    let digits = digits.strip_suffix('.').unwrap_or(digits);
    let digits = match digits.strip_prefix('.') {
        Some(fraction) => format!("0.{fraction}"),
        None => digits.to_owned(),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((&digits, "1"));
    let plain = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    (plain(whole) && plain(fraction)).then(|| format!("{sign}{digits}"))
}

/// `1,234` or `-12,345,678.90`: commas as thousands separators.
fn grouped(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let whole = s.split_once('.').map_or(s, |(w, _)| w);
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or_default();
    let rest: Vec<&str> = groups.collect();
    !rest.is_empty()
        && (1..=3).contains(&first.len())
        && rest.iter().all(|g| g.len() == 3)
        && whole.bytes().all(|b| b.is_ascii_digit() || b == b',')
}

/// At most 40 characters of a refused value, for the message.
fn excerpt(value: &str) -> String {
    value.chars().take(40).collect()
}

/// `GET /demo`: a sample news article with the widget in its sidebar. Its
/// only script is `/widget.js`, and no other site may frame it.
pub async fn demo() -> Response {
    let mut r = with_validators(
        DEMO_HTML.as_bytes().to_vec(),
        "text/html; charset=utf-8",
        Freshness::Short,
        None,
    );
    let headers = r.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(DEMO_CSP),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    r
}

/// The demo page's content security policy: like the widget page's, but
/// framed by nobody (it frames its own `/widget`).
const DEMO_CSP: &str =
    "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

#[cfg(test)]
mod tests {
    use super::*;

    fn page(query: &[(&str, &str)]) -> Result<String, Problem> {
        let query: HashMap<String, String> = query
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        WidgetOptions::parse(&query, None).map(|o| o.page(None).into_string())
    }

    #[test]
    fn the_served_script_carries_the_whole_stylesheet() {
        assert!(WIDGET_JS_SOURCE.contains("\"__KURS_CSS__\""));
        let js = widget_script();
        assert!(!js.contains("__KURS_CSS__"));
        assert!(widget_css().starts_with(":host{"), "{}", widget_css());
        assert!(js.contains(r#"const CSS = ":host{display:block;"#), "{js}");
        let last = widget_css().lines().last().unwrap();
        assert!(js.contains(&format!("{last}\";")), "{js}");
    }

    #[test]
    fn attribute_values_are_escaped_in_one_pass() {
        let html = page(&[("base", "\"><script>x</script>"), ("symbols", "{{lang}}")]).unwrap();
        assert!(
            html.contains(r#"base="&quot;&gt;&lt;script&gt;x&lt;/script&gt;""#),
            "{html}"
        );
        assert!(html.contains(r#"symbols="{{lang}}""#), "{html}");
        assert_eq!(html.matches("<script").count(), 1, "{html}");
    }

    #[test]
    fn lang_theme_and_source_take_only_known_values() {
        assert!(page(&[("lang", "{{attributes}}")]).is_err());
        assert!(page(&[("lang", "xx")]).is_err());
        assert!(page(&[("lang", "de")]).is_ok());
        assert!(page(&[("theme", "x\" onload=\"y")]).is_err());
        assert!(page(&[("source", "fed")]).is_err());
        let ru = page(&[("lang", "ru-RU"), ("theme", "dark"), ("source", "cbr")]).unwrap();
        assert!(ru.contains(r#"<html lang="ru-RU">"#), "{ru}");
        assert!(ru.contains("<title>Конвертер валют</title>"), "{ru}");
    }

    #[test]
    fn lang_falls_back_to_accept_language_then_english() {
        let query = HashMap::new();
        let ru = WidgetOptions::parse(&query, Some("fr-CH;q=0.5, ru;q=0.9")).unwrap();
        assert_eq!(ru.lang, Lang::Ru);
        assert!(ru.page(None).into_string().contains(r#"<html lang="ru">"#));
        let none = WidgetOptions::parse(&query, Some("zz, *;q=0.1")).unwrap();
        assert_eq!(none.lang, Lang::En);
        assert_eq!(WidgetOptions::parse(&query, None).unwrap().lang, Lang::En);
    }

    #[test]
    fn a_readers_amount_is_read_in_the_pages_language() {
        let read = |lang, text| reader_amount(lang, text);
        assert_eq!(read(Lang::En, "100").as_deref(), Some("100"));
        assert_eq!(read(Lang::En, "1,234.5").as_deref(), Some("1234.5"));
        assert_eq!(read(Lang::En, " .5 ").as_deref(), Some("0.5"));
        assert_eq!(read(Lang::En, "\u{2212}12.").as_deref(), Some("-12"));
        assert_eq!(read(Lang::Ru, "1\u{a0}234,56").as_deref(), Some("1234.56"));
        assert_eq!(read(Lang::De, "3,5").as_deref(), Some("3.5"));
        for bad in ["", "1,5", "12abc", "1e3", "--1", "1.2.3", "."] {
            assert_eq!(read(Lang::En, bad), None, "{bad}");
        }
        assert_eq!(read(Lang::Ru, "1,2,3"), None);
    }

    #[test]
    fn the_widget_api_is_this_server_or_an_allowed_origin() {
        let none = WidgetApiOrigins::default();
        let host = Some("kurs.example:8080");
        assert!(none.check("/", host).is_ok());
        assert!(none.check("/kurs/", host).is_ok());
        assert!(none.check("http://kurs.example:8080/", host).is_ok());
        assert!(none.check("https://KURS.example:8080", host).is_ok());
        for refused in [
            "//evil.example/",
            "/\\evil.example",
            "https://evil.example",
            "http://kurs.example/",
            "javascript:alert(1)",
            "https://kurs.example:8080@evil.example",
        ] {
            assert!(none.check(refused, host).is_err(), "{refused}");
        }
        let some = WidgetApiOrigins::parse("https://rates.example.com").unwrap();
        assert!(some.check("https://rates.example.com/", host).is_ok());
        assert!(some.check("https://evil.example/", host).is_err());
        assert!(some
            .csp()
            .ends_with("; connect-src 'self' https://rates.example.com"));
    }

    #[test]
    fn the_csp_lets_the_rendered_shadow_root_carry_its_style() {
        // The box's <style> is inline in the declarative shadow root: no
        // style-src may forbid it. Scripts stay 'self' only.
        let csp = WidgetApiOrigins::default().csp();
        assert!(!csp.contains("style-src"), "{csp}");
        assert!(csp.starts_with("script-src 'self';"), "{csp}");
    }
}

//! The widget, its iframe page and the demo news page.

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::LazyLock;

use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::http::{with_validators, Freshness};
use super::problem::Problem;
use super::AppState;
use crate::origins::{origin_of, WidgetApiOrigins};

const WIDGET_JS_SOURCE: &str = include_str!("../web/widget.js");
const WIDGET_CSS_SOURCE: &str = include_str!("../web/widget.css");

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
const DEMO_HTML: &str = include_str!("../web/demo.html");

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

/// `GET /widget?...`: the widget alone on a page, for hosts that prefer an
/// iframe; the query's options become the element's attributes.
///
/// The page is rendered in one pass by `maud`, which escapes every value
/// for the place it goes (an attribute value here), so no query text can
/// become markup. `lang`, `theme` and `source` must be one of their known
/// values; anything else is a 400 problem that says what is accepted.
/// `api` must name this server (a path such as `/`, or a URL with this
/// request's host) or an origin the operator allowed
/// (`--widget-api-origins`): a page on the kurs origin shows no one
/// else's numbers. The CSP's `connect-src` says the same to the browser.
pub async fn widget_page(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let options = match WidgetOptions::parse(&query) {
        Ok(o) => o,
        Err(problem) => return problem.into_response(),
    };
    if let Some(api) = options.get("api") {
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
        if let Err(problem) = state.widget_api_origins.check(api, host) {
            return problem.into_response();
        }
    }
    let mut r = with_validators(
        options.page().into_string().into_bytes(),
        "text/html; charset=utf-8",
        Freshness::Short,
        None,
    );
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

/// The languages the widget has words for.
const LANGUAGES: [(&str, &str); 2] = [("en", "Currency converter"), ("ru", "Конвертер валют")];

/// The widget's colour themes.
const THEMES: [&str; 3] = ["light", "dark", "auto"];

/// The options of `/widget`, checked: the free-text ones (codes, amount,
/// date, api) are passed on for the widget to validate and are escaped on
/// output; the ones with a fixed set of values are refused otherwise.
struct WidgetOptions<'q> {
    attributes: Vec<(&'static str, &'q str)>,
    lang: &'q str,
    title: &'static str,
}

impl<'q> WidgetOptions<'q> {
    fn parse(query: &'q HashMap<String, String>) -> Result<Self, Problem> {
        let lang = query.get("lang").map_or("en", String::as_str);
        let title = title_for(lang).ok_or_else(|| {
            Problem::invalid_parameter(format!(
                "lang '{}': expected en or ru, optionally with a region such as en-GB",
                excerpt(lang)
            ))
        })?;
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
            lang,
            title,
        })
    }

    fn get(&self, name: &str) -> Option<&'q str> {
        self.attributes
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v)
    }

    fn page(&self) -> Markup {
        let a = |name| self.get(name);
        html! {
            (DOCTYPE)
            html lang=(self.lang) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    meta name="robots" content="noindex, indexifembedded";
                    title { (self.title) }
                    style { (PreEscaped(WIDGET_PAGE_STYLE)) }
                    script async src="./widget.js" {}
                }
                body {
                    kurs-converter base=[a("base")] symbols=[a("symbols")] amount=[a("amount")]
                        from=[a("from")] to=[a("to")] source=[a("source")] date=[a("date")]
                        lang=[a("lang")] theme=[a("theme")] api=[a("api")] {}
                }
            }
        }
    }
}

/// The page's own style: a transparent page, and room kept for the widget
/// until its script has run.
const WIDGET_PAGE_STYLE: &str = "html, body { margin: 0; padding: 0; background: transparent; }\n\
kurs-converter:not(:defined) { display: block; min-height: 360px; }";

/// The title for a `lang` the widget speaks (`ru`, `ru-RU`, `en-GB`), or
/// `None` for anything else.
fn title_for(lang: &str) -> Option<&'static str> {
    let mut parts = lang.split('-');
    let primary = parts.next()?.to_ascii_lowercase();
    let well_formed =
        parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    let title = LANGUAGES
        .iter()
        .find(|(l, _)| *l == primary)
        .map(|(_, t)| *t);
    title.filter(|_| well_formed)
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
        WidgetOptions::parse(&query).map(|o| o.page().into_string())
    }

    #[test]
    fn the_served_script_carries_the_whole_stylesheet() {
        assert!(WIDGET_JS_SOURCE.contains("\"__KURS_CSS__\""));
        let js = widget_script();
        assert!(!js.contains("__KURS_CSS__"));
        assert!(widget_css().starts_with(":host{"), "{}", widget_css());
        assert!(js.contains(r#"const CSS = ":host{display:block;"#), "{js}");
        assert!(js.contains(r#"[hidden]{display:none!important}";"#), "{js}");
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
        assert!(page(&[("lang", "de")]).is_err());
        assert!(page(&[("theme", "x\" onload=\"y")]).is_err());
        assert!(page(&[("source", "fed")]).is_err());
        let ru = page(&[("lang", "ru-RU"), ("theme", "dark"), ("source", "cbr")]).unwrap();
        assert!(ru.contains(r#"<html lang="ru-RU">"#), "{ru}");
        assert!(ru.contains("<title>Конвертер валют</title>"), "{ru}");
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
}

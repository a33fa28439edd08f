//! The banks whose service takes SOAP 1.1 calls (a POST of an XML envelope
//! with a `SOAPAction` header) rather than GETs: today the Magyar Nemzeti
//! Bank's `/arfolyamok.asmx`.
//!
//! The stub answers a call from the bank's recording (`RECORDED`, under
//! the same path) only when it is a call the bank would take, as the
//! recorded request was written: its `Content-Type`, its `SOAPAction`, an
//! envelope in the SOAP 1.1 namespace whose body holds the action's
//! operation in the service's namespace, and that operation's parameters.
//! Otherwise it answers as a WCF/ASMX service does (the shape of those
//! answers is modelled on that stack, not recorded from the MNB; the words
//! are the stub's own):
//!
//! * a `Content-Type` other than `text/xml`: `415 Unsupported Media Type`;
//! * a body that is not a SOAP 1.1 envelope with a body: `400 Bad Request`;
//! * an unknown or missing `SOAPAction`, an operation that is not the
//!   action's, or parameters the recording cannot answer (a date that is
//!   not `YYYY-MM-DD`, currency names other than the recorded call's):
//!   `500` with a SOAP fault (`text/xml`), which kurs's parser reads as the
//!   service's error.
//!
//! The checks read names and namespace declarations as text; this is a
//! stand-in for a bank, not an XML parser.

/// A SOAP service the stub answers at one path.
pub(crate) struct Service {
    /// The path of the service, as in `RECORDED`.
    pub(crate) path: &'static str,
    /// The namespace of its operations; a `SOAPAction` is this namespace,
    /// `contract`, `/` and the operation.
    pub(crate) namespace: &'static str,
    /// The name of the service contract in its actions.
    pub(crate) contract: &'static str,
    /// The operations answered from the recording, with the parameters
    /// each must carry (empty for a dateless "current" call).
    pub(crate) operations: &'static [(&'static str, &'static [Parameter])],
}

/// A parameter of an operation and what the recording can answer for it.
#[derive(Clone, Copy)]
pub(crate) enum Parameter {
    /// A date, `YYYY-MM-DD`.
    Date(&'static str),
    /// Text that must be exactly this (the recorded call's value).
    Exactly(&'static str, &'static str),
}

/// The Magyar Nemzeti Bank's exchange-rate service.
pub(crate) const MNB: Service = Service {
    path: "/arfolyamok.asmx",
    namespace: "http://www.mnb.hu/webservices/",
    contract: "MNBArfolyamServiceSoap",
    operations: &[
        (
            "GetExchangeRates",
            &[
                Parameter::Date("startDate"),
                Parameter::Date("endDate"),
                Parameter::Exactly("currencyNames", MNB_CURRENCY_NAMES),
            ],
        ),
        ("GetCurrentExchangeRates", &[]),
    ],
};

/// The `currencyNames` of the MNB's recorded call (see its
/// `fixtures/PROVENANCE.md`): the recording quotes these and no others.
const MNB_CURRENCY_NAMES: &str = "AUD,BRL,CAD,CHF,CNY,CZK,DKK,EUR,GBP,HKD,IDR,ILS,INR,ISK,JPY,KRW,MXN,MYR,NOK,NZD,PHP,PLN,RON,RSD,RUB,SEK,SGD,THB,TRY,UAH,USD,ZAR";

/// Every SOAP service of the stub.
pub(crate) const SERVICES: &[Service] = &[MNB];

/// The namespace of a SOAP 1.1 envelope.
const ENVELOPE_NAMESPACE: &str = "http://schemas.xmlsoap.org/soap/envelope/";

/// Why a call is not one the service takes, as the service answers it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// `415 Unsupported Media Type`, with this text.
    MediaType(String),
    /// `400 Bad Request`, with this text.
    BadRequest(String),
    /// `500` with a SOAP fault whose `faultstring` is this.
    Fault(String),
}

impl Service {
    /// The service at `path`, if any.
    pub(crate) fn at(path: &str) -> Option<&'static Service> {
        SERVICES.iter().find(|s| s.path == path)
    }

    /// Checks a call, and gives its dates as a query (`startDate=…&endDate=…`,
    /// empty for a dateless call) for the recording's date window.
    pub(crate) fn check(
        &self,
        content_type: &str,
        action: &str,
        body: &[u8],
    ) -> Result<String, Refusal> {
        if !content_type
            .trim()
            .to_ascii_lowercase()
            .starts_with("text/xml")
        {
            return Err(Refusal::MediaType(format!(
                "415 Unsupported Media Type: the kurs test stub expects a SOAP 1.1 call, Content-Type text/xml; charset=utf-8, not '{content_type}'"
            )));
        }
        let not_envelope = || {
            Refusal::BadRequest(
                "400 Bad Request: the kurs test stub expects a SOAP 1.1 envelope with a body"
                    .to_owned(),
            )
        };
        let text = std::str::from_utf8(body).map_err(|_| not_envelope())?;
        let envelope = element(text, "Envelope").ok_or_else(not_envelope)?;
        let soap_body = element(envelope.content, "Body").ok_or_else(not_envelope)?;
        if namespace(text, envelope.prefix) != Some(ENVELOPE_NAMESPACE)
            || soap_body.prefix != envelope.prefix
        {
            return Err(not_envelope());
        }
        let (operation, parameters) = self.operation(action)?;
        let call = element(soap_body.content, operation)
            .filter(|call| namespace(text, call.prefix) == Some(self.namespace))
            .ok_or_else(|| {
                Refusal::Fault(format!(
                    "kurs test stub: the body holds no {operation} element in {}, as the SOAPAction '{action}' says",
                    self.namespace
                ))
            })?;
        let mut query = Vec::new();
        for parameter in parameters {
            query.push(argument(&call, *parameter)?);
        }
        Ok(query.into_iter().flatten().collect::<Vec<_>>().join("&"))
    }

    /// The operation a `SOAPAction` names, with its parameters.
    fn operation(&self, action: &str) -> Result<(&'static str, &'static [Parameter]), Refusal> {
        let action = action.trim().trim_matches('"');
        let prefix = format!("{}{}/", self.namespace, self.contract);
        let named = action.strip_prefix(&prefix);
        self.operations
            .iter()
            .find(|(name, _)| named == Some(*name))
            .copied()
            .ok_or_else(|| {
                Refusal::Fault(format!(
                    "kurs test stub: the SOAPAction '{action}' is not an operation of this service ({prefix}…)"
                ))
            })
    }
}

/// The value of one parameter of `call`, as `name=value` for a date (the
/// recording's window reads it), `None` for other parameters.
fn argument(call: &Element, parameter: Parameter) -> Result<Option<String>, Refusal> {
    let name = match parameter {
        Parameter::Date(name) | Parameter::Exactly(name, _) => name,
    };
    let value = element(call.content, name)
        .filter(|e| e.prefix == call.prefix)
        .map(|e| e.content.trim());
    match (parameter, value) {
        (Parameter::Date(_), Some(v)) if is_iso_date(v) => Ok(Some(format!("{name}={v}"))),
        (Parameter::Exactly(_, expected), Some(v)) if v == expected => Ok(None),
        (Parameter::Date(_), _) => Err(Refusal::Fault(format!(
            "kurs test stub: expected {name} as YYYY-MM-DD, found {value:?}"
        ))),
        (Parameter::Exactly(..), _) => Err(Refusal::Fault(format!(
            "kurs test stub: no recording for {name} {value:?}; recorded: {name} '{}'",
            match parameter {
                Parameter::Exactly(_, expected) => expected,
                Parameter::Date(_) => "",
            }
        ))),
    }
}

fn is_iso_date(text: &str) -> bool {
    text.len() == 10 && chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok()
}

/// The body of a SOAP 1.1 fault with `words`, as the service sends it.
pub(crate) fn fault(words: &str) -> Vec<u8> {
    let words = words
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        "<s:Envelope xmlns:s=\"{ENVELOPE_NAMESPACE}\"><s:Body><s:Fault><faultcode>s:Client</faultcode><faultstring xml:lang=\"en-US\">{words}</faultstring></s:Fault></s:Body></s:Envelope>"
    )
    .into_bytes()
}

/// One element found by [`element`].
struct Element<'a> {
    /// Its namespace prefix (`""` for none).
    prefix: &'a str,
    /// The text between its start and end tags.
    content: &'a str,
}

/// The first element of `text` whose local name is `local`, with or
/// without a prefix; an empty element (`<a/>`) has empty content.
fn element<'a>(text: &'a str, local: &str) -> Option<Element<'a>> {
    let mut from = 0;
    while let Some(at) = text[from..].find('<') {
        let start = from + at + 1;
        let rest = &text[start..];
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest.len());
        let name = &rest[..end];
        let (prefix, name_local) = name.split_once(':').unwrap_or(("", name));
        if name_local == local && !name.is_empty() {
            let close = rest.find('>')?;
            let tag = &rest[..close];
            if tag.ends_with('/') {
                return Some(Element {
                    prefix,
                    content: "",
                });
            }
            let body = &rest[close + 1..];
            let end_tag = format!("</{name}>");
            let stop = body.find(&end_tag)?;
            return Some(Element {
                prefix,
                content: &body[..stop],
            });
        }
        from = start;
    }
    None
}

/// The namespace `prefix` is declared as anywhere in `text` (`xmlns:p="…"`,
/// or `xmlns="…"` for no prefix).
fn namespace<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let attribute = match prefix {
        "" => "xmlns=".to_owned(),
        p => format!("xmlns:{p}="),
    };
    let at = text.find(&attribute)? + attribute.len();
    let rest = &text[at..];
    let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'')?;
    let value = &rest[1..];
    Some(&value[..value.find(quote)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACTION: &str = "http://www.mnb.hu/webservices/MNBArfolyamServiceSoap/GetExchangeRates";

    /// The envelope of the recorded call (frankfurter's cassette, its
    /// layout kept: prefixes `soap`/`web`, whitespace between elements).
    fn recorded_call(start: &str, names: &str) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"\n  xmlns:web=\"http://www.mnb.hu/webservices/\">\n  <soap:Body>\n    <web:GetExchangeRates>\n      <web:startDate>{start}</web:startDate>\n<web:endDate>2025-03-28</web:endDate>\n<web:currencyNames>{names}</web:currencyNames>\n    </web:GetExchangeRates>\n  </soap:Body>\n</soap:Envelope>\n"
        )
    }

    #[test]
    fn the_recorded_call_is_taken_and_gives_its_dates() {
        let body = recorded_call("2025-03-24", MNB_CURRENCY_NAMES);
        let checked = MNB.check("text/xml; charset=utf-8", ACTION, body.as_bytes());
        assert_eq!(
            checked,
            Ok("startDate=2025-03-24&endDate=2025-03-28".to_owned())
        );
        let quoted = format!("\"{ACTION}\"");
        assert!(MNB.check("text/xml", &quoted, body.as_bytes()).is_ok());
    }

    #[test]
    fn a_call_the_service_would_not_take_is_refused_as_it_would_refuse_it() {
        let good = recorded_call("2025-03-24", MNB_CURRENCY_NAMES);
        let check = |ct: &str, action: &str, body: &str| MNB.check(ct, action, body.as_bytes());
        assert!(matches!(
            check("application/soap+xml", ACTION, &good),
            Err(Refusal::MediaType(_))
        ));
        assert!(matches!(
            check("text/xml", ACTION, "startDate=2025-03-24"),
            Err(Refusal::BadRequest(_))
        ));
        let wrong_ns = good.replace(
            "schemas.xmlsoap.org/soap/envelope/",
            "www.w3.org/2003/05/soap-envelope",
        );
        assert!(matches!(
            check("text/xml", ACTION, &wrong_ns),
            Err(Refusal::BadRequest(_))
        ));
        for action in [
            "",
            "GetExchangeRates",
            "http://www.mnb.hu/webservices/MNBArfolyamServiceSoap/GetInfo",
        ] {
            assert!(
                matches!(check("text/xml", action, &good), Err(Refusal::Fault(_))),
                "{action}"
            );
        }
        let current = ACTION.replace("GetExchangeRates", "GetCurrentExchangeRates");
        assert!(matches!(
            check("text/xml", &current, &good),
            Err(Refusal::Fault(_))
        ));
        let other_ns = good.replace("http://www.mnb.hu/webservices/", "http://example.com/");
        assert!(matches!(
            check("text/xml", ACTION, &other_ns),
            Err(Refusal::Fault(_))
        ));
        let bad_date = recorded_call("24.03.2025", MNB_CURRENCY_NAMES);
        assert!(matches!(
            check("text/xml", ACTION, &bad_date),
            Err(Refusal::Fault(_))
        ));
        let fewer = recorded_call("2025-03-24", "EUR,USD");
        assert!(matches!(
            check("text/xml", ACTION, &fewer),
            Err(Refusal::Fault(_))
        ));
    }

    #[test]
    fn a_current_rates_call_has_no_dates() {
        let body = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:m=\"http://www.mnb.hu/webservices/\"><s:Body><m:GetCurrentExchangeRates/></s:Body></s:Envelope>";
        let action = ACTION.replace("GetExchangeRates", "GetCurrentExchangeRates");
        assert_eq!(
            MNB.check("text/xml", &action, body.as_bytes()),
            Ok(String::new())
        );
    }
}

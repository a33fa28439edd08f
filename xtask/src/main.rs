//! Tasks that produce files of the repository: `cargo xtask <task>`.
//!
//! * `iso4217`: generates `src/currency/iso4217.rs` (the current currencies
//!   of ISO 4217 list one, a sorted static table) from the vendored
//!   `src/data/iso4217-list-one.xml`. `iso4217 --check` only says whether
//!   the file is current (exit 1 when not); the crate's test does the same.
//!
//! Paths are relative to the workspace root, where `cargo xtask` runs.
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["iso4217"] => match regenerate(&root()) {
            Ok(true) => {
                println!("rewrote {TABLE_PATH}");
                ExitCode::SUCCESS
            }
            Ok(false) => {
                println!("{TABLE_PATH} is current");
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e),
        },
        ["iso4217", "--check"] => match check(&root()) {
            Ok(()) => {
                println!("{TABLE_PATH} is current");
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e),
        },
        _ => {
            eprintln!("usage: cargo xtask iso4217 [--check]");
            ExitCode::from(2)
        }
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("xtask: {message}");
    ExitCode::FAILURE
}

/// The workspace root: the parent of this crate's directory.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask/ is inside the workspace")
        .to_owned()
}

/// The table as generated from the vendored XML under `root`.
fn generated(root: &Path) -> Result<String, String> {
    let path = root.join(XML_PATH);
    let xml = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let (published, rows) = read_list_one(&xml);
    Ok(render_table(&published, &rows))
}

/// Writes the table if it differs from the file; whether it did.
fn regenerate(root: &Path) -> Result<bool, String> {
    let source = generated(root)?;
    let path = root.join(TABLE_PATH);
    if std::fs::read_to_string(&path).ok().as_deref() == Some(source.as_str()) {
        return Ok(false);
    }
    std::fs::write(&path, source).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(true)
}

/// Fails, naming the codes that differ, unless the file is what the XML
/// generates.
fn check(root: &Path) -> Result<(), String> {
    let source = generated(root)?;
    let path = root.join(TABLE_PATH);
    let current = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    if current == source {
        return Ok(());
    }
    let differing: Vec<&str> = source
        .lines()
        .zip(current.lines())
        .filter(|(a, b)| a != b)
        .map(|(a, _)| a.trim())
        .take(5)
        .collect();
    Err(format!(
        "{TABLE_PATH} is not what {XML_PATH} generates (first differing lines: {differing:?}); \
         run `cargo xtask iso4217`"
    ))
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    code: String,
    numeric: u16,
    name: String,
    minor_units: Option<u8>,
}

/// List one, vendored from ISO's maintenance agency (see its provenance in
/// `src/data/`).
const XML_PATH: &str = "src/data/iso4217-list-one.xml";
/// The generated table the `kurs` crate compiles.
const TABLE_PATH: &str = "src/currency/iso4217.rs";

/// Reads list one: its publication date and one row per code, sorted by
/// code. Entries with no code (Antarctica, …) are skipped; a code listed
/// for several countries must be described the same way each time.
fn read_list_one(xml: &str) -> (String, Vec<Row>) {
    use quick_xml::events::Event;
    use std::collections::btree_map::{BTreeMap, Entry};

    const FIELDS: [&str; 5] = ["CtryNm", "CcyNm", "Ccy", "CcyNbr", "CcyMnrUnts"];

    let mut reader = quick_xml::Reader::from_str(xml);
    let mut published = None;
    let mut rows = BTreeMap::new();
    // The fields of the entry being read, and the field being read.
    let mut entry: Option<BTreeMap<&str, String>> = None;
    let mut field: Option<&str> = None;
    loop {
        match reader.read_event().expect("list one is well-formed XML") {
            Event::Start(e) => {
                let name = e.local_name();
                let name = std::str::from_utf8(name.as_ref()).unwrap();
                match name {
                    "ISO_4217" => {
                        let attr = e
                            .try_get_attribute("Pblshd")
                            .unwrap()
                            .expect("list one has a publication date");
                        published = Some(attr.unescape_value().unwrap().into_owned());
                    }
                    "CcyNtry" => entry = Some(BTreeMap::new()),
                    _ => {
                        field = FIELDS.into_iter().find(|f| *f == name);
                        if let (Some(f), Some(entry)) = (field, entry.as_mut()) {
                            entry.insert(f, String::new());
                        }
                    }
                }
            }
            Event::Text(t) => {
                if let (Some(f), Some(entry)) = (field, entry.as_mut()) {
                    entry
                        .get_mut(f)
                        .unwrap()
                        .push_str(&t.xml10_content().unwrap());
                }
            }
            Event::GeneralRef(r) => {
                if let (Some(f), Some(entry)) = (field, entry.as_mut()) {
                    let text = match r.resolve_char_ref().unwrap() {
                        Some(c) => c.to_string(),
                        None => {
                            let name = r.decode().unwrap();
                            quick_xml::escape::resolve_predefined_entity(&name)
                                .unwrap_or_else(|| panic!("unknown entity &{name};"))
                                .to_owned()
                        }
                    };
                    entry.get_mut(f).unwrap().push_str(&text);
                }
            }
            Event::End(e) => {
                field = None;
                if e.local_name().as_ref() != b"CcyNtry" {
                    continue;
                }
                let fields = entry.take().expect("an entry was open");
                let get = |f: &str| fields.get(f).map(|v| v.trim()).filter(|v| !v.is_empty());
                let Some(code) = get("Ccy") else {
                    continue; // "No universal currency"
                };
                let row = Row {
                    code: code.to_owned(),
                    numeric: get("CcyNbr")
                        .and_then(|n| n.parse().ok())
                        .unwrap_or_else(|| panic!("{code}: bad numeric code")),
                    name: get("CcyNm")
                        .unwrap_or_else(|| panic!("{code}: no name"))
                        .to_owned(),
                    minor_units: match get("CcyMnrUnts") {
                        Some("N.A.") => None,
                        Some(n) => Some(
                            n.parse()
                                .unwrap_or_else(|_| panic!("{code}: minor units {n:?}")),
                        ),
                        None => panic!("{code}: no minor units"),
                    },
                };
                assert!(
                    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()),
                    "{code}: not an upper-case three-letter code"
                );
                match rows.entry(row.code.clone()) {
                    Entry::Vacant(v) => {
                        v.insert(row);
                    }
                    Entry::Occupied(o) => {
                        assert_eq!(o.get(), &row, "{code} is listed twice, differently")
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let published = published.expect("list one has a publication date");
    (published, rows.into_values().collect())
}

/// The Rust source of `src/currency/iso4217.rs` for list one.
fn render_table(published: &str, rows: &[Row]) -> String {
    use std::fmt::Write;

    let mut out = String::new();
    out.push_str(
        "//! The current currencies of ISO 4217 list one, sorted by code.\n\
         //!\n\
         //! @generated from `src/data/iso4217-list-one.xml` by `cargo xtask iso4217`;\n\
         //! do not edit. A test of the xtask fails when the two disagree.\n\
         \n\
         use super::{current, Currency};\n\
         \n\
         /// The publication date of the list (`Pblshd`).\n",
    );
    writeln!(out, "pub(super) const PUBLISHED: &str = {published:?};").unwrap();
    out.push_str(
        "\n\
         /// One entry per code: code, numeric code, English name, minor units\n\
         /// (`None` where the list says \"N.A.\").\n\
         #[rustfmt::skip]\n",
    );
    writeln!(
        out,
        "pub(super) static CURRENT: [Currency; {}] = [",
        rows.len()
    )
    .unwrap();
    for r in rows {
        let units = match r.minor_units {
            Some(n) => format!("Some({n})"),
            None => "None".to_owned(),
        };
        writeln!(
            out,
            "    current({:?}, {}, {:?}, {units}),",
            r.code, r.numeric, r.name
        )
        .unwrap();
    }
    out.push_str("];\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generated_table_is_current() {
        check(&root()).unwrap();
    }

    #[test]
    fn list_one_is_read_entry_by_entry() {
        let xml = r#"<ISO_4217 Pblshd="2026-01-01"><CcyTbl>
            <CcyNtry><CtryNm>ANTARCTICA</CtryNm><CcyNm>No universal currency</CcyNm></CcyNtry>
            <CcyNtry><CtryNm>FRANCE</CtryNm><CcyNm>Euro</CcyNm><Ccy>EUR</Ccy><CcyNbr>978</CcyNbr><CcyMnrUnts>2</CcyMnrUnts></CcyNtry>
            <CcyNtry><CtryNm>ZZ</CtryNm><CcyNm>Gold</CcyNm><Ccy>XAU</Ccy><CcyNbr>959</CcyNbr><CcyMnrUnts>N.A.</CcyMnrUnts></CcyNtry>
            <CcyNtry><CtryNm>C&#212;TE D&apos;IVOIRE</CtryNm><CcyNm>CFA Franc BCEAO</CcyNm><Ccy>XOF</Ccy><CcyNbr>952</CcyNbr><CcyMnrUnts>0</CcyMnrUnts></CcyNtry>
            <CcyNtry><CtryNm>GERMANY</CtryNm><CcyNm>Euro</CcyNm><Ccy>EUR</Ccy><CcyNbr>978</CcyNbr><CcyMnrUnts>2</CcyMnrUnts></CcyNtry>
        </CcyTbl></ISO_4217>"#;
        let (published, rows) = read_list_one(xml);
        assert_eq!(published, "2026-01-01");
        let codes: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, ["EUR", "XAU", "XOF"]);
        assert_eq!(rows[1].minor_units, None);
        let table = render_table(&published, &rows);
        assert!(
            table.contains(r#"current("EUR", 978, "Euro", Some(2)),"#),
            "{table}"
        );
        assert!(table.contains("static CURRENT: [Currency; 3]"), "{table}");
    }
}

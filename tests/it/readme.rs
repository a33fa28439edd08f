//! README's console examples, run against the real binary and a real server:
//! a change that alters what a user would see fails here until README shows
//! it.
//!
//! Every ` ```console ` block of README.md is a list of `$ command` lines,
//! each followed by the output it prints (stdout, then stderr). `kurs …`
//! runs the built binary; `curl 'http://127.0.0.1:8080/…'` asks a server on
//! the bundled data over HTTP and compares the body. A block that runs
//! `kurs sync` talks to the stub of the banks (README says those outputs
//! come from its data); every other block runs offline, in an empty data
//! directory, as on a fresh machine with no network. In a line of output,
//! `[..]` stands for any text (a timestamp, the stub's port).

use crate::app;
use kurs_stub_bank as upstream;

use std::path::Path;

/// One `$ command` of a console block and the output README shows for it.
#[derive(Debug)]
struct Example {
    /// The line of README the command is on (1-based), for messages.
    line: usize,
    command: String,
    output: String,
}

/// The console blocks of a Markdown text, in order.
fn console_blocks(markdown: &str) -> Vec<Vec<Example>> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<Example>> = None;
    for (i, line) in markdown.lines().enumerate() {
        match (&mut current, line.trim_end()) {
            (None, "```console") => current = Some(Vec::new()),
            (Some(_), "```") => blocks.push(current.take().unwrap()),
            (Some(block), text) => match text.strip_prefix("$ ") {
                Some(command) => block.push(Example {
                    line: i + 1,
                    command: without_comment(command).to_owned(),
                    output: String::new(),
                }),
                None => {
                    let example = block.last_mut().expect("a console block starts with `$ `");
                    example.output.push_str(text);
                    example.output.push('\n');
                }
            },
            (None, _) => {}
        }
    }
    assert!(current.is_none(), "a console block is not closed");
    blocks
}

/// The command without a trailing shell comment (`kurs sync   # fetch now`).
fn without_comment(command: &str) -> &str {
    match command.find(" #") {
        Some(at) => command[..at].trim_end(),
        None => command,
    }
}

/// Where a block's commands run.
struct Setting<'a> {
    data: &'a Path,
    /// The stub bank's origin, for a block that syncs; offline otherwise.
    stub: Option<&'a str>,
    /// The server the `curl` lines ask.
    server: &'a str,
}

async fn run(example: &Example, at: &Setting<'_>) -> String {
    let words = shlex::split(&example.command).expect("a command in shell syntax");
    let (program, args) = words.split_first().expect("a command");
    match program.as_str() {
        "kurs" => kurs(args, at).await,
        "curl" => curl(args, at.server).await,
        other => panic!("README line {}: no runner for `{other}`", example.line),
    }
}

async fn kurs(args: &[String], at: &Setting<'_>) -> String {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = match at.stub {
        Some(origin) => app::run_kurs(origin, at.data, &args).await,
        None => {
            let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_kurs"));
            command
                .args(&args)
                .env("KURS_DATA_DIR", at.data)
                .env("KURS_OFFLINE", "1");
            for source in kurs_rates::registry() {
                command.env_remove(source.origin_variable());
            }
            tokio::task::spawn_blocking(move || command.output().unwrap())
                .await
                .unwrap()
        }
    };
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    // An error is a `kurs: ` line and exit status 2; anything else exits 0.
    let failed = text.lines().any(|l| l.starts_with("kurs: "));
    assert_eq!(
        output.status.code(),
        Some(if failed { 2 } else { 0 }),
        "kurs {args:?}:\n{text}"
    );
    text
}

async fn curl(args: &[String], server: &str) -> String {
    let [url] = args else {
        panic!("curl takes one quoted URL in README, got {args:?}");
    };
    let path = url
        .strip_prefix("http://127.0.0.1:8080")
        .expect("README's examples ask the default address");
    let response = app::client()
        .get(format!("{server}{path}"))
        .send()
        .await
        .unwrap();
    // curl prints the body as it comes; the prompt of the next command is
    // on a new line in README.
    format!("{}\n", response.text().await.unwrap())
}

#[tokio::test]
async fn every_console_example_in_readme_prints_what_readme_shows() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let blocks = console_blocks(&readme);
    assert!(
        blocks.len() >= 4,
        "README has console examples: {}",
        blocks.len()
    );
    let server = app::serve_offline().await;
    let stub = upstream::Upstream::start_with_fixtures().await;
    let mut ran = 0;
    let mut wrong = Vec::new();
    for block in &blocks {
        let data = tempfile::tempdir().unwrap();
        let syncs = block.iter().any(|e| e.command.starts_with("kurs sync"));
        let at = Setting {
            data: data.path(),
            stub: syncs.then_some(stub.url.as_str()),
            server: &server,
        };
        for example in block {
            let got = run(example, &at).await;
            ran += 1;
            if !matches(&example.output, &got) {
                wrong.push(format!(
                    "README line {}: $ {}\n--- README shows:\n{}--- kurs prints:\n{}",
                    example.line, example.command, example.output, got
                ));
            }
        }
    }
    assert!(ran >= 10, "only {ran} examples ran");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Whether `got` is what README shows, line by line, `[..]` matching any
/// text within its line.
fn matches(shown: &str, got: &str) -> bool {
    shown.lines().count() == got.lines().count()
        && shown
            .lines()
            .zip(got.lines())
            .all(|(s, g)| line_matches(s, g))
}

fn line_matches(shown: &str, got: &str) -> bool {
    let mut parts = shown.split("[..]");
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = got.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

#[test]
fn a_wildcard_matches_any_text_within_its_line() {
    assert!(matches("a [..] c\nd\n", "a b b c\nd\n"));
    assert!(matches("[..]\n", "anything\n"));
    assert!(!matches("a [..] c\n", "a b d\n"));
    assert!(!matches("a [..]\n", "a b\nc\n"));
    assert!(!matches("exact\n", "exact too\n"));
}

#[test]
fn console_blocks_are_read_command_by_command() {
    let text = "intro\n```console\n$ kurs a   # why\none\ntwo\n$ curl 'x'\n{}\n```\n```sh\n$ not this\n```\n";
    let blocks = console_blocks(text);
    assert_eq!(blocks.len(), 1);
    assert_eq!(blocks[0][0].command, "kurs a");
    assert_eq!(blocks[0][0].output, "one\ntwo\n");
    assert_eq!(blocks[0][0].line, 3);
    assert_eq!(blocks[0][1].command, "curl 'x'");
    assert_eq!(blocks[0][1].output, "{}\n");
}

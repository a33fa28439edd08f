//! Link flags of the `kurs` binary.
//!
//! On Linux with glibc, relative relocations are packed (`-z
//! pack-relative-relocs`, DT_RELR): the binary stays position-independent
//! (ASLR kept) and its relocation table shrinks from 24 bytes per pointer
//! to a bitmap, about 1.1 MB of the release binary. The loader must know
//! DT_RELR (glibc 2.36; the linker then records the need, so an older
//! glibc refuses the binary with a message instead of crashing), and the
//! linker must know the flag (GNU ld 2.38, lld 15): both are probed by
//! linking an empty C program with the C compiler Rust links with, and
//! the flag is left out where that fails.

use std::process::{Command, Stdio};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=CC");
    let target = |key: &str| std::env::var(key).unwrap_or_default();
    let native = target("TARGET") == target("HOST");
    if !native
        || target("CARGO_CFG_TARGET_OS") != "linux"
        || target("CARGO_CFG_TARGET_ENV") != "gnu"
    {
        return;
    }
    if links_with("-Wl,-z,pack-relative-relocs") {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// Whether the C compiler links a program with `flag`, without a warning,
/// and the program runs.
fn links_with(flag: &str) -> bool {
    let Ok(out) = std::env::var("OUT_DIR") else {
        return false;
    };
    let dir = std::path::Path::new(&out);
    let source = dir.join("relr-probe.c");
    let program = dir.join("relr-probe");
    // A pointer in writable data: a relative relocation to pack.
    let text = "static int x; int *p = &x; int main(void) { return *p; }\n";
    if std::fs::write(&source, text).is_err() {
        return false;
    }
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".into());
    // GNU ld before 2.38 warns that it ignores an unknown `-z` keyword.
    let linked = Command::new(cc)
        .args(["-pie", "-fPIE", "-o"])
        .arg(&program)
        .arg(&source)
        .arg(flag)
        .stdin(Stdio::null())
        .output()
        .is_ok_and(|o| o.status.success() && o.stderr.is_empty());
    // It must also run here: the probe's glibc is the build machine's.
    linked && Command::new(&program).status().is_ok_and(|s| s.success())
}

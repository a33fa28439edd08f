//! The `kurs` binary; everything it does lives in [`kurs::cli`].

#![forbid(unsafe_code)]

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    kurs::cli::main()
}

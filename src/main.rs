//! The `kurs` binary; everything it does lives in [`kurs::cli`].

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    kurs::cli::main()
}

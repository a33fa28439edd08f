//! The `kurs` binary; everything it does lives in [`kurs::cli`].

fn main() -> std::process::ExitCode {
    kurs::cli::main()
}

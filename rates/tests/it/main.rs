//! The integration tests of `kurs-rates`, one binary: the store, the data
//! directory, the refreshers and the snapshot, against the stub bank
//! (`kurs-stub-bank`, in `tests/support/`) where they fetch.

mod data_dir;
mod fuzz_regressions;
mod lazy_years;
mod plausibility;
mod post;
mod refresh;
mod snapshot;
mod store;
mod sync_full;
mod upstream_stub;

//! kurs's integration tests, one binary: the real `kurs` binary and the
//! HTTP app over real TCP, against the stub bank (`kurs-stub-bank`, in
//! `tests/support/`). One module per subject; `app` serves the app and runs
//! the binary for all of them.
//!
//! The exact oracle (`tests/oracle.rs`, also run in release by
//! `scripts/test`) and the property tests (`tests/properties.rs`) need
//! neither and stay binaries of their own.

mod app;

mod api;
mod backfill;
mod cli;
mod cli_sync;
mod cli_sync_full;
mod cnb;
mod connections;
mod export;
mod frankfurter;
mod frankfurter_v2;
mod heavy;
mod lazy_book;
mod locale;
mod mcp;
mod metrics;
mod openapi;
mod policy;
mod readme;
mod settings;
mod shared_data_dir;
mod sources;
mod upstream_limits;
mod widget;

//! How `kurs sync --full` shows a long backfill: a progress bar when stderr
//! is a terminal, otherwise one quiet line every [`LOG_EVERY`] requests (a
//! log, a CI job, a cron mail).

use std::io::{IsTerminal, Write};

use indicatif::{ProgressBar, ProgressStyle};
use kurs_rates::{FullProgress, SourceId};

/// Without a terminal, a line every this many requests (and at the end).
pub const LOG_EVERY: usize = 10;

/// Shows the progress of one source's full sync.
pub enum Progress {
    /// A bar on the terminal, drawn by indicatif (stderr).
    Bar(ProgressBar),
    /// Lines on stderr.
    Log {
        /// The source, named on each line.
        source: SourceId,
        /// The requests done when the last line was written.
        logged: usize,
    },
}

impl Progress {
    /// A bar if stderr is a terminal, lines otherwise.
    pub fn new(source: SourceId) -> Progress {
        if !std::io::stderr().is_terminal() {
            return Progress::Log { source, logged: 0 };
        }
        let bar = ProgressBar::new(1);
        let style = ProgressStyle::with_template("{prefix}: [{bar:30}] {pos}/{len} requests {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        bar.set_prefix(source.to_string());
        Progress::Bar(bar)
    }

    /// Notes that `step` is reached.
    pub fn update(&mut self, step: FullProgress) {
        match self {
            Progress::Bar(bar) => {
                bar.set_length(step.total as u64);
                bar.set_position(step.done as u64);
                if step.skipped > 0 {
                    bar.set_message(format!("({} already held)", step.skipped));
                }
            }
            Progress::Log { source, logged } => {
                let end = step.done == step.total;
                if step.done >= *logged + LOG_EVERY || (end && step.done > *logged) {
                    *logged = step.done;
                    let _ = writeln!(std::io::stderr(), "{}", line(*source, step));
                }
            }
        }
    }

    /// Removes the bar, if any, before the report is printed.
    pub fn finish(self) {
        if let Progress::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}

/// The log line for `step`, e.g. `kurs: cbr: full sync: 20 of 55 requests`.
fn line(source: SourceId, step: FullProgress) -> String {
    let skipped = match step.skipped {
        0 => String::new(),
        n => format!(" ({n} skipped: already held)"),
    };
    format!(
        "kurs: {source}: full sync: {} of {} requests{skipped}",
        step.done, step.total
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_log_line_says_how_many_requests_of_how_many() {
        let step = FullProgress {
            done: 20,
            total: 55,
            skipped: 0,
        };
        assert_eq!(
            line(SourceId::CBR, step),
            "kurs: cbr: full sync: 20 of 55 requests"
        );
        let step = FullProgress { skipped: 3, ..step };
        assert!(line(SourceId::CBR, step).ends_with("(3 skipped: already held)"));
    }
}

//! Progress of the PDF work, on stderr: a bar on a terminal (indicatif), a few plain lines in a
//! log (CI), nothing with `--quiet`. Never part of the output, and never in the way of the
//! diagnostics, which are printed after the bar is gone.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How progress is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProgressMode {
    /// A bar when stderr is a terminal, plain lines otherwise.
    #[default]
    Auto,
    /// Nothing (`--quiet`).
    Quiet,
}

/// In a log, a line every tenth of the work, but only for runs this long: a small run says once
/// what it does and is done.
const LINES_FROM: usize = 100;

pub struct Progress {
    bar: Option<ProgressBar>,
    lines: bool,
    total: AtomicUsize,
    reused: AtomicUsize,
    made: AtomicUsize,
}

impl Progress {
    pub fn new(mode: ProgressMode) -> Progress {
        let terminal = std::io::stderr().is_terminal();
        let bar = (mode == ProgressMode::Auto && terminal).then(|| {
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} PDFs, {eta} left")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            bar.set_prefix("typst");
            bar
        });
        Progress {
            bar,
            lines: mode == ProgressMode::Auto && !terminal,
            total: AtomicUsize::new(0),
            reused: AtomicUsize::new(0),
            made: AtomicUsize::new(0),
        }
    }

    /// `total` PDFs are wanted; some may come from the cache.
    pub fn start(&self, total: usize) {
        self.total.store(total, Ordering::SeqCst);
    }

    pub fn reused(&self) {
        self.reused.fetch_add(1, Ordering::SeqCst);
    }

    /// typst starts on the PDFs the cache did not have (the reused ones are counted by now).
    pub fn making(&self, count: usize) {
        let reused = self.reused.load(Ordering::SeqCst);
        if let Some(bar) = &self.bar {
            bar.set_length(count as u64);
            bar.reset_eta();
        } else if self.lines {
            let from_cache = if reused > 0 {
                format!("; {reused} reused from the cache")
            } else {
                String::new()
            };
            eprintln!(
                "making {count} PDF{} with typst{from_cache}",
                if count == 1 { "" } else { "s" }
            );
        }
    }

    /// typst finished one PDF.
    pub fn made(&self) {
        let made = self.made.fetch_add(1, Ordering::SeqCst) + 1;
        if let Some(bar) = &self.bar {
            bar.inc(1);
        } else if self.lines {
            let count = self.total.load(Ordering::SeqCst) - self.reused.load(Ordering::SeqCst);
            let tenth = count.div_ceil(10).max(1);
            if count >= LINES_FROM && made.is_multiple_of(tenth) && made < count {
                eprintln!("typst: {made} of {count} PDFs made");
            }
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

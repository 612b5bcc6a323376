//! Progress bars for the long passes (`regenerate`, a big inbox), drawn on
//! standard error only when it is a terminal, and the log's writer, which
//! lifts the bars while a log line is written so neither garbles the other.
//! Under a service manager or a pipe nothing is drawn: the log says it all.

use std::io::{IsTerminal, Write};
use std::sync::LazyLock;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Fewer files than this go by without a bar: their log lines suffice.
pub const BIG_PASS: usize = 10;

/// Every bar shown, drawn together on standard error.
static BARS: LazyLock<MultiProgress> = LazyLock::new(|| {
    let target = if std::io::stderr().is_terminal() {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    };
    MultiProgress::with_draw_target(target)
});

/// A bar over `total` items described by `what` ("tệp đầu vào"), or a
/// hidden one when standard error is no terminal.
pub fn bar(total: usize, what: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = BARS.add(ProgressBar::new(total as u64));
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "{{bar:40}} {{pos}}/{{len}} {what} ({{elapsed}}, còn khoảng {{eta}})"
        ))
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// The log's writer: standard error, with the bars lifted while a line is
/// written.
#[derive(Debug, Clone, Copy, Default)]
pub struct LogWriter;

/// One log event, written whole when dropped.
#[derive(Debug, Default)]
pub struct LogLine(Vec<u8>);

impl Write for LogLine {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for LogLine {
    fn drop(&mut self) {
        if self.0.is_empty() {
            return;
        }
        let mut line = std::mem::take(&mut self.0);
        // One event, one line: a line break inside it (a file name made on
        // a Mac or by a script can hold one) becomes a space.
        // Where no colours are drawn (a file, a pipe, a service manager's
        // journal) no control character at all: an escape in a name would
        // otherwise reach whoever reads the log in a terminal.
        let plain = !std::io::stderr().is_terminal();
        let end = line.len() - usize::from(line.ends_with(b"\n"));
        for byte in &mut line[..end] {
            if *byte == b'\n' || *byte == b'\r' || (plain && (*byte < 0x20 || *byte == 0x7f)) {
                *byte = b' ';
            }
        }
        BARS.suspend(|| {
            let mut err = std::io::stderr().lock();
            // A log that cannot be written has nowhere to say so.
            let _ = err.write_all(&line);
            let _ = err.flush();
        });
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for LogWriter {
    type Writer = LogLine;

    fn make_writer(&'a self) -> LogLine {
        LogLine::default()
    }
}

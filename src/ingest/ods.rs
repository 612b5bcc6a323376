//! OpenDocument spreadsheets (`.ods`), scanned before calamine reads them.
//!
//! calamine parses every table of `content.xml` as it opens the spreadsheet and builds
//! each one's dense range, repeating a cell `table:number-columns-repeated` times (up to
//! 16.384 columns) and a row `table:number-rows-repeated` times (up to 100 million cells a
//! table), each copy holding its own copy of the cell's text; a `text:s` element adds as
//! many spaces as its `text:c` says. A few kilobytes can so ask for gigabytes. It also
//! reads on forever when `content.xml` ends inside a table.
//!
//! Owns: walking `content.xml` as calamine does (the same elements by their prefixed
//! names, the same notion of an empty cell: no value, no formula, not a text cell; the
//! same caps on repeats), taking the block of every repeated cell that holds something
//! into [`Bounds`] and its text, once per copy, into the [`TextBudget`]. Trailing empty
//! rows and cells, which LibreOffice repeats a million times, cost nothing, as in
//! calamine. Guarantees: when [`check`] passes, calamine builds no table beyond the limits
//! and copies no more text than the budget; the walk itself holds one cell at a time.
//! Where calamine would stop with an error, the walk goes on (it stays an upper bound);
//! where calamine would never stop, or the XML cannot be read, the file is refused.

use std::io::{BufReader, Cursor};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::bounds::{Bounds, TextBudget};
use super::{Limits, ReadError};

/// calamine's caps on a table's rows and on a row's columns.
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLUMNS: u64 = 16_384;

type Xml<'a> = Reader<BufReader<zip::read::ZipFile<'a, Cursor<&'a [u8]>>>>;

/// What calamine does not say of an OpenDocument table, found on the same walk: its merged
/// cells (`table:number-columns-spanned`, `table:number-rows-spanned`) and the cells whose
/// value is an error (`calcext:value-type="error"`, stored by LibreOffice as the text
/// "#N/A"), by table name.
#[derive(Debug, Default)]
pub(super) struct Extras {
    /// Merged regions: table, first row, first column, rows, columns.
    pub spans: Vec<(String, u64, u64, u64, u64)>,
    /// Error cells: table, row, column.
    pub errors: Vec<(String, u64, u64)>,
}

/// The most merged regions and error cells kept (a file may repeat them without end).
const MAX_EXTRAS: usize = 100_000;

/// Checks the tables of the OpenDocument spreadsheet `bytes` against the limits; nothing to
/// check when it has no `content.xml` (calamine refuses it). Returns what calamine does
/// not report.
pub(super) fn check(
    bytes: &[u8],
    limits: &Limits,
    text: &mut TextBudget,
) -> Result<Extras, ReadError> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(Extras::default());
    };
    let Ok(content) = archive.by_name("content.xml") else {
        return Ok(Extras::default());
    };
    // As calamine configures its reader.
    let mut xml = Reader::from_reader(BufReader::new(content));
    let config = xml.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    let mut walk = Walk {
        xml,
        row_buf: Vec::with_capacity(1024),
        cell_buf: Vec::with_capacity(1024),
        limits,
        text,
        before: 0,
        extras: Extras::default(),
    };
    walk.content()?;
    Ok(walk.extras)
}

/// The walk over `content.xml`.
struct Walk<'a, 'l, 't> {
    xml: Xml<'a>,
    /// Buffers of the row and cell levels, lent out while one is read (the event of the
    /// level above borrows its own).
    row_buf: Vec<u8>,
    cell_buf: Vec<u8>,
    limits: &'l Limits,
    text: &'t mut TextBudget,
    /// Cells of the tables before the one being read.
    before: usize,
    /// Merged regions and error cells found.
    extras: Extras,
}

/// What a cell holds, as far as its limits go.
struct CellScan {
    /// No value, no formula, not a text cell: calamine keeps nothing for it.
    empty: bool,
    /// The most bytes of text (value and formula) one copy of it holds.
    bytes: u64,
    /// Its value is an error ("#N/A").
    error: bool,
}

/// The value of the attribute with this prefixed name, unescaped.
fn attr(e: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| match a.unescape_value() {
            Ok(value) => value.into_owned(),
            Err(_) => String::from_utf8_lossy(&a.value).into_owned(),
        })
}

/// A count attribute (`table:number-columns-repeated`, `text:c`) parsed as calamine parses
/// it; `None` where calamine stops at it with an error, `Some(1)` when it is absent. It is
/// read for every cell: unescaped only when it holds an entity.
fn count<N: std::str::FromStr>(e: &BytesStart<'_>, name: &[u8], absent: N) -> Option<N> {
    let Some(a) = e
        .attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == name)
    else {
        return Some(absent);
    };
    if a.value.contains(&b'&') {
        a.unescape_value().ok()?.parse().ok()
    } else {
        std::str::from_utf8(&a.value).ok()?.parse().ok()
    }
}

/// A repeat count as calamine reads it; 1 where calamine stops at it with an error.
fn repeats(e: &BytesStart<'_>, name: &[u8]) -> u64 {
    count::<usize>(e, name, 1).map_or(1, |n| n as u64)
}

/// The next event, read into `buf`; the XML's own errors refuse the file (calamine's reader
/// may be another version, and a walk that cannot go on bounds nothing).
fn next<'b>(xml: &mut Xml<'_>, buf: &'b mut Vec<u8>) -> Result<Event<'b>, ReadError> {
    buf.clear();
    xml.read_event_into(buf)
        .map_err(|e| ReadError::Corrupt(format!("content.xml: {e}")))
}

impl Walk<'_, '_, '_> {
    fn content(&mut self) -> Result<(), ReadError> {
        let mut buf = Vec::with_capacity(1024);
        loop {
            match next(&mut self.xml, &mut buf)? {
                Event::Start(e) if e.name().as_ref() == b"table:table" => {
                    // calamine reads only named tables.
                    if let Some(name) = attr(&e, b"table:name") {
                        self.table(&name)?;
                    }
                }
                Event::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    /// A table, to its first `table:table` end as calamine reads it: every row start,
    /// however nested.
    fn table(&mut self, name: &str) -> Result<(), ReadError> {
        let limits = self.limits;
        let mut bounds = Bounds::new(limits, name, self.before);
        // The first row of the next row element: calamine places a row element by the
        // repeats before it, a row element repeated 0 times taking at most one row.
        let mut row = 0u64;
        let mut total_rows = 0u64;
        let mut buf = Vec::with_capacity(1024);
        loop {
            match next(&mut self.xml, &mut buf)? {
                Event::Start(e) if e.name().as_ref() == b"table:table-row" => {
                    let capped = repeats(&e, b"table:number-rows-repeated")
                        .min(MAX_ROWS.saturating_sub(total_rows));
                    total_rows += capped;
                    self.row(name, &mut bounds, row, capped.max(1))?;
                    row = row.saturating_add(capped.max(1));
                }
                Event::End(e) if e.name().as_ref() == b"table:table" => break,
                // calamine waits for the end of the table forever.
                Event::Eof => return Err(ends_inside(name)),
                _ => {}
            }
        }
        self.before = self.before.saturating_add(bounds.cells());
        Ok(())
    }

    /// A row element covering `rows` rows from `row`, to its end: its cells take columns
    /// as calamine places them (empty cells only when something follows them, each row
    /// at most 16.384 columns).
    fn row(
        &mut self,
        name: &str,
        bounds: &mut Bounds<'_>,
        row: u64,
        rows: u64,
    ) -> Result<(), ReadError> {
        let mut buf = std::mem::take(&mut self.row_buf);
        let read = self.row_cells(&mut buf, name, bounds, (row, rows));
        self.row_buf = buf;
        read
    }

    fn row_cells(
        &mut self,
        buf: &mut Vec<u8>,
        name: &str,
        bounds: &mut Bounds<'_>,
        (row, rows): (u64, u64),
    ) -> Result<(), ReadError> {
        let mut col = 0u64;
        let mut empty = 0u64;
        loop {
            match next(&mut self.xml, buf)? {
                Event::Start(e)
                    if matches!(
                        e.name().as_ref(),
                        b"table:table-cell" | b"table:covered-table-cell"
                    ) =>
                {
                    let repeat = repeats(&e, b"table:number-columns-repeated");
                    let spanned = (
                        repeats(&e, b"table:number-rows-spanned"),
                        repeats(&e, b"table:number-columns-spanned"),
                    );
                    let cell = self.cell(name, &e)?;
                    let at = col + empty.min(MAX_COLUMNS.saturating_sub(col));
                    let kept = self.extras.spans.len() + self.extras.errors.len() < MAX_EXTRAS;
                    if kept && (spanned.0 > 1 || spanned.1 > 1) {
                        self.extras
                            .spans
                            .push((name.to_owned(), row, at, spanned.0, spanned.1));
                    }
                    if kept && cell.error && !cell.empty {
                        self.extras.errors.push((name.to_owned(), row, at));
                    }
                    col += empty.min(MAX_COLUMNS.saturating_sub(col));
                    empty = 0;
                    let copies = repeat.min(MAX_COLUMNS.saturating_sub(col));
                    if cell.empty {
                        empty = copies;
                    } else {
                        bounds.block(row, col, rows, copies)?;
                        let bytes = cell.bytes.saturating_mul(copies).saturating_mul(rows);
                        self.text.take(bytes, name, row, col)?;
                        col += copies;
                    }
                }
                Event::End(e) if e.name().as_ref() == b"table:table-row" => return Ok(()),
                Event::Eof => return Err(ends_inside(name)),
                // calamine stops with an error at anything else; going on bounds more.
                _ => {}
            }
        }
    }

    /// A cell from its start to its end, read as calamine's `get_datatype` reads it.
    fn cell(&mut self, name: &str, e: &BytesStart<'_>) -> Result<CellScan, ReadError> {
        let mut buf = std::mem::take(&mut self.cell_buf);
        let read = self.cell_content(&mut buf, name, e);
        self.cell_buf = buf;
        read
    }

    fn cell_content(
        &mut self,
        buf: &mut Vec<u8>,
        name: &str,
        e: &BytesStart<'_>,
    ) -> Result<CellScan, ReadError> {
        let (mut text_type, mut error_type, mut value) = (false, false, false);
        let (mut value_bytes, mut empty_string_value, mut formula_bytes) = (0u64, false, 0u64);
        for a in e.attributes().with_checks(false).flatten() {
            let len = a.value.len() as u64;
            match a.key.as_ref() {
                b"office:value" | b"office:boolean-value" if !value => value = true,
                key @ (b"office:string-value" | b"office:date-value" | b"office:time-value")
                    if !value =>
                {
                    value = true;
                    value_bytes = len;
                    empty_string_value = key == b"office:string-value" && len == 0;
                }
                b"office:value-type" if !value => text_type = a.value.as_ref() == b"string",
                b"calcext:value-type" => error_type = a.value.as_ref() == b"error",
                b"table:formula" => formula_bytes = len,
                _ => {}
            }
        }
        if (!value && text_type) || (error_type && empty_string_value) {
            // A text cell: its paragraphs, to the first end of any cell.
            let bytes = self.cell_text(buf, name)?;
            return Ok(CellScan {
                empty: false,
                bytes: bytes.saturating_add(formula_bytes),
                error: error_type,
            });
        }
        // calamine skips the rest of the element.
        let tag = e.name();
        let mut depth = 1usize;
        while depth > 0 {
            match next(&mut self.xml, buf)? {
                Event::Start(inner) if inner.name() == tag => depth += 1,
                Event::End(inner) if inner.name() == tag => depth -= 1,
                Event::Eof => return Err(ends_inside(name)),
                _ => {}
            }
        }
        Ok(CellScan {
            empty: !value && formula_bytes == 0,
            bytes: value_bytes.saturating_add(formula_bytes),
            error: error_type,
        })
    }

    /// The most bytes a text cell's content decodes to.
    fn cell_text(&mut self, buf: &mut Vec<u8>, name: &str) -> Result<u64, ReadError> {
        let mut bytes = 0u64;
        let mut first_paragraph = true;
        loop {
            match next(&mut self.xml, buf)? {
                Event::Text(t) => bytes = bytes.saturating_add(t.len() as u64),
                // An entity or character reference: at most four bytes.
                Event::GeneralRef(_) => bytes = bytes.saturating_add(4),
                Event::End(e)
                    if matches!(
                        e.name().as_ref(),
                        b"table:table-cell" | b"table:covered-table-cell"
                    ) =>
                {
                    return Ok(bytes);
                }
                Event::Start(e) if e.name().as_ref() == b"office:annotation" => {
                    // A comment is skipped to its end; calamine waits for it forever.
                    loop {
                        match next(&mut self.xml, buf)? {
                            Event::End(e) if e.name().as_ref() == b"office:annotation" => break,
                            Event::Eof => return Err(ends_inside(name)),
                            _ => {}
                        }
                    }
                }
                Event::Start(e) if e.name().as_ref() == b"text:p" => {
                    if !first_paragraph {
                        bytes = bytes.saturating_add(1);
                    }
                    first_paragraph = false;
                }
                Event::Start(e) if e.name().as_ref() == b"text:s" => {
                    // calamine reads the count as an i32: an error past it, nothing below 0.
                    let spaces = count::<i32>(&e, b"text:c", 1).unwrap_or(0);
                    bytes = bytes.saturating_add(spaces.max(0) as u64);
                }
                Event::Start(e)
                    if matches!(e.name().as_ref(), b"text:tab" | b"text:line-break") =>
                {
                    bytes = bytes.saturating_add(1);
                }
                Event::Eof => return Err(ends_inside(name)),
                _ => {}
            }
        }
    }
}

fn ends_inside(table: &str) -> ReadError {
    ReadError::Corrupt(format!("content.xml ends inside the table \"{table}\""))
}

//! Cell fonts, which calamine does not report, read from the workbook's own XML so that a
//! text cell's font can be its legacy-encoding hint (`.VnTime` → TCVN3, `VNI-Times` →
//! VNI; the mapping itself is [`Hint::from_font`] of the text module).
//!
//! Owns: for `.xlsx`/`.xlsm`, finding each sheet's part (`_rels/.rels`, the workbook and
//! its relationships), the font of each cell format (`styles.xml`: `cellXfs` → `fonts`),
//! the fonts named by rich-text shared strings (`sharedStrings.xml`), and the style of
//! each text cell of a sheet. Guarantees: never an error and never a panic; a part that
//! is missing, larger than the unpacked-size limit or malformed means "no font known",
//! and the text is then repaired exactly as without fonts. Parts are parsed streaming;
//! sheets are read only when some font of the workbook names a legacy encoding.

use std::collections::HashMap;
use std::io::{BufReader, Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::Limits;
use crate::text::Hint;

/// The fonts of a workbook's cells, read sheet by sheet on demand.
pub(super) struct CellFonts<'a> {
    source: Option<Xlsx<'a>>,
}

impl<'a> CellFonts<'a> {
    /// Reads what is known of the fonts of the zip workbook `bytes`; nothing at all for
    /// other containers, or when no font in it names a legacy encoding.
    pub(super) fn read(bytes: &'a [u8], limits: &Limits) -> CellFonts<'a> {
        CellFonts {
            source: Xlsx::open(bytes, limits),
        }
    }

    /// No fonts known (`.xls`, whose fonts calamine does not report either).
    pub(super) fn none() -> CellFonts<'a> {
        CellFonts { source: None }
    }

    /// The fonts of the text cells of the sheet named `name` (as the workbook writes it).
    pub(super) fn sheet(&mut self, name: &str) -> SheetFonts {
        self.source
            .as_mut()
            .and_then(|x| x.sheet(name))
            .unwrap_or_default()
    }
}

/// The legacy hints of one sheet's text cells, by 0-based (row, column).
#[derive(Debug, Default)]
pub(super) struct SheetFonts {
    cells: HashMap<(u32, u32), Hint>,
}

impl SheetFonts {
    /// The hint of the cell at (row, column): [`Hint::Auto`] unless its font names a
    /// legacy encoding.
    pub(super) fn hint(&self, row: usize, col: usize) -> Hint {
        match (u32::try_from(row), u32::try_from(col)) {
            (Ok(r), Ok(c)) => self.cells.get(&(r, c)).copied().unwrap_or_default(),
            _ => Hint::Auto,
        }
    }
}

fn is_legacy(hint: Hint) -> bool {
    matches!(hint, Hint::Tcvn3 { .. } | Hint::Vni)
}

/// An Office Open XML workbook whose styles or shared strings name a legacy font.
struct Xlsx<'a> {
    zip: Zip<'a>,
    /// Sheet name → worksheet part.
    sheets: HashMap<String, String>,
    /// The hint of each cell format (`cellXfs`), by style index.
    styles: Vec<Hint>,
    /// The hint of each shared string whose runs name fonts, by index: `None` when the
    /// string takes the cell's font.
    strings: Vec<Option<Hint>>,
    max_cells: usize,
}

impl<'a> Xlsx<'a> {
    fn open(bytes: &'a [u8], limits: &Limits) -> Option<Xlsx<'a>> {
        let mut zip = Zip::open(bytes, limits)?;
        // The workbook part, as calamine finds it: the package's officeDocument.
        let mut workbook = String::from("xl/workbook.xml");
        zip.each_start("_rels/.rels", |e| {
            if e.local_name().as_ref() == b"Relationship"
                && attr(e, b"Type").is_some_and(|t| t.ends_with("/officeDocument"))
                && let Some(target) = attr(e, b"Target")
            {
                workbook = target.trim_start_matches('/').to_owned();
            }
        });
        let (dir, file) = workbook.rsplit_once('/').unwrap_or(("", &workbook));
        let dir = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let mut targets = HashMap::new();
        zip.each_start(&format!("{dir}_rels/{file}.rels"), |e| {
            if e.local_name().as_ref() == b"Relationship"
                && let (Some(id), Some(target)) = (attr(e, b"Id"), attr(e, b"Target"))
            {
                targets.insert(id, target);
            }
        })?;
        let mut sheets = HashMap::new();
        zip.each_start(&workbook, |e| {
            if e.local_name().as_ref() == b"sheet"
                && let (Some(name), Some(id)) = (attr(e, b"name"), attr(e, b"id"))
                && let Some(target) = targets.get(&id)
            {
                let part = match target.strip_prefix('/') {
                    Some(absolute) => absolute.to_owned(),
                    None => format!("{dir}{target}"),
                };
                sheets.insert(name, part);
            }
        })?;
        let styles = read_styles(&mut zip, &format!("{dir}styles.xml")).unwrap_or_default();
        let strings =
            read_string_fonts(&mut zip, &format!("{dir}sharedStrings.xml")).unwrap_or_default();
        let any_legacy =
            styles.iter().any(|h| is_legacy(*h)) || strings.iter().flatten().any(|h| is_legacy(*h));
        any_legacy.then_some(Xlsx {
            zip,
            sheets,
            styles,
            strings,
            max_cells: limits.max_cells,
        })
    }

    /// The hints of the sheet's text cells; `None` when the sheet cannot be read.
    fn sheet(&mut self, name: &str) -> Option<SheetFonts> {
        let part = self.sheets.get(name)?.clone();
        let mut cells = HashMap::new();
        let (mut row, mut seen_row): (u32, bool) = (0, false);
        let mut next_col: u32 = 0;
        let mut cell: Option<Cell> = None;
        let mut in_value = false;
        let (styles, strings, max_cells) = (&self.styles, &self.strings, self.max_cells);
        self.zip.each_event(&part, |event| match event {
            Event::Start(e) => match e.local_name().as_ref() {
                b"row" => {
                    row = match attr(e, b"r").and_then(|r| r.trim().parse::<u32>().ok()) {
                        Some(r) => r.saturating_sub(1),
                        None if seen_row => row.saturating_add(1),
                        None => 0,
                    };
                    seen_row = true;
                    next_col = 0;
                }
                b"c" => {
                    let (r, c) = attr(e, b"r")
                        .and_then(|r| parse_ref(&r))
                        .unwrap_or((row, next_col));
                    row = r;
                    next_col = c.saturating_add(1);
                    // Only text cells need a hint: shared strings, formula strings and
                    // inline strings.
                    let kind = attr(e, b"t");
                    let text = matches!(kind.as_deref(), Some("s" | "str" | "inlineStr"));
                    cell = text.then(|| Cell {
                        at: (r, c),
                        style: attr(e, b"s")
                            .and_then(|s| s.trim().parse().ok())
                            .unwrap_or(0),
                        shared: kind.as_deref() == Some("s"),
                        value: String::new(),
                    });
                }
                b"v" => in_value = cell.as_ref().is_some_and(|c| c.shared),
                _ => {}
            },
            Event::Text(t) if in_value => {
                if let Some(cell) = cell.as_mut() {
                    cell.value.push_str(&String::from_utf8_lossy(t));
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"v" => in_value = false,
                b"c" => {
                    if let Some(cell) = cell.take() {
                        let from_string = if cell.shared {
                            let index = cell.value.trim().parse::<usize>().ok();
                            index.and_then(|i| strings.get(i).copied().flatten())
                        } else {
                            None
                        };
                        let hint = from_string
                            .or_else(|| styles.get(cell.style).copied())
                            .unwrap_or_default();
                        if is_legacy(hint) && cells.len() < max_cells {
                            cells.insert(cell.at, hint);
                        }
                    }
                    in_value = false;
                }
                _ => {}
            },
            _ => {}
        })?;
        Some(SheetFonts { cells })
    }
}

/// A text cell being read: where, its style index, whether its value is a shared string
/// index, and that index as written.
struct Cell {
    at: (u32, u32),
    style: usize,
    shared: bool,
    value: String,
}

/// The hint of each cell format of `styles.xml`: the name of the font its `fontId`
/// points at, through [`Hint::from_font`].
fn read_styles(zip: &mut Zip<'_>, part: &str) -> Option<Vec<Hint>> {
    let mut fonts: Vec<Option<String>> = Vec::new();
    let mut formats: Vec<usize> = Vec::new();
    // `<font>` also appears in `dxfs` and `xf` in `cellStyleXfs`: only these two lists
    // describe cells.
    let (mut in_fonts, mut in_formats) = (false, false);
    zip.each_event(part, |event| match event {
        Event::Start(e) => match e.local_name().as_ref() {
            b"fonts" => in_fonts = true,
            b"cellXfs" => in_formats = true,
            b"font" if in_fonts => fonts.push(None),
            b"name" if in_fonts => {
                if let Some(font) = fonts.last_mut() {
                    *font = attr(e, b"val");
                }
            }
            b"xf" if in_formats => formats.push(
                attr(e, b"fontId")
                    .and_then(|id| id.trim().parse().ok())
                    .unwrap_or(0),
            ),
            _ => {}
        },
        Event::End(e) => match e.local_name().as_ref() {
            b"fonts" => in_fonts = false,
            b"cellXfs" => in_formats = false,
            _ => {}
        },
        _ => {}
    })?;
    Some(
        formats
            .into_iter()
            .map(|id| match fonts.get(id) {
                Some(Some(name)) => Hint::from_font(name),
                _ => Hint::Auto,
            })
            .collect(),
    )
}

/// What the runs of one rich-text shared string say of its font.
#[derive(Default)]
struct Runs {
    /// The legacy encoding named by run fonts (TCVN3 capitals only if every TCVN3 run is
    /// in a capitals font).
    legacy: Option<Hint>,
    /// Runs name both TCVN3 and VNI fonts.
    conflict: bool,
    /// Some run names a font.
    named: bool,
    /// Some run names no font and takes the cell's.
    inherits: bool,
}

impl Runs {
    fn font(&mut self, name: &str) {
        self.named = true;
        let hint = Hint::from_font(name);
        self.legacy = match (self.legacy, hint) {
            (None, h) if is_legacy(h) => Some(h),
            (Some(Hint::Tcvn3 { capitals: a }), Hint::Tcvn3 { capitals: b }) => {
                Some(Hint::Tcvn3 { capitals: a && b })
            }
            (Some(Hint::Tcvn3 { .. }), Hint::Vni) | (Some(Hint::Vni), Hint::Tcvn3 { .. }) => {
                self.conflict = true;
                self.legacy
            }
            (legacy, _) => legacy,
        };
    }

    /// The string's hint: `None` when the cell's font decides. A run in a Unicode font
    /// next to legacy runs does not cancel them (repair ignores a legacy hint for text
    /// that holds genuine Unicode); runs all in Unicode fonts override the cell's font.
    fn hint(&self) -> Option<Hint> {
        if self.conflict {
            Some(Hint::Auto)
        } else if self.legacy.is_some() {
            self.legacy
        } else if self.named && !self.inherits {
            Some(Hint::Auto)
        } else {
            None
        }
    }
}

/// For each shared string (`<si>`), the hint of the fonts its runs name.
fn read_string_fonts(zip: &mut Zip<'_>, part: &str) -> Option<Vec<Option<Hint>>> {
    let mut strings = Vec::new();
    let mut runs = Runs::default();
    let mut run_font = false;
    zip.each_event(part, |event| match event {
        Event::Start(e) => match e.local_name().as_ref() {
            b"si" => runs = Runs::default(),
            b"r" => run_font = false,
            b"rFont" => {
                run_font = true;
                if let Some(name) = attr(e, b"val") {
                    runs.font(&name);
                }
            }
            _ => {}
        },
        Event::End(e) => match e.local_name().as_ref() {
            b"r" if !run_font => runs.inherits = true,
            b"si" => strings.push(runs.hint()),
            _ => {}
        },
        _ => {}
    })?;
    Some(strings)
}

/// The zip container, its entry names found case-insensitively as calamine does.
struct Zip<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// Lowercase entry name → entry name.
    names: HashMap<String, String>,
    max_part: u64,
}

impl<'a> Zip<'a> {
    fn open(bytes: &'a [u8], limits: &Limits) -> Option<Zip<'a>> {
        let archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
        let names = archive
            .file_names()
            .map(|n| (n.to_lowercase(), n.to_owned()))
            .collect();
        Some(Zip {
            archive,
            names,
            max_part: limits.max_unpacked_bytes,
        })
    }

    /// Calls `f` on every event of the XML part; `None` when the part is missing, larger
    /// than the limit or malformed (events before the fault have been seen).
    fn each_event(&mut self, part: &str, mut f: impl FnMut(&Event<'_>)) -> Option<()> {
        let name = self.names.get(&part.to_lowercase())?;
        let entry = self.archive.by_name(name).ok()?;
        if entry.size() > self.max_part {
            return None;
        }
        let mut reader = Reader::from_reader(BufReader::new(entry.take(self.max_part)));
        let config = reader.config_mut();
        config.expand_empty_elements = true;
        config.check_end_names = false;
        config.check_comments = false;
        config.trim_text(false);
        let mut buf = Vec::with_capacity(1024);
        loop {
            buf.clear();
            match reader.read_event_into(&mut buf) {
                Ok(Event::Eof) => return Some(()),
                Ok(event) => f(&event),
                Err(_) => return None,
            }
        }
    }

    /// Calls `f` on every opening tag of the XML part (see [`Zip::each_event`]).
    fn each_start(&mut self, part: &str, mut f: impl FnMut(&BytesStart<'_>)) -> Option<()> {
        self.each_event(part, |event| {
            if let Event::Start(e) = event {
                f(e);
            }
        })
    }
}

/// The unescaped value of the attribute with this local name (`r:id` is `id`).
fn attr(e: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| match a.unescape_value() {
            Ok(value) => value.into_owned(),
            Err(_) => String::from_utf8_lossy(&a.value).into_owned(),
        })
}

/// A cell reference (`B7`, `$B$7`) as 0-based (row, column).
fn parse_ref(reference: &str) -> Option<(u32, u32)> {
    let reference = reference.trim().replace('$', "");
    let split = reference.find(|c: char| !c.is_ascii_alphabetic())?;
    let (letters, digits) = reference.split_at(split);
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let col = letters.bytes().fold(0u32, |acc, b| {
        acc * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1
    });
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references() {
        assert_eq!(parse_ref("A1"), Some((0, 0)));
        assert_eq!(parse_ref("B7"), Some((6, 1)));
        assert_eq!(parse_ref("$AA$10"), Some((9, 26)));
        assert_eq!(parse_ref("XFD1048576"), Some((1_048_575, 16_383)));
        for bad in ["", "7", "B", "B0", "ABCD1", "B-1", "B7x"] {
            assert_eq!(parse_ref(bad), None, "{bad}");
        }
    }

    #[test]
    fn rich_text_runs() {
        let hint = |fonts: &[Option<&str>]| {
            let mut runs = Runs::default();
            for font in fonts {
                match font {
                    Some(name) => runs.font(name),
                    None => runs.inherits = true,
                }
            }
            runs.hint()
        };
        assert_eq!(hint(&[]), None);
        assert_eq!(hint(&[None]), None);
        assert_eq!(hint(&[Some("Times New Roman")]), Some(Hint::Auto));
        assert_eq!(hint(&[Some("Arial"), None]), None);
        assert_eq!(
            hint(&[Some(".VnTime"), Some("Arial")]),
            Some(Hint::Tcvn3 { capitals: false })
        );
        assert_eq!(
            hint(&[Some(".VnTimeH"), Some(".VnTime")]),
            Some(Hint::Tcvn3 { capitals: false })
        );
        assert_eq!(
            hint(&[Some(".VnTimeH")]),
            Some(Hint::Tcvn3 { capitals: true })
        );
        assert_eq!(hint(&[Some("VNI-Times"), None]), Some(Hint::Vni));
        assert_eq!(
            hint(&[Some(".VnTime"), Some("VNI-Times")]),
            Some(Hint::Auto)
        );
    }
}

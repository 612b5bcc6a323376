//! Cell fonts, which calamine does not report, read from the workbook's own XML so that a
//! text cell's font can be its legacy-encoding hint (`.VnTime` → TCVN3, `VNI-Times` →
//! VNI; the mapping itself is [`Hint::from_font`] of the text module).
//!
//! Owns: which container holds fonts ([`xlsx`] for `.xlsx`/`.xlsm`, [`ods`] for `.ods`;
//! none for `.xls`/`.xlsb`), the hints of a sheet's text cells, and what the runs of a
//! rich-text cell say of its font. Guarantees: never an error and never a panic; a part
//! that is missing, larger than the unpacked-size limit or malformed means "no font
//! known", and the text is then repaired exactly as without fonts. Parts are parsed
//! streaming; cells are read only when some font of the workbook names a legacy encoding.

use std::collections::HashMap;
use std::io::{BufReader, Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::Limits;
use crate::text::Hint;

mod ods;
mod xlsx;

/// The fonts of a workbook's cells, read sheet by sheet on demand.
pub(super) struct CellFonts<'a> {
    source: Source<'a>,
}

enum Source<'a> {
    None,
    Xlsx(xlsx::Xlsx<'a>),
    /// Every sheet of the spreadsheet, by name (one part holds them all).
    Ods(HashMap<String, SheetFonts>),
}

impl<'a> CellFonts<'a> {
    /// Reads what is known of the fonts of the zip workbook `bytes`; nothing at all for
    /// other containers, or when no font in it names a legacy encoding.
    pub(super) fn read(bytes: &'a [u8], limits: &Limits) -> CellFonts<'a> {
        let source = match Zip::open(bytes, limits) {
            Some(zip) if zip.has("content.xml") => {
                ods::read(zip, limits.max_cells).map_or(Source::None, Source::Ods)
            }
            Some(zip) => xlsx::Xlsx::open(zip, limits.max_cells).map_or(Source::None, Source::Xlsx),
            None => Source::None,
        };
        CellFonts { source }
    }

    /// No fonts known (`.xls`, whose fonts calamine does not report either).
    pub(super) fn none() -> CellFonts<'a> {
        CellFonts {
            source: Source::None,
        }
    }

    /// The fonts of the text cells of the sheet named `name` (as the workbook writes it).
    pub(super) fn sheet(&mut self, name: &str) -> SheetFonts {
        match &mut self.source {
            Source::None => None,
            Source::Xlsx(x) => x.sheet(name),
            Source::Ods(sheets) => sheets.remove(name),
        }
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

/// What the runs of one rich-text cell (the runs of an xlsx shared string, the spans of
/// an ods cell) say of its font.
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
    /// A run in the font `name`.
    fn font(&mut self, name: &str) {
        self.run(Hint::from_font(name));
    }

    /// A run whose font gives `hint`.
    fn run(&mut self, hint: Hint) {
        self.named = true;
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

    /// The text's hint: `None` when the cell's font decides. A run in a Unicode font
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

    /// Whether the container holds the part.
    fn has(&self, part: &str) -> bool {
        self.names.contains_key(&part.to_lowercase())
    }

    /// Calls `f` on every event of the XML part; `None` when the part is missing, larger
    /// than the limit or malformed (events before the fault have been seen).
    fn each_event(&mut self, part: &str, mut f: impl FnMut(&Event<'_>)) -> Option<()> {
        self.each_event_while(part, |event| {
            f(event);
            true
        })
    }

    /// Calls `f` on the events of the XML part until it returns false (see
    /// [`Zip::each_event`]); stopping early is a success.
    fn each_event_while(
        &mut self,
        part: &str,
        mut f: impl FnMut(&Event<'_>) -> bool,
    ) -> Option<()> {
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
                Ok(event) => {
                    if !f(&event) {
                        return Some(());
                    }
                }
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

#[cfg(test)]
mod tests {
    use super::*;

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

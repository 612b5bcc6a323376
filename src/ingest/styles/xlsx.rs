//! Cell fonts of Office Open XML workbooks (`.xlsx`, `.xlsm`).
//!
//! Owns: finding each sheet's part (`_rels/.rels`, the workbook and its relationships),
//! the font of each cell format (`styles.xml`: `cellXfs` → `fonts`), the fonts named by
//! the runs of rich-text shared strings (`sharedStrings.xml`; a run font wins over the
//! cell format's), and the style of each text cell of a sheet, read when the sheet is.

use std::collections::HashMap;

use quick_xml::events::Event;

use super::{Runs, SheetFonts, Zip, attr, is_legacy};
use crate::text::Hint;

/// An Office Open XML workbook whose styles or shared strings name a legacy font.
pub(super) struct Xlsx<'a> {
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
    pub(super) fn open(mut zip: Zip<'a>, max_cells: usize) -> Option<Xlsx<'a>> {
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
            max_cells,
        })
    }

    /// The hints of the sheet's text cells; `None` when the sheet cannot be read.
    pub(super) fn sheet(&mut self, name: &str) -> Option<SheetFonts> {
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
}

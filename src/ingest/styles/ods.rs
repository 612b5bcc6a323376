//! Cell fonts of OpenDocument spreadsheets (`.ods`).
//!
//! Owns: the font faces (`style:font-face`, whose `svg:font-family` is the font), the
//! cell and text styles with their parents (common styles in `styles.xml`, automatic
//! ones in `content.xml`, the `table-cell` default style last), and each text cell's
//! style: its own `table:style-name`, else its row's, else its column's default cell
//! style, else `Default`; a `text:span` whose style names a font is a rich-text run.
//! Positions count repeated rows and columns and covered cells, as calamine does.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};

use super::{Runs, SheetFonts, Zip, attr, is_legacy};
use crate::text::Hint;

/// Every sheet's text-cell hints, by sheet name; `None` when `content.xml` cannot be
/// read or no font of the spreadsheet names a legacy encoding.
pub(super) fn read(mut zip: Zip<'_>, max_cells: usize) -> Option<HashMap<String, SheetFonts>> {
    let mut styles = Styles::default();
    // Common styles and the default style; the spreadsheet reads without them.
    zip.each_event("styles.xml", |event| styles.define(event));
    let mut body = Body {
        max_cells,
        ..Body::default()
    };
    let mut legacy = false;
    zip.each_event_while("content.xml", |event| {
        if let Event::Start(e) = event
            && e.name().as_ref() == b"office:body"
        {
            // Every style is known by now: without a legacy font, no cell needs reading.
            legacy = styles.any_legacy();
            return legacy;
        }
        if legacy {
            body.read(event, &mut styles);
        } else {
            styles.define(event);
        }
        true
    })?;
    legacy.then_some(body.sheets)
}

/// A style's own font and parent.
#[derive(Default)]
struct Style {
    /// `style:font-name`: a font face's name.
    face: Option<String>,
    /// `fo:font-family`: the font itself.
    family: Option<String>,
    parent: Option<String>,
}

/// Which styles a definition belongs to.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Family {
    Cell,
    Text,
}

/// Which style the `style:text-properties` being read belong to.
#[derive(Default)]
enum Defining {
    #[default]
    Nothing,
    /// The `table-cell` default style.
    Default,
    Style(Family, String),
}

/// The font faces and the cell and text styles of the spreadsheet.
#[derive(Default)]
struct Styles {
    /// Font face name → font family.
    faces: HashMap<String, String>,
    styles: HashMap<(Family, String), Style>,
    /// The `table-cell` default style.
    default: Style,
    /// The style being defined.
    current: Defining,
    /// Resolved hints (text styles that name no font are `None`).
    hints: HashMap<(Family, String), Option<Hint>>,
}

impl Styles {
    /// Takes in the definitions among the events of `styles.xml` or of the start of
    /// `content.xml`.
    fn define(&mut self, event: &Event<'_>) {
        match event {
            Event::Start(e) => match e.name().as_ref() {
                b"style:font-face" => {
                    if let Some(name) = attr(e, b"name") {
                        let family = attr(e, b"font-family").map_or_else(
                            || name.clone(),
                            |f| f.trim().trim_matches(['\'', '"']).to_owned(),
                        );
                        self.faces.insert(name, family);
                    }
                }
                b"style:style" => {
                    let family = match attr(e, b"family").as_deref() {
                        Some("table-cell") => Some(Family::Cell),
                        Some("text") => Some(Family::Text),
                        _ => None,
                    };
                    self.current = match (family, attr(e, b"name")) {
                        (Some(family), Some(name)) => {
                            let style = Style {
                                parent: attr(e, b"parent-style-name"),
                                ..Style::default()
                            };
                            self.styles.insert((family, name.clone()), style);
                            Defining::Style(family, name)
                        }
                        _ => Defining::Nothing,
                    };
                }
                b"style:default-style" => {
                    self.current = match attr(e, b"family").as_deref() {
                        Some("table-cell") => Defining::Default,
                        _ => Defining::Nothing,
                    };
                }
                b"style:text-properties" => {
                    let style = match &self.current {
                        Defining::Style(family, name) => {
                            self.styles.get_mut(&(*family, name.clone()))
                        }
                        Defining::Default => Some(&mut self.default),
                        Defining::Nothing => None,
                    };
                    if let Some(style) = style {
                        style.face = attr(e, b"font-name").or(style.face.take());
                        style.family = attr(e, b"font-family").or(style.family.take());
                    }
                }
                _ => {}
            },
            Event::End(e)
                if matches!(e.name().as_ref(), b"style:style" | b"style:default-style") =>
            {
                self.current = Defining::Nothing;
            }
            _ => {}
        }
    }

    /// The font a style names itself.
    fn font(&self, style: &Style) -> Option<String> {
        let family = style.family.as_ref().map(|f| f.trim_matches(['\'', '"']));
        let face = style
            .face
            .as_ref()
            .map(|f| self.faces.get(f).map_or(f.as_str(), String::as_str));
        family.or(face).map(str::to_owned)
    }

    /// Whether any font face or style names a legacy font.
    fn any_legacy(&self) -> bool {
        let legacy = |font: &str| is_legacy(Hint::from_font(font));
        self.faces.values().any(|f| legacy(f))
            || std::iter::once(&self.default)
                .chain(self.styles.values())
                .filter_map(|s| self.font(s))
                .any(|f| legacy(&f))
    }

    /// The hint of the first font named along the style's parents; a cell style falls
    /// back to the default style, a text style to `None` (the cell's font).
    fn hint(&mut self, family: Family, name: &str) -> Option<Hint> {
        let key = (family, name.to_owned());
        if let Some(hint) = self.hints.get(&key) {
            return *hint;
        }
        let mut font = None;
        let mut next = Some(name.to_owned());
        // A bounded walk: a cycle of parents ends it.
        for _ in 0..16 {
            let Some(style) = next.take().and_then(|n| self.styles.get(&(family, n))) else {
                break;
            };
            font = self.font(style);
            if font.is_some() {
                break;
            }
            next = style.parent.clone();
        }
        if font.is_none() && family == Family::Cell {
            font = self.font(&self.default);
        }
        let hint = match (font, family) {
            (Some(font), _) => Some(Hint::from_font(&font)),
            (None, Family::Cell) => Some(Hint::Auto),
            (None, Family::Text) => None,
        };
        self.hints.insert(key, hint);
        hint
    }
}

/// The body of `content.xml` being read, table by table.
#[derive(Default)]
struct Body {
    sheets: HashMap<String, SheetFonts>,
    max_cells: usize,
    stored: usize,
    table: Option<Table>,
}

/// One table being read.
#[derive(Default)]
struct Table {
    name: String,
    cells: HashMap<(u32, u32), Hint>,
    /// Column default cell styles: (first column after the run, style).
    columns: Vec<(u32, Option<String>)>,
    row: u32,
    row_repeat: u32,
    row_style: Option<String>,
    col: u32,
    cell: Option<CellRead>,
}

/// One cell being read.
struct CellRead {
    repeat: u32,
    style: Option<String>,
    text: bool,
    runs: Runs,
    /// For each open `text:span`: whether it or an outer span names a font.
    spans: Vec<bool>,
    /// Depth inside `office:annotation` (a comment, not the cell's text).
    annotation: usize,
}

/// A repeat count attribute: at least 1.
fn repeat(e: &BytesStart<'_>, name: &[u8]) -> u32 {
    attr(e, name)
        .and_then(|n| n.trim().parse::<u32>().ok())
        .unwrap_or(1)
        .max(1)
}

impl Body {
    fn read(&mut self, event: &Event<'_>, styles: &mut Styles) {
        match event {
            Event::Start(e) => match e.name().as_ref() {
                b"table:table" => {
                    self.table = Some(Table {
                        name: attr(e, b"name").unwrap_or_default(),
                        ..Table::default()
                    });
                }
                _ => {
                    if let Some(table) = self.table.as_mut() {
                        table.start(e, styles);
                    }
                }
            },
            Event::Text(t) => {
                let cell = self.table.as_mut().and_then(|t| t.cell.as_mut());
                if let Some(cell) = cell
                    && cell.annotation == 0
                    && !cell.spans.last().copied().unwrap_or(false)
                    && !t.iter().all(u8::is_ascii_whitespace)
                {
                    cell.runs.inherits = true;
                }
            }
            Event::End(e) => match e.name().as_ref() {
                b"table:table" => {
                    if let Some(table) = self.table.take()
                        && !table.cells.is_empty()
                    {
                        let cells = SheetFonts { cells: table.cells };
                        self.sheets.insert(table.name, cells);
                    }
                }
                b"table:table-cell" | b"table:covered-table-cell" => {
                    let room = self.max_cells.saturating_sub(self.stored);
                    if let Some(table) = self.table.as_mut() {
                        self.stored += table.end_cell(styles, room);
                    }
                }
                name => {
                    if let Some(table) = self.table.as_mut() {
                        table.end(name);
                    }
                }
            },
            _ => {}
        }
    }
}

impl Table {
    fn start(&mut self, e: &BytesStart<'_>, styles: &mut Styles) {
        match e.name().as_ref() {
            b"table:table-column" => {
                let start = self.columns.last().map_or(0, |c| c.0);
                let end = start.saturating_add(repeat(e, b"number-columns-repeated"));
                self.columns
                    .push((end, attr(e, b"default-cell-style-name")));
            }
            b"table:table-row" => {
                self.row_repeat = repeat(e, b"number-rows-repeated");
                self.row_style = attr(e, b"default-cell-style-name");
                self.col = 0;
            }
            b"table:table-cell" | b"table:covered-table-cell" => {
                let text = attr(e, b"value-type").as_deref() == Some("string")
                    || attr(e, b"string-value").is_some();
                self.cell = Some(CellRead {
                    repeat: repeat(e, b"number-columns-repeated"),
                    style: attr(e, b"style-name"),
                    text,
                    runs: Runs::default(),
                    spans: Vec::new(),
                    annotation: 0,
                });
            }
            b"office:annotation" => {
                if let Some(cell) = self.cell.as_mut() {
                    cell.annotation += 1;
                }
            }
            b"text:span" => {
                if let Some(cell) = self.cell.as_mut()
                    && cell.annotation == 0
                {
                    let hint =
                        attr(e, b"style-name").and_then(|name| styles.hint(Family::Text, &name));
                    if let Some(hint) = hint {
                        cell.runs.run(hint);
                    }
                    let outer = cell.spans.last().copied().unwrap_or(false);
                    cell.spans.push(hint.is_some() || outer);
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &[u8]) {
        match name {
            b"table:table-row" => self.row = self.row.saturating_add(self.row_repeat),
            b"office:annotation" => {
                if let Some(cell) = self.cell.as_mut() {
                    cell.annotation = cell.annotation.saturating_sub(1);
                }
            }
            b"text:span" => {
                if let Some(cell) = self.cell.as_mut()
                    && cell.annotation == 0
                {
                    cell.spans.pop();
                }
            }
            _ => {}
        }
    }

    /// Ends the cell being read; returns how many positions were stored (at most
    /// `room`).
    fn end_cell(&mut self, styles: &mut Styles, room: usize) -> usize {
        let Some(cell) = self.cell.take() else {
            return 0;
        };
        let col = self.col;
        self.col = col.saturating_add(cell.repeat);
        if !cell.text {
            return 0;
        }
        let hint = cell.runs.hint().unwrap_or_else(|| {
            let style = cell
                .style
                .or_else(|| self.row_style.clone())
                .or_else(|| self.column_style(col))
                .unwrap_or_else(|| "Default".to_owned());
            styles.hint(Family::Cell, &style).unwrap_or_default()
        });
        if !is_legacy(hint) {
            return 0;
        }
        let mut stored = 0;
        'rows: for r in 0..self.row_repeat {
            for c in 0..cell.repeat {
                if stored >= room {
                    break 'rows;
                }
                let at = (self.row.saturating_add(r), col.saturating_add(c));
                self.cells.insert(at, hint);
                stored += 1;
            }
        }
        stored
    }

    fn column_style(&self, col: u32) -> Option<String> {
        self.columns
            .iter()
            .find(|(end, _)| col < *end)
            .and_then(|(_, style)| style.clone())
    }
}

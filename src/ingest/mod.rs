//! Ingest: a workbook file as cells, whatever its format, within limits.
//!
//! Owns: recognising the file type from its bytes (not its name), the
//! limits on size, decompressed size, rows, columns, cells and text, and the
//! reading of every sheet with calamine (`.xlsx`, `.xlsm`, `.xls`, `.xlsb`,
//! `.ods`) into a plain grid of [`CellValue`]s with merged regions and
//! repaired, NFC text. Guarantees: no panic on any input (calamine indexes
//! some records of malformed files without looking: such a panic is caught and
//! the file is damaged); a bad file gets its own [`ReadError`] with a
//! Vietnamese reason; a formula whose value was never calculated is a
//! [`CellValue::Uncalculated`], never a silent blank.
//!
//! A text cell is repaired with its font as the legacy-encoding hint where the
//! format carries it (`.xlsx`, `.xlsm`, `.ods`; see `styles`), otherwise as
//! detected.
//!
//! Limits come before allocation: the cells of `.xlsx`, `.xlsm` and `.xlsb`
//! sheets are streamed and each one's position is checked (`bounds`) before
//! the grid is built; `.xls` and `.ods` workbooks, whose every sheet calamine
//! builds when it opens them, are first scanned for the positions of their
//! cells (`xls`, `ods`). A sheet whose farthest cell lies beyond the limits is
//! refused by that cell, whatever size it declares.
//!
//! Invariant: ingest knows nothing of documents or templates; it uses only
//! `text` for repair and dates.

use std::io::{Cursor, Read, Seek};
use std::path::Path;

use calamine::{
    Data, DataRef, Ods, Reader, Sheets, Xls, Xlsb, XlsbError, Xlsx, XlsxError, XlsxFormulaMetadata,
};

use crate::text;
use bounds::{Bounds, TextBudget};

mod bounds;
mod ods;
mod styles;
mod xls;

/// Limits applied to every workbook.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest file accepted, bytes.
    pub max_file_bytes: u64,
    /// Largest total decompressed size of a zip-based workbook, bytes.
    pub max_unpacked_bytes: u64,
    /// Most text all cells may hold together, bytes, a shared string or a repeated cell
    /// counted every time a cell holds it.
    pub max_text_bytes: u64,
    /// Most rows in one sheet: no value below this row.
    pub max_rows: usize,
    /// Most columns in one sheet: no value right of this column.
    pub max_cols: usize,
    /// Most cells in the workbook: the rows × columns from A1 to each sheet's farthest
    /// value, summed over the sheets.
    pub max_cells: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 30 * 1024 * 1024,
            max_unpacked_bytes: 200 * 1024 * 1024,
            // Four times the text of a list at the row limit with a 500-byte achievement in
            // every row; a workbook of a few kilobytes can ask for far more (one long
            // shared string in every cell).
            max_text_bytes: 100 * 1024 * 1024,
            max_rows: 50_000,
            // LibreOffice's sheet width for decades (AMJ); no list of nominees or scores
            // comes near it.
            max_cols: 1_024,
            max_cells: 5_000_000,
        }
    }
}

/// A size as users read it: "30 MB", "1,5 MB".
fn megabytes(bytes: u64) -> String {
    let mb = bytes as f64 / (1024.0 * 1024.0);
    if mb >= 10.0 || mb.fract() == 0.0 {
        format!("{} MB", mb.round() as u64)
    } else {
        format!("{:.1} MB", mb).replace('.', ",")
    }
}

/// Container format, from the file's first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Office Open XML or OpenDocument (a zip).
    Zip,
    /// Excel 97–2003 (an OLE2 compound file).
    Xls,
}

/// One cell's value after reading.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    /// Nothing.
    Empty,
    /// Text, repaired and NFC, trimmed.
    Text(String),
    /// A number.
    Number(f64),
    /// A date cell.
    Date(text::Date),
    /// TRUE / FALSE.
    Bool(bool),
    /// An error value such as `#REF!`.
    Error(String),
    /// A formula saved without its calculated value (files written by
    /// programs that do not calculate).
    Uncalculated(String),
}

impl CellValue {
    /// The value as text, as a person reading the sheet would see it.
    pub fn display(&self) -> String {
        match self {
            CellValue::Empty => String::new(),
            CellValue::Text(t) => t.clone(),
            CellValue::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            CellValue::Number(n) => n.to_string().replace('.', ","),
            CellValue::Date(d) => d.to_string(),
            CellValue::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
            CellValue::Error(e) => e.clone(),
            CellValue::Uncalculated(f) => format!("={f}"),
        }
    }
}

/// A merged region, 0-based and inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    /// Top-left (row, column).
    pub start: (usize, usize),
    /// Bottom-right (row, column).
    pub end: (usize, usize),
}

/// One sheet as a grid anchored at A1.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// Sheet name as written in the workbook (NFC).
    pub name: String,
    /// Rows of the grid.
    pub rows: usize,
    /// Columns of the grid.
    pub cols: usize,
    cells: Vec<CellValue>,
    /// Merged regions (of `.ods` read from `content.xml`, which calamine does not report).
    pub merges: Vec<Merge>,
    /// Hidden (or very hidden) in the workbook: the lookup tables of a
    /// template, never a list a department filled.
    pub hidden: bool,
}

impl Sheet {
    /// The cell at (row, column), 0-based; `Empty` outside the grid.
    pub fn cell(&self, row: usize, col: usize) -> &CellValue {
        static EMPTY: CellValue = CellValue::Empty;
        if row < self.rows && col < self.cols {
            &self.cells[row * self.cols + col]
        } else {
            &EMPTY
        }
    }
}

/// A workbook's sheets, in order.
#[derive(Debug, Clone)]
pub struct Workbook {
    /// Container format.
    pub format: Format,
    /// Sheets in workbook order.
    pub sheets: Vec<Sheet>,
}

/// Why a file could not be read, in Vietnamese.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("không đọc được tệp: {0}")]
    Io(String),
    /// Over the size limit.
    #[error("tệp quá lớn ({}, tối đa {}); hãy tách thành nhiều tệp nhỏ hơn", megabytes(*.size), megabytes(*.limit))]
    TooLarge {
        /// File size.
        size: u64,
        /// Limit.
        limit: u64,
    },
    /// Decompresses to more than the limit (a zip bomb or a huge sheet).
    #[error(
        "tệp giải nén ra quá lớn (hơn {}); bảng tính bình thường không lớn như vậy, hãy kiểm tra lại tệp", megabytes(*.limit)
    )]
    UnpacksTooLarge {
        /// Limit.
        limit: u64,
    },
    /// A value below the last row or right of the last column allowed, found before the
    /// sheet is built (often a stray cell far from the table).
    #[error(
        "trang tính \"{sheet}\" có dữ liệu ở ô {cell}, vượt quá giới hạn {} dòng và {} cột; hãy xóa các ô thừa ở cuối hoặc bên phải trang tính, lưu lại rồi gửi lại",
        text::group_thousands(*.max_rows as u64),
        text::group_thousands(*.max_cols as u64)
    )]
    CellBeyondLimits {
        /// Sheet.
        sheet: String,
        /// The cell, `XFD1048576`.
        cell: String,
        /// Row limit.
        max_rows: usize,
        /// Column limit.
        max_cols: usize,
    },
    /// More text in the cells than the limit, counted as cells hold it (a shared string or
    /// a repeated cell every time): the sign of a file made to fill memory.
    #[error(
        "trang tính \"{sheet}\" chứa quá nhiều chữ: đến ô {cell} đã hơn {}; bảng tính bình thường không lớn như vậy, hãy kiểm tra lại tệp",
        megabytes(*.limit)
    )]
    TooMuchText {
        /// Sheet.
        sheet: String,
        /// The cell that passed the limit.
        cell: String,
        /// Limit, bytes.
        limit: u64,
    },
    /// Too many cells in the workbook: the rectangles from A1 to each sheet's farthest
    /// value, up to the value that passed the limit.
    #[error(
        "trang tính \"{sheet}\" có dữ liệu đến ô {cell}, làm bảng tính có {} ô (tính từ ô A1 của mỗi trang tính), vượt quá giới hạn {} ô; hãy xóa các ô thừa ở cuối hoặc bên phải trang tính hoặc tách thành nhiều tệp rồi gửi lại",
        text::group_thousands(*.cells as u64),
        text::group_thousands(*.max_cells as u64)
    )]
    TooManyCells {
        /// Sheet.
        sheet: String,
        /// The cell that passed the limit.
        cell: String,
        /// Cells counted up to it.
        cells: usize,
        /// Cell limit.
        max_cells: usize,
    },
    /// Password-protected.
    #[error(
        "tệp được đặt mật khẩu; hãy gỡ mật khẩu (Tệp > Thông tin > Bảo vệ sổ làm việc) rồi gửi lại"
    )]
    Encrypted,
    /// Not a workbook at all.
    #[error(
        "tệp không phải bảng tính Excel hoặc OpenDocument ({found}); hãy gửi tệp .xlsx, .xls, .xlsm, .xlsb hoặc .ods"
    )]
    NotAWorkbook {
        /// What it looks like.
        found: String,
    },
    /// Damaged; the reader's own words (English) are kept for debugging,
    /// and said in Vietnamese.
    #[error("tệp bảng tính bị hỏng, không mở được ({}); hãy lưu lại tệp từ Excel rồi gửi lại", damage_in_vietnamese(.0))]
    Corrupt(String),
    /// No sheet holds anything.
    #[error("bảng tính không có dữ liệu")]
    Empty,
}

/// Reads the workbook at `path`.
pub fn read(path: &Path, limits: &Limits) -> Result<Workbook, ReadError> {
    let size = std::fs::metadata(path)
        .map_err(|e| ReadError::Io(e.to_string()))?
        .len();
    if size > limits.max_file_bytes {
        return Err(ReadError::TooLarge {
            size,
            limit: limits.max_file_bytes,
        });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    std::fs::File::open(path)
        .and_then(|f| f.take(limits.max_file_bytes + 1).read_to_end(&mut bytes))
        .map_err(|e| ReadError::Io(e.to_string()))?;
    read_bytes(bytes, limits)
}

/// Reads a workbook held in memory.
pub fn read_bytes(bytes: Vec<u8>, limits: &Limits) -> Result<Workbook, ReadError> {
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit: limits.max_file_bytes,
        });
    }
    let format = sniff(&bytes)?;
    if format == Format::Zip {
        check_zip(&bytes, limits)?;
    }
    // calamine indexes some records of a malformed file without looking and panics: that is
    // a damaged file, not a reason to stop the service. The net catches any panic of the
    // reading; one in our own code would be a bug, reported the same way.
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_sheets(&bytes, format, limits)
    }));
    let sheets = match read {
        Ok(sheets) => sheets?,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            return Err(ReadError::Corrupt(format!("calamine: {what}")));
        }
    };
    if sheets
        .iter()
        .all(|s| s.cells.iter().all(|c| *c == CellValue::Empty))
    {
        return Err(ReadError::Empty);
    }
    Ok(Workbook { format, sheets })
}

/// Every sheet of the workbook `bytes`, within the limits.
fn read_sheets(bytes: &[u8], format: Format, limits: &Limits) -> Result<Vec<Sheet>, ReadError> {
    let mut text = TextBudget::new(limits);
    let (mut workbook, ods_extras) = open(bytes, format, limits, &mut text)?;
    let mut fonts = match format {
        Format::Zip => styles::CellFonts::read(bytes, limits),
        Format::Xls => styles::CellFonts::none(),
    };
    let names = workbook.sheet_names();
    let hidden: std::collections::HashSet<String> = workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.visible != calamine::SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect();
    let mut sheets = Vec::with_capacity(names.len());
    let mut total_cells = 0usize;
    for name in names {
        let mut bounds = Bounds::new(limits, &name, total_cells);
        let Some((rows, cols, cells)) =
            read_sheet(&mut workbook, &name, &mut bounds, &mut text, &mut fonts)?
        else {
            continue;
        };
        total_cells = total_cells.saturating_add(bounds.cells());
        let mut merges = merges(&mut workbook, &name);
        let mut cells = cells;
        if let Some(extras) = &ods_extras {
            // calamine reports neither an OpenDocument table's merged cells nor which
            // of its texts are error values.
            for (_, row, col, rows, cols) in extras.spans.iter().filter(|s| s.0 == name) {
                let (row, col) = (*row as usize, *col as usize);
                merges.push(Merge {
                    start: (row, col),
                    end: (
                        row.saturating_add(*rows as usize - 1),
                        col.saturating_add(*cols as usize - 1),
                    ),
                });
            }
            for (_, row, col) in extras.errors.iter().filter(|e| e.0 == name) {
                let (row, col) = (*row as usize, *col as usize);
                if row < rows
                    && col < cols
                    && let CellValue::Text(t) = &cells[row * cols + col]
                {
                    cells[row * cols + col] = CellValue::Error(t.clone());
                }
            }
        }
        sheets.push(Sheet {
            hidden: hidden.contains(&name),
            name: text::fix_cell(&name, None).into_owned(),
            rows,
            cols,
            cells,
            merges,
        });
    }
    Ok(sheets)
}

/// A workbook opened by calamine, with what calamine does not report of an OpenDocument
/// spreadsheet.
type Opened<'b> = (Sheets<Cursor<&'b [u8]>>, Option<ods::Extras>);

/// Opens the workbook with calamine, trying the readers in the order
/// `open_workbook_auto_from_rs` does (Excel 97–2003, Office Open XML, Excel binary,
/// OpenDocument), after scanning the formats whose every sheet calamine builds as it opens
/// them: the scan refuses a sheet beyond the limits before calamine allocates it.
fn open<'b>(
    bytes: &'b [u8],
    format: Format,
    limits: &Limits,
    text: &mut TextBudget,
) -> Result<Opened<'b>, ReadError> {
    match format {
        Format::Xls => {
            xls::check(bytes, limits, text)?;
            if let Ok(workbook) = Xls::new(Cursor::new(bytes)) {
                return Ok((Sheets::Xls(workbook), None));
            }
        }
        Format::Zip => {
            if let Ok(workbook) = Xlsx::new(Cursor::new(bytes)) {
                return Ok((Sheets::Xlsx(workbook), None));
            }
            if let Ok(workbook) = Xlsb::new(Cursor::new(bytes)) {
                return Ok((Sheets::Xlsb(workbook), None));
            }
            let extras = ods::check(bytes, limits, text)?;
            if let Ok(workbook) = Ods::new(Cursor::new(bytes)) {
                return Ok((Sheets::Ods(workbook), Some(extras)));
            }
        }
    }
    // What calamine says when no reader opens the file.
    Err(classify("Cannot detect file format"))
}

/// One sheet's grid: rows, columns and cells, row by row.
type Grid = (usize, usize, Vec<CellValue>);

/// Reads the sheet named `name` within the limits; `None` for a sheet without cells (a
/// chart sheet).
fn read_sheet<RS: Read + Seek>(
    workbook: &mut Sheets<RS>,
    name: &str,
    bounds: &mut Bounds<'_>,
    text: &mut TextBudget,
    fonts: &mut styles::CellFonts<'_>,
) -> Result<Option<Grid>, ReadError> {
    match workbook {
        Sheets::Xlsx(xlsx) => return xlsx_sheet(xlsx, name, bounds, text, fonts),
        Sheets::Xlsb(xlsb) => return xlsb_sheet(xlsb, name, bounds, text, fonts),
        Sheets::Xls(_) | Sheets::Ods(_) => {}
    }
    // Built by calamine when it opened the workbook, within the limits `open` checked.
    let range = match workbook.worksheet_range(name) {
        Ok(range) => range,
        Err(e) => return skip_or_fail(&e.to_string()),
    };
    if let Some((row, col)) = range.end() {
        bounds.cell(row.into(), col.into())?;
    }
    let (rows, cols) = bounds.grid();
    let formulas = workbook.worksheet_formula(name).ok();
    let (start_r, start_c) = range.start().unwrap_or((0, 0));
    let values = range
        .used_cells()
        .map(|(r, c, value)| (start_r as usize + r, start_c as usize + c, value));
    let mut cells = fill(rows, cols, values, &fonts.sheet(name));
    if let Some(formulas) = &formulas {
        let (start_r, start_c) = formulas.start().unwrap_or((0, 0));
        for (r, c, formula) in formulas.used_cells() {
            put_formula(
                &mut cells,
                rows,
                cols,
                start_r as usize + r,
                start_c as usize + c,
                formula,
            );
        }
    }
    Ok(Some((rows, cols, cells)))
}

/// Chart sheets and other sheets without a grid have no cells and are left out; any other
/// error means the workbook cannot be read.
fn skip_or_fail(message: &str) -> Result<Option<Grid>, ReadError> {
    if message.to_lowercase().contains("chart") {
        Ok(None)
    } else {
        Err(classify(message))
    }
}

/// A value streamed from a sheet, at its 0-based (row, column).
type Value = (u32, u32, Data);

/// Takes in one streamed cell: a value is checked against the limits, its text counted,
/// and kept; an empty cell is nothing, as in calamine's ranges.
fn take_value(
    values: &mut Vec<Value>,
    (row, col): (u32, u32),
    value: &DataRef<'_>,
    bounds: &mut Bounds<'_>,
    text: &mut TextBudget,
) -> Result<(), ReadError> {
    let bytes = match value {
        DataRef::Empty => return Ok(()),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.len(),
        DataRef::SharedString(s) => s.len(),
        _ => 0,
    };
    bounds.value(row.into(), col.into())?;
    text.take(bytes as u64, bounds.sheet(), row.into(), col.into())?;
    values.push((row, col, Data::from(value.clone())));
    Ok(())
}

/// The values in row order, each position once with its last value, as calamine's dense
/// range holds them (files written by programs never repeat a position).
fn in_sheet_order(mut values: Vec<Value>) -> Vec<Value> {
    // A stable sort keeps repeats of a position in file order; the last one stays.
    values.sort_by_key(|(row, col, _)| (*row, *col));
    values.reverse();
    values.dedup_by_key(|(row, col, _)| (*row, *col));
    values.reverse();
    values
}

/// A sheet of an `.xlsx`/`.xlsm` workbook, streamed cell by cell.
fn xlsx_sheet<RS: Read + Seek>(
    workbook: &mut Xlsx<RS>,
    name: &str,
    bounds: &mut Bounds<'_>,
    text: &mut TextBudget,
    fonts: &mut styles::CellFonts<'_>,
) -> Result<Option<Grid>, ReadError> {
    let failed = |e: XlsxError| skip_or_fail(&calamine::Error::Xlsx(e).to_string());
    let mut reader = match workbook.worksheet_cells_reader(name) {
        Ok(reader) => reader,
        // calamine's range of such a part is empty.
        Err(XlsxError::NotAWorksheet(_)) => return Ok(Some((0, 0, Vec::new()))),
        Err(e) => return failed(e),
    };
    let mut values = Vec::new();
    loop {
        match reader.next_cell() {
            Ok(Some(cell)) => take_value(
                &mut values,
                cell.get_position(),
                cell.get_value(),
                bounds,
                text,
            )?,
            Ok(None) => break,
            Err(e) => return failed(e),
        }
    }
    drop(reader);
    let (rows, cols) = bounds.grid();
    let values = in_sheet_order(values);
    let values = values
        .iter()
        .map(|(r, c, value)| (*r as usize, *c as usize, value));
    let mut cells = fill(rows, cols, values, &fonts.sheet(name));
    for (row, col, formula) in xlsx_formulas(workbook, name, &cells, (rows, cols), text)? {
        put_formula(&mut cells, rows, cols, row, col, &formula);
    }
    Ok(Some((rows, cols, cells)))
}

/// The formulas of the sheet's cells that hold no value, read on a second pass as
/// calamine's `worksheet_formula` did: nothing when they cannot be read (the values
/// stand). A shared formula is expanded for those cells only, so a template shared over
/// a million cells costs nothing where the cells hold values or lie outside the grid.
fn xlsx_formulas<RS: Read + Seek>(
    workbook: &mut Xlsx<RS>,
    name: &str,
    cells: &[CellValue],
    (rows, cols): (usize, usize),
    text: &mut TextBudget,
) -> Result<Vec<(usize, usize, String)>, ReadError> {
    let Ok(mut reader) = workbook.worksheet_cells_reader(name) else {
        return Ok(Vec::new());
    };
    let wanted = |row: u32, col: u32| {
        let (row, col) = (row as usize, col as usize);
        row < rows && col < cols && cells[row * cols + col] == CellValue::Empty
    };
    // Shared formula templates by index: text and anchor cell.
    let mut templates = std::collections::HashMap::new();
    let mut formulas = Vec::new();
    loop {
        let record = match reader.next_cell_with_formula_metadata() {
            Ok(Some(record)) => record,
            Ok(None) => break,
            Err(_) => return Ok(Vec::new()),
        };
        let (row, col) = record.pos;
        let formula = match record.formula {
            Some(XlsxFormulaMetadata::Normal { formula }) => formula,
            Some(XlsxFormulaMetadata::Shared {
                shared_index,
                range,
                formula,
            }) => {
                if let Some(range) = range {
                    templates.insert(shared_index, (formula.clone(), range.start));
                }
                formula
            }
            Some(XlsxFormulaMetadata::SharedDerived { shared_index }) if wanted(row, col) => {
                let Some((template, start)) = templates.get(&shared_index) else {
                    continue;
                };
                text.take(template.len() as u64, name, row.into(), col.into())?;
                match calamine::expand_shared_formula(template, *start, (row, col)) {
                    Ok(formula) => formula,
                    Err(_) => return Ok(Vec::new()),
                }
            }
            _ => continue,
        };
        if wanted(row, col) && !formula.trim().is_empty() {
            text.take(formula.len() as u64, name, row.into(), col.into())?;
            formulas.push((row as usize, col as usize, formula));
        }
    }
    Ok(formulas)
}

/// A sheet of an `.xlsb` workbook, streamed cell by cell.
fn xlsb_sheet<RS: Read + Seek>(
    workbook: &mut Xlsb<RS>,
    name: &str,
    bounds: &mut Bounds<'_>,
    text: &mut TextBudget,
    fonts: &mut styles::CellFonts<'_>,
) -> Result<Option<Grid>, ReadError> {
    let failed = |e: XlsbError| skip_or_fail(&calamine::Error::Xlsb(e).to_string());
    let mut reader = match workbook.worksheet_cells_reader(name) {
        Ok(reader) => reader,
        Err(e) => return failed(e),
    };
    let mut values = Vec::new();
    loop {
        match reader.next_cell() {
            Ok(Some(cell)) => take_value(
                &mut values,
                cell.get_position(),
                cell.get_value(),
                bounds,
                text,
            )?,
            Ok(None) => break,
            Err(e) => return failed(e),
        }
    }
    drop(reader);
    let (rows, cols) = bounds.grid();
    let values = in_sheet_order(values);
    let values = values
        .iter()
        .map(|(r, c, value)| (*r as usize, *c as usize, value));
    let mut cells = fill(rows, cols, values, &fonts.sheet(name));
    // Formulas of cells without a value, as `worksheet_formula` read them: none when they
    // cannot be read.
    let mut formulas = Vec::new();
    if let Ok(mut reader) = workbook.worksheet_cells_reader(name) {
        loop {
            match reader.next_formula() {
                Ok(Some(cell)) => {
                    let (row, col) = cell.get_position();
                    let (row, col) = (row as usize, col as usize);
                    let formula = cell.get_value();
                    if row < rows
                        && col < cols
                        && cells[row * cols + col] == CellValue::Empty
                        && !formula.trim().is_empty()
                    {
                        text.take(formula.len() as u64, name, row as u64, col as u64)?;
                        formulas.push((row, col, formula.clone()));
                    }
                }
                Ok(None) => break,
                Err(_) => {
                    formulas.clear();
                    break;
                }
            }
        }
    }
    for (row, col, formula) in formulas {
        put_formula(&mut cells, rows, cols, row, col, &formula);
    }
    Ok(Some((rows, cols, cells)))
}

/// The grid of `rows` × `cols` cells holding `values` (absolute positions, each once),
/// text repaired with its cell's font as the hint and the sheet's legacy vote.
fn fill<'d>(
    rows: usize,
    cols: usize,
    values: impl Iterator<Item = (usize, usize, &'d Data)>,
    fonts: &styles::SheetFonts,
) -> Vec<CellValue> {
    let mut cells = vec![CellValue::Empty; rows * cols];
    let mut legacy = LegacyVote::default();
    for (row, col, value) in values {
        if row < rows && col < cols {
            cells[row * cols + col] = match value {
                Data::String(s) => legacy.repair(row * cols + col, s, fonts.hint(row, col)),
                other => convert(other),
            };
        }
    }
    legacy.settle(&mut cells);
    cells
}

/// A formula saved without its value, in a cell of the grid that holds nothing else (the
/// last formula of a position stands).
fn put_formula(
    cells: &mut [CellValue],
    rows: usize,
    cols: usize,
    row: usize,
    col: usize,
    formula: &str,
) {
    if row < rows && col < cols && !formula.trim().is_empty() {
        let slot = &mut cells[row * cols + col];
        if matches!(slot, CellValue::Empty | CellValue::Uncalculated(_)) {
            *slot = CellValue::Uncalculated(formula.to_owned());
        }
    }
}

/// The container from the first bytes.
fn sniff(bytes: &[u8]) -> Result<Format, ReadError> {
    const OLE2: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if bytes.starts_with(b"PK\x03\x04") {
        return Ok(Format::Zip);
    }
    if bytes.starts_with(OLE2) {
        // An encrypted Office Open XML file is an OLE2 container holding an
        // "EncryptedPackage" stream (UTF-16 name in the directory).
        let marker: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        if bytes.windows(marker.len()).any(|w| w == marker.as_slice()) {
            return Err(ReadError::Encrypted);
        }
        return Ok(Format::Xls);
    }
    if bytes.is_empty() {
        return Err(ReadError::NotAWorkbook {
            found: "tệp rỗng".into(),
        });
    }
    let found = if bytes.starts_with(b"%PDF") {
        "tệp PDF"
    } else if bytes.starts_with(b"\x89PNG") || bytes.starts_with(b"\xFF\xD8\xFF") {
        "tệp ảnh"
    } else if bytes.starts_with(b"PK") {
        "tệp nén hỏng"
    } else if std::str::from_utf8(&bytes[..bytes.len().min(4096)]).is_ok() {
        "tệp văn bản"
    } else {
        "định dạng không rõ"
    };
    Err(ReadError::NotAWorkbook {
        found: found.into(),
    })
}

/// Rejects zips that are not workbooks or that unpack beyond the limit,
/// reading only the central directory.
fn check_zip(bytes: &[u8], limits: &Limits) -> Result<(), ReadError> {
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ReadError::Corrupt(e.to_string()))?;
    let mut total: u64 = 0;
    let mut workbook_part = false;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| ReadError::Corrupt(e.to_string()))?;
        total = total.saturating_add(entry.size());
        if total > limits.max_unpacked_bytes {
            return Err(ReadError::UnpacksTooLarge {
                limit: limits.max_unpacked_bytes,
            });
        }
        let name = entry.name();
        if name == "xl/workbook.xml" || name == "xl/workbook.bin" || name == "content.xml" {
            workbook_part = true;
        }
        if name == "word/document.xml" {
            return Err(ReadError::NotAWorkbook {
                found: "tệp Word (DOCX)".into(),
            });
        }
    }
    if !workbook_part {
        return Err(ReadError::NotAWorkbook {
            found: "tệp nén không chứa bảng tính".into(),
        });
    }
    Ok(())
}

/// Maps a calamine error message to our reasons.
/// What a reader's message about a damaged file means, in Vietnamese.
fn damage_in_vietnamese(detail: &str) -> &'static str {
    let lower = detail.to_lowercase();
    if lower.contains("eocd")
        || lower.contains("zip")
        || lower.contains("central directory")
        || lower.contains("ends inside")
    {
        "tệp bị cắt cụt hoặc hỏng phần nén bên trong, có thể do chép chưa xong"
    } else if lower.contains("not found") && lower.contains("sheet") {
        "thiếu một trang tính mà chính tệp khai báo"
    } else if lower.contains("cannot detect") {
        "không nhận ra định dạng của tệp"
    } else if lower.contains("xml") {
        "nội dung bên trong tệp bị hỏng"
    } else if lower.contains("cfb") || lower.contains("biff") || lower.contains("ole") {
        "cấu trúc tệp Excel 97-2003 bị hỏng"
    } else {
        "nội dung bên trong tệp không đọc được"
    }
}

fn classify(message: &str) -> ReadError {
    let lower = message.to_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        ReadError::Encrypted
    } else {
        ReadError::Corrupt(message.to_owned())
    }
}

/// Sheet-level decision on legacy encodings. Each text cell is repaired on
/// its own first: with its font's hint when the font names a legacy
/// encoding, otherwise conservatively; a short cell ("Ghi chó") in a
/// Unicode or unknown font rarely proves its encoding alone. When the
/// sheet's other cells show one legacy encoding and none the other, the
/// undecided cells are decoded with it.
#[derive(Default)]
struct LegacyVote {
    tcvn3: usize,
    vni: usize,
    /// Cells kept as they were that hold non-ASCII text: (index, raw).
    undecided: Vec<(usize, String)>,
}

impl LegacyVote {
    fn repair(&mut self, index: usize, raw: &str, hint: text::Hint) -> CellValue {
        let repaired = text::repair(raw, hint);
        match repaired.legacy {
            Some(text::Legacy::Tcvn3) => self.tcvn3 += 1,
            Some(text::Legacy::Vni) => self.vni += 1,
            // A cell whose font named an encoding its text does not fit is not
            // decoded with the sheet's encoding either.
            None if hint == text::Hint::Auto && !repaired.mojibake && !raw.is_ascii() => {
                self.undecided.push((index, raw.to_owned()));
            }
            None => {}
        }
        text_cell(&repaired.text)
    }

    fn settle(self, cells: &mut [CellValue]) {
        let hint = match (self.tcvn3, self.vni) {
            (t, 0) if t >= 2 => text::Hint::Tcvn3 { capitals: false },
            (0, v) if v >= 2 => text::Hint::Vni,
            _ => return,
        };
        for (index, raw) in self.undecided {
            let repaired = text::repair(&raw, hint);
            if repaired.legacy.is_some() {
                cells[index] = text_cell(&repaired.text);
            }
        }
    }
}

fn text_cell(text: &str) -> CellValue {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        CellValue::Empty
    } else {
        CellValue::Text(trimmed.to_owned())
    }
}

fn convert(value: &Data) -> CellValue {
    match value {
        Data::Empty => CellValue::Empty,
        Data::String(s) => text_cell(&text::fix_cell(s, None)),
        Data::Int(i) => CellValue::Number(*i as f64),
        Data::Float(f) => CellValue::Number(*f),
        Data::Bool(b) => CellValue::Bool(*b),
        Data::DateTime(dt) => {
            let date = dt.as_datetime().and_then(|d| {
                use chrono::Datelike;
                u32::try_from(d.year())
                    .ok()
                    .and_then(|y| text::Date::new(y, d.month(), d.day()).ok())
            });
            match date {
                Some(date) => CellValue::Date(date),
                None => CellValue::Number(dt.as_f64()),
            }
        }
        Data::DateTimeIso(s) => {
            let day = s.get(..10).unwrap_or(s);
            let parts: Vec<&str> = day.split('-').collect();
            let date = match parts.as_slice() {
                [y, m, d] => match (y.parse(), m.parse(), d.parse()) {
                    (Ok(y), Ok(m), Ok(d)) => text::Date::new(y, m, d).ok(),
                    _ => None,
                },
                _ => None,
            };
            date.map(CellValue::Date)
                .unwrap_or_else(|| CellValue::Text(s.clone()))
        }
        Data::DurationIso(s) => CellValue::Text(s.clone()),
        Data::Error(e) => CellValue::Error(e.to_string()),
    }
}

fn merges<RS: std::io::Read + std::io::Seek>(workbook: &mut Sheets<RS>, name: &str) -> Vec<Merge> {
    let dims = match workbook {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        _ => Vec::new(),
    };
    dims.into_iter()
        .map(|d| Merge {
            start: (d.start.0 as usize, d.start.1 as usize),
            end: (d.end.0 as usize, d.end.1 as usize),
        })
        .collect()
}

/// An A1-style reference: (0, 0) → "A1", (11, 4) → "E12".
pub fn cell_ref(row: usize, col: usize) -> String {
    let mut letters = Vec::new();
    let mut c = col.saturating_add(1);
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.push(b'A' + rem as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!(
        "{}{}",
        String::from_utf8_lossy(&letters),
        row.saturating_add(1)
    )
}

#[cfg(test)]
mod tests;

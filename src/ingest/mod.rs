//! Ingest: a workbook file as cells, whatever its format, within limits.
//!
//! Owns: recognising the file type from its bytes (not its name), the
//! limits on size, decompressed size, rows and cells, and the reading of
//! every sheet with calamine (`.xlsx`, `.xlsm`, `.xls`, `.xlsb`, `.ods`)
//! into a plain grid of [`CellValue`]s with merged regions and
//! repaired, NFC text. Guarantees: no panic on any input; a bad file gets
//! its own [`ReadError`] with a Vietnamese reason; a formula whose value
//! was never calculated is a [`CellValue::Uncalculated`], never a silent
//! blank.
//!
//! A text cell is repaired with its font as the legacy-encoding hint where the
//! format carries it (`.xlsx`, `.xlsm`, `.ods`; see `styles`), otherwise as
//! detected.
//!
//! Invariant: ingest knows nothing of documents or templates; it uses only
//! `text` for repair and dates.

use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{Data, Reader, Sheets};

use crate::text;

mod styles;

/// Limits applied to every workbook.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest file accepted, bytes.
    pub max_file_bytes: u64,
    /// Largest total decompressed size of a zip-based workbook, bytes.
    pub max_unpacked_bytes: u64,
    /// Most rows in one sheet.
    pub max_rows: usize,
    /// Most cells (rows × columns of the used range) in the workbook.
    pub max_cells: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 30 * 1024 * 1024,
            max_unpacked_bytes: 200 * 1024 * 1024,
            max_rows: 50_000,
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
    /// Merged regions (none for `.ods`, which calamine cannot report).
    pub merges: Vec<Merge>,
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
    /// Too many rows or cells.
    #[error(
        "trang tính \"{sheet}\" có quá nhiều ô ({cells} ô, {rows} dòng); tối đa {max_cells} ô và {max_rows} dòng"
    )]
    TooManyCells {
        /// Sheet.
        sheet: String,
        /// Rows.
        rows: usize,
        /// Cells.
        cells: usize,
        /// Row limit.
        max_rows: usize,
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
    /// Damaged.
    #[error("tệp bảng tính bị hỏng, không mở được ({0}); hãy lưu lại tệp từ Excel rồi gửi lại")]
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
    let mut fonts = match format {
        Format::Zip => styles::CellFonts::read(&bytes, limits),
        Format::Xls => styles::CellFonts::none(),
    };
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.as_slice()))
        .map_err(|e| classify(&e.to_string()))?;
    let names = workbook.sheet_names();
    let mut sheets = Vec::with_capacity(names.len());
    let mut total_cells = 0usize;
    for name in names {
        let range = match workbook.worksheet_range(&name) {
            Ok(range) => range,
            // Chart sheets and other non-grid sheets have no cells.
            Err(e) if e.to_string().to_lowercase().contains("chart") => continue,
            Err(e) => return Err(classify(&e.to_string())),
        };
        let (rows, cols) = match range.end() {
            Some((r, c)) => (r as usize + 1, c as usize + 1),
            None => (0, 0),
        };
        let cells_here = rows.saturating_mul(cols);
        total_cells = total_cells.saturating_add(cells_here);
        if rows > limits.max_rows || total_cells > limits.max_cells {
            return Err(ReadError::TooManyCells {
                sheet: text::fix_cell(&name, None).into_owned(),
                rows,
                cells: cells_here,
                max_rows: limits.max_rows,
                max_cells: limits.max_cells,
            });
        }
        let formulas = workbook.worksheet_formula(&name).ok();
        let sheet_fonts = fonts.sheet(&name);
        let mut cells = vec![CellValue::Empty; cells_here];
        let mut legacy = LegacyVote::default();
        for (r, c, value) in range.used_cells() {
            let (start_r, start_c) = range.start().unwrap_or((0, 0));
            let row = start_r as usize + r;
            let col = start_c as usize + c;
            if row < rows && col < cols {
                cells[row * cols + col] = match value {
                    Data::String(s) => {
                        legacy.repair(row * cols + col, s, sheet_fonts.hint(row, col))
                    }
                    other => convert(other),
                };
            }
        }
        legacy.settle(&mut cells);
        if let Some(formulas) = formulas {
            let (start_r, start_c) = formulas.start().unwrap_or((0, 0));
            for (r, c, formula) in formulas.used_cells() {
                let row = start_r as usize + r;
                let col = start_c as usize + c;
                if row < rows && col < cols && !formula.trim().is_empty() {
                    let slot = &mut cells[row * cols + col];
                    if *slot == CellValue::Empty {
                        *slot = CellValue::Uncalculated(formula.clone());
                    }
                }
            }
        }
        let merges = merges(&mut workbook, &name);
        sheets.push(Sheet {
            name: text::fix_cell(&name, None).into_owned(),
            rows,
            cols,
            cells,
            merges,
        });
    }
    if sheets
        .iter()
        .all(|s| s.cells.iter().all(|c| *c == CellValue::Empty))
    {
        return Err(ReadError::Empty);
    }
    Ok(Workbook { format, sheets })
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
    let mut c = col + 1;
    while c > 0 {
        let rem = (c - 1) % 26;
        letters.push(b'A' + rem as u8);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
}

#[cfg(test)]
mod tests;

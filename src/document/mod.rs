//! The document model: one value that says everything an official document
//! (văn bản hành chính) shows, independent of any output format.
//!
//! Both renderers (`render::docx` and `render::pdf`) read only this model, so
//! a DOCX and a PDF made from the same `Document` say and show the same thing.
//! The model knows the components of Nghị định 30/2020/NĐ-CP (header, number,
//! place and date, title and trích yếu, Kính gửi, căn cứ, body, Nơi nhận,
//! signatory, appendices) and the wording rules that belong to them (leading
//! zeros, the `Số:      /BC-VPUBND` blank, Roman appendix numbers); it knows
//! nothing of templates, workbooks or files.
//!
//! Invariant: every string in the model is NFC text that prints literally.
//! No renderer interprets markup inside a [`Run`] or a cell.

mod kind;
mod numbering;

pub use kind::DocKind;
pub use numbering::{diem_letter, roman};

/// A complete administrative document.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// Type of document (Báo cáo, Tờ trình, Quyết định, công văn...).
    pub kind: DocKind,
    /// Issuing body (ô 2) with its parent body.
    pub issuer: Issuer,
    /// Number and code (ô 3).
    pub number: DocNumber,
    /// Place and date of issue (ô 4).
    pub place_date: PlaceDate,
    /// Title line in capitals (ô 5a), usually the name of the kind; `None`
    /// uses [`DocKind::title`]. A công văn has no title.
    pub title: Option<String>,
    /// Trích yếu: one or more lines under the title (or after "V/v" for a
    /// công văn).
    pub subject: Vec<String>,
    /// "Kính gửi:" recipients (ô 9a); empty when the document has none.
    pub recipients: Vec<String>,
    /// Authority line of a Quyết định ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH"),
    /// printed centred above the căn cứ lines.
    pub authority: Option<String>,
    /// Căn cứ lines (legal bases), printed in italics.
    pub bases: Vec<String>,
    /// The body (ô 6).
    pub body: Vec<Block>,
    /// Nơi nhận list (ô 9b), without the label.
    pub copies_to: Vec<String>,
    /// Signatory block (ô 7).
    pub signatory: Signatory,
    /// Appendices (Phụ lục), each in its own section numbered on its own.
    pub appendices: Vec<Appendix>,
    /// Paper and margins.
    pub page: PageSetup,
}

impl Document {
    /// The title printed in capitals under the header, if the document has
    /// one.
    pub fn title_text(&self) -> Option<String> {
        match &self.title {
            Some(title) => Some(title.clone()),
            None => self.kind.title().map(str::to_owned),
        }
    }

    /// Label of the n-th appendix (0-based): "Phụ lục" alone when there is
    /// only one, "Phụ lục I", "Phụ lục II"... when there are several.
    pub fn appendix_label(&self, index: usize) -> String {
        if self.appendices.len() == 1 {
            "Phụ lục".to_owned()
        } else {
            format!("Phụ lục {}", roman(index as u32 + 1))
        }
    }

    /// The italic line under an appendix title:
    /// "(Kèm theo Báo cáo số      /BC-VPUBND ngày     tháng     năm 2022 của Văn phòng)".
    pub fn appendix_reference(&self) -> String {
        let kind = self.kind.name();
        let number = self.number.number_and_code();
        let date = self.place_date.date.wording();
        let issuer = &self.issuer.name_in_text;
        format!("(Kèm theo {kind} số {number} {date} của {issuer})")
    }
}

/// The issuing body (ô 2).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Issuer {
    /// Parent body, printed upper case and not bold ("UBND TỈNH QUẢNG TRỊ").
    pub parent: Option<String>,
    /// Name lines of the issuing body, printed upper case and bold.
    pub name: Vec<String>,
    /// Abbreviation used in the document code ("VPUBND").
    pub abbreviation: String,
    /// The name as written inside a sentence ("Văn phòng UBND tỉnh Quảng Trị").
    pub name_in_text: String,
}

/// Number and code (ô 3): `Số: 05/BC-VPUBND`, or `Số:      /BC-VPUBND`
/// before the document is registered.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DocNumber {
    /// Registered number; `None` leaves the blank a văn thư fills by hand.
    pub number: Option<u32>,
    /// The code after the slash ("BC-VPUBND").
    pub code: String,
}

impl DocNumber {
    /// "05/BC-VPUBND", or "     /BC-VPUBND" with the number blank.
    pub fn number_and_code(&self) -> String {
        match self.number {
            Some(n) => format!("{n:02}/{}", self.code),
            None => format!("{}/{}", NUMBER_BLANK, self.code),
        }
    }

    /// The full line: "Số: 05/BC-VPUBND".
    pub fn line(&self) -> String {
        format!("Số: {}", self.number_and_code())
    }
}

/// Blank left for a number or a day written in by hand: non-breaking spaces,
/// so no renderer collapses them.
pub const NUMBER_BLANK: &str = "\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}";

/// Place and date of issue (ô 4).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PlaceDate {
    /// Place name ("Quảng Trị").
    pub place: String,
    /// The date, day and month possibly left blank for signing.
    pub date: PartialDate,
}

impl PlaceDate {
    /// "Quảng Trị, ngày 05 tháng 01 năm 2026".
    pub fn line(&self) -> String {
        format!("{}, {}", self.place, self.date.wording())
    }
}

/// A date whose day and month may be left blank, as drafts are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PartialDate {
    /// Day of month, 1–31.
    pub day: Option<u8>,
    /// Month, 1–12.
    pub month: Option<u8>,
    /// Year, four digits.
    pub year: i32,
}

impl PartialDate {
    /// NĐ30 wording: a leading zero for days 1–9 and months 1–2 only;
    /// blanks for the parts not yet known ("ngày      tháng      năm 2026").
    pub fn wording(&self) -> String {
        let day = match self.day {
            Some(d) => format!("{d:02}"),
            None => NUMBER_BLANK.to_owned(),
        };
        let month = match self.month {
            Some(m) if m <= 2 => format!("{m:02}"),
            Some(m) => m.to_string(),
            None => NUMBER_BLANK.to_owned(),
        };
        format!("ngày {day} tháng {month} năm {}", self.year)
    }
}

/// A run of text with one style.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Run {
    /// The text, printed literally.
    pub text: String,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
}

impl Run {
    /// Plain upright text.
    pub fn plain(text: impl Into<String>) -> Self {
        Run {
            text: text.into(),
            ..Run::default()
        }
    }

    /// Bold text.
    pub fn bold(text: impl Into<String>) -> Self {
        Run {
            text: text.into(),
            bold: true,
            italic: false,
        }
    }
}

/// Concatenated text of runs, without styles.
pub fn plain_text(runs: &[Run]) -> String {
    runs.iter().map(|r| r.text.as_str()).collect()
}

/// Horizontal alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// Flush left.
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
    /// Justified on both sides (the body default).
    #[default]
    Justify,
}

/// Level of a heading in the NĐ30 hierarchy of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadingLevel {
    /// Mục: "I. ĐẶC ĐIỂM TÌNH HÌNH": Roman number, upper case, bold.
    Muc,
    /// Khoản with a title: "1. Công tác tuyên truyền", bold.
    Khoan,
    /// Điểm with a title: "a) Kết quả", bold italic.
    Diem,
}

/// A block of the body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading of the hierarchy. `number` is the label printed before the
    /// text ("I.", "1.", "a)"), already resolved.
    Heading {
        /// Level.
        level: HeadingLevel,
        /// Number label, e.g. "II.".
        number: String,
        /// Heading text.
        runs: Vec<Run>,
    },
    /// A paragraph.
    Paragraph(Paragraph),
    /// A "- " item of a list, indented like a paragraph.
    Item(Vec<Run>),
    /// A table.
    Table(Table),
}

/// A paragraph of styled runs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Paragraph {
    /// The runs.
    pub runs: Vec<Run>,
    /// Alignment; body paragraphs are justified.
    pub align: Align,
    /// Whether the first line is indented (1,27 cm by default). Centred
    /// paragraphs are never indented.
    pub indent: bool,
}

/// A table with fixed relative column widths.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// Columns, left to right.
    pub columns: Vec<Column>,
    /// How many leading rows form the header, repeated on every page and
    /// printed bold and centred.
    pub header_rows: usize,
    /// Rows, header rows first. A cell covered by a span of another cell is
    /// not in the row: a row holds as many cells as the columns it starts,
    /// counting spans.
    pub rows: Vec<Vec<Cell>>,
    /// Font size of the table text in points (12–13 is common practice).
    pub font_size: f32,
}

/// A column of a table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    /// Relative width; widths are scaled to the text width.
    pub width: f32,
    /// Alignment of body cells (header cells are centred).
    pub align: Align,
}

/// A table cell.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cell {
    /// Content runs.
    pub runs: Vec<Run>,
    /// Columns covered, at least 1.
    pub colspan: u16,
    /// Rows covered, at least 1.
    pub rowspan: u16,
    /// Alignment overriding the column's.
    pub align: Option<Align>,
}

impl Cell {
    /// A single-column, single-row cell of plain text.
    pub fn text(text: impl Into<String>) -> Self {
        Cell {
            runs: vec![Run::plain(text)],
            colspan: 1,
            rowspan: 1,
            align: None,
        }
    }
}

/// The signatory block (ô 7a–7c).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Signatory {
    /// Authority lines above the position: "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH".
    pub authority: Vec<String>,
    /// Position of the signer ("CHÁNH VĂN PHÒNG").
    pub position: String,
    /// Full name of the signer ("Nguyễn Trần Quang").
    pub name: String,
}

/// An appendix (Phụ lục): its own section, numbered on its own.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Appendix {
    /// Title lines, printed upper case and bold.
    pub title: Vec<String>,
    /// Landscape page.
    pub landscape: bool,
    /// Content.
    pub body: Vec<Block>,
}

/// Paper and margins.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PageSetup {
    /// Margins in millimetres.
    pub margins: Margins,
}

/// Page margins in millimetres. NĐ30 allows top and bottom 20–25, left
/// 30–35, right 15–20.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Margins {
    /// Top margin.
    pub top: f32,
    /// Bottom margin.
    pub bottom: f32,
    /// Left (binding) margin.
    pub left: f32,
    /// Right margin.
    pub right: f32,
}

impl Default for Margins {
    fn default() -> Self {
        Margins {
            top: 20.0,
            bottom: 20.0,
            left: 30.0,
            right: 15.0,
        }
    }
}

impl Margins {
    /// Checks the margins against the ranges of NĐ30, Phụ lục I; the error
    /// names the first margin outside its range, in Vietnamese.
    pub fn validate(&self) -> Result<(), String> {
        let checks = [
            ("lề trên", self.top, 20.0, 25.0),
            ("lề dưới", self.bottom, 20.0, 25.0),
            ("lề trái", self.left, 30.0, 35.0),
            ("lề phải", self.right, 15.0, 20.0),
        ];
        for (name, value, min, max) in checks {
            if !(min..=max).contains(&value) {
                return Err(format!(
                    "{name} {value} mm nằm ngoài khoảng {min}–{max} mm mà Nghị định 30/2020/NĐ-CP cho phép"
                ));
            }
        }
        Ok(())
    }
}

/// A4 width in millimetres.
pub const A4_WIDTH_MM: f32 = 210.0;
/// A4 height in millimetres.
pub const A4_HEIGHT_MM: f32 = 297.0;

/// Sizes and measures of the layout shared by both renderers, in points and
/// millimetres. Changing one changes the DOCX and the PDF alike.
pub mod layout {
    /// Quốc hiệu, parent body, issuing body, "Số:" line.
    pub const HEADER_PT: f32 = 13.0;
    /// Tiêu ngữ.
    pub const MOTTO_PT: f32 = 14.0;
    /// Body text, title, trích yếu, place and date, signatory.
    pub const BODY_PT: f32 = 14.0;
    /// "V/v" trích yếu of a công văn.
    pub const VV_PT: f32 = 12.0;
    /// "Nơi nhận:" label.
    pub const COPIES_LABEL_PT: f32 = 12.0;
    /// Nơi nhận entries.
    pub const COPIES_PT: f32 = 11.0;
    /// Page numbers.
    pub const PAGE_NUMBER_PT: f32 = 14.0;
    /// Width of the left header column (issuing body), millimetres.
    pub const HEADER_LEFT_MM: f32 = 62.0;
    /// Width of the left closing column (Nơi nhận), millimetres.
    pub const CLOSING_LEFT_MM: f32 = 75.0;
    /// First-line indent of body paragraphs, millimetres (1,27 cm).
    pub const INDENT_MM: f32 = 12.7;
    /// Space before a body paragraph, points.
    pub const PARA_BEFORE_PT: f32 = 6.0;
    /// Line spacing multiple of body paragraphs.
    pub const LINE_SPACING: f32 = 1.15;
    /// Share of the issuing-body line (and the trích yếu line) drawn as the
    /// rule under it: 40 %, inside the legal 1/3–1/2.
    pub const SHORT_RULE_SHARE: f32 = 0.4;
    /// Thickness of rules, points.
    pub const RULE_PT: f32 = 0.5;
    /// Empty lines left for the signature.
    pub const SIGNATURE_LINES: usize = 4;
    /// Distance of the page-number header from the page edge, millimetres.
    pub const HEADER_DISTANCE_MM: f32 = 12.5;
}

#[cfg(test)]
mod tests;

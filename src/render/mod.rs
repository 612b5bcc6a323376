//! Renderers: the document model to bytes, one function per format.
//!
//! Invariant: this module reads only [`crate::document`] and its own options.
//! It knows nothing of templates, workbooks, configuration files or the
//! outbox; a tidy test checks its `use crate::` lines. Both renderers share
//! the sizes of [`crate::document::layout`] and the font metrics of
//! [`fonts`], so the DOCX and the PDF show the same layout.

pub mod docx;
pub mod fonts;
mod lines;
mod ooxml;
pub mod pdf;

pub use docx::{DocxError, DocxOptions, docx};
pub use pdf::{PdfError, PdfOptions, pdf};

use crate::document::{Cell, Document, HeadingLevel, Margins, Table, layout};

/// Millimetres to points.
pub(crate) fn mm_to_pt(mm: f32) -> f32 {
    mm * 72.0 / 25.4
}

/// Width of the text area in millimetres for the page orientation.
pub(crate) fn text_width_mm(margins: &Margins, landscape: bool) -> f32 {
    let paper = if landscape {
        crate::document::A4_HEIGHT_MM
    } else {
        crate::document::A4_WIDTH_MM
    };
    paper - margins.left - margins.right
}

/// Whether a body row of `table` may break across pages: only a row that
/// could not stand on one page, its tallest cell's text (measured by the
/// shared font metrics, in the narrower portrait column) over half the
/// height of a page's text. Every other row stays on one page in both
/// formats (Word's `cantSplit`, Typst's unbreakable cells); such a row,
/// kept whole, ran off the foot of the PDF's page and its text was lost.
pub(crate) fn row_may_break(table: &Table, row: &[Cell], margins: &Margins) -> bool {
    /// Cell padding on each side (the PDF's inset, Word's cell margins).
    const INSET_PT: f32 = 5.4;
    let total: f32 = table.columns.iter().map(|c| c.width).sum();
    if total <= 0.0 {
        return false;
    }
    let text_pt = mm_to_pt(text_width_mm(margins, false));
    let page_pt = mm_to_pt(crate::document::A4_HEIGHT_MM - margins.top - margins.bottom);
    let size = table.font_size;
    let mut col = 0usize;
    let mut tallest = 0.0f32;
    for cell in row {
        let span = usize::from(cell.colspan.max(1));
        let share: f32 = table
            .columns
            .iter()
            .skip(col)
            .take(span)
            .map(|c| c.width)
            .sum();
        col += span;
        let width = (share / total * text_pt - 2.0 * INSET_PT).max(size);
        let text: String = cell.runs.iter().map(|r| r.text.as_str()).collect();
        let bold = cell.runs.iter().any(|r| r.bold);
        let lines: f32 = text
            .split('\n')
            .map(|line| {
                (fonts::text_width_pt(line, size, bold, false) / width)
                    .ceil()
                    .max(1.0)
            })
            .sum();
        tallest = tallest.max(lines * size * 1.15 + 2.0 * INSET_PT);
    }
    tallest > page_pt / 2.0
}

/// Length of the rule under the issuing body: 40 % of its last name line,
/// in points.
pub(crate) fn issuer_rule_pt(doc: &Document) -> f32 {
    let line = doc.issuer.name.last().map(String::as_str).unwrap_or("");
    fonts::text_width_pt(line, layout::HEADER_PT, true, false) * layout::SHORT_RULE_SHARE
}

/// The trích yếu as both renderers print it under the title: each line of
/// the model broken into balanced lines of the text width (see
/// [`lines::balanced_lines`]), bold at body size.
pub(crate) fn subject_lines(doc: &Document) -> Vec<String> {
    let width = mm_to_pt(text_width_mm(&doc.page.margins, false));
    doc.subject
        .iter()
        .flat_map(|line| lines::balanced_lines(line, layout::BODY_PT, true, false, width))
        .collect()
}

/// Length of the rule under the trích yếu: 40 % of its longest line, never
/// more than 40 % of the text width (a wrapped line is at most that wide).
pub(crate) fn subject_rule_pt(lines: &[String], text_width_pt: f32) -> f32 {
    let longest = lines
        .iter()
        .map(|l| fonts::text_width_pt(l, layout::BODY_PT, true, false))
        .fold(0.0, f32::max)
        .min(text_width_pt);
    longest * layout::SHORT_RULE_SHARE
}

/// Length of the rule under the Tiêu ngữ: exactly its text width, in points.
pub(crate) fn motto_rule_pt() -> f32 {
    fonts::text_width_pt(MOTTO, layout::MOTTO_PT, true, false)
}

/// Quốc hiệu.
pub(crate) const NATIONAL_NAME: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
/// Tiêu ngữ.
pub(crate) const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";
/// "Nơi nhận:" label.
pub(crate) const COPIES_LABEL: &str = "Nơi nhận:";
/// "Kính gửi:" label.
pub(crate) const RECIPIENTS_LABEL: &str = "Kính gửi:";

/// Bold and italic of a heading level's text.
pub(crate) fn heading_style(level: HeadingLevel) -> (bool, bool) {
    match level {
        HeadingLevel::Muc | HeadingLevel::Khoan => (true, false),
        HeadingLevel::Diem => (false, false),
    }
}

/// The lines of the "Kính gửi:" block: one recipient on the label's line;
/// several as "- " items ending in ";" and the last in ".".
pub(crate) fn recipient_lines(recipients: &[String]) -> Vec<String> {
    match recipients {
        [] => Vec::new(),
        [one] => vec![one.clone()],
        many => many
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let r = r.trim_end_matches([';', '.', ',']);
                let end = if i + 1 == many.len() { '.' } else { ';' };
                format!("- {r}{end}")
            })
            .collect(),
    }
}

/// Every text the document prints, for checks such as font coverage.
pub(crate) fn all_text(doc: &Document) -> Vec<&str> {
    use crate::document::Block;
    fn blocks<'a>(list: &'a [Block], out: &mut Vec<&'a str>) {
        for block in list {
            match block {
                Block::Heading { number, runs, .. } => {
                    out.push(number);
                    out.extend(runs.iter().map(|r| r.text.as_str()));
                }
                Block::Paragraph(p) => out.extend(p.runs.iter().map(|r| r.text.as_str())),
                Block::Item(runs) => out.extend(runs.iter().map(|r| r.text.as_str())),
                Block::Table(t) => {
                    for row in &t.rows {
                        for cell in row {
                            out.extend(cell.runs.iter().map(|r| r.text.as_str()));
                        }
                    }
                }
            }
        }
    }
    let mut out: Vec<&str> = Vec::new();
    out.extend(doc.issuer.parent.as_deref());
    out.extend(doc.issuer.name.iter().map(String::as_str));
    out.push(&doc.number.code);
    out.push(&doc.place_date.place);
    out.extend(doc.title.as_deref());
    out.extend(doc.subject.iter().map(String::as_str));
    out.extend(doc.recipients.iter().map(String::as_str));
    out.extend(doc.authority.as_deref());
    out.extend(doc.bases.iter().map(String::as_str));
    blocks(&doc.body, &mut out);
    out.extend(doc.copies_to.iter().map(String::as_str));
    out.extend(doc.signatory.authority.iter().map(String::as_str));
    out.push(&doc.signatory.position);
    out.push(&doc.signatory.name);
    for appendix in &doc.appendices {
        out.extend(appendix.title.iter().map(String::as_str));
        blocks(&appendix.body, &mut out);
    }
    out
}

/// Gives back what rendering keeps between documents: Typst's memoised
/// layouts (the allocator returns the freed pages to the system itself).
/// For a process that stays (`vanthu watch`) once it is idle, so a long
/// list rendered hours ago does not keep hundreds of megabytes resident.
pub fn release_memory() {
    typst::comemo::evict(0);
}

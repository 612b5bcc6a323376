//! PDF renderer: Typst as a library, with its own `World`.
//!
//! The Typst layout source ([`LAYOUT`], `layout.typ`) is part of the
//! program. The document reaches it only as data: a JSON projection of the
//! model served as the virtual file `/data.json`, which the layout reads with
//! `json()` and prints as strings. Nothing from a document is ever spliced
//! into Typst source, so `#read("x")` or `$x$` in a cell prints literally.
//!
//! The World serves the bundled fonts only (never the system's): Liberation
//! Serif for the text and the symbol fallback of [`fonts`], which the layout
//! lists second. It also serves a fixed date and no other files, so the same
//! document gives the same bytes on every machine. The output is PDF/A-2b by
//! default.

use std::sync::LazyLock;

use serde::Serialize;
use typst::diag::{FileError, FileResult, Severity};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfStandard, PdfStandards, Timestamp};

use super::{
    COPIES_LABEL, MOTTO, NATIONAL_NAME, RECIPIENTS_LABEL, all_text, fonts, heading_style,
    issuer_rule_pt, lines, mm_to_pt, recipient_lines, row_may_break, subject_lines,
    subject_rule_pt, text_width_mm,
};
use crate::document::{Align, Block, Document, Margins, Run, layout};

/// The Typst layout of every document.
pub const LAYOUT: &str = include_str!("layout.typ");

/// A document of more pages than this leaves nothing in Typst's
/// memoisation cache after it (see [`pdf`]).
const LONG_DOCUMENT_PAGES: usize = 10;

/// Options of the PDF renderer.
#[derive(Debug, Clone)]
pub struct PdfOptions {
    /// Write PDF/A-2b (archival). Default: true.
    pub pdfa: bool,
}

impl Default for PdfOptions {
    fn default() -> Self {
        PdfOptions { pdfa: true }
    }
}

/// A PDF could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The text holds a character the bundled fonts cannot show.
    #[error(
        "ký tự \"{ch}\" (U+{code:04X}) trong \"{context}\" không có trong phông chữ, không thể in ra PDF"
    )]
    MissingGlyph {
        /// The character.
        ch: char,
        /// Its code point.
        code: u32,
        /// The text it stands in.
        context: String,
    },
    /// Typst reported errors (a defect of the layout, not of the input).
    #[error("lỗi dàn trang PDF: {0}")]
    Layout(String),
}

/// Fonts, library and layout source, built once per process.
struct Env {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    main_id: FileId,
    data_id: FileId,
}

static ENV: LazyLock<Env> = LazyLock::new(|| {
    let fonts: Vec<Font> = fonts::ALL
        .iter()
        .flat_map(|data| Font::iter(Bytes::new(*data)))
        .collect();
    let book = FontBook::from_fonts(&fonts);
    let id = |path: &str| {
        // Both paths are constants that are valid virtual paths.
        RootedPath::new(
            VirtualRoot::Project,
            VirtualPath::new(path).expect("valid virtual path"),
        )
        .intern()
    };
    let main_id = id("/main.typ");
    Env {
        library: LazyHash::new(Library::builder().build()),
        book: LazyHash::new(book),
        fonts,
        main: Source::new(main_id, LAYOUT.to_owned()),
        main_id,
        data_id: id("/data.json"),
    }
});

/// The World of one document: the shared environment plus its data.
struct DocWorld<'a> {
    env: &'a Env,
    data: Bytes,
    today: Option<Datetime>,
}

impl World for DocWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.env.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.env.book
    }

    fn main(&self) -> FileId {
        self.env.main_id
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.env.main_id {
            Ok(self.env.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.env.data_id {
            Ok(self.data.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.env.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        self.today
    }
}

/// Renders `doc` as a PDF.
pub fn pdf(doc: &Document, options: &PdfOptions) -> Result<Vec<u8>, PdfError> {
    for text in all_text(doc) {
        if let Some(ch) = fonts::missing_char(text) {
            return Err(PdfError::MissingGlyph {
                ch,
                code: u32::from(ch),
                context: text.chars().take(60).collect(),
            });
        }
    }
    // The text both renderers print: dashes bound to their words.
    let doc = &lines::with_bound_dashes(doc, true);
    let data =
        serde_json::to_vec(&Projection::new(doc)).map_err(|e| PdfError::Layout(e.to_string()))?;
    let date = doc.place_date.date;
    let today = Datetime::from_ymd(date.year, date.month.unwrap_or(1), date.day.unwrap_or(1));
    let world = DocWorld {
        env: &ENV,
        data: Bytes::new(data),
        today,
    };
    let started = std::time::Instant::now();
    let compiled = typst::compile::<PagedDocument>(&world);
    let laid_out = started.elapsed();
    let document = compiled.output.map_err(|errors| {
        PdfError::Layout(
            errors
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| d.message.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    let standards = if options.pdfa {
        PdfStandards::new(&[PdfStandard::A_2b]).map_err(|e| PdfError::Layout(format!("{e:?}")))?
    } else {
        PdfStandards::default()
    };
    let pdf_options = typst_pdf::PdfOptions {
        ident: Smart::Auto,
        timestamp: today.map(Timestamp::new_utc),
        standards,
        tagged: false,
        ..Default::default()
    };
    let bytes = typst_pdf::pdf(&document, &pdf_options).map_err(|errors| {
        PdfError::Layout(
            errors
                .iter()
                .map(|d| d.message.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    // Keep the memoisation cache small: a long-running service renders
    // thousands of documents. What small documents share (the evaluated
    // layout, the header, the signature block) stays for the next ten and
    // makes a batch of them 1.6 times as fast; a long document's layouts
    // are of use to no other and are dropped at once (a 5,000-row list
    // peaks at 290 MB instead of 470 MB).
    let pages = document.pages().len();
    drop(document);
    tracing::debug!(
        pages,
        layout_ms = laid_out.as_millis() as u64,
        export_ms = (started.elapsed() - laid_out).as_millis() as u64,
        "đã dàn trang PDF"
    );
    typst::comemo::evict(if pages > LONG_DOCUMENT_PAGES { 0 } else { 10 });
    Ok(bytes)
}

/// What the layout reads from `/data.json`: the model with everything
/// resolved to strings and numbers, so the layout only places them.
#[derive(Serialize)]
struct Projection<'a> {
    meta_title: String,
    author: String,
    sizes: Sizes,
    margins: [f32; 4],
    header_left_mm: f32,
    closing_left_mm: f32,
    parent: Option<&'a str>,
    issuer: &'a [String],
    issuer_rule_pt: f32,
    national_name: &'static str,
    motto: &'static str,
    number_line: String,
    place_date: String,
    vv: Option<String>,
    title: Option<String>,
    /// The trích yếu's balanced lines (see `render::subject_lines`).
    subject: Vec<String>,
    subject_rule_pt: f32,
    recipients_label: &'static str,
    recipients: Vec<String>,
    authority: Option<&'a str>,
    bases: &'a [String],
    body: Vec<PBlock<'a>>,
    copies_label: &'static str,
    copies_to: Vec<String>,
    signer_authority: &'a [String],
    signer_position: &'a str,
    signer_name: &'a str,
    signature_lines: usize,
    appendices: Vec<PAppendix<'a>>,
}

#[derive(Serialize)]
struct Sizes {
    header: f32,
    motto: f32,
    body: f32,
    vv: f32,
    copies_label: f32,
    copies: f32,
    page_number: f32,
    indent_mm: f32,
    para_before: f32,
    top_edge_em: f32,
    bottom_edge_em: f32,
    leading_body_em: f32,
    leading_tight_em: f32,
    rule: f32,
    header_distance_mm: f32,
}

#[derive(Serialize)]
struct PRun<'a> {
    text: &'a str,
    bold: bool,
    italic: bool,
}

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum PBlock<'a> {
    Heading {
        runs: Vec<PRun<'a>>,
    },
    Paragraph {
        runs: Vec<PRun<'a>>,
        align: &'static str,
        indent: bool,
    },
    Table {
        widths: Vec<f32>,
        /// Alignment of each column, for plain cells.
        aligns: Vec<&'static str>,
        header_rows: usize,
        size: f32,
        header: Vec<PCell<'a>>,
        cells: Vec<PSlot<'a>>,
    },
}

/// Body cells: a run of plain cells as an array of their bare texts, which
/// Typst takes as they are (no code runs per cell; long lists are mostly
/// such cells, and this makes them several times faster), or one cell
/// with its full description.
#[derive(Serialize)]
#[serde(untagged)]
enum PSlot<'a> {
    Plain(Vec<&'a str>),
    Cell(PCell<'a>),
}

#[derive(Serialize)]
struct PCell<'a> {
    runs: Vec<PRun<'a>>,
    colspan: u16,
    rowspan: u16,
    align: &'static str,
    bold: bool,
    /// The row may break across pages (`render::row_may_break`); written
    /// only when it may.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    breakable: bool,
}

#[derive(Serialize)]
struct PAppendix<'a> {
    label: String,
    title: Vec<String>,
    reference: String,
    reference_rule_pt: f32,
    landscape: bool,
    body: Vec<PBlock<'a>>,
}

fn align_name(align: Align) -> &'static str {
    match align {
        Align::Left => "left",
        Align::Center => "center",
        Align::Right => "right",
        Align::Justify => "justify",
    }
}

fn prun(runs: &[Run]) -> Vec<PRun<'_>> {
    runs.iter()
        .map(|r| PRun {
            text: &r.text,
            bold: r.bold,
            italic: r.italic,
        })
        .collect()
}

fn pblocks<'a>(blocks: &'a [Block], margins: &Margins) -> Vec<PBlock<'a>> {
    blocks
        .iter()
        .map(|block| match block {
            Block::Heading {
                level,
                number,
                runs,
            } => {
                let (bold, italic) = heading_style(*level);
                let mut out = vec![PRun {
                    text: number,
                    bold,
                    italic,
                }];
                out.push(PRun {
                    text: " ",
                    bold,
                    italic,
                });
                out.extend(runs.iter().map(|r| PRun {
                    text: &r.text,
                    bold: bold || r.bold,
                    italic: italic || r.italic,
                }));
                PBlock::Heading { runs: out }
            }
            Block::Paragraph(p) => PBlock::Paragraph {
                runs: prun(&p.runs),
                align: align_name(p.align),
                indent: p.indent,
            },
            Block::Item(runs) => {
                let mut out = vec![PRun {
                    text: "- ",
                    bold: false,
                    italic: false,
                }];
                out.extend(prun(runs));
                PBlock::Paragraph {
                    runs: out,
                    align: "justify",
                    indent: true,
                }
            }
            Block::Table(table) => {
                let mut header = Vec::new();
                let mut cells = Vec::new();
                let aligns: Vec<Align> = table.columns.iter().map(|c| c.align).collect();
                // Column positions are only certain without row spans.
                let no_rowspans = table.rows.iter().flatten().all(|c| c.rowspan <= 1);
                for (r, row) in table.rows.iter().enumerate() {
                    let is_header = r < table.header_rows;
                    let breakable = !is_header && row_may_break(table, row, margins);
                    // Column of each cell: walk the row, skipping slots
                    // covered by spans from above is not needed for
                    // alignment defaults, which come from the first column
                    // the cell starts in.
                    let mut col = 0usize;
                    for cell in row {
                        let align = if is_header {
                            Align::Center
                        } else {
                            cell.align.unwrap_or_else(|| {
                                table
                                    .columns
                                    .get(col)
                                    .map(|c| c.align)
                                    .unwrap_or(Align::Left)
                            })
                        };
                        let plain = !is_header
                            && !breakable
                            && no_rowspans
                            && cell.colspan <= 1
                            && aligns.get(col) == Some(&align)
                            && align != Align::Justify
                            && cell.runs.len() == 1
                            && !cell.runs[0].bold
                            && !cell.runs[0].italic
                            && !cell.runs[0].text.contains('\n');
                        col += cell.colspan.max(1) as usize;
                        if plain {
                            match cells.last_mut() {
                                Some(PSlot::Plain(run)) => run.push(&cell.runs[0].text),
                                _ => cells.push(PSlot::Plain(vec![&cell.runs[0].text])),
                            }
                            continue;
                        }
                        let out = PCell {
                            runs: prun(&cell.runs),
                            colspan: cell.colspan.max(1),
                            rowspan: cell.rowspan.max(1),
                            align: align_name(align),
                            bold: is_header,
                            breakable,
                        };
                        if is_header {
                            header.push(out);
                        } else {
                            cells.push(PSlot::Cell(out));
                        }
                    }
                }
                PBlock::Table {
                    widths: table.columns.iter().map(|c| c.width).collect(),
                    aligns: aligns.iter().map(|a| align_name(*a)).collect(),
                    header_rows: table.header_rows,
                    size: table.font_size,
                    header,
                    cells,
                }
            }
        })
        .collect()
}

/// Leading that makes Typst's line pitch `multiple` × Word's single line:
/// the text edges are set to the font's ascender and descender (the
/// `top_edge_em` / `bottom_edge_em` of the projection), so the leading is
/// what remains of the pitch.
fn leading_em(multiple: f32) -> f32 {
    let (ascender, descender, _) = fonts::vertical_metrics_em();
    fonts::single_line_pitch_em() * multiple - (ascender + descender)
}

impl<'a> Projection<'a> {
    fn new(doc: &'a Document) -> Self {
        let margins = doc.page.margins;
        let text_pt = mm_to_pt(text_width_mm(&margins, false));
        let title = doc.title_text();
        let is_cong_van = title.is_none();
        let subject = subject_lines(doc);
        Projection {
            meta_title: match &title {
                Some(t) => format!("{} {}", t, doc.subject.join(" ")),
                None => format!("V/v {}", doc.subject.join(" ")),
            },
            author: doc.issuer.name.join(" "),
            sizes: Sizes {
                header: layout::HEADER_PT,
                motto: layout::MOTTO_PT,
                body: layout::BODY_PT,
                vv: layout::VV_PT,
                copies_label: layout::COPIES_LABEL_PT,
                copies: layout::COPIES_PT,
                page_number: layout::PAGE_NUMBER_PT,
                indent_mm: layout::INDENT_MM,
                para_before: layout::PARA_BEFORE_PT,
                top_edge_em: fonts::vertical_metrics_em().0,
                bottom_edge_em: -fonts::vertical_metrics_em().1,
                leading_body_em: leading_em(layout::LINE_SPACING),
                leading_tight_em: leading_em(1.0),
                rule: layout::RULE_PT,
                header_distance_mm: layout::HEADER_DISTANCE_MM,
            },
            margins: [margins.top, margins.right, margins.bottom, margins.left],
            header_left_mm: layout::HEADER_LEFT_MM,
            closing_left_mm: layout::CLOSING_LEFT_MM,
            parent: doc.issuer.parent.as_deref(),
            issuer: &doc.issuer.name,
            issuer_rule_pt: issuer_rule_pt(doc),
            national_name: NATIONAL_NAME,
            motto: MOTTO,
            number_line: doc.number.line(),
            place_date: doc.place_date.line(),
            vv: (is_cong_van && !doc.subject.is_empty())
                .then(|| format!("V/v {}", doc.subject.join("\n"))),
            title,
            subject: if is_cong_van {
                Vec::new()
            } else {
                subject.clone()
            },
            subject_rule_pt: subject_rule_pt(&subject, text_pt),
            recipients_label: RECIPIENTS_LABEL,
            recipients: recipient_lines(&doc.recipients),
            authority: doc.authority.as_deref(),
            bases: &doc.bases,
            body: pblocks(&doc.body, &doc.page.margins),
            copies_label: COPIES_LABEL,
            copies_to: doc.copies_to.iter().map(|c| format!("- {c}")).collect(),
            signer_authority: &doc.signatory.authority,
            signer_position: &doc.signatory.position,
            signer_name: &doc.signatory.name,
            signature_lines: layout::SIGNATURE_LINES,
            appendices: doc
                .appendices
                .iter()
                .enumerate()
                .map(|(index, appendix)| {
                    let reference = doc.appendix_reference();
                    let width = mm_to_pt(text_width_mm(&margins, appendix.landscape));
                    let reference_rule_pt =
                        fonts::text_width_pt(&reference, layout::BODY_PT, false, true).min(width)
                            * layout::SHORT_RULE_SHARE;
                    PAppendix {
                        label: doc.appendix_label(index),
                        title: appendix.title.iter().map(|t| t.to_uppercase()).collect(),
                        reference,
                        reference_rule_pt,
                        landscape: appendix.landscape,
                        body: pblocks(&appendix.body, &doc.page.margins),
                    }
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_layout_names_the_bundled_families() {
        // Typst finds fonts by the family of their name table; the layout
        // names them as text, so both must agree.
        let families: Vec<String> = ENV.fonts.iter().map(|f| f.info().family.clone()).collect();
        assert_eq!(families.last().unwrap(), fonts::SYMBOL_FAMILY);
        for family in ["Liberation Serif", fonts::SYMBOL_FAMILY] {
            assert!(families.iter().any(|f| f == family), "{families:?}");
            assert!(
                LAYOUT.contains(&format!("\"{family}\"")),
                "layout.typ names {family}"
            );
        }
    }
}

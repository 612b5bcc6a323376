//! DOCX renderer (docx-rs): an editable Word document laid out per
//! Nghị định 30/2020/NĐ-CP, Phụ lục I.
//!
//! Everything is real paragraphs and tables (no text boxes), so the clerk
//! can edit the document before signing. Text is set in Times New Roman;
//! symbols it lacks (✓ ★ ❖ ➢ ☐…) get runs of their own in Segoe UI Symbol,
//! which Windows has, so Word draws them instead of boxes. The known gaps of docx-rs 0.4 are
//! handled here:
//! - no API for repeating table header rows: header rows are marked with
//!   `cantSplit`, which the XML post-processing turns into
//!   `cantSplit` + `tblHeader`;
//! - `add_section` keeps only one header: sections use a default header plus
//!   `titlePg` without a first-page header, which leaves page 1 blank;
//! - paragraph borders default to all four sides: rules set one side only;
//! - the package is stored uncompressed: it is re-packed with deflate;
//! - property elements are written out of ECMA-376 order, `w:gridCol` has
//!   an undeclared attribute and there is no theme part: each part is put
//!   in schema order and a theme added while re-packing (`render::ooxml`).

use std::io::{Cursor, Read, Write};

use docx_rs::{
    AlignmentType, BorderType, BreakType, BuildXML, Docx, Header, LineSpacing, LineSpacingType,
    PageMargin, PageNum, PageNumType, PageOrientationType, PageSize, Paragraph as DocxParagraph,
    ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Run as DocxRun, RunFonts, Section,
    SpecialIndentType, Table as DocxTable, TableCell, TableLayoutType, TableRow, VAlignType,
    VMergeType, WidthType,
};

use super::{
    COPIES_LABEL, MOTTO, NATIONAL_NAME, RECIPIENTS_LABEL, fonts, heading_style, issuer_rule_pt,
    lines, mm_to_pt, motto_rule_pt, ooxml, recipient_lines, row_may_break, subject_lines,
    subject_rule_pt, text_width_mm,
};
use crate::document::{
    Align, Appendix, Block, Cell, DocKind, Document, Margins, Run, Table, layout,
};

/// Options of the DOCX renderer.
#[derive(Debug, Clone, Default)]
pub struct DocxOptions {
    /// Creation time written into the package properties, ISO 8601
    /// ("2022-04-28T00:00:00Z"); fixed so the same document gives the same
    /// bytes. Defaults to the document's date.
    pub timestamp: Option<String>,
}

/// A DOCX could not be written.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    /// Packing the archive failed.
    #[error("không đóng gói được tệp DOCX: {0}")]
    Zip(String),
    /// A part docx-rs wrote did not read back as XML (a defect, not an
    /// input error: every text is escaped).
    #[error("phần {part} của tệp DOCX không đọc lại được: {error}")]
    Part {
        /// The part's name in the package.
        part: String,
        /// What the XML reader said.
        error: String,
    },
}

/// Minimum row height (twips) that marks a header row for
/// `mark_header_rows`; docx-rs has no API for `w:tblHeader`.
const HEADER_ROW_MARK: f32 = 1.0;

/// Twips per point.
const TWIPS_PER_PT: f32 = 20.0;
/// Default left + right cell margins of a Word table, twips.
const CELL_MARGINS: i32 = 2 * 108;

fn twips_mm(mm: f32) -> i32 {
    (mm_to_pt(mm) * TWIPS_PER_PT).round() as i32
}

fn twips_pt(pt: f32) -> i32 {
    (pt * TWIPS_PER_PT).round() as i32
}

fn half_points(pt: f32) -> usize {
    (pt * 2.0).round() as usize
}

fn fonts() -> RunFonts {
    RunFonts::new()
        .ascii(fonts::DOCX_FAMILY)
        .hi_ansi(fonts::DOCX_FAMILY)
        .east_asia(fonts::DOCX_FAMILY)
        .cs(fonts::DOCX_FAMILY)
}

/// Fonts of a run of symbols Times New Roman lacks (see
/// [`fonts::needs_docx_symbol_font`]): every slot names the symbol font, so
/// whichever slot Word picks for a character (symbols can fall in the East
/// Asian one) it finds a font that has the glyph instead of printing a box.
fn symbol_fonts() -> RunFonts {
    RunFonts::new()
        .ascii(fonts::DOCX_SYMBOL_FAMILY)
        .hi_ansi(fonts::DOCX_SYMBOL_FAMILY)
        .east_asia(fonts::DOCX_SYMBOL_FAMILY)
        .cs(fonts::DOCX_SYMBOL_FAMILY)
}

/// A run of `text` at `size` points in `run_fonts`; line breaks in the text
/// become breaks.
fn run(text: &str, size: f32, bold: bool, italic: bool, run_fonts: RunFonts) -> DocxRun {
    let mut r = DocxRun::new().size(half_points(size)).fonts(run_fonts);
    if bold {
        r = r.bold();
    }
    if italic {
        r = r.italic();
    }
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            r = r.add_break(BreakType::TextWrapping);
        }
        r = r.add_text(line);
    }
    r
}

/// Adds `text` at `size` points to `p`: one run in Times New Roman, split
/// where symbols need the symbol font into runs of their own (text without
/// such symbols stays one run, as before symbols were handled).
fn add_text(p: DocxParagraph, text: &str, size: f32, bold: bool, italic: bool) -> DocxParagraph {
    if !text.chars().any(fonts::needs_docx_symbol_font) {
        return p.add_run(run(text, size, bold, italic, fonts()));
    }
    let mut p = p;
    let mut rest = text;
    while let Some(first) = rest.chars().next() {
        let symbol = fonts::needs_docx_symbol_font(first);
        let end = rest
            .char_indices()
            .find(|&(_, c)| fonts::needs_docx_symbol_font(c) != symbol)
            .map_or(rest.len(), |(i, _)| i);
        let run_fonts = if symbol { symbol_fonts() } else { fonts() };
        p = p.add_run(run(&rest[..end], size, bold, italic, run_fonts));
        rest = &rest[end..];
    }
    p
}

fn runs(p: DocxParagraph, runs: &[Run], size: f32, force_bold: bool) -> DocxParagraph {
    runs.iter().fold(p, |p, r| {
        add_text(p, &r.text, size, r.bold || force_bold, r.italic)
    })
}

fn alignment(align: Align) -> AlignmentType {
    match align {
        Align::Left => AlignmentType::Left,
        Align::Center => AlignmentType::Center,
        Align::Right => AlignmentType::Right,
        Align::Justify => AlignmentType::Both,
    }
}

/// Single-spaced paragraph with no space around it.
fn tight(align: AlignmentType) -> DocxParagraph {
    DocxParagraph::new().align(align).line_spacing(
        LineSpacing::new()
            .before(0)
            .after(0)
            .line(240)
            .line_rule(LineSpacingType::Auto),
    )
}

fn centred_line(text: &str, size: f32, bold: bool, italic: bool) -> DocxParagraph {
    add_text(tight(AlignmentType::Center), text, size, bold, italic)
}

/// Body paragraph: justified, 6 pt before, line spacing 1,15.
fn body_paragraph(align: Align, indent: bool) -> DocxParagraph {
    let mut p = DocxParagraph::new().align(alignment(align)).line_spacing(
        LineSpacing::new()
            .before(twips_pt(layout::PARA_BEFORE_PT) as u32)
            .after(0)
            .line((240.0 * layout::LINE_SPACING).round() as i32)
            .line_rule(LineSpacingType::Auto),
    );
    if indent {
        p = p.indent(
            None,
            Some(SpecialIndentType::FirstLine(twips_mm(layout::INDENT_MM))),
            None,
            None,
        );
    }
    p
}

/// A rule of `width_pt` centred in a box `box_twips` wide: an empty
/// paragraph one point high whose top border is the line, indented on both
/// sides to the rule's length.
fn rule(width_pt: f32, box_twips: i32) -> DocxParagraph {
    let side = ((box_twips - twips_pt(width_pt)) / 2).max(0);
    let mut p = DocxParagraph::new()
        .align(AlignmentType::Center)
        .indent(Some(side), None, Some(side), None)
        .line_spacing(
            LineSpacing::new()
                .before(0)
                .after(0)
                .line(20)
                .line_rule(LineSpacingType::Exact),
        )
        .add_run(DocxRun::new().size(2).fonts(fonts()));
    p.property = p.property.set_borders(
        ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Top)
                .val(BorderType::Single)
                .size((layout::RULE_PT * 8.0).round() as usize)
                .space(0)
                .color("000000"),
        ),
    );
    p
}

fn spacer(pt: f32) -> DocxParagraph {
    DocxParagraph::new()
        .line_spacing(
            LineSpacing::new()
                .before(0)
                .after(0)
                .line(twips_pt(pt))
                .line_rule(LineSpacingType::Exact),
        )
        .add_run(DocxRun::new().size(half_points(pt)).fonts(fonts()))
}

fn borderless_cell(width: i32) -> TableCell {
    TableCell::new()
        .width(width as usize, WidthType::Dxa)
        .clear_all_border()
}

fn borderless_table(rows: Vec<TableRow>, widths: &[i32]) -> DocxTable {
    DocxTable::without_borders(rows)
        .set_grid(widths.iter().map(|w| *w as usize).collect())
        .width(widths.iter().sum::<i32>() as usize, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .indent(0)
}

/// Renders `doc` as a DOCX package.
pub fn docx(doc: &Document, options: &DocxOptions) -> Result<Vec<u8>, DocxError> {
    // The text both renderers print: dashes bound to their words (not in
    // table cells, see `lines::with_bound_dashes`).
    let doc = &lines::with_bound_dashes(doc, false);
    let margins = doc.page.margins;
    let width_mm = text_width_mm(&margins, false);
    let text_twips = twips_mm(width_mm);

    let mut main: Vec<Child> = Vec::new();
    let mut streamed = Vec::new();
    header_block(doc, text_twips, &mut main);
    title_block(doc, text_twips, &mut main);
    for block in &doc.body {
        body_block(block, text_twips, &margins, &mut main, &mut streamed);
    }
    // The last paragraph stays on the page of the signature: a closing
    // block alone on a page is not signed.
    if let Some(Child::P(last)) = main.last_mut() {
        let p = std::mem::take(&mut **last);
        **last = p.keep_next(true);
    }
    closing_block(doc, text_twips, &mut main);

    let page_margin = PageMargin {
        top: twips_mm(margins.top),
        left: twips_mm(margins.left),
        bottom: twips_mm(margins.bottom),
        right: twips_mm(margins.right),
        header: twips_mm(layout::HEADER_DISTANCE_MM),
        footer: twips_mm(layout::HEADER_DISTANCE_MM),
        gutter: 0,
    };
    let timestamp = options.timestamp.clone().unwrap_or_else(|| {
        let d = doc.place_date.date;
        format!(
            "{:04}-{:02}-{:02}T00:00:00Z",
            d.year,
            d.month.unwrap_or(1),
            d.day.unwrap_or(1)
        )
    });
    let mut package = Docx::new()
        .default_fonts(fonts())
        .default_size(half_points(layout::BODY_PT))
        .created_at(&timestamp)
        .updated_at(&timestamp);

    // Sections: the main text, then one per appendix. docx-rs writes the
    // last section's properties at document level, so the last part goes
    // straight into the document and the earlier ones into `Section`s.
    let mut parts: Vec<(Vec<Child>, bool)> = vec![(main, false)];
    for (index, appendix) in doc.appendices.iter().enumerate() {
        parts.push((
            appendix_children(doc, index, appendix, &mut streamed),
            appendix.landscape,
        ));
    }
    let last = parts.len() - 1;
    for (index, (children, landscape)) in parts.into_iter().enumerate() {
        let (w, h) = if landscape {
            (16838, 11906)
        } else {
            (11906, 16838)
        };
        let orient = if landscape {
            PageOrientationType::Landscape
        } else {
            PageOrientationType::Portrait
        };
        let page_numbers = PageNumType::new().start(1);
        if index == last {
            package = package
                .page_size(w, h)
                .page_orient(orient)
                .page_margin(page_margin.clone())
                .page_num_type(page_numbers)
                .header(page_number_header())
                .title_pg();
            for child in children {
                package = match child {
                    Child::P(p) => package.add_paragraph(*p),
                    Child::T(t) => package.add_table(*t),
                };
            }
        } else {
            let mut section = Section::new()
                .page_size(PageSize::new().size(w, h).orient(orient))
                .page_margin(page_margin.clone())
                .page_num_type(page_numbers)
                .title_pg()
                .header(page_number_header());
            for child in children {
                section = match child {
                    Child::P(p) => section.add_paragraph(*p),
                    Child::T(t) => section.add_table(*t),
                };
            }
            package = package.add_section(section);
        }
    }

    let mut xml = package.build();
    let document = put_streamed_rows(std::mem::take(&mut xml.document), &streamed)?;
    drop(streamed);
    xml.document = renumber_para_ids(&hairline_section_ends(&mark_header_rows(&document)), 1);
    drop(document);
    for (i, header) in xml.headers.iter_mut().enumerate() {
        *header = renumber_para_ids(header, 0x1000_0000 + 0x1000 * i as u32);
    }
    let mut stored = Cursor::new(Vec::new());
    xml.pack(&mut stored)
        .map_err(|e| DocxError::Zip(e.to_string()))?;
    repack(stored.get_ref(), &core_properties(doc, &timestamp))
}

/// The package's core properties, as Word's File → Info shows them: the
/// trích yếu as title, the kind ("Tờ trình") as subject, the issuing body
/// as creator, the document's date, Vietnamese.
fn core_properties(doc: &Document, timestamp: &str) -> String {
    use quick_xml::escape::escape;
    let kind = doc.kind.name();
    let subject = doc.subject.join(" ");
    // "Tờ trình về việc …": the trích yếu continues the kind's name.
    let subject = match subject.strip_prefix("Về ") {
        Some(rest) => format!("về {rest}"),
        None => subject,
    };
    let title = if subject.trim().is_empty() {
        doc.title.clone().unwrap_or_else(|| kind.to_owned())
    } else {
        format!("{kind} {subject}")
    };
    let creator = if doc.issuer.name_in_text.trim().is_empty() {
        doc.issuer.name.join(" ")
    } else {
        doc.issuer.name_in_text.clone()
    };
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
            "<dc:title>{title}</dc:title><dc:subject>{kind}</dc:subject><dc:creator>{creator}</dc:creator>",
            "<cp:lastModifiedBy>{creator}</cp:lastModifiedBy><cp:revision>1</cp:revision>",
            r#"<dc:language>vi-VN</dc:language>"#,
            r#"<dcterms:created xsi:type="dcterms:W3CDTF">{ts}</dcterms:created>"#,
            r#"<dcterms:modified xsi:type="dcterms:W3CDTF">{ts}</dcterms:modified>"#,
            "</cp:coreProperties>"
        ),
        title = escape(title.as_str()),
        kind = escape(kind),
        creator = escape(creator.as_str()),
        ts = escape(timestamp),
    )
}

enum Child {
    P(Box<DocxParagraph>),
    T(Box<DocxTable>),
}

fn table_child(t: DocxTable) -> Child {
    Child::T(Box::new(t))
}

fn para(p: DocxParagraph) -> Child {
    Child::P(Box::new(p))
}

fn page_number_header() -> Header {
    Header::new().add_paragraph(
        tight(AlignmentType::Center)
            .add_page_num(PageNum::new())
            .size(half_points(layout::PAGE_NUMBER_PT))
            .fonts(fonts()),
    )
}

/// Ô 1–4 (and 5b for a công văn): a borderless table, issuing body left,
/// Quốc hiệu right; the second row holds "Số:" and the place and date so
/// they stand level.
fn header_block(doc: &Document, text_twips: i32, out: &mut Vec<Child>) {
    let left = twips_mm(layout::HEADER_LEFT_MM);
    let right = text_twips - left;

    let mut agency = borderless_cell(left);
    if let Some(parent) = &doc.issuer.parent {
        agency = agency.add_paragraph(centred_line(parent, layout::HEADER_PT, false, false));
    }
    for line in &doc.issuer.name {
        agency = agency.add_paragraph(centred_line(line, layout::HEADER_PT, true, false));
    }
    agency = agency
        .add_paragraph(spacer(2.0))
        .add_paragraph(rule(issuer_rule_pt(doc), left - CELL_MARGINS));

    let nation = borderless_cell(right)
        .add_paragraph(centred_line(NATIONAL_NAME, layout::HEADER_PT, true, false))
        .add_paragraph(centred_line(MOTTO, layout::MOTTO_PT, true, false))
        .add_paragraph(rule(motto_rule_pt(), right - CELL_MARGINS));

    let mut number = borderless_cell(left).add_paragraph(
        centred_line(&doc.number.line(), layout::HEADER_PT, false, false).line_spacing(
            LineSpacing::new()
                .before(twips_pt(layout::PARA_BEFORE_PT) as u32)
                .after(0),
        ),
    );
    if doc.kind == DocKind::CongVan && !doc.subject.is_empty() {
        let text = format!("V/v {}", doc.subject.join("\n"));
        number = number.add_paragraph(
            centred_line(&text, layout::VV_PT, false, false)
                .line_spacing(LineSpacing::new().before(twips_pt(6.0) as u32)),
        );
    }
    let date = borderless_cell(right).add_paragraph(
        centred_line(&doc.place_date.line(), layout::BODY_PT, false, true).line_spacing(
            LineSpacing::new()
                .before(twips_pt(layout::PARA_BEFORE_PT) as u32)
                .after(0),
        ),
    );
    out.push(table_child(borderless_table(
        vec![
            TableRow::new(vec![agency, nation]).cant_split(),
            TableRow::new(vec![number, date]).cant_split(),
        ],
        &[left, right],
    )));
}

/// Ô 5a and 9a: title, trích yếu with its rule, Kính gửi; for a Quyết định
/// also the authority line and the căn cứ.
fn title_block(doc: &Document, text_twips: i32, out: &mut Vec<Child>) {
    if let Some(title) = doc.title_text() {
        out.push(para(
            centred_line(&title, layout::BODY_PT, true, false)
                .line_spacing(LineSpacing::new().before(twips_pt(18.0) as u32).after(0)),
        ));
        // The trích yếu is one paragraph of balanced lines joined by line
        // breaks, so its lines are evenly spaced and break at the words
        // the PDF breaks at.
        let subject = subject_lines(doc);
        if !subject.is_empty() {
            out.push(para(centred_line(
                &subject.join("\n"),
                layout::BODY_PT,
                true,
                false,
            )));
        }
        out.push(para(spacer(2.0)));
        out.push(para(rule(
            subject_rule_pt(&subject, text_twips as f32 / TWIPS_PER_PT),
            text_twips,
        )));
    } else {
        out.push(para(spacer(12.0)));
    }
    recipients_block(doc, text_twips, out);
    if let Some(authority) = &doc.authority {
        out.push(para(
            centred_line(authority, layout::BODY_PT, true, false)
                .line_spacing(LineSpacing::new().before(twips_pt(12.0) as u32).after(0)),
        ));
    }
    for basis in &doc.bases {
        out.push(para(add_text(
            body_paragraph(Align::Justify, true),
            basis,
            layout::BODY_PT,
            false,
            true,
        )));
    }
}

/// "Kính gửi:" with one recipient on its line, or several as dash items
/// aligned under the colon, the block centred on the page.
fn recipients_block(doc: &Document, text_twips: i32, out: &mut Vec<Child>) {
    let lines = recipient_lines(&doc.recipients);
    if lines.is_empty() {
        return;
    }
    let label = format!("{RECIPIENTS_LABEL} ");
    let label_twips = twips_pt(fonts::text_width_pt(&label, layout::BODY_PT, false, false));
    let widest = lines
        .iter()
        .map(|l| twips_pt(fonts::text_width_pt(l, layout::BODY_PT, false, false)))
        .max()
        .unwrap_or(0);
    let left = ((text_twips - label_twips - widest) / 2).max(0);
    for (i, line) in lines.iter().enumerate() {
        let space = if i == 0 { twips_pt(12.0) as u32 } else { 0 };
        let mut p = DocxParagraph::new()
            .align(AlignmentType::Left)
            .line_spacing(LineSpacing::new().before(space).after(0))
            .indent(
                Some(left + label_twips),
                Some(SpecialIndentType::Hanging(if i == 0 {
                    label_twips
                } else {
                    0
                })),
                None,
                None,
            );
        if i == 0 {
            p = add_text(p, &label, layout::BODY_PT, false, false);
        }
        out.push(para(add_text(p, line, layout::BODY_PT, false, false)));
    }
}

fn body_block(
    block: &Block,
    text_twips: i32,
    margins: &Margins,
    out: &mut Vec<Child>,
    streamed: &mut Vec<Vec<u8>>,
) {
    match block {
        Block::Heading {
            level,
            number,
            runs: heading,
        } => {
            let (bold, italic) = heading_style(*level);
            let mut p = add_text(
                body_paragraph(Align::Justify, true).keep_next(true),
                &format!("{number} "),
                layout::BODY_PT,
                bold,
                italic,
            );
            for r in heading {
                p = add_text(
                    p,
                    &r.text,
                    layout::BODY_PT,
                    bold || r.bold,
                    italic || r.italic,
                );
            }
            out.push(para(p));
        }
        Block::Paragraph(paragraph) => {
            let p = body_paragraph(paragraph.align, paragraph.indent);
            out.push(para(runs(p, &paragraph.runs, layout::BODY_PT, false)));
        }
        Block::Item(item) => {
            let p = add_text(
                body_paragraph(Align::Justify, true),
                "- ",
                layout::BODY_PT,
                false,
                false,
            );
            out.push(para(runs(p, item, layout::BODY_PT, false)));
        }
        Block::Table(table) => {
            out.push(table_child(data_table(
                table, text_twips, margins, streamed,
            )));
            // Word needs a paragraph between two tables and after a table
            // that ends a cell or section; a small one keeps the layout.
            out.push(para(spacer(6.0)));
        }
    }
}

/// A bordered data table. Header rows are bold, centred and repeat on every
/// page; rowspans become `vMerge` restart/continue cells.
///
/// The body rows are written as XML one at a time into `streamed` and the
/// table holds a placeholder row in their place ([`put_streamed_rows`]
/// puts them back once the package is built): docx-rs's model of a row
/// takes some 20 times the memory of its XML, so a 5,000-row list's
/// tables, held whole, took 70 MB more. The bytes are the same as when
/// docx-rs writes the rows inside the table.
fn data_table(
    table: &Table,
    text_twips: i32,
    margins: &Margins,
    streamed: &mut Vec<Vec<u8>>,
) -> DocxTable {
    let total: f32 = table.columns.iter().map(|c| c.width).sum();
    let widths: Vec<i32> = table
        .columns
        .iter()
        .map(|c| (c.width / total * text_twips as f32).floor() as i32)
        .collect();
    let ncols = widths.len();
    // Rows still covered by a rowspan from above, per column: (rows left,
    // colspan of the covering cell).
    let mut covered: Vec<(u16, u16)> = vec![(0, 1); ncols];
    let mut rows = Vec::with_capacity(table.header_rows + 1);
    let mut body = Vec::new();
    for (r, row) in table.rows.iter().enumerate() {
        let is_header = r < table.header_rows;
        let mut cells = Vec::new();
        let mut source = row.iter();
        let mut col = 0;
        while col < ncols {
            if covered[col].0 > 0 {
                let span = covered[col].1.max(1) as usize;
                covered[col].0 -= 1;
                let width: i32 = widths[col..(col + span).min(ncols)].iter().sum();
                let mut cell = TableCell::new()
                    .width(width as usize, WidthType::Dxa)
                    .vertical_merge(VMergeType::Continue)
                    .add_paragraph(tight(AlignmentType::Center));
                if span > 1 {
                    cell = cell.grid_span(span);
                }
                cells.push(cell);
                col += span;
                continue;
            }
            let Some(cell) = source.next() else {
                // A short row: fill with empty cells so the grid stays whole.
                cells.push(
                    TableCell::new()
                        .width(widths[col] as usize, WidthType::Dxa)
                        .add_paragraph(tight(AlignmentType::Left)),
                );
                col += 1;
                continue;
            };
            let span = (cell.colspan.max(1) as usize).min(ncols - col);
            let width: i32 = widths[col..col + span].iter().sum();
            let align = if is_header {
                Align::Center
            } else {
                cell.align.unwrap_or(table.columns[col].align)
            };
            let mut docx_cell = TableCell::new()
                .width(width as usize, WidthType::Dxa)
                .vertical_align(VAlignType::Center)
                .add_paragraph(cell_paragraph(cell, align, table.font_size, is_header));
            if span > 1 {
                docx_cell = docx_cell.grid_span(span);
            }
            if cell.rowspan > 1 {
                docx_cell = docx_cell.vertical_merge(VMergeType::Restart);
                covered[col] = (cell.rowspan - 1, span as u16);
            }
            cells.push(docx_cell);
            col += span;
        }
        // A row stays on one page, as the PDF's rows do (`layout.typ`),
        // unless it is too tall for one (`render::row_may_break`).
        let mut docx_row = if !is_header && row_may_break(table, row, margins) {
            TableRow::new(cells)
        } else {
            TableRow::new(cells).cant_split()
        };
        if is_header {
            // Turned into cantSplit + tblHeader by `mark_header_rows`.
            docx_row = docx_row
                .row_height(HEADER_ROW_MARK)
                .height_rule(docx_rs::HeightRule::AtLeast);
            rows.push(docx_row);
        } else {
            body.extend_from_slice(&docx_row.build());
        }
    }
    if !body.is_empty() {
        rows.push(TableRow::new(vec![TableCell::new().add_paragraph(
            DocxParagraph::new().add_run(DocxRun::new().add_text(streamed_mark(streamed.len()))),
        )]));
        streamed.push(body);
    }
    DocxTable::new(rows)
        .set_grid(widths.iter().map(|w| *w as usize).collect())
        .width(widths.iter().sum::<i32>() as usize, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .indent(0)
}

fn cell_paragraph(cell: &Cell, align: Align, size: f32, bold: bool) -> DocxParagraph {
    let p = DocxParagraph::new().align(alignment(align)).line_spacing(
        LineSpacing::new()
            .before(twips_pt(2.0) as u32)
            .after(twips_pt(2.0) as u32)
            .line(240)
            .line_rule(LineSpacingType::Auto),
    );
    runs(p, &cell.runs, size, bold)
}

/// Ô 9b and 7: Nơi nhận on the left, the signatory on the right, tops level.
fn closing_block(doc: &Document, text_twips: i32, out: &mut Vec<Child>) {
    let left = twips_mm(layout::CLOSING_LEFT_MM);
    let right = text_twips - left;
    let mut copies = borderless_cell(left);
    if !doc.copies_to.is_empty() {
        copies = copies.add_paragraph(add_text(
            tight(AlignmentType::Left),
            COPIES_LABEL,
            layout::COPIES_LABEL_PT,
            true,
            true,
        ));
        for entry in &doc.copies_to {
            copies = copies.add_paragraph(add_text(
                tight(AlignmentType::Left),
                &format!("- {entry}"),
                layout::COPIES_PT,
                false,
                false,
            ));
        }
    } else {
        copies = copies.add_paragraph(tight(AlignmentType::Left));
    }
    let sig = &doc.signatory;
    let mut signer = borderless_cell(right);
    for line in &sig.authority {
        signer = signer.add_paragraph(centred_line(line, layout::BODY_PT, true, false));
    }
    if !sig.position.is_empty() {
        signer = signer.add_paragraph(centred_line(&sig.position, layout::BODY_PT, true, false));
    }
    for _ in 0..layout::SIGNATURE_LINES {
        signer = signer.add_paragraph(centred_line("", layout::BODY_PT, false, false));
    }
    signer = signer.add_paragraph(centred_line(&sig.name, layout::BODY_PT, true, false));

    out.push(para(spacer(layout::PARA_BEFORE_PT * 2.0).keep_next(true)));
    let row = TableRow::new(vec![copies, signer]).cant_split();
    out.push(table_child(borderless_table(vec![row], &[left, right])));
}

fn appendix_children(
    doc: &Document,
    index: usize,
    appendix: &Appendix,
    streamed: &mut Vec<Vec<u8>>,
) -> Vec<Child> {
    let width_mm = text_width_mm(&doc.page.margins, appendix.landscape);
    let text_twips = twips_mm(width_mm);
    let mut out = Vec::new();
    out.push(para(centred_line(
        &doc.appendix_label(index),
        layout::BODY_PT,
        true,
        false,
    )));
    for line in &appendix.title {
        out.push(para(centred_line(
            &line.to_uppercase(),
            layout::BODY_PT,
            true,
            false,
        )));
    }
    let reference = doc.appendix_reference();
    out.push(para(centred_line(&reference, layout::BODY_PT, false, true)));
    out.push(para(spacer(2.0)));
    let rule_pt = fonts::text_width_pt(&reference, layout::BODY_PT, false, true)
        .min(text_twips as f32 / TWIPS_PER_PT)
        * layout::SHORT_RULE_SHARE;
    out.push(para(rule(rule_pt, text_twips)));
    out.push(para(spacer(6.0)));
    for block in &appendix.body {
        body_block(block, text_twips, &doc.page.margins, &mut out, streamed);
    }
    out
}

/// The text of the placeholder row of the `index`th table's streamed body
/// rows. The row is found by its markup ([`PLACEHOLDER_ROW`]), which no
/// text can forge (docx-rs escapes `<` in text), and checked by this text.
fn streamed_mark(index: usize) -> String {
    format!("vanthu-rows-{index}")
}

/// How a placeholder row begins: the only row without properties (every
/// row vanthu writes may not split across pages).
const PLACEHOLDER_ROW: &str = "<w:tr><w:trPr />";

/// Puts each table's streamed body rows where its placeholder row stands
/// (see [`data_table`]).
fn put_streamed_rows(document: Vec<u8>, streamed: &[Vec<u8>]) -> Result<Vec<u8>, DocxError> {
    if streamed.is_empty() {
        return Ok(document);
    }
    let lost = |error: &str| DocxError::Part {
        part: "word/document.xml".to_owned(),
        error: error.to_owned(),
    };
    let document = String::from_utf8(document).map_err(|e| lost(&e.to_string()))?;
    let extra: usize = streamed.iter().map(Vec::len).sum();
    let mut out = Vec::with_capacity(document.len() + extra);
    let mut rest: &str = &document;
    for (index, rows) in streamed.iter().enumerate() {
        // The placeholders stand in the order of the tables.
        let placeholder = rest.find(PLACEHOLDER_ROW).and_then(|start| {
            let end = start + rest[start..].find("</w:tr>")? + "</w:tr>".len();
            rest[start..end]
                .contains(&streamed_mark(index))
                .then_some((start, end))
        });
        let Some((start, end)) = placeholder else {
            return Err(lost("thiếu chỗ đặt các dòng của bảng"));
        };
        out.extend_from_slice(&rest.as_bytes()[..start]);
        out.extend_from_slice(rows);
        rest = &rest[end..];
    }
    out.extend_from_slice(rest.as_bytes());
    Ok(out)
}

/// Turns the marker of header rows (`cantSplit` plus a one-twip minimum
/// height, which nothing else uses) into `cantSplit` + `tblHeader`. Other
/// rows that must not split (the closing block) keep a plain `cantSplit`.
fn mark_header_rows(document: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(document);
    text.replace(
        &format!(r#"<w:cantSplit /><w:trHeight w:val="{HEADER_ROW_MARK}" w:hRule="atLeast" />"#),
        "<w:cantSplit /><w:tblHeader />",
    )
    .into_bytes()
}

/// The paragraph properties of a paragraph that only ends a part: its
/// mark hidden (LibreOffice then gives it no line) and one twip high (so
/// that Word never needs a line for it either).
const HAIRLINE_PPR: &str = r#"<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact" /><w:rPr><w:vanish /><w:sz w:val="2" /><w:szCs w:val="2" /></w:rPr>"#;

/// Makes the empty paragraph that closes each part (the one holding a
/// section break, and the one Word adds after a closing table) a hairline.
/// Otherwise a signature block or a list that ends at the foot of a page
/// pushes that empty line onto a page of its own: a blank page the PDF
/// does not have.
fn hairline_section_ends(document: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(document);
    text.replace(
        "<w:pPr><w:sectPr>",
        &format!("<w:pPr>{HAIRLINE_PPR}<w:sectPr>"),
    )
    .replace(
        "</w:tbl><w:sectPr>",
        &format!("</w:tbl><w:p><w:pPr>{HAIRLINE_PPR}</w:pPr></w:p><w:sectPr>"),
    )
    .into_bytes()
}

/// Numbers the `w14:paraId` attributes of a part from `start` in order of
/// appearance. docx-rs draws them from a per-thread counter, so without this
/// the second document of a process would differ from the first in bytes.
fn renumber_para_ids(xml: &[u8], start: u32) -> Vec<u8> {
    const KEY: &str = "w14:paraId=\"";
    let text = String::from_utf8_lossy(xml);
    let mut out = String::with_capacity(text.len());
    let mut next = start;
    let mut rest: &str = &text;
    while let Some(pos) = rest.find(KEY) {
        let value_start = pos + KEY.len();
        let Some(len) = rest[value_start..].find('"') else {
            break;
        };
        out.push_str(&rest[..value_start]);
        out.push_str(&format!("{next:08X}"));
        next += 1;
        rest = &rest[value_start + len..];
    }
    out.push_str(rest);
    out.into_bytes()
}

/// Re-packs the stored ZIP docx-rs writes: every WordprocessingML part put
/// in schema order (see [`ooxml`]), the theme part added, entries deflated
/// in the same order with fixed times, so the package is small, valid and
/// the same input gives the same bytes.
fn repack(stored: &[u8], core: &str) -> Result<Vec<u8>, DocxError> {
    let zip_err = |e: zip::result::ZipError| DocxError::Zip(e.to_string());
    let mut input = zip::ZipArchive::new(Cursor::new(stored)).map_err(zip_err)?;
    let mut output = zip::ZipWriter::new(Cursor::new(Vec::with_capacity(stored.len() / 4)));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let mut write = |name: &str, data: &[u8]| -> Result<(), DocxError> {
        output.start_file(name, options).map_err(zip_err)?;
        output
            .write_all(data)
            .map_err(|e| DocxError::Zip(e.to_string()))
    };
    for i in 0..input.len() {
        let mut entry = input.by_index(i).map_err(zip_err)?;
        let name = entry.name().to_owned();
        let mut data = Vec::with_capacity(entry.size() as usize);
        entry
            .read_to_end(&mut data)
            .map_err(|e| DocxError::Zip(e.to_string()))?;
        let data = match name.as_str() {
            "[Content_Types].xml" => ooxml::with_theme_content_type(&data),
            "word/_rels/document.xml.rels" => ooxml::with_theme_relationship(&data),
            "docProps/core.xml" => core.as_bytes().to_vec(),
            part if part.starts_with("word/") && part.ends_with(".xml") => ooxml::normalise(&data)
                .map_err(|error| DocxError::Part {
                    part: name.clone(),
                    error,
                })?,
            _ => data,
        };
        write(&name, &data)?;
    }
    write(ooxml::THEME_PART, ooxml::THEME.as_bytes())?;
    let cursor = output.finish().map_err(zip_err)?;
    Ok(cursor.into_inner())
}

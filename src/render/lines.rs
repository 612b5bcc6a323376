//! Where lines may break, decided once for both renderers.
//!
//! Word, LibreOffice and Typst break lines on their own, and the DOCX and
//! the PDF agree only as far as they are given the same text and the same
//! widths. Two things are therefore settled here, from the model and the
//! shared metrics of [`super::fonts`], before either renderer runs:
//!
//! - a dash between two words (" - ", " – ", as in "Hội đồng Thi đua -
//!   Khen thưởng") is bound to both words by no-break spaces, so no line
//!   ends on the dash of a proper name ([`bind_dashes`]);
//! - the trích yếu is broken into balanced lines: the fewest lines the text
//!   width allows, each as short as that number of lines allows, so the last
//!   line is never a lone word ([`balanced_lines`]). Both renderers print
//!   exactly these lines.
//!
//! Guarantee: the no-break space has the advance of a space in every style
//! of Liberation Serif and Times New Roman, so binding moves no glyph and
//! changes no measured width; only the break opportunities change.

use std::borrow::Cow;

use super::fonts;
use crate::document::{Block, Document, Run};

/// No-break space.
pub(crate) const NBSP: char = '\u{a0}';

/// The dashes set between words: hyphen-minus and en dash.
fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–')
}

/// Positions (in `chars`) of the spaces around each dash standing between
/// two words: a space, the dash, a space, with a character other than a
/// space on both sides. A leading "- " (a list item) has no word before it
/// and is left alone.
fn dash_spaces(chars: &[char]) -> Vec<usize> {
    let mut spaces = Vec::new();
    for i in 2..chars.len().saturating_sub(2) {
        if is_dash(chars[i])
            && chars[i - 1] == ' '
            && chars[i + 1] == ' '
            && !chars[i - 2].is_whitespace()
            && !chars[i + 2].is_whitespace()
        {
            spaces.push(i - 1);
            spaces.push(i + 1);
        }
    }
    spaces
}

/// `text` with every dash between two words bound to them by no-break
/// spaces: "Thi đua - Khen thưởng" becomes "Thi đua\u{a0}-\u{a0}Khen
/// thưởng".
pub(crate) fn bind_dashes(text: &str) -> Cow<'_, str> {
    if !text.contains(" - ") && !text.contains(" – ") {
        return Cow::Borrowed(text);
    }
    let mut chars: Vec<char> = text.chars().collect();
    for i in dash_spaces(&chars) {
        chars[i] = NBSP;
    }
    Cow::Owned(chars.into_iter().collect())
}

/// [`bind_dashes`] over the runs of one paragraph: the dash and its spaces
/// may lie in different runs ("Thi đua " + bold "- Khen thưởng").
fn bind_dashes_in_runs(runs: &mut [Run]) {
    let mut chars: Vec<char> = Vec::new();
    let mut owner: Vec<usize> = Vec::new();
    for (index, run) in runs.iter().enumerate() {
        chars.extend(run.text.chars());
        owner.resize(chars.len(), index);
    }
    let spaces = dash_spaces(&chars);
    if spaces.is_empty() {
        return;
    }
    for i in spaces {
        chars[i] = NBSP;
    }
    let mut texts = vec![String::new(); runs.len()];
    for (c, index) in chars.into_iter().zip(owner) {
        texts[index].push(c);
    }
    for (run, text) in runs.iter_mut().zip(texts) {
        run.text = text;
    }
}

fn bind_string(text: &mut String) {
    if let Cow::Owned(bound) = bind_dashes(text) {
        *text = bound;
    }
}

fn bind_blocks(blocks: &mut [Block], in_tables: bool) {
    for block in blocks {
        match block {
            Block::Heading { runs, .. } | Block::Item(runs) => bind_dashes_in_runs(runs),
            Block::Paragraph(paragraph) => bind_dashes_in_runs(&mut paragraph.runs),
            Block::Table(_) if !in_tables => {}
            Block::Table(table) => {
                for cell in table.rows.iter_mut().flatten() {
                    bind_dashes_in_runs(&mut cell.runs);
                }
            }
        }
    }
}

/// A copy of `doc` with the dashes bound in every text of the document
/// (header lines, title, trích yếu, Kính gửi, căn cứ, body, Nơi nhận,
/// signatory, appendices) and, with `in_tables`, in table cells. The Quốc
/// hiệu and the Tiêu ngữ are the renderers' constants, not the model's, and
/// stay as they are.
///
/// The DOCX leaves table cells alone: their text is data (names of units
/// and people) that readers of the file take back out cell by cell, as
/// python-docx or a copy into a spreadsheet does, and a no-break space would
/// make "Phòng Kế hoạch - Tài chính" differ from the name in the workbook.
/// The PDF binds them too; its text layer reads no-break spaces as spaces.
pub(crate) fn with_bound_dashes(doc: &Document, in_tables: bool) -> Document {
    let mut doc = doc.clone();
    if let Some(parent) = doc.issuer.parent.as_mut() {
        bind_string(parent);
    }
    doc.issuer.name.iter_mut().for_each(bind_string);
    bind_string(&mut doc.issuer.name_in_text);
    if let Some(title) = doc.title.as_mut() {
        bind_string(title);
    }
    doc.subject.iter_mut().for_each(bind_string);
    doc.recipients.iter_mut().for_each(bind_string);
    if let Some(authority) = doc.authority.as_mut() {
        bind_string(authority);
    }
    doc.bases.iter_mut().for_each(bind_string);
    bind_blocks(&mut doc.body, in_tables);
    doc.copies_to.iter_mut().for_each(bind_string);
    doc.signatory.authority.iter_mut().for_each(bind_string);
    bind_string(&mut doc.signatory.position);
    bind_string(&mut doc.signatory.name);
    for appendix in &mut doc.appendices {
        appendix.title.iter_mut().for_each(bind_string);
        bind_blocks(&mut appendix.body, in_tables);
    }
    doc
}

/// Lines of `words` set first-fit into `width` points (a word wider than
/// the width stands alone on its line), as the word indices each line ends
/// before.
fn first_fit(widths: &[f32], space: f32, width: f32) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut line = 0.0f32;
    for (i, w) in widths.iter().enumerate() {
        if i > 0 && line + space + w > width {
            ends.push(i);
            line = *w;
        } else if i == 0 {
            line = *w;
        } else {
            line += space + w;
        }
    }
    ends.push(widths.len());
    ends
}

/// `text` broken into balanced lines no wider than `width_pt` at `size`
/// points: as many lines as first-fit filling needs (the fewest possible),
/// at the narrowest width that still needs no more, so the lines are of
/// even length and the last is never a lone word. Words are separated by
/// spaces; no-break spaces bind (see [`bind_dashes`]). Line breaks in the
/// text are kept, and each part is balanced on its own.
pub(crate) fn balanced_lines(
    text: &str,
    size: f32,
    bold: bool,
    italic: bool,
    width_pt: f32,
) -> Vec<String> {
    let mut out = Vec::new();
    for part in text.split('\n') {
        let words: Vec<&str> = part.split(' ').filter(|w| !w.is_empty()).collect();
        if words.is_empty() {
            out.push(String::new());
            continue;
        }
        let widths: Vec<f32> = words
            .iter()
            .map(|w| fonts::text_width_pt(w, size, bold, italic))
            .collect();
        let space = fonts::text_width_pt(" ", size, bold, italic);
        let count = first_fit(&widths, space, width_pt).len();
        let mut ends = first_fit(&widths, space, width_pt);
        if count > 1 {
            // Bisect for the narrowest width that keeps `count` lines: the
            // widest single word is a lower bound, the full width an upper.
            let mut low = widths.iter().copied().fold(0.0, f32::max);
            let mut high = width_pt;
            for _ in 0..40 {
                let middle = (low + high) / 2.0;
                if first_fit(&widths, space, middle).len() <= count {
                    high = middle;
                } else {
                    low = middle;
                }
            }
            ends = first_fit(&widths, space, high);
        }
        let mut start = 0;
        for end in ends {
            out.push(words[start..end].join(" "));
            start = end;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{
        Cell, DocKind, DocNumber, Issuer, PageSetup, Paragraph, PlaceDate, Signatory, Table,
    };

    fn sample() -> Document {
        Document {
            kind: DocKind::BaoCao,
            issuer: Issuer::default(),
            number: DocNumber::default(),
            place_date: PlaceDate::default(),
            title: None,
            subject: vec![],
            recipients: vec![],
            authority: None,
            bases: vec![],
            body: vec![],
            copies_to: vec![],
            signatory: Signatory::default(),
            appendices: vec![],
            page: PageSetup::default(),
        }
    }

    #[test]
    fn dashes_between_words_are_bound() {
        assert_eq!(
            bind_dashes("Hội đồng Thi đua - Khen thưởng tỉnh"),
            "Hội đồng Thi đua\u{a0}-\u{a0}Khen thưởng tỉnh"
        );
        assert_eq!(
            bind_dashes("giai đoạn 2019 – 2025"),
            "giai đoạn 2019\u{a0}–\u{a0}2025"
        );
        // A list item's leading dash, a hyphenated word, a dash at the end
        // and dashes without spaces stay.
        for text in [
            "- Như trên;",
            "Số 34-CT/TW",
            "đua -",
            "a -- b",
            "x -y",
            "TTr-VPUBND",
        ] {
            assert_eq!(bind_dashes(text), text);
        }
        assert!(matches!(bind_dashes("không có gạch"), Cow::Borrowed(_)));
        assert_eq!(
            fonts::text_width_pt("Thi đua - Khen", 14.0, true, false),
            fonts::text_width_pt(&bind_dashes("Thi đua - Khen"), 14.0, true, false),
            "binding moves no glyph"
        );
    }

    #[test]
    fn dashes_are_bound_across_runs_and_everywhere() {
        let mut runs = vec![
            Run::plain("Hội đồng Thi đua "),
            Run::bold("- Khen"),
            Run::plain(" thưởng"),
        ];
        bind_dashes_in_runs(&mut runs);
        assert_eq!(runs[0].text, "Hội đồng Thi đua\u{a0}");
        assert_eq!(runs[1].text, "-\u{a0}Khen");
        assert_eq!(runs[2].text, " thưởng");
        assert!(runs[1].bold);

        let name = "Hội đồng Thi đua - Khen thưởng";
        let bound = "Hội đồng Thi đua\u{a0}-\u{a0}Khen thưởng";
        let doc = Document {
            subject: vec![name.into()],
            recipients: vec![name.into(), "Sở Nội vụ".into()],
            bases: vec![name.into()],
            copies_to: vec![name.into()],
            body: vec![
                Block::Paragraph(Paragraph {
                    runs: vec![Run::plain(name)],
                    ..Paragraph::default()
                }),
                Block::Item(vec![Run::plain(name)]),
                Block::Table(Table {
                    rows: vec![vec![Cell::text(name)]],
                    ..Table::default()
                }),
            ],
            ..sample()
        };
        let out = with_bound_dashes(&doc, true);
        assert_eq!(out.subject[0], bound);
        assert_eq!(out.recipients[0], bound);
        assert_eq!(out.bases[0], bound);
        assert_eq!(out.copies_to[0], bound);
        let Block::Paragraph(p) = &out.body[0] else {
            panic!()
        };
        assert_eq!(p.runs[0].text, bound);
        let Block::Item(item) = &out.body[1] else {
            panic!()
        };
        assert_eq!(item[0].text, bound);
        let Block::Table(t) = &out.body[2] else {
            panic!()
        };
        assert_eq!(t.rows[0][0].runs[0].text, bound);
        let Block::Table(t) = &with_bound_dashes(&doc, false).body[2] else {
            panic!()
        };
        assert_eq!(t.rows[0][0].runs[0].text, name, "cells as they are");
    }

    #[test]
    fn balanced_lines_keep_the_count_and_leave_no_lone_word() {
        let text = "\"Cán bộ, công chức viên chức tỉnh Quảng Bình thi đua thực hiện văn hóa công sở\" giai đoạn 2019 – 2025";
        let width = 467.7;
        let greedy_ends = first_fit(
            &text
                .split(' ')
                .map(|w| fonts::text_width_pt(w, 14.0, true, false))
                .collect::<Vec<_>>(),
            fonts::text_width_pt(" ", 14.0, true, false),
            width,
        );
        let lines = balanced_lines(text, 14.0, true, false, width);
        assert_eq!(lines.len(), greedy_ends.len(), "{lines:?}");
        assert_eq!(lines.len(), 2);
        assert_eq!(lines.join(" "), text, "no word lost or moved");
        let widths: Vec<f32> = lines
            .iter()
            .map(|l| fonts::text_width_pt(l, 14.0, true, false))
            .collect();
        assert!(widths.iter().all(|w| *w <= width));
        assert!(
            (widths[0] - widths[1]).abs() < 0.25 * widths[0],
            "balanced: {widths:?} {lines:?}"
        );
        for line in &lines {
            assert!(line.split(' ').count() >= 3, "{lines:?}");
        }
        // A short text stays one line; explicit breaks are kept.
        assert_eq!(
            balanced_lines("Về việc khen thưởng", 14.0, true, false, width),
            ["Về việc khen thưởng"]
        );
        assert_eq!(
            balanced_lines("Dòng một\nDòng hai", 14.0, true, false, width),
            ["Dòng một", "Dòng hai"]
        );
    }
}

//! The fonts shipped inside the program and text measurement from their
//! metrics: Liberation Serif 2.1.5 (SIL OFL, metric-compatible with Times
//! New Roman) for all text, and a subset of DejaVu Sans 2.37 (Bitstream Vera
//! licence) as the fallback for symbols Liberation Serif lacks (✓ ★ ❖ ➢ ☐…).
//!
//! Both renderers measure with the same numbers: the DOCX names Times New
//! Roman, which has the same advance widths, so a rule computed here is as
//! wide as the text Word or LibreOffice sets above it.
//!
//! Guarantee: the fallback holds only symbol blocks (U+2000 and above, see
//! `fonts/PROVENANCE-DejaVuSans-Symbols.md`), so a letter, digit or ASCII
//! character is never set in it; Vietnamese text is all Liberation Serif.

use std::sync::LazyLock;

/// Liberation Serif Regular.
pub const REGULAR: &[u8] = include_bytes!("fonts/LiberationSerif-Regular.ttf");
/// Liberation Serif Bold.
pub const BOLD: &[u8] = include_bytes!("fonts/LiberationSerif-Bold.ttf");
/// Liberation Serif Italic.
pub const ITALIC: &[u8] = include_bytes!("fonts/LiberationSerif-Italic.ttf");
/// Liberation Serif Bold Italic.
pub const BOLD_ITALIC: &[u8] = include_bytes!("fonts/LiberationSerif-BoldItalic.ttf");

/// DejaVu Sans cut down to symbol blocks: the fallback for symbols
/// Liberation Serif lacks, in every style (it has one, upright and regular).
pub const SYMBOLS: &[u8] = include_bytes!("fonts/DejaVuSans-Symbols.ttf");

/// The family name of [`SYMBOLS`] in its name table, which the PDF layout
/// lists after Liberation Serif.
pub const SYMBOL_FAMILY: &str = "DejaVu Sans";

/// Every bundled font file; the fallback comes last.
pub const ALL: [&[u8]; 5] = [REGULAR, BOLD, ITALIC, BOLD_ITALIC, SYMBOLS];

/// The font family name the DOCX asks for.
pub const DOCX_FAMILY: &str = "Times New Roman";

/// The font the DOCX asks for where Times New Roman has no glyph (see
/// [`needs_docx_symbol_font`]): Segoe UI Symbol ships with every Windows
/// since 7 and draws the check marks, stars, dingbats, arrows and shapes of
/// the fallback. Elsewhere Word and LibreOffice substitute a font that has
/// the glyph.
pub const DOCX_SYMBOL_FAMILY: &str = "Segoe UI Symbol";

struct Metrics {
    units_per_em: f32,
    face: ttf_parser::Face<'static>,
}

fn load(data: &'static [u8]) -> Metrics {
    // The bundled fonts are fixed bytes checked by a test; failing to parse
    // them is a build defect, not an input error.
    let face = ttf_parser::Face::parse(data, 0).expect("bundled font parses");
    Metrics {
        units_per_em: f32::from(face.units_per_em()),
        face,
    }
}

static FACES: LazyLock<[Metrics; 4]> =
    LazyLock::new(|| [load(REGULAR), load(BOLD), load(ITALIC), load(BOLD_ITALIC)]);

static SYMBOL_FACE: LazyLock<Metrics> = LazyLock::new(|| load(SYMBOLS));

fn metrics(bold: bool, italic: bool) -> &'static Metrics {
    &FACES[usize::from(bold) + 2 * usize::from(italic)]
}

/// Advance of `c` in font units of `m`, if the font has it.
fn advance(m: &Metrics, c: char) -> Option<u32> {
    m.face
        .glyph_index(c)
        .and_then(|g| m.face.glyph_hor_advance(g))
        .map(u32::from)
}

/// Advance width of `text` in points at `size` points, without kerning (as
/// Word sets body text by default). A symbol the style of Liberation Serif
/// lacks is measured in the fallback, scaled by the fallback's own units per
/// em; a character no bundled font has counts as zero.
pub fn text_width_pt(text: &str, size: f32, bold: bool, italic: bool) -> f32 {
    let m = metrics(bold, italic);
    let symbols = &*SYMBOL_FACE;
    // Units of each font are summed apart and scaled once each, so text
    // without symbols measures exactly as it did before the fallback existed.
    let mut units = 0u32;
    let mut symbol_units = 0u32;
    for c in text.chars() {
        match advance(m, c) {
            Some(a) => units += a,
            None => symbol_units += advance(symbols, c).unwrap_or(0),
        }
    }
    let width = units as f32 / m.units_per_em * size;
    if symbol_units == 0 {
        width
    } else {
        width + symbol_units as f32 / symbols.units_per_em * size
    }
}

/// Whether Liberation Serif (the regular style, whose coverage the others
/// share) has a glyph for `c`.
fn in_text_font(c: char) -> bool {
    metrics(false, false).face.glyph_index(c).is_some()
}

/// Whether the symbol fallback has a glyph for `c`.
fn in_symbol_font(c: char) -> bool {
    SYMBOL_FACE.face.glyph_index(c).is_some()
}

/// Whether a bundled font can show `c`: Liberation Serif, or the symbol
/// fallback. The line break counts as shown (it becomes a break). Workbook
/// validation uses this to name the cell and the code point of a character
/// that would not print.
pub fn covers(c: char) -> bool {
    c == '\n' || in_text_font(c) || in_symbol_font(c)
}

/// Whether `c` prints from the symbol fallback: Liberation Serif lacks it
/// and the fallback has it.
pub fn is_fallback_symbol(c: char) -> bool {
    !in_text_font(c) && in_symbol_font(c)
}

/// Symbols Liberation Serif has beyond WGL4, the character set Times New
/// Roman is sure to have: the DOCX sets them in the symbol font too.
const BEYOND_WGL4: [char; 13] = [
    '\u{2262}', // ≢
    '\u{25CC}', // ◌
    '\u{25D0}', // ◐
    '\u{25D1}', // ◑
    '\u{25D2}', // ◒
    '\u{25D3}', // ◓
    '\u{25D4}', // ◔
    '\u{25D5}', // ◕
    '\u{25D6}', // ◖
    '\u{25D7}', // ◗
    '\u{2669}', // ♩
    '\u{266C}', // ♬
    '\u{266F}', // ♯
];

/// Whether the DOCX sets `c` in [`DOCX_SYMBOL_FAMILY`] rather than Times New
/// Roman: the symbols that print from the fallback in the PDF, and the few
/// Liberation Serif has but Times New Roman may not.
pub fn needs_docx_symbol_font(c: char) -> bool {
    is_fallback_symbol(c) || BEYOND_WGL4.contains(&c)
}

/// The first character of `text` that no bundled font can show, if any (see
/// [`covers`]). Combining marks are checked too; control characters other
/// than the line break are reported as well.
pub fn missing_char(text: &str) -> Option<char> {
    text.chars().find(|&c| !covers(c))
}

/// Ascender, descender (positive, below the baseline) and line gap of the
/// regular face, in ems: the vertical metrics Word lays lines out with.
pub fn vertical_metrics_em() -> (f32, f32, f32) {
    let m = metrics(false, false);
    let face = &m.face;
    (
        f32::from(face.ascender()) / m.units_per_em,
        -f32::from(face.descender()) / m.units_per_em,
        f32::from(face.line_gap()) / m.units_per_em,
    )
}

/// Height of a single-spaced line as Word sets it (ascender + descender +
/// line gap of the font), in ems. Every line pitch of the layout is at
/// least this.
pub fn single_line_pitch_em() -> f32 {
    let (ascender, descender, line_gap) = vertical_metrics_em();
    ascender + descender + line_gap
}

/// Highest ink above the baseline and deepest ink below it over the glyphs
/// of `text`, in ems: how far stacked marks reach.
pub fn ink_extent_em(text: &str, bold: bool, italic: bool) -> (f32, f32) {
    let m = metrics(bold, italic);
    let mut top = 0i16;
    let mut bottom = 0i16;
    for c in text.chars() {
        if let Some(rect) = m
            .face
            .glyph_index(c)
            .and_then(|g| m.face.glyph_bounding_box(g))
        {
            top = top.max(rect.y_max);
            bottom = bottom.min(rect.y_min);
        }
    }
    (
        f32::from(top) / m.units_per_em,
        -f32::from(bottom) / m.units_per_em,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fallback_holds_symbols_only() {
        // No letter, digit or ASCII character: Vietnamese text can never be
        // set in the fallback.
        let face = &SYMBOL_FACE.face;
        let mut count = 0;
        for subtable in face.tables().cmap.unwrap().subtables {
            subtable.codepoints(|code| {
                assert!(code >= 0x2000, "U+{code:04X} in the symbol font");
                count += 1;
            });
        }
        assert!(count >= 1346, "{count} code points");
        for c in ['a', 'A', '0', 'đ', 'ệ', 'Ư', ' ', '-'] {
            assert!(!in_symbol_font(c), "{c:?}");
            assert!(in_text_font(c), "{c:?}");
        }
    }

    #[test]
    fn symbols_are_measured_in_the_fallback() {
        // ✓ is 1716 units of DejaVu Sans's 2048.
        let check = text_width_pt("✓", 14.0, false, false);
        assert!((check - 1716.0 / 2048.0 * 14.0).abs() < 0.01, "{check}");
        let with = text_width_pt("Đạt ✓", 14.0, true, false);
        let without = text_width_pt("Đạt ", 14.0, true, false);
        assert!((with - without - check).abs() < 0.01, "{with} {without}");
        assert_eq!(text_width_pt("\u{1F600}", 14.0, false, false), 0.0);
    }

    #[test]
    fn docx_symbol_font_only_for_symbols() {
        for c in ['✓', '★', '❖', '➢', '☐', '☑', '✗', '◐', '♯'] {
            assert!(needs_docx_symbol_font(c), "{c:?}");
        }
        for c in ['a', 'ệ', '•', '→', '■', '≤', '≥', '–', '“', '№', '\n', '漢'] {
            assert!(!needs_docx_symbol_font(c), "{c:?}");
        }
    }
}

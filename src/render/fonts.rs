//! The fonts shipped inside the program (Liberation Serif 2.1.5, SIL OFL,
//! metric-compatible with Times New Roman) and text measurement from their
//! metrics.
//!
//! Both renderers measure with the same numbers: the DOCX names Times New
//! Roman, which has the same advance widths, so a rule computed here is as
//! wide as the text Word or LibreOffice sets above it.

use std::sync::LazyLock;

/// Liberation Serif Regular.
pub const REGULAR: &[u8] = include_bytes!("fonts/LiberationSerif-Regular.ttf");
/// Liberation Serif Bold.
pub const BOLD: &[u8] = include_bytes!("fonts/LiberationSerif-Bold.ttf");
/// Liberation Serif Italic.
pub const ITALIC: &[u8] = include_bytes!("fonts/LiberationSerif-Italic.ttf");
/// Liberation Serif Bold Italic.
pub const BOLD_ITALIC: &[u8] = include_bytes!("fonts/LiberationSerif-BoldItalic.ttf");

/// Every bundled font file.
pub const ALL: [&[u8]; 4] = [REGULAR, BOLD, ITALIC, BOLD_ITALIC];

/// The font family name the DOCX asks for.
pub const DOCX_FAMILY: &str = "Times New Roman";

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

fn metrics(bold: bool, italic: bool) -> &'static Metrics {
    &FACES[usize::from(bold) + 2 * usize::from(italic)]
}

/// Advance width of `text` in points at `size` points, without kerning (as
/// Word sets body text by default).
pub fn text_width_pt(text: &str, size: f32, bold: bool, italic: bool) -> f32 {
    let m = metrics(bold, italic);
    let units: u32 = text
        .chars()
        .map(|c| {
            m.face
                .glyph_index(c)
                .and_then(|g| m.face.glyph_hor_advance(g))
                .map(u32::from)
                .unwrap_or(0)
        })
        .sum();
    units as f32 / m.units_per_em * size
}

/// The first character of `text` that the bundled fonts cannot show, if any.
/// Combining marks are checked too; control characters other than the line
/// break are reported as well.
pub fn missing_char(text: &str) -> Option<char> {
    let m = metrics(false, false);
    text.chars()
        .find(|&c| c != '\n' && m.face.glyph_index(c).is_none())
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

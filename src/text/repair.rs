//! Repair of one cell's text, in the order of the fact sheet §0: UTF-8 read as
//! Windows-1252, legacy TCVN3/VNI, NFC, Ð look-alikes, invisible characters and spacing;
//! before all of them, Word's Symbol/Wingdings bullets become the Unicode symbols they show.
//!
//! Guarantees: never panics; the result is NFC; letter case and tone placement of genuine
//! text are kept (the one exception is a TCVN3 cell in a capitals font or typed in
//! capitals, which becomes capitals as it was displayed); text that needs nothing is
//! returned borrowed. Repairing a repaired text changes nothing.

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::legacy::{
    self, Detection, Legacy, c1_as_cp1252, cp1252_byte, decode_tcvn3, decode_vni, in_cp1252,
    is_letter, is_mark, letters_fit, typed_in_capitals,
};
use super::syllable::is_syllable_lenient;

/// What is known about a cell's encoding before looking at its text, usually from its font.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Hint {
    /// Nothing known: detect per cell, conservatively.
    #[default]
    Auto,
    /// The column is known to be Unicode: never decode legacy encodings.
    Unicode,
    /// TCVN3 (`.VnTime`); `capitals` for the capitals fonts (`.VnTimeH`), whose cells are
    /// shown in capitals whatever the codes.
    Tcvn3 {
        /// The font draws every letter as a capital.
        capitals: bool,
    },
    /// VNI-Windows (`VNI-Times`).
    Vni,
}

impl Hint {
    /// The hint a font name gives: `.Vn…` is TCVN3 (capitals when the name ends in `H`),
    /// `VNI-…` is VNI, anything else (`Times New Roman`) gives no hint.
    pub fn from_font(font: &str) -> Hint {
        let font = font.trim();
        let prefix = |p: &str| {
            font.get(..p.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(p))
        };
        if prefix(".vn") {
            Hint::Tcvn3 {
                capitals: font.ends_with('H'),
            }
        } else if prefix("vni-") || prefix("vni ") {
            Hint::Vni
        } else {
            Hint::Auto
        }
    }
}

/// A repaired cell and what was done to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repaired<'a> {
    /// The repaired text (borrowed when nothing changed).
    pub text: Cow<'a, str>,
    /// UTF-8 read as Windows-1252 (`Viá»‡t`) was undone.
    pub mojibake: bool,
    /// The legacy encoding that was decoded, if any.
    pub legacy: Option<Legacy>,
    /// Both TCVN3 and VNI fit equally well; the text was kept and needs a person or a
    /// column-level decision.
    pub ambiguous: bool,
}

impl Repaired<'_> {
    /// Whether the text differs from the input.
    pub fn changed(&self) -> bool {
        matches!(self.text, Cow::Owned(_))
    }
}

/// Repairs one cell's text; `font` is the cell's font name (style or rich-text run), if
/// known. See [`repair`] for the details.
pub fn fix_cell<'a>(text: &'a str, font: Option<&str>) -> Cow<'a, str> {
    repair(text, font.map_or(Hint::Auto, Hint::from_font)).text
}

/// Repairs one cell's text and reports what was found.
///
/// Steps (fact sheet §0): Word's bullets and tick marks from the Symbol and Wingdings
/// fonts (Private Use Area code points such as U+F0B7) become the Unicode symbols they
/// show (U+F0B7 → •, U+F0FC → ✓…); remove invisible characters that Windows-1252 cannot hold;
/// undo UTF-8 read as Windows-1252; read C1 controls as Windows-1252; decode TCVN3/VNI
/// (per [`detect_legacy`](super::detect_legacy) with [`Hint::Auto`], or whenever the
/// letters fit with a legacy hint); NFC; `Ð`/`ð` standing for `Đ`/`đ`; spaces,
/// invisible characters and punctuation spacing (line breaks are kept, one per line).
pub fn repair(text: &str, hint: Hint) -> Repaired<'_> {
    let mut report = Repaired {
        text: Cow::Borrowed(text),
        mojibake: false,
        legacy: None,
        ambiguous: false,
    };
    let mut current = Cow::Borrowed(text);
    let mut hint = hint;
    // A later step can expose work for an earlier one (a removed soft hyphen joining
    // mojibake). Run again until nothing changes, so that repair is idempotent.
    for _ in 0..4 {
        match pass(&current, hint, &mut report) {
            Some((next, settled)) if next != *current => {
                current = Cow::Owned(next);
                if settled {
                    break;
                }
            }
            _ => break,
        }
        // The hint describes the raw cell only; decoding twice would be wrong.
        hint = Hint::Auto;
    }
    report.text = current;
    report
}

/// One pass of every step; `None` when nothing changed, otherwise the new text and
/// whether another pass is known to change nothing.
///
/// One scan classifies the text; each step runs only when the scan says it may have
/// work, and the text is scanned again after a step changed it.
fn pass(text: &str, hint: Hint, report: &mut Repaired<'_>) -> Option<(String, bool)> {
    let mut current = Cow::Borrowed(text);
    let mut scan = Scan::of(&current);
    // First: every later step sees the symbols the cell shows, not the font's codes.
    if scan.word_symbols {
        let next: String = current
            .chars()
            .map(|c| word_symbol(c).unwrap_or(c))
            .collect();
        scan = Scan::of(&next);
        current = Cow::Owned(next);
    }
    // A legacy hint whose encoding cannot have produced the text (a letter it has no code
    // for, or genuine Unicode) says nothing about this cell: repair as without a hint.
    // So does a hint that would change nothing (no code of its encoding in the text).
    let hint = match hint {
        Hint::Tcvn3 { capitals } => {
            if scan.genuine
                || !letters_fit(Legacy::Tcvn3, &current)
                || (!capitals && decode_tcvn3(&current) == *current)
            {
                Hint::Auto
            } else {
                hint
            }
        }
        Hint::Vni => {
            if scan.genuine
                || !letters_fit(Legacy::Vni, &current)
                || decode_vni(&current) == *current
            {
                Hint::Auto
            } else {
                hint
            }
        }
        hint => hint,
    };
    let replace = |next: String, current: &mut Cow<'_, str>, scan: &mut Scan| {
        *scan = Scan::of(&next);
        *current = Cow::Owned(next);
    };
    if scan.foreign_invisible
        && let Some(next) = strip_foreign_invisibles(&current)
    {
        replace(next, &mut current, &mut scan);
    }
    if matches!(hint, Hint::Auto | Hint::Unicode)
        && scan.maybe_mojibake()
        && let Some(fixed) = undo_mojibake(&current)
    {
        report.mojibake = true;
        replace(fixed, &mut current, &mut scan);
    }
    if scan.c1
        && let Some(next) = c1_controls(&current)
    {
        replace(next, &mut current, &mut scan);
    }
    if !scan.genuine && (scan.latin1_high || matches!(hint, Hint::Tcvn3 { capitals: true })) {
        let decoded = match hint {
            Hint::Unicode => None,
            Hint::Auto => auto_decode(&current, report),
            Hint::Tcvn3 { capitals } => Some((Legacy::Tcvn3, decode_tcvn3(&current), capitals)),
            Hint::Vni => Some((Legacy::Vni, decode_vni(&current), false)),
        };
        if let Some((encoding, text, capitals)) = decoded {
            report.legacy.get_or_insert(encoding);
            let text = if capitals { uppercase(&text) } else { text };
            if text != *current {
                replace(text, &mut current, &mut scan);
            }
        }
    }
    if scan.marks && !scan.maybe_not_nfc {
        // The common case (NFD from a Mac, "Unicode tổ hợp"): compose Vietnamese letters
        // directly; anything unusual goes to the general algorithm below.
        if let Some(nfc) = compose_vietnamese(&current) {
            replace(nfc, &mut current, &mut scan);
        }
    }
    if (scan.marks || scan.maybe_not_nfc) && is_nfc_quick(current.chars()) != IsNormalized::Yes {
        let nfc: String = current.nfc().collect();
        if nfc != *current {
            replace(nfc, &mut current, &mut scan);
        }
    }
    if scan.eth
        && let Some(next) = fix_eth(&current)
    {
        replace(next, &mut current, &mut scan);
    }
    if scan.needs_cleaning
        // In text that may still be undecided TCVN3 (U+00AD is its `ư`), soft hyphens stay:
        // a later column-level decision can still decode them.
        && let Some(next) = clean_spacing_unchecked(&current, !scan.genuine)
    {
        // Not scanned again: the next pass will.
        return Some((next, false));
    }
    match current {
        Cow::Borrowed(_) => None,
        Cow::Owned(s) => Some((s, scan.idle())),
    }
}

/// What one scan of a text says about the work each step may have.
#[derive(Default)]
struct Scan {
    /// Invisible characters or wide spaces that Windows-1252 cannot hold.
    foreign_invisible: bool,
    /// Every character fits Windows-1252.
    all_cp1252: bool,
    /// A character that shows a UTF-8 lead byte (Â–ï).
    utf8_lead: bool,
    /// A C1 control (U+0080–U+009F).
    c1: bool,
    /// A letter Windows-1252 cannot hold or a combining mark: genuine Unicode.
    genuine: bool,
    /// A character in U+00A0–U+00FF (legacy codes live there).
    latin1_high: bool,
    /// `Ð` or `ð`.
    eth: bool,
    /// A combining mark.
    marks: bool,
    /// A character outside the ranges known to be NFC (not a combining mark).
    maybe_not_nfc: bool,
    /// Spacing, invisible characters or controls to clean.
    needs_cleaning: bool,
    /// A Private Use Area code of a Symbol/Wingdings bullet ([`word_symbol`]).
    word_symbols: bool,
}

impl Scan {
    fn of(text: &str) -> Scan {
        let mut scan = Scan {
            all_cp1252: true,
            ..Scan::default()
        };
        let bytes = text.as_bytes();
        // The previous character when ASCII (0 at the start), `NON_ASCII` otherwise: the
        // spacing rules look only at ASCII neighbours.
        const NON_ASCII: u8 = 0x80;
        let mut previous = 0u8;
        let mut at = 0;
        while let Some(&b) = bytes.get(at) {
            if b < 0x80 {
                // Table test first: most bytes cannot need cleaning after `previous`.
                if !scan.needs_cleaning
                    && ASCII_AFTER.get(usize::from(b)).copied().unwrap_or(0) & ascii_class(previous)
                        != 0
                {
                    scan.needs_cleaning = ascii_bad(bytes, at, b, previous);
                }
                previous = b;
                at += 1;
                continue;
            }
            let (c, len) = decode_utf8(bytes, at);
            at += len;
            let cp = c as u32;
            if cp <= 0xFF {
                scan.c1 |= cp < 0xA0;
                scan.latin1_high |= cp >= 0xA0;
                scan.utf8_lead |= (0xC2..=0xEF).contains(&cp);
                scan.eth |= cp == 0xD0 || cp == 0xF0;
                scan.needs_cleaning |= cp < 0xA1 || cp == 0xAD;
            } else if (0x300..=0x36F).contains(&cp) {
                // Combining marks (NFD): genuine Unicode, not Windows-1252.
                scan.marks = true;
                scan.genuine = true;
                scan.all_cp1252 = false;
            } else if (0x1EA0..=0x1EF9).contains(&cp) || (0x100..=0x24F).contains(&cp) {
                // Vietnamese letters: the common case, decided without table lookups.
                // (Œ œ Š š Ÿ Ž ž ƒ are Windows-1252 letters in this range.)
                scan.genuine = true;
                scan.all_cp1252 &= matches!(
                    cp,
                    0x152 | 0x153 | 0x160 | 0x161 | 0x178 | 0x17D | 0x17E | 0x192
                );
            } else {
                let mark = is_mark(c);
                let in_1252 = in_cp1252(c);
                scan.all_cp1252 &= in_1252;
                scan.genuine |= mark || (!in_1252 && c.is_alphabetic());
                scan.marks |= mark;
                scan.maybe_not_nfc |= !mark && !known_nfc(c);
                if is_foreign_invisible(c) {
                    scan.foreign_invisible = true;
                    scan.needs_cleaning = true;
                }
                scan.word_symbols |= word_symbol(c).is_some();
            }
            scan.needs_cleaning |= matches!(previous, b',' | b';') && is_letter(c);
            previous = NON_ASCII;
        }
        scan.needs_cleaning |= matches!(previous, b' ' | b'\n');
        scan
    }

    /// Whether a pass over the scanned text, without a hint, would change nothing.
    fn idle(&self) -> bool {
        !(self.word_symbols
            || self.foreign_invisible
            || self.maybe_mojibake()
            || self.c1
            || (!self.genuine && self.latin1_high)
            || self.marks
            || self.maybe_not_nfc
            || self.eth
            || self.needs_cleaning)
    }

    fn maybe_mojibake(&self) -> bool {
        self.all_cp1252 && self.utf8_lead
    }
}

/// NFC for text whose only combining marks follow Vietnamese letters they compose with;
/// `None` when anything else is met.
fn compose_vietnamese(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    // `text[..copied]` is in `out`; the character before the current one starts at
    // `base_at` and, when marks were composed onto it, is `composed`.
    let mut copied = 0;
    let mut base: Option<(usize, char)> = None;
    let mut composed = false;
    for (at, c) in text.char_indices() {
        if is_mark(c) {
            let (base_at, letter) = base?;
            base = Some((base_at, super::syllable::compose_mark(letter, c)?));
            composed = true;
        } else {
            if composed {
                flush_composed(text, &mut out, &mut copied, base, at);
                composed = false;
            }
            base = Some((at, c));
        }
    }
    if composed {
        flush_composed(text, &mut out, &mut copied, base, text.len());
    }
    out.push_str(text.get(copied..).unwrap_or(""));
    Some(out)
}

/// Appends the text before the composed letter `base` and the letter, which replaces
/// `text[base_at..end]`.
fn flush_composed(
    text: &str,
    out: &mut String,
    copied: &mut usize,
    base: Option<(usize, char)>,
    end: usize,
) {
    if let Some((base_at, letter)) = base {
        out.push_str(text.get(*copied..base_at).unwrap_or(""));
        out.push(letter);
        *copied = end;
    }
}

/// Characters whose NFC form is certainly themselves: Latin Extended-A/B and the
/// Vietnamese block of Latin Extended Additional, general punctuation, currency.
fn known_nfc(c: char) -> bool {
    matches!(c, '\u{100}'..='\u{24F}' | '\u{1EA0}'..='\u{1EF9}' | '\u{2010}'..='\u{205F}' | '\u{20A0}'..='\u{20C0}')
}

/// The character starting at byte `at` of valid UTF-8 and its length in bytes.
#[inline]
fn decode_utf8(bytes: &[u8], at: usize) -> (char, usize) {
    let byte = |i: usize| u32::from(bytes.get(at + i).copied().unwrap_or(0) & 0x3F);
    let lead = u32::from(bytes.get(at).copied().unwrap_or(0));
    let (cp, len) = if lead < 0x80 {
        (lead, 1)
    } else if lead < 0xE0 {
        ((lead & 0x1F) << 6 | byte(1), 2)
    } else if lead < 0xF0 {
        ((lead & 0x0F) << 12 | byte(1) << 6 | byte(2), 3)
    } else {
        (
            (lead & 0x07) << 18 | byte(1) << 12 | byte(2) << 6 | byte(3),
            4,
        )
    };
    (char::from_u32(cp).unwrap_or('\u{FFFD}'), len)
}

/// Classes of the character before an ASCII byte, as bits: every character is `ANY`.
const ANY: u8 = 1;
const START: u8 = 2;
const SPACE: u8 = 4;
const NEWLINE: u8 = 8;
const OPEN: u8 = 16;
const COMMA: u8 = 32;

/// The classes of `previous` (an ASCII byte, 0 at the start, or ≥ 0x80).
fn ascii_class(previous: u8) -> u8 {
    PREVIOUS_CLASS
        .get(usize::from(previous))
        .copied()
        .unwrap_or(ANY)
}

/// [`ascii_class`] by byte.
const PREVIOUS_CLASS: [u8; 256] = {
    let mut table = [ANY; 256];
    table[0] |= START;
    table[b' ' as usize] |= SPACE;
    table[b'\n' as usize] |= NEWLINE;
    table[b'(' as usize] |= OPEN;
    table[b',' as usize] |= COMMA;
    table[b';' as usize] |= COMMA;
    table
};

/// For each ASCII byte, the classes of the previous character after which
/// [`ascii_bad`] may hold (a superset: `_` is checked in full).
const ASCII_AFTER: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = match c {
            b' ' => START | SPACE | NEWLINE | OPEN,
            b'\n' => START | SPACE,
            b',' | b'.' | b';' | b':' | b'!' | b'?' | b')' => SPACE,
            b'_' => ANY,
            c if c.is_ascii_alphabetic() => COMMA,
            c if c.is_ascii_control() => ANY,
            _ => 0,
        };
        b += 1;
    }
    table
};

/// Whether the ASCII byte `c` at byte `at`, after the ASCII byte `previous` (0 at the
/// start, a byte ≥ 0x80 after a non-ASCII character), needs cleaning.
fn ascii_bad(text: &[u8], at: usize, c: u8, previous: u8) -> bool {
    match c {
        b' ' => matches!(previous, 0 | b' ' | b'\n' | b'('),
        b'\n' => matches!(previous, 0 | b' '),
        b',' | b'.' | b';' | b':' | b'!' | b'?' | b')' => previous == b' ',
        b'_' => text.get(at..).is_some_and(|rest| {
            [
                &b"_x000D_"[..],
                b"_x000d_",
                b"_x000A_",
                b"_x000a_",
                b"_x0009_",
            ]
            .iter()
            .any(|escape| rest.starts_with(escape))
        }),
        c if c.is_ascii_alphabetic() => matches!(previous, b',' | b';'),
        c => c.is_ascii_control(),
    }
}

/// Legacy decoding without a hint: (encoding, decoded text, upper-case it).
fn auto_decode(text: &str, report: &mut Repaired<'_>) -> Option<(Legacy, String, bool)> {
    match legacy::detect_legacy_unchecked(text) {
        Detection::Keep => None,
        Detection::Ambiguous => {
            report.ambiguous = true;
            None
        }
        Detection::Legacy(Legacy::Tcvn3) => {
            let capitals = typed_in_capitals(text);
            Some((Legacy::Tcvn3, decode_tcvn3(text), capitals))
        }
        Detection::Legacy(Legacy::Vni) => Some((Legacy::Vni, decode_vni(text), false)),
    }
}

fn uppercase(text: &str) -> String {
    text.chars()
        .map(|c| {
            let mut up = c.to_uppercase();
            match (up.next(), up.next()) {
                (Some(u), None) => u,
                _ => c,
            }
        })
        .collect()
}

/// The Unicode symbol a Private Use Area code point from Word's symbol fonts shows, for
/// the bullets and tick marks offices paste. Word keeps a character of the Symbol or
/// Wingdings font as U+F000 plus its byte in the font; pasted into a cell it stays that
/// code point, which no text font draws. Mapped from the glyph each position holds
/// (Adobe's Symbol encoding; the Wingdings glyph names, as in Unicode's Wingdings
/// mapping, nearest symbols that common fonts have):
///
/// - Word's bullet library: U+F0B7 Symbol `bullet` → •; Wingdings U+F0A7 `square4` → ▪,
///   U+F076 `xrhombus` → ❖, U+F0D8 `head2right` → ➢, U+F0FC `checkbld` → ✓.
/// - Wingdings tick marks and boxes: U+F0FB `xmarkbld` → ✗, U+F0FD `boxxmarkbld` → ☒,
///   U+F0FE `boxcheckbld` → ☑.
///
/// The same code point means another glyph in the other font (U+F0A7 is ♣ in Symbol,
/// U+F076 is ϖ), and the cell's font does not reach repair except as a legacy hint, so
/// only these positions are mapped: Word's own bullets, whatever the font, and the
/// Wingdings marks whose Symbol positions (0xFB–0xFE) are only pieces of tall brackets.
/// Wingdings 2 boxes (U+F050, U+F052, U+F054, U+F0A3…) share their codes with Greek
/// letters of Symbol and stay as they are, as does every other private code point.
fn word_symbol(c: char) -> Option<char> {
    Some(match c {
        '\u{F0B7}' => '\u{2022}', // •
        '\u{F0A7}' => '\u{25AA}', // ▪
        '\u{F076}' => '\u{2756}', // ❖
        '\u{F0D8}' => '\u{27A2}', // ➢
        '\u{F0FC}' => '\u{2713}', // ✓
        '\u{F0FB}' => '\u{2717}', // ✗
        '\u{F0FD}' => '\u{2612}', // ☒
        '\u{F0FE}' => '\u{2611}', // ☑
        _ => return None,
    })
}

/// Invisible characters Windows-1252 cannot hold (so no legacy text or mojibake contains
/// them) are removed first, and wide spaces become spaces: a BOM must not block the
/// mojibake repair.
fn strip_foreign_invisibles(text: &str) -> Option<String> {
    if text.is_ascii() || !text.chars().any(is_foreign_invisible) {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    Some(
        chars
            .iter()
            .enumerate()
            .filter_map(|(i, &c)| match c {
                // A zero-width space between two letters stands for the
                // space between two syllables ("Lê\u{200B}Thị").
                '\u{200B}'
                    if i > 0
                        && chars[i - 1].is_alphabetic()
                        && chars.get(i + 1).is_some_and(|n| n.is_alphabetic()) =>
                {
                    Some(' ')
                }
                c if is_removable_invisible(c) => None,
                c if is_wide_space(c) => Some(' '),
                c => Some(c),
            })
            .collect(),
    )
}

fn is_foreign_invisible(c: char) -> bool {
    is_removable_invisible(c) || is_wide_space(c)
}

fn is_removable_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}'
            | '\u{2060}'
            | '\u{FEFF}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
    )
}

fn is_wide_space(c: char) -> bool {
    matches!(
        c,
        '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// UTF-8 read as Windows-1252 (`Viá»‡t Nam`): encode as Windows-1252, decode as strict
/// UTF-8, accept only if that yields a Vietnamese letter. Repeated for double mojibake.
fn undo_mojibake(text: &str) -> Option<String> {
    let mut current: Option<String> = None;
    loop {
        let source = current.as_deref().unwrap_or(text);
        match undo_mojibake_once(source) {
            Some(next) => current = Some(next),
            None => return current,
        }
    }
}

fn undo_mojibake_once(text: &str) -> Option<String> {
    // A UTF-8 lead byte for a non-ASCII letter shows as one of Â–ï (0xC2–0xEF).
    if text.is_ascii() || !text.chars().any(|c| ('\u{C2}'..='\u{EF}').contains(&c)) {
        return None;
    }
    if !may_be_utf8(text) {
        return None;
    }
    let bytes: Vec<u8> = text.chars().map(cp1252_byte).collect::<Option<_>>()?;
    let decoded = String::from_utf8(bytes).ok()?;
    decoded.chars().any(is_vietnamese_letter).then_some(decoded)
}

/// A quick necessary condition for the Windows-1252 bytes of `text` to be UTF-8 (every
/// lead byte followed by a continuation byte, every continuation byte after a lead or
/// continuation byte, no byte that never occurs in UTF-8), without building them.
fn may_be_utf8(text: &str) -> bool {
    // The byte before was a lead byte; a lead or continuation byte.
    let mut after_lead = false;
    let mut after_multibyte = false;
    for c in text.chars() {
        let Some(byte) = cp1252_byte(c) else {
            return false;
        };
        let continuation = (0x80..=0xBF).contains(&byte);
        if (after_lead && !continuation)
            || (continuation && !after_multibyte)
            || matches!(byte, 0xC0 | 0xC1 | 0xF5..=0xFF)
        {
            return false;
        }
        after_lead = (0xC2..=0xF4).contains(&byte);
        after_multibyte = after_lead || continuation;
    }
    !after_lead
}

/// A letter with a Vietnamese diacritic, `đ`/`Đ`, or a Vietnamese combining mark.
fn is_vietnamese_letter(c: char) -> bool {
    if matches!(c, 'đ' | 'Đ') {
        return true;
    }
    if matches!(
        c,
        '\u{300}'
            | '\u{301}'
            | '\u{303}'
            | '\u{309}'
            | '\u{323}'
            | '\u{302}'
            | '\u{306}'
            | '\u{31B}'
    ) {
        return true;
    }
    if c.is_ascii() || !c.is_alphabetic() {
        return false;
    }
    let mut base_ok = false;
    let mut marks_ok = true;
    let mut first = true;
    unicode_normalization::char::decompose_canonical(c, |part| {
        if first {
            base_ok = part.is_ascii_alphabetic();
            first = false;
        } else if !is_vietnamese_letter(part) {
            marks_ok = false;
        }
    });
    base_ok && marks_ok && !first
}

/// C1 controls (U+0080–U+009F) are read as the Windows-1252 characters they stand for.
fn c1_controls(text: &str) -> Option<String> {
    if !text.chars().any(|c| ('\u{80}'..='\u{9F}').contains(&c)) {
        return None;
    }
    Some(text.chars().map(|c| c1_as_cp1252(c).unwrap_or(c)).collect())
}

/// `Ð`/`ð` (Icelandic eth) at the start of a word that is a Vietnamese syllable with
/// `Đ`/`đ` become `Đ`/`đ` (`Ðinh` → `Đinh`); so does `Ð` in a capital abbreviation
/// (`QÐ` → `QĐ`). Word-internal `ð` (`Guðrún`) is kept.
fn fix_eth(text: &str) -> Option<String> {
    if !text.contains(['Ð', 'ð']) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_alphabetic() || is_mark(c)) {
        let (before, word_start) = rest.split_at(start);
        out.push_str(before);
        let end = word_start
            .find(|c: char| !(c.is_alphabetic() || is_mark(c)))
            .unwrap_or(word_start.len());
        let (word, after) = word_start.split_at(end);
        match replace_eth(word) {
            Some(fixed) => {
                out.push_str(&fixed);
                changed = true;
            }
            None => out.push_str(word),
        }
        rest = after;
    }
    out.push_str(rest);
    changed.then_some(out)
}

fn replace_eth(word: &str) -> Option<String> {
    let mut chars = word.chars();
    let first = chars.next()?;
    // In TCVN3 `Ð` is `é`: a word that also reads as TCVN3 (`Ðo` = `éo`) is ambiguous.
    if first == 'Ð' && super::syllable::is_syllable(&decode_tcvn3(word)) {
        return None;
    }
    if matches!(first, 'Ð' | 'ð') {
        let candidate: String = std::iter::once(if first == 'Ð' { 'Đ' } else { 'đ' })
            .chain(chars)
            .collect();
        if is_syllable_lenient(&candidate) || legacy::is_abbreviation(&candidate) {
            return Some(candidate);
        }
    }
    if word.contains('Ð')
        && word
            .chars()
            .all(|c| c.is_ascii_uppercase() || matches!(c, 'Ð' | 'Đ'))
    {
        let candidate = word.replace('Ð', "Đ");
        if legacy::is_abbreviation(&candidate) {
            return Some(candidate);
        }
    }
    None
}

/// Whitespace and punctuation spacing (fact sheet §4): listed spaces → space; invisible
/// characters and controls removed (in a repair, soft hyphens only from genuine Unicode
/// text, since in Windows-1252-only text they may be TCVN3 `ư`) (line breaks kept; `_x000D_` unescaped); runs of spaces
/// collapsed; each line trimmed; no space before `, . ; : ! ? )` or after `(`; one space
/// after `,`/`;` directly followed by a letter. Numbers (`1,5`, `1.000`) are untouched.
pub(crate) fn clean_spacing(text: &str) -> Option<String> {
    if !Scan::of(text).needs_cleaning {
        return None;
    }
    clean_spacing_unchecked(text, false)
}

fn clean_spacing_unchecked(text: &str, keep_soft_hyphens: bool) -> Option<String> {
    let original = text;
    let unescaped;
    let text = if text.contains("_x00") {
        unescaped = text
            .replace("_x000D_", "\r")
            .replace("_x000d_", "\r")
            .replace("_x000A_", "\n")
            .replace("_x000a_", "\n")
            .replace("_x0009_", "\t");
        unescaped.as_str()
    } else {
        text
    };
    let mut out = String::with_capacity(text.len());
    let mut lines: Vec<String> = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line = String::new();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                lines.push(std::mem::take(&mut line));
            }
            '\n' => lines.push(std::mem::take(&mut line)),
            c if is_space(c) => line.push(' '),
            '\u{AD}' if keep_soft_hyphens => line.push(c),
            c if is_dropped(c) => {}
            c => line.push(c),
        }
    }
    lines.push(line);
    let cleaned: Vec<String> = lines.iter().map(|l| space_line(l)).collect();
    let first = cleaned.iter().position(|l| !l.is_empty());
    let last = cleaned.iter().rposition(|l| !l.is_empty());
    if let (Some(first), Some(last)) = (first, last) {
        for (i, l) in cleaned.iter().enumerate().take(last + 1).skip(first) {
            if i > first {
                out.push('\n');
            }
            out.push_str(l);
        }
    }
    (out != original).then_some(out)
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\u{A0}' || is_wide_space(c)
}

fn is_dropped(c: char) -> bool {
    c == '\u{AD}' || is_removable_invisible(c) || (c.is_control() && c != '\n' && c != '\r')
}

fn is_closing(c: char) -> bool {
    matches!(c, ',' | '.' | ';' | ':' | '!' | '?' | ')')
}

fn space_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut pending_space = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ' ' {
            pending_space = !out.is_empty() && !out.ends_with('(');
            continue;
        }
        if pending_space && !is_closing(c) {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
        if matches!(c, ',' | ';') && chars.peek().is_some_and(|n| n.is_alphabetic()) {
            out.push(' ');
        }
    }
    out
}

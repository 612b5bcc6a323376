//! Capitalisation of personal and unit names (fact sheet §5): the first letter of every
//! word in capitals, the rest in lowercase, on NFC text with Unicode case mapping.
//!
//! Tone placement is kept (`Thuỷ` stays `Thuỷ`); letters after a hyphen or an apostrophe
//! start a new part (`H'Hen Niê`, `Lê-Nguyễn`). Input should be repaired first
//! ([`fix_cell`](super::fix_cell)); these functions only normalise NFC and spacing.

use unicode_normalization::UnicodeNormalization;

use super::syllable::{is_syllable, is_vowel};

/// Capitalises a personal name: `NGUYỄN văn  a` → `Nguyễn Văn A`, `h'hen niê` →
/// `H'Hen Niê`. Line breaks and runs of spaces become one space.
///
/// ```
/// use vanthu::text::capitalise_name;
/// assert_eq!(capitalise_name("pHẠM mINH đỨC"), "Phạm Minh Đức");
/// ```
pub fn capitalise_name(name: &str) -> String {
    capitalise(name, |_| false)
}

/// Capitalises a unit name word by word like [`capitalise_name`], but keeps capital
/// abbreviations (`UBND`, `HĐND`, `THPT`: all capitals, not a Vietnamese syllable, at most
/// one vowel): `UBND xã tân an` → `UBND Xã Tân An`.
///
/// Nghị định 30/2020 capitalises unit names by meaning (`Ủy ban nhân dân tỉnh Lâm Đồng`),
/// which no rule on letters can reproduce; use this for normalising lists, not for
/// document text.
pub fn capitalise_unit_name(name: &str) -> String {
    capitalise(name, is_abbreviation)
}

fn is_abbreviation(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2
        && !word.chars().any(char::is_lowercase)
        && !is_syllable(word)
        && word.chars().filter(|&c| is_vowel(c)).count() <= 1
}

fn capitalise(name: &str, keep: impl Fn(&str) -> bool) -> String {
    let nfc: String = name.nfc().collect();
    let mut out = String::with_capacity(nfc.len());
    for word in nfc.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        if keep(word) {
            out.push_str(word);
            continue;
        }
        let mut start_of_part = true;
        for c in word.chars() {
            if c.is_alphabetic() {
                if start_of_part {
                    push_single(&mut out, c, c.to_uppercase());
                } else {
                    push_single(&mut out, c, c.to_lowercase());
                }
                start_of_part = false;
            } else {
                out.push(c);
                start_of_part = is_part_separator(c) || start_of_part;
            }
        }
    }
    out
}

fn is_part_separator(c: char) -> bool {
    matches!(c, '-' | '\'' | '\u{2019}' | '\u{2BC}' | '‐' | '–')
}

/// Pushes the case mapping of `c` when it is a single character (Vietnamese letters all
/// are), otherwise `c` itself: `ß` must not become `SS` inside a name.
fn push_single(out: &mut String, c: char, mut mapped: impl Iterator<Item = char>) {
    match (mapped.next(), mapped.next()) {
        (Some(m), None) => out.push(m),
        _ => out.push(c),
    }
}

//! Comparison keys: equal for texts that differ only by case, NFC/NFD, tone placement
//! (`hoà`/`hòa`, `thuỷ`/`thủy`), `Ð` look-alikes, invisible characters and spacing;
//! different when a letter, a tone or `đ`/`d` differs (fact sheet §3).
//!
//! A key is opaque: compare or hash it, never show or normalise it. Keys do not decode
//! legacy encodings; repair the cell first ([`fix_cell`](super::fix_cell)).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{compose, decompose_canonical};

use super::repair::clean_spacing;
use super::syllable::Tone;

/// The comparison key of `text`: lowercase, tone marks moved to the end of each syllable,
/// `Ð`/`ð` read as `đ`, spacing normalised.
///
/// ```
/// use vanthu::text::comparison_key;
/// assert_eq!(comparison_key("Hòa  BÌNH"), comparison_key("hoà bình"));
/// assert_ne!(comparison_key("Hòa"), comparison_key("Hoa"));
/// ```
pub fn comparison_key(text: &str) -> String {
    build_key(text, true)
}

/// The accent-free key of `text`: lowercase ASCII letters for Vietnamese (`đ` → `d`,
/// every mark dropped), spacing normalised. For headers typed without diacritics
/// (`Ho va ten` matches `Họ và tên`); never for matching names.
pub fn accent_free_key(text: &str) -> String {
    build_key(text, false)
}

fn build_key(text: &str, keep_marks: bool) -> String {
    let cleaned = clean_spacing(text);
    let text = cleaned.as_deref().unwrap_or(text);
    let mut key = String::with_capacity(text.len());
    let mut syllable = Syllable::default();
    let mut last_space = true;
    for c in text.chars() {
        let lower = match c {
            'Ð' | 'ð' | 'Đ' => 'đ',
            c => single_lowercase(c),
        };
        let mut is_letter = false;
        decompose_canonical(lower, |part| {
            if part.is_alphabetic() || unicode_normalization::char::is_combining_mark(part) {
                is_letter = true;
                syllable.push(part, keep_marks);
            }
        });
        if is_letter {
            last_space = false;
            continue;
        }
        syllable.flush(&mut key);
        if c.is_whitespace() {
            if !last_space {
                key.push(' ');
            }
            last_space = true;
        } else {
            key.push(lower);
            last_space = false;
        }
    }
    syllable.flush(&mut key);
    if key.ends_with(' ') {
        key.pop();
    }
    key
}

/// Letters of the current syllable (tone marks held apart).
#[derive(Default)]
struct Syllable {
    letters: String,
    tones: Vec<Tone>,
}

impl Syllable {
    fn push(&mut self, part: char, keep_marks: bool) {
        if let Some(tone) = Tone::from_mark(part) {
            if keep_marks {
                self.tones.push(tone);
            }
            return;
        }
        if unicode_normalization::char::is_combining_mark(part) {
            if keep_marks {
                // Shape marks (breve, circumflex, horn) compose with the letter before.
                match self.letters.pop() {
                    Some(last) => match compose(last, part) {
                        Some(composed) => self.letters.push(composed),
                        None => {
                            self.letters.push(last);
                            self.letters.push(part);
                        }
                    },
                    None => self.letters.push(part),
                }
            }
            return;
        }
        if !keep_marks && part == 'đ' {
            self.letters.push('d');
        } else {
            self.letters.push(part);
        }
    }

    fn flush(&mut self, key: &mut String) {
        if self.letters.is_empty() && self.tones.is_empty() {
            return;
        }
        // Letters are NFC already (composed one mark at a time); keep the tone marks apart
        // at the end so that their placement never matters.
        key.extend(self.letters.nfc());
        key.extend(self.tones.iter().filter_map(|t| t.mark()));
        self.letters.clear();
        self.tones.clear();
    }
}

fn single_lowercase(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// One word's key for ordering: tone-free lowercase letters, then its tones.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct WordKey {
    pub(crate) letters: String,
    pub(crate) tones: Vec<Tone>,
}

impl WordKey {
    pub(crate) fn new(word: &str) -> WordKey {
        let mut syllable = Syllable::default();
        for c in word.chars() {
            let lower = match c {
                'Ð' | 'ð' | 'Đ' => 'đ',
                c => single_lowercase(c),
            };
            decompose_canonical(lower, |part| syllable.push(part, true));
        }
        let letters = syllable.letters.nfc().collect();
        let tones = if syllable.tones.is_empty() {
            vec![Tone::Level]
        } else {
            syllable.tones
        };
        WordKey { letters, tones }
    }
}

//! Vietnamese syllable structure: onset + rhyme + at most one tone.
//!
//! Used by legacy-encoding detection (is the decoded word Vietnamese?), by the Ð
//! look-alike repair and by name capitalisation (is an all-caps word an abbreviation?).
//! The validator never allocates: a syllable has at most seven letters.

use std::sync::LazyLock;

use unicode_normalization::char::decompose_canonical;

/// One of the six Vietnamese tones, in alphabetical (dictionary) order:
/// none < huyền < hỏi < ngã < sắc < nặng.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tone {
    /// Thanh ngang (no mark): `a`.
    Level,
    /// Thanh huyền (grave, U+0300): `à`.
    Grave,
    /// Thanh hỏi (hook above, U+0309): `ả`.
    Hook,
    /// Thanh ngã (tilde, U+0303): `ã`.
    Tilde,
    /// Thanh sắc (acute, U+0301): `á`.
    Acute,
    /// Thanh nặng (dot below, U+0323): `ạ`.
    Dot,
}

impl Tone {
    /// The tone a combining mark stands for, if it is one of the five tone marks.
    pub fn from_mark(mark: char) -> Option<Tone> {
        match mark {
            '\u{300}' => Some(Tone::Grave),
            '\u{309}' => Some(Tone::Hook),
            '\u{303}' => Some(Tone::Tilde),
            '\u{301}' => Some(Tone::Acute),
            '\u{323}' => Some(Tone::Dot),
            _ => None,
        }
    }

    /// The combining mark of this tone (`None` for the level tone).
    pub fn mark(self) -> Option<char> {
        match self {
            Tone::Level => None,
            Tone::Grave => Some('\u{300}'),
            Tone::Hook => Some('\u{309}'),
            Tone::Tilde => Some('\u{303}'),
            Tone::Acute => Some('\u{301}'),
            Tone::Dot => Some('\u{323}'),
        }
    }
}

/// The 29 letters of the Vietnamese alphabet, in alphabetical order.
const ALPHABET: [char; 29] = [
    'a', 'ă', 'â', 'b', 'c', 'd', 'đ', 'e', 'ê', 'g', 'h', 'i', 'k', 'l', 'm', 'n', 'o', 'ô', 'ơ',
    'p', 'q', 'r', 's', 't', 'u', 'ư', 'v', 'x', 'y',
];

fn index_of(letter: char) -> Option<u8> {
    ALPHABET
        .iter()
        .position(|&l| l == letter)
        .and_then(|i| u8::try_from(i).ok())
}

/// Vowels of [`ALPHABET`], by index.
const IS_VOWEL: [bool; 29] = {
    let mut vowels = [false; 29];
    let indexes = [0, 1, 2, 7, 8, 11, 16, 17, 18, 24, 25, 28];
    let mut i = 0;
    while i < indexes.len() {
        vowels[indexes[i]] = true;
        i += 1;
    }
    vowels
};

fn is_vowel_index(index: u8) -> bool {
    IS_VOWEL.get(usize::from(index)).copied().unwrap_or(false)
}

/// `ă â ê ô ơ ư`, by index.
fn is_shaped_index(index: u8) -> bool {
    matches!(index, 1 | 2 | 8 | 17 | 18 | 25)
}

fn letter_at(index: u8) -> char {
    ALPHABET.get(usize::from(index)).copied().unwrap_or('\0')
}

/// The longest Vietnamese syllable has seven letters (`nghiêng`); allow a little slack.
const MAX_LETTERS: usize = 8;

/// Letters of a word as alphabet indexes, tones removed and shapes kept, with its tone.
struct Letters {
    buf: [u8; MAX_LETTERS],
    len: usize,
    tones: u8,
    tone: Tone,
    /// Index of the letter that carries the tone.
    tone_at: usize,
}

impl Letters {
    fn empty() -> Letters {
        Letters {
            buf: [0; MAX_LETTERS],
            len: 0,
            tones: 0,
            tone: Tone::Level,
            tone_at: 0,
        }
    }

    fn parse(word: &str) -> Option<Letters> {
        Letters::parse_chars(word.chars())
    }

    fn parse_chars(word: impl Iterator<Item = char>) -> Option<Letters> {
        let table = &*TABLE;
        let mut letters = Letters::empty();
        for c in word {
            let ok = match table.lookup(c) {
                Some((letter, tone)) => letters.push_letter(letter, tone),
                // Combining marks (NFD input) attach to the letter before.
                None => letters.push_mark(c),
            };
            if !ok {
                return None;
            }
        }
        (letters.len > 0).then_some(letters)
    }

    fn push_letter(&mut self, letter: u8, tone: Tone) -> bool {
        match self.buf.get_mut(self.len) {
            Some(slot) => {
                *slot = letter;
                self.len += 1;
            }
            None => return false,
        }
        if tone != Tone::Level {
            self.tones += 1;
            self.tone = tone;
            self.tone_at = self.len - 1;
        }
        self.tones <= 1
    }

    fn push_mark(&mut self, mark: char) -> bool {
        if let Some(tone) = Tone::from_mark(mark) {
            self.tones += 1;
            self.tone = tone;
            self.tone_at = self.len.saturating_sub(1);
            return self.tones == 1 && self.len > 0;
        }
        let Some(last) = self.len.checked_sub(1).and_then(|i| self.buf.get_mut(i)) else {
            return false;
        };
        let shaped = match (letter_at(*last), mark) {
            ('a', '\u{306}') => 'ă',
            ('a', '\u{302}') => 'â',
            ('e', '\u{302}') => 'ê',
            ('o', '\u{302}') => 'ô',
            ('o', '\u{31B}') => 'ơ',
            ('u', '\u{31B}') => 'ư',
            _ => return false,
        };
        match index_of(shaped) {
            Some(index) => {
                *last = index;
                true
            }
            None => false,
        }
    }

    /// Slow path, used to build the table: decompose one character.
    fn parse_char(c: char) -> Option<(u8, Tone)> {
        let mut letters = Letters::empty();
        let mut ok = true;
        decompose_canonical(single_lowercase(c), |part| {
            if !ok {
                return;
            }
            ok = match index_of(part) {
                Some(index) if !matches!(part, 'ă' | 'â' | 'ê' | 'ô' | 'ơ' | 'ư') => {
                    letters.push_letter(index, Tone::Level)
                }
                Some(_) => false,
                None => letters.push_mark(part),
            };
        });
        match (ok, letters.as_slice()) {
            // Tones sit on vowels only (`ń` is not a Vietnamese letter).
            (true, [letter]) if letters.tone == Tone::Level || is_vowel_index(*letter) => {
                Some((*letter, letters.tone))
            }
            _ => None,
        }
    }

    fn as_slice(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or(&[])
    }
}

/// Vietnamese letters by code point: U+0000–U+01B0 and U+1EA0–U+1EF9.
struct LetterTable {
    low: Vec<Option<(u8, Tone)>>,
    high: Vec<Option<(u8, Tone)>>,
    /// Precomposed lowercase letter by `[index][tone]`.
    compose: [[Option<char>; 6]; 29],
    /// The legal rhymes: bit `key` set for each [`rhyme_key`].
    rhymes: Vec<u64>,
    qu_rhymes: Vec<u32>,
}

static TABLE: LazyLock<LetterTable> = LazyLock::new(|| {
    let to_indexes = |s: &str| -> Vec<u8> { s.chars().filter_map(index_of).collect() };
    let keys = |list: &[&str]| -> Vec<u32> {
        let mut keys: Vec<u32> = list
            .iter()
            .filter_map(|r| rhyme_key(&to_indexes(r)))
            .collect();
        keys.sort_unstable();
        keys
    };
    LetterTable {
        low: ('\0'..='\u{1B0}').map(Letters::parse_char).collect(),
        high: ('\u{1EA0}'..='\u{1EF9}').map(Letters::parse_char).collect(),
        compose: {
            let mut compose = [[None; 6]; 29];
            for c in ('\0'..='\u{1B0}').chain('\u{1EA0}'..='\u{1EF9}') {
                if let Some((index, tone)) = Letters::parse_char(c)
                    && single_lowercase(c) == c
                    && let Some(slot) = compose
                        .get_mut(usize::from(index))
                        .and_then(|row| row.get_mut(tone as usize))
                {
                    *slot = Some(c);
                }
            }
            compose
        },
        rhymes: {
            let mut set = vec![0u64; 1 << (RHYME_KEY_BITS - 6)];
            for key in keys(RHYMES) {
                if let Some(word) = set.get_mut((key >> 6) as usize) {
                    *word |= 1 << (key & 63);
                }
            }
            set
        },
        qu_rhymes: keys(QU_RHYMES),
    }
});

impl LetterTable {
    /// The alphabet index and tone of a precomposed Vietnamese letter (any case).
    fn lookup(&self, c: char) -> Option<(u8, Tone)> {
        let cp = c as usize;
        match cp {
            0..=0x1B0 => self.low.get(cp).copied().flatten(),
            0x1EA0..=0x1EF9 => self.high.get(cp - 0x1EA0).copied().flatten(),
            _ => None,
        }
    }
}

fn lookup(c: char) -> Option<(u8, Tone)> {
    TABLE.lookup(c)
}

/// NFC of a Vietnamese letter followed by one combining mark, when the result is a
/// Vietnamese letter and equals what NFC gives; `None` otherwise (the caller then uses
/// the general algorithm).
pub(crate) fn compose_mark(base: char, mark: char) -> Option<char> {
    let table = &*TABLE;
    let (index, tone) = table.lookup(base)?;
    let (index, tone) = match Tone::from_mark(mark) {
        Some(new_tone) if tone == Tone::Level => (index, new_tone),
        Some(_) => return None,
        None => {
            // A circumflex or breve after a tone of the same combining class does not
            // compose under NFC (`é` + U+0302 stays two characters): leave it to NFC.
            if matches!(mark, '\u{302}' | '\u{306}') && !matches!(tone, Tone::Level | Tone::Dot) {
                return None;
            }
            let shaped = match (letter_at(index), mark) {
                ('a', '\u{306}') => 'ă',
                ('a', '\u{302}') => 'â',
                ('e', '\u{302}') => 'ê',
                ('o', '\u{302}') => 'ô',
                ('o', '\u{31B}') => 'ơ',
                ('u', '\u{31B}') => 'ư',
                _ => return None,
            };
            (index_of(shaped)?, tone)
        }
    };
    let lower = table
        .compose
        .get(usize::from(index))?
        .get(tone as usize)
        .copied()
        .flatten()?;
    if base.is_lowercase() {
        Some(lower)
    } else {
        let mut upper = lower.to_uppercase();
        match (upper.next(), upper.next()) {
            (Some(u), None) => Some(u),
            _ => None,
        }
    }
}

/// Bits of a [`rhyme_key`].
const RHYME_KEY_BITS: u32 = 20;

/// A rhyme of at most four letters as one number (five bits per letter).
fn rhyme_key(rhyme: &[u8]) -> Option<u32> {
    if rhyme.is_empty() || rhyme.len() > 4 {
        return None;
    }
    Some(
        rhyme
            .iter()
            .fold(0, |key, &l| key << 5 | (u32::from(l) + 1)),
    )
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

/// Onsets that the spelling rules treat apart; every other onset is `Plain`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Onset {
    None,
    C,
    K,
    G,
    Gh,
    Gi,
    Ng,
    Ngh,
    Qu,
    Plain,
}

/// The onsets `letters` can start with, with their lengths (longest first is not needed:
/// every candidate is tried).
fn onset_candidates(letters: &[u8]) -> ([(Onset, usize); 4], usize) {
    let at = |i: usize| letters.get(i).map_or('\0', |&l| letter_at(l));
    let (first, second, third) = (at(0), at(1), at(2));
    let mut found = [(Onset::None, 0); 4];
    let mut count = 1;
    let mut add = |onset: Onset, len: usize| {
        if let Some(slot) = found.get_mut(count) {
            *slot = (onset, len);
            count += 1;
        }
    };
    match first {
        'n' => {
            if second == 'g' && third == 'h' {
                add(Onset::Ngh, 3);
            }
            if second == 'g' {
                add(Onset::Ng, 2);
            }
            if second == 'h' {
                add(Onset::Plain, 2);
            }
            add(Onset::Plain, 1);
        }
        'g' => {
            if second == 'h' {
                add(Onset::Gh, 2);
            }
            if second == 'i' {
                add(Onset::Gi, 2);
            }
            add(Onset::G, 1);
        }
        'k' => {
            if second == 'h' {
                add(Onset::Plain, 2);
            }
            add(Onset::K, 1);
        }
        'c' => {
            if second == 'h' {
                add(Onset::Plain, 2);
            }
            add(Onset::C, 1);
        }
        'q' if second == 'u' => add(Onset::Qu, 2),
        'p' | 't' => {
            if second == 'h' || (first == 't' && second == 'r') {
                add(Onset::Plain, 2);
            }
            add(Onset::Plain, 1);
        }
        'b' | 'd' | 'đ' | 'h' | 'l' | 'm' | 'r' | 's' | 'v' | 'x' => add(Onset::Plain, 1),
        _ => {}
    }
    (found, count)
}

/// Whether `word` is one well-formed Vietnamese syllable (any case, NFC or NFD).
///
/// Checks the onset, the rhyme against the ~170 legal rhymes, spelling rules
/// (`k gh ngh` only before `i e ê y`), at most one tone, that a syllable ending in
/// `c ch p t` carries sắc or nặng, and that the tone sits where either placement style
/// puts it (`hòa` and `hoà` pass, `hóan` and `qúy` do not).
pub fn is_syllable(word: &str) -> bool {
    is_syllable_with(word, true)
}

/// Like [`is_syllable`], but also accepts `c ch p t` finals without a tone
/// (text typed without diacritics, `Dat`, `Phuc`).
pub(crate) fn is_syllable_lenient(word: &str) -> bool {
    is_syllable_with(word, false)
}

/// [`is_syllable`] of a word given as characters.
pub(crate) fn is_syllable_chars(word: &[char]) -> bool {
    Letters::parse_chars(word.iter().copied()).is_some_and(|letters| syllable_fits(&letters, true))
}

fn is_syllable_with(word: &str, strict_tones: bool) -> bool {
    Letters::parse(word).is_some_and(|letters| syllable_fits(&letters, strict_tones))
}

/// Entries of the per-thread cache of [`syllable_fits`] (8 bytes each).
const CACHE_SIZE: usize = 1024;

thread_local! {
    /// Recent [`syllable_fits`] answers by [`Letters::key`]: an entry is the key, bit 62
    /// the answer and bit 63 set when used. Bounded, per thread, and only ever holds
    /// what the function computed, so it cannot change an answer.
    static FITS_CACHE: std::cell::RefCell<[u64; CACHE_SIZE]> =
        const { std::cell::RefCell::new([0; CACHE_SIZE]) };
}

impl Letters {
    /// Everything [`syllable_fits`] looks at, in 51 bits.
    fn key(&self, strict_tones: bool) -> u64 {
        let letters = self
            .as_slice()
            .iter()
            .fold(0u64, |key, &l| key << 5 | u64::from(l));
        letters << 11
            | (self.len as u64) << 7
            | (self.tone as u64) << 4
            | (self.tone_at as u64 & 7) << 1
            | u64::from(strict_tones)
    }
}

fn syllable_fits(letters: &Letters, strict_tones: bool) -> bool {
    const USED: u64 = 1 << 63;
    const FITS: u64 = 1 << 62;
    let key = letters.key(strict_tones);
    let slot = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 54) as usize % CACHE_SIZE;
    let cached = FITS_CACHE
        .try_with(|cache| cache.borrow().get(slot).copied())
        .ok()
        .flatten()
        .filter(|entry| entry & USED != 0 && entry & !(USED | FITS) == key);
    if let Some(entry) = cached {
        return entry & FITS != 0;
    }
    let fits = syllable_fits_uncached(letters, strict_tones);
    let _ = FITS_CACHE.try_with(|cache| {
        if let Some(entry) = cache.borrow_mut().get_mut(slot) {
            *entry = key | USED | if fits { FITS } else { 0 };
        }
    });
    fits
}

fn syllable_fits_uncached(letters: &Letters, strict_tones: bool) -> bool {
    let all = letters.as_slice();
    let table = &*TABLE;
    let (candidates, count) = onset_candidates(all);
    candidates.iter().take(count).any(|&(onset, len)| {
        let rhyme = all.get(len..).unwrap_or(&[]);
        rhyme_fits(onset, rhyme, letters.tone, strict_tones, table)
            && (!strict_tones
                || letters.tone == Tone::Level
                || letters
                    .tone_at
                    .checked_sub(len)
                    .is_some_and(|at| placement_ok(rhyme, at)))
    })
}

/// Whether a tone on letter `at` of `rhyme` is where the traditional (`hòa`) or the
/// modern (`hoà`) style puts it (fact sheet §3).
fn placement_ok(rhyme: &[u8], at: usize) -> bool {
    let cluster_len = rhyme
        .iter()
        .position(|&l| !is_vowel_index(l))
        .unwrap_or(rhyme.len());
    let cluster = rhyme.get(..cluster_len).unwrap_or(&[]);
    if at >= cluster.len() {
        return false;
    }
    if let Some(last_shaped) = cluster.iter().rposition(|&l| is_shaped_index(l)) {
        return at == last_shaped;
    }
    if cluster_len < rhyme.len() {
        return at + 1 == cluster.len();
    }
    let pair = (
        cluster.first().map_or('\0', |&l| letter_at(l)),
        cluster.get(1).map_or('\0', |&l| letter_at(l)),
    );
    match cluster.len() {
        1 => true,
        2 if matches!(pair, ('o', 'a') | ('o', 'e') | ('u', 'y')) => true,
        2 => at == 0,
        3 => at == 1,
        _ => false,
    }
}

fn rhyme_fits(
    onset: Onset,
    rhyme: &[u8],
    tone: Tone,
    strict_tones: bool,
    table: &LetterTable,
) -> bool {
    let Some(key) = rhyme_key(rhyme) else {
        return false;
    };
    let letter = |i: usize| rhyme.get(i).map_or('\0', |&l| letter_at(l));
    let first = letter(0);
    let front = matches!(first, 'i' | 'e' | 'ê' | 'y');
    let spelling_ok = match onset {
        Onset::C => !front,
        Onset::K => front,
        Onset::Gh | Onset::Ngh => matches!(first, 'i' | 'e' | 'ê'),
        Onset::G => !matches!(first, 'e' | 'ê'),
        Onset::Ng => !front,
        Onset::Gi => first != 'i',
        Onset::Qu => !matches!(first, 'u' | 'ư' | 'o'),
        Onset::None | Onset::Plain => true,
    };
    if !spelling_ok {
        return false;
    }
    let known = || {
        table
            .rhymes
            .get((key >> 6) as usize)
            .is_some_and(|word| word & (1 << (key & 63)) != 0)
    };
    let rhyme_known = if onset == Onset::Qu {
        known() || table.qu_rhymes.binary_search(&key).is_ok()
    } else if first == 'y' && letter(1) == 'ê' {
        onset == Onset::None && known()
    } else {
        known()
    };
    if !rhyme_known {
        return false;
    }
    let last = rhyme.last().map_or('\0', |&l| letter_at(l));
    let before_last = rhyme.len().checked_sub(2).map_or('\0', letter);
    let stop_final = matches!(last, 'c' | 'p' | 't') || (last == 'h' && before_last == 'c');
    if stop_final {
        match tone {
            Tone::Acute | Tone::Dot => true,
            Tone::Level => !strict_tones,
            _ => false,
        }
    } else {
        true
    }
}

const RHYMES: &[&str] = &[
    "a", "ac", "ach", "ai", "am", "an", "ang", "anh", "ao", "ap", "at", "au", "ay", "ăc", "ăm",
    "ăn", "ăng", "ăp", "ăt", "âc", "âm", "ân", "âng", "âp", "ât", "âu", "ây", "e", "ec", "em",
    "en", "eng", "eo", "ep", "et", "ê", "êch", "êm", "ên", "ênh", "êp", "êt", "êu", "i", "ia",
    "ich", "im", "in", "inh", "ip", "it", "iu", "iêc", "iêm", "iên", "iêng", "iêp", "iêt", "iêu",
    "o", "oc", "oi", "om", "on", "ong", "op", "ot", "ooc", "oong", "oa", "oac", "oach", "oai",
    "oam", "oan", "oang", "oanh", "oao", "oap", "oat", "oay", "oăc", "oăm", "oăn", "oăng", "oăt",
    "oe", "oen", "oeo", "oet", "ô", "ôc", "ôi", "ôm", "ôn", "ông", "ôp", "ôt", "ơ", "ơi", "ơm",
    "ơn", "ơp", "ơt", "u", "ua", "uc", "ui", "um", "un", "ung", "up", "ut", "uôc", "uôi", "uôm",
    "uôn", "uông", "uôt", "uân", "uâng", "uât", "uây", "uê", "uêch", "uênh", "uơ", "uy", "uya",
    "uych", "uyn", "uynh", "uyp", "uyt", "uyu", "uyên", "uyêt", "ư", "ưa", "ưc", "ưi", "ưm", "ưn",
    "ưng", "ưt", "ưu", "ươc", "ươi", "ươm", "ươn", "ương", "ươp", "ươt", "ươu", "y", "yêm", "yên",
    "yêt", "yêu",
];

/// Rhymes that only occur after `qu`, where the `u` of `uy` is part of the onset.
const QU_RHYMES: &[&str] = &["ych", "yn", "ynh", "yp", "yt", "yu"];

/// Whether `c` is a vowel letter of the Vietnamese alphabet (any case, any tone).
pub(crate) fn is_vowel(c: char) -> bool {
    lookup(c).is_some_and(|(letter, _)| is_vowel_index(letter))
}

/// Tone-free lowercase letters of a syllable and its tone, or `None` if `word` is not
/// made of Vietnamese letters (at most one tone).
#[cfg(test)]
pub(crate) fn split_tone(word: &str) -> Option<(String, Tone)> {
    let letters = Letters::parse(word)?;
    Some((
        letters.as_slice().iter().map(|&l| letter_at(l)).collect(),
        letters.tone,
    ))
}

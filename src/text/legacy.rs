//! Legacy 8-bit Vietnamese encodings as they arrive in workbooks: TCVN3 (ABC, `.VnTime`)
//! and VNI-Windows (`VNI-Times`), both seen through Windows-1252/Latin-1.
//!
//! Owns the decoding tables (embedded from `data/*.tsv`, parsed once) and the detector of
//! the fact sheet §2.5. The detector prefers keeping a string over decoding it: it accepts
//! a hypothesis only when the decoded words are Vietnamese syllables, the original ones
//! were not, and there is strong evidence (see [`detect_legacy`]).

use std::collections::HashMap;
use std::sync::LazyLock;

use super::syllable::{is_syllable, is_syllable_chars};

const TCVN3_TSV: &str = include_str!("data/tcvn3.tsv");
const VNI_TSV: &str = include_str!("data/vni.tsv");

/// A legacy 8-bit encoding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Legacy {
    /// TCVN 5712:1993 VN3 ("ABC"), fonts `.VnTime`, `.VnArial`, … (capitals fonts end in `H`).
    Tcvn3,
    /// VNI-Windows, fonts `VNI-Times`, `VNI-Helve`, ….
    Vni,
}

/// What [`detect_legacy`] concluded about one string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detection {
    /// Keep the string as it is (genuine Unicode, plain ASCII, or not enough evidence).
    Keep,
    /// The string is in this legacy encoding.
    Legacy(Legacy),
    /// Both encodings fit equally well; the string is kept and should be flagged.
    Ambiguous,
}

struct Tables {
    /// TCVN3, indexed by code point − 0xA0.
    tcvn3: [Option<char>; 0x60],
    /// VNI single bytes, indexed by code point − 0xC0.
    vni_single: [Option<char>; 0x40],
    /// VNI base + mark: `[base][mark]`, base as in [`vni_base`], mark as lowercase code
    /// point − 0xE0; the value is the lowercase letter.
    vni_pair: [[Option<char>; 0x20]; 7],
    /// [`Tables::vni_pair`] in capitals, for capital bases.
    vni_pair_upper: [[Option<char>; 0x20]; 7],
    tcvn3_encode: HashMap<char, char>,
    vni_encode: HashMap<char, (char, Option<char>)>,
    /// Whether U+0080 + index is a code of TCVN3.
    tcvn3_codes: [bool; 0x80],
    /// Whether U+0080 + index is a code of VNI.
    vni_codes: [bool; 0x80],
}

static TABLES: LazyLock<Tables> = LazyLock::new(Tables::load);

impl Tables {
    fn load() -> Tables {
        let mut tables = Tables {
            tcvn3: [None; 0x60],
            vni_single: [None; 0x40],
            vni_pair: [[None; 0x20]; 7],
            vni_pair_upper: [[None; 0x20]; 7],
            tcvn3_encode: HashMap::new(),
            vni_encode: HashMap::new(),
            tcvn3_codes: [false; 0x80],
            vni_codes: [false; 0x80],
        };
        for (legacy, unicode, _) in rows(TCVN3_TSV) {
            let mut chars = legacy.chars();
            let (Some(code), None, Some(letter)) = (chars.next(), chars.next(), single(unicode))
            else {
                continue;
            };
            if let Some(slot) = (code as usize)
                .checked_sub(0xA0)
                .and_then(|i| tables.tcvn3.get_mut(i))
            {
                *slot = Some(letter);
                tables.tcvn3_encode.insert(letter, code);
            }
        }
        for (legacy, unicode, kind) in rows(VNI_TSV) {
            let Some(letter) = single(unicode) else {
                continue;
            };
            let mut chars = legacy.chars();
            match (kind, chars.next(), chars.next()) {
                ("single", Some(code), None) => {
                    if let Some(slot) = (code as usize)
                        .checked_sub(0xC0)
                        .and_then(|i| tables.vni_single.get_mut(i))
                    {
                        *slot = Some(letter);
                    }
                    tables.vni_encode.insert(letter, (code, None));
                }
                (_, Some(base), Some(mark)) => {
                    tables.vni_encode.insert(letter, (base, Some(mark)));
                    if base.is_lowercase()
                        && let (Some(b), Some(m)) = (vni_base(base), vni_mark(mark))
                        && let Some(slot) = tables.vni_pair.get_mut(b).and_then(|r| r.get_mut(m))
                    {
                        *slot = Some(letter);
                    }
                }
                _ => {}
            }
        }
        tables.vni_pair_upper = tables
            .vni_pair
            .map(|row| row.map(|letter| letter.map(upper)));
        for (i, c) in ('\u{80}'..='\u{FF}').enumerate() {
            let tcvn3 = tables.tcvn3_code(c).is_some();
            let vni =
                tables.vni_single(c).is_some() || vni_mark(c).is_some_and(|_| is_vni_mark_code(c));
            if let (Some(t), Some(v)) = (tables.tcvn3_codes.get_mut(i), tables.vni_codes.get_mut(i))
            {
                *t = tcvn3;
                *v = vni;
            }
        }
        tables
    }

    fn tcvn3_code(&self, c: char) -> Option<char> {
        (c as usize)
            .checked_sub(0xA0)
            .and_then(|i| self.tcvn3.get(i).copied().flatten())
    }

    fn vni_single(&self, c: char) -> Option<char> {
        (c as usize)
            .checked_sub(0xC0)
            .and_then(|i| self.vni_single.get(i).copied().flatten())
    }

    fn vni_pair(&self, base: char, mark: char) -> Option<char> {
        let table = if base.is_uppercase() {
            &self.vni_pair_upper
        } else {
            &self.vni_pair
        };
        table
            .get(vni_base(base)?)?
            .get(vni_mark(mark)?)
            .copied()
            .flatten()
    }

    /// Whether `c` is a code of the encoding (a character above U+007F that it maps).
    fn is_code(&self, encoding: Legacy, c: char) -> bool {
        let row = match encoding {
            Legacy::Tcvn3 => &self.tcvn3_codes,
            Legacy::Vni => &self.vni_codes,
        };
        (c as usize)
            .checked_sub(0x80)
            .and_then(|i| row.get(i))
            .copied()
            .unwrap_or(false)
    }

    /// VNI decoding of `text` into `out`; the number of codes decoded.
    fn decode_vni(&self, text: &str, out: &mut impl Sink) -> usize {
        let mut codes = 0;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if c.is_ascii()
                && !matches!(c, 'a' | 'e' | 'o' | 'u' | 'y' | 'A' | 'E' | 'O' | 'U' | 'Y')
            {
                out.put(c);
                continue;
            }
            if let Some(&next) = chars.peek()
                && let Some(letter) = self.vni_pair(c, next)
            {
                out.put(letter);
                chars.next();
                codes += 1;
                continue;
            }
            match self.vni_single(c) {
                Some(letter) => {
                    out.put(letter);
                    codes += 1;
                }
                None => out.put(c),
            }
        }
        codes
    }
}

/// Data rows of a table: (legacy characters, Unicode characters, kind column).
fn rows(tsv: &str) -> impl Iterator<Item = (&str, &str, &str)> {
    tsv.lines()
        .filter(|line| !line.starts_with('#') && !line.starts_with("legacy_chars"))
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let legacy = fields.next()?;
            let _ = fields.next()?;
            let unicode = fields.next()?;
            let _ = fields.next()?;
            let _ = fields.next()?;
            let kind = fields.next()?;
            Some((legacy, unicode, kind))
        })
}

fn single(s: &str) -> Option<char> {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// Index of a VNI base letter (either case): `a e o u y`, and the single bytes `ô` (ơ)
/// and `ö` (ư) that take tone marks.
fn vni_base(c: char) -> Option<usize> {
    match c {
        'a' | 'A' => Some(0),
        'e' | 'E' => Some(1),
        'o' | 'O' => Some(2),
        'u' | 'U' => Some(3),
        'y' | 'Y' => Some(4),
        'ô' | 'Ô' => Some(5),
        'ö' | 'Ö' => Some(6),
        _ => None,
    }
}

/// Index of a VNI mark byte of either case (lowercase code point − 0xE0).
fn vni_mark(c: char) -> Option<usize> {
    let cp = c as u32;
    if !(0xC0..=0xFF).contains(&cp) || cp == 0xD7 || cp == 0xF7 {
        return None;
    }
    Some(((cp | 0x20) - 0xE0) as usize)
}

fn tcvn3_code(c: char) -> Option<char> {
    TABLES.tcvn3_code(c)
}

fn is_vni_mark_code(c: char) -> bool {
    // Bytes used as marks (both cases): tones F9 F8 FB F5 EF, circumflex E0–E5,
    // breve E8–EC minus EC (ì is a single), plus FA FC.
    matches!(
        (c as u32) | 0x20,
        0xE0..=0xE5 | 0xE8..=0xEB | 0xEF | 0xF5 | 0xF8 | 0xF9 | 0xFA | 0xFB | 0xFC
    )
}

fn upper(c: char) -> char {
    let mut up = c.to_uppercase();
    match (up.next(), up.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

/// Decodes TCVN3 unconditionally: each code in U+00A1–U+00FE becomes its letter
/// (lowercase codes stay lowercase; see [`uppercase_cell`](super::repair) for capitals fonts).
pub fn decode_tcvn3(text: &str) -> String {
    let tables = &*TABLES;
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut rest = text;
    while let Some(at) = rest.bytes().position(|b| b >= 0x80) {
        let (ascii, tail) = rest.split_at(at);
        out.push_str(ascii);
        let mut chars = tail.chars();
        if let Some(c) = chars.next() {
            out.push(tables.tcvn3_code(c).unwrap_or(c));
        }
        rest = chars.as_str();
    }
    out.push_str(rest);
    out
}

/// Decodes VNI-Windows unconditionally: base letter + mark pairs first (either case of
/// the mark, case taken from the base), then single bytes.
pub fn decode_vni(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    TABLES.decode_vni(text, &mut out);
    out
}

/// Encodes text as TCVN3 (Windows-1252 view). Capitals with a tone have no code and get
/// the lowercase code, as UniKey does; characters outside the table are kept.
/// For test fixtures and benchmarks.
pub fn encode_tcvn3(text: &str) -> String {
    text.chars()
        .map(|c| {
            TABLES
                .tcvn3_encode
                .get(&c)
                .or_else(|| TABLES.tcvn3_encode.get(&lower(c)))
                .copied()
                .unwrap_or(c)
        })
        .collect()
}

/// Encodes text as VNI-Windows (Windows-1252 view); characters outside the table are kept.
/// For test fixtures and benchmarks.
pub fn encode_vni(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        match TABLES.vni_encode.get(&c) {
            Some(&(first, second)) => {
                out.push(first);
                out.extend(second);
            }
            None => out.push(c),
        }
    }
    out
}

fn lower(c: char) -> char {
    let mut low = c.to_lowercase();
    match (low.next(), low.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Whether Windows-1252 can hold `c` (C1 controls count as their own byte).
pub(crate) fn in_cp1252(c: char) -> bool {
    cp1252_byte(c).is_some()
}

/// The Windows-1252 byte of `c`; U+0080–U+009F map to their own byte, as a
/// Latin-1 reader would have produced them.
pub(crate) fn cp1252_byte(c: char) -> Option<u8> {
    let cp = c as u32;
    if cp <= 0xFF {
        return u8::try_from(cp).ok();
    }
    Some(match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '\u{2018}' => 0x91,
        '\u{2019}' => 0x92,
        '\u{201C}' => 0x93,
        '\u{201D}' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    })
}

/// The Windows-1252 character for a C1 control U+0080–U+009F, if the byte is defined.
pub(crate) fn c1_as_cp1252(c: char) -> Option<char> {
    Some(match c as u32 {
        0x80 => '€',
        0x82 => '‚',
        0x83 => 'ƒ',
        0x84 => '„',
        0x85 => '…',
        0x86 => '†',
        0x87 => '‡',
        0x88 => 'ˆ',
        0x89 => '‰',
        0x8A => 'Š',
        0x8B => '‹',
        0x8C => 'Œ',
        0x8E => 'Ž',
        0x91 => '\u{2018}',
        0x92 => '\u{2019}',
        0x93 => '\u{201C}',
        0x94 => '\u{201D}',
        0x95 => '•',
        0x96 => '–',
        0x97 => '—',
        0x98 => '˜',
        0x99 => '™',
        0x9A => 'š',
        0x9B => '›',
        0x9C => 'œ',
        0x9E => 'ž',
        0x9F => 'Ÿ',
        _ => return None,
    })
}

/// TCVN3 codes that are symbols, not letters, in Windows-1252: seeing one between
/// letters is strong evidence for TCVN3.
fn is_tcvn3_symbol(c: char) -> bool {
    matches!(
        c,
        'µ' | '¸' | '¶' | '·' | '¹' | '¨' | '©' | '®' | 'ª' | '«' | '¬' | '§' | '\u{AD}'
    )
}

/// Whether `word` (decoded) is a capital abbreviation such as `QĐ`, `HĐND`, `UBND`.
pub(crate) fn is_abbreviation(word: &str) -> bool {
    abbreviation(word.chars())
}

fn abbreviation(chars: impl Iterator<Item = char>) -> bool {
    let mut count = 0;
    for c in chars {
        if !(c.is_ascii_uppercase() || c == 'Đ') {
            return false;
        }
        count += 1;
    }
    (2..=8).contains(&count)
}

/// Score of one hypothesis, `None` when it is rejected.
#[derive(Default)]
struct Evidence {
    words: usize,
    valid: usize,
    real_syllable: bool,
    invalid_before: bool,
    strong_symbol: bool,
    codes_in_valid: usize,
    outside_cp1252: bool,
}

impl Evidence {
    fn accepted(&self) -> bool {
        self.words > 0
            && self.valid * 4 >= self.words * 3
            && self.real_syllable
            && self.invalid_before
            && (self.strong_symbol || (self.codes_in_valid >= 2 && self.outside_cp1252))
    }
}

/// Whether every non-ASCII letter of `text` is a code of `encoding`
/// (step 3 of §2.5: `à` is not TCVN3, `ð ý ß` are not VNI).
pub(crate) fn letters_fit(encoding: Legacy, text: &str) -> bool {
    let tables = &*TABLES;
    text.chars()
        .all(|c| c.is_ascii() || !is_letter(c) || tables.is_code(encoding, c))
}

/// Words of `text` under `encoding` (runs of letters and codes) that hold a code, with
/// their number; `None` when a non-ASCII letter is not a code (see [`letters_fit`]).
fn coded_words(tables: &Tables, encoding: Legacy, text: &str) -> Option<Vec<(usize, usize)>> {
    // A word with a code takes at least two bytes, and a separator one: no growing.
    let mut words = Vec::with_capacity(text.len() / 3 + 1);
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut coded = false;
    let mut at = 0;
    while let Some(&b) = bytes.get(at) {
        let (in_word, len) = if b < 0x80 {
            (b.is_ascii_alphabetic(), 1)
        } else {
            let c = text
                .get(at..)
                .and_then(|rest| rest.chars().next())
                .unwrap_or('\0');
            let in_word = if tables.is_code(encoding, c) {
                coded = true;
                true
            } else if is_letter(c) {
                return None;
            } else {
                false
            };
            (in_word, c.len_utf8())
        };
        at += len;
        if !in_word {
            if coded {
                words.push((start, at - len));
            }
            coded = false;
            start = at;
        }
    }
    if coded {
        words.push((start, text.len()));
    }
    Some(words)
}

/// A decoded word of at most [`WORD_BUFFER`] characters, kept without allocating.
struct ShortWord {
    buf: [char; WORD_BUFFER],
    len: usize,
    overflow: bool,
}

/// Longer decoded words (never syllables or abbreviations) take the general path.
const WORD_BUFFER: usize = 16;

impl ShortWord {
    fn new() -> ShortWord {
        ShortWord {
            buf: ['\0'; WORD_BUFFER],
            len: 0,
            overflow: false,
        }
    }

    fn push(&mut self, c: char) {
        match self.buf.get_mut(self.len) {
            Some(slot) => {
                *slot = c;
                self.len += 1;
            }
            None => self.overflow = true,
        }
    }

    /// The characters, `None` after an overflow.
    fn as_slice(&self) -> Option<&[char]> {
        if self.overflow {
            None
        } else {
            self.buf.get(..self.len)
        }
    }
}

/// Where decoded characters go.
trait Sink {
    fn put(&mut self, c: char);
}

impl Sink for ShortWord {
    fn put(&mut self, c: char) {
        self.push(c);
    }
}

impl Sink for String {
    fn put(&mut self, c: char) {
        self.push(c);
    }
}

/// A word decoded under one hypothesis: short words on the stack, others in a string.
enum Decoded<'a> {
    Short(&'a [char]),
    Long(&'a str),
}

impl Decoded<'_> {
    fn is_syllable(&self) -> bool {
        match self {
            Decoded::Short(chars) => is_syllable_chars(chars),
            Decoded::Long(text) => is_syllable(text),
        }
    }

    fn is_abbreviation(&self) -> bool {
        match self {
            Decoded::Short(chars) => abbreviation(chars.iter().copied()),
            Decoded::Long(text) => is_abbreviation(text),
        }
    }

    fn outside_cp1252(&self) -> bool {
        match self {
            Decoded::Short(chars) => chars.iter().any(|&c| !in_cp1252(c)),
            Decoded::Long(text) => text.chars().any(|c| !in_cp1252(c)),
        }
    }
}

/// Decodes one word under `encoding` into `out`; the number of codes decoded.
fn decode_word(tables: &Tables, encoding: Legacy, word: &str, out: &mut impl Sink) -> usize {
    match encoding {
        Legacy::Tcvn3 => {
            let mut codes = 0;
            for c in word.chars() {
                match tables.tcvn3_code(c) {
                    Some(letter) => {
                        out.put(letter);
                        codes += 1;
                    }
                    None => out.put(c),
                }
            }
            codes
        }
        Legacy::Vni => tables.decode_vni(word, out),
    }
}

/// What [`evaluate`] needs to know about one word under one hypothesis: a pure function
/// of the word and the encoding (so it may be cached).
#[derive(Clone, Copy, Default)]
struct WordFacts {
    /// Codes decoded.
    codes: usize,
    /// The decoded word is a syllable.
    syllable: bool,
    /// The decoded word is a syllable or a capital abbreviation.
    valid: bool,
    /// The word as it is is a syllable.
    syllable_before: bool,
    /// The word has more than one character.
    several: bool,
    /// The decoded word has a letter outside Windows-1252.
    outside_cp1252: bool,
    /// The word has a TCVN3 symbol code.
    tcvn3_symbol: bool,
}

impl WordFacts {
    fn of(tables: &Tables, encoding: Legacy, word: &str) -> WordFacts {
        let mut short = ShortWord::new();
        let long;
        let codes = decode_word(tables, encoding, word, &mut short);
        let decoded = match short.as_slice() {
            Some(chars) => Decoded::Short(chars),
            None => {
                let mut text = String::new();
                decode_word(tables, encoding, word, &mut text);
                long = text;
                Decoded::Long(&long)
            }
        };
        let syllable = decoded.is_syllable();
        let valid = syllable || decoded.is_abbreviation();
        WordFacts {
            codes,
            syllable,
            valid,
            syllable_before: valid && is_syllable(word),
            several: word.chars().nth(1).is_some(),
            outside_cp1252: syllable && decoded.outside_cp1252(),
            tcvn3_symbol: word.chars().any(is_tcvn3_symbol),
        }
    }
}

/// Words of at most this many bytes are cached.
const CACHED_WORD: usize = 16;
/// Entries of the per-thread word cache.
const WORD_CACHE_SIZE: usize = 1024;

/// A cache entry: the word's bytes (zero-padded), its length and encoding, its facts.
#[derive(Clone, Copy, Default)]
struct CachedWord {
    bytes: [u8; CACHED_WORD],
    /// Length + 1 (0 for an unused entry), `+ 0x80` for VNI.
    tag: u8,
    facts: WordFacts,
}

thread_local! {
    /// Recent [`WordFacts`] by word and encoding. Bounded, per thread, and only ever holds
    /// what [`WordFacts::of`] computed, so it cannot change an answer.
    static WORD_CACHE: std::cell::RefCell<Vec<CachedWord>> =
        std::cell::RefCell::new(vec![CachedWord::default(); WORD_CACHE_SIZE]);
}

fn word_facts(tables: &Tables, encoding: Legacy, word: &str) -> WordFacts {
    let mut bytes = [0u8; CACHED_WORD];
    let Some(slot_bytes) = bytes.get_mut(..word.len()) else {
        return WordFacts::of(tables, encoding, word);
    };
    slot_bytes.copy_from_slice(word.as_bytes());
    let tag = (word.len() as u8 + 1) | if encoding == Legacy::Vni { 0x80 } else { 0 };
    let (low, high) = bytes.split_at(8);
    let low = u64::from_le_bytes(low.try_into().unwrap_or([0; 8]));
    let high = u64::from_le_bytes(high.try_into().unwrap_or([0; 8]));
    let hash = (low ^ high.rotate_left(29) ^ u64::from(tag)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let slot = (hash >> 54) as usize % WORD_CACHE_SIZE;
    let cached = WORD_CACHE
        .try_with(|cache| {
            cache
                .borrow()
                .get(slot)
                .filter(|entry| entry.tag == tag && entry.bytes == bytes)
                .map(|entry| entry.facts)
        })
        .ok()
        .flatten();
    if let Some(facts) = cached {
        return facts;
    }
    let facts = WordFacts::of(tables, encoding, word);
    let _ = WORD_CACHE.try_with(|cache| {
        if let Some(entry) = cache.borrow_mut().get_mut(slot) {
            *entry = CachedWord { bytes, tag, facts };
        }
    });
    facts
}

fn evaluate(encoding: Legacy, text: &str) -> Option<Evidence> {
    let tables = &*TABLES;
    // Step 3 (`letters_fit`) and the words that hold a code (all other words are ASCII).
    let words = coded_words(tables, encoding, text)?;
    let mut evidence = Evidence::default();
    // More than a quarter invalid rejects the hypothesis: stop as soon as that is certain.
    let allowed_invalid = words.len() / 4;
    for (start, end) in words {
        if evidence.words - evidence.valid > allowed_invalid {
            return None;
        }
        let word = text.get(start..end).unwrap_or("");
        let facts = word_facts(tables, encoding, word);
        evidence.words += 1;
        if !facts.valid {
            continue;
        }
        evidence.valid += 1;
        evidence.real_syllable |= facts.syllable;
        evidence.invalid_before |= !facts.syllable_before;
        // A code alone (`¬`, `¦`, `µ`) may be a symbol in genuine text: count codes
        // only in words that have other letters too.
        if facts.several {
            evidence.codes_in_valid += facts.codes;
        }
        if facts.syllable {
            evidence.outside_cp1252 |= facts.outside_cp1252;
            evidence.strong_symbol |=
                encoding == Legacy::Tcvn3 && facts.several && facts.tcvn3_symbol;
        }
    }
    Some(evidence)
}

/// Decides whether `text` is TCVN3 or VNI mojibake, with few false positives
/// (fact sheet §2.5).
///
/// Genuine Unicode (any letter Windows-1252 cannot hold, or a combining mark) and plain
/// ASCII are kept. Otherwise each hypothesis is rejected if the text has a Latin-1 letter
/// the encoding has no code for, and accepted only if at least ¾ of the words with a
/// non-ASCII character decode to Vietnamese syllables or capital abbreviations, one of them
/// is a real syllable, one word was not valid before decoding, and there is strong
/// evidence: a TCVN3 symbol code (`µ ¸ ¶ · ¹ ¨ © ® ª « ¬ §`, soft hyphen) inside a word, or
/// at least two codes that decode to letters including one outside Windows-1252.
/// Short cells (`Bé`, `Sè`, `Nguyeãn`) are therefore kept: decide those per column and
/// pass a [`Hint`](super::Hint).
pub fn detect_legacy(text: &str) -> Detection {
    let mut any_high = false;
    for c in text.chars() {
        if is_mark(c) || (!in_cp1252(c) && is_letter(c)) {
            return Detection::Keep;
        }
        any_high |= ('\u{A0}'..='\u{FF}').contains(&c);
    }
    if !any_high {
        return Detection::Keep;
    }
    detect_legacy_unchecked(text)
}

/// [`detect_legacy`] for text already known to hold no genuine Unicode letter or mark and
/// some character in U+00A0–U+00FF.
pub(crate) fn detect_legacy_unchecked(text: &str) -> Detection {
    let tcvn3 = evaluate(Legacy::Tcvn3, text);
    let vni = evaluate(Legacy::Vni, text);
    let accepted = |e: &Option<Evidence>| e.as_ref().is_some_and(Evidence::accepted);
    let valid = |e: &Option<Evidence>| e.as_ref().map_or(0, |e| e.valid);
    match (accepted(&tcvn3), accepted(&vni)) {
        (false, false) => Detection::Keep,
        // The other reading explains as many words, only with less evidence
        // (`ím, oâng` is VNI `ím, ông` or TCVN3 `ớm, oõng`): not decidable here.
        (t, v) => match valid(&tcvn3).cmp(&valid(&vni)) {
            std::cmp::Ordering::Greater if t => Detection::Legacy(Legacy::Tcvn3),
            std::cmp::Ordering::Less if v => Detection::Legacy(Legacy::Vni),
            _ => Detection::Ambiguous,
        },
    }
}

/// `char::is_alphabetic`, without the table lookup for Latin-1 and Vietnamese letters.
pub(crate) fn is_letter(c: char) -> bool {
    match c as u32 {
        0..0x80 => c.is_ascii_alphabetic(),
        0x80..0x100 => {
            matches!(c as u32, 0xAA | 0xB5 | 0xBA | 0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0xFF)
        }
        0x100..=0x24F | 0x1EA0..=0x1EF9 => true,
        _ => c.is_alphabetic(),
    }
}

pub(crate) fn is_mark(c: char) -> bool {
    match c as u32 {
        0..0x300 => false,
        0x300..=0x36F => true,
        0x1EA0..=0x1EF9 => false,
        _ => unicode_normalization::char::is_combining_mark(c),
    }
}

/// Whether a TCVN3 cell without a font hint was typed in capitals: no lowercase ASCII
/// letter, and a word with at least two ASCII letters and a TCVN3 code (`CéNG`, not `Sè`).
pub(crate) fn typed_in_capitals(text: &str) -> bool {
    if text.chars().any(|c| c.is_ascii_lowercase()) {
        return false;
    }
    text.split(|c: char| !(is_letter(c) || tcvn3_code(c).is_some()))
        .any(|word| {
            word.chars().filter(char::is_ascii_alphabetic).count() >= 2
                && word.chars().any(|c| tcvn3_code(c).is_some())
        })
}

#[cfg(test)]
pub(crate) fn table_sizes() -> (usize, usize) {
    let tcvn3 = TABLES.tcvn3.iter().flatten().count();
    let vni = TABLES.vni_encode.len();
    (tcvn3, vni)
}

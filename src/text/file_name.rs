//! File names vanthu makes from what people wrote: safe on every file
//! system (no separators, `..`, control characters or edge dots), NFC, and
//! short enough to take the prefixes and suffixes added to them.

use unicode_normalization::UnicodeNormalization;

/// Longest stem (bytes) of a name vanthu makes. Linux allows 255 bytes per
/// name; the archive prefix (13), an extension (up to 8), a clash suffix
/// and the temporary name's dot, process id and `.tmp` (about 20) must
/// still fit.
pub const MAX_STEM_BYTES: usize = 180;

/// A file-name stem without path separators, `..`, control characters or
/// leading and trailing dots and blanks, NFC, and at most
/// [`MAX_STEM_BYTES`] bytes (cut at a character boundary).
pub fn safe_file_stem(name: &str) -> String {
    let cleaned: String = name
        .nfc()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '-'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.replace("..", "-");
    let mut trimmed = cleaned
        .trim_matches(|c: char| c == '.' || c.is_whitespace())
        .to_owned();
    if trimmed.len() > MAX_STEM_BYTES {
        let mut cut = MAX_STEM_BYTES;
        while !trimmed.is_char_boundary(cut) {
            cut -= 1;
        }
        trimmed.truncate(cut);
        trimmed = trimmed
            .trim_end_matches(|c: char| c == '.' || c.is_whitespace())
            .to_owned();
    }
    if trimmed.is_empty() {
        "van-ban".to_owned()
    } else {
        trimmed
    }
}

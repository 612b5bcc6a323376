//! Vietnamese alphabetical order (fact sheet §6): ICU4X collation for locale `vi`, made
//! independent of tone placement, and the official order of name lists (given name, then
//! family name, then middle names; ties keep input order).

use std::cmp::Ordering;
use std::sync::LazyLock;

use icu_collator::CollatorBorrowed;
use icu_collator::options::CollatorOptions;
use icu_locale_core::locale;
use unicode_normalization::UnicodeNormalization;

use super::key::WordKey;

/// Vietnamese collation (`a ă â b c d đ e ê …`, tones as a secondary difference:
/// none < huyền < hỏi < ngã < sắc < nặng), with tone placement ignored.
///
/// Cheap to create: the ICU data is compiled in and shared.
#[derive(Clone, Copy, Debug, Default)]
pub struct VietnameseCollator {
    _private: (),
}

static VI: LazyLock<Option<CollatorBorrowed<'static>>> = LazyLock::new(|| {
    CollatorBorrowed::try_new(locale!("vi").into(), CollatorOptions::default()).ok()
});

impl VietnameseCollator {
    /// The collator for locale `vi`.
    pub fn new() -> VietnameseCollator {
        VietnameseCollator { _private: () }
    }

    /// Compares two texts in Vietnamese order. Letters decide first, then tones, then case:
    /// `ba < bá < ban`, `Hoa < Hòa < Hồng < Hợp`; `hoà` and `hòa` are equal.
    pub fn compare(&self, a: &str, b: &str) -> Ordering {
        compare_restyled(&restyle(a), &restyle(b))
    }

    /// Sorts texts in Vietnamese order, stably.
    pub fn sort<T: AsRef<str>>(&self, items: &mut [T]) {
        let keys: Vec<String> = items.iter().map(|item| restyle(item.as_ref())).collect();
        let mut order: Vec<usize> = (0..items.len()).collect();
        order.sort_by(|&i, &j| compare_restyled(&keys[i], &keys[j]));
        apply_order(items, &order);
    }
}

fn compare_restyled(a: &str, b: &str) -> Ordering {
    match VI.as_ref() {
        Some(collator) => collator.compare(a, b),
        // Unreachable with compiled data; code point order keeps sorting total.
        None => a.cmp(b),
    }
}

/// Moves every tone mark to the end of its syllable (NFD), so that `hoà` and `hòa` collate
/// alike while the collator still sees the tone.
fn restyle(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut tones: Vec<char> = Vec::new();
    for c in text.nfd() {
        if matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}') {
            tones.push(c);
        } else if c.is_alphabetic() || unicode_normalization::char::is_combining_mark(c) {
            out.push(c);
        } else {
            out.extend(tones.drain(..));
            out.push(c);
        }
    }
    out.extend(tones.drain(..));
    out
}

/// Compares two personal names in the official order of name lists: given name (last
/// word), then family name (first word), then middle names left to right; each word by
/// its letters in Vietnamese order, then by its tone, with tone placement, case and
/// `Ð` look-alikes ignored. Names equal under these keys compare `Equal`.
///
/// ```
/// use std::cmp::Ordering;
/// use vanthu::text::compare_names;
/// assert_eq!(compare_names("Trần Văn An", "Lê Thị Bình"), Ordering::Less);
/// assert_eq!(compare_names("Nguyễn Thị Hoà", "Lê Văn Hòa"), Ordering::Greater);
/// ```
pub fn compare_names(a: &str, b: &str) -> Ordering {
    NameKey::new(a).cmp_key(&NameKey::new(b))
}

/// Sorts personal names in the official order ([`compare_names`]); names with equal keys
/// keep their input order.
pub fn sort_names<T: AsRef<str>>(names: &mut [T]) {
    sort_names_by_key(names, |name| name.as_ref());
}

/// Sorts items (rows of a list, say) by the personal name `name` gives for each, in the
/// official order ([`compare_names`]); items with equal names keep their input order.
pub fn sort_names_by_key<T>(items: &mut [T], name: impl Fn(&T) -> &str) {
    let keys: Vec<NameKey> = items.iter().map(|item| NameKey::new(name(item))).collect();
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&i, &j| keys[i].cmp_key(&keys[j]));
    apply_order(items, &order);
}

/// Reorders `items` so that position `k` holds the item that was at `order[k]`
/// (`order` is a permutation), following each cycle with swaps.
fn apply_order<T>(items: &mut [T], order: &[usize]) {
    let mut done = vec![false; items.len()];
    for start in 0..items.len() {
        let mut k = start;
        while !done[k] {
            done[k] = true;
            let next = order[k];
            if next == start {
                break;
            }
            items.swap(k, next);
            k = next;
        }
    }
}

struct NameKey {
    /// Given name, family name, middle names.
    words: Vec<WordKey>,
}

impl NameKey {
    fn new(name: &str) -> NameKey {
        let words: Vec<&str> = name.split_whitespace().collect();
        let mut keys = Vec::with_capacity(words.len());
        if let Some((given, rest)) = words.split_last() {
            keys.push(WordKey::new(given));
            if let Some((family, middle)) = rest.split_first() {
                keys.push(WordKey::new(family));
                keys.extend(middle.iter().map(|w| WordKey::new(w)));
            }
        }
        NameKey { words: keys }
    }

    fn cmp_key(&self, other: &NameKey) -> Ordering {
        for (a, b) in self.words.iter().zip(&other.words) {
            let order =
                compare_restyled(&a.letters, &b.letters).then_with(|| a.tones.cmp(&b.tones));
            if order != Ordering::Equal {
                return order;
            }
        }
        self.words.len().cmp(&other.words.len())
    }
}

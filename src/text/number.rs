//! Numbers in official documents (fact sheet §7): amounts in words for "Bằng chữ",
//! thousands separated by dots, counts with a leading zero.
//!
//! Wording: northern/official (`linh`, `nghìn`, `tỷ`); `mốt`, `tư`, `lăm` after `mươi`;
//! every class of three digits after the first non-zero one is read in full
//! (`một nghìn không trăm linh năm`); all-zero classes are skipped.

/// Error for an amount that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    /// The text is not a whole number of đồng.
    #[error(
        "số tiền «{0}» không hợp lệ: chỉ ghi chữ số, có thể ngăn cách hàng nghìn bằng dấu chấm (ví dụ 2.340.000)"
    )]
    Invalid(String),
    /// The amount is negative.
    #[error("số tiền «{0}» là số âm: chỉ đọc được số tiền không âm")]
    Negative(String),
    /// The amount does not fit in 64 bits.
    #[error("số tiền «{0}» quá lớn")]
    TooLarge(String),
}

const DIGITS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];

fn digit(d: u64) -> &'static str {
    DIGITS.get(d as usize).copied().unwrap_or("")
}

/// The amount in words for "Bằng chữ": capital first letter, `đồng` at the end.
///
/// ```
/// use vanthu::text::amount_in_words;
/// assert_eq!(amount_in_words(2_340_000), "Hai triệu ba trăm bốn mươi nghìn đồng");
/// assert_eq!(amount_in_words(1_005_000), "Một triệu không trăm linh năm nghìn đồng");
/// assert_eq!(amount_in_words(0), "Không đồng");
/// ```
pub fn amount_in_words(amount: u64) -> String {
    let words = number_in_words(amount);
    let mut chars = words.chars();
    let mut out = String::with_capacity(words.len() + 8);
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        out.push_str(chars.as_str());
    }
    out.push_str(" đồng");
    out
}

/// A number in words, lowercase: `21` → `hai mươi mốt`, `1.000.000.001` →
/// `một tỷ không trăm linh một`. Above a thousand tỷ the part before `tỷ` is read as a
/// number of its own (`một nghìn hai trăm tỷ`).
pub fn number_in_words(n: u64) -> String {
    if n == 0 {
        return "không".to_owned();
    }
    let mut words: Vec<&'static str> = Vec::new();
    read(n, false, &mut words);
    words.join(" ")
}

/// Reads `n` (> 0) into `words`; `full` when a non-zero class came before, so that leading
/// zeros are read (`không trăm linh năm`).
fn read(n: u64, full: bool, words: &mut Vec<&'static str>) {
    const BILLION: u64 = 1_000_000_000;
    let mut full = full;
    if n >= BILLION {
        read(n / BILLION, full, words);
        words.push("tỷ");
        full = true;
    }
    let below = n % BILLION;
    let classes = [
        (below / 1_000_000, "triệu"),
        ((below / 1000) % 1000, "nghìn"),
        (below % 1000, ""),
    ];
    for (value, name) in classes {
        if value == 0 {
            continue;
        }
        read_class(value, full, words);
        if !name.is_empty() {
            words.push(name);
        }
        full = true;
    }
}

/// Reads one class of three digits (1..=999).
fn read_class(value: u64, full: bool, words: &mut Vec<&'static str>) {
    let hundreds = value / 100;
    let tens = (value / 10) % 10;
    let units = value % 10;
    let read_hundreds = full || hundreds > 0;
    if read_hundreds {
        words.push(digit(hundreds));
        words.push("trăm");
    }
    match tens {
        0 => {
            if units > 0 {
                if read_hundreds {
                    words.push("linh");
                }
                words.push(digit(units));
            }
        }
        1 => {
            words.push("mười");
            match units {
                0 => {}
                5 => words.push("lăm"),
                u => words.push(digit(u)),
            }
        }
        t => {
            words.push(digit(t));
            words.push("mươi");
            match units {
                0 => {}
                1 => words.push("mốt"),
                4 => words.push("tư"),
                5 => words.push("lăm"),
                u => words.push(digit(u)),
            }
        }
    }
}

/// Groups thousands with dots: `2340000` → `2.340.000`.
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(d);
    }
    out
}

/// A count with a leading zero from one to nine, as official documents write them
/// (`05 cá nhân`); `12` stays `12` and `0` stays `0`.
pub fn count_padded(n: u64) -> String {
    if (1..10).contains(&n) {
        format!("0{n}")
    } else {
        n.to_string()
    }
}

/// Reads an amount of đồng typed by a person: digits, optionally grouped by thousands with
/// dots or spaces (`2.340.000`, `2 340 000`), with an optional `đ`/`đồng`/`VNĐ` suffix.
/// Decimal commas and badly grouped digits are rejected rather than guessed.
pub fn parse_amount(text: &str) -> Result<u64, AmountError> {
    let original = text.trim();
    let invalid = || AmountError::Invalid(original.to_owned());
    let mut body = original;
    for suffix in ["đồng", "VNĐ", "vnđ", "VND", "vnd", "đ", "Đ"] {
        if let Some(stripped) = body.strip_suffix(suffix) {
            body = stripped.trim_end();
            break;
        }
    }
    if let Some(rest) = body.strip_prefix('-')
        && rest.trim_start().starts_with(|c: char| c.is_ascii_digit())
    {
        return Err(AmountError::Negative(original.to_owned()));
    }
    let body = body.strip_prefix('+').unwrap_or(body);
    if body.is_empty() {
        return Err(invalid());
    }
    let groups: Vec<&str> = body.split(['.', ' ', '\u{A0}', '\u{202F}']).collect();
    let well_formed = groups
        .iter()
        .all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()))
        && (groups.len() == 1
            || (groups.first().is_some_and(|g| g.len() <= 3)
                && groups.iter().skip(1).all(|g| g.len() == 3)));
    if !well_formed {
        return Err(invalid());
    }
    let digits: String = groups.concat();
    digits
        .parse::<u64>()
        .map_err(|_| AmountError::TooLarge(original.to_owned()))
}

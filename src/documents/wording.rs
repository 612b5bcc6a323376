//! How offices write the small things of a document: counts ("02 tập thể,
//! 05 cá nhân"), coefficients ("0,3"), scores ("92,5"), criterion labels
//! without their numbering and maximum, and the deciding People's
//! Committee named from the parent line.

use crate::text;

/// "02 tập thể, 07 cá nhân", leaving out a kind with none.
pub fn counts_phrase(collectives: usize, individuals: usize, households: usize) -> String {
    let mut parts = Vec::new();
    if collectives > 0 {
        parts.push(format!(
            "{} tập thể",
            text::count_padded(collectives as u64)
        ));
    }
    if individuals > 0 || collectives == 0 && households == 0 {
        parts.push(format!(
            "{} cá nhân",
            text::count_padded(individuals as u64)
        ));
    }
    if households > 0 {
        parts.push(format!(
            "{} hộ gia đình",
            text::count_padded(households as u64)
        ));
    }
    match parts.as_slice() {
        [a, b, c] => format!("{a}, {b} và {c}"),
        _ => parts.join(", "),
    }
}

/// Who a document's nominees are, as its sentences name them: "tập thể,
/// cá nhân", "cá nhân", "tập thể, cá nhân và hộ gia đình".
pub fn kinds_phrase(collectives: usize, individuals: usize, households: usize) -> String {
    let parts: Vec<&str> = [
        (collectives, "tập thể"),
        (individuals, "cá nhân"),
        (households, "hộ gia đình"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(_, w)| *w)
    .collect();
    match parts.as_slice() {
        [] => "cá nhân".to_owned(),
        [a, b, c] => format!("{a}, {b} và {c}"),
        _ => parts.join(", "),
    }
}

/// 30 → "0,3"; 150 → "1,5"; 100 → "1".
pub fn coefficient_text(hundredths: u32) -> String {
    let whole = hundredths / 100;
    let frac = hundredths % 100;
    if frac == 0 {
        whole.to_string()
    } else if frac.is_multiple_of(10) {
        format!("{whole},{}", frac / 10)
    } else {
        format!("{whole},{frac:02}")
    }
}

/// A score as printed: "92,5", "90".
pub fn score_text(score: f64) -> String {
    let rounded = (score * 100.0).round() / 100.0;
    if rounded.fract() == 0.0 {
        format!("{}", rounded as i64)
    } else {
        format!("{rounded}").replace('.', ",")
    }
}

/// The deciding People's Committee from the parent line: "UBND TỈNH QUẢNG
/// TRỊ" → (["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG TRỊ"], "tỉnh Quảng Trị").
pub fn deciding_body(parent: &str) -> (Vec<String>, Option<String>) {
    let upper = parent.trim().to_uppercase();
    let rest = upper
        .strip_prefix("UBND")
        .or_else(|| upper.strip_prefix("ỦY BAN NHÂN DÂN"))
        .or_else(|| upper.strip_prefix("UỶ BAN NHÂN DÂN"))
        .map(str::trim);
    match rest {
        Some(place) if !place.is_empty() => {
            let mut words = place.split_whitespace();
            let level = words.next().unwrap_or_default().to_lowercase();
            let (level, name_words): (String, Vec<&str>) = if level == "thành" {
                let _ = words.next();
                ("thành phố".to_owned(), words.collect())
            } else {
                (level, words.collect())
            };
            let name = name_words
                .iter()
                .map(|w| {
                    let lower = w.to_lowercase();
                    let mut chars = lower.chars();
                    match chars.next() {
                        Some(c) => c.to_uppercase().chain(chars).collect::<String>(),
                        None => String::new(),
                    }
                })
                .collect::<Vec<_>>()
                .join(" ");
            (
                vec!["ỦY BAN NHÂN DÂN".to_owned(), place.to_owned()],
                Some(format!("{level} {name}")),
            )
        }
        _ => (vec!["ỦY BAN NHÂN DÂN".to_owned(), String::new()], None),
    }
}

/// A criterion's label without its own numbering and stated maximum:
/// "Tiêu chí 1: Thực hiện nhiệm vụ (40 điểm)" → "Thực hiện nhiệm vụ".
pub fn short_label(label: &str) -> String {
    // A name typed in capitals ("THỰC HIỆN NHIỆM VỤ") reads in prose and
    // fits a column as a sentence does.
    let sentence;
    let label = if label.trim().contains(' ')
        && label.chars().any(char::is_alphabetic)
        && !label.chars().any(char::is_lowercase)
    {
        let lower = label.to_lowercase();
        let mut chars = lower.chars();
        sentence = chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect::<String>())
            .unwrap_or_default();
        // An outline number keeps its capitals: "II. Công tác …".
        restore_outline(label, &sentence)
    } else {
        label.to_owned()
    };
    let rest = label.trim();
    let key = text::accent_free_key(rest);
    for prefix in ["tieu chi", "tc"] {
        if key.starts_with(prefix) {
            let after: String = rest.chars().skip(prefix.chars().count()).collect();
            let after = after.trim_start();
            let digits = after.chars().take_while(char::is_ascii_digit).count();
            if digits > 0 {
                let tail = after[digits..].trim_start_matches([':', '.', ' ', '-', '–']);
                if !tail.is_empty() {
                    return short_label_tail(tail);
                }
            }
        }
    }
    short_label_tail(without_outline_number(rest))
}

/// `sentence` (the label in sentence case) with the label's own outline
/// number ("II.", "A.") as written and the text after it capitalised.
fn restore_outline(label: &str, sentence: &str) -> String {
    let text = without_outline_number(label);
    if text.len() == label.len() {
        return sentence.to_owned();
    }
    let number = &label[..label.len() - text.len()];
    let lower = text.to_lowercase();
    let mut chars = lower.chars();
    let text: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    format!("{number}{text}")
}

/// "1. Kết quả …", "a) …", "II. …": the text after a scheme's outline
/// number.
fn without_outline_number(label: &str) -> &str {
    let Some((first, rest)) = label.split_once(' ') else {
        return label;
    };
    let bare = first.trim_end_matches(['.', ')']);
    let numbered = first.len() > bare.len()
        && !bare.is_empty()
        && (bare.chars().all(|c| c.is_ascii_digit() || c == '.')
            || bare.chars().all(|c| "IVXLivxl".contains(c))
            || bare.len() == 1 && bare.chars().all(|c| c.is_ascii_alphabetic()));
    if numbered && !rest.trim().is_empty() {
        rest.trim_start()
    } else {
        label
    }
}

/// Drops a trailing "(40 điểm)" / "(tối đa 20đ)" / "40đ".
fn short_label_tail(label: &str) -> String {
    let trimmed = match label.rfind('(') {
        Some(open) if label.trim_end().ends_with(')') => {
            let inside = text::accent_free_key(&label[open..]);
            if inside.contains("diem")
                || inside.contains("toi da")
                || inside.contains('d') && inside.chars().any(|c| c.is_ascii_digit())
            {
                label[..open].trim_end()
            } else {
                label
            }
        }
        _ => label,
    };
    let words: Vec<&str> = trimmed.split_whitespace().collect();
    let cut = match words.last() {
        Some(last)
            if words.len() > 1 && {
                let k = text::accent_free_key(last);
                k.ends_with('d')
                    && k[..k.len() - 1]
                        .chars()
                        .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
                    && k.len() > 1
            } =>
        {
            &words[..words.len() - 1]
        }
        _ => &words[..],
    };
    cut.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deciding_body_from_the_parent_line() {
        let (lines, place) = deciding_body("UBND TỈNH QUẢNG TRỊ");
        assert_eq!(lines, ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG TRỊ"]);
        assert_eq!(place.as_deref(), Some("tỉnh Quảng Trị"));
        let (_, place) = deciding_body("UBND THÀNH PHỐ HUẾ");
        assert_eq!(place.as_deref(), Some("thành phố Huế"));
        let (_, place) = deciding_body("");
        assert_eq!(place, None);
    }

    #[test]
    fn counts_and_numbers_as_offices_write_them() {
        assert_eq!(counts_phrase(2, 7, 0), "02 tập thể, 07 cá nhân");
        assert_eq!(counts_phrase(0, 12, 0), "12 cá nhân");
        assert_eq!(counts_phrase(3, 0, 0), "03 tập thể");
        assert_eq!(
            counts_phrase(2, 5, 1),
            "02 tập thể, 05 cá nhân và 01 hộ gia đình"
        );
        assert_eq!(counts_phrase(0, 0, 3), "03 hộ gia đình");
        assert_eq!(counts_phrase(0, 4, 2), "04 cá nhân, 02 hộ gia đình");
        assert_eq!(kinds_phrase(1, 1, 1), "tập thể, cá nhân và hộ gia đình");
        assert_eq!(kinds_phrase(0, 0, 2), "hộ gia đình");
        assert_eq!(coefficient_text(30), "0,3");
        assert_eq!(coefficient_text(150), "1,5");
        assert_eq!(coefficient_text(1200), "12");
        assert_eq!(coefficient_text(15), "0,15");
        assert_eq!(score_text(92.5), "92,5");
        assert_eq!(score_text(90.0), "90");
    }

    #[test]
    fn criterion_labels_lose_their_numbering_and_maximum() {
        assert_eq!(
            short_label("Tiêu chí 1: Thực hiện nhiệm vụ chuyên môn (40 điểm)"),
            "Thực hiện nhiệm vụ chuyên môn"
        );
        assert_eq!(
            short_label("Văn hóa công sở (tối đa 20đ)"),
            "Văn hóa công sở"
        );
        assert_eq!(short_label("Chuyên môn 40đ"), "Chuyên môn");
        assert_eq!(short_label("TC2"), "TC2");
        // A scheme's outline numbers.
        assert_eq!(short_label("A. Công tác chuyên môn"), "Công tác chuyên môn");
        assert_eq!(
            short_label("1.2. Cải cách hành chính"),
            "Cải cách hành chính"
        );
        assert_eq!(short_label("b) Đúng tiến độ (10 điểm)"), "Đúng tiến độ");
        assert_eq!(
            short_label("I. THỰC HIỆN NHIỆM VỤ CHÍNH TRỊ (60 ĐIỂM)"),
            "Thực hiện nhiệm vụ chính trị"
        );
        assert_eq!(short_label("ĐIỂM THƯỞNG"), "Điểm thưởng");
        assert_eq!(
            short_label("Kỷ luật (Đảng, chính quyền)"),
            "Kỷ luật (Đảng, chính quyền)"
        );
    }
}

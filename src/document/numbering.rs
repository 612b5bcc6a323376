//! Numbering sequences of the NĐ30 hierarchy: Roman numerals for mục and
//! appendices, Vietnamese letters for điểm.

/// Roman numeral of `n` (1 → "I", 14 → "XIV"); "0" for zero.
pub fn roman(mut n: u32) -> String {
    if n == 0 {
        return "0".to_owned();
    }
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, symbol) in TABLE {
        while n >= value {
            out.push_str(symbol);
            n -= value;
        }
    }
    out
}

/// The Vietnamese letters used for điểm, in order: a b c d đ e g h i k l m n
/// o p q r s t u v x y (no f, j, w, z; đ after d).
const DIEM_LETTERS: [&str; 23] = [
    "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t",
    "u", "v", "x", "y",
];

/// Letter of the n-th điểm (0-based): 0 → "a", 4 → "đ", 5 → "e", 6 → "g".
/// Past "y" the sequence doubles letters ("aa", "bb"...), which real
/// documents never reach.
pub fn diem_letter(index: usize) -> String {
    let letter = DIEM_LETTERS[index % DIEM_LETTERS.len()];
    letter.repeat(index / DIEM_LETTERS.len() + 1)
}

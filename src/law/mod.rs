//! The law's vocabulary of commendation (Luật Thi đua, khen thưởng 2022 and
//! Nghị định 98/2023): the kinds of nominee, the titles and forms of award
//! with their official wording and order of precedence, and the money each
//! carries ([`money`]).
//!
//! Invariant: this module knows nothing of workbooks or documents; it uses
//! only `text` (comparison keys to match an award however it is spelt).

pub mod money;

pub use money::{BaseSalary, Money, MoneyRules, Rounding};

use crate::text;

/// Cá nhân or tập thể.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NomineeKind {
    /// An individual.
    CaNhan,
    /// A collective.
    TapThe,
}

/// An award or title, as the law names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Award {
    /// Lao động tiên tiến.
    LaoDongTienTien,
    /// Chiến sĩ thi đua cơ sở.
    ChienSiThiDuaCoSo,
    /// Chiến sĩ thi đua cấp tỉnh.
    ChienSiThiDuaTinh,
    /// Chiến sĩ thi đua toàn quốc.
    ChienSiThiDuaToanQuoc,
    /// Tập thể lao động tiên tiến.
    TapTheLaoDongTienTien,
    /// Tập thể lao động xuất sắc.
    TapTheLaoDongXuatSac,
    /// Cờ thi đua của UBND tỉnh.
    CoThiDuaTinh,
    /// Cờ thi đua của Chính phủ.
    CoThiDuaChinhPhu,
    /// Giấy khen.
    GiayKhen,
    /// Bằng khen của Chủ tịch UBND tỉnh.
    BangKhenTinh,
    /// Bằng khen của Thủ tướng Chính phủ.
    BangKhenThuTuong,
}

impl Award {
    /// The official wording.
    pub fn name(self) -> &'static str {
        match self {
            Award::LaoDongTienTien => "Lao động tiên tiến",
            Award::ChienSiThiDuaCoSo => "Chiến sĩ thi đua cơ sở",
            Award::ChienSiThiDuaTinh => "Chiến sĩ thi đua cấp tỉnh",
            Award::ChienSiThiDuaToanQuoc => "Chiến sĩ thi đua toàn quốc",
            Award::TapTheLaoDongTienTien => "Tập thể lao động tiên tiến",
            Award::TapTheLaoDongXuatSac => "Tập thể lao động xuất sắc",
            Award::CoThiDuaTinh => "Cờ thi đua của UBND tỉnh",
            Award::CoThiDuaChinhPhu => "Cờ thi đua của Chính phủ",
            Award::GiayKhen => "Giấy khen",
            Award::BangKhenTinh => "Bằng khen của Chủ tịch UBND tỉnh",
            Award::BangKhenThuTuong => "Bằng khen của Thủ tướng Chính phủ",
        }
    }

    /// Order of precedence, 0 the highest: lists group awards in this
    /// order.
    pub fn precedence(self) -> u8 {
        match self {
            Award::CoThiDuaChinhPhu => 0,
            Award::ChienSiThiDuaToanQuoc => 1,
            Award::BangKhenThuTuong => 2,
            Award::CoThiDuaTinh => 3,
            Award::ChienSiThiDuaTinh => 4,
            Award::TapTheLaoDongXuatSac => 5,
            Award::BangKhenTinh => 6,
            Award::ChienSiThiDuaCoSo => 7,
            Award::TapTheLaoDongTienTien => 8,
            Award::LaoDongTienTien => 9,
            Award::GiayKhen => 10,
        }
    }

    /// A danh hiệu thi đua (title), as against a hình thức khen thưởng.
    pub fn is_title(self) -> bool {
        matches!(
            self,
            Award::LaoDongTienTien
                | Award::ChienSiThiDuaCoSo
                | Award::ChienSiThiDuaTinh
                | Award::ChienSiThiDuaToanQuoc
                | Award::TapTheLaoDongTienTien
                | Award::TapTheLaoDongXuatSac
        )
    }

    /// The award as the object of a decision: "công nhận danh hiệu “Lao
    /// động tiên tiến”", "tặng Bằng khen của Chủ tịch UBND tỉnh".
    pub fn granting(self) -> String {
        match self {
            Award::LaoDongTienTien | Award::ChienSiThiDuaCoSo | Award::TapTheLaoDongTienTien => {
                format!("công nhận danh hiệu “{}”", self.name())
            }
            a if a.is_title() => format!("tặng danh hiệu “{}”", a.name()),
            a => format!("tặng {}", a.name()),
        }
    }

    /// Only collectives receive it.
    pub fn collective_only(self) -> bool {
        matches!(
            self,
            Award::TapTheLaoDongTienTien
                | Award::TapTheLaoDongXuatSac
                | Award::CoThiDuaTinh
                | Award::CoThiDuaChinhPhu
        )
    }

    /// Matches an award however it is spelt ("LĐTT", "bang khen chu tich
    /// ubnd tinh", "Chiến sỹ thi đua cơ sở").
    pub fn parse(written: &str) -> Option<Award> {
        let w = normalise(written);
        let has = |p: &str| w.contains(p);
        Some(if has("tap the lao dong xuat sac") || w == "tldxs" {
            Award::TapTheLaoDongXuatSac
        } else if has("tap the lao dong tien tien") || w == "tldtt" {
            Award::TapTheLaoDongTienTien
        } else if has("co thi dua") {
            if has("chinh phu") {
                Award::CoThiDuaChinhPhu
            } else {
                Award::CoThiDuaTinh
            }
        } else if has("chien si thi dua") || w.starts_with("cstd") {
            if has("toan quoc") {
                Award::ChienSiThiDuaToanQuoc
            } else if has("co so") || w == "cstd" || w == "cstdcs" {
                Award::ChienSiThiDuaCoSo
            } else if has("tinh") {
                Award::ChienSiThiDuaTinh
            } else {
                Award::ChienSiThiDuaCoSo
            }
        } else if has("lao dong tien tien") || w == "ldtt" {
            Award::LaoDongTienTien
        } else if has("bang khen") {
            if has("thu tuong") {
                Award::BangKhenThuTuong
            } else {
                Award::BangKhenTinh
            }
        } else if has("giay khen") {
            Award::GiayKhen
        } else {
            return None;
        })
    }
}

/// Accent-free words with the spellings of the same word made one:
/// "sỹ" → "si", "đ" → "d", abbreviations expanded. Labels of the
/// commendation process (awards, kinds, section rows) compare on these.
pub fn normalise(written: &str) -> String {
    let key = text::accent_free_key(written);
    let words: Vec<&str> = key
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| match w {
            "sy" => "si",
            "ubnd" => "uy ban nhan dan",
            "ttg" => "thu tuong",
            other => other,
        })
        .collect();
    words.join(" ")
}

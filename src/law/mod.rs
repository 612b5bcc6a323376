//! The law's vocabulary of commendation (Luật Thi đua, khen thưởng 2022 and
//! Nghị định 98/2023): the kinds of nominee, the titles and forms of award
//! with their official wording and order of precedence, and the money each
//! carries ([`money`]).
//!
//! Invariant: this module knows nothing of workbooks or documents; it uses
//! only `text` (comparison keys to match an award however it is spelt).

pub mod authority;
pub mod money;

pub use authority::{Authority, OfficeLevel};
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
    /// Huân chương Lao động hạng Nhất.
    HuanChuongLaoDongHangNhat,
    /// Huân chương Lao động hạng Nhì.
    HuanChuongLaoDongHangNhi,
    /// Huân chương Lao động hạng Ba.
    HuanChuongLaoDongHangBa,
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
            Award::HuanChuongLaoDongHangNhat => "Huân chương Lao động hạng Nhất",
            Award::HuanChuongLaoDongHangNhi => "Huân chương Lao động hạng Nhì",
            Award::HuanChuongLaoDongHangBa => "Huân chương Lao động hạng Ba",
        }
    }

    /// Every award the law names, in order of precedence.
    pub const ALL: [Award; 14] = [
        Award::HuanChuongLaoDongHangNhat,
        Award::HuanChuongLaoDongHangNhi,
        Award::HuanChuongLaoDongHangBa,
        Award::CoThiDuaChinhPhu,
        Award::ChienSiThiDuaToanQuoc,
        Award::BangKhenThuTuong,
        Award::CoThiDuaTinh,
        Award::ChienSiThiDuaTinh,
        Award::TapTheLaoDongXuatSac,
        Award::BangKhenTinh,
        Award::ChienSiThiDuaCoSo,
        Award::TapTheLaoDongTienTien,
        Award::LaoDongTienTien,
        Award::GiayKhen,
    ];

    /// Who confers it in the award's own wording ("Chủ tịch UBND tỉnh" in
    /// "Bằng khen của Chủ tịch UBND tỉnh"), as comparison words; `None`
    /// for titles and for the Giấy khen, which many heads give (Điều 75.1).
    fn issuer_words(self) -> Option<&'static str> {
        match self {
            Award::CoThiDuaTinh => Some("uy ban nhan dan tinh"),
            Award::CoThiDuaChinhPhu => Some("chinh phu"),
            Award::BangKhenTinh => Some("chu tich uy ban nhan dan tinh"),
            Award::BangKhenThuTuong => Some("thu tuong chinh phu"),
            _ => None,
        }
    }

    /// The award's full wording for a nominee whose list wrote `written`:
    /// the law's wording; for a Giấy khen, its issuer as the list wrote it,
    /// else `head` (the office's head, who gives it: "Giấy khen của Giám
    /// đốc Sở Nội vụ"). A wording that names another issuer than the law
    /// does ("Bằng khen của Bộ trưởng Bộ Y tế") stays as written, flagged.
    pub fn wording(self, written: &str, head: &str) -> Wording {
        let written = written.split_whitespace().collect::<Vec<_>>().join(" ");
        let issuer = issuer_of(&written);
        match (self, issuer) {
            // The office's head written short ("Giấy khen của Giám đốc Sở"
            // by a Sở whose head is the Giám đốc Sở Nội vụ) is the head.
            (Award::GiayKhen, Some(issuer))
                if !head.is_empty() && normalise(head).starts_with(&normalise(issuer)) =>
            {
                Wording {
                    text: format!("Giấy khen của {head}"),
                    as_written: false,
                }
            }
            (Award::GiayKhen, Some(issuer)) => Wording {
                text: format!("Giấy khen của {issuer}"),
                as_written: false,
            },
            (Award::GiayKhen, None) => Wording {
                text: format!("Giấy khen của {head}"),
                as_written: false,
            },
            (award, Some(issuer))
                if award
                    .issuer_words()
                    .is_some_and(|official| !normalise(issuer).starts_with(official)) =>
            {
                let mut chars = written.chars();
                Wording {
                    text: chars
                        .next()
                        .map(|c| c.to_uppercase().chain(chars).collect())
                        .unwrap_or_default(),
                    as_written: true,
                }
            }
            (award, _) => Wording {
                text: award.name().to_owned(),
                as_written: false,
            },
        }
    }

    /// Order of precedence, 0 the highest: lists group awards in this
    /// order.
    pub fn precedence(self) -> u8 {
        Award::ALL
            .iter()
            .position(|a| *a == self)
            .map_or(u8::MAX, |p| p as u8)
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
        self.granting_as(self.name())
    }

    /// [`Award::granting`] with the award worded as `wording` (a Giấy
    /// khen with its issuer).
    pub fn granting_as(self, wording: &str) -> String {
        match self {
            Award::LaoDongTienTien | Award::ChienSiThiDuaCoSo | Award::TapTheLaoDongTienTien => {
                format!("công nhận danh hiệu “{wording}”")
            }
            a if a.is_title() => format!("tặng danh hiệu “{wording}”"),
            _ => format!("tặng {wording}"),
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
        Some(if has("huan chuong lao dong") || w.starts_with("hcld") {
            if has("hang nhat") || has("hang 1") || w == "hcld1" {
                Award::HuanChuongLaoDongHangNhat
            } else if has("hang nhi") || has("hang 2") || w == "hcld2" {
                Award::HuanChuongLaoDongHangNhi
            } else {
                Award::HuanChuongLaoDongHangBa
            }
        } else if has("tap the lao dong xuat sac") || w == "tldxs" {
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

/// An award's full wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wording {
    /// The text, as documents print it.
    pub text: String,
    /// The list's own wording, kept because it names an issuer the law's
    /// wording of that award does not.
    pub as_written: bool,
}

/// What follows "của" in an award as written ("Giấy khen của Giám đốc
/// Sở" → "Giám đốc Sở"), if anything.
fn issuer_of(written: &str) -> Option<&str> {
    let lower = written.to_lowercase();
    let at = lower.find(" của ")?;
    // " của " is the same length in both cases: lower-casing keeps the
    // byte offsets of these letters.
    let rest = written.get(at + " của ".len()..)?.trim();
    (!rest.is_empty()).then_some(rest)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn awards_keep_their_full_wording() {
        let head = "Giám đốc Sở Nội vụ";
        let wording = |written: &str| {
            let award = Award::parse(written).unwrap();
            award.wording(written, head)
        };
        assert_eq!(
            wording("Giấy khen").text,
            "Giấy khen của Giám đốc Sở Nội vụ"
        );
        assert_eq!(
            wording("giấy khen của giám đốc sở").text,
            "Giấy khen của Giám đốc Sở Nội vụ",
            "the head written short is the head"
        );
        let commune = wording("Giấy khen của Chủ tịch UBND xã Hải Phú");
        assert_eq!(commune.text, "Giấy khen của Chủ tịch UBND xã Hải Phú");
        assert!(!commune.as_written, "Điều 75.1 lists many issuers");
        assert_eq!(
            wording("Bằng khen UBND tỉnh").text,
            "Bằng khen của Chủ tịch UBND tỉnh"
        );
        assert_eq!(
            wording("Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh").text,
            "Bằng khen của Chủ tịch UBND tỉnh"
        );
        let minister = wording("bằng khen của Bộ trưởng Bộ Y tế");
        assert_eq!(minister.text, "Bằng khen của Bộ trưởng Bộ Y tế");
        assert!(minister.as_written);
        assert_eq!(wording("LĐTT").text, "Lao động tiên tiến");
        assert_eq!(
            Award::parse("Huân chương Lao động hạng Ba"),
            Some(Award::HuanChuongLaoDongHangBa)
        );
        assert_eq!(
            Award::GiayKhen.granting_as("Giấy khen của Giám đốc Sở Nội vụ"),
            "tặng Giấy khen của Giám đốc Sở Nội vụ"
        );
    }
}

//! Who decides which award (Luật Thi đua, khen thưởng 2022, Điều 74–80, and
//! the delegation of Nghị định 152/2025 for the two-tier local government
//! from 07/2025): the office's own head, its superior (the provincial chair
//! for a Sở or a commune; the minister for a unit under a ministry), the
//! Prime Minister, or the State President. The defaults are the law's
//! typical matrix for a province (spec `thi-dua-khen-thuong.md` §2–3); an
//! office may override any of them in `vanthu.toml`.

use super::Award;

/// The level that decides an award.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Authority {
    /// The office's own head (Giám đốc Sở, Thủ trưởng, Chủ tịch UBND xã):
    /// the office issues the Quyết định itself.
    Head,
    /// The office's superior (Chủ tịch UBND tỉnh; Bộ trưởng): the office
    /// sends a Tờ trình.
    Superior,
    /// The Prime Minister, asked through the superior.
    PrimeMinister,
    /// The State President, asked through the superior and the Prime
    /// Minister.
    President,
}

impl Authority {
    /// Every authority, lowest first.
    pub const ALL: [Authority; 4] = [
        Authority::Head,
        Authority::Superior,
        Authority::PrimeMinister,
        Authority::President,
    ];

    /// The code used in `vanthu.toml`.
    pub fn code(self) -> &'static str {
        match self {
            Authority::Head => "thu-truong",
            Authority::Superior => "cap-tren",
            Authority::PrimeMinister => "thu-tuong",
            Authority::President => "chu-tich-nuoc",
        }
    }

    /// The authority of a code of `vanthu.toml`.
    pub fn parse(code: &str) -> Option<Authority> {
        Authority::ALL.into_iter().find(|a| a.code() == code.trim())
    }

    /// Who it is, in a sentence of a message.
    pub fn who(self) -> &'static str {
        match self {
            Authority::Head => "thủ trưởng cơ quan",
            Authority::Superior => "cấp trên trực tiếp",
            Authority::PrimeMinister => "Thủ tướng Chính phủ",
            Authority::President => "Chủ tịch nước",
        }
    }
}

/// What kind of office issues the documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OfficeLevel {
    /// A cơ quan chuyên môn of the provincial People's Committee (Sở, Văn
    /// phòng UBND tỉnh, Ban…).
    #[default]
    Department,
    /// The People's Committee of a commune, ward or special zone.
    Commune,
    /// A unit with legal status under a ministry or sector.
    UnitUnderMinistry,
    /// An enterprise or co-operative.
    Enterprise,
}

impl OfficeLevel {
    /// The levels with their codes in `vanthu.toml`.
    pub const CODES: [(&'static str, OfficeLevel); 4] = [
        ("so", OfficeLevel::Department),
        ("xa", OfficeLevel::Commune),
        ("don-vi-thuoc-bo", OfficeLevel::UnitUnderMinistry),
        ("doanh-nghiep", OfficeLevel::Enterprise),
    ];

    /// The level of a code of `vanthu.toml`.
    pub fn parse(code: &str) -> Option<OfficeLevel> {
        OfficeLevel::CODES
            .into_iter()
            .find(|(c, _)| *c == code.trim())
            .map(|(_, level)| level)
    }
}

/// Who decides `award` for an office of `level` by default; `None` when
/// such an office cannot propose it at all (Gia đình văn hóa outside a
/// commune). The heads of a Sở, of a unit under a ministry and of an
/// enterprise decide Lao động tiên tiến, Chiến sĩ thi đua cơ sở, Tập thể
/// lao động tiên tiến and their Giấy khen (Điều 74, 75, 80.1); a commune's
/// chair Lao động tiên tiến, his Giấy khen and Gia đình văn hóa, while
/// Chiến sĩ thi đua cơ sở and Tập thể lao động tiên tiến of a commune go to
/// its superior (spec §2–3; the commune's part after 07/2025 is not
/// verified: an office may move them, see [`movable`]).
pub fn decided_by(award: Award, level: OfficeLevel) -> Option<Authority> {
    use Award::*;
    Some(match award {
        HuanChuongLaoDongHangNhat | HuanChuongLaoDongHangNhi | HuanChuongLaoDongHangBa => {
            Authority::President
        }
        CoThiDuaChinhPhu | ChienSiThiDuaToanQuoc | BangKhenThuTuong => Authority::PrimeMinister,
        CoThiDuaTinh | ChienSiThiDuaTinh | TapTheLaoDongXuatSac | BangKhenTinh => {
            Authority::Superior
        }
        ChienSiThiDuaCoSo | TapTheLaoDongTienTien if level == OfficeLevel::Commune => {
            Authority::Superior
        }
        LaoDongTienTien | GiayKhen | ChienSiThiDuaCoSo | TapTheLaoDongTienTien => Authority::Head,
        GiaDinhVanHoa if level == OfficeLevel::Commune => Authority::Head,
        GiaDinhVanHoa => return None,
    })
}

/// True when an office may move `award` between its head and its superior
/// (`[commendation.authority]`): the grassroots titles only. Every other
/// award belongs to the one its name or the law gives it to (a Giấy khen
/// to the head who signs it, a Bằng khen of the Prime Minister to the Prime
/// Minister).
pub fn movable(award: Award) -> bool {
    matches!(
        award,
        Award::LaoDongTienTien | Award::ChienSiThiDuaCoSo | Award::TapTheLaoDongTienTien
    )
}

/// Why `authority` cannot decide `award` for an office of `level`, if it
/// cannot (in Vietnamese, for the message on `vanthu.toml`).
pub fn refuse(award: Award, level: OfficeLevel, authority: Authority) -> Option<String> {
    let law = decided_by(award, level);
    if law == Some(authority)
        || movable(award) && matches!(authority, Authority::Head | Authority::Superior)
    {
        return None;
    }
    Some(match law {
        None => format!(
            "“{}” do Chủ tịch Ủy ban nhân dân cấp xã công nhận; chỉ cơ quan cấp xã (level = \"xa\") đề nghị được",
            award.name()
        ),
        Some(_) if movable(award) => format!(
            "“{}” chỉ do thủ trưởng cơ quan (\"thu-truong\") hoặc cấp trên trực tiếp (\"cap-tren\") quyết định, không phải \"{}\"",
            award.name(),
            authority.code()
        ),
        Some(law) => format!(
            "“{}” do {} quyết định (\"{}\"), không đổi được",
            award.name(),
            law.who(),
            law.code()
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_law_s_matrix() {
        let so = OfficeLevel::Department;
        let xa = OfficeLevel::Commune;
        let by = |award, level| decided_by(award, level);
        assert_eq!(by(Award::LaoDongTienTien, so), Some(Authority::Head));
        assert_eq!(by(Award::ChienSiThiDuaCoSo, so), Some(Authority::Head));
        assert_eq!(by(Award::TapTheLaoDongTienTien, so), Some(Authority::Head));
        assert_eq!(by(Award::GiayKhen, so), Some(Authority::Head));
        assert_eq!(by(Award::BangKhenTinh, so), Some(Authority::Superior));
        assert_eq!(
            by(Award::TapTheLaoDongXuatSac, so),
            Some(Authority::Superior)
        );
        assert_eq!(
            by(Award::BangKhenThuTuong, so),
            Some(Authority::PrimeMinister)
        );
        assert_eq!(
            by(Award::HuanChuongLaoDongHangBa, so),
            Some(Authority::President)
        );
        // A commune: Lao động tiên tiến, Giấy khen, Gia đình văn hóa.
        assert_eq!(by(Award::LaoDongTienTien, xa), Some(Authority::Head));
        assert_eq!(by(Award::GiayKhen, xa), Some(Authority::Head));
        assert_eq!(by(Award::GiaDinhVanHoa, xa), Some(Authority::Head));
        assert_eq!(by(Award::ChienSiThiDuaCoSo, xa), Some(Authority::Superior));
        assert_eq!(
            by(Award::TapTheLaoDongTienTien, xa),
            Some(Authority::Superior)
        );
        assert_eq!(by(Award::GiaDinhVanHoa, so), None);
        // What an office may move.
        assert_eq!(refuse(Award::ChienSiThiDuaCoSo, xa, Authority::Head), None);
        assert_eq!(
            refuse(Award::LaoDongTienTien, so, Authority::Superior),
            None
        );
        assert!(refuse(Award::GiayKhen, so, Authority::Superior).is_some());
        assert!(refuse(Award::BangKhenThuTuong, so, Authority::Head).is_some());
        assert!(refuse(Award::HuanChuongLaoDongHangBa, so, Authority::Superior).is_some());
        assert!(refuse(Award::LaoDongTienTien, so, Authority::PrimeMinister).is_some());
        assert!(refuse(Award::GiaDinhVanHoa, so, Authority::Head).is_some());
        assert_eq!(
            Authority::parse("thu-tuong"),
            Some(Authority::PrimeMinister)
        );
        assert_eq!(OfficeLevel::parse("xa"), Some(OfficeLevel::Commune));
    }
}

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

/// Who decides `award` by default, whatever the office's level: the same
/// awards fall to the head of a Sở, of a unit under a ministry, of an
/// enterprise and to a commune's chair.
pub fn decided_by(award: Award) -> Authority {
    use Award::*;
    match award {
        HuanChuongLaoDongHangNhat | HuanChuongLaoDongHangNhi | HuanChuongLaoDongHangBa => {
            Authority::President
        }
        CoThiDuaChinhPhu | ChienSiThiDuaToanQuoc | BangKhenThuTuong => Authority::PrimeMinister,
        CoThiDuaTinh | ChienSiThiDuaTinh | TapTheLaoDongXuatSac | BangKhenTinh => {
            Authority::Superior
        }
        // The heads of a Sở, of a unit under a ministry, of an enterprise
        // (Điều 74, 75, 80.1) and, since the district level went in
        // 07/2025, the commune chair (Điều 80.2-80.3, as delegated) give
        // these (the commune's part is not verified: offices may move it).
        LaoDongTienTien | GiayKhen | ChienSiThiDuaCoSo | TapTheLaoDongTienTien | GiaDinhVanHoa => {
            Authority::Head
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_law_s_matrix() {
        assert_eq!(decided_by(Award::LaoDongTienTien), Authority::Head);
        assert_eq!(decided_by(Award::ChienSiThiDuaCoSo), Authority::Head);
        assert_eq!(decided_by(Award::TapTheLaoDongTienTien), Authority::Head);
        assert_eq!(decided_by(Award::GiayKhen), Authority::Head);
        assert_eq!(decided_by(Award::BangKhenTinh), Authority::Superior);
        assert_eq!(decided_by(Award::TapTheLaoDongXuatSac), Authority::Superior);
        assert_eq!(
            decided_by(Award::BangKhenThuTuong),
            Authority::PrimeMinister
        );
        assert_eq!(
            decided_by(Award::HuanChuongLaoDongHangBa),
            Authority::President
        );
        assert_eq!(decided_by(Award::GiaDinhVanHoa), Authority::Head);
        assert_eq!(
            Authority::parse("thu-tuong"),
            Some(Authority::PrimeMinister)
        );
        assert_eq!(OfficeLevel::parse("xa"), Some(OfficeLevel::Commune));
    }
}

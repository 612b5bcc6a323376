//! Kinds of document and their NĐ30 abbreviations (Phụ lục III, mục I).

/// The kind of an administrative document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocKind {
    /// Quyết định (QĐ).
    QuyetDinh,
    /// Báo cáo (BC).
    BaoCao,
    /// Tờ trình (TTr).
    ToTrinh,
    /// Kế hoạch (KH).
    KeHoach,
    /// Thông báo (TB).
    ThongBao,
    /// Hướng dẫn (HD).
    HuongDan,
    /// Chương trình (CTr).
    ChuongTrinh,
    /// Biên bản (BB).
    BienBan,
    /// Công văn: no title and no type abbreviation; trích yếu as "V/v ...".
    CongVan,
}

impl DocKind {
    /// Every kind, for listing in messages.
    pub const ALL: [DocKind; 9] = [
        DocKind::QuyetDinh,
        DocKind::BaoCao,
        DocKind::ToTrinh,
        DocKind::KeHoach,
        DocKind::ThongBao,
        DocKind::HuongDan,
        DocKind::ChuongTrinh,
        DocKind::BienBan,
        DocKind::CongVan,
    ];

    /// Abbreviation used in the document code; `None` for a công văn.
    pub fn abbreviation(self) -> Option<&'static str> {
        Some(match self {
            DocKind::QuyetDinh => "QĐ",
            DocKind::BaoCao => "BC",
            DocKind::ToTrinh => "TTr",
            DocKind::KeHoach => "KH",
            DocKind::ThongBao => "TB",
            DocKind::HuongDan => "HD",
            DocKind::ChuongTrinh => "CTr",
            DocKind::BienBan => "BB",
            DocKind::CongVan => return None,
        })
    }

    /// Name as used inside a sentence ("Báo cáo").
    pub fn name(self) -> &'static str {
        match self {
            DocKind::QuyetDinh => "Quyết định",
            DocKind::BaoCao => "Báo cáo",
            DocKind::ToTrinh => "Tờ trình",
            DocKind::KeHoach => "Kế hoạch",
            DocKind::ThongBao => "Thông báo",
            DocKind::HuongDan => "Hướng dẫn",
            DocKind::ChuongTrinh => "Chương trình",
            DocKind::BienBan => "Biên bản",
            DocKind::CongVan => "Công văn",
        }
    }

    /// The title printed in capitals (ô 5a); `None` for a công văn.
    pub fn title(self) -> Option<&'static str> {
        Some(match self {
            DocKind::QuyetDinh => "QUYẾT ĐỊNH",
            DocKind::BaoCao => "BÁO CÁO",
            DocKind::ToTrinh => "TỜ TRÌNH",
            DocKind::KeHoach => "KẾ HOẠCH",
            DocKind::ThongBao => "THÔNG BÁO",
            DocKind::HuongDan => "HƯỚNG DẪN",
            DocKind::ChuongTrinh => "CHƯƠNG TRÌNH",
            DocKind::BienBan => "BIÊN BẢN",
            DocKind::CongVan => return None,
        })
    }

    /// Parses a kind from its abbreviation or its name, as written in a
    /// template ("BC", "bao-cao", "Báo cáo", "cong-van").
    pub fn parse(text: &str) -> Option<DocKind> {
        let wanted = text.trim();
        DocKind::ALL.into_iter().find(|kind| {
            kind.abbreviation()
                .is_some_and(|a| a.eq_ignore_ascii_case(wanted))
                || kind.name().to_lowercase() == wanted.to_lowercase()
                || kind.slug() == wanted
        })
    }

    /// ASCII identifier used in file names and templates ("bao-cao").
    pub fn slug(self) -> &'static str {
        match self {
            DocKind::QuyetDinh => "quyet-dinh",
            DocKind::BaoCao => "bao-cao",
            DocKind::ToTrinh => "to-trinh",
            DocKind::KeHoach => "ke-hoach",
            DocKind::ThongBao => "thong-bao",
            DocKind::HuongDan => "huong-dan",
            DocKind::ChuongTrinh => "chuong-trinh",
            DocKind::BienBan => "bien-ban",
            DocKind::CongVan => "cong-van",
        }
    }

    /// The code after the number: type abbreviation and issuer abbreviation
    /// ("BC-VPUBND"); a công văn carries the issuer and the drafting unit
    /// ("UBND-VX") instead.
    pub fn code(self, issuer_abbreviation: &str, drafting_unit: Option<&str>) -> String {
        match (self.abbreviation(), drafting_unit) {
            (Some(abbr), _) => format!("{abbr}-{issuer_abbreviation}"),
            (None, Some(unit)) => format!("{issuer_abbreviation}-{unit}"),
            (None, None) => issuer_abbreviation.to_owned(),
        }
    }
}

//! Records of a nominations sheet: one nominee per data row, with section
//! rows, blank rows, the "Tổng cộng" row and footers told apart from data,
//! merged cells read through, the award matched to the forms of the law and
//! the kind (cá nhân / tập thể) decided by the contract's order: kind
//! column, then section row, then a collective-only award, else cá nhân.

use super::{Field, Header};
use crate::ingest::{CellValue, Sheet};
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
/// "sỹ" → "si", "đ" → "d", abbreviations expanded.
fn normalise(written: &str) -> String {
    let words: Vec<String> = super::words(written)
        .split(' ')
        .map(|w| match w {
            "sy" => "si".to_owned(),
            "ubnd" => "uy ban nhan dan".to_owned(),
            "ttg" => "thu tuong".to_owned(),
            other => other.to_owned(),
        })
        .collect();
    words.join(" ")
}

/// One nominee.
#[derive(Debug, Clone, PartialEq)]
pub struct Nominee {
    /// 0-based sheet row.
    pub row: usize,
    /// Cá nhân or tập thể.
    pub kind: NomineeKind,
    /// Name as printed (personal names capitalised).
    pub name: String,
    /// Position.
    pub position: Option<String>,
    /// Unit.
    pub unit: Option<String>,
    /// The award as written.
    pub award_written: String,
    /// The award matched, if it could be.
    pub award: Option<Award>,
    /// Achievement.
    pub achievement: Option<String>,
}

/// A row that closes the table: totals and footers.
pub(super) fn is_end_row(sheet: &Sheet, row: usize) -> bool {
    (0..sheet.cols).any(|c| {
        let w = normalise(&sheet.cell(row, c).display());
        w.starts_with("tong cong")
            || w == "cong"
            || w.strip_prefix("cong ")
                .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
            || w.starts_with("tong so")
            || w.starts_with("nguoi lap")
            || w.starts_with("thu truong")
            || w.starts_with("tm ")
            || w.starts_with("kt ")
            || (w.contains("ngay") && w.contains("thang") && w.contains("nam") && w.len() < 60)
    })
}

/// The value of a cell, read through a merged region to its anchor.
fn value(sheet: &Sheet, row: usize, col: usize) -> &CellValue {
    for merge in &sheet.merges {
        if (merge.start.0..=merge.end.0).contains(&row)
            && (merge.start.1..=merge.end.1).contains(&col)
        {
            return sheet.cell(merge.start.0, merge.start.1);
        }
    }
    sheet.cell(row, col)
}

fn text_at(sheet: &Sheet, row: usize, col: Option<usize>) -> Option<String> {
    let text = value(sheet, row, col?).display();
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// A section row ("I. TẬP THỂ", "A. Cá nhân", "Tập thể:"): the kind it
/// opens. Such a row holds only its label, perhaps split over two cells
/// ("I" | "TẬP THỂ").
fn section_kind(sheet: &Sheet, row: usize) -> Option<NomineeKind> {
    let filled: Vec<String> = (0..sheet.cols)
        .map(|c| sheet.cell(row, c).display())
        .filter(|t| !t.trim().is_empty())
        .collect();
    if filled.is_empty() || filled.len() > 2 {
        return None;
    }
    let words = normalise(&filled.join(" "));
    let mut rest = words.as_str();
    // Drop a leading numbering label: "i", "ii", "a", "1".
    if let Some((head, tail)) = rest.split_once(' ')
        && head.len() <= 4
        && head.chars().all(|c| "ivxabcd0123456789".contains(c))
    {
        rest = tail;
    }
    if rest == "tap the" || rest.starts_with("tap the ") && rest.len() < 20 {
        Some(NomineeKind::TapThe)
    } else if rest == "ca nhan" || rest.starts_with("ca nhan ") && rest.len() < 20 {
        Some(NomineeKind::CaNhan)
    } else {
        None
    }
}

/// The nominees of a nominations sheet.
pub fn nominees(sheet: &Sheet, header: &Header) -> Vec<Nominee> {
    let col = |f: Field| header.columns.get(&f).copied();
    let mut out = Vec::new();
    let mut section: Option<NomineeKind> = None;
    let mut row = header.row + header.height;
    while row < sheet.rows {
        if is_end_row(sheet, row) {
            break;
        }
        if let Some(kind) = section_kind(sheet, row) {
            section = Some(kind);
            row += 1;
            continue;
        }
        let name = text_at(sheet, row, col(Field::Name));
        let award_written = text_at(sheet, row, col(Field::Award));
        if super::is_numbering_row(sheet, row) || (name.is_none() && award_written.is_none()) {
            row += 1;
            continue;
        }
        let award_written = award_written.unwrap_or_default();
        let award = Award::parse(&award_written);
        let kind_cell = text_at(sheet, row, col(Field::Kind)).map(|k| normalise(&k));
        let kind = match kind_cell.as_deref() {
            Some(k) if k.starts_with("tap the") => NomineeKind::TapThe,
            Some(k) if k.starts_with("ca nhan") => NomineeKind::CaNhan,
            _ => match section {
                Some(kind) => kind,
                None if award.is_some_and(Award::collective_only) => NomineeKind::TapThe,
                None => NomineeKind::CaNhan,
            },
        };
        let name = name.unwrap_or_default();
        let name = match kind {
            NomineeKind::CaNhan => text::capitalise_name(&name),
            NomineeKind::TapThe => name,
        };
        out.push(Nominee {
            row,
            kind,
            name,
            position: text_at(sheet, row, col(Field::Position)),
            unit: text_at(sheet, row, col(Field::Unit)),
            award_written,
            award,
            achievement: text_at(sheet, row, col(Field::Achievement)),
        });
        row += 1;
    }
    out
}

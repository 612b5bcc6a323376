//! Records of a nominations sheet: one nominee per data row, with section
//! rows, blank rows, the "Tổng cộng" row and footers told apart from data,
//! merged cells read through, the award matched to the forms of the law and
//! the kind (cá nhân / tập thể) decided by the contract's order: kind
//! column, then section row, then a collective-only award, else cá nhân.

use super::{Field, Header};
use crate::ingest::{CellValue, Sheet};
use crate::law::{Award, NomineeKind, normalise, several_awards};
use crate::text;

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
    /// The kind was read from the name alone ("Văn phòng Sở" is a
    /// collective): no kind cell, section or award told it.
    pub kind_from_name: bool,
}

impl Nominee {
    /// Who the nominee is, however the list spells it: kind, name, unit and
    /// position compared without regard to case and spacing (two people of
    /// one name in one unit differ by their position).
    pub fn identity(&self) -> (NomineeKind, String, String, String) {
        let key = |s: &Option<String>| text::comparison_key(s.as_deref().unwrap_or_default());
        (
            self.kind,
            text::comparison_key(&self.name),
            key(&self.unit),
            key(&self.position),
        )
    }
}

/// How many collectives or individuals `nominees` holds, each once however
/// many awards it is proposed for.
pub fn distinct<'a>(nominees: impl IntoIterator<Item = &'a Nominee>, kind: NomineeKind) -> usize {
    nominees
        .into_iter()
        .filter(|n| n.kind == kind)
        .map(Nominee::identity)
        .collect::<std::collections::HashSet<_>>()
        .len()
}

/// A row that closes the table: totals and footers.
pub(super) fn is_end_row(sheet: &Sheet, row: usize) -> bool {
    (0..sheet.cols).any(|c| {
        let w = normalise(&sheet.cell(row, c).display());
        // "Tổng cộng", not "Tổng công ty …" (a nominee).
        (w.starts_with("tong cong") && !w.starts_with("tong cong ty"))
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

/// A name that is a body's, not a person's ("Phòng Tổ chức", "Văn phòng
/// Sở", "Trung tâm Y tế", "Ban Thi đua - Khen thưởng"): it starts with a
/// word or two no Vietnamese full name starts with.
fn names_a_body(name: &str) -> bool {
    // None of these is a Vietnamese family name.
    const ONE: &[&str] = &[
        "phòng",
        "sở",
        "cục",
        "viện",
        "trạm",
        "tổ",
        "đội",
        "trường",
        "khoa",
        "thôn",
        "xóm",
        "ấp",
        "xã",
        "phường",
        "huyện",
        "tỉnh",
        "ubnd",
        "hđnd",
        "ubmttq",
        "mttq",
        "htx",
        "ttyt",
        "ủy",
        "uỷ",
        "hội",
        "đảng",
        "khu",
        "khối",
        "cụm",
        "lớp",
        "đài",
        "báo",
        "hạt",
        "đồn",
        "trại",
        "cảng",
        "bưu",
        "quỹ",
        "ngân",
        "mặt",
        "tổng",
        "xí",
        "phân",
        "bộ",
        "kho",
        "tòa",
        "toà",
        "buôn",
        "làng",
        "khóm",
        "bản",
    ];
    // Words that also begin people's names (or, unaccented, a family
    // name: "Ban" for "Bàn"), counted only with the next.
    const TWO: &[&str] = &[
        "văn phòng",
        "trung tâm",
        "chi cục",
        "chi nhánh",
        "chi bộ",
        "chi đoàn",
        "chi hội",
        "công ty",
        "công đoàn",
        "công an",
        "tập thể",
        "bệnh viện",
        "liên đoàn",
        "liên hiệp",
        "hợp tác",
        "thanh tra",
        "thị trấn",
        "thị xã",
        "thư viện",
        "bảo tàng",
        "điện lực",
        "nhà máy",
        "nhà xuất",
        "nhà thiếu",
        "tiểu đoàn",
        "đại đội",
        "trung đoàn",
        "sư đoàn",
        "ban quản",
        "ban thi",
        "ban chỉ",
        "ban tuyên",
        "ban tổ",
        "ban dân",
        "ban kinh",
        "ban pháp",
        "ban bảo",
        "ban nội",
        "ban giám",
        "ban chấp",
        "ban tiếp",
        "ban quân",
        "ban an",
        "ban đại",
        "đoàn thanh",
        "đoàn tncs",
    ];
    // "Hội viên …", "Tổ trưởng …", "Đội phó …": a person by his role.
    // (Only these: "Phòng Giáo dục", "Sở Văn hóa", "Viện Nghiên cứu" are
    // bodies.)
    const ROLES: &[&str] = &["viên", "trưởng", "phó"];
    let lower = name.trim().to_lowercase();
    let mut words = lower.split_whitespace();
    let first = words.next().unwrap_or_default();
    let second = words.next().unwrap_or_default();
    let two = format!("{first} {second}");
    if TWO.contains(&two.as_str()) {
        // "Đoàn Thanh Hà" is a person; "Đoàn Thanh niên …" a body.
        return !two.starts_with("đoàn thanh") || words.next() == Some("niên");
    }
    ONE.contains(&first) && !ROLES.contains(&second)
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
        // A cell naming several awards gives one nominee per award.
        let awards = several_awards(&award_written).unwrap_or_else(|| vec![award_written]);
        let kind_cell = text_at(sheet, row, col(Field::Kind)).map(|k| normalise(&k));
        let name = name.unwrap_or_default();
        // The row's kind, whichever of its awards tells it.
        let parsed: Vec<Option<Award>> = awards.iter().map(|a| Award::parse(a)).collect();
        let from_cell = match kind_cell.as_deref() {
            Some(k) if k.starts_with("tap the") || ["tt", "to chuc", "don vi"].contains(&k) => {
                Some(NomineeKind::TapThe)
            }
            Some(k) if k.starts_with("ca nhan") || k == "cn" => Some(NomineeKind::CaNhan),
            _ => None,
        };
        let by_award = if parsed.iter().flatten().any(|a| a.collective_only()) {
            Some(NomineeKind::TapThe)
        } else if parsed.iter().flatten().any(|a| a.individual_only()) {
            Some(NomineeKind::CaNhan)
        } else {
            None
        };
        let by_name = names_a_body(&name).then_some(NomineeKind::TapThe);
        let kind = from_cell
            .or(section)
            .or(by_award)
            .or(by_name)
            .unwrap_or(NomineeKind::CaNhan);
        let kind_from_name =
            from_cell.is_none() && section.is_none() && by_award.is_none() && by_name.is_some();
        for (award_written, award) in awards.into_iter().zip(parsed) {
            let name = match kind {
                NomineeKind::CaNhan => text::capitalise_name(&name),
                NomineeKind::TapThe => name.clone(),
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
                kind_from_name,
            });
        }
        row += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::names_a_body;

    #[test]
    fn a_body_is_told_from_a_person_by_its_name() {
        for body in [
            "Phòng Tổ chức",
            "Phòng Giáo dục và Đào tạo",
            "Sở Văn hóa, Thể thao và Du lịch",
            "Viện Nghiên cứu Hải sản",
            "Phòng Khoa học",
            "Tổ Văn",
            "Văn phòng Sở",
            "Trung tâm Y tế",
            "Đoàn Thanh niên Sở",
            "Ban Quản lý dự án",
        ] {
            assert!(names_a_body(body), "{body}");
        }
        for person in [
            "Nguyễn Văn An",
            "Đoàn Thanh Hà",
            "Nhà giáo Nguyễn Văn Bình",
            "BAN VAN TUAN",
            "Hội viên Lê Văn Cường",
            "Tổ trưởng Trần Văn Dũng",
            "Phó Đức Phương",
        ] {
            assert!(!names_a_body(person), "{person}");
        }
    }
}

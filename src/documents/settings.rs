//! The settings every document of a run shares, resolved once from the
//! configuration and today's date: who writes (the office in sentences, its
//! abbreviation and drafting unit), who decides and pays, the year of the
//! documents, and the date that prices the awards with the base salary in
//! force on it.

use super::wording::deciding_body;
use super::{QUYET_DINH, QUYET_DINH_THU_TRUONG};
use crate::config::{Config, DocumentSettings};
use crate::law::Superior;
use crate::text::Date;

/// The resolved settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    /// The office as written inside sentences, when configured.
    pub office_in_text: Option<String>,
    /// Abbreviation of the office in document codes.
    pub abbreviation: String,
    /// Drafting unit ("Lưu: VT, TH").
    pub drafting_unit: Option<String>,
    /// Who decides, in sentences ("Chủ tịch Ủy ban nhân dân tỉnh Quảng
    /// Trị").
    pub decider: String,
    /// The deciding body's name lines ("ỦY BAN NHÂN DÂN", "TỈNH QUẢNG TRỊ").
    pub deciding_body: Vec<String>,
    /// The fund that pays.
    pub fund: String,
    /// The year the documents are dated in.
    pub document_year: i32,
    /// The date whose base salary prices the awards: the Quyết định's
    /// configured date of issue when it is a full date, else today.
    pub decision_date: Date,
    /// The base salary in force on the decision date.
    pub base_salary: Option<u64>,
    /// The date that prices the awards the head decides: his Quyết
    /// định's configured date of issue when it is a full date, else today.
    pub head_decision_date: Date,
    /// The base salary in force on that date.
    pub head_base_salary: Option<u64>,
    /// The office's head, in sentences ("Giám đốc Sở Nội vụ"): who
    /// decides the awards the office decides itself.
    pub head: String,
    /// The head's authority line ("GIÁM ĐỐC SỞ NỘI VỤ").
    pub head_line: String,
    /// The head's fund.
    pub own_fund: String,
    /// Whose awards the superior gives, for their wording.
    pub superior: Superior,
    /// Who carries out the superior's Quyết định (its Điều 3).
    pub executors: String,
    /// The superior's abbreviation in its document codes ("UBND", "BYT").
    pub superior_code: String,
    /// Its deputy's signing line and position ("KT. CHỦ TỊCH", "PHÓ CHỦ
    /// TỊCH"; "KT. BỘ TRƯỞNG", "THỨ TRƯỞNG").
    pub superior_deputy: (String, String),
    /// The law that organises the superior, first basis of its Quyết định.
    pub superior_basis: String,
    /// The place its documents are dated at ("Quảng Trị"; a ministry's
    /// "Hà Nội"), the office's own when unknown.
    pub superior_place: String,
    /// The law that organises the office's head, first basis of his own
    /// Quyết định when it is a law (a commune's chair: the law on local
    /// government); empty otherwise (a Sở is founded by a decision vanthu
    /// does not know).
    pub head_basis: String,
}

/// Resolves the settings of the documents made from `config` on `today`.
pub fn resolve(config: &Config, today: Date) -> Resolved {
    let office = &config.document.office;
    let (deciding_body, default_decider, superior_place) = match config.superior() {
        Superior::Ministry(ministry) => (
            vec![ministry.to_uppercase(), String::new()],
            format!("Bộ trưởng {ministry}"),
            Some("Hà Nội".to_owned()),
        ),
        _ => {
            // The parent line names the body; without it, the decider the
            // office set ("Chủ tịch Ủy ban nhân dân tỉnh Quảng Trị") does.
            let parent = office.parent.as_deref().unwrap_or_default();
            let (lines, locality) = match (parent.trim(), &config.commendation.decider) {
                ("", Some(decider)) => deciding_body(chaired_body(decider)),
                _ => deciding_body(parent),
            };
            let decider = match &locality {
                Some(place) => format!("Chủ tịch Ủy ban nhân dân {place}"),
                None => "Chủ tịch Ủy ban nhân dân tỉnh".to_owned(),
            };
            // "tỉnh Quảng Trị" → "Quảng Trị".
            let place = locality.as_deref().and_then(|l| {
                l.strip_prefix("thành phố ")
                    .or_else(|| l.split_once(' ').map(|(_, name)| name))
                    .map(str::to_owned)
            });
            (lines, decider, place)
        }
    };
    let superior_place = superior_place
        .filter(|p| !p.trim().is_empty())
        .or_else(|| office.place.clone())
        .unwrap_or_default();
    let decider = config
        .commendation
        .decider
        .clone()
        .unwrap_or(default_decider);
    let dated = |template: &str| {
        config
            .document_settings(template, &DocumentSettings::default())
            .date
            .as_deref()
            .and_then(Date::parse_iso)
            .unwrap_or(today)
    };
    let decision_date = dated(QUYET_DINH);
    let head_decision_date = dated(QUYET_DINH_THU_TRUONG);
    let head = head(config);
    let office_name = office
        .name_in_text
        .as_deref()
        .map(crate::config::expand)
        .filter(|n| !n.trim().is_empty());
    let superior = config.superior();
    let executors = executors(&superior, &head);
    // The laws in force on the superior's decision date.
    let before = |y, m, d| Date::new(y, m, d).is_ok_and(|since| decision_date < since);
    let (superior_code, superior_deputy, superior_basis) = match &superior {
        Superior::Ministry(ministry) => (
            initials(ministry),
            ("KT. BỘ TRƯỞNG".to_owned(), "THỨ TRƯỞNG".to_owned()),
            if before(2025, 3, 1) {
                "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;"
            } else {
                "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;"
            }
            .to_owned(),
        ),
        Superior::Province(_) | Superior::City(_) => (
            "UBND".to_owned(),
            ("KT. CHỦ TỊCH".to_owned(), "PHÓ CHỦ TỊCH".to_owned()),
            local_government_law(decision_date).to_owned(),
        ),
    };
    Resolved {
        executors,
        superior_code,
        superior_deputy,
        superior_basis,
        superior_place,
        head_basis: if config.commendation.level == crate::law::OfficeLevel::Commune {
            local_government_law(head_decision_date).to_owned()
        } else {
            String::new()
        },
        superior: config.superior(),
        head_line: head.to_uppercase(),
        own_fund: config
            .commendation
            .own_fund
            .clone()
            .unwrap_or_else(|| match &office_name {
                Some(name) => format!("Quỹ thi đua, khen thưởng của {name}"),
                None => "Quỹ thi đua, khen thưởng của cơ quan".to_owned(),
            }),
        head,
        office_in_text: office.name_in_text.clone().filter(|n| !n.trim().is_empty()),
        abbreviation: office.abbreviation.clone().unwrap_or_default(),
        drafting_unit: office.drafting_unit.clone(),
        decider,
        deciding_body,
        fund: config
            .commendation
            .fund
            .clone()
            .unwrap_or_else(|| match config.superior() {
                Superior::Province(_) => "Quỹ thi đua, khen thưởng của tỉnh".to_owned(),
                Superior::City(_) => "Quỹ thi đua, khen thưởng của thành phố".to_owned(),
                Superior::Ministry(ministry) => format!("Quỹ thi đua, khen thưởng của {ministry}"),
            }),
        document_year: config.configured_year().unwrap_or(today.year() as i32),
        decision_date,
        base_salary: config.money.base_salary(decision_date),
        head_decision_date,
        head_base_salary: config.money.base_salary(head_decision_date),
    }
}

/// The căn cứ line of the law on local government in force on `on`.
fn local_government_law(on: Date) -> &'static str {
    if Date::new(2025, 7, 1).is_ok_and(|since| on < since) {
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;"
    } else {
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"
    }
}

/// Who carries out a Quyết định of `superior` rewarding the office whose
/// head is `head`: its chief of office, at a province or city the
/// directors of Home Affairs (which keeps the emulation work) and of
/// Finance (which pays), and the office's head.
fn executors(superior: &Superior, head: &str) -> String {
    let mut people: Vec<String> = match superior {
        Superior::Province(_) | Superior::City(_) => {
            let place = if matches!(superior, Superior::City(_)) {
                "thành phố"
            } else {
                "tỉnh"
            };
            vec![
                format!("Chánh Văn phòng Ủy ban nhân dân {place}"),
                "Giám đốc Sở Nội vụ".to_owned(),
                "Giám đốc Sở Tài chính".to_owned(),
            ]
        }
        Superior::Ministry(_) => vec!["Chánh Văn phòng Bộ".to_owned()],
    };
    if !head.trim().is_empty() && !people.iter().any(|p| crate::law::same_issuer(p, head)) {
        people.push(head.to_owned());
    }
    people.join(", ")
}

/// A body's abbreviation from its name: the first letter of each word but
/// "và" ("Bộ Y tế" → "BYT", "Bộ Giáo dục và Đào tạo" → "BGDĐT").
fn initials(name: &str) -> String {
    name.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty() && *w != "và")
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect()
}

/// The body a chair decides for ("Chủ tịch Ủy ban nhân dân tỉnh Quảng
/// Trị" → "Ủy ban nhân dân tỉnh Quảng Trị"); `decider` itself otherwise.
fn chaired_body(decider: &str) -> &str {
    let trimmed = decider.trim();
    let lower = trimmed.to_lowercase();
    match lower.strip_prefix("chủ tịch ") {
        // Lower-casing keeps the byte length of "chủ tịch ".
        Some(_) => trimmed.get("chủ tịch ".len()..).unwrap_or(trimmed).trim(),
        None => trimmed,
    }
}

/// The office's head, in sentences (see [`Config::head`]).
pub fn head(config: &Config) -> String {
    config.head()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(toml: &str) -> Config {
        Config::from_toml(toml, None, std::path::Path::new(".")).unwrap()
    }

    #[test]
    fn ministries_abbreviated_by_initials() {
        assert_eq!(initials("Bộ Y tế"), "BYT");
        assert_eq!(initials("Bộ Giáo dục và Đào tạo"), "BGDĐT");
        assert_eq!(initials("Bộ Văn hóa, Thể thao và Du lịch"), "BVHTTDL");
        assert_eq!(initials("Bộ Nông nghiệp và Môi trường"), "BNNMT");
    }

    #[test]
    fn the_head_from_the_office() {
        let so = config("[office]\nname_in_text = \"Sở Nội vụ tỉnh Quảng Trị\"\n");
        assert_eq!(head(&so), "Giám đốc Sở Nội vụ tỉnh Quảng Trị");
        let vp = config("[office]\nname_in_text = \"Văn phòng UBND tỉnh Quảng Trị\"\n");
        assert_eq!(head(&vp), "Chánh Văn phòng Ủy ban nhân dân tỉnh Quảng Trị");
        let xa = config(
            "[office]\nname_in_text = \"Ủy ban nhân dân xã Hải Phú\"\n[commendation]\nlevel = \"xa\"\n",
        );
        assert_eq!(head(&xa), "Chủ tịch Ủy ban nhân dân xã Hải Phú");
        for (name, level, head_of) in [
            (
                "Viện Chiến lược",
                "don-vi-thuoc-bo",
                "Viện trưởng Viện Chiến lược",
            ),
            (
                "Trường Cao đẳng Y tế",
                "so",
                "Hiệu trưởng Trường Cao đẳng Y tế",
            ),
            (
                "Bệnh viện Đa khoa tỉnh",
                "so",
                "Giám đốc Bệnh viện Đa khoa tỉnh",
            ),
            (
                "Cục Quản lý Dược",
                "don-vi-thuoc-bo",
                "Cục trưởng Cục Quản lý Dược",
            ),
            ("Ban Quản lý dự án", "so", "Trưởng Ban Quản lý dự án"),
            (
                "Tổng công ty Điện lực",
                "doanh-nghiep",
                "Tổng Giám đốc Tổng công ty Điện lực",
            ),
            (
                "Hợp tác xã An Phú",
                "doanh-nghiep",
                "Giám đốc Hợp tác xã An Phú",
            ),
            ("Phòng Khám Đa khoa", "so", "Thủ trưởng Phòng Khám Đa khoa"),
        ] {
            let c = config(&format!(
                "[office]\nname_in_text = \"{name}\"\n[commendation]\nlevel = \"{level}\"\n"
            ));
            assert_eq!(head(&c), head_of);
        }
        let set = config("[commendation]\nhead = \"Giám đốc Sở\"\n");
        assert_eq!(head(&set), "Giám đốc Sở");
        let today = Date::new(2026, 1, 5).unwrap();
        assert_eq!(
            resolve(&vp, today).head_line,
            "CHÁNH VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ"
        );
        assert_eq!(
            resolve(&vp, today).executors,
            "Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, Giám đốc Sở Tài chính",
            "the chief of office is named once"
        );
        assert_eq!(
            resolve(&so, today).executors,
            "Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, Giám đốc Sở Tài chính"
        );
        let yte = config("[office]\nname_in_text = \"Sở Y tế\"\n");
        assert_eq!(
            resolve(&yte, today).executors,
            "Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, Giám đốc Sở Tài chính, Giám đốc Sở Y tế"
        );
        let vien = config(
            "[office]\nparent = \"BỘ Y TẾ\"\nname_in_text = \"Viện Chiến lược\"\n[commendation]\nlevel = \"don-vi-thuoc-bo\"\nhead = \"Viện trưởng Viện Chiến lược\"\n",
        );
        assert_eq!(
            resolve(&vien, today).executors,
            "Chánh Văn phòng Bộ, Viện trưởng Viện Chiến lược"
        );
        assert_eq!(
            resolve(&xa, today).executors,
            "Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, Giám đốc Sở Tài chính, Chủ tịch Ủy ban nhân dân xã Hải Phú"
        );
        assert_eq!(
            resolve(&vp, today).own_fund,
            "Quỹ thi đua, khen thưởng của Văn phòng Ủy ban nhân dân tỉnh Quảng Trị"
        );
    }
}

//! The yearly Báo cáo tổng hợp khen thưởng: what each accepted list adds
//! to it ([`ListSummary`], kept in the ledger with the list), and the
//! report across units made from those.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{BAO_CAO_TONG_HOP, DocumentError, Produced, data, office, produce, settings};
use crate::config::Config;
use crate::law::{Award, NomineeKind};
use crate::recognise::records;
use crate::text::{self, Date};
use crate::workbook::Examined;

/// Collectives and individuals.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Collectives.
    pub tap_the: u64,
    /// Individuals.
    pub ca_nhan: u64,
    /// Households (absent from summaries stored before they were read).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub ho_gia_dinh: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// What one accepted nominations list adds to the yearly summary. Stored
/// in the ledger as JSON, in the shape earlier versions stored it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListSummary {
    /// The unit, or "Chưa rõ đơn vị (tệp …)".
    pub don_vi: String,
    /// The year of the list.
    pub nam: i32,
    /// Collectives.
    pub tap_the: u64,
    /// Individuals.
    pub ca_nhan: u64,
    /// Households.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub ho_gia_dinh: u64,
    /// Counts per award, by its official wording.
    pub hinh_thuc: BTreeMap<String, Counts>,
    /// Which of the unit's lists this is: its title without the year, as a
    /// comparison key ("danh sach de nghi khen thuong"); a later list of
    /// the unit with the same title is a new version of it. Empty for a
    /// list without a title, and for summaries stored before titles were.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub danh_sach: String,
}

/// True when two units' names are one unit's, written in other capitals or
/// spacing ("PHÒNG TỔNG HỢP", "Phòng tổng hợp", "Phòng Tổng hợp").
pub fn same_unit(a: &str, b: &str) -> bool {
    a == b || text::comparison_key(a) == text::comparison_key(b)
}

/// The comparison key of a list's title without its year: "DANH SÁCH ĐỀ
/// NGHỊ KHEN THƯỞNG NĂM 2025" and "Danh sách đề nghị khen thưởng năm 2026"
/// are one list; "… ĐỢT 2" is another.
pub fn list_key(title: &str) -> String {
    // Punctuation aside: "… NĂM 2025.", "… (NĂM 2025)", "… - NĂM 2025".
    let key: String = text::accent_free_key(title)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let words: Vec<&str> = key.split_whitespace().collect();
    let is_year = |w: &str| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit());
    let mut out: Vec<&str> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if is_year(w) || (*w == "nam" && words.get(i + 1).is_some_and(|n| is_year(n))) {
            continue;
        }
        out.push(w);
    }
    out.join(" ")
}

impl ListSummary {
    /// The summary of an examined workbook; `None` without nominations.
    /// Awards are counted by their full wording (a Giấy khen with its
    /// issuer, `head` when the list names none).
    pub fn of(examined: &Examined, config: &Config) -> Option<ListSummary> {
        let (head, superior) = (config.head(), config.superior());
        let nominees = examined.nominees();
        if nominees.is_empty() {
            return None;
        }
        let mut awards: BTreeMap<String, Counts> = BTreeMap::new();
        for n in &nominees {
            let name = match n.award {
                Some(award) => award.wording(&n.award_written, &head, &superior).text,
                None => "Khác".to_owned(),
            };
            let entry = awards.entry(name).or_default();
            match n.kind {
                NomineeKind::TapThe => entry.tap_the += 1,
                NomineeKind::CaNhan => entry.ca_nhan += 1,
                NomineeKind::HoGiaDinh => entry.ho_gia_dinh += 1,
            }
        }
        // A nominee proposed for two awards is one person of the list.
        let count = |kind| records::distinct(nominees.iter().copied(), kind) as u64;
        Some(ListSummary {
            don_vi: examined
                .unit
                .clone()
                .unwrap_or_else(|| format!("Chưa rõ đơn vị (tệp {})", examined.file_name)),
            nam: examined.year,
            tap_the: count(NomineeKind::TapThe),
            ca_nhan: count(NomineeKind::CaNhan),
            ho_gia_dinh: count(NomineeKind::HoGiaDinh),
            hinh_thuc: awards,
            danh_sach: examined
                .recognition
                .sheets
                .iter()
                .find_map(|s| s.metadata.title.as_deref())
                .map(list_key)
                .unwrap_or_default(),
        })
    }
}

/// The yearly summary of `year` across units from the summaries of its
/// accepted lists, rendered.
pub fn document(
    year: i32,
    summaries: &[ListSummary],
    config: &Config,
    today: Date,
) -> Result<Produced, DocumentError> {
    // One row per unit (a unit with two lists counts once, summed), its
    // name as the configuration writes it when one of its lists does
    // ("Phòng Tổng hợp", not a title row's "PHÒNG TỔNG HỢP").
    let mut units: Vec<data::UnitRow> = Vec::new();
    let mut awards: BTreeMap<&str, Counts> = BTreeMap::new();
    let configured = |name: &str| config.units.values().any(|u| u == name);
    for s in summaries {
        match units.iter_mut().find(|u| same_unit(&u.ten, &s.don_vi)) {
            Some(u) => {
                u.tap_the += s.tap_the;
                u.ca_nhan += s.ca_nhan;
                u.ho_gia_dinh += s.ho_gia_dinh;
                if !configured(&u.ten) && configured(&s.don_vi) {
                    u.ten = s.don_vi.clone();
                }
            }
            None => units.push(data::UnitRow {
                ten: s.don_vi.clone(),
                tap_the: s.tap_the,
                ca_nhan: s.ca_nhan,
                ho_gia_dinh: s.ho_gia_dinh,
            }),
        }
        for (name, c) in &s.hinh_thuc {
            let e = awards.entry(name).or_default();
            e.tap_the += c.tap_the;
            e.ca_nhan += c.ca_nhan;
            e.ho_gia_dinh += c.ho_gia_dinh;
        }
    }
    let collator = text::VietnameseCollator::new();
    units.sort_by(|a, b| collator.compare(&a.ten, &b.ten));
    let (tt, cn, hgd) = units.iter().fold((0, 0, 0), |acc, u| {
        (acc.0 + u.tap_the, acc.1 + u.ca_nhan, acc.2 + u.ho_gia_dinh)
    });
    let mut awards: Vec<(&str, Counts)> = awards.into_iter().collect();
    awards.sort_by_key(|(name, _)| Award::parse(name).map_or(u8::MAX, Award::precedence));
    let settings = settings::resolve(config, today);
    let data = data::Summary {
        office: office(
            &settings,
            None,
            &super::Addressing::of(crate::law::Authority::Superior, &settings, config),
        ),
        nam: year,
        so_don_vi: units.len(),
        dem: super::counts_phrase(tt as usize, cn as usize, hgd as usize),
        tong_tap_the: tt,
        tong_ca_nhan: cn,
        tong_ho_gia_dinh: hgd,
        don_vi: units,
        hinh_thuc: awards
            .iter()
            .map(|(name, c)| data::SummaryAward {
                ten: (*name).to_owned(),
                dem: super::counts_phrase(
                    c.tap_the as usize,
                    c.ca_nhan as usize,
                    c.ho_gia_dinh as usize,
                ),
            })
            .collect(),
    };
    produce(
        BAO_CAO_TONG_HOP,
        &format!("Báo cáo tổng hợp khen thưởng năm {year}"),
        "",
        &data,
        config,
        today,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lists_title_without_its_year_names_it() {
        assert_eq!(
            list_key("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025"),
            list_key("Danh sách đề nghị khen thưởng năm 2026")
        );
        assert_eq!(
            list_key("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025"),
            "danh sach de nghi khen thuong"
        );
        for written in [
            "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025.",
            "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG (NĂM 2025)",
            "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG - NĂM 2025",
            "Danh sách đề nghị khen thưởng, năm 2025",
        ] {
            assert_eq!(
                list_key(written),
                "danh sach de nghi khen thuong",
                "{written}"
            );
        }
        assert!(same_unit("PHÒNG TỔNG HỢP", "Phòng tổng  hợp"));
        assert!(!same_unit("Phòng Tổng hợp", "Phòng Tổ chức"));
        assert_ne!(
            list_key("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG ĐỢT 1 NĂM 2025"),
            list_key("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG ĐỢT 2 NĂM 2025")
        );
        assert_ne!(
            list_key("DANH SÁCH ĐỀ NGHỊ CÔNG NHẬN DANH HIỆU THI ĐUA NĂM 2025"),
            list_key("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025")
        );
    }

    #[test]
    fn summaries_stored_before_households_still_read_and_count_them_now() {
        // As the ledger of an earlier version holds it.
        let old = r#"{"don_vi":"Phòng Tư pháp","nam":2025,"tap_the":1,"ca_nhan":2,
            "hinh_thuc":{"Lao động tiên tiến":{"tap_the":0,"ca_nhan":2}}}"#;
        let read: ListSummary = serde_json::from_str(old).unwrap();
        assert_eq!((read.tap_the, read.ca_nhan, read.ho_gia_dinh), (1, 2, 0));
        // Without households the stored shape is the earlier one.
        assert!(
            !serde_json::to_string(&read)
                .unwrap()
                .contains("ho_gia_dinh")
        );
        let with = ListSummary {
            ho_gia_dinh: 3,
            ..read
        };
        let text = serde_json::to_string(&with).unwrap();
        assert!(text.contains("\"ho_gia_dinh\":3"), "{text}");
    }
}

//! The settings every document of a run shares, resolved once from the
//! configuration and today's date: who writes (the office in sentences, its
//! abbreviation and drafting unit), who decides and pays, the year of the
//! documents, and the date that prices the awards with the base salary in
//! force on it.

use super::QUYET_DINH;
use super::wording::deciding_body;
use crate::config::{Config, DocumentSettings};
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
}

/// Resolves the settings of the documents made from `config` on `today`.
pub fn resolve(config: &Config, today: Date) -> Resolved {
    let office = &config.document.office;
    let (deciding_body, locality) = deciding_body(office.parent.as_deref().unwrap_or_default());
    let decider = config
        .commendation
        .decider
        .clone()
        .unwrap_or_else(|| match &locality {
            Some(place) => format!("Chủ tịch Ủy ban nhân dân {place}"),
            None => "Chủ tịch Ủy ban nhân dân tỉnh".to_owned(),
        });
    let decision = config.document_settings(QUYET_DINH, &DocumentSettings::default());
    let decision_date = decision
        .date
        .as_deref()
        .and_then(Date::parse_iso)
        .unwrap_or(today);
    Resolved {
        office_in_text: office.name_in_text.clone().filter(|n| !n.trim().is_empty()),
        abbreviation: office.abbreviation.clone().unwrap_or_default(),
        drafting_unit: office.drafting_unit.clone(),
        decider,
        deciding_body,
        fund: config.commendation.fund.clone(),
        document_year: config.configured_year().unwrap_or(today.year() as i32),
        decision_date,
        base_salary: config.money.base_salary(decision_date),
    }
}

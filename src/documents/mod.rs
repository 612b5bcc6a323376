//! Which documents a workbook gives, and their data: a nominations list
//! gives the Tờ trình (with its Danh sách) and the draft Quyết định; each
//! score sheet gives its Báo cáo; the accepted lists of a year give the
//! Báo cáo tổng hợp ([`summary`]). Each document is its template filled
//! with typed data ([`data`], the templates' contract) and rendered as
//! DOCX and PDF.
//!
//! Pure: nothing is written, the clock is the `today` passed in; the
//! settings shared by the documents are resolved once ([`settings`]).
//!
//! Invariant: this module knows nothing of the file system, the ledger or
//! the service.

pub mod data;
pub mod parallel;
pub mod settings;
pub mod summary;
pub mod wording;

use std::path::Path;

use serde::Serialize;

use crate::config::Config;
use crate::law::{Authority, Award, NomineeKind};
use crate::recognise::SheetKind;
use crate::recognise::records::{self, Nominee};
use crate::recognise::scores::{Criterion, Part, Subject};
use crate::recognise::workbook::{RecognisedSheet, Records};
use crate::render::{DocxOptions, PdfOptions};
use crate::template::{self, Template, TemplateError};
use crate::text::{self, Date};
use crate::workbook::Examined;
pub use parallel::Control;
use settings::Resolved;
use wording::{coefficient_text, counts_phrase, kinds_phrase, score_text, short_label};

/// The version of the way documents are composed from a workbook (which
/// documents, their data): raised with every change that makes other
/// documents from the same workbook, so that the service makes every
/// current input's documents again.
pub const COMPOSITION: &str = "2";

/// Template of the Tờ trình with its Danh sách.
pub const TO_TRINH: &str = "to-trinh-khen-thuong";
/// The authority code of an issuer the list names.
const ISSUER_CODE: &str = "khac";
/// Template of the draft Quyết định of a higher authority (the provincial
/// chair) the office prepares beside its Tờ trình.
pub const QUYET_DINH: &str = "quyet-dinh-khen-thuong";
/// Template of the Quyết định of the office's own head (công nhận Lao động
/// tiên tiến, tặng Giấy khen…).
pub const QUYET_DINH_THU_TRUONG: &str = "quyet-dinh-thu-truong";
/// Template of the score report.
pub const BAO_CAO_DIEM: &str = "bao-cao-cham-diem";
/// Template of the yearly summary across units.
pub const BAO_CAO_TONG_HOP: &str = "bao-cao-tong-hop";

/// One rendered document.
#[derive(Debug, Clone)]
pub struct Produced {
    /// The template it came from.
    pub template: String,
    /// File name without extension: the document and the unit, safe for
    /// any file system, NFC.
    pub stem: String,
    /// The DOCX bytes.
    pub docx: Vec<u8>,
    /// The PDF bytes.
    pub pdf: Vec<u8>,
}

/// Why documents could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// A template is missing or broken: the office's to fix, not the
    /// submitter's.
    #[error(transparent)]
    Template(#[from] TemplateError),
    /// The work was given up (past the file's time limit) before this
    /// document was started.
    #[error("đã dừng vì quá thời gian xử lý")]
    GivenUp,
    /// The document could not be rendered from this workbook's data.
    #[error("không tạo được tệp {format} của \"{title}\": {message}")]
    Render {
        /// The document.
        title: String,
        /// "DOCX" or "PDF".
        format: &'static str,
        /// What the renderer said.
        message: String,
    },
}

/// Every document of an examined workbook made from the templates `only`
/// accepts (all of them for a new workbook; some when regenerating after a
/// template change), laid out under `control` (waits for a free core
/// counted; once it is cancelled no further document is started).
pub fn of(
    examined: &Examined,
    config: &Config,
    today: Date,
    only: &dyn Fn(&str) -> bool,
    control: &Control,
) -> Result<Vec<Produced>, DocumentError> {
    let settings = settings::resolve(config, today);
    let unit_suffix = match &examined.unit {
        Some(unit) => unit.clone(),
        None => Path::new(&examined.file_name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    let mut orders = Vec::new();
    let nominees = examined.nominees();
    if !nominees.is_empty() {
        let first = examined
            .recognition
            .sheets
            .iter()
            .find(|s| s.kind() == SheetKind::Nominations);
        for plan in plan(&nominees, config, &settings) {
            if !only(plan.template) {
                continue;
            }
            let data = nominations(examined, first, &plan.nominees, config, &settings, &plan.to);
            orders.push(Order::new(
                plan.template,
                plan.nominees.len(),
                &plan.title,
                &unit_suffix,
                &data,
            )?);
        }
    }
    let score_sheets: Vec<&RecognisedSheet> = examined
        .recognition
        .sheets
        .iter()
        .filter(|s| s.kind() == SheetKind::Scores)
        .collect();
    if only(BAO_CAO_DIEM) {
        for sheet in &score_sheets {
            let Records::Scores { criteria, subjects } = &sheet.records else {
                continue;
            };
            let data = scores(examined, sheet, criteria, subjects, config, &settings);
            let suffix = if score_sheets.len() > 1 {
                format!("{unit_suffix} - {}", sheet.name)
            } else {
                unit_suffix.clone()
            };
            orders.push(Order::new(
                BAO_CAO_DIEM,
                subjects.len(),
                "Báo cáo kết quả chấm điểm thi đua",
                &suffix,
                &data,
            )?);
        }
    }
    // The documents of one workbook are independent: they are laid out
    // side by side (see `parallel`), the longest first, and come back in
    // their order. The first failure in that order is the one said, as
    // when they were made one after another.
    let mut longest_first: Vec<usize> = (0..orders.len()).collect();
    longest_first.sort_by_key(|&i| std::cmp::Reverse(orders[i].rows));
    parallel::map(&orders, &longest_first, control, |order| {
        order.produce(config, today)
    })
    .into_iter()
    .map(|made| made.unwrap_or(Err(DocumentError::GivenUp)))
    .collect()
}

/// `work`'s result and how long it took.
fn timed<T>(work: impl FnOnce() -> T) -> (T, std::time::Duration) {
    let started = std::time::Instant::now();
    (work(), started.elapsed())
}

/// A document to make: its template, title, file-name suffix and data.
struct Order<'a> {
    template: &'a str,
    /// The rows it lists, for the order of work.
    rows: usize,
    title: String,
    suffix: String,
    data: serde_json::Value,
}

impl<'a> Order<'a> {
    fn new(
        template: &'a str,
        rows: usize,
        title: &str,
        suffix: &str,
        data: &impl Serialize,
    ) -> Result<Order<'a>, DocumentError> {
        let data = serde_json::to_value(data).map_err(|e| DocumentError::Render {
            title: title.to_owned(),
            format: "dữ liệu",
            message: e.to_string(),
        })?;
        Ok(Order {
            template,
            rows,
            title: title.to_owned(),
            suffix: suffix.to_owned(),
            data,
        })
    }

    fn produce(&self, config: &Config, today: Date) -> Result<Produced, DocumentError> {
        produce_value(
            self.template,
            &self.title,
            &self.suffix,
            &self.data,
            config,
            today,
        )
    }
}

/// Fills and renders one template.
fn produce(
    template_name: &str,
    title: &str,
    suffix: &str,
    data: &impl Serialize,
    config: &Config,
    today: Date,
) -> Result<Produced, DocumentError> {
    Order::new(template_name, 0, title, suffix, data)?.produce(config, today)
}

/// Fills and renders one template with its data as JSON.
fn produce_value(
    template_name: &str,
    title: &str,
    suffix: &str,
    data: &serde_json::Value,
    config: &Config,
    today: Date,
) -> Result<Produced, DocumentError> {
    let template = Template::find(template_name, &config.templates_dir)?;
    let started = std::time::Instant::now();
    let doc = template::compose(&template, data, config, today.year() as i32)?;
    let composed = started.elapsed();
    // The two renderers read the one model: side by side on two cores.
    let ((pdf, pdf_took), (docx, docx_took)) = parallel::join(
        || timed(|| crate::render::pdf(&doc, &PdfOptions { pdfa: config.pdfa })),
        || timed(|| crate::render::docx(&doc, &DocxOptions::default())),
    );
    let failed = |format: &'static str, message: String| DocumentError::Render {
        title: title.to_owned(),
        format,
        message,
    };
    let docx = docx.map_err(|e| failed("DOCX", e.to_string()))?;
    let pdf = pdf.map_err(|e| failed("PDF", e.to_string()))?;
    tracing::debug!(
        template = template_name,
        compose_ms = composed.as_millis() as u64,
        docx_ms = docx_took.as_millis() as u64,
        pdf_ms = pdf_took.as_millis() as u64,
        "đã dựng văn bản"
    );
    let stem = if suffix.trim().is_empty() {
        title.to_owned()
    } else {
        format!("{title} - {suffix}")
    };
    Ok(Produced {
        template: template_name.to_owned(),
        stem: text::safe_file_stem(&stem),
        docx,
        pdf,
    })
}

/// Who a document is addressed to or issued by: the authority that
/// decides its awards, and how the office reaches it.
#[derive(Debug, Clone)]
pub struct Addressing {
    /// The authority that decides (for an issuer the list names, the level
    /// its awards are priced at: the superior's).
    pub authority: Authority,
    /// Its code for templates: an [`Authority`] code, or "khac" for an
    /// issuer the list names.
    pub code: String,
    /// Who the document addresses (Kính gửi) or, for a Quyết định, who
    /// issues it, in sentences.
    pub addressee: String,
    /// The issuer's authority line ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …").
    pub authority_line: String,
    /// The issuing body's name lines.
    pub body_lines: Vec<String>,
    /// The fund that pays.
    pub fund: String,
    /// For awards above the addressee: what it is asked to do ("trình Thủ
    /// tướng Chính phủ").
    pub onward: Option<String>,
    /// The authority that decides, in sentences ("Thủ tướng Chính phủ").
    pub decider: String,
}

impl Addressing {
    /// The addressing of documents about awards `authority` decides.
    pub fn of(authority: Authority, settings: &Resolved, config: &Config) -> Addressing {
        let superior = |onward: Option<&str>, decider: &str| Addressing {
            authority,
            code: authority.code().to_owned(),
            addressee: settings.decider.clone(),
            authority_line: settings.decider.to_uppercase(),
            body_lines: settings.deciding_body.clone(),
            fund: settings.fund.clone(),
            onward: onward.map(str::to_owned),
            decider: decider.to_owned(),
        };
        match authority {
            Authority::Head => Addressing {
                authority,
                code: authority.code().to_owned(),
                addressee: settings.head.clone(),
                authority_line: settings.head_line.clone(),
                body_lines: config.document.office.name.clone().unwrap_or_default(),
                fund: settings.own_fund.clone(),
                onward: None,
                decider: settings.head.clone(),
            },
            Authority::Superior => superior(None, &settings.decider),
            Authority::PrimeMinister => {
                superior(Some("trình Thủ tướng Chính phủ"), "Thủ tướng Chính phủ")
            }
            Authority::President => superior(
                Some("trình Thủ tướng Chính phủ xem xét, đề nghị Chủ tịch nước"),
                "Chủ tịch nước",
            ),
        }
    }
}

/// Where a nominee's award goes: a level of the matrix, or the issuer the
/// list names for it ("Bằng khen của Bộ trưởng Bộ Nội vụ").
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Route {
    /// The level that decides it.
    Level(Authority),
    /// An issuer the list names, who is neither the office's head nor its
    /// superior.
    Issuer(String),
}

impl Addressing {
    /// The addressing of a Tờ trình to an issuer the list names.
    /// `issuer` as [`addressed`] writes it.
    fn issuer(issuer: &str, settings: &Resolved) -> Addressing {
        let issuer = issuer.to_owned();
        Addressing {
            authority: Authority::Superior,
            code: ISSUER_CODE.to_owned(),
            addressee: issuer.clone(),
            authority_line: issuer.to_uppercase(),
            body_lines: Vec::new(),
            fund: settings.fund.clone(),
            onward: None,
            decider: issuer,
        }
    }
}

/// An issuer the list names as a Tờ trình addresses it: capitalised, a
/// ministry by its minister ("Bộ Y tế" → "Bộ trưởng Bộ Y tế").
fn addressed(issuer: &str) -> String {
    let mut chars = issuer.chars();
    let issuer: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    let words = crate::law::normalise(&issuer);
    let ministry = words.starts_with("bo ")
        && !["bo truong", "bo chi huy", "bo doi", "bo phan", "bo mon"]
            .iter()
            .any(|w| words.starts_with(w));
    // A department's Giấy khen is its director's, a committee's award its
    // chair's.
    if ministry {
        format!("Bộ trưởng {issuer}")
    } else if words.starts_with("so ") {
        format!("Giám đốc {issuer}")
    } else if words.starts_with("uy ban nhan dan ") {
        format!("Chủ tịch {issuer}")
    } else {
        issuer
    }
}

/// A nominee's route.
fn route_of(nominee: &Nominee, config: &Config, settings: &Resolved) -> Option<Route> {
    let award = nominee.award?;
    let wording = award.wording(&nominee.award_written, &settings.head, &settings.superior);
    Some(match wording.issuer {
        Some(issuer) => Route::Issuer(issuer),
        None => Route::Level(config.commendation.authority_of(award)?),
    })
}

/// Who decides the awards of `nominees`, in the order the documents go:
/// (who, in sentences; collectives, individuals and households).
pub fn deciders(nominees: &[&Nominee], config: &Config, today: Date) -> Vec<(String, [usize; 3])> {
    let settings = settings::resolve(config, today);
    let mut by_decider: Vec<(String, Vec<&Nominee>)> = Vec::new();
    for p in plan(nominees, config, &settings)
        .into_iter()
        .filter(|p| p.template != QUYET_DINH)
    {
        match by_decider.iter_mut().find(|(who, _)| *who == p.to.decider) {
            Some((_, listed)) => listed.extend(p.nominees),
            None => by_decider.push((p.to.decider.clone(), p.nominees)),
        }
    }
    by_decider
        .into_iter()
        .map(|(who, listed)| {
            let counts = NomineeKind::IN_LIST_ORDER.map(|k| distinct(&listed, k));
            (who, counts)
        })
        .collect()
}

/// How many collectives or individuals `nominees` holds, each once
/// however many awards it is proposed for.
fn distinct(nominees: &[&Nominee], kind: NomineeKind) -> usize {
    records::distinct(nominees.iter().copied(), kind)
}

/// One document to make from a nominations list.
struct Plan<'a> {
    template: &'static str,
    /// The document as its file name says it.
    title: String,
    to: Addressing,
    nominees: Vec<&'a Nominee>,
}

/// The documents a nominations list gives, by the authority that decides
/// each award: the head's own Quyết định (one per award, or one for all);
/// for each higher authority a Tờ trình listing only its nominees, with
/// the draft of its Quyết định where the office prepares one.
fn plan<'a>(nominees: &[&'a Nominee], config: &Config, settings: &Resolved) -> Vec<Plan<'a>> {
    // One issuer however the list spells it ("Giám đốc Sở Y tế", "GIÁM
    // ĐỐC SỞ Y TẾ"): one Tờ trình, under the first spelling.
    let mut spellings: Vec<(String, String)> = Vec::new();
    let routed: Vec<(&Nominee, Route)> = nominees
        .iter()
        .filter_map(|n| {
            let route = match route_of(n, config, settings)? {
                Route::Issuer(issuer) => {
                    let issuer = addressed(&issuer);
                    let key = crate::law::normalise(&issuer);
                    match spellings
                        .iter()
                        .find(|(k, _)| crate::law::same_issuer(k, &key))
                    {
                        Some((_, first)) => Route::Issuer(first.clone()),
                        None => {
                            spellings.push((key, issuer.clone()));
                            Route::Issuer(issuer)
                        }
                    }
                }
                level => level,
            };
            Some((*n, route))
        })
        .collect();
    let mut routes: Vec<Route> = routed.iter().map(|(_, r)| r.clone()).collect();
    routes.sort();
    routes.dedup();
    // Other issuers after the superior, before the Prime Minister.
    routes.sort_by_key(|r| match r {
        Route::Level(Authority::Head) => 0,
        Route::Level(Authority::Superior) => 1,
        Route::Issuer(_) => 2,
        Route::Level(Authority::PrimeMinister) => 3,
        Route::Level(Authority::President) => 4,
    });
    let mut out = Vec::new();
    for route in routes {
        let decided: Vec<&Nominee> = routed
            .iter()
            .filter(|(_, r)| *r == route)
            .map(|(n, _)| *n)
            .collect();
        let authority = match &route {
            Route::Issuer(issuer) => {
                let to = Addressing::issuer(issuer, settings);
                out.push(Plan {
                    template: TO_TRINH,
                    title: format!("Tờ trình đề nghị {} khen thưởng", to.decider),
                    to,
                    nominees: decided,
                });
                continue;
            }
            Route::Level(authority) => *authority,
        };
        let to = Addressing::of(authority, settings, config);
        if authority == Authority::Head {
            if config.commendation.decision_per_award {
                for (award, wording) in awards_of(&decided, settings) {
                    let subset: Vec<&Nominee> = decided
                        .iter()
                        .copied()
                        .filter(|n| n.award == Some(award) && wording_of(n, settings) == wording)
                        .collect();
                    out.push(Plan {
                        template: QUYET_DINH_THU_TRUONG,
                        title: format!(
                            "Dự thảo Quyết định {}",
                            award.granting_as(&wording).replace(['“', '”'], "")
                        ),
                        to: to.clone(),
                        nominees: subset,
                    });
                }
            } else {
                out.push(Plan {
                    template: QUYET_DINH_THU_TRUONG,
                    title: format!("Dự thảo Quyết định khen thưởng của {}", settings.head),
                    to,
                    nominees: decided,
                });
            }
            continue;
        }
        let submission_title = match authority {
            Authority::Superior => "Tờ trình đề nghị khen thưởng".to_owned(),
            _ => format!("Tờ trình đề nghị {} khen thưởng", to.decider),
        };
        out.push(Plan {
            template: TO_TRINH,
            title: submission_title,
            to: to.clone(),
            nominees: decided.clone(),
        });
        // The office drafts its superior's decision only: a higher
        // authority's decision is drafted by those who propose to it.
        if authority == Authority::Superior && config.commendation.draft_for.contains(&authority) {
            out.push(Plan {
                template: QUYET_DINH,
                title: "Dự thảo Quyết định khen thưởng".to_owned(),
                to,
                nominees: decided,
            });
        }
    }
    out
}

/// A nominee's award in full wording.
fn wording_of(nominee: &Nominee, settings: &Resolved) -> String {
    match nominee.award {
        Some(award) => {
            award
                .wording(&nominee.award_written, &settings.head, &settings.superior)
                .text
        }
        None => nominee.award_written.clone(),
    }
}

/// The distinct awards (with their wording) of `nominees`, in order of
/// precedence.
fn awards_of(nominees: &[&Nominee], settings: &Resolved) -> Vec<(Award, String)> {
    let mut awards: Vec<(Award, String)> = nominees
        .iter()
        .filter_map(|n| n.award.map(|a| (a, wording_of(n, settings))))
        .collect();
    awards.sort_by(|a, b| (a.0.precedence(), &a.1).cmp(&(b.0.precedence(), &b.1)));
    awards.dedup();
    awards
}

/// What every document says of the office and of the authority it is
/// addressed to (`to`); `unit` stands in for the office's name in
/// sentences when none is configured.
fn office(settings: &Resolved, unit: Option<&str>, to: &Addressing) -> data::Office {
    data::Office {
        co_quan: settings
            .office_in_text
            .clone()
            .or_else(|| unit.map(str::to_owned))
            .unwrap_or_else(|| "Cơ quan".to_owned()),
        don_vi_soan_thao: settings.drafting_unit.clone(),
        ky_hieu: settings.abbreviation.clone(),
        cap_quyet_dinh: to.addressee.clone(),
        quyen_han: to.authority_line.clone(),
        co_quan_quyet_dinh: to.body_lines.clone(),
        quy: to.fund.clone(),
        thi_hanh: settings.executors.clone(),
        ky_hieu_cap_tren: settings.superior_code.clone(),
        ky_thay: settings.superior_deputy.0.clone(),
        chuc_vu_ky_thay: settings.superior_deputy.1.clone(),
        can_cu_to_chuc: settings.superior_basis.clone(),
        dia_danh_cap_tren: settings.superior_place.clone(),
        can_cu_thu_truong: settings.head_basis.clone(),
        nam_van_ban: settings.document_year,
    }
}

fn source(examined: &Examined, campaign: Option<&str>) -> data::Source {
    data::Source {
        don_vi: examined.unit.clone(),
        nam: examined.year,
        phong_trao: campaign.map(str::to_owned),
        tep: examined.file_name.clone(),
    }
}

/// Data of a Tờ trình or Quyết định about `nominees`, addressed `to`.
fn nominations(
    examined: &Examined,
    first: Option<&RecognisedSheet>,
    nominees: &[&Nominee],
    config: &Config,
    settings: &Resolved,
    to: &Addressing,
) -> data::Nominations {
    let (on, base_salary) = match to.authority {
        Authority::Head => (settings.head_decision_date, settings.head_base_salary),
        _ => (settings.decision_date, settings.base_salary),
    };
    let collator = text::VietnameseCollator::new();
    let kinds = [
        (NomineeKind::TapThe, "TẬP THỂ"),
        (NomineeKind::CaNhan, "CÁ NHÂN"),
        (NomineeKind::HoGiaDinh, "HỘ GIA ĐÌNH"),
    ];
    let awards = awards_of(nominees, settings);
    let has = |n: &Nominee, award: &(Award, String)| {
        n.award == Some(award.0) && wording_of(n, settings) == award.1
    };
    let mut groups = Vec::new();
    let mut total_money: u64 = 0;
    for (numeral, (kind, title)) in kinds
        .iter()
        .filter(|(k, _)| nominees.iter().any(|n| n.kind == *k))
        .enumerate()
    {
        let mut sub = Vec::new();
        let mut index = 0;
        for award in &awards {
            let mut rows: Vec<&Nominee> = nominees
                .iter()
                .copied()
                .filter(|n| n.kind == *kind && has(n, award))
                .collect();
            if rows.is_empty() {
                continue;
            }
            // People and households by the name proper (given name first,
            // as lists are ordered), whatever honorific stands before it.
            match kind {
                NomineeKind::CaNhan | NomineeKind::HoGiaDinh => {
                    text::sort_names_by_key(&mut rows, |n| n.name.as_str())
                }
                NomineeKind::TapThe => rows.sort_by(|a, b| collator.compare(&a.name, &b.name)),
            }
            let list: Vec<data::ListRow> = rows
                .iter()
                .map(|n| {
                    index += 1;
                    let money = config.money.money(award.0, n.kind, on).map(|m| m.amount);
                    total_money += money.unwrap_or(0);
                    let place = [n.position.as_deref(), n.unit.as_deref()]
                        .into_iter()
                        .flatten()
                        .filter(|s| !s.trim().is_empty())
                        .collect::<Vec<_>>()
                        .join(", ");
                    data::ListRow {
                        stt: index,
                        ten: n.printed_name(),
                        chuc_vu: n.position.clone(),
                        don_vi: n.unit.clone(),
                        chuc_vu_don_vi: place,
                        hinh_thuc: award.1.clone(),
                        thanh_tich: n.achievement.clone(),
                        tien: money,
                    }
                })
                .collect();
            sub.push(data::AwardGroup {
                ten: award.1.clone(),
                so: list.len(),
                danh_sach: list,
            });
        }
        groups.push(data::KindGroup {
            so_la_ma: crate::document::roman(numeral as u32 + 1),
            ten: (*title).to_owned(),
            so: distinct(nominees, *kind),
            hinh_thuc: sub,
        });
    }
    let count = |kind: NomineeKind, award: Option<&(Award, String)>| {
        nominees
            .iter()
            .filter(|n| n.kind == kind && award.is_none_or(|a| has(n, a)))
            .count()
    };
    let per_award: Vec<data::AwardTotal> = awards
        .iter()
        .map(|award| {
            let (tt, cn, hgd) = (
                count(NomineeKind::TapThe, Some(award)),
                count(NomineeKind::CaNhan, Some(award)),
                count(NomineeKind::HoGiaDinh, Some(award)),
            );
            let each = |kind: NomineeKind| config.money.money(award.0, kind, on);
            let person = each(NomineeKind::CaNhan).filter(|_| cn > 0);
            let group = each(NomineeKind::TapThe).filter(|_| tt > 0);
            let household = each(NomineeKind::HoGiaDinh).filter(|_| hgd > 0);
            let total = person.map_or(0, |m| m.amount * cn as u64)
                + group.map_or(0, |m| m.amount * tt as u64)
                + household.map_or(0, |m| m.amount * hgd as u64);
            data::AwardTotal {
                ten: award.1.clone(),
                de_nghi: award.0.granting_as(&award.1),
                la_danh_hieu: award.0.is_title(),
                so_tap_the: tt,
                so_ca_nhan: cn,
                so_ho_gia_dinh: hgd,
                dem: counts_phrase(tt, cn, hgd),
                tien_ca_nhan: person.map(|m| m.amount),
                he_so_ca_nhan: person.map(|m| coefficient_text(m.coefficient)),
                tien_tap_the: group.map(|m| m.amount),
                he_so_tap_the: group.map(|m| coefficient_text(m.coefficient)),
                tien_ho_gia_dinh: household.map(|m| m.amount),
                he_so_ho_gia_dinh: household.map(|m| coefficient_text(m.coefficient)),
                tong_tien: total,
            }
        })
        .collect();
    // A nominee proposed for two awards is one person (one collective):
    // the totals count each once, the per-award counts each time.
    let (tt, cn, hgd) = (
        distinct(nominees, NomineeKind::TapThe),
        distinct(nominees, NomineeKind::CaNhan),
        distinct(nominees, NomineeKind::HoGiaDinh),
    );
    let de_nghi = match awards.as_slice() {
        [(award, wording)] => award.granting_as(wording),
        _ => "khen thưởng".to_owned(),
    };
    let campaign = first.and_then(|s| s.metadata.campaign.as_deref());
    data::Nominations {
        office: office(settings, examined.unit.as_deref(), to),
        source: source(examined, campaign),
        so_tap_the: tt,
        so_ca_nhan: cn,
        dem: counts_phrase(tt, cn, hgd),
        so_ho_gia_dinh: hgd,
        doi_tuong: kinds_phrase(tt, cn, hgd),
        de_nghi,
        hinh_thuc: per_award,
        nhom: groups,
        tong_tien: total_money,
        luong_co_so: base_salary,
        ngay_tinh_tien: text::ngay_thang_nam(on),
        trinh_tiep: to.onward.clone(),
        cap_co_tham_quyen: to.decider.clone(),
        cap: to.code.clone(),
        can_cu_nghi_dinh: crate::law::detailing_decree(on).to_owned(),
        van_ban: imposed(config, to),
    }
}

/// What the data imposes on a document over the office's settings:
/// - a Tờ trình to an issuer the list names (another head, a minister) is
///   addressed to that issuer, whatever Kính gửi the office set for the
///   Tờ trình to its superior;
/// - a commune chair's own decision is his, not the committee's: signed
///   without the "TM. ỦY BAN NHÂN DÂN" line the committee's Tờ trình
///   carries (unless `[documents.quyet-dinh-thu-truong.signer]` says).
fn imposed(config: &Config, to: &Addressing) -> Option<data::Imposed> {
    let recipients = (to.code == ISSUER_CODE).then(|| vec![to.addressee.clone()]);
    let own_signer = config
        .documents
        .get(QUYET_DINH_THU_TRUONG)
        .is_some_and(|d| d.signer.authority.is_some());
    let signer = (to.authority == Authority::Head
        && config.commendation.level == crate::law::OfficeLevel::Commune
        && !own_signer)
        .then(|| config.document.signer.authority.clone())
        .flatten()
        .filter(|lines| lines.first().is_some_and(|l| l.trim().starts_with("TM.")))
        .map(|lines| data::ImposedSigner {
            authority: lines.into_iter().skip(1).collect(),
        });
    (recipients.is_some() || signer.is_some()).then_some(data::Imposed { recipients, signer })
}

/// Data of the score report.
fn scores(
    examined: &Examined,
    sheet: &RecognisedSheet,
    criteria: &[Criterion],
    subjects: &[Subject],
    config: &Config,
    settings: &Resolved,
) -> data::Scores {
    let mut ranked: Vec<&Subject> = subjects.iter().collect();
    ranked.sort_by_key(|s| s.rank);
    let rows = ranked
        .iter()
        .map(|s| data::RankRow {
            hang: s.rank,
            // A person with his unit: "Nguyễn Văn An, Phòng Kinh tế".
            ten: match &s.unit {
                Some(unit) => format!("{}, {unit}", s.name),
                None => s.name.clone(),
            },
            diem: s
                .scores
                .iter()
                .map(|d| d.map(score_text).unwrap_or_default())
                .collect(),
            tong: score_text(s.total),
            xep_loai: s.classification.clone(),
        })
        .collect();
    let classes = config
        .recognise
        .bands
        .iter()
        .map(|band| data::ClassCount {
            ten: band.name.clone(),
            tu: score_text(band.min),
            so: subjects
                .iter()
                .filter(|s| s.classification == band.name)
                .count(),
        })
        .collect();
    let max_total: f64 = criteria
        .iter()
        .filter(|c| c.part == Part::Criterion)
        .filter_map(|c| c.max)
        .sum();
    // The ranked table: rank, name, one column per criterion, total, class.
    let share = (48 / criteria.len().max(1)).clamp(6, 10);
    let mut widths = vec!["10".to_owned(), "40".to_owned()];
    widths.extend(criteria.iter().map(|_| share.to_string()));
    widths.extend(["11".to_owned(), "16".to_owned()]);
    let mut align = vec!["c", "l"];
    align.extend(criteria.iter().map(|_| "c"));
    align.extend(["c", "c"]);
    data::Scores {
        office: office(
            settings,
            examined.unit.as_deref(),
            &Addressing::of(Authority::Superior, settings, config),
        ),
        source: source(examined, sheet.metadata.campaign.as_deref()),
        tieu_chi: criteria
            .iter()
            .enumerate()
            .scan(0, |n, (i, c)| {
                let (so, ma, loai) = match c.part {
                    Part::Criterion => {
                        *n += 1;
                        (*n, format!("TC{n}"), "tieu_chi")
                    }
                    Part::Bonus => (0, short_label(&c.label), "thuong"),
                    Part::Deduction => (0, short_label(&c.label), "tru"),
                };
                let nhom_moi = c.group.is_some() && (i == 0 || criteria[i - 1].group != c.group);
                Some(data::CriterionRow {
                    so,
                    ma,
                    loai,
                    nhom: c.group.clone(),
                    nhom_moi,
                    ten: c.label.clone(),
                    ten_ngan: short_label(&c.label),
                    toi_da: c.max.map(score_text),
                })
            })
            .collect(),
        tong_toi_da: (max_total > 0.0).then(|| score_text(max_total)),
        xep_hang: rows,
        xep_loai: classes,
        so_doi_tuong: subjects.len(),
        trang: sheet.name.clone(),
        chieu_rong: widths.join(","),
        can_le: align.join(","),
        tieu_de: sheet.metadata.title.clone(),
    }
}

/// Gives back what rendering keeps between documents, once a long-running
/// service is idle (see [`crate::render::release_memory`]).
pub fn release_memory() {
    crate::render::release_memory();
}

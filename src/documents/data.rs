//! The data each template is filled with: the templates' contract. An
//! office that edits a template may use every field below (by its
//! Vietnamese name, the name the template sees); a field is never removed
//! or renamed without keeping the old name.
//!
//! Every document gets [`Office`]; a document made from one workbook also
//! gets [`Source`]. Values are plain text and numbers: they print
//! literally, whatever they hold.

use serde::Serialize;

/// Who writes and who decides; in every document.
#[derive(Debug, Clone, Serialize)]
pub struct Office {
    /// The office as written in sentences ("Văn phòng UBND tỉnh Quảng
    /// Trị"); the submitting unit, or "Cơ quan", when not configured.
    pub co_quan: String,
    /// Drafting unit abbreviation ("TH"), for "Lưu: VT, TH".
    pub don_vi_soan_thao: Option<String>,
    /// The office's abbreviation in document codes ("VPUBND").
    pub ky_hieu: String,
    /// Who the document addresses (Kính gửi) or, for a Quyết định, who
    /// decides, in sentences ("Chủ tịch Ủy ban nhân dân tỉnh Quảng Trị";
    /// "Giám đốc Sở Nội vụ" in the head's own Quyết định).
    pub cap_quyet_dinh: String,
    /// The deciding person's authority line ("CHỦ TỊCH ỦY BAN NHÂN DÂN
    /// TỈNH QUẢNG TRỊ", "GIÁM ĐỐC SỞ NỘI VỤ").
    pub quyen_han: String,
    /// The deciding body's name lines (["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG
    /// TRỊ"]).
    pub co_quan_quyet_dinh: Vec<String>,
    /// The fund that pays the awards (the deciding level's).
    pub quy: String,
    /// Who carries out the superior's Quyết định, before "Thủ trưởng các
    /// cơ quan, đơn vị có liên quan" ("Chánh Văn phòng Ủy ban nhân dân
    /// tỉnh, Giám đốc Sở Nội vụ, Giám đốc Sở Tài chính, Giám đốc Sở Y tế").
    pub thi_hanh: String,
    /// The superior's abbreviation in its document codes ("UBND", "BYT").
    pub ky_hieu_cap_tren: String,
    /// The superior's deputy signing its Quyết định: "KT. CHỦ TỊCH",
    /// "KT. BỘ TRƯỞNG".
    pub ky_thay: String,
    /// That deputy's position: "PHÓ CHỦ TỊCH", "THỨ TRƯỞNG".
    pub chuc_vu_ky_thay: String,
    /// The first basis of the superior's Quyết định: the law that
    /// organises it ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16
    /// tháng 6 năm 2025;").
    pub can_cu_to_chuc: String,
    /// The law that organises the office's head, first basis of his own
    /// Quyết định (a commune's chair); empty when none is known.
    pub can_cu_thu_truong: String,
    /// The place the superior's documents are dated at ("Quảng Trị", "Hà
    /// Nội").
    pub dia_danh_cap_tren: String,
    /// The year the document is dated in.
    pub nam_van_ban: i32,
}

/// The workbook a document was made from.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    /// The submitting unit, when known.
    pub don_vi: Option<String>,
    /// The year of the list or the scoring.
    pub nam: i32,
    /// The campaign, khối or cụm thi đua, when the title rows name one.
    pub phong_trao: Option<String>,
    /// The workbook's file name.
    pub tep: String,
}

/// Data of the Tờ trình and of the draft Quyết định.
#[derive(Debug, Clone, Serialize)]
pub struct Nominations {
    /// Who writes and decides.
    #[serde(flatten)]
    pub office: Office,
    /// The workbook.
    #[serde(flatten)]
    pub source: Source,
    /// Collectives nominated, each once however many awards it is
    /// proposed for.
    pub so_tap_the: usize,
    /// Individuals nominated, each once.
    pub so_ca_nhan: usize,
    /// "02 tập thể, 05 cá nhân" (each once).
    pub dem: String,
    /// Households, each once.
    pub so_ho_gia_dinh: usize,
    /// Who the nominees are, as sentences name them: "tập thể, cá nhân",
    /// "cá nhân và hộ gia đình".
    pub doi_tuong: String,
    /// What is asked, for one award ("tặng Bằng khen của Chủ tịch UBND
    /// tỉnh"), else "khen thưởng".
    pub de_nghi: String,
    /// One entry per award, in order of precedence.
    pub hinh_thuc: Vec<AwardTotal>,
    /// The list: collectives then individuals, by award.
    pub nhom: Vec<KindGroup>,
    /// Total money of the list, đồng.
    pub tong_tien: u64,
    /// The base salary that prices it.
    pub luong_co_so: Option<u64>,
    /// The date that priced it ("ngày 05 tháng 01 năm 2026").
    pub ngay_tinh_tien: String,
    /// For awards above the addressee, what the Tờ trình asks it to do
    /// ("trình Thủ tướng Chính phủ"); none when it decides itself.
    pub trinh_tiep: Option<String>,
    /// The authority that decides these awards, in sentences.
    pub cap_co_tham_quyen: String,
    /// That authority's code: "thu-truong", "cap-tren", "thu-tuong",
    /// "chu-tich-nuoc".
    pub cap: String,
    /// The căn cứ line of the decree detailing the law in force on the
    /// decision date (Nghị định 152/2025 from 01/07/2025, 98/2023 before).
    pub can_cu_nghi_dinh: String,
    /// Settings the data imposes over the office's `[documents.…]` ones.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub van_ban: Option<Imposed>,
}

/// Document settings the data imposes (read as the template's `van_ban`).
#[derive(Debug, Clone, Serialize)]
pub struct Imposed {
    /// Kính gửi.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recipients: Option<Vec<String>>,
    /// The signatory's authority lines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signer: Option<ImposedSigner>,
}

/// The signatory lines the data imposes.
#[derive(Debug, Clone, Serialize)]
pub struct ImposedSigner {
    /// Authority lines ("KT. CHỦ TỊCH").
    pub authority: Vec<String>,
}

/// One award of a list with its counts and money.
#[derive(Debug, Clone, Serialize)]
pub struct AwardTotal {
    /// The award's official wording.
    pub ten: String,
    /// The award as the object of a decision ("công nhận danh hiệu
    /// “Lao động tiên tiến”").
    pub de_nghi: String,
    /// A danh hiệu thi đua rather than a hình thức khen thưởng.
    pub la_danh_hieu: bool,
    /// Collectives with this award.
    pub so_tap_the: usize,
    /// Individuals with this award.
    pub so_ca_nhan: usize,
    /// Households with this award.
    pub so_ho_gia_dinh: usize,
    /// "01 tập thể, 03 cá nhân".
    pub dem: String,
    /// Money per individual.
    pub tien_ca_nhan: Option<u64>,
    /// Coefficient per individual ("0,3").
    pub he_so_ca_nhan: Option<String>,
    /// Money per collective.
    pub tien_tap_the: Option<u64>,
    /// Coefficient per collective.
    pub he_so_tap_the: Option<String>,
    /// Money per household (a person's, unless configured).
    pub tien_ho_gia_dinh: Option<u64>,
    /// Coefficient per household.
    pub he_so_ho_gia_dinh: Option<String>,
    /// Money of the award in all.
    pub tong_tien: u64,
}

/// The nominees of one kind, by award.
#[derive(Debug, Clone, Serialize)]
pub struct KindGroup {
    /// "I", "II".
    pub so_la_ma: String,
    /// "TẬP THỂ", "CÁ NHÂN" or "HỘ GIA ĐÌNH".
    pub ten: String,
    /// Nominees of the kind, each once.
    pub so: usize,
    /// One group per award.
    pub hinh_thuc: Vec<AwardGroup>,
}

/// The nominees of one kind with one award, in official name order.
#[derive(Debug, Clone, Serialize)]
pub struct AwardGroup {
    /// The award.
    pub ten: String,
    /// How many.
    pub so: usize,
    /// The rows.
    pub danh_sach: Vec<ListRow>,
}

/// One nominee as listed.
#[derive(Debug, Clone, Serialize)]
pub struct ListRow {
    /// Number within the kind.
    pub stt: usize,
    /// Name.
    pub ten: String,
    /// Position.
    pub chuc_vu: Option<String>,
    /// Unit.
    pub don_vi: Option<String>,
    /// "Position, unit".
    pub chuc_vu_don_vi: String,
    /// The award.
    pub hinh_thuc: String,
    /// Achievement.
    pub thanh_tich: Option<String>,
    /// Money, đồng.
    pub tien: Option<u64>,
}

/// Data of the score report of one sheet.
#[derive(Debug, Clone, Serialize)]
pub struct Scores {
    /// Who writes and decides.
    #[serde(flatten)]
    pub office: Office,
    /// The workbook.
    #[serde(flatten)]
    pub source: Source,
    /// The criteria.
    pub tieu_chi: Vec<CriterionRow>,
    /// Sum of the maxima ("100"), when every criterion states one.
    pub tong_toi_da: Option<String>,
    /// The ranked table.
    pub xep_hang: Vec<RankRow>,
    /// Count per class.
    pub xep_loai: Vec<ClassCount>,
    /// Subjects scored.
    pub so_doi_tuong: usize,
    /// The sheet's name.
    pub trang: String,
    /// Column widths of the ranked table ("10,40,8,8,11,16").
    pub chieu_rong: String,
    /// Column alignment of the ranked table ("c,l,c,c,c,c").
    pub can_le: String,
    /// The sheet's title line.
    pub tieu_de: Option<String>,
}

/// One criterion.
#[derive(Debug, Clone, Serialize)]
pub struct CriterionRow {
    /// Number, from 1, among the criteria (0 for a bonus or deduction
    /// column).
    pub so: usize,
    /// The ranked table's column header: "TC1", "Điểm thưởng", "Điểm trừ".
    pub ma: String,
    /// "tieu_chi", "thuong" (bonus, added) or "tru" (deduction, taken off).
    pub loai: &'static str,
    /// The group of the scheme's tree it belongs to, as written ("I. Công
    /// tác chuyên môn (60 điểm)").
    pub nhom: Option<String>,
    /// The first criterion of its group: the group is named before it.
    pub nhom_moi: bool,
    /// Header text.
    pub ten: String,
    /// Header text without numbering and maximum.
    pub ten_ngan: String,
    /// Maximum ("40").
    pub toi_da: Option<String>,
}

/// One row of the ranked table.
#[derive(Debug, Clone, Serialize)]
pub struct RankRow {
    /// Rank (shared on ties).
    pub hang: usize,
    /// Name.
    pub ten: String,
    /// Score per criterion ("9,5"; empty when missing).
    pub diem: Vec<String>,
    /// Total.
    pub tong: String,
    /// Classification.
    pub xep_loai: String,
}

/// How many subjects fell in a class.
#[derive(Debug, Clone, Serialize)]
pub struct ClassCount {
    /// The class.
    pub ten: String,
    /// Its lowest total.
    pub tu: String,
    /// How many.
    pub so: usize,
}

/// Data of the yearly Báo cáo tổng hợp.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Who writes and decides.
    #[serde(flatten)]
    pub office: Office,
    /// The year.
    pub nam: i32,
    /// Units with accepted lists.
    pub so_don_vi: usize,
    /// "03 tập thể, 08 cá nhân".
    pub dem: String,
    /// Collectives in all.
    pub tong_tap_the: u64,
    /// Individuals in all.
    pub tong_ca_nhan: u64,
    /// Households in all.
    pub tong_ho_gia_dinh: u64,
    /// One row per unit, in Vietnamese order.
    pub don_vi: Vec<UnitRow>,
    /// Counts per award, in order of precedence.
    pub hinh_thuc: Vec<SummaryAward>,
}

/// One unit of the summary.
#[derive(Debug, Clone, Serialize)]
pub struct UnitRow {
    /// The unit.
    pub ten: String,
    /// Collectives.
    pub tap_the: u64,
    /// Individuals.
    pub ca_nhan: u64,
    /// Households.
    pub ho_gia_dinh: u64,
}

/// One award of the summary.
#[derive(Debug, Clone, Serialize)]
pub struct SummaryAward {
    /// The award.
    pub ten: String,
    /// "01 tập thể, 03 cá nhân".
    pub dem: String,
}

//! The law's vocabulary of commendation (Luật Thi đua, khen thưởng 2022 and
//! Nghị định 98/2023): the kinds of nominee, the titles and forms of award
//! with their official wording and order of precedence, and the money each
//! carries ([`money`]).
//!
//! Invariant: this module knows nothing of workbooks or documents; it uses
//! only `text` (comparison keys to match an award however it is spelt).

pub mod authority;
pub mod money;

pub use authority::{Authority, OfficeLevel};
pub use money::{BaseSalary, Money, MoneyRules, Rounding};

use crate::text;

/// The law's three kinds of recipient (Luật Thi đua, khen thưởng 2022):
/// cá nhân, tập thể, hộ gia đình.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NomineeKind {
    /// An individual.
    CaNhan,
    /// A collective.
    TapThe,
    /// A household ("Hộ ông …", "Gia đình bà …").
    HoGiaDinh,
}

impl NomineeKind {
    /// The kinds in the order lists set them out: I. TẬP THỂ, II. CÁ NHÂN,
    /// III. HỘ GIA ĐÌNH.
    pub const IN_LIST_ORDER: [NomineeKind; 3] = [
        NomineeKind::TapThe,
        NomineeKind::CaNhan,
        NomineeKind::HoGiaDinh,
    ];

    /// "cá nhân", "tập thể", "hộ gia đình".
    pub fn label(self) -> &'static str {
        match self {
            NomineeKind::CaNhan => "cá nhân",
            NomineeKind::TapThe => "tập thể",
            NomineeKind::HoGiaDinh => "hộ gia đình",
        }
    }

    /// The kind a label names: a kind cell, a section row, a sheet's name
    /// ("Tập thể", "CA NHAN", "Hộ gia đình", "HGĐ"), compared on its
    /// accent-free words.
    pub fn from_label(label: &str) -> Option<NomineeKind> {
        let w = normalise(label);
        let w = w.trim();
        if w.is_empty() {
            return None;
        }
        if w.starts_with("ho gia dinh") || w == "hgd" || w == "ho" || w == "gia dinh" {
            Some(NomineeKind::HoGiaDinh)
        } else if w.starts_with("tap the") || ["tt", "to chuc", "don vi"].contains(&w) {
            Some(NomineeKind::TapThe)
        } else if w.starts_with("ca nhan") || w == "cn" {
            Some(NomineeKind::CaNhan)
        } else {
            None
        }
    }
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
    /// Huân chương Lao động hạng Nhất.
    HuanChuongLaoDongHangNhat,
    /// Huân chương Lao động hạng Nhì.
    HuanChuongLaoDongHangNhi,
    /// Huân chương Lao động hạng Ba.
    HuanChuongLaoDongHangBa,
    /// Gia đình văn hóa (a household's title, from the commune chair).
    GiaDinhVanHoa,
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
            Award::HuanChuongLaoDongHangNhat => "Huân chương Lao động hạng Nhất",
            Award::HuanChuongLaoDongHangNhi => "Huân chương Lao động hạng Nhì",
            Award::HuanChuongLaoDongHangBa => "Huân chương Lao động hạng Ba",
            Award::GiaDinhVanHoa => "Gia đình văn hóa",
        }
    }

    /// The wording under the office's superior: the superior's own
    /// awards carry its name ("Bằng khen của Chủ tịch UBND thành phố",
    /// "Bằng khen của Bộ trưởng Bộ Y tế", "Chiến sĩ thi đua cấp Bộ").
    pub fn name_under(self, superior: &Superior) -> String {
        match (self, superior) {
            (Award::BangKhenTinh, Superior::City(_)) => {
                "Bằng khen của Chủ tịch UBND thành phố".into()
            }
            (Award::CoThiDuaTinh, Superior::City(_)) => "Cờ thi đua của UBND thành phố".into(),
            (Award::ChienSiThiDuaTinh, Superior::City(_)) => {
                "Chiến sĩ thi đua cấp thành phố".into()
            }
            (Award::BangKhenTinh, Superior::Ministry(ministry)) => {
                format!("Bằng khen của Bộ trưởng {ministry}")
            }
            (Award::CoThiDuaTinh, Superior::Ministry(ministry)) => {
                format!("Cờ thi đua của {ministry}")
            }
            (Award::ChienSiThiDuaTinh, Superior::Ministry(_)) => "Chiến sĩ thi đua cấp Bộ".into(),
            (award, _) => award.name().to_owned(),
        }
    }

    /// Every award the law names, in order of precedence.
    pub const ALL: [Award; 15] = [
        Award::HuanChuongLaoDongHangNhat,
        Award::HuanChuongLaoDongHangNhi,
        Award::HuanChuongLaoDongHangBa,
        Award::CoThiDuaChinhPhu,
        Award::ChienSiThiDuaToanQuoc,
        Award::BangKhenThuTuong,
        Award::CoThiDuaTinh,
        Award::ChienSiThiDuaTinh,
        Award::TapTheLaoDongXuatSac,
        Award::BangKhenTinh,
        Award::ChienSiThiDuaCoSo,
        Award::TapTheLaoDongTienTien,
        Award::LaoDongTienTien,
        Award::GiayKhen,
        Award::GiaDinhVanHoa,
    ];

    /// Who confers it in the award's own wording under `superior` ("Chủ
    /// tịch UBND tỉnh" in "Bằng khen của Chủ tịch UBND tỉnh"), as
    /// comparison words; `None` for titles and for the Giấy khen, which many
    /// heads give (Điều 75.1).
    fn issuer_words(self, superior: &Superior) -> Option<String> {
        match self {
            Award::CoThiDuaChinhPhu => Some("chinh phu".into()),
            Award::BangKhenThuTuong => Some("thu tuong chinh phu".into()),
            Award::CoThiDuaTinh | Award::BangKhenTinh => {
                let name = self.name_under(superior);
                issuer_of(&name).map(|named| normalise(named.issuer))
            }
            _ => None,
        }
    }

    /// The award's full wording for a nominee whose list wrote `written`,
    /// for an office whose head is `head` under `superior`:
    /// - the law's wording (the superior's own awards named after it);
    /// - for a Giấy khen, "Giấy khen của" its issuer: the head when the list
    ///   names none or names the head (even short: "của Giám đốc Sở"), else
    ///   the issuer the list names, who decides it instead
    ///   ([`Wording::issuer`]);
    /// - an award naming another issuer than the law's ("Bằng khen của Bộ
    ///   trưởng Bộ Nội vụ" from a Sở of a province) stays as written, that
    ///   issuer deciding it.
    pub fn wording(self, written: &str, head: &str, superior: &Superior) -> Wording {
        let written = written.split_whitespace().collect::<Vec<_>>().join(" ");
        let named = issuer_of(&written);
        let official = |text: String| Wording { text, issuer: None };
        match (self, named) {
            (Award::GiayKhen, None) => official(format!("Giấy khen của {head}")),
            (Award::GiayKhen, Some(named))
                if same_issuer(head, named.issuer) || names_no_body(named.issuer) =>
            {
                official(format!("Giấy khen của {head}"))
            }
            (Award::GiayKhen, Some(named)) => Wording {
                text: format!("Giấy khen của {}", named.issuer),
                issuer: Some(named.issuer.to_owned()),
            },
            (award, Some(named)) => {
                let mut written_words = normalise(named.issuer);
                // Another province's chair is another issuer, though his
                // title reads like ours; ours, named, is ours.
                let mut elsewhere = false;
                if let (Some(place), Some(ours)) =
                    (named_place(&written_words), superior.place_words())
                {
                    if place == ours {
                        let cut = written_words.len() - place.len();
                        written_words.truncate(cut);
                        written_words = written_words.trim().to_owned();
                    } else {
                        elsewhere = true;
                    }
                }
                match award.issuer_words(superior) {
                    Some(words) if elsewhere || !same_words(&words, &written_words) => Wording {
                        text: format!(
                            "{} của {}",
                            capitalised(&expand_short(named.head)),
                            named.issuer
                        ),
                        issuer: Some(named.issuer.to_owned()),
                    },
                    _ => official(award.name_under(superior)),
                }
            }
            (award, None) => official(award.name_under(superior)),
        }
    }

    /// Order of precedence, 0 the highest: lists group awards in this
    /// order.
    pub fn precedence(self) -> u8 {
        Award::ALL
            .iter()
            .position(|a| *a == self)
            .map_or(u8::MAX, |p| p as u8)
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
        self.granting_as(self.name())
    }

    /// [`Award::granting`] with the award worded as `wording` (a Giấy
    /// khen with its issuer).
    pub fn granting_as(self, wording: &str) -> String {
        match self {
            Award::LaoDongTienTien
            | Award::ChienSiThiDuaCoSo
            | Award::TapTheLaoDongTienTien
            | Award::GiaDinhVanHoa => format!("công nhận danh hiệu “{wording}”"),
            a if a.is_title() => format!("tặng danh hiệu “{wording}”"),
            _ => format!("tặng {wording}"),
        }
    }

    /// Only individuals receive it.
    pub fn individual_only(self) -> bool {
        matches!(
            self,
            Award::LaoDongTienTien
                | Award::ChienSiThiDuaCoSo
                | Award::ChienSiThiDuaTinh
                | Award::ChienSiThiDuaToanQuoc
        )
    }

    /// Only households receive it (Gia đình văn hóa).
    pub fn household_only(self) -> bool {
        self == Award::GiaDinhVanHoa
    }

    /// A household may receive it: Bằng khen, Giấy khen, Gia đình văn hóa;
    /// no title of individuals or collectives, no order.
    pub fn for_household(self) -> bool {
        matches!(
            self,
            Award::GiayKhen | Award::BangKhenTinh | Award::BangKhenThuTuong | Award::GiaDinhVanHoa
        )
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
        // A remark in brackets is no part of the award: "Chiến sĩ thi đua
        // cấp tỉnh (03 năm liền CSTĐ cơ sở)".
        let mut bare = String::new();
        let mut depth = 0usize;
        for c in written.chars() {
            match c {
                '(' | '[' => depth += 1,
                ')' | ']' => depth = depth.saturating_sub(1),
                c if depth == 0 => bare.push(c),
                _ => {}
            }
        }
        // "LĐTT hoặc CSTĐCS", even in brackets: a choice left to the
        // reader is no award.
        let whole = normalise(written);
        if let Some((a, b)) = whole.split_once(" hoac ")
            && Award::parse(a).is_some()
            && Award::parse(b).is_some()
        {
            return None;
        }
        let w = match normalise(without_remark(&bare)) {
            w if w.is_empty() => whole,
            w => w,
        };
        let has = |p: &str| w.contains(p);
        Some(if has("huan chuong lao dong") || w.starts_with("hcld") {
            // The class is part of the award: without it, nothing is guessed.
            let class = w
                .split_once("hang ")
                .map(|(_, rest)| rest.split(' ').next().unwrap_or_default())
                .or_else(|| w.strip_prefix("hcld"))
                .unwrap_or_default();
            match class {
                "nhat" | "1" | "i" => Award::HuanChuongLaoDongHangNhat,
                "nhi" | "2" | "ii" => Award::HuanChuongLaoDongHangNhi,
                "ba" | "3" | "iii" => Award::HuanChuongLaoDongHangBa,
                _ => return None,
            }
        } else if has("gia dinh van hoa") {
            Award::GiaDinhVanHoa
        } else if has("tap the lao dong xuat sac") {
            Award::TapTheLaoDongXuatSac
        } else if has("tap the lao dong tien tien") {
            Award::TapTheLaoDongTienTien
        } else if has("co thi dua") {
            if has("chinh phu") {
                Award::CoThiDuaChinhPhu
            } else {
                Award::CoThiDuaTinh
            }
        } else if has("chien si thi dua") {
            // The level is part of the title: without it, nothing is guessed.
            let words: Vec<&str> = w.split(' ').collect();
            let word = |x: &str| words.contains(&x);
            if has("toan quoc") {
                Award::ChienSiThiDuaToanQuoc
            } else if ["cap tinh", "cap bo", "cap thanh pho", "cap nganh"]
                .iter()
                .any(|level| has(level))
            {
                Award::ChienSiThiDuaTinh
            } else if has("co so") {
                Award::ChienSiThiDuaCoSo
            } else if word("tinh") || has("thanh pho") || word("bo") || word("nganh") {
                Award::ChienSiThiDuaTinh
            } else {
                return None;
            }
        } else if has("lao dong tien tien") {
            Award::LaoDongTienTien
        } else if has("bang khen") {
            // "Bằng khen của Chính phủ" is the Prime Minister's.
            if has("thu tuong") || has("chinh phu") {
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

/// The decree detailing the Luật Thi đua, khen thưởng in force on `on`, as
/// a căn cứ line: Nghị định 152/2025 from 01/07/2025, Nghị định 98/2023
/// before.
pub fn detailing_decree(on: text::Date) -> &'static str {
    if text::Date::new(2025, 7, 1).is_ok_and(|repealed| on < repealed) {
        "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;"
    } else {
        "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết một số điều của Luật Thi đua, khen thưởng;"
    }
}

/// Phrases that open a remark about the nominee's past ("đã có 03 năm
/// liền CSTĐCS", "Ghi chú: …"): awards named after them are no proposal.
const REMARKS: [&str; 8] = [
    "ghi chú",
    " đã có",
    " đã đạt",
    " đã được",
    " đã từng",
    " năm liền",
    " liên tục",
    "ghi chu",
];

/// `written` without a remark about the nominee's past, cut at the
/// separator before it ("Chiến sĩ thi đua cấp tỉnh, đã có 03 năm liền
/// CSTĐCS" → "Chiến sĩ thi đua cấp tỉnh").
fn without_remark(written: &str) -> &str {
    let lower = written.to_lowercase();
    let Some(at) = REMARKS
        .iter()
        .filter_map(|r| lower.find(r))
        .min()
        .filter(|at| written.is_char_boundary(*at))
    else {
        return written;
    };
    // Back to the separator that opens the remark.
    let cut = written[..at]
        .rfind(|c: char| ",;:-–—(\n".contains(c))
        .unwrap_or(at);
    let kept = written[..cut].trim_end();
    if kept.is_empty() { written } else { kept }
}

/// The awards of a cell that names several ("LĐTT, Bằng khen của Chủ
/// tịch UBND tỉnh"; "Lao động tiên tiến và Giấy khen"; one per line), as
/// written, when it names more than one; else `None`. A part that is no
/// award continues the one before it, so an issuer whose name holds a
/// comma or "và" stays whole ("LĐTT, Bằng khen của Bộ trưởng Bộ Văn hóa,
/// Thể thao và Du lịch" is two awards; "Giấy khen của Giám đốc Sở Nội vụ,
/// tỉnh Quảng Trị" one).
pub fn several_awards(written: &str) -> Option<Vec<String>> {
    // "LĐTT hoặc CSTĐCS" is a choice, not two proposals: the validation
    // names it.
    if format!(" {} ", normalise(written)).contains(" hoac ") {
        return None;
    }
    let written = without_remark(written);
    const SEPARATORS: [&str; 12] = [
        "\n", ";", ",", "+", "/", " - ", "-", "–", "—", "&", " và ", " va ",
    ];
    // The cell cut at each separator, each piece with the separator that
    // ends it.
    let mut pieces: Vec<(&str, &str)> = Vec::new();
    let mut rest = written;
    loop {
        let next = SEPARATORS
            .iter()
            .filter_map(|sep| rest.find(sep).map(|at| (at, *sep)))
            .min_by_key(|(at, _)| *at);
        match next {
            Some((at, sep)) => {
                pieces.push((&rest[..at], sep));
                rest = &rest[at + sep.len()..];
            }
            None => {
                pieces.push((rest, ""));
                break;
            }
        }
    }
    let tidy = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut parts: Vec<String> = Vec::new();
    // What joins a piece to the one before it, as it reads back.
    let mut glue = "";
    for (piece, sep) in pieces {
        let piece = tidy(piece);
        if piece.is_empty() {
            continue;
        }
        match parts.last_mut() {
            Some(last) if Award::parse(&piece).is_none() => {
                last.push_str(glue);
                last.push_str(&piece);
            }
            _ => parts.push(piece),
        }
        glue = match sep {
            "\n" => " ",
            "," => ", ",
            ";" => "; ",
            "+" => " + ",
            other => other,
        };
    }
    let parts: Vec<String> = parts.into_iter().map(|p| tidy(&p)).collect();
    (parts.len() > 1 && parts.iter().all(|p| Award::parse(p).is_some())).then_some(parts)
}

/// An award's full wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wording {
    /// The text, as documents print it.
    pub text: String,
    /// The issuer the list names when it is not the one the law's wording
    /// (or, for a Giấy khen, the office's head) gives: who decides this
    /// award instead.
    pub issuer: Option<String>,
}

/// Whose awards the office's superior gives, for their wording.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Superior {
    /// A province's People's Committee (the default), with the province's
    /// name ("Quảng Trị") when the configuration gives it, else empty.
    Province(String),
    /// A city of provincial level's People's Committee, with its name
    /// ("Huế") when known.
    City(String),
    /// A ministry ("Bộ Y tế").
    Ministry(String),
}

impl Default for Superior {
    fn default() -> Superior {
        Superior::Province(String::new())
    }
}

impl Superior {
    /// The province's or city's name, as comparison words, if known.
    fn place_words(&self) -> Option<String> {
        match self {
            Superior::Province(place) | Superior::City(place) => {
                Some(normalise(place)).filter(|p| !p.is_empty())
            }
            Superior::Ministry(_) => None,
        }
    }
}

/// The province or city an issuer names ("Chủ tịch UBND tỉnh Hà Tĩnh" →
/// "ha tinh"), as comparison words.
fn named_place(issuer_words: &str) -> Option<&str> {
    let at = issuer_words
        .find("thanh pho ")
        .map(|at| at + "thanh pho ".len())
        .or_else(|| {
            issuer_words.split(' ').position(|w| w == "tinh").map(|i| {
                issuer_words
                    .split(' ')
                    .take(i + 1)
                    .map(|w| w.len() + 1)
                    .sum::<usize>()
            })
        })?;
    issuer_words
        .get(at..)
        .map(str::trim)
        .filter(|p| !p.is_empty())
}

/// The same issuer written two ways: one's words are among the other's
/// ("Giám đốc Sở" and "Giám đốc Sở Nội vụ"; "UBND tỉnh" and "Chủ tịch UBND
/// tỉnh"; "Sở Nội vụ" and "Giám đốc Sở Nội vụ").
pub fn same_issuer(a: &str, b: &str) -> bool {
    same_words(&normalise(a), &normalise(b))
}

fn same_words(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.is_empty() {
        return false;
    }
    // The shorter's words among the longer's, in order ("so noi vu" in
    // "giam doc so noi vu tinh quang tri"; "chu tich tinh" in "chu tich uy
    // ban nhan dan tinh").
    let mut longer = long.split(' ');
    short.split(' ').all(|w| longer.any(|l| l == w))
}

/// An award's short name written out: "BK" → "Bằng khen", "GK" → "Giấy
/// khen"; any other as written.
fn expand_short(head: &str) -> String {
    match normalise(head).as_str() {
        "bang khen" => "Bằng khen".to_owned(),
        "giay khen" => "Giấy khen".to_owned(),
        _ => head.to_owned(),
    }
}

/// The first letter in capitals.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// An issuer named by his title alone, of no body in particular ("Giám
/// đốc Sở", "Thủ trưởng cơ quan", "Chủ tịch UBND xã", as the province
/// software's code tables word them): the head of the office that sends
/// the list.
fn names_no_body(issuer: &str) -> bool {
    const GENERIC: &[&str] = &[
        "giam doc",
        "giam doc so",
        "thu truong",
        "thu truong co quan",
        "thu truong don vi",
        "thu truong co quan don vi",
        "thu truong co quan, don vi",
        "chu tich uy ban nhan dan xa",
        "chu tich uy ban nhan dan cap xa",
        "chu tich uy ban nhan dan phuong",
        "chu tich xa",
        "hieu truong",
        "vien truong",
        "cuc truong",
        "chi cuc truong",
        "tong giam doc",
        "giam doc doanh nghiep",
    ];
    let words = normalise(issuer);
    GENERIC.contains(&words.trim())
}

/// The issuer an award as written names, and the award's words before it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Named<'a> {
    /// The award's words ("Bằng khen", "BK").
    head: &'a str,
    /// The issuer ("Bộ trưởng Bộ Y tế").
    issuer: &'a str,
}

/// Who an award as written names as its issuer, if anyone: what follows
/// "của" ("Giấy khen của Giám đốc Sở" → "Giám đốc Sở"), else what follows
/// the award's name when it names a body or a post ("Bằng khen Bộ trưởng
/// Bộ Y tế", "BK UBND tỉnh", "Giấy khen Giám đốc Sở Y tế"; "Bằng khen cấp
/// tỉnh" → "tỉnh"). A remark after the issuer is no part of it ("… (Đã có
/// 02 năm HTXSNV)", "…: thành tích năm 2025", "… về thành tích …").
fn issuer_of(written: &str) -> Option<Named<'_>> {
    let written = written.trim();
    let lower = written.to_lowercase();
    // "của", or "cua" typed without accents; each is the same length in
    // both cases: lower-casing keeps the byte offsets of these letters.
    let cua = [" của ", " cua "]
        .iter()
        .find_map(|word| lower.find(word).map(|at| (at, word.len())));
    let (head, rest) = match cua {
        Some((at, len)) => (written.get(..at)?, written.get(at + len..)?.trim()),
        None => {
            let (head, rest) = after_award_name(written)?;
            let rest = rest.trim_start_matches(|c: char| "(-–:".contains(c) || c.is_whitespace());
            // "cấp tỉnh" is the province's.
            let rest = match normalise(rest).split(' ').next() {
                Some("cap") => rest
                    .split_once(char::is_whitespace)
                    .map_or("", |(_, r)| r.trim()),
                _ => rest,
            };
            let first = normalise(rest);
            let first = first.split(' ').next().unwrap_or_default();
            const POSTS: [&str; 17] = [
                "chu", "bo", "giam", "thu", "uy", "so", "chinh", "tong", "cuc", "vien", "hieu",
                "tinh", "thanh", "hoi", "ban", "truong", "ttg",
            ];
            if !POSTS.contains(&first) {
                return None;
            }
            (head, rest)
        }
    };
    // The issuer ends where a remark begins.
    let mut end = rest.len();
    for stop in ['(', '[', ':', ';'] {
        if let Some(at) = rest.find(stop) {
            end = end.min(at);
        }
    }
    // Remarks begin with these phrases; single words would cut real
    // names ("Ủy ban Quốc gia về người cao tuổi", "người có công",
    // "huyện Năm Căn").
    let lower_rest = rest.to_lowercase();
    const OPENINGS: [&str; 13] = [
        " về thành tích",
        " vì thành tích",
        " về việc",
        " do có",
        " do đã",
        " có thành tích",
        " thành tích",
        " trong năm",
        " trong công tác",
        " trong phong trào",
        " đợt ",
        " cho tập thể",
        " cho cá nhân",
    ];
    for stop in REMARKS.iter().chain(&OPENINGS) {
        if let Some(at) = lower_rest.find(stop)
            && rest.is_char_boundary(at)
        {
            end = end.min(at);
        }
    }
    // " năm 2025", not "Năm Căn".
    if let Some(at) = lower_rest
        .match_indices(" năm ")
        .map(|(at, _)| at)
        .find(|at| lower_rest[at + " năm ".len()..].starts_with(|c: char| c.is_ascii_digit()))
        && rest.is_char_boundary(at)
    {
        end = end.min(at);
    }
    let issuer = rest[..end].trim().trim_end_matches([',', '.', '-']).trim();
    (!issuer.is_empty()).then_some(Named {
        head: head.trim(),
        issuer,
    })
}

/// An award written as its name and what follows ("Bằng khen Bộ trưởng
/// Bộ Y tế" → ("Bằng khen", "Bộ trưởng Bộ Y tế")), for the awards that
/// name an issuer: Bằng khen, Giấy khen, Cờ thi đua (and BK, GK).
fn after_award_name(written: &str) -> Option<(&str, &str)> {
    const NAMES: [&str; 3] = ["bang khen", "giay khen", "co thi dua"];
    // The end of each of the first three words.
    let mut ends = Vec::new();
    let mut in_word = false;
    for (i, c) in written.char_indices() {
        if c.is_whitespace() {
            if in_word {
                ends.push(i);
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    if in_word {
        ends.push(written.len());
    }
    ends.into_iter()
        .take(3)
        .find(|end| NAMES.contains(&normalise(&written[..*end]).as_str()))
        .map(|end| written.split_at(end))
}

/// Accent-free words with the spellings of the same word made one:
/// "sỹ" → "si", "đ" → "d", abbreviations expanded. Labels of the
/// commendation process (awards, kinds, section rows) compare on these.
pub fn normalise(written: &str) -> String {
    let key = text::accent_free_key(written);
    let words: Vec<&str> = key
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| match w {
            "sy" => "si",
            "ubnd" => "uy ban nhan dan",
            "ttg" => "thu tuong",
            "gd" => "giam doc",
            // The award abbreviations offices write.
            "gk" => "giay khen",
            "bk" => "bang khen",
            "bkttg" => "bang khen thu tuong",
            "ldtt" => "lao dong tien tien",
            "tldtt" | "ttldtt" => "tap the lao dong tien tien",
            "tldxs" | "ttldxs" => "tap the lao dong xuat sac",
            "cstd" => "chien si thi dua",
            "cstdcs" => "chien si thi dua co so",
            "cstdt" => "chien si thi dua cap tinh",
            "cstdtq" => "chien si thi dua toan quoc",
            "hcld" => "huan chuong lao dong",
            "gdvh" => "gia dinh van hoa",
            other => other,
        })
        .collect();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_of_several_awards_is_read_as_each() {
        let parts = |w: &str| several_awards(w);
        assert_eq!(
            parts("LĐTT, Bằng khen của Chủ tịch UBND tỉnh"),
            Some(vec![
                "LĐTT".to_owned(),
                "Bằng khen của Chủ tịch UBND tỉnh".to_owned()
            ])
        );
        for written in [
            "Lao động tiên tiến; Chiến sĩ thi đua cơ sở",
            "Lao động tiên tiến\nChiến sĩ thi đua cơ sở",
            "Lao động tiên tiến và Chiến sĩ thi đua cơ sở",
            "Lao động tiên tiến + CSTĐCS",
            "LĐTT/CSTĐCS",
            "LĐTT / BK UBND tỉnh",
            "LĐTT - CSTĐCS",
        ] {
            assert_eq!(parts(written).map(|p| p.len()), Some(2), "{written:?}");
        }
        // An issuer's name with a comma or "và" stays whole.
        assert_eq!(
            parts("LĐTT, Bằng khen của Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch"),
            Some(vec![
                "LĐTT".to_owned(),
                "Bằng khen của Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch".to_owned()
            ])
        );
        assert_eq!(
            parts("CSTĐCS và Bằng khen của Bộ trưởng Bộ Lao động - Thương binh và Xã hội"),
            Some(vec![
                "CSTĐCS".to_owned(),
                "Bằng khen của Bộ trưởng Bộ Lao động - Thương binh và Xã hội".to_owned()
            ])
        );
        assert_eq!(
            parts("Lao động tiên tiến; Giấy khen của Giám đốc Sở Nội vụ, tỉnh Quảng Trị"),
            Some(vec![
                "Lao động tiên tiến".to_owned(),
                "Giấy khen của Giám đốc Sở Nội vụ, tỉnh Quảng Trị".to_owned()
            ])
        );
        // One award, whatever its punctuation.
        for written in [
            "Bằng khen của Bộ trưởng Bộ Lao động - Thương binh và Xã hội",
            "Giấy khen của Giám đốc Sở Nội vụ, tỉnh Quảng Trị",
            "Bằng khen của Chủ tịch\nUBND tỉnh",
            "Lao động tiên tiến",
            "LĐTT, năm 2025",
        ] {
            assert_eq!(parts(written), None, "{written:?}");
        }
    }

    #[test]
    fn awards_keep_their_full_wording() {
        let head = "Giám đốc Sở Nội vụ";
        let province = Superior::default();
        let wording = |written: &str| {
            let award = Award::parse(written).unwrap();
            award.wording(written, head, &province)
        };
        assert_eq!(
            wording("Giấy khen").text,
            "Giấy khen của Giám đốc Sở Nội vụ"
        );
        assert!(wording("Giấy khen của Giám đốc Sở Y tế").issuer.is_some());
        for short in [
            "giấy khen của giám đốc sở",
            "Giấy khen của GĐ Sở Nội vụ",
            "Giấy khen của Giám đốc Sở Nội vụ tỉnh Quảng Trị",
            // The province software's code tables name the head by his
            // title alone: the head of the office that sends the list.
            "Giấy khen của Thủ trưởng cơ quan, đơn vị",
            "Giấy khen của Thủ trưởng đơn vị",
        ] {
            let w = wording(short);
            assert_eq!(w.text, "Giấy khen của Giám đốc Sở Nội vụ", "{short}");
            assert_eq!(w.issuer, None, "the head, written another way: {short}");
        }
        let commune = wording("Giấy khen của Chủ tịch UBND xã Hải Phú");
        assert_eq!(commune.text, "Giấy khen của Chủ tịch UBND xã Hải Phú");
        assert_eq!(
            commune.issuer.as_deref(),
            Some("Chủ tịch UBND xã Hải Phú"),
            "another head's Giấy khen is his to give"
        );
        for written in [
            "Bằng khen UBND tỉnh",
            "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
            "Bằng khen của UBND tỉnh",
        ] {
            let w = wording(written);
            assert_eq!(w.text, "Bằng khen của Chủ tịch UBND tỉnh", "{written}");
            assert_eq!(w.issuer, None, "{written}");
        }
        let minister = wording("bằng khen của Bộ trưởng Bộ Y tế");
        assert_eq!(minister.text, "Bằng khen của Bộ trưởng Bộ Y tế");
        assert_eq!(minister.issuer.as_deref(), Some("Bộ trưởng Bộ Y tế"));
        // Under the ministry, its Bằng khen is the superior's own.
        let ministry = Superior::Ministry("Bộ Y tế".into());
        let own = Award::BangKhenTinh.wording("Bằng khen của Bộ trưởng Bộ Y tế", head, &ministry);
        assert_eq!(
            (own.text.as_str(), own.issuer),
            ("Bằng khen của Bộ trưởng Bộ Y tế", None)
        );
        assert_eq!(
            Award::BangKhenTinh
                .wording("Bằng khen", head, &ministry)
                .text,
            "Bằng khen của Bộ trưởng Bộ Y tế"
        );
        assert_eq!(
            Award::ChienSiThiDuaTinh
                .wording("Chiến sĩ thi đua", head, &Superior::City(String::new()))
                .text,
            "Chiến sĩ thi đua cấp thành phố"
        );
        assert_eq!(wording("LĐTT").text, "Lao động tiên tiến");
        for (short, award) in [
            ("GK", Award::GiayKhen),
            ("BK UBND tỉnh", Award::BangKhenTinh),
            ("BKTTg", Award::BangKhenThuTuong),
            ("GĐVH", Award::GiaDinhVanHoa),
            ("BK TTg", Award::BangKhenThuTuong),
            ("TTLĐTT", Award::TapTheLaoDongTienTien),
            ("TTLĐXS", Award::TapTheLaoDongXuatSac),
            ("CSTĐCS", Award::ChienSiThiDuaCoSo),
            ("CSTĐ cơ sở", Award::ChienSiThiDuaCoSo),
            ("CSTĐ cấp tỉnh", Award::ChienSiThiDuaTinh),
            ("CSTĐTQ", Award::ChienSiThiDuaToanQuoc),
            ("HCLĐ hạng III", Award::HuanChuongLaoDongHangBa),
            (
                "Huân chương Lao động hạng II",
                Award::HuanChuongLaoDongHangNhi,
            ),
            ("HCLĐ1", Award::HuanChuongLaoDongHangNhat),
            (
                "Huân chương lao động hạng nhất",
                Award::HuanChuongLaoDongHangNhat,
            ),
        ] {
            assert_eq!(Award::parse(short), Some(award), "{short}");
        }
        // The issuer without "của".
        for (written, text, issuer) in [
            (
                "Bằng khen Bộ trưởng Bộ Y tế",
                "Bằng khen của Bộ trưởng Bộ Y tế",
                Some("Bộ trưởng Bộ Y tế"),
            ),
            (
                "BK Bộ trưởng Bộ Y tế (thành tích đột xuất)",
                "Bằng khen của Bộ trưởng Bộ Y tế",
                Some("Bộ trưởng Bộ Y tế"),
            ),
            // A remark after the issuer is no part of it.
            (
                "Bằng khen của Chủ tịch UBND tỉnh (Đã có 02 năm HTXSNV)",
                "Bằng khen của Chủ tịch UBND tỉnh",
                None,
            ),
            (
                "Bằng khen của Chủ tịch UBND tỉnh: thành tích năm 2025",
                "Bằng khen của Chủ tịch UBND tỉnh",
                None,
            ),
            (
                "Bằng khen của Chủ tịch UBND tỉnh về thành tích phòng, chống dịch COVID-19",
                "Bằng khen của Chủ tịch UBND tỉnh",
                None,
            ),
            (
                "Giấy khen của Giám đốc Sở Nội vụ (thành tích đột xuất)",
                "Giấy khen của Giám đốc Sở Nội vụ",
                None,
            ),
            ("BK UBND tỉnh", "Bằng khen của Chủ tịch UBND tỉnh", None),
            // Typed without accents.
            (
                "Giay khen cua Giam doc So Y te",
                "Giấy khen của Giam doc So Y te",
                Some("Giam doc So Y te"),
            ),
            (
                "Bằng khen - Bộ trưởng Bộ Y tế",
                "Bằng khen của Bộ trưởng Bộ Y tế",
                Some("Bộ trưởng Bộ Y tế"),
            ),
            (
                "Bằng khen cấp tỉnh",
                "Bằng khen của Chủ tịch UBND tỉnh",
                None,
            ),
            (
                "Giấy khen Giám đốc Sở Y tế",
                "Giấy khen của Giám đốc Sở Y tế",
                Some("Giám đốc Sở Y tế"),
            ),
            (
                "Giấy khen năm 2025",
                "Giấy khen của Giám đốc Sở Nội vụ",
                None,
            ),
            (
                "Giấy khen của Sở Nội vụ",
                "Giấy khen của Giám đốc Sở Nội vụ",
                None,
            ),
            (
                "Bằng khen của Chính phủ",
                "Bằng khen của Thủ tướng Chính phủ",
                None,
            ),
        ] {
            let w = wording(written);
            assert_eq!(
                (w.text.as_str(), w.issuer.as_deref()),
                (text, issuer),
                "{written}"
            );
        }
        // Another province's chair is not ours.
        let ours = Superior::Province("QUẢNG TRỊ".into());
        for (written, other) in [
            ("Bằng khen của Chủ tịch UBND tỉnh Hà Tĩnh", true),
            ("Bằng khen của Chủ tịch UBND tỉnh Quảng Trị", false),
            ("BK UBND tỉnh Quảng Trị", false),
            ("Bằng khen UBND tinh Quang Tri", false),
            ("Bằng khen của UBND tỉnh Quảng Trị (02 năm liền)", false),
            ("Bằng khen của Chủ tịch UBND tỉnh", false),
        ] {
            let w = Award::BangKhenTinh.wording(written, head, &ours);
            assert_eq!(w.issuer.is_some(), other, "{written}: {w:?}");
        }
        assert_eq!(
            Award::parse("Chiến sĩ thi đua cấp tỉnh (03 năm liền CSTĐ cơ sở)"),
            Some(Award::ChienSiThiDuaTinh)
        );
        assert_eq!(
            Award::parse("Lao động tiên tiến (năm thứ 3)"),
            Some(Award::LaoDongTienTien)
        );
        assert_eq!(
            Award::parse("LĐTT hoặc CSTĐCS"),
            None,
            "a choice is no award"
        );
        assert_eq!(Award::parse("HCLĐ"), None);
        assert_eq!(Award::parse("CSTĐ"), None);
        assert_eq!(
            Award::parse("Huân chương Lao động hạng Ba"),
            Some(Award::HuanChuongLaoDongHangBa)
        );
        // A class or a level is part of the award: none is guessed.
        assert_eq!(Award::parse("Huân chương Lao động"), None);
        assert_eq!(Award::parse("Chiến sĩ thi đua"), None);
        assert_eq!(
            Award::parse("Chiến sĩ thi đua cấp Bộ"),
            Some(Award::ChienSiThiDuaTinh)
        );
        assert_eq!(Award::parse("Gia đình văn hóa"), Some(Award::GiaDinhVanHoa));
        assert_eq!(
            Award::GiayKhen.granting_as("Giấy khen của Giám đốc Sở Nội vụ"),
            "tặng Giấy khen của Giám đốc Sở Nội vụ"
        );
    }
}

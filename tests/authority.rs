//! Issue 12: each award goes to the authority that decides it, with its
//! full wording. One nominations list mixing every level, rendered by
//! `vanthu render` for a Sở, read back from the DOCX and the PDF of each
//! document: who issues it, its authority line, Kính gửi, title, Điều 1,
//! counts, money and the nominees it lists (its own, and only its own).

use std::path::{Path, PathBuf};

use crate::util::{self, show, vanthu};
use crate::workbooks::{docx_table_rows, docx_text, grouped, pdf_text};

const CONFIG: &str = r#"
date = "2026-01-05"
[office]
parent = "UBND TỈNH QUẢNG TRỊ"
name = ["SỞ NỘI VỤ"]
abbreviation = "SNV"
name_in_text = "Sở Nội vụ"
place = "Quảng Trị"
[signer]
authority = ["KT. GIÁM ĐỐC"]
position = "PHÓ GIÁM ĐỐC"
name = "Trần Văn Bình"
[documents.quyet-dinh-khen-thuong.signer]
authority = ["KT. CHỦ TỊCH"]
position = "PHÓ CHỦ TỊCH"
name = "Lê Văn Cường"
"#;

/// (name, position, unit, award, kind) of the list; Nguyễn Văn An is
/// proposed for two awards of two levels.
const ROWS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "Nguyễn Văn An",
        "Chuyên viên",
        "Phòng Tổ chức",
        "Lao động tiên tiến",
        "Cá nhân",
    ),
    (
        "Trần Thị Bích",
        "Chuyên viên",
        "Văn phòng Sở",
        "Lao động tiên tiến",
        "Cá nhân",
    ),
    (
        "Lê Minh Châu",
        "Trưởng phòng",
        "Phòng Tổ chức",
        "Chiến sĩ thi đua cơ sở",
        "Cá nhân",
    ),
    (
        "Phòng Tổ chức",
        "",
        "Sở Nội vụ",
        "Tập thể lao động tiên tiến",
        "Tập thể",
    ),
    (
        "Phạm Văn Dũng",
        "Kế toán",
        "Văn phòng Sở",
        "Giấy khen",
        "Cá nhân",
    ),
    (
        "Văn phòng Sở",
        "",
        "Sở Nội vụ",
        "Giấy khen của Giám đốc Sở",
        "Tập thể",
    ),
    (
        "Nguyễn Văn An",
        "Chuyên viên",
        "Phòng Tổ chức",
        "Bằng khen của Chủ tịch UBND tỉnh",
        "Cá nhân",
    ),
    (
        "Phòng Công chức",
        "",
        "Sở Nội vụ",
        "Bằng khen của Chủ tịch UBND tỉnh",
        "Tập thể",
    ),
    (
        "Phòng Cải cách hành chính",
        "",
        "Sở Nội vụ",
        "Tập thể lao động xuất sắc",
        "Tập thể",
    ),
    (
        "Hoàng Thị Giang",
        "Phó Giám đốc",
        "Sở Nội vụ",
        "Bằng khen của Bộ trưởng Bộ Nội vụ",
        "Cá nhân",
    ),
    (
        "Đỗ Văn Hải",
        "Giám đốc",
        "Sở Nội vụ",
        "Bằng khen của Thủ tướng Chính phủ",
        "Cá nhân",
    ),
    (
        "Vũ Thị Kim",
        "Trưởng phòng",
        "Phòng Công chức",
        "Chiến sĩ thi đua toàn quốc",
        "Cá nhân",
    ),
    (
        "Bùi Văn Long",
        "Phó Giám đốc",
        "Sở Nội vụ",
        "Huân chương Lao động hạng Ba",
        "Cá nhân",
    ),
];

/// The list as a department types it, rendered for the Sở.
fn rendered() -> (tempfile::TempDir, std::process::Output) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vanthu.toml"), CONFIG).unwrap();
    let numbers: Vec<String> = (1..=ROWS.len()).map(|n| n.to_string()).collect();
    let mut rows = vec![
        vec!["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025"],
        vec![
            "STT",
            "Họ và tên",
            "Chức vụ",
            "Đơn vị công tác",
            "Hình thức khen thưởng",
            "Đối tượng",
        ],
    ];
    for ((name, position, unit, award, kind), n) in ROWS.iter().zip(&numbers) {
        rows.push(vec![n, name, position, unit, award, kind]);
    }
    std::fs::write(
        dir.path().join("ds.xlsx"),
        util::xlsx_of_rows("Danh sách", &rows),
    )
    .unwrap();
    let out = vanthu(dir.path(), &["render", "ds.xlsx", "--out", "out"]);
    assert!(out.status.success(), "{}", show(&out));
    (dir, out)
}

/// A document by its file name (without extension) in `out`.
fn doc(dir: &Path, stem: &str) -> (PathBuf, PathBuf) {
    let docx = dir.join(format!("out/{stem} - ds.docx"));
    let pdf = dir.join(format!("out/{stem} - ds.pdf"));
    assert!(
        docx.exists() && pdf.exists(),
        "{stem}: {:?}",
        std::fs::read_dir(dir.join("out"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect::<Vec<_>>()
    );
    (docx, pdf)
}

/// The names listed in the document's Danh sách (the DOCX table).
fn listed(docx: &Path) -> Vec<String> {
    let mut names: Vec<String> = docx_table_rows(docx)
        .into_iter()
        .filter(|r| r.len() >= 5 && r[0].parse::<u32>().is_ok())
        .map(|r| r[1].clone())
        .collect();
    names.sort();
    names
}

/// Both texts hold each of `said`.
fn says(docx: &Path, pdf: &Path, said: &[&str]) {
    let (d, p) = (docx_text(docx), pdf_text(pdf));
    for s in said {
        assert!(d.contains(s), "DOCX {}: {s:?} in\n{d}", docx.display());
        assert!(p.contains(s), "PDF {}: {s:?} in\n{p}", pdf.display());
    }
}

fn sorted(names: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
    names.sort();
    names
}

#[test]
fn the_head_decides_his_own_awards_one_quyet_dinh_each() {
    let (dir, _) = rendered();
    let d = dir.path();
    let base = 2_340_000u64; // in force on 05/01/2026
    let money = |hundredths: u64| (base * hundredths / 100).div_ceil(10_000) * 10_000;

    let (docx, pdf) = doc(
        d,
        "Dự thảo Quyết định công nhận danh hiệu Lao động tiên tiến",
    );
    says(
        &docx,
        &pdf,
        &[
            "SỞ NỘI VỤ",
            "GIÁM ĐỐC SỞ NỘI VỤ",
            "Về việc công nhận danh hiệu “Lao động tiên tiến” năm 2025",
            "Điều 1. Công nhận danh hiệu “Lao động tiên tiến” cho 02 cá nhân",
            &format!("mỗi cá nhân: {} đồng", grouped(money(30))),
            &format!("Tổng số tiền thưởng: {} đồng", grouped(2 * money(30))),
            "KT. GIÁM ĐỐC",
            "PHÓ GIÁM ĐỐC",
            "Trần Văn Bình",
        ],
    );
    assert!(
        !docx_text(&docx).contains("CHỦ TỊCH"),
        "the head decides, not the chair"
    );
    assert_eq!(listed(&docx), sorted(&["Nguyễn Văn An", "Trần Thị Bích"]));
    // Its list is attached to the head's decision, not the office's.
    says(&docx, &pdf, &["của Giám đốc Sở Nội vụ)"]);

    let (docx, pdf) = doc(
        d,
        "Dự thảo Quyết định công nhận danh hiệu Tập thể lao động tiên tiến",
    );
    says(
        &docx,
        &pdf,
        &[
            "Điều 1. Công nhận danh hiệu “Tập thể lao động tiên tiến” cho 01 tập thể",
            &format!("mỗi tập thể: {} đồng", grouped(money(80))),
        ],
    );
    assert_eq!(listed(&docx), sorted(&["Phòng Tổ chức"]));

    let (docx, _) = doc(
        d,
        "Dự thảo Quyết định công nhận danh hiệu Chiến sĩ thi đua cơ sở",
    );
    assert_eq!(listed(&docx), sorted(&["Lê Minh Châu"]));

    // "Giấy khen" and "Giấy khen của Giám đốc Sở" are the head's one award,
    // in its full wording.
    let (docx, pdf) = doc(
        d,
        "Dự thảo Quyết định tặng Giấy khen của Giám đốc Sở Nội vụ",
    );
    says(
        &docx,
        &pdf,
        &[
            "Về việc tặng Giấy khen của Giám đốc Sở Nội vụ năm 2025",
            "Điều 1. Tặng Giấy khen của Giám đốc Sở Nội vụ cho 01 tập thể, 01 cá nhân",
            &format!(
                "Tổng số tiền thưởng: {} đồng",
                grouped(money(30) + money(60))
            ),
        ],
    );
    assert_eq!(listed(&docx), sorted(&["Phạm Văn Dũng", "Văn phòng Sở"]));
    let rows = docx_table_rows(&docx);
    assert!(
        rows.iter().any(|r| r.len() >= 5
            && r[1] == "Phạm Văn Dũng"
            && r[3] == "Giấy khen của Giám đốc Sở Nội vụ"),
        "{rows:?}"
    );
}

#[test]
fn a_to_trinh_per_higher_authority_with_only_its_nominees() {
    let (dir, out) = rendered();
    let d = dir.path();

    // The provincial chair: a Tờ trình and the draft of the chair's own
    // Quyết định, signed as the chair's.
    let (docx, pdf) = doc(d, "Tờ trình đề nghị khen thưởng");
    says(
        &docx,
        &pdf,
        &[
            "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Quảng Trị",
            "Sở Nội vụ kính trình Chủ tịch Ủy ban nhân dân tỉnh Quảng Trị xem xét, khen thưởng cho 02 tập thể, 01 cá nhân",
            "Tặng Bằng khen của Chủ tịch UBND tỉnh cho 01 tập thể, 01 cá nhân",
            "Tặng danh hiệu “Tập thể lao động xuất sắc” cho 01 tập thể",
            "KT. GIÁM ĐỐC",
        ],
    );
    let chair = sorted(&[
        "Nguyễn Văn An",
        "Phòng Công chức",
        "Phòng Cải cách hành chính",
    ]);
    assert_eq!(listed(&docx), chair, "the chair's nominees only");

    let (docx, pdf) = doc(d, "Dự thảo Quyết định khen thưởng");
    says(
        &docx,
        &pdf,
        &[
            "ỦY BAN NHÂN DÂN",
            "TỈNH QUẢNG TRỊ",
            "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ",
            "Xét đề nghị của Sở Nội vụ",
            "Điều 1. Khen thưởng cho 02 tập thể, 01 cá nhân",
            "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, Giám đốc Sở Tài chính, Thủ trưởng các cơ quan",
            "KT. CHỦ TỊCH",
            "Lê Văn Cường",
        ],
    );
    assert_eq!(listed(&docx), chair);

    // A Bằng khen the list says a minister gives: asked of the minister,
    // in a Tờ trình of its own.
    let (docx, pdf) = doc(d, "Tờ trình đề nghị Bộ trưởng Bộ Nội vụ khen thưởng");
    says(
        &docx,
        &pdf,
        &[
            "Kính gửi: Bộ trưởng Bộ Nội vụ",
            "Sở Nội vụ kính trình Bộ trưởng Bộ Nội vụ xem xét, tặng Bằng khen của Bộ trưởng Bộ Nội vụ cho 01 cá nhân",
        ],
    );
    assert_eq!(listed(&docx), sorted(&["Hoàng Thị Giang"]));

    // The Prime Minister and the State President: asked through the chair,
    // no draft of their decisions.
    let (docx, pdf) = doc(d, "Tờ trình đề nghị Thủ tướng Chính phủ khen thưởng");
    says(
        &docx,
        &pdf,
        &[
            "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Quảng Trị",
            "Về việc đề nghị Thủ tướng Chính phủ khen thưởng năm 2025",
            "xem xét, trình Thủ tướng Chính phủ khen thưởng cho 02 cá nhân",
            "Tặng Bằng khen của Thủ tướng Chính phủ cho 01 cá nhân",
            "Tặng danh hiệu “Chiến sĩ thi đua toàn quốc” cho 01 cá nhân",
        ],
    );
    assert_eq!(listed(&docx), sorted(&["Đỗ Văn Hải", "Vũ Thị Kim"]));
    let (docx, pdf) = doc(d, "Tờ trình đề nghị Chủ tịch nước khen thưởng");
    says(
        &docx,
        &pdf,
        &[
            "Về việc đề nghị tặng Huân chương Lao động hạng Ba năm 2025",
            "trình Thủ tướng Chính phủ xem xét, đề nghị Chủ tịch nước tặng Huân chương Lao động hạng Ba cho 01 cá nhân",
        ],
    );
    assert_eq!(listed(&docx), sorted(&["Bùi Văn Long"]));

    let files: Vec<String> = std::fs::read_dir(d.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files.len(), 2 * 9, "{files:?}");
    assert!(
        !files
            .iter()
            .any(|f| f.contains("Dự thảo Quyết định khen thưởng của Thủ tướng")),
        "{files:?}"
    );

    // `vanthu check` tells the admin who decides what before anything is
    // made.
    let check = vanthu(d, &["check", "ds.xlsx"]);
    let said = String::from_utf8_lossy(&check.stdout);
    for line in [
        "Cấp quyết định:",
        "  Giám đốc Sở Nội vụ: 02 tập thể, 04 cá nhân",
        "  Chủ tịch Ủy ban nhân dân tỉnh Quảng Trị: 02 tập thể, 01 cá nhân",
        "  Bộ trưởng Bộ Nội vụ: 01 cá nhân",
        "  Thủ tướng Chính phủ: 02 cá nhân",
        "  Chủ tịch nước: 01 cá nhân",
    ] {
        assert!(said.contains(line), "{line:?} in\n{said}");
    }

    // A wording the law does not list stays, with a warning naming its cell.
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("Lưu ý: Trang 'Danh sách', ô E12: hình thức “Bằng khen của Bộ trưởng Bộ Nội vụ” do Bộ trưởng Bộ Nội vụ quyết định"),
        "{said}"
    );
}

/// The office may set who decides and how its head's decisions are made.
#[test]
fn the_matrix_and_the_decisions_are_the_office_s_to_set() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("vanthu.toml"),
        format!(
            "{CONFIG}\n[commendation]\ndecision_per_award = false\n[commendation.authority]\n\"Chiến sĩ thi đua cơ sở\" = \"cap-tren\"\n"
        ),
    )
    .unwrap();
    let list = util::xlsx_of_rows(
        "Danh sách",
        &[
            vec![
                "STT",
                "Họ và tên",
                "Chức vụ",
                "Đơn vị công tác",
                "Hình thức khen thưởng",
            ],
            vec![
                "1",
                "Nguyễn Văn An",
                "Chuyên viên",
                "Phòng Tổ chức",
                "Lao động tiên tiến",
            ],
            vec![
                "2",
                "Lê Minh Châu",
                "Trưởng phòng",
                "Phòng Tổ chức",
                "Chiến sĩ thi đua cơ sở",
            ],
            vec!["3", "Phạm Văn Dũng", "Kế toán", "Văn phòng Sở", "Giấy khen"],
            vec![
                "4",
                "Nguyễn Văn An",
                "Chuyên viên",
                "Phòng Tổ chức",
                "Giấy khen",
            ],
            vec![
                "5",
                "Đỗ Văn Hải",
                "Giám đốc",
                "Sở Nội vụ",
                "Bằng khen của Thủ tướng Chính phủ",
            ],
        ],
    );
    std::fs::write(d.join("ds.xlsx"), list).unwrap();
    let out = vanthu(d, &["render", "ds.xlsx", "--out", "out"]);
    assert!(out.status.success(), "{}", show(&out));
    // One Quyết định of the head for both of his awards; Nguyễn Văn An,
    // proposed for both, is one of the two people it rewards.
    let (docx, pdf) = doc(d, "Dự thảo Quyết định khen thưởng của Giám đốc Sở Nội vụ");
    says(
        &docx,
        &pdf,
        &[
            "Khen thưởng cho 02 cá nhân",
            "Công nhận danh hiệu “Lao động tiên tiến” cho 01 cá nhân;",
            "Tặng Giấy khen của Giám đốc Sở Nội vụ cho 02 cá nhân.",
            "Tổng cộng: 02 cá nhân",
        ],
    );
    assert_eq!(
        listed(&docx),
        sorted(&["Nguyễn Văn An", "Nguyễn Văn An", "Phạm Văn Dũng"])
    );
    // Chiến sĩ thi đua cơ sở moved up to the chair.
    let (docx, _) = doc(d, "Tờ trình đề nghị khen thưởng");
    assert_eq!(listed(&docx), sorted(&["Lê Minh Châu"]));
    // The Prime Minister's award is asked for; its decision is not the
    // office's to draft.
    let (docx, _) = doc(d, "Tờ trình đề nghị Thủ tướng Chính phủ khen thưởng");
    assert_eq!(listed(&docx), sorted(&["Đỗ Văn Hải"]));
    assert!(
        !d.join("out/Dự thảo Quyết định khen thưởng của Thủ tướng Chính phủ - ds.pdf")
            .exists()
    );
    // Settings the law does not allow are refused, naming the key.
    let bad = vanthu(d, &["check", "ds.xlsx", "--config", "bad.toml"]);
    assert_eq!(bad.status.code(), Some(2));
    for (toml, said) in [
        (
            "[commendation.authority]\n\"Giấy khen\" = \"bo-truong\"\n",
            "cấp quyết định \"bo-truong\" không có",
        ),
        (
            "[commendation]\ndraft_for = [\"cap-tren\", \"thu-tuong\"]\n",
            "draft_for = \"thu-tuong\": cơ quan chỉ soạn dự thảo Quyết định của cấp trên trực tiếp",
        ),
    ] {
        std::fs::write(d.join("bad.toml"), toml).unwrap();
        let bad = vanthu(d, &["check", "ds.xlsx", "--config", "bad.toml"]);
        assert_eq!(bad.status.code(), Some(2), "{}", show(&bad));
        assert!(
            String::from_utf8_lossy(&bad.stderr).contains(said),
            "{}",
            show(&bad)
        );
    }
}

/// When the office changes who decides, the service makes the documents of
/// every current list again: the set of documents follows (decisions of
/// the head appear or go), nothing stale stays in the outbox.
#[test]
fn a_changed_matrix_remakes_the_set_of_documents() {
    use crate::service::{drop_file, files, run};
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let office = "date = \"2026-01-05\"\n[units]\n\"van-phong\" = \"Văn phòng Sở\"\n[service]\nquiet_ms = 150\n";
    std::fs::write(d.join("vanthu.toml"), office).unwrap();
    std::fs::create_dir_all(d.join("inbox")).unwrap();
    drop_file(d, "n01_danh_sach_co_ban.xlsx", "van-phong/ds.xlsx");
    let out = run(d);
    assert!(
        out.contains("Đã tạo 10 văn bản từ van-phong/ds.xlsx"),
        "{out}"
    );
    let head =
        "van-phong/Dự thảo Quyết định công nhận danh hiệu Lao động tiên tiến - Văn phòng Sở.pdf";
    assert!(files(&d.join("outbox")).contains(head));
    // Every award the office may send up goes to the provincial chair now;
    // its head's Giấy khen stays his.
    std::fs::write(
        d.join("vanthu.toml"),
        office.replace(
            "[service]",
            "[commendation.authority]\n\"*\" = \"cap-tren\"\n[service]",
        ),
    )
    .unwrap();
    let out = run(d);
    assert!(
        out.contains("Đã tạo lại 6 văn bản của van-phong/ds.xlsx"),
        "{out}"
    );
    let outbox = files(&d.join("outbox/van-phong"));
    assert_eq!(
        outbox.len(),
        6,
        "the head's decisions on titles went: {outbox:?}"
    );
    assert!(!outbox.iter().any(|f| f.contains("Lao động tiên tiến")));
    assert!(
        outbox
            .iter()
            .any(|f| f.contains("Dự thảo Quyết định tặng Giấy khen của Thủ trưởng cơ quan")),
        "{outbox:?}"
    );
    let tt = d.join("outbox/van-phong/Tờ trình đề nghị khen thưởng - Văn phòng Sở.pdf");
    let asked = pdf_text(&tt);
    assert!(
        asked.contains("Lao động tiên tiến") && !asked.contains("Giấy khen"),
        "the chair is asked for the titles, not for a Giấy khen: {asked}"
    );
}

/// The law gives some awards only to collectives (Tập thể lao động tiên
/// tiến, Cờ thi đua) and some only to individuals (Lao động tiên tiến,
/// Chiến sĩ thi đua): a row that gives one to the other kind, by its
/// section or its Đối tượng cell, is a located error and no document is
/// made. Awards for both (Bằng khen, Giấy khen) are fine either way.
#[test]
fn an_award_for_the_other_kind_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vanthu.toml"), CONFIG).unwrap();
    let rows = vec![
        vec!["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025"],
        vec![
            "STT",
            "Họ và tên",
            "Chức vụ",
            "Đơn vị",
            "Hình thức khen thưởng",
            "Đối tượng",
        ],
        vec!["I", "TẬP THỂ"],
        vec!["1", "Phòng Kế toán", "", "Sở Nội vụ", "Lao động tiên tiến"],
        vec!["2", "Phòng Pháp chế", "", "Sở Nội vụ", "Giấy khen"],
        vec!["II", "CÁ NHÂN"],
        vec![
            "3",
            "Trần Văn Nam",
            "Chuyên viên",
            "Phòng Kế toán",
            "Tập thể lao động xuất sắc",
        ],
        vec![
            "4",
            "Lê Thị Hoa",
            "Chuyên viên",
            "Phòng Kế toán",
            "Bằng khen của Chủ tịch UBND tỉnh",
        ],
        vec![
            "5",
            "Ngô Văn Tú",
            "Chuyên viên",
            "Phòng Pháp chế",
            "Cờ thi đua của UBND tỉnh",
            "Cá nhân",
        ],
        vec![
            "6",
            "Phòng Pháp chế",
            "",
            "Sở Nội vụ",
            "Chiến sĩ thi đua cơ sở",
            "Tập thể",
        ],
    ];
    std::fs::write(
        dir.path().join("ds.xlsx"),
        util::xlsx_of_rows("Danh sách", &rows),
    )
    .unwrap();
    let out = vanthu(dir.path(), &["render", "ds.xlsx", "--out", "out"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let made: Vec<_> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(made, vec!["ds.loi.txt"], "only the report");
    let report = crate::util::report_of(&dir.path().join("out/ds.loi.txt"));
    let lines: Vec<&str> = report.lines().collect();
    assert_eq!(
        lines,
        vec![
            "Trang 'Danh sách', ô E4: \"Lao động tiên tiến\" chỉ xét tặng cho cá nhân, nhưng dòng này được ghi cho tập thể; hãy sửa hình thức khen thưởng, hoặc sửa lại đối tượng nếu ghi nhầm là tập thể",
            "Trang 'Danh sách', ô E7: \"Tập thể lao động xuất sắc\" chỉ xét tặng cho tập thể, nhưng dòng này được ghi cho cá nhân; hãy sửa hình thức khen thưởng, hoặc sửa lại đối tượng nếu ghi nhầm là cá nhân",
            "Trang 'Danh sách', ô E9: \"Cờ thi đua của UBND tỉnh\" chỉ xét tặng cho tập thể, nhưng dòng này được ghi cho cá nhân; hãy sửa hình thức khen thưởng, hoặc sửa lại đối tượng nếu ghi nhầm là cá nhân",
            "Trang 'Danh sách', ô E10: \"Chiến sĩ thi đua cơ sở\" chỉ xét tặng cho cá nhân, nhưng dòng này được ghi cho tập thể; hãy sửa hình thức khen thưởng, hoặc sửa lại đối tượng nếu ghi nhầm là tập thể",
        ],
        "{report}"
    );
}

/// An office upgrading vanthu keeps its templates folder. The copies an
/// older `vanthu init` wrote and nobody edited give way to this version's
/// built-in templates (so the Prime Minister's Tờ trình says "trình Thủ
/// tướng Chính phủ"), and `vanthu init` updates them; an edited template is
/// the office's and is used as it is; an edited Tờ trình that cannot ask
/// for an award above the province is pointed out.
#[test]
fn an_upgraded_office_keeps_its_templates_folder() {
    let (dir, _) = rendered();
    let d = dir.path();
    let older = util::root().join("tests/fixtures/templates/older");
    let templates = d.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    let to_trinh = templates.join("to-trinh-khen-thuong.md");
    std::fs::copy(older.join("to-trinh-khen-thuong.md"), &to_trinh).unwrap();
    let edited = std::fs::read_to_string(older.join("quyet-dinh-khen-thuong.md"))
        .unwrap()
        .replace(
            "bases = [\n",
            "bases = [\n  \"Căn cứ Quyết định số 12/2024/QĐ-UBND của Ủy ban nhân dân tỉnh ban hành Quy chế thi đua, khen thưởng;\",\n",
        );
    let quyet_dinh = templates.join("quyet-dinh-khen-thuong.md");
    std::fs::write(&quyet_dinh, &edited).unwrap();

    let out = vanthu(d, &["render", "ds.xlsx", "--out", "upgraded"]);
    assert!(out.status.success(), "{}", show(&out));
    let in_upgraded = |stem: &str| {
        (
            d.join(format!("upgraded/{stem} - ds.docx")),
            d.join(format!("upgraded/{stem} - ds.pdf")),
        )
    };
    let (docx, pdf) = in_upgraded("Tờ trình đề nghị Thủ tướng Chính phủ khen thưởng");
    says(
        &docx,
        &pdf,
        &["xem xét, trình Thủ tướng Chính phủ khen thưởng cho 02 cá nhân"],
    );
    let (docx, pdf) = in_upgraded("Dự thảo Quyết định khen thưởng");
    says(
        &docx,
        &pdf,
        &["Căn cứ Quyết định số 12/2024/QĐ-UBND của Ủy ban nhân dân tỉnh"],
    );
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains(
            "to-trinh-khen-thuong.md là mẫu có sẵn của phiên bản vanthu trước và chưa được sửa"
        ),
        "{said}"
    );

    let init = vanthu(d, &["init", "."]);
    assert!(init.status.success(), "{}", show(&init));
    let said = String::from_utf8_lossy(&init.stdout);
    assert!(
        said.contains("Đã cập nhật ./templates/to-trinh-khen-thuong.md (mẫu có sẵn của phiên bản trước, chưa sửa)"),
        "{said}"
    );
    assert_eq!(
        std::fs::read_to_string(&to_trinh).unwrap(),
        std::fs::read_to_string(util::root().join("templates/to-trinh-khen-thuong.md")).unwrap()
    );
    assert_eq!(
        std::fs::read_to_string(&quyet_dinh).unwrap(),
        edited,
        "the office's own template is kept"
    );
    assert!(!said.contains("Lưu ý"), "{said}");

    // An edited Tờ trình without trinh_tiep.
    let own = std::fs::read_to_string(older.join("to-trinh-khen-thuong.md"))
        .unwrap()
        .replace(
            "Hội đồng Thi đua - Khen thưởng;",
            "Hội đồng Thi đua - Khen thưởng Sở;",
        );
    std::fs::write(&to_trinh, own).unwrap();
    let check = vanthu(d, &["check", "ds.xlsx"]);
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(
        said.contains("to-trinh-khen-thuong.md đã được sửa nhưng không dùng \"trinh_tiep\""),
        "{said}"
    );
}

/// A list of (name, position, unit, award, kind) rendered for `config`.
fn render_for(config: &str, list: &[[&str; 5]]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vanthu.toml"), config).unwrap();
    let numbers: Vec<String> = (1..=list.len()).map(|n| n.to_string()).collect();
    let mut rows = vec![
        vec!["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025"],
        vec![
            "STT",
            "Họ và tên",
            "Chức vụ",
            "Đơn vị công tác",
            "Hình thức khen thưởng",
            "Đối tượng",
        ],
    ];
    for (row, n) in list.iter().zip(&numbers) {
        let mut cells = vec![n.as_str()];
        cells.extend(row.iter().copied());
        rows.push(cells);
    }
    std::fs::write(
        dir.path().join("ds.xlsx"),
        util::xlsx_of_rows("Danh sách", &rows),
    )
    .unwrap();
    let out = vanthu(dir.path(), &["render", "ds.xlsx", "--out", "out"]);
    assert!(out.status.success(), "{}", show(&out));
    dir
}

/// The documents in `out`, without extension, sorted.
fn made(dir: &Path) -> Vec<String> {
    let mut stems: Vec<String> = std::fs::read_dir(dir.join("out"))
        .unwrap()
        .map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.trim_end_matches(".docx")
                .trim_end_matches(".pdf")
                .trim_end_matches(" - ds")
                .to_owned()
        })
        .collect();
    stems.sort();
    stems.dedup();
    stems
}

/// A unit under a ministry: its head (a Viện trưởng) decides his own
/// awards; the minister the Bằng khen and the titles of the ministry, in a
/// Quyết định of the ministry, coded, signed and founded as a ministry's.
#[test]
fn a_unit_under_a_ministry_asks_its_minister() {
    let dir = render_for(
        r#"
date = "2026-01-05"
[office]
parent = "BỘ Y TẾ"
name = ["VIỆN CHIẾN LƯỢC VÀ", "CHÍNH SÁCH Y TẾ"]
abbreviation = "VCL"
name_in_text = "Viện Chiến lược và Chính sách y tế"
place = "Hà Nội"
[signer]
authority = []
position = "VIỆN TRƯỞNG"
name = "Nguyễn Văn Tâm"
[commendation]
level = "don-vi-thuoc-bo"
"#,
        &[
            [
                "Nguyễn Văn An",
                "Nghiên cứu viên",
                "Khoa Kinh tế y tế",
                "Lao động tiên tiến",
                "Cá nhân",
            ],
            [
                "Trần Thị Bích",
                "Phó Viện trưởng",
                "Viện Chiến lược",
                "Bằng khen",
                "Cá nhân",
            ],
            [
                "Lê Văn Cường",
                "Trưởng khoa",
                "Khoa Dược",
                "Giấy khen",
                "Cá nhân",
            ],
            [
                "Phạm Thị Dung",
                "Trưởng phòng",
                "Phòng Tổ chức",
                "Chiến sĩ thi đua cấp Bộ",
                "Cá nhân",
            ],
        ],
    );
    let d = dir.path();
    assert_eq!(
        made(d),
        vec![
            "Dự thảo Quyết định công nhận danh hiệu Lao động tiên tiến",
            "Dự thảo Quyết định khen thưởng",
            "Dự thảo Quyết định tặng Giấy khen của Viện trưởng Viện Chiến lược và Chính sách y tế",
            "Tờ trình đề nghị khen thưởng",
        ]
    );
    let (docx, pdf) = doc(
        d,
        "Dự thảo Quyết định tặng Giấy khen của Viện trưởng Viện Chiến lược và Chính sách y tế",
    );
    says(
        &docx,
        &pdf,
        &["VIỆN TRƯỞNG VIỆN CHIẾN LƯỢC VÀ CHÍNH SÁCH Y TẾ"],
    );
    assert_eq!(listed(&docx), sorted(&["Lê Văn Cường"]));

    let (docx, pdf) = doc(d, "Tờ trình đề nghị khen thưởng");
    says(
        &docx,
        &pdf,
        &[
            "Kính gửi: Bộ trưởng Bộ Y tế",
            "Tặng Bằng khen của Bộ trưởng Bộ Y tế cho 01 cá nhân",
        ],
    );
    assert_eq!(listed(&docx), sorted(&["Phạm Thị Dung", "Trần Thị Bích"]));

    let (docx, pdf) = doc(d, "Dự thảo Quyết định khen thưởng");
    says(
        &docx,
        &pdf,
        &[
            "BỘ Y TẾ",
            "/QĐ-BYT",
            "BỘ TRƯỞNG BỘ Y TẾ",
            "Căn cứ Luật Tổ chức Chính phủ ngày 18 tháng 02 năm 2025;",
            "trích từ Quỹ thi đua, khen thưởng của Bộ Y tế",
            "Điều 3. Chánh Văn phòng Bộ, Viện trưởng Viện Chiến lược và Chính sách y tế, Thủ trưởng",
            "KT. BỘ TRƯỞNG",
            "THỨ TRƯỞNG",
        ],
    );
    // Its closing block ends at the foot of the page: LibreOffice lays the
    // DOCX out on as many pages as the PDF has (no blank page for the
    // empty paragraph that closes the section).
    assert_eq!(
        util::pdf_pages(&util::libreoffice_pdf(&docx)),
        util::pdf_pages(&pdf),
        "pages in LibreOffice and in the PDF"
    );
    let text = docx_text(&docx);
    for wrong in [
        "ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "chính quyền địa phương",
        "QĐ-UBND",
    ] {
        assert!(
            !text.contains(wrong),
            "{wrong:?} in a ministry's decision:\n{text}"
        );
    }
}

/// A commune: its chair decides Lao động tiên tiến, Gia đình văn hóa and
/// his Giấy khen (a title without money has no article on money); the
/// province's chair the Bằng khen and the commune's Chiến sĩ thi đua cơ sở
/// (spec §2–3); a Giấy khen of a Giám đốc Sở is asked of him, in a Tờ
/// trình of its own, with a warning.
#[test]
fn a_commune_decides_its_own_and_asks_the_province() {
    let dir = render_for(
        r#"
date = "2026-01-05"
[office]
parent = "UBND TỈNH QUẢNG TRỊ"
name = ["ỦY BAN NHÂN DÂN", "XÃ HẢI PHÚ"]
abbreviation = "UBND"
name_in_text = "Ủy ban nhân dân xã Hải Phú"
place = "Hải Phú"
[signer]
authority = ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
position = ""
name = "Hồ Văn Lâm"
[commendation]
level = "xa"
"#,
        &[
            [
                "Nguyễn Văn An",
                "Công chức",
                "Văn phòng - Thống kê",
                "Lao động tiên tiến",
                "Cá nhân",
            ],
            [
                "Trần Thị Bích",
                "Công chức",
                "Địa chính",
                "Chiến sĩ thi đua cơ sở",
                "Cá nhân",
            ],
            [
                "Lê Văn Cường",
                "",
                "Thôn Đông",
                "Gia đình văn hóa",
                // The law's third kind of recipient: a household's title.
                "Hộ gia đình",
            ],
            ["Thôn Tây", "", "Xã Hải Phú", "Giấy khen", "Tập thể"],
            [
                "Hồ Thị Em",
                "Chủ tịch Hội Phụ nữ",
                "Xã Hải Phú",
                "Bằng khen của Chủ tịch UBND tỉnh",
                "Cá nhân",
            ],
            [
                "Đoàn Văn Phúc",
                "Công chức",
                "Tư pháp",
                "Giấy khen của Giám đốc Sở Nội vụ",
                "Cá nhân",
            ],
        ],
    );
    let d = dir.path();
    assert_eq!(
        made(d),
        vec![
            "Dự thảo Quyết định công nhận danh hiệu Gia đình văn hóa",
            "Dự thảo Quyết định công nhận danh hiệu Lao động tiên tiến",
            "Dự thảo Quyết định khen thưởng",
            "Dự thảo Quyết định tặng Giấy khen của Chủ tịch Ủy ban nhân dân xã Hải Phú",
            "Tờ trình đề nghị Giám đốc Sở Nội vụ khen thưởng",
            "Tờ trình đề nghị khen thưởng",
        ]
    );
    let (docx, pdf) = doc(d, "Dự thảo Quyết định công nhận danh hiệu Gia đình văn hóa");
    says(
        &docx,
        &pdf,
        &[
            "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HẢI PHÚ",
            // The commune's chair is organised by the law on local
            // government: his decisions are founded on it.
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
            "Điều 2. Thủ trưởng các phòng",
            "Như Điều 2;",
            "Hồ Văn Lâm",
            "01 hộ gia đình",
            "HỘ GIA ĐÌNH (01)",
        ],
    );
    // The chair decides himself: he signs as chair, not on behalf of the
    // committee (whose Tờ trình keeps "TM. ỦY BAN NHÂN DÂN").
    for text in [docx_text(&docx), pdf_text(&pdf)] {
        assert!(!text.contains("TM. ỦY BAN NHÂN DÂN"), "{text}");
    }
    assert_eq!(
        util::pdf_pages(&util::libreoffice_pdf(&docx)),
        util::pdf_pages(&pdf),
        "a list ending the document with its table: pages in LibreOffice and in the PDF"
    );
    let text = docx_text(&docx);
    assert!(
        !text.contains("Tiền thưởng") && !text.contains("Không đồng") && !text.contains("Số tiền"),
        "no money for a title without money:\n{text}"
    );
    let (docx, pdf) = doc(
        d,
        "Dự thảo Quyết định tặng Giấy khen của Chủ tịch Ủy ban nhân dân xã Hải Phú",
    );
    says(
        &docx,
        &pdf,
        &["trích từ Quỹ thi đua, khen thưởng của Ủy ban nhân dân xã Hải Phú"],
    );
    assert_eq!(listed(&docx), sorted(&["Thôn Tây"]));

    let (docx, pdf) = doc(d, "Tờ trình đề nghị khen thưởng");
    says(
        &docx,
        &pdf,
        &[
            "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Quảng Trị",
            "TM. ỦY BAN NHÂN DÂN",
        ],
    );
    assert_eq!(listed(&docx), sorted(&["Hồ Thị Em", "Trần Thị Bích"]));
    let (docx, pdf) = doc(d, "Dự thảo Quyết định khen thưởng");
    says(
        &docx,
        &pdf,
        &[
            "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, Giám đốc Sở Tài chính, Chủ tịch Ủy ban nhân dân xã Hải Phú, Thủ trưởng",
        ],
    );
    let (docx, pdf) = doc(d, "Tờ trình đề nghị Giám đốc Sở Nội vụ khen thưởng");
    says(
        &docx,
        &pdf,
        &[
            "Kính gửi: Giám đốc Sở Nội vụ",
            "Về việc đề nghị tặng Giấy khen của Giám đốc Sở Nội vụ năm 2025",
        ],
    );
    assert_eq!(listed(&docx), sorted(&["Đoàn Văn Phúc"]));
    let check = vanthu(d, &["check", "ds.xlsx"]);
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(
        said.contains("Lưu ý: Trang 'Danh sách', ô E8: hình thức “Giấy khen của Giám đốc Sở Nội vụ” do Giám đốc Sở Nội vụ quyết định"),
        "{said}"
    );
}

/// A Sở of a city of provincial level: the city's chair, fund and office.
#[test]
fn a_city_of_provincial_level_is_the_superior() {
    let dir = render_for(
        r#"
date = "2026-01-05"
[office]
parent = "UBND THÀNH PHỐ HUẾ"
name = ["SỞ Y TẾ"]
abbreviation = "SYT"
name_in_text = "Sở Y tế"
place = "Huế"
"#,
        &[
            [
                "Nguyễn Văn An",
                "Chuyên viên",
                "Văn phòng Sở",
                "Lao động tiên tiến",
                "Cá nhân",
            ],
            ["Phòng Nghiệp vụ", "", "Sở Y tế", "Bằng khen", "Tập thể"],
            [
                "Trần Thị Bích",
                "Trưởng phòng",
                "Phòng Nghiệp vụ",
                "Chiến sĩ thi đua thành phố",
                "Cá nhân",
            ],
        ],
    );
    let d = dir.path();
    let (docx, pdf) = doc(d, "Tờ trình đề nghị khen thưởng");
    says(
        &docx,
        &pdf,
        &[
            "Kính gửi: Chủ tịch Ủy ban nhân dân thành phố Huế",
            "Tặng Bằng khen của Chủ tịch UBND thành phố cho 01 tập thể",
            "Chiến sĩ thi đua cấp thành phố",
        ],
    );
    let (docx, pdf) = doc(d, "Dự thảo Quyết định khen thưởng");
    says(
        &docx,
        &pdf,
        &[
            "THÀNH PHỐ HUẾ",
            "CHỦ TỊCH ỦY BAN NHÂN DÂN THÀNH PHỐ HUẾ",
            "trích từ Quỹ thi đua, khen thưởng của thành phố",
            "Điều 3. Chánh Văn phòng Ủy ban nhân dân thành phố, Giám đốc Sở Nội vụ, Giám đốc Sở Tài chính, Giám đốc Sở Y tế, Thủ trưởng",
        ],
    );
    let (docx, pdf) = doc(
        d,
        "Dự thảo Quyết định công nhận danh hiệu Lao động tiên tiến",
    );
    says(&docx, &pdf, &["GIÁM ĐỐC SỞ Y TẾ"]);
}

/// A cell naming two awards proposes each (one dropped would be a lost
/// nomination); a row written twice is listed, counted and paid once, and
/// both are said, naming the cells.
#[test]
fn two_awards_in_one_cell_and_a_row_written_twice() {
    let dir = render_for(
        CONFIG,
        &[
            [
                "Nguyễn Văn An",
                "Chuyên viên",
                "Phòng Tổ chức",
                "LĐTT, Bằng khen của Chủ tịch UBND tỉnh",
                "Cá nhân",
            ],
            [
                "Trần Thị Bích",
                "Chuyên viên",
                "Văn phòng Sở",
                "Lao động tiên tiến",
                "Cá nhân",
            ],
            ["Phòng Tổ chức", "", "Sở Nội vụ", "TTLĐTT và GK", "Tập thể"],
            [
                "Trần Thị Bích",
                "Chuyên viên",
                "Văn phòng Sở",
                "LĐTT",
                "Cá nhân",
            ],
        ],
    );
    let d = dir.path();
    assert_eq!(
        made(d),
        vec![
            "Dự thảo Quyết định công nhận danh hiệu Lao động tiên tiến",
            "Dự thảo Quyết định công nhận danh hiệu Tập thể lao động tiên tiến",
            "Dự thảo Quyết định khen thưởng",
            "Dự thảo Quyết định tặng Giấy khen của Giám đốc Sở Nội vụ",
            "Tờ trình đề nghị khen thưởng",
        ]
    );
    let (docx, pdf) = doc(
        d,
        "Dự thảo Quyết định công nhận danh hiệu Lao động tiên tiến",
    );
    says(
        &docx,
        &pdf,
        &[
            "cho 02 cá nhân",
            "Tổng cộng: 02 cá nhân",
            "và các cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành",
        ],
    );
    assert_eq!(listed(&docx), sorted(&["Nguyễn Văn An", "Trần Thị Bích"]));
    let (docx, _) = doc(d, "Tờ trình đề nghị khen thưởng");
    assert_eq!(listed(&docx), sorted(&["Nguyễn Văn An"]));
    let (docx, _) = doc(
        d,
        "Dự thảo Quyết định tặng Giấy khen của Giám đốc Sở Nội vụ",
    );
    assert_eq!(listed(&docx), sorted(&["Phòng Tổ chức"]));
    let (docx, _) = doc(
        d,
        "Dự thảo Quyết định công nhận danh hiệu Tập thể lao động tiên tiến",
    );
    assert_eq!(listed(&docx), sorted(&["Phòng Tổ chức"]));

    let check = vanthu(d, &["check", "ds.xlsx"]);
    let said = String::from_utf8_lossy(&check.stdout);
    for line in [
        "Lưu ý: Trang 'Danh sách', ô E3: một ô ghi 2 hình thức (“LĐTT”, “Bằng khen của Chủ tịch UBND tỉnh”)",
        "Lưu ý: Trang 'Danh sách', ô E5: một ô ghi 2 hình thức (“TTLĐTT”, “GK”)",
        "Lưu ý: Trang 'Danh sách', ô B6: “Trần Thị Bích” được đề nghị “Lao động tiên tiến” hai lần (như ở trang 'Danh sách', ô B4); vanthu chỉ ghi một lần",
        "Số người, tập thể được đề nghị: 3 (01 tập thể, 02 cá nhân)",
        "Số lượt đề nghị (một người có thể được đề nghị nhiều hình thức): 5",
    ] {
        assert!(said.contains(line), "{line}\n{said}");
    }
}

/// A Tờ trình to an issuer the list names (a minister) is addressed to it,
/// though the office set Kính gửi for its Tờ trình to the province.
#[test]
fn a_to_trinh_to_a_named_issuer_is_addressed_to_it() {
    let dir = render_for(
        &format!(
            "{CONFIG}\n[documents.to-trinh-khen-thuong]\nrecipients = [\"Chủ tịch Ủy ban nhân dân tỉnh Quảng Trị;\", \"Ban Thi đua - Khen thưởng tỉnh.\"]\n"
        ),
        &[
            [
                "Nguyễn Văn An",
                "Chuyên viên",
                "Phòng Tổ chức",
                "Bằng khen của Chủ tịch UBND tỉnh",
                "Cá nhân",
            ],
            [
                "Lê Minh Châu",
                "Trưởng phòng",
                "Phòng Tổ chức",
                "Bằng khen của Bộ trưởng Bộ Nội vụ",
                "Cá nhân",
            ],
        ],
    );
    let d = dir.path();
    let (docx, pdf) = doc(d, "Tờ trình đề nghị khen thưởng");
    says(&docx, &pdf, &["Ban Thi đua - Khen thưởng tỉnh."]);
    let (docx, pdf) = doc(d, "Tờ trình đề nghị Bộ trưởng Bộ Nội vụ khen thưởng");
    // Only individuals: said so, not "các tập thể, cá nhân".
    says(
        &docx,
        &pdf,
        &[
            "Kính gửi: Bộ trưởng Bộ Nội vụ",
            "Các cá nhân được đề nghị khen thưởng đã hoàn thành tốt nhiệm vụ",
        ],
    );
    for text in [docx_text(&docx), pdf_text(&pdf)] {
        assert!(!text.contains("Ban Thi đua"), "{text}");
        assert!(
            !text.contains("Chủ tịch Ủy ban nhân dân tỉnh Quảng Trị;"),
            "{text}"
        );
    }
    assert_eq!(listed(&docx), sorted(&["Lê Minh Châu"]));
}

/// A vanthu.toml typed by hand: saved by Notepad with a byte-order mark,
/// its letters decomposed (NFD) as some keyboards and Macs write them,
/// the province named only in the decider. The documents read as NFC,
/// the province's draft decision is the province's (its name lines, dated
/// at its seat), the commune's own decision dated at the commune.
#[test]
fn an_office_configured_by_hand() {
    use unicode_normalization::UnicodeNormalization;
    let config = r#"
date = "2026-01-05"
[office]
parent = ""
name = ["ỦY BAN NHÂN DÂN", "XÃ HẢI PHÚ"]
abbreviation = "UBND"
name_in_text = "Ủy ban nhân dân xã Hải Phú"
place = "Hải Phú"
[signer]
authority = ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
position = ""
name = "Hồ Văn Lâm"
[commendation]
level = "xa"
decider = "Chủ tịch Ủy ban nhân dân tỉnh Quảng Trị"
"#;
    let hand: String = format!("\u{feff}{}", config.nfd().collect::<String>());
    assert_ne!(hand.as_str(), config, "the file is really decomposed");
    let dir = render_for(
        &hand,
        &[
            [
                "Nguyễn Văn An",
                "Công chức",
                "Văn phòng - Thống kê",
                "Lao động tiên tiến",
                "Cá nhân",
            ],
            [
                "Hồ Thị Em",
                "Chủ tịch Hội Phụ nữ",
                "Xã Hải Phú",
                "Bằng khen của Chủ tịch UBND tỉnh",
                "Cá nhân",
            ],
        ],
    );
    let d = dir.path();
    let (docx, pdf) = doc(d, "Dự thảo Quyết định khen thưởng");
    says(
        &docx,
        &pdf,
        &[
            "ỦY BAN NHÂN DÂN",
            "TỈNH QUẢNG TRỊ",
            "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ",
            "Quảng Trị, ngày",
            "Hồ Thị Em",
        ],
    );
    for text in [docx_text(&docx), pdf_text(&pdf)] {
        assert!(!text.contains("Hải Phú, ngày"), "{text}");
    }
    let (docx, pdf) = doc(d, "Tờ trình đề nghị khen thưởng");
    says(
        &docx,
        &pdf,
        &[
            "Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh Quảng Trị",
            "Hải Phú, ngày",
            "XÃ HẢI PHÚ",
        ],
    );
    let (docx, pdf) = doc(
        d,
        "Dự thảo Quyết định công nhận danh hiệu Lao động tiên tiến",
    );
    says(
        &docx,
        &pdf,
        &["CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HẢI PHÚ", "Hải Phú, ngày"],
    );
}

/// A decision dated before 01/07/2025 (a list of an earlier year made
/// again) is founded on the laws then in force: Nghị định 98/2023 and the
/// Luật Tổ chức chính quyền địa phương of 2015; one dated after, on
/// Nghị định 152/2025 and the law of 2025.
#[test]
fn a_decision_is_founded_on_the_laws_in_force_on_its_date() {
    let rows = [
        [
            "Nguyễn Văn An",
            "Chuyên viên",
            "Phòng Tổ chức",
            "Lao động tiên tiến",
            "Cá nhân",
        ],
        [
            "Lê Minh Châu",
            "Trưởng phòng",
            "Phòng Tổ chức",
            "Bằng khen của Chủ tịch UBND tỉnh",
            "Cá nhân",
        ],
    ];
    let old = "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;";
    let new = "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định chi tiết một số điều của Luật Thi đua, khen thưởng;";
    let local_2015 = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;";
    let local_2025 = "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;";
    for (date, decree, not_decree, local, not_local) in [
        ("2025-05-10", old, new, local_2015, local_2025),
        ("2026-01-05", new, old, local_2025, local_2015),
    ] {
        let config = CONFIG.replace("date = \"2026-01-05\"", &format!("date = \"{date}\""));
        let dir = render_for(&config, &rows);
        let d = dir.path();
        for stem in [
            "Tờ trình đề nghị khen thưởng",
            "Dự thảo Quyết định khen thưởng",
            "Dự thảo Quyết định công nhận danh hiệu Lao động tiên tiến",
        ] {
            let (docx, pdf) = doc(d, stem);
            says(&docx, &pdf, &[decree]);
            for text in [docx_text(&docx), pdf_text(&pdf)] {
                assert!(!text.contains(not_decree), "{date} {stem}: {text}");
            }
        }
        let (docx, pdf) = doc(d, "Dự thảo Quyết định khen thưởng");
        says(&docx, &pdf, &[local]);
        assert!(!docx_text(&docx).contains(not_local), "{date}");
    }
}

/// Lists as offices write them: the name column headed "Họ và tên / Tên
/// tập thể", awards without "của", an issuer's name holding a comma,
/// another province's chair, a remark in brackets, two namesakes of one
/// unit, collectives known only by their names. Each award reaches the one
/// who decides it, and no nominee is lost or merged.
#[test]
fn lists_as_offices_write_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("vanthu.toml"), CONFIG).unwrap();
    let rows: Vec<Vec<&str>> = vec![
        vec!["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025"],
        vec![
            "STT",
            "Họ và tên / Tên tập thể",
            "Chức vụ",
            "Đơn vị công tác",
            "Hình thức khen thưởng",
        ],
        vec![
            "1",
            "Văn phòng Sở",
            "",
            "Sở Nội vụ",
            "Bằng khen của Chủ tịch UBND tỉnh",
        ],
        vec![
            "2",
            "Phòng Tổ chức",
            "",
            "Sở Nội vụ",
            "Giấy khen của Sở Nội vụ",
        ],
        vec![
            "3",
            "Nguyễn Văn An",
            "Chuyên viên",
            "Phòng Tổ chức",
            "LĐTT, Bằng khen của Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch",
        ],
        vec![
            "4",
            "Trần Thị Bình",
            "Chuyên viên",
            "Phòng Tổ chức",
            "Lao động tiên tiến",
        ],
        vec![
            "5",
            "Trần Thị Bình",
            "Trưởng phòng",
            "Phòng Tổ chức",
            "Lao động tiên tiến",
        ],
        vec![
            "6",
            "Lê Minh Châu",
            "Phó Giám đốc",
            "Sở Nội vụ",
            "Chiến sĩ thi đua cấp tỉnh (03 năm liền CSTĐ cơ sở)",
        ],
        vec![
            "7",
            "Phạm Văn Dũng",
            "Kế toán",
            "Văn phòng Sở",
            "Bằng khen Bộ trưởng Bộ Y tế",
        ],
        vec![
            "8",
            "Đỗ Thị Hoa",
            "Chuyên viên",
            "Văn phòng Sở",
            "Bằng khen của Chủ tịch UBND tỉnh Hà Tĩnh",
        ],
        vec![
            "9",
            "Võ Văn Giang",
            "Giám đốc",
            "Sở Nội vụ",
            "Bằng khen của Chính phủ",
        ],
    ];
    std::fs::write(d.join("ds.xlsx"), util::xlsx_of_rows("Danh sách", &rows)).unwrap();
    let out = vanthu(d, &["render", "ds.xlsx", "--out", "out"]);
    assert!(out.status.success(), "{}", show(&out));
    assert_eq!(
        made(d),
        vec![
            "Dự thảo Quyết định công nhận danh hiệu Lao động tiên tiến",
            "Dự thảo Quyết định khen thưởng",
            "Dự thảo Quyết định tặng Giấy khen của Giám đốc Sở Nội vụ",
            "Tờ trình đề nghị Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch khen thưởng",
            "Tờ trình đề nghị Bộ trưởng Bộ Y tế khen thưởng",
            "Tờ trình đề nghị Chủ tịch UBND tỉnh Hà Tĩnh khen thưởng",
            "Tờ trình đề nghị Thủ tướng Chính phủ khen thưởng",
            "Tờ trình đề nghị khen thưởng",
        ]
    );
    // The chair: a collective's Bằng khen (paid as a collective's) and the
    // provincial title, whatever the remark in brackets says.
    let (docx, pdf) = doc(d, "Dự thảo Quyết định khen thưởng");
    says(
        &docx,
        &pdf,
        &[
            "Tặng danh hiệu “Chiến sĩ thi đua cấp tỉnh” cho 01 cá nhân;",
            "Tặng Bằng khen của Chủ tịch UBND tỉnh cho 01 tập thể.",
            "Bằng khen của Chủ tịch UBND tỉnh, mỗi tập thể: 7.020.000 đồng (hệ số 3)",
            "Khen thưởng cho 01 tập thể, 01 cá nhân",
        ],
    );
    assert_eq!(listed(&docx), sorted(&["Lê Minh Châu", "Văn phòng Sở"]));
    let rows = docx_table_rows(&docx);
    let office = rows.iter().find(|r| r.len() >= 5 && r[1] == "Văn phòng Sở");
    assert_eq!(
        office.map(|r| r[4].as_str()),
        Some(grouped(2 * 3_510_000).as_str()),
        "a collective's Bằng khen is twice an individual's (3.510.000): {rows:?}"
    );
    // The amount in words closes the totals row: never a line alone on a
    // page after the list.
    let totals = rows.last().unwrap();
    assert!(
        totals[1].contains("Tổng cộng: 01 tập thể, 01 cá nhân")
            && totals[1].contains("Bằng chữ: Mười bốn triệu không trăm bốn mươi nghìn đồng.")
            && totals.last() == Some(&grouped(14_040_000)),
        "{totals:?}"
    );
    // Two namesakes of one unit with two positions are two people.
    let (docx, pdf) = doc(
        d,
        "Dự thảo Quyết định công nhận danh hiệu Lao động tiên tiến",
    );
    says(&docx, &pdf, &["cho 03 cá nhân", "Tổng cộng: 03 cá nhân"]);
    assert_eq!(
        listed(&docx),
        sorted(&["Nguyễn Văn An", "Trần Thị Bình", "Trần Thị Bình"])
    );
    let (docx, _) = doc(
        d,
        "Dự thảo Quyết định tặng Giấy khen của Giám đốc Sở Nội vụ",
    );
    assert_eq!(listed(&docx), sorted(&["Phòng Tổ chức"]));
    for (stem, who, name) in [
        (
            "Tờ trình đề nghị Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch khen thưởng",
            "Kính gửi: Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch",
            "Nguyễn Văn An",
        ),
        (
            "Tờ trình đề nghị Bộ trưởng Bộ Y tế khen thưởng",
            "Kính gửi: Bộ trưởng Bộ Y tế",
            "Phạm Văn Dũng",
        ),
        (
            "Tờ trình đề nghị Chủ tịch UBND tỉnh Hà Tĩnh khen thưởng",
            "Kính gửi: Chủ tịch UBND tỉnh Hà Tĩnh",
            "Đỗ Thị Hoa",
        ),
        (
            "Tờ trình đề nghị Thủ tướng Chính phủ khen thưởng",
            "trình Thủ tướng Chính phủ",
            "Võ Văn Giang",
        ),
    ] {
        let (docx, pdf) = doc(d, stem);
        says(&docx, &pdf, &[who]);
        assert_eq!(listed(&docx), sorted(&[name]), "{stem}");
    }
    let check = vanthu(d, &["check", "ds.xlsx"]);
    let said = String::from_utf8_lossy(&check.stdout);
    for line in [
        "Lưu ý: Trang 'Danh sách', ô B3: “Văn phòng Sở” được tính là tập thể theo tên",
        "Lưu ý: Trang 'Danh sách', ô B7: “Trần Thị Bình” cùng tên, cùng đơn vị, cùng hình thức “Lao động tiên tiến” với trang 'Danh sách', ô B6 nhưng khác chức vụ",
        "Lưu ý: Trang 'Danh sách', ô E5: một ô ghi 2 hình thức (“LĐTT”, “Bằng khen của Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch”)",
    ] {
        assert!(said.contains(line), "{line}\n{said}");
    }
}

/// A vanthu.toml saved by Notepad as "Unicode" (UTF-16) is read; one in
/// a legacy code page, an empty decider, or one award given two deciders
/// is refused in Vietnamese, saying what to do.
#[test]
fn configuration_files_as_notepad_saves_them() {
    let dir = render_for(
        "",
        &[[
            "Nguyễn Văn An",
            "Chuyên viên",
            "Phòng Tổ chức",
            "Lao động tiên tiến",
            "Cá nhân",
        ]],
    );
    let d = dir.path();
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in CONFIG.encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    std::fs::write(d.join("vanthu.toml"), utf16).unwrap();
    let out = vanthu(d, &["render", "ds.xlsx", "--out", "out16"]);
    assert!(out.status.success(), "{}", show(&out));
    let head = d.join("out16/Dự thảo Quyết định công nhận danh hiệu Lao động tiên tiến - ds.pdf");
    assert!(pdf_text(&head).contains("GIÁM ĐỐC SỞ NỘI VỤ"));

    // Bytes of a legacy code page (not UTF-8), as an old editor saves
    // "SỞ NỘI VỤ".
    std::fs::write(
        d.join("vanthu.toml"),
        b"[office]\nname = [\"S\xd5 N\xd8I V\xd9\"]\n",
    )
    .unwrap();
    for (toml, said) in [
        (None, "tệp không ở mã UTF-8; hãy mở bằng Notepad"),
        (Some("[commendation]\ndecider = \"\"\n"), "decider để trống"),
        (
            Some(
                "[commendation.authority]\n\"CSTĐCS\" = \"cap-tren\"\n\"Chiến sĩ thi đua cơ sở\" = \"thu-truong\"\n",
            ),
            "là cùng một hình thức (Chiến sĩ thi đua cơ sở) nhưng ghi hai cấp quyết định khác nhau",
        ),
    ] {
        if let Some(toml) = toml {
            std::fs::write(d.join("vanthu.toml"), toml).unwrap();
        }
        let out = vanthu(d, &["check", "ds.xlsx"]);
        assert_eq!(out.status.code(), Some(2), "{}", show(&out));
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(said),
            "{said}\n{}",
            show(&out)
        );
    }
}

/// What no office can ask is a located error, and the list is kept for
/// the department to fix: a Giấy khen of one who gives none (the
/// provincial chair gives Bằng khen), and lists of two years in one
/// workbook (worded for one year, the other year's nominees taken for
/// duplicates).
#[test]
fn what_no_one_can_decide_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("vanthu.toml"), CONFIG).unwrap();
    let header = vec![
        "STT",
        "Họ và tên",
        "Chức vụ",
        "Đơn vị công tác",
        "Hình thức khen thưởng",
    ];
    let list = |year: &'static str, award: &'static str| {
        vec![
            vec![year],
            header.clone(),
            vec!["1", "Nguyễn Văn An", "Chuyên viên", "Phòng Tổ chức", award],
            vec![
                "2",
                "Trần Thị Bích",
                "Chuyên viên",
                "Văn phòng Sở",
                "Giấy khen của Chánh Văn phòng UBND tỉnh",
            ],
            vec![
                "3",
                "Lê Văn Cường",
                "Chuyên viên",
                "Văn phòng Sở",
                "LĐTT hoặc CSTĐCS",
            ],
            vec![
                "4",
                "Phạm Thị Dung",
                "Chuyên viên",
                "Văn phòng Sở",
                "CSTĐCS, hoặc LĐTT",
            ],
            vec![
                "5",
                "Võ Văn Em",
                "Chuyên viên",
                "Văn phòng Sở",
                "Giấy khen của Chủ tịch nước",
            ],
            vec![
                "6",
                "Đặng Thị Giang",
                "Chuyên viên",
                "Văn phòng Sở",
                "Giấy khen của Chủ tịch UBND thành phố Đông Hà",
            ],
        ]
    };
    std::fs::write(
        d.join("ds.xlsx"),
        util::xlsx_of_sheets(&[
            (
                "Năm 2024",
                list(
                    "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2024",
                    "Lao động tiên tiến",
                ),
            ),
            (
                "Năm 2025",
                list(
                    "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025",
                    "Giấy khen của Chủ tịch UBND tỉnh",
                ),
            ),
        ]),
    )
    .unwrap();
    let out = vanthu(d, &["render", "ds.xlsx", "--out", "out"]);
    assert_eq!(out.status.code(), Some(1), "{}", show(&out));
    let report = crate::util::report_of(&d.join("out/ds.loi.txt"));
    for line in [
        "Trang 'Năm 2025', ô A1: danh sách năm 2025, trong khi trang \"Năm 2024\" là danh sách năm 2024; mỗi tệp chỉ gồm danh sách của một năm, hãy tách thành hai tệp",
        "Trang 'Năm 2025', ô E3: “Giấy khen của Chủ tịch UBND tỉnh”: người này không tặng Giấy khen",
        "Trang 'Năm 2024', ô E5: \"LĐTT hoặc CSTĐCS\" ghi các hình thức nối bằng “hoặc”; hãy chọn một hình thức",
        "Trang 'Năm 2024', ô E6: \"CSTĐCS, hoặc LĐTT\" ghi các hình thức nối bằng “hoặc”",
        "Trang 'Năm 2024', ô E7: “Giấy khen của Chủ tịch nước”: người này không tặng Giấy khen",
    ] {
        assert!(report.contains(line), "{line}\n{report}");
    }
    // The Giấy khen of an agency's head under the province, or of a city
    // inside it, is his to give: no error there (a warning says where its
    // Tờ trình goes), and an error is not warned of again.
    let errors: Vec<&str> = report
        .lines()
        .filter(|l| !l.starts_with("Lưu ý: "))
        .collect();
    assert!(!errors.iter().any(|l| l.contains("E4")), "{report}");
    assert!(!errors.iter().any(|l| l.contains("E8")), "{report}");
    assert!(
        report.contains("Lưu ý: Trang 'Năm 2024', ô E4: "),
        "{report}"
    );
    assert!(
        !report.contains("Lưu ý: Trang 'Năm 2024', ô E7: "),
        "{report}"
    );
    assert!(d.join("ds.xlsx").exists(), "the list is kept");
    assert!(!d.join("out").read_dir().unwrap().any(|e| {
        let name = e.unwrap().file_name();
        name.to_string_lossy().ends_with(".pdf")
    }));
}

/// The Đối tượng column as offices abbreviate it ("CN", "TT") is obeyed,
/// whatever the name looks like ("Đoàn" is a family name too); a remark
/// after the issuer, our own province named, "/" between two awards, one
/// award written twice in a cell: each reads as the office meant it.
#[test]
fn kinds_remarks_and_separators_as_offices_write_them() {
    let dir = render_for(
        CONFIG,
        &[
            [
                "Đoàn Thanh Hà",
                "Chuyên viên",
                "Văn phòng Sở",
                "Bằng khen của Chủ tịch UBND tỉnh (Đã có 02 năm HTXSNV)",
                "CN",
            ],
            [
                "Hội Chữ thập đỏ",
                "",
                "Sở Nội vụ",
                "BK UBND tỉnh Quảng Trị",
                "TT",
            ],
            [
                "Nguyễn Văn An",
                "Chuyên viên",
                "Phòng Tổ chức",
                "LĐTT/CSTĐCS",
                "CN",
            ],
            [
                "Trần Thị Bích",
                "Chuyên viên",
                "Văn phòng Sở",
                "LĐTT, LĐTT",
                "CN",
            ],
        ],
    );
    let d = dir.path();
    assert_eq!(
        made(d),
        vec![
            "Dự thảo Quyết định công nhận danh hiệu Chiến sĩ thi đua cơ sở",
            "Dự thảo Quyết định công nhận danh hiệu Lao động tiên tiến",
            "Dự thảo Quyết định khen thưởng",
            "Tờ trình đề nghị khen thưởng",
        ]
    );
    let (docx, pdf) = doc(d, "Dự thảo Quyết định khen thưởng");
    says(
        &docx,
        &pdf,
        &[
            "Tặng Bằng khen của Chủ tịch UBND tỉnh cho 01 tập thể, 01 cá nhân",
            "mỗi cá nhân: 3.510.000 đồng",
            "mỗi tập thể: 7.020.000 đồng",
        ],
    );
    assert_eq!(listed(&docx), sorted(&["Hội Chữ thập đỏ", "Đoàn Thanh Hà"]));
    let (docx, _) = doc(
        d,
        "Dự thảo Quyết định công nhận danh hiệu Lao động tiên tiến",
    );
    assert_eq!(listed(&docx), sorted(&["Nguyễn Văn An", "Trần Thị Bích"]));
    let (docx, _) = doc(
        d,
        "Dự thảo Quyết định công nhận danh hiệu Chiến sĩ thi đua cơ sở",
    );
    assert_eq!(listed(&docx), sorted(&["Nguyễn Văn An"]));
    let check = vanthu(d, &["check", "ds.xlsx"]);
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(
        said.contains("Lưu ý: Trang 'Danh sách', ô B6: “Trần Thị Bích” được ghi “Lao động tiên tiến” hai lần trong cùng một ô"),
        "{said}"
    );
    assert!(!said.contains("tập thể theo tên"), "{said}");
    assert!(
        !said.contains("do Chủ tịch UBND tỉnh"),
        "no issuer warning: {said}"
    );
}

/// What a third tester found offices write, each read as the office meant:
/// a corporation's name is no "Tổng cộng" row; a person named with his
/// title ("Nhà giáo …") or unaccented ("BAN VAN TUAN", family name Bàn) is
/// a person; an issuer's name holding "vì", "về", "có" stays whole; a
/// remark about past awards proposes nothing; dashes separate awards; one
/// issuer spelt two ways, or a ministry named without its minister, gets
/// one Tờ trình to the minister.
#[test]
fn names_issuers_and_remarks_as_offices_write_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("vanthu.toml"), CONFIG).unwrap();
    let rows: Vec<Vec<&str>> = vec![
        vec!["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025"],
        vec![
            "STT",
            "Họ và tên",
            "Chức vụ",
            "Đơn vị công tác",
            "Hình thức khen thưởng",
        ],
        vec![
            "1",
            "Nhà giáo Nguyễn Văn Bình",
            "Giáo viên",
            "Trường THPT Đông Hà",
            "Lao động tiên tiến",
        ],
        vec![
            "2",
            "BAN VAN TUAN",
            "Chuyên viên",
            "Phòng Tổ chức",
            "Lao động tiên tiến",
        ],
        vec![
            "3",
            "Tổng công ty Điện lực miền Trung",
            "",
            "Bộ Công Thương",
            "Bằng khen của Ủy ban Quốc gia vì sự tiến bộ của phụ nữ Việt Nam",
        ],
        vec![
            "4",
            "Lê Minh Châu",
            "Phó Giám đốc",
            "Sở Nội vụ",
            "Chiến sĩ thi đua cấp tỉnh, đã có 03 năm liền CSTĐCS",
        ],
        vec![
            "5",
            "Trần Thị Bích",
            "Chuyên viên",
            "Văn phòng Sở",
            "LĐTT – CSTĐCS",
        ],
        vec![
            "6",
            "Phạm Văn Dũng",
            "Kế toán",
            "Văn phòng Sở",
            "Giấy khen của Giám đốc Trung tâm Điều dưỡng người có công",
        ],
        vec![
            "7",
            "Đỗ Thị Hoa",
            "Chuyên viên",
            "Văn phòng Sở",
            "Bằng khen của Bộ Y tế",
        ],
        vec![
            "8",
            "Võ Văn Giang",
            "Chuyên viên",
            "Văn phòng Sở",
            "BẰNG KHEN CỦA BỘ TRƯỞNG BỘ Y TẾ",
        ],
        vec![
            "9",
            "Lý Thị Hạnh",
            "Chuyên viên",
            "Văn phòng Sở",
            "Giấy khen của Sở Y tế",
        ],
        vec![
            "10",
            "Hồ Sỹ Dũng",
            "Chuyên viên",
            "Văn phòng Sở",
            "Giấy khen của Giám đốc Sở Y tế, tỉnh Quảng Trị",
        ],
    ];
    std::fs::write(d.join("ds.xlsx"), util::xlsx_of_rows("Danh sách", &rows)).unwrap();
    let out = vanthu(d, &["render", "ds.xlsx", "--out", "out"]);
    assert!(out.status.success(), "{}", show(&out));
    assert_eq!(
        made(d),
        vec![
            "Dự thảo Quyết định công nhận danh hiệu Chiến sĩ thi đua cơ sở",
            "Dự thảo Quyết định công nhận danh hiệu Lao động tiên tiến",
            "Dự thảo Quyết định khen thưởng",
            "Tờ trình đề nghị Bộ trưởng Bộ Y tế khen thưởng",
            "Tờ trình đề nghị Giám đốc Sở Y tế khen thưởng",
            "Tờ trình đề nghị Giám đốc Trung tâm Điều dưỡng người có công khen thưởng",
            "Tờ trình đề nghị khen thưởng",
            "Tờ trình đề nghị Ủy ban Quốc gia vì sự tiến bộ của phụ nữ Việt Nam khen thưởng",
        ]
    );
    let (docx, _) = doc(
        d,
        "Dự thảo Quyết định công nhận danh hiệu Lao động tiên tiến",
    );
    assert_eq!(
        listed(&docx),
        sorted(&["Ban Van Tuan", "Nhà Giáo Nguyễn Văn Bình", "Trần Thị Bích"])
    );
    let (docx, _) = doc(
        d,
        "Dự thảo Quyết định công nhận danh hiệu Chiến sĩ thi đua cơ sở",
    );
    assert_eq!(
        listed(&docx),
        sorted(&["Trần Thị Bích"]),
        "a remark proposes nothing"
    );
    let (docx, _) = doc(d, "Dự thảo Quyết định khen thưởng");
    assert_eq!(listed(&docx), sorted(&["Lê Minh Châu"]));
    let (docx, pdf) = doc(d, "Tờ trình đề nghị Bộ trưởng Bộ Y tế khen thưởng");
    says(&docx, &pdf, &["Kính gửi: Bộ trưởng Bộ Y tế"]);
    assert_eq!(listed(&docx), sorted(&["Võ Văn Giang", "Đỗ Thị Hoa"]));
    let (docx, pdf) = doc(d, "Tờ trình đề nghị Giám đốc Sở Y tế khen thưởng");
    says(&docx, &pdf, &["Kính gửi: Giám đốc Sở Y tế"]);
    assert_eq!(listed(&docx), sorted(&["Hồ Sỹ Dũng", "Lý Thị Hạnh"]));
    let (docx, _) = doc(
        d,
        "Tờ trình đề nghị Ủy ban Quốc gia vì sự tiến bộ của phụ nữ Việt Nam khen thưởng",
    );
    assert_eq!(listed(&docx), sorted(&["Tổng công ty Điện lực miền Trung"]));
}

/// A list whose title gives no year ("NĂM HỌC 2024-2025"), with no date
/// configured, is worded for this year, and says so.
#[test]
fn a_year_taken_from_today_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("vanthu.toml"),
        CONFIG.replace("date = \"2026-01-05\"\n", ""),
    )
    .unwrap();
    let rows: Vec<Vec<&str>> = vec![
        vec!["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM HỌC 2024-2025"],
        vec![
            "STT",
            "Họ và tên",
            "Chức vụ",
            "Đơn vị công tác",
            "Hình thức khen thưởng",
        ],
        vec![
            "1",
            "Nguyễn Văn An",
            "Giáo viên",
            "Trường THPT Đông Hà",
            "Lao động tiên tiến",
        ],
    ];
    std::fs::write(d.join("ds.xlsx"), util::xlsx_of_rows("Danh sách", &rows)).unwrap();
    let check = vanthu(d, &["check", "ds.xlsx"]);
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(
        said.contains("Lưu ý: không thấy năm của danh sách trong dòng tiêu đề"),
        "{said}"
    );
    // With the year in the title, nothing to say.
    let rows: Vec<Vec<&str>> = vec![
        vec!["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025"],
        rows[1].clone(),
        rows[2].clone(),
    ];
    std::fs::write(d.join("ds.xlsx"), util::xlsx_of_rows("Danh sách", &rows)).unwrap();
    let check = vanthu(d, &["check", "ds.xlsx"]);
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(!said.contains("không thấy năm"), "{said}");
}

/// An office that names no superior (no parent line, as a commune's
/// header has none, and no decider) is told so: its Tờ trình would go to
/// "Chủ tịch Ủy ban nhân dân tỉnh" of no province.
#[test]
fn an_unnamed_superior_is_pointed_out() {
    let config = r#"
[office]
parent = ""
name = ["ỦY BAN NHÂN DÂN", "XÃ HẢI PHÚ"]
name_in_text = "Ủy ban nhân dân xã Hải Phú"
place = "Hải Phú"
[commendation]
level = "xa"
"#;
    let row = [
        "Hồ Thị Em",
        "Chủ tịch Hội Phụ nữ",
        "Xã Hải Phú",
        "Bằng khen của Chủ tịch UBND tỉnh",
        "Cá nhân",
    ];
    let dir = render_for(config, &[row]);
    let check = vanthu(dir.path(), &["check", "ds.xlsx"]);
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(
        said.contains("Lưu ý: vanthu.toml chưa cho biết cấp trên: [office] parent để trống và chưa có [commendation] decider"),
        "{said}"
    );
    let named = format!("{config}decider = \"Chủ tịch Ủy ban nhân dân tỉnh Quảng Trị\"\n");
    let dir = render_for(&named, &[row]);
    let check = vanthu(dir.path(), &["check", "ds.xlsx"]);
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(!said.contains("chưa cho biết cấp trên"), "{said}");
}

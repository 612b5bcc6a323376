//! Score sheets written as schemes are (issue 13, item 10): the criteria
//! down the sheet in a tree (I, II… / 1, 2… / a, b…), their maxima in a
//! "Điểm chuẩn" column, the unit's own points and the appraisal beside,
//! bonus and deduction items; and a cluster's table with one column per
//! unit. Through the real binary, read back from the Báo cáo.

use std::path::Path;

use crate::util::{self, show, vanthu};
use crate::workbooks::{docx_table_rows, docx_text, pdf_text};

const CONFIG: &str = r#"
[office]
parent = "UBND TỈNH QUẢNG TRỊ"
name = ["SỞ NỘI VỤ"]
abbreviation = "SNV"
place = "Quảng Trị"
"#;

/// A unit's self-assessment as offices send it: title rows naming the
/// unit, the scheme's tree, bonus and deduction items, the totals and the
/// classification rows, a footer. The appraisal agreed 118,4.
fn self_assessment(bonus: bool) -> Vec<Vec<&'static str>> {
    let mut rows = vec![
        vec!["UBND TỈNH QUẢNG TRỊ"],
        vec!["SỞ TƯ PHÁP"],
        vec!["BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2025"],
        vec!["Đơn vị: Sở Tư pháp"],
        vec![
            "TT",
            "Nội dung tiêu chí",
            "Điểm chuẩn",
            "Điểm tự chấm",
            "Điểm thẩm định",
            "Ghi chú",
        ],
        vec!["I", "Thực hiện nhiệm vụ chuyên môn", "60", "58", "57"],
        vec!["1", "Kết quả thực hiện kế hoạch", "30", "29", "29"],
        vec!["a", "Hoàn thành chỉ tiêu", "20", "20", "20"],
        vec!["b", "Đúng tiến độ", "10", "9", "9"],
        vec!["2", "Cải cách hành chính", "30", "29", "28"],
        vec!["II", "Công tác xây dựng Đảng, đoàn thể", "40", "39", "39,4"],
        vec!["1", "Chính trị tư tưởng", "20", "20", "19,4"],
        vec!["2", "Tổ chức", "20", "19", "20"],
    ];
    if bonus {
        rows.extend([
            vec!["III", "Điểm thưởng", "", "20", "22"],
            vec!["1", "Sáng kiến được công nhận", "", "10", "12"],
            vec!["2", "Bằng khen cấp trên", "", "10", "10"],
            vec!["IV", "Điểm trừ", "", "", ""],
            vec!["1", "Chậm gửi báo cáo", "", "", ""],
            vec!["", "Tổng cộng", "100", "117", "118,4"],
            vec!["", "Xếp loại", "", "Xuất sắc", "Xuất sắc"],
        ]);
    } else {
        rows.push(vec!["", "Tổng cộng", "100", "97", "96,4"]);
    }
    rows.extend([
        vec![],
        vec!["", "", "", "Quảng Trị, ngày 10 tháng 12 năm 2025"],
        vec!["", "NGƯỜI LẬP BIỂU", "", "THỦ TRƯỞNG ĐƠN VỊ"],
    ]);
    rows
}

fn write(dir: &Path, name: &str, rows: &[Vec<&str>]) {
    std::fs::write(dir.join("vanthu.toml"), CONFIG).unwrap();
    std::fs::write(dir.join(name), util::xlsx_of_rows("Tự chấm", rows)).unwrap();
}

fn report(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let find = |ext: &str| {
        std::fs::read_dir(dir.join("out"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                let name = p.file_name().unwrap().to_string_lossy().to_string();
                name.starts_with("Báo cáo kết quả chấm điểm") && name.ends_with(ext)
            })
            .unwrap_or_else(|| panic!("no Báo cáo .{ext}"))
    };
    (find("docx"), find("pdf"))
}

#[test]
fn a_units_own_scheme_is_scored_by_its_appraisal_with_bonus_points() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "tu-cham.xlsx", &self_assessment(true));
    let check = vanthu(d, &["check", "tu-cham.xlsx"]);
    assert!(check.status.success(), "{}", show(&check));
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(said.contains("Tiêu chí ghi theo dòng"), "{said}");
    let out = vanthu(d, &["render", "tu-cham.xlsx", "--out", "out"]);
    assert!(out.status.success(), "{}", show(&out));
    let (docx, pdf) = report(d);
    // The ranked table: the unit that sent the sheet, its groups' points
    // (the leaves' sums of the appraisal), the bonus, nothing taken off,
    // 118,4 above the base of 100.
    let rows = docx_table_rows(&docx);
    let header = rows
        .iter()
        .position(|r| r.first().is_some_and(|c| c == "Hạng"))
        .expect("ranked table");
    assert_eq!(
        rows[header],
        [
            "Hạng",
            "Tên đơn vị, cá nhân",
            "TC1",
            "TC2",
            "Điểm thưởng",
            "Điểm trừ",
            "Tổng điểm",
            "Xếp loại"
        ]
    );
    assert_eq!(
        rows[header + 1],
        [
            "1",
            "Sở Tư pháp",
            "57",
            "39,4",
            "22",
            "0",
            "118,4",
            "Xuất sắc"
        ]
    );
    for text in [docx_text(&docx), pdf_text(&pdf)] {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for line in [
            "Kết quả chấm điểm thi đua năm 2025 của Sở Tư pháp",
            "Tiêu chí 1: Thực hiện nhiệm vụ chuyên môn (tối đa 60 điểm);",
            "Tiêu chí 2: Công tác xây dựng Đảng, đoàn thể (tối đa 40 điểm);",
            "Điểm thưởng: cộng vào tổng điểm;",
            "Xếp loại Xuất sắc (từ 90 điểm): 01;",
        ] {
            assert!(text.contains(line), "\"{line}\" in\n{text}");
        }
    }
}

#[test]
fn a_scheme_without_bonus_points_cannot_pass_its_maxima() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut rows = self_assessment(false);
    // 25 for a 20-point item; its group and the total written to match.
    rows[7] = vec!["a", "Hoàn thành chỉ tiêu", "20", "25", "25"];
    rows[6] = vec!["1", "Kết quả thực hiện kế hoạch", "30", "34", "34"];
    rows[5] = vec!["I", "Thực hiện nhiệm vụ chuyên môn", "60", "63", "62"];
    rows[13] = vec!["", "Tổng cộng", "100", "102", "101,4"];
    write(d, "vuot.xlsx", &rows);
    let check = vanthu(d, &["check", "vuot.xlsx"]);
    assert_eq!(check.status.code(), Some(1), "{}", show(&check));
    let said = String::from_utf8_lossy(&check.stdout);
    // The appraisal scores the unit; the unit's own points are checked
    // too: 25 in both.
    assert!(said.contains("Có 2 lỗi cần sửa"), "{said}");
    for column in ["D", "E"] {
        assert!(
            said.contains(&format!(
                "Trang 'Tự chấm', ô {column}8: điểm 25 vượt mức tối đa 20 của \"a. Hoàn thành chỉ tiêu\""
            )),
            "{said}"
        );
    }
    let out = vanthu(d, &["render", "vuot.xlsx", "--out", "out"]);
    assert!(!out.status.success(), "{}", show(&out));
    assert!(d.join("out/vuot.loi.txt").exists(), "{}", show(&out));
}

#[test]
fn a_clusters_table_ranks_its_units_and_checks_each_group() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "cum.xlsx", &rows_of_cluster());
    let out = vanthu(d, &["render", "cum.xlsx", "--out", "out"]);
    assert!(out.status.success(), "{}", show(&out));
    let (docx, _) = report(d);
    let rows = docx_table_rows(&docx);
    let header = rows
        .iter()
        .position(|r| r.first().is_some_and(|c| c == "Hạng"))
        .expect("ranked table");
    assert_eq!(
        &rows[header + 1..header + 4],
        [
            ["1", "SỞ Y TẾ", "68", "29", "97", "Xuất sắc"],
            ["2", "Sở Tư pháp", "65", "27", "92", "Xuất sắc"],
            ["3", "Sở Nội vụ", "60", "26", "86", "Tốt"],
        ]
    );

    // A group's written points that are not its items' sum, a total that
    // is not the sum: located, and no document.
    let mut wrong = rows_of_cluster();
    wrong[2][3] = "66";
    wrong[8][5] = "88";
    write(d, "cum-sai.xlsx", &wrong);
    let check = vanthu(d, &["check", "cum-sai.xlsx"]);
    let said = String::from_utf8_lossy(&check.stdout);
    assert_eq!(check.status.code(), Some(1), "{said}");
    assert!(said.contains("Có 2 lỗi cần sửa"), "{said}");
    assert!(said.contains("Trang 'Tự chấm', ô D3: "), "{said}");
    assert!(said.contains("Trang 'Tự chấm', ô F9: "), "{said}");
}

fn rows_of_cluster() -> Vec<Vec<&'static str>> {
    vec![
        vec!["BẢNG CHẤM ĐIỂM THI ĐUA CỤM THI ĐUA SỐ 3 NĂM 2025"],
        vec![
            "STT",
            "Nội dung",
            "Điểm tối đa",
            "Sở Tư pháp",
            "SỞ Y TẾ",
            "Sở Nội vụ",
        ],
        vec!["I", "Công tác chuyên môn", "70", "65", "68", "60"],
        vec!["1", "Nhiệm vụ A", "40", "38", "40", "35"],
        vec!["2", "Nhiệm vụ B", "30", "27", "28", "25"],
        vec!["II", "Xây dựng tổ chức", "30", "", "", ""],
        vec!["1", "Tổ chức", "15", "14", "14", "13"],
        vec!["2", "Kỷ luật", "15", "13", "15", "13"],
        vec!["", "Tổng cộng", "100", "92", "97", "86"],
    ]
}

/// The paragraphs of a DOCX body, as text.
fn paragraphs(docx: &Path) -> Vec<String> {
    let parts = util::docx_parts(docx);
    let (paras, _) = util::docx_paragraphs(&parts["word/document.xml"].0);
    paras.iter().map(|p| p.text()).collect()
}

#[test]
fn a_schemes_groups_head_their_criteria_each_on_its_own_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("vanthu.toml"), CONFIG).unwrap();
    let fixture = util::root().join("tests/fixtures/offices/o20_diem_cay_diem_thuong.xlsx");
    let out = vanthu(d, &["render", fixture.to_str().unwrap(), "--out", "out"]);
    assert!(out.status.success(), "{}", show(&out));
    let (docx, _) = report(d);
    let paras = paragraphs(&docx);
    let at = |text: &str| {
        paras
            .iter()
            .position(|p| p == text)
            .unwrap_or_else(|| panic!("no paragraph \"{text}\" in {paras:#?}"))
    };
    let first = at("I. Công tác chuyên môn (60 điểm):");
    let second = at("II. Công tác thi đua, khen thưởng (40 điểm):");
    assert_eq!(
        at("- Tiêu chí 2: Cải cách hành chính (tối đa 30 điểm);"),
        second - 1
    );
    assert_eq!(
        at("- Tiêu chí 1: Thực hiện nhiệm vụ được giao (tối đa 30 điểm);"),
        first + 1
    );
    assert_eq!(
        at("- Tiêu chí 3: Tổ chức phong trào thi đua (tối đa 20 điểm);"),
        second + 1
    );
}

#[test]
fn a_units_sheet_in_another_units_folder_is_the_folders_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("vanthu.toml"),
        format!("{CONFIG}\n[units]\n\"phong-a\" = \"Phòng Hành chính\"\n"),
    )
    .unwrap();
    std::fs::create_dir(d.join("phong-a")).unwrap();
    std::fs::copy(
        util::root().join("tests/fixtures/offices/o33_diem_theo_dong_tham_dinh.xlsx"),
        d.join("phong-a/tu-cham.xlsx"),
    )
    .unwrap();
    let check = vanthu(d, &["check", "phong-a/tu-cham.xlsx"]);
    assert!(check.status.success(), "{}", show(&check));
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(
        said.contains("Lưu ý: dòng tiêu đề ghi đơn vị “Sở Tư pháp” nhưng tệp nằm trong thư mục của “Phòng Hành chính”"),
        "{said}"
    );
    let out = vanthu(d, &["render", "phong-a/tu-cham.xlsx", "--out", "out"]);
    assert!(out.status.success(), "{}", show(&out));
    let (docx, _) = report(d);
    let rows = docx_table_rows(&docx);
    // One name throughout: the title and the ranked table.
    assert!(
        rows.iter()
            .any(|r| r.len() > 2 && r[0] == "1" && r[1] == "Phòng Hành chính"),
        "{rows:?}"
    );
    let text = docx_text(&docx);
    assert!(text.contains("của Phòng Hành chính"), "{text}");
    assert!(!text.contains("Sở Tư pháp"), "{text}");
}

#[test]
fn people_scored_with_their_units_are_told_apart_by_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let rows: Vec<Vec<&str>> = vec![
        vec!["BẢNG CHẤM ĐIỂM THI ĐUA CÁ NHÂN NĂM 2025"],
        vec![
            "STT",
            "Họ và tên",
            "Đơn vị",
            "Tiêu chí 1 (50 điểm)",
            "Tiêu chí 2 (50 điểm)",
        ],
        vec!["1", "NGUYỄN VĂN AN", "Phòng Kinh tế", "45", "48"],
        vec!["2", "Nguyễn Văn An", "Văn phòng Sở", "40", "40"],
    ];
    write(d, "ca-nhan.xlsx", &rows);
    let out = vanthu(d, &["render", "ca-nhan.xlsx", "--out", "out"]);
    assert!(out.status.success(), "{}", show(&out));
    let (docx, _) = report(d);
    let rows = docx_table_rows(&docx);
    let header = rows
        .iter()
        .position(|r| r.first().is_some_and(|c| c == "Hạng"))
        .expect("ranked table");
    assert_eq!(rows[header + 1][1], "Nguyễn Văn An, Phòng Kinh tế");
    assert_eq!(rows[header + 2][1], "Nguyễn Văn An, Văn phòng Sở");
}

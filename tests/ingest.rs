//! Reading the workbook fixtures (`tests/fixtures/workbooks`, made by
//! `generate.py` there) at the cell level: every format opens, text is
//! repaired, dates, error cells and uncalculated formulas are what they
//! are, and every bad file gets its own reason.

use std::path::PathBuf;

use vanthu::ingest::{self, CellValue, Limits, ReadError};
use vanthu::text;

fn fixture(name: &str) -> PathBuf {
    crate::util::root()
        .join("tests/fixtures/workbooks")
        .join(name)
}

fn expected() -> serde_json::Value {
    let text = std::fs::read_to_string(fixture("expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn column_index(letters: &str) -> usize {
    letters
        .bytes()
        .fold(0, |acc, b| acc * 26 + (b - b'A' + 1) as usize)
        - 1
}

#[test]
fn every_good_fixture_reads_with_its_names() {
    let expected = expected();
    let files = expected["files"].as_object().unwrap();
    let mut checked = 0;
    for (name, file) in files {
        if file["ok"] == false && file["sheets"].as_array().is_none_or(|s| s.is_empty()) {
            continue;
        }
        let workbook = ingest::read(&fixture(name), &Limits::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        for sheet_expect in file["sheets"].as_array().unwrap() {
            let sheet_name = sheet_expect["sheet"].as_str().unwrap_or("Sheet1");
            let sheet = workbook
                .sheets
                .iter()
                .find(|s| s.name == sheet_name)
                .unwrap_or_else(|| panic!("{name}: sheet {sheet_name}"));
            let Some(name_col) = sheet_expect["columns"]["name"]
                .as_str()
                .or(sheet_expect["columns"]["subject"].as_str())
            else {
                continue;
            };
            let col = column_index(name_col);
            let rows = sheet_expect["nominees"]
                .as_array()
                .or(sheet_expect["subjects"].as_array())
                .cloned()
                .unwrap_or_default();
            for row in rows {
                let r = row["row"].as_u64().unwrap() as usize - 1;
                // A nominee without a name is a problem of its own (b03).
                let Some(want) = row["name"].as_str().or(row["subject"].as_str()) else {
                    continue;
                };
                let got = sheet.cell(r, col).display();
                assert_eq!(
                    text::comparison_key(&got),
                    text::comparison_key(want),
                    "{name} {}: read {got:?}, expected {want:?}",
                    ingest::cell_ref(r, col)
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 150, "names checked: {checked}");
}

#[test]
fn bad_files_get_their_own_reason() {
    type Check = fn(&ReadError) -> bool;
    let cases: &[(&str, Check)] = &[
        ("b10_rong.xlsx", |e| *e == ReadError::Empty),
        ("b12_hong_zip.xlsx", |e| matches!(e, ReadError::Corrupt(_))),
        ("b13_mat_khau.xlsx", |e| *e == ReadError::Encrypted),
        ("b14_pdf_doi_ten.xlsx", |e| {
            e.to_string().contains("tệp PDF")
        }),
        ("b15_docx_doi_ten.xlsx", |e| {
            e.to_string().contains("tệp Word")
        }),
        ("b16_van_ban.xlsx", |e| {
            e.to_string().contains("tệp văn bản")
        }),
        ("b17_bom_giai_nen.xlsx", |e| {
            matches!(e, ReadError::UnpacksTooLarge { .. })
        }),
    ];
    for (name, check) in cases {
        let started = std::time::Instant::now();
        let err = ingest::read(&fixture(name), &Limits::default()).unwrap_err();
        assert!(check(&err), "{name}: {err}");
        assert!(started.elapsed().as_secs() < 2, "{name} rejected quickly");
    }
}

#[test]
fn error_cells_and_uncalculated_formulas_are_kept_as_such() {
    let workbook = ingest::read(
        &fixture("b07_cong_thuc_khong_gia_tri.xlsx"),
        &Limits::default(),
    )
    .unwrap();
    let sheet = &workbook.sheets[0];
    assert!(
        matches!(sheet.cell(4, 4), CellValue::Uncalculated(f) if f.contains("E4")),
        "E5 is a formula without a value: {:?}",
        sheet.cell(4, 4)
    );
    let workbook =
        ingest::read(&fixture("b08_o_loi_nominations.xlsx"), &Limits::default()).unwrap();
    let sheet = &workbook.sheets[0];
    assert_eq!(sheet.cell(4, 4), &CellValue::Error("#REF!".into()));
    assert_eq!(sheet.cell(6, 1), &CellValue::Error("#VALUE!".into()));
}

#[test]
fn dates_merges_and_formats() {
    let n12 = ingest::read(&fixture("n12_ngay_sinh.xlsx"), &Limits::default()).unwrap();
    let dates = (0..n12.sheets[0].rows)
        .filter(|r| matches!(n12.sheets[0].cell(*r, 2), CellValue::Date(_)))
        .count();
    assert!(dates >= 2, "real date cells read as dates: {dates}");
    for name in [
        "n13_gop_o_don_vi.xlsx",
        "f01_danh_sach.xls",
        "n04_tieu_de_hai_dong.xlsx",
    ] {
        let workbook = ingest::read(&fixture(name), &Limits::default()).unwrap();
        assert!(
            workbook.sheets.iter().any(|s| !s.merges.is_empty()),
            "{name}: merged regions"
        );
    }
    for name in [
        "f04_ngay_sinh.ods",
        "f05_bang_diem.ods",
        "f06_tieu_de_hai_dong.xlsm",
        "f02_bang_diem_hai_dong.xls",
    ] {
        let workbook = ingest::read(&fixture(name), &Limits::default()).unwrap();
        assert!(
            workbook.sheets.iter().any(|s| s.rows > 3),
            "{name} has rows"
        );
    }
}

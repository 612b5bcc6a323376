//! Workbooks in, documents out, through the real binary: `vanthu render`
//! on every fixture, read back from the DOCX and the PDF. Every nominee is
//! listed exactly once in each listing document, with the counts, the award
//! money and its total; every score subject once in the ranked table with
//! its rank, total and class; every bad workbook gets its report and no
//! document; `vanthu check` tells what it recognised.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use quick_xml::events::Event;
use quick_xml::reader::Reader;
use unicode_normalization::UnicodeNormalization;

use crate::util::{self, show, vanthu};

fn fixtures() -> PathBuf {
    util::root().join("tests/fixtures/workbooks")
}

fn expected() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(fixtures().join("expected.json")).unwrap())
        .unwrap()
}

/// The decision date of the tests' configuration and its base salary
/// (spec §5.2: 2.340.000 from 01/07/2024).
/// Every award goes to the provincial chair here, so each list's nominees
/// all stand in its Tờ trình and draft Quyết định (who decides what is
/// `tests/authority.rs`'s).
const CONFIG: &str = r#"
[commendation.authority]
"*" = "cap-tren"
[documents.quyet-dinh-khen-thuong]
date = "2025-12-15"
[documents.quyet-dinh-thu-truong]
date = "2025-12-15"
"#;
const BASE_SALARY: u64 = 2_340_000;

/// Coefficients (hundredths) by normalised award and kind, from spec §5.3,
/// written out here independently of the program's table.
fn coefficient(award: &str, collective: bool) -> u64 {
    match (award, collective) {
        ("Lao động tiên tiến", false) => 30,
        ("Chiến sĩ thi đua cơ sở", false) => 100,
        ("Giấy khen", false) => 30,
        ("Giấy khen", true) => 60,
        ("Bằng khen của Chủ tịch UBND tỉnh", false) => 150,
        ("Bằng khen của Chủ tịch UBND tỉnh", true) => 300,
        ("Tập thể lao động tiên tiến", true) => 80,
        ("Tập thể lao động xuất sắc", true) => 150,
        other => panic!("no coefficient for {other:?}"),
    }
}

fn money(award: &str, collective: bool) -> u64 {
    let raw = BASE_SALARY * coefficient(award, collective) / 100;
    raw.div_ceil(10_000) * 10_000
}

pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

fn padded(n: usize) -> String {
    format!("{n:02}")
}

/// Rows of every table of a DOCX body, each a list of cell texts.
pub fn docx_table_rows(docx: &Path) -> Vec<Vec<String>> {
    let parts = util::docx_parts(docx);
    let xml = &parts["word/document.xml"].0;
    let mut reader = Reader::from_reader(xml.as_slice());
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut in_text = false;
    let mut in_cell = false;
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).unwrap() {
            Event::Start(e) if e.name().as_ref() == b"w:tr" => rows.push(Vec::new()),
            Event::Start(e) if e.name().as_ref() == b"w:tc" => {
                in_cell = true;
                rows.last_mut().unwrap().push(String::new());
            }
            Event::End(e) if e.name().as_ref() == b"w:tc" => in_cell = false,
            Event::Start(e) if e.name().as_ref() == b"w:p" && in_cell => {
                let cell = rows.last_mut().unwrap().last_mut().unwrap();
                if !cell.is_empty() {
                    cell.push(' ');
                }
            }
            Event::Start(e) if e.name().as_ref() == b"w:t" => in_text = true,
            Event::End(e) if e.name().as_ref() == b"w:t" => in_text = false,
            Event::Text(t) if in_text && in_cell => {
                let text = t.decode().unwrap().into_owned();
                rows.last_mut().unwrap().last_mut().unwrap().push_str(&text);
            }
            Event::GeneralRef(r) if in_text && in_cell => {
                let text = match r.decode().unwrap().as_ref() {
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    "quot" => "\"",
                    "apos" => "'",
                    _ => "",
                };
                rows.last_mut().unwrap().last_mut().unwrap().push_str(text);
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    rows.into_iter()
        .map(|r| r.into_iter().map(|c| c.trim().to_owned()).collect())
        .collect()
}

/// All paragraph text of a DOCX, one space between paragraphs.
pub fn docx_text(docx: &Path) -> String {
    let parts = util::docx_parts(docx);
    let (paras, _) = util::docx_paragraphs(&parts["word/document.xml"].0);
    squash(&paras.iter().map(|p| p.text()).collect::<Vec<_>>().join(" "))
}

/// PDF text in content order (`pdftotext -raw`), whitespace squashed.
pub fn pdf_text(pdf: &Path) -> String {
    squash(&util::tool(
        "pdftotext",
        &["-raw", pdf.to_str().unwrap(), "-"],
    ))
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Occurrences of `needle` in `hay` not inside a longer word.
fn count_words(hay: &str, needle: &str) -> usize {
    let mut count = 0;
    let mut start = 0;
    while let Some(pos) = hay[start..].find(needle) {
        let at = start + pos;
        let end = at + needle.len();
        let before = hay[..at].chars().next_back();
        let after = hay[end..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            count += 1;
        }
        start = at + needle.len().max(1);
    }
    count
}

/// The text from the appendix title on.
fn appendix(text: &str) -> &str {
    let at = text.find("Phụ lục").expect("the document has an appendix");
    &text[at..]
}

struct Rendered {
    _dir: tempfile::TempDir,
    files: Vec<PathBuf>,
}

impl Rendered {
    fn find(&self, prefix: &str, ext: &str) -> &Path {
        self.files
            .iter()
            .find(|f| {
                let name = f.file_name().unwrap().to_string_lossy();
                name.starts_with(prefix) && name.ends_with(ext)
            })
            .unwrap_or_else(|| panic!("no {prefix}*.{ext} among {:?}", self.files))
    }
}

fn render(file: &str, config: &str) -> (std::process::Output, Rendered) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vanthu.toml"), config).unwrap();
    let output = vanthu(
        dir.path(),
        &[
            "render",
            fixtures().join(file).to_str().unwrap(),
            "--out",
            "out",
        ],
    );
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.path().join("out"))
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    files.sort();
    (output, Rendered { _dir: dir, files })
}

#[test]
fn every_nominee_is_listed_once_with_counts_and_money() {
    let expected = expected();
    let mut checked_nominees = 0;
    let mut checked_files = 0;
    let mut expected_listings = 0;
    for (file, e) in expected["files"].as_object().unwrap() {
        if e["kind"] != "nominations" || e["ok"] != true {
            continue;
        }
        let nominees: Vec<&serde_json::Value> = e["sheets"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["nominees"].as_array().unwrap())
            .collect();
        let (output, rendered) = render(file, CONFIG);
        assert!(output.status.success(), "{file}: {}", show(&output));
        // With every movable award sent up, a Giấy khen stays with the
        // office's head (his own decision); the rest go to the superior
        // in a Tờ trình and the draft of its decision.
        let (head, superior): (Vec<&serde_json::Value>, Vec<&serde_json::Value>) = nominees
            .iter()
            .copied()
            .partition(|n| n["award"] == "Giấy khen");
        let mut groups = Vec::new();
        if !superior.is_empty() {
            groups.push((
                superior,
                vec![
                    ("Tờ trình", false),
                    ("Dự thảo Quyết định khen thưởng", true),
                ],
            ));
        }
        if !head.is_empty() {
            groups.push((
                head,
                vec![(
                    "Dự thảo Quyết định tặng Giấy khen của Thủ trưởng cơ quan",
                    true,
                )],
            ));
        }
        let documents: usize = groups.iter().map(|(_, d)| d.len()).sum();
        assert_eq!(
            rendered.files.len(),
            2 * documents,
            "{file}: {:?}",
            rendered.files
        );
        for (nominees, prefixes) in groups {
            expected_listings += nominees.len() * prefixes.len();
            let collectives = nominees.iter().filter(|n| n["kind"] == "tap_the").count();
            let individuals = nominees.len() - collectives;
            let mut counts = Vec::new();
            if collectives > 0 {
                counts.push(format!("{} tập thể", padded(collectives)));
            }
            if individuals > 0 {
                counts.push(format!("{} cá nhân", padded(individuals)));
            }
            let counts = counts.join(", ");
            let str_field = |n: &serde_json::Value, k: &str| n[k].as_str().unwrap_or("").to_owned();
            let place = |n: &serde_json::Value| {
                [str_field(n, "position"), str_field(n, "unit")]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let total: u64 = nominees
                .iter()
                .map(|n| money(n["award"].as_str().unwrap(), n["kind"] == "tap_the"))
                .sum();

            for (prefix, lists_money) in prefixes {
                let docx = rendered.find(prefix, "docx");
                let pdf = rendered.find(prefix, "pdf");
                let rows = docx_table_rows(docx);
                let docx_all = docx_text(docx);
                let pdf_all = pdf_text(pdf);
                // The counts, in the text and on the totals row.
                for (what, text) in [("DOCX", &docx_all), ("PDF", &pdf_all)] {
                    assert!(
                        text.contains(&format!("cho {counts}")),
                        "{file} {prefix} {what}: counts \"{counts}\" in the text"
                    );
                    assert!(
                        text.contains(&format!("Tổng cộng: {counts}")),
                        "{file} {prefix} {what}: totals row"
                    );
                }
                for nominee in &nominees {
                    let name = nominee["name"].as_str().unwrap();
                    let same_name = nominees.iter().filter(|n| n["name"] == name).count();
                    // DOCX: one row whose name cell holds the name.
                    let listed: Vec<&Vec<String>> = rows
                        .iter()
                        .filter(|r| r.len() >= 5 && r[1] == name)
                        .collect();
                    assert_eq!(
                        listed.len(),
                        same_name,
                        "{file} {prefix} DOCX: \"{name}\" listed {} times",
                        listed.len()
                    );
                    let row = listed[0];
                    assert_eq!(row[2], place(nominee), "{file} {prefix}: place of {name}");
                    // A Giấy khen keeps its issuer: the list's, else the
                    // office's head (no office configured here: "Thủ trưởng cơ
                    // quan").
                    let award = match nominee["award"].as_str().unwrap() {
                        "Giấy khen" => "Giấy khen của Thủ trưởng cơ quan",
                        other => other,
                    };
                    assert_eq!(row[3], award, "{file}: award of {name}");
                    if lists_money {
                        let amount = money(
                            nominee["award"].as_str().unwrap(),
                            nominee["kind"] == "tap_the",
                        );
                        assert_eq!(row[4], grouped(amount), "{file}: money of {name}");
                    }
                    // PDF: in the appendix, once per record plus where other
                    // rows' columns quote the name (a collective that is
                    // also a unit of others).
                    let quoted: usize = nominees
                        .iter()
                        .map(|n| {
                            let mut other = place(n);
                            if !lists_money {
                                other.push_str(" | ");
                                other.push_str(&str_field(n, "achievement"));
                            }
                            count_words(&other, name)
                        })
                        .sum();
                    let pdf_list = appendix(&pdf_all);
                    assert_eq!(
                        count_words(pdf_list, name),
                        same_name + quoted,
                        "{file} {prefix} PDF: occurrences of \"{name}\""
                    );
                    checked_nominees += 1;
                }
                if lists_money {
                    let figure = format!("Tổng số tiền thưởng: {} đồng", grouped(total));
                    assert!(docx_all.contains(&figure), "{file}: {figure} in DOCX");
                    assert!(pdf_all.contains(&figure), "{file}: {figure} in PDF");
                    assert!(
                        rows.iter().any(|r| r.last() == Some(&grouped(total))),
                        "{file}: total on the last row of the list"
                    );
                    assert!(
                        docx_all.contains("(Bằng chữ: ") && pdf_all.contains("(Bằng chữ: "),
                        "{file}: total in words"
                    );
                }
            }
        }
        checked_files += 1;
    }
    assert!(
        checked_files >= 15,
        "nomination fixtures rendered: {checked_files}"
    );
    // Every nominee of every list, in each document that lists it.
    assert_eq!(checked_nominees, expected_listings);
    assert!(
        checked_nominees >= 190,
        "nominee listings checked: {checked_nominees}"
    );
}

#[test]
fn ranked_table_and_counts_per_class_match_every_score_fixture() {
    let expected = expected();
    let mut checked = 0;
    for (file, e) in expected["files"].as_object().unwrap() {
        if e["kind"] != "scores" || e["ok"] != true {
            continue;
        }
        let sheet = &e["sheets"][0];
        let (output, rendered) = render(file, CONFIG);
        assert!(output.status.success(), "{file}: {}", show(&output));
        assert_eq!(rendered.files.len(), 2, "{file}: {:?}", rendered.files);
        let docx = rendered.find("Báo cáo kết quả chấm điểm", "docx");
        let pdf = rendered.find("Báo cáo kết quả chấm điểm", "pdf");
        let mut subjects: Vec<&serde_json::Value> =
            sheet["subjects"].as_array().unwrap().iter().collect();
        subjects.sort_by_key(|s| (s["rank"].as_u64(), s["row"].as_u64()));
        let rows = docx_table_rows(docx);
        let header = rows
            .iter()
            .position(|r| r.first().is_some_and(|c| c == "Hạng"))
            .expect("ranked table");
        let body = &rows[header + 1..header + 1 + subjects.len()];
        let number = |v: &serde_json::Value| {
            let n = v.as_f64().unwrap();
            if n.fract() == 0.0 {
                format!("{}", n as i64)
            } else {
                format!("{n}").replace('.', ",")
            }
        };
        for (row, subject) in body.iter().zip(&subjects) {
            let n = row.len();
            assert_eq!(row[0], subject["rank"].to_string(), "{file}: {row:?}");
            assert_eq!(row[1], subject["name"].as_str().unwrap(), "{file}");
            let scores: Vec<String> = subject["scores"]
                .as_array()
                .unwrap()
                .iter()
                .map(number)
                .collect();
            assert_eq!(
                &row[2..n - 2],
                scores.as_slice(),
                "{file}: scores of {}",
                row[1]
            );
            assert_eq!(
                row[n - 2],
                number(&subject["total"]),
                "{file}: total of {}",
                row[1]
            );
            assert_eq!(
                row[n - 1],
                subject["classification"].as_str().unwrap(),
                "{file}"
            );
        }
        let docx_all = docx_text(docx);
        let pdf_all = pdf_text(pdf);
        for (what, text) in [("DOCX", &docx_all), ("PDF", &pdf_all)] {
            for subject in &subjects {
                let name = subject["name"].as_str().unwrap();
                let table = &text[text.find("Hạng").unwrap()..text.find("xếp đồng hạng").unwrap()];
                let same = subjects.iter().filter(|s| s["name"] == name).count();
                assert_eq!(
                    count_words(table, name),
                    same,
                    "{file} {what}: \"{name}\" in the ranked table"
                );
            }
            for (class, low) in [
                ("Xuất sắc", "90"),
                ("Tốt", "80"),
                ("Khá", "70"),
                ("Trung bình", "50"),
            ] {
                let n = subjects
                    .iter()
                    .filter(|s| s["classification"] == class)
                    .count();
                let shown = if n == 0 {
                    "không có".to_owned()
                } else {
                    padded(n)
                };
                let line = format!("Xếp loại {class} (từ {low} điểm): {shown}");
                assert!(text.contains(&line), "{file} {what}: \"{line}\"");
            }
            let total = format!(
                "Tổng số {} đơn vị, cá nhân được chấm điểm",
                padded(subjects.len())
            );
            assert!(text.contains(&total), "{file} {what}: {total}");
        }
        checked += 1;
    }
    assert!(checked >= 7, "score fixtures rendered: {checked}");
}

#[test]
fn bad_workbooks_get_a_located_report_and_no_document() {
    let expected = expected();
    let mut checked = 0;
    for (file, e) in expected["files"].as_object().unwrap() {
        if e["ok"] == true {
            continue;
        }
        let before = std::fs::read(fixtures().join(file)).unwrap();
        let (output, rendered) = render(file, CONFIG);
        assert_eq!(output.status.code(), Some(1), "{file}: {}", show(&output));
        let stem = Path::new(file).file_stem().unwrap().to_string_lossy();
        assert_eq!(
            rendered.files,
            vec![
                rendered
                    ._dir
                    .path()
                    .join("out")
                    .join(format!("{stem}.loi.txt"))
            ],
            "{file}: only the report"
        );
        let report = crate::util::report_of(&rendered.files[0]);
        assert_eq!(report, report.nfc().collect::<String>(), "{file}: NFC");
        let lines: Vec<&str> = report.lines().collect();
        let located: Vec<&serde_json::Value> = e["problems"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| !p["cell"].is_null())
            .collect();
        if located.is_empty() {
            assert_eq!(lines.len(), 1, "{file}: one file-level reason: {report}");
            assert!(
                lines[0].starts_with(&format!("{file}: ")),
                "{file}: {report}"
            );
        } else {
            assert_eq!(lines.len(), located.len(), "{file}: {report}");
            for (line, problem) in lines.iter().zip(&located) {
                let cell = crate::util::place(problem["cell"].as_str().unwrap());
                assert!(
                    line.starts_with(&format!("{cell}: ")),
                    "{file}: {line} for {cell}"
                );
                assert!(line.contains("hãy"), "{file}: says what to change: {line}");
            }
        }
        assert_eq!(
            std::fs::read(fixtures().join(file)).unwrap(),
            before,
            "{file} kept"
        );
        checked += 1;
    }
    assert!(checked >= 18, "bad fixtures: {checked}");
}

#[test]
fn check_prints_what_was_recognised_or_the_problems() {
    let dir = tempfile::tempdir().unwrap();
    let good = vanthu(
        dir.path(),
        &[
            "check",
            fixtures()
                .join("n01_danh_sach_co_ban.xlsx")
                .to_str()
                .unwrap(),
        ],
    );
    assert!(good.status.success(), "{}", show(&good));
    let out = String::from_utf8(good.stdout).unwrap();
    for expected in [
        "Tệp: n01_danh_sach_co_ban.xlsx",
        "Đơn vị: Phòng Tổng hợp (theo dòng tiêu đề)",
        "Năm: 2025",
        "Trang \"Sheet1\": danh sách đề nghị khen thưởng",
        "Dòng tiêu đề: 7",
        "B = Họ và tên / Tên tập thể",
        "E = Hình thức khen thưởng",
        "(02 tập thể, 05 cá nhân)",
        "không có lỗi",
    ] {
        assert!(out.contains(expected), "missing \"{expected}\" in:\n{out}");
    }
    let skipped = vanthu(
        dir.path(),
        &[
            "check",
            fixtures().join("n11_nhieu_sheet.xlsx").to_str().unwrap(),
        ],
    );
    let out = String::from_utf8(skipped.stdout).unwrap();
    assert!(out.contains("Bỏ qua trang \"Ghi chú\""), "{out}");
    assert!(out.contains("Bỏ qua trang \"Sheet3\""), "{out}");

    let bad = vanthu(
        dir.path(),
        &[
            "check",
            fixtures().join("b18_nhieu_loi.xlsx").to_str().unwrap(),
        ],
    );
    assert_eq!(bad.status.code(), Some(1), "{}", show(&bad));
    let out = String::from_utf8(bad.stdout).unwrap();
    let expected = expected();
    let problems = expected["files"]["b18_nhieu_loi.xlsx"]["problems"]
        .as_array()
        .unwrap();
    assert!(
        out.contains(&format!("Có {} lỗi cần sửa", problems.len())),
        "{out}"
    );
    for p in problems {
        let cell = crate::util::place(p["cell"].as_str().unwrap());
        assert!(out.contains(&format!("  {cell}: ")), "{cell} in:\n{out}");
    }
}

#[test]
fn the_unit_comes_from_the_sub_folder_and_file_names_are_safe() {
    // A config holding only [units]; the folder arrives in NFD, as macOS
    // writes it, and the key is NFC.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("vanthu.toml"),
        "[units]\n\"phòng-tổng-hợp\" = \"Phòng Tổng hợp\"\n\"xấu\" = \"../../Phòng: A/B\"\n",
    )
    .unwrap();
    let nfd: String = "phòng-tổng-hợp".nfd().collect();
    let folder = dir.path().join(&nfd);
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(
        fixtures().join("n02_khong_dau.xlsx"),
        folder.join("ds.xlsx"),
    )
    .unwrap();
    let check = vanthu(dir.path(), &["check", &format!("{nfd}/ds.xlsx")]);
    assert!(check.status.success(), "{}", show(&check));
    let out = String::from_utf8(check.stdout).unwrap();
    assert!(
        out.contains("Đơn vị: Phòng Tổng hợp (theo thư mục)"),
        "{out}"
    );

    let render = vanthu(
        dir.path(),
        &["render", &format!("{nfd}/ds.xlsx"), "--out", "out"],
    );
    assert!(render.status.success(), "{}", show(&render));
    let names: Vec<String> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.contains(&"Tờ trình đề nghị khen thưởng - Phòng Tổng hợp.docx".to_owned()),
        "{names:?}"
    );
    for name in &names {
        assert_eq!(*name, name.nfc().collect::<String>(), "NFC file name");
    }
    let docx = dir
        .path()
        .join("out/Tờ trình đề nghị khen thưởng - Phòng Tổng hợp.docx");
    // Only the provincial chair's award of n02 is asked for.
    assert!(
        docx_text(&docx).contains("Về việc đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh năm"),
        "subject"
    );
    assert!(
        docx_text(&docx).contains("cho Phòng Tổng hợp"),
        "unit in the subject"
    );

    // A unit name with separators and ".." cannot leave the output folder.
    let bad = dir.path().join("xấu");
    std::fs::create_dir(&bad).unwrap();
    std::fs::copy(fixtures().join("n02_khong_dau.xlsx"), bad.join("ds.xlsx")).unwrap();
    let render = vanthu(dir.path(), &["render", "xấu/ds.xlsx", "--out", "out2"]);
    assert!(render.status.success(), "{}", show(&render));
    let written: BTreeMap<String, bool> = std::fs::read_dir(dir.path().join("out2"))
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                e.path().is_file(),
            )
        })
        .collect();
    // n02 under the law's matrix: the Tờ trình and draft Quyết định of the
    // provincial chair, and the head's own four Quyết định.
    assert_eq!(written.len(), 12, "{written:?}");
    for (name, is_file) in &written {
        assert!(
            *is_file && !name.contains('/') && !name.contains(".."),
            "{name}"
        );
    }
    assert!(!dir.path().join("Phòng").exists());
}

#[test]
fn a_fixed_workbook_replaces_its_report_with_documents() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("Danh sách.xlsx");
    std::fs::copy(fixtures().join("b03_thieu_ho_ten.xlsx"), &input).unwrap();
    let first = vanthu(dir.path(), &["render", "Danh sách.xlsx", "--out", "out"]);
    assert_eq!(first.status.code(), Some(1), "{}", show(&first));
    let report = dir.path().join("out/Danh sách.loi.txt");
    assert!(report.exists());
    std::fs::copy(fixtures().join("n03_tieu_de_bien_the.xlsx"), &input).unwrap();
    let second = vanthu(dir.path(), &["render", "Danh sách.xlsx", "--out", "out"]);
    assert!(second.status.success(), "{}", show(&second));
    assert!(!report.exists(), "the old report is gone");
    assert_eq!(
        std::fs::read_dir(dir.path().join("out")).unwrap().count(),
        4
    );
}

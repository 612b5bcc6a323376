//! Workbooks as real offices and the province's emulation software make
//! them (`tests/fixtures/offices`, see its README.md), through the real
//! binary: import templates with hidden lookup sheets, "Hướng dẫn" sheets
//! of invented rows and hundreds of prepared formula rows; codes resolved
//! through code tables; sheets named after the kind of nominee;
//! households; error values; two-row merged headers; score trees with
//! bonus and deduction columns; duplicates; honorifics.
//!
//! For every fixture of `expected.json`: `vanthu check` succeeds exactly
//! when the fixture is good, names every skipped sheet with its reason,
//! every problem at its cell and every required warning; a good list's
//! Tờ trình gives the counts and lists each nominee once, under its award,
//! printed as expected; a good score sheet's report ranks every subject
//! with its total and class; no code, error value or invented row is
//! printed anywhere. Every fixture is checked before the test fails, and
//! the failure names each fixture and what differed.

use std::path::{Path, PathBuf};

use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

use crate::util::{root, show, vanthu};
use crate::workbooks::{docx_table_rows, docx_text, pdf_text};

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/offices")
}

fn expected() -> Value {
    let path = fixtures().join("expected.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run generate.py)", path.display()));
    serde_json::from_str(&text).expect("expected.json is JSON")
}

/// Every award goes to the provincial chair (no Giấy khen in the good
/// lists), so each good list's nominees all stand in its Tờ trình.
const CONFIG: &str = r#"
[commendation.authority]
"*" = "cap-tren"
[documents.quyet-dinh-khen-thuong]
date = "2025-12-15"
[documents.quyet-dinh-thu-truong]
date = "2025-12-15"
"#;

/// At least this many nominee listings are checked (481 when written).
const MIN_NOMINEES: usize = 450;
/// At least this many fixtures are checked.
const MIN_FIXTURES: usize = 28;

/// The strings of a JSON array (none when the key is missing).
fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// "02 tập thể, 05 cá nhân", "02 tập thể, 05 cá nhân và 01 hộ gia đình",
/// "03 hộ gia đình": the non-zero parts, two digits at least.
fn counts_phrase(counts: &Value) -> String {
    let parts: Vec<String> = [
        ("tap_the", "tập thể"),
        ("ca_nhan", "cá nhân"),
        ("ho_gia_dinh", "hộ gia đình"),
    ]
    .iter()
    .filter_map(|(key, word)| {
        let n = counts[*key].as_u64().unwrap_or(0);
        (n > 0).then(|| format!("{n:02} {word}"))
    })
    .collect();
    if parts.len() == 3 {
        format!("{}, {} và {}", parts[0], parts[1], parts[2])
    } else {
        parts.join(", ")
    }
}

/// A score as the documents print it: "92", "118,4".
fn number(value: &Value) -> String {
    let n = value.as_f64().unwrap_or(f64::NAN);
    if n.fract() == 0.0 {
        format!("{}", n as i64)
    } else {
        format!("{n}").replace('.', ",")
    }
}

/// The word a skipped sheet's line holds for its reason.
fn reason_word(reason: &str) -> &'static str {
    match reason {
        "hidden" => "ẩn",
        "instructions" => "hướng dẫn",
        "lookup" => "danh mục",
        "no_table" => "không có",
        other => panic!("expected.json: unknown skip reason {other:?}"),
    }
}

/// Whether `needle` occurs in `hay` not inside a longer word.
fn has_word(hay: &str, needle: &str) -> bool {
    hay.match_indices(needle).any(|(at, _)| {
        let before = hay[..at].chars().next_back();
        let after = hay[at + needle.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Up to `n` characters of `text` from the first place where `marker` is
/// followed by a digit (what the document says instead), or "(nothing)".
fn said_after(text: &str, marker: &str, n: usize) -> String {
    text.match_indices(marker)
        .map(|(at, _)| &text[at..])
        .find(|rest| {
            rest[marker.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit())
        })
        .map(|rest| rest.chars().take(n).collect())
        .unwrap_or_else(|| "(nothing)".to_owned())
}

/// The lines of a check report worth showing in a failure: the sheets, the
/// skipped sheets, the problems and the warnings (at most 15).
fn excerpt(report: &str) -> String {
    let lines: Vec<&str> = report
        .lines()
        .filter(|l| {
            l.starts_with("Trang ")
                || l.starts_with("Bỏ qua")
                || l.starts_with("Có ")
                || l.starts_with("Kết quả")
                || l.contains("được đề nghị:")
                || (l.starts_with("Lưu ý: Trang "))
                || (l.starts_with("  Trang "))
                || (!l.starts_with(' ')
                    && !l.starts_with("Lưu ý")
                    && l.contains(": ")
                    && l.contains("hãy"))
        })
        .collect();
    let shown: Vec<String> = lines
        .iter()
        .take(15)
        .map(|l| format!("      | {}", l.chars().take(220).collect::<String>()))
        .collect();
    let more = if lines.len() > 15 {
        format!("\n      | … {} more lines", lines.len() - 15)
    } else {
        String::new()
    };
    format!("{}{more}", shown.join("\n"))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().nfc().collect::<String>())
        .unwrap_or_default()
}

/// The rendered file whose (NFC) name starts with `prefix` and ends with
/// `.ext`.
fn find<'a>(files: &'a [PathBuf], prefix: &str, ext: &str) -> Option<&'a PathBuf> {
    let suffix = format!(".{ext}");
    files.iter().find(|f| {
        let name = file_name(f);
        name.starts_with(prefix) && name.ends_with(&suffix)
    })
}

/// What one fixture gave: what differed, and how many nominees were looked
/// up in its Tờ trình.
#[derive(Default)]
struct Outcome {
    failures: Vec<String>,
    nominees: usize,
}

fn check_fixture(file: &str, e: &Value) -> Outcome {
    let mut out = Outcome::default();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vanthu.toml"), CONFIG).unwrap();
    let input = fixtures().join(file);
    let input = input.to_str().unwrap();
    let ok = e["ok"].as_bool().expect("ok is a boolean");

    // vanthu check: outcome, skipped sheets, problems, warnings.
    let check = vanthu(dir.path(), &["check", input]);
    let report = format!(
        "{}\n{}",
        String::from_utf8_lossy(&check.stdout),
        String::from_utf8_lossy(&check.stderr)
    );
    let lines: Vec<&str> = report.lines().collect();
    if check.status.success() != ok {
        out.failures.push(format!(
            "vanthu check {} (status {:?}) but the fixture is {}:\n{}",
            if check.status.success() {
                "accepted it"
            } else {
                "rejected it"
            },
            check.status.code(),
            if ok { "good" } else { "bad" },
            excerpt(&report)
        ));
    }
    for skipped in e["skipped"].as_array().into_iter().flatten() {
        let sheet = skipped["sheet"].as_str().unwrap_or_default();
        let reason = skipped["reason"].as_str().unwrap_or_default();
        let word = reason_word(reason);
        let prefix = format!("Bỏ qua trang \"{sheet}\"");
        let said: Vec<&&str> = lines.iter().filter(|l| l.starts_with(&prefix)).collect();
        if said.is_empty() {
            out.failures.push(format!(
                "no line `{prefix}: …` (sheet skipped as {reason}):\n{}",
                excerpt(&report)
            ));
        } else if !said.iter().any(|l| has_word(l, word)) {
            out.failures.push(format!(
                "sheet \"{sheet}\" is skipped as {reason}, but its line does not say \"{word}\": {}",
                said[0]
            ));
        }
    }
    let problems = strings(&e["problems"]);
    for location in &problems {
        let start = format!("  {}: ", crate::util::place(location));
        if !lines.iter().any(|l| l.starts_with(&start)) {
            out.failures.push(format!(
                "no problem reported at {location} (a line `{start}…`):\n{}",
                excerpt(&report)
            ));
        }
    }
    if !problems.is_empty() {
        let total = format!("Có {} lỗi cần sửa", problems.len());
        if !report.contains(&total) {
            let said = lines
                .iter()
                .find(|l| l.starts_with("Có ") && l.contains("lỗi cần sửa"))
                .copied()
                .unwrap_or("no count of problems");
            out.failures.push(format!(
                "expected \"{total}\" (only {problems:?}), the report says \"{said}\":\n{}",
                excerpt(&report)
            ));
        }
    }
    for location in strings(&e["warnings"]) {
        let start = format!("Lưu ý: {}:", crate::util::place(&location));
        if !lines.iter().any(|l| l.starts_with(&start)) {
            out.failures.push(format!(
                "no warning at {location} (a line `{start} …`):\n{}",
                excerpt(&report)
            ));
        }
    }
    for needle in strings(&e["report_contains"]) {
        if !report.contains(&needle) {
            out.failures.push(format!(
                "the report does not say \"{needle}\":\n{}",
                excerpt(&report)
            ));
        }
    }
    if !(ok && check.status.success()) {
        return out;
    }

    // vanthu render: the documents.
    let render = vanthu(dir.path(), &["render", input, "--out", "out"]);
    if !render.status.success() {
        out.failures
            .push(format!("vanthu render failed: {}", show(&render)));
        return out;
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.path().join("out"))
        .map(|d| d.filter_map(|entry| entry.ok().map(|x| x.path())).collect())
        .unwrap_or_default();
    files.sort();
    let names: Vec<String> = files.iter().map(|f| file_name(f.as_path())).collect();
    match e["kind"].as_str() {
        Some("nominations") => match (
            find(&files, "Tờ trình", "docx"),
            find(&files, "Tờ trình", "pdf"),
        ) {
            (Some(docx), Some(pdf)) => {
                check_list(e, docx, pdf, &mut out);
            }
            _ => out
                .failures
                .push(format!("no Tờ trình DOCX and PDF among {names:?}")),
        },
        Some("scores") => match find(&files, "Báo cáo kết quả chấm điểm", "docx") {
            Some(docx) => check_ranking(e, docx, &mut out),
            None => out
                .failures
                .push(format!("no Báo cáo kết quả chấm điểm DOCX among {names:?}")),
        },
        other => out
            .failures
            .push(format!("expected.json: a good fixture of kind {other:?}")),
    }

    // Nothing that must not be printed is printed, in any document.
    let absent = strings(&e["absent"]);
    if !absent.is_empty() {
        for (path, name) in files.iter().zip(&names) {
            let text = if name.ends_with(".docx") {
                docx_text(path)
            } else if name.ends_with(".pdf") {
                pdf_text(path)
            } else {
                continue;
            };
            for a in &absent {
                if has_word(&text, a) {
                    out.failures
                        .push(format!("\"{a}\" is printed in \"{name}\""));
                }
            }
        }
    }
    out
}

/// The Tờ trình of a good list: counts in the text and on the totals row,
/// one list row per nominee under its award, no other list row.
fn check_list(e: &Value, docx: &Path, pdf: &Path, out: &mut Outcome) {
    let counts = counts_phrase(&e["counts"]);
    for (what, text) in [("DOCX", docx_text(docx)), ("PDF", pdf_text(pdf))] {
        for marker in ["cho ", "Tổng cộng: "] {
            let want = format!("{marker}{counts}");
            if !text.contains(&want) {
                out.failures.push(format!(
                    "Tờ trình {what} does not say \"{want}\"; it says \"{}\"",
                    said_after(&text, marker, 60)
                ));
            }
        }
    }
    let rows = docx_table_rows(docx);
    let nominees = e["nominees"].as_array().cloned().unwrap_or_default();
    // One row per nominee and award (a person proposed twice is listed
    // under both awards, counted once).
    let total = nominees.len() as u64;
    let listed: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r.len() >= 4 && !r[0].is_empty() && r[0].chars().all(|c| c.is_ascii_digit()))
        .collect();
    if listed.len() as u64 != total {
        let extra: Vec<&String> = listed
            .iter()
            .map(|r| &r[1])
            .filter(|name| {
                !nominees
                    .iter()
                    .any(|n| n["name"].as_str() == Some(name.as_str()))
            })
            .take(6)
            .collect();
        out.failures.push(format!(
            "the Tờ trình lists {} rows, expected {total}; rows of no expected nominee: {extra:?}",
            listed.len()
        ));
    }
    for nominee in &nominees {
        let name = nominee["name"].as_str().unwrap_or_default();
        let award = nominee["award"].as_str().unwrap_or_default();
        // "Chức vụ, đơn vị công tác": position and unit as the list gives
        // them, nothing lost (a unit under a merged header).
        let place = nominee["place"].as_str();
        out.nominees += 1;
        let hits = rows
            .iter()
            .filter(|r| {
                r.len() >= 4 && r[1] == name && r[3] == award && place.is_none_or(|p| r[2] == p)
            })
            .count();
        if hits != 1 {
            let last = name
                .split_whitespace()
                .last()
                .unwrap_or(name)
                .to_lowercase();
            let like: Vec<String> = rows
                .iter()
                .filter(|r| r.len() >= 4 && r[1].to_lowercase().contains(&last))
                .take(3)
                .map(|r| format!("[{} | {} | {}]", r[1], r[2], r[3]))
                .collect();
            out.failures.push(format!(
                "\"{name}\" ({}) under \"{award}\" is {hits} rows of the Tờ trình's list, not 1; rows like it: {}",
                place.unwrap_or("?"),
                if like.is_empty() {
                    "none".to_owned()
                } else {
                    like.join(", ")
                }
            ));
        }
    }
}

/// The ranked table of a good score sheet: rank, name, total, class of
/// every subject, in rank order (subjects sharing a rank in any order).
fn check_ranking(e: &Value, docx: &Path, out: &mut Outcome) {
    let rows = docx_table_rows(docx);
    let Some(header) = rows
        .iter()
        .position(|r| r.first().is_some_and(|c| c == "Hạng"))
    else {
        out.failures
            .push("no ranked table (a row starting \"Hạng\") in the report".to_owned());
        return;
    };
    let subjects = e["subjects"].as_array().cloned().unwrap_or_default();
    let got: Vec<[String; 4]> = rows[header + 1..]
        .iter()
        .take(subjects.len())
        .map(|r| {
            let n = r.len();
            if n < 4 {
                [r.join(" | "), String::new(), String::new(), String::new()]
            } else {
                [
                    r[0].clone(),
                    r[1].clone(),
                    r[n - 2].clone(),
                    r[n - 1].clone(),
                ]
            }
        })
        .collect();
    let want: Vec<[String; 4]> = subjects
        .iter()
        .map(|s| {
            [
                s["rank"].to_string(),
                s["name"].as_str().unwrap_or_default().to_owned(),
                number(&s["total"]),
                s["classification"].as_str().unwrap_or_default().to_owned(),
            ]
        })
        .collect();
    let same_ranks = got.iter().map(|x| &x[0]).eq(want.iter().map(|x| &x[0]));
    let mut got_sorted = got.clone();
    let mut want_sorted = want.clone();
    got_sorted.sort();
    want_sorted.sort();
    if !same_ranks || got_sorted != want_sorted {
        out.failures.push(format!(
            "ranked table (rank | name | total | class):\n      got      {got:?}\n      expected {want:?}"
        ));
    }
}

fn panic_message(panic: Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = panic.downcast_ref::<String>() {
        s.clone()
    } else if let Some(s) = panic.downcast_ref::<&str>() {
        (*s).to_owned()
    } else {
        "(no message)".to_owned()
    }
}

#[test]
fn office_and_province_software_workbooks_give_their_expected_outcome() {
    let expected = expected();
    let files = expected["files"]
        .as_object()
        .expect("expected.json has files");
    let mut failures: Vec<String> = Vec::new();
    let mut failing = 0;
    let mut checked = 0;
    let mut nominees_checked = 0;
    let mut nominees_expected = 0;
    for (file, e) in files {
        assert!(
            fixtures().join(file).is_file(),
            "{file} is missing: run tests/fixtures/offices/generate.py"
        );
        nominees_expected += e["nominees"].as_array().map_or(0, Vec::len);
        let outcome =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check_fixture(file, e)));
        let found = match outcome {
            Ok(outcome) => {
                nominees_checked += outcome.nominees;
                outcome.failures
            }
            Err(panic) => vec![format!("panicked: {}", panic_message(panic))],
        };
        if !found.is_empty() {
            failing += 1;
            let about = e["about"].as_str().unwrap_or_default();
            let about: String = about.chars().take(160).collect();
            failures.push(format!("{file} ({about}…):"));
            failures.extend(found.into_iter().map(|f| format!("  - {f}")));
        }
        checked += 1;
    }
    if checked < MIN_FIXTURES {
        failures.push(format!(
            "only {checked} fixtures checked, expected at least {MIN_FIXTURES}"
        ));
    }
    if failing == 0 && (nominees_checked != nominees_expected || nominees_checked < MIN_NOMINEES) {
        failures.push(format!(
            "{nominees_checked} nominees checked, expected {nominees_expected} (at least {MIN_NOMINEES})"
        ));
    }
    assert!(
        failures.is_empty(),
        "{failing} of {checked} office fixtures differ from tests/fixtures/offices/expected.json \
         (python3 tests/fixtures/offices/run.py target/debug/vanthu runs the same checks):\n{}",
        failures.join("\n")
    );
}

/// A rejected list's report beside it says its warnings after its errors
/// (a row written twice), so the office fixes everything in one round.
#[test]
fn a_rejection_report_says_the_warnings_too() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vanthu.toml"), CONFIG).unwrap();
    std::fs::copy(
        fixtures().join("o50_canh_bao_va_loi.xlsx"),
        dir.path().join("ds.xlsx"),
    )
    .unwrap();
    let out = vanthu(dir.path(), &["render", "ds.xlsx", "--out", "out"]);
    assert!(!out.status.success(), "{}", show(&out));
    let report = crate::util::report_of(&dir.path().join("out/ds.loi.txt"));
    let lines: Vec<&str> = report.lines().collect();
    let error = lines
        .iter()
        .position(|l| l.starts_with("Trang 'Sheet1', ô E7: không nhận ra hình thức khen thưởng"))
        .unwrap_or_else(|| panic!("{report}"));
    let warning = lines
        .iter()
        .position(|l| l.starts_with("Lưu ý: Trang 'Sheet1', ô B8: “Lê Thị Hồng Vân”"))
        .unwrap_or_else(|| panic!("{report}"));
    assert!(error < warning, "{report}");
}

/// Households have no assigned duties: a Tờ trình for households alone
/// says they have notable achievements, and its list heads the place column
/// with the address.
#[test]
fn a_to_trinh_for_households_alone_speaks_of_them() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vanthu.toml"), CONFIG).unwrap();
    let fixture = fixtures().join("o51_chi_ho_gia_dinh.xlsx");
    let out = vanthu(
        dir.path(),
        &["render", fixture.to_str().unwrap(), "--out", "out"],
    );
    assert!(out.status.success(), "{}", show(&out));
    let docx = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            name.starts_with("Tờ trình") && name.ends_with(".docx")
        })
        .expect("a Tờ trình");
    let pdf = docx.with_extension("pdf");
    for text in [docx_text(&docx), pdf_text(&pdf)] {
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            text.contains("Các hộ gia đình được đề nghị khen thưởng có thành tích tiêu biểu"),
            "{text}"
        );
        assert!(!text.contains("nhiệm vụ được giao"), "{text}");
        assert!(text.contains("cho 02 hộ gia đình"), "{text}");
    }
    let rows = docx_table_rows(&docx);
    assert!(
        rows.iter()
            .any(|r| r.len() >= 3 && r[2] == "Chức vụ, đơn vị công tác, địa chỉ"),
        "{rows:?}"
    );
    assert!(
        rows.iter()
            .any(|r| r.len() >= 3 && r[1] == "Hộ ông Lê Văn Tám" && r[2] == "Thôn Đông"),
        "{rows:?}"
    );
}

/// Names typed without their marks are printed as typed, and said once;
/// a zero-width space between syllables is the space it stands for.
#[test]
fn names_without_marks_are_said_and_invisible_spaces_kept_apart() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vanthu.toml"), CONFIG).unwrap();
    let n02 = root().join("tests/fixtures/workbooks/n02_khong_dau.xlsx");
    let check = vanthu(dir.path(), &["check", n02.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(
        said.contains(
            "Lưu ý: Trang 'DS de nghi', ô B5: 03 họ tên viết không dấu (như “Hoang Minh Tuan”)"
        ),
        "{said}"
    );
    let rows = vec![
        vec!["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025"],
        vec!["STT", "Họ và tên", "Chức vụ", "Hình thức khen thưởng"],
        vec![
            "1",
            "Lê\u{200B}Thị Mai",
            "Chuyên viên",
            "Lao động tiên tiến",
        ],
    ];
    std::fs::write(
        dir.path().join("ds.xlsx"),
        crate::util::xlsx_of_rows("DS", &rows),
    )
    .unwrap();
    let out = vanthu(dir.path(), &["render", "ds.xlsx", "--out", "out"]);
    assert!(out.status.success(), "{}", show(&out));
    let docx = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with(".docx"))
        .unwrap();
    let rows = docx_table_rows(&docx);
    assert!(
        rows.iter().any(|r| r.len() > 1 && r[1] == "Lê Thị Mai"),
        "{rows:?}"
    );
}

/// A list of the software's template has no title row: its year is the
/// one its achievements name, never later than the decisions' date, and
/// the warning says where it came from.
#[test]
fn a_list_without_a_title_takes_its_year_from_its_achievements_or_decisions() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("vanthu.toml"), CONFIG).unwrap();
    let header = vec![
        "STT",
        "Họ và tên",
        "Chức vụ",
        "Hình thức khen thưởng",
        "Thành tích",
    ];
    let with = vec![
        header.clone(),
        vec![
            "1",
            "Trần Văn An",
            "Chuyên viên",
            "Chiến sĩ thi đua cơ sở",
            "Hoàn thành xuất sắc nhiệm vụ năm 2024",
        ],
        vec![
            "2",
            "Lê Thị Bình",
            "Chuyên viên",
            "Chiến sĩ thi đua cơ sở",
            "Hoàn thành xuất sắc nhiệm vụ năm 2024",
        ],
    ];
    let without = vec![
        header,
        vec![
            "1",
            "Trần Văn An",
            "Chuyên viên",
            "Chiến sĩ thi đua cơ sở",
            "",
        ],
    ];
    for (name, rows, year, from) in [
        (
            "thanh-tich.xlsx",
            with,
            "2024",
            "theo năm ghi trong cột thành tích",
        ),
        (
            "khong.xlsx",
            without,
            "2025",
            "theo năm của ngày quyết định trong vanthu.toml",
        ),
    ] {
        std::fs::write(d.join(name), crate::util::xlsx_of_rows("DS", &rows)).unwrap();
        let check = vanthu(d, &["check", name]);
        let said = String::from_utf8_lossy(&check.stdout);
        assert!(said.contains(&format!("Năm: {year}")), "{said}");
        assert!(said.contains(from), "{said}");
        let out_dir = format!("out-{name}");
        let out = vanthu(d, &["render", name, "--out", &out_dir]);
        assert!(out.status.success(), "{}", show(&out));
        let qd = std::fs::read_dir(d.join(&out_dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| {
                let n = p.file_name().unwrap().to_string_lossy().to_string();
                n.starts_with("Dự thảo Quyết định") && n.ends_with(".pdf")
            })
            .expect("the superior's draft");
        let text = pdf_text(&qd);
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            text.contains(&format!("“Chiến sĩ thi đua cơ sở” năm {year}")),
            "{text}"
        );
        assert!(
            text.contains(&format!("DANH SÁCH KHEN THƯỞNG NĂM {year}")),
            "{text}"
        );
        assert!(
            text.contains(&format!("thành tích trong năm {year}")),
            "{text}"
        );
    }
}

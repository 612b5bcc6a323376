//! The hot-folder service through the real binary on temporary folders:
//! `vanthu run` delivers, rejects, ignores, waits for locked and growing
//! files, never processes the same content twice, replaces the documents of
//! a new version, and survives `kill -9` at any moment.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use unicode_normalization::UnicodeNormalization;

use crate::util::{self, show, vanthu};

/// The service tests' office. They are about delivery, not about who
/// decides: every award goes to the provincial chair, so each list gives
/// one Tờ trình and one draft Quyết định (`tests/authority.rs` covers the
/// law's matrix).
pub const CONFIG: &str = r#"
date = "2026-01-05"
[units]
"phòng-tổng-hợp" = "Phòng Tổng hợp"
"van-phong" = "Văn phòng Sở"
[commendation.authority]
"*" = "cap-tren"
[service]
quiet_ms = 150
"#;

pub fn fixture(name: &str) -> PathBuf {
    util::root().join("tests/fixtures/workbooks").join(name)
}

/// A fresh office folder with the test configuration.
pub fn office() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vanthu.toml"), CONFIG).unwrap();
    std::fs::create_dir_all(dir.path().join("inbox")).unwrap();
    dir
}

/// Copies a fixture into the inbox as a finished file (modified a minute
/// ago).
pub fn drop_file(dir: &Path, fixture_name: &str, relative: &str) -> PathBuf {
    let path = dir.join("inbox").join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::copy(fixture(fixture_name), &path).unwrap();
    age(&path);
    path
}

pub fn age(path: &Path) {
    aged(path, Duration::from_secs(60));
}

/// Sets the modification time of `path` to `ago` before now.
pub fn aged(path: &Path, ago: Duration) {
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_modified(SystemTime::now() - ago).unwrap();
}

/// Every file under `dir`, relative, sorted.
pub fn files(dir: &Path) -> BTreeSet<String> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeSet<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.insert(p.strip_prefix(base).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(dir, dir, &mut out);
    out
}

pub fn run(dir: &Path) -> String {
    let out = vanthu(dir, &["run"]);
    assert!(out.status.success(), "{}", show(&out));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn run_delivers_rejects_and_leaves_lock_and_system_files_alone() {
    let dir = office();
    let d = dir.path();
    // The unit's folder and the file arrive in NFD, as macOS writes them.
    let folder: String = "phòng-tổng-hợp".nfd().collect();
    let name: String = "danh sách.xlsx".nfd().collect();
    drop_file(d, "n02_khong_dau.xlsx", &format!("{folder}/{name}"));
    drop_file(d, "b03_thieu_ho_ten.xlsx", "loi.xlsx");
    drop_file(d, "s01_bang_diem_co_ban.xlsx", "van-phong/diem.xlsx");
    for ignored in [
        "~$khac.xlsx",
        ".DS_Store",
        "Thumbs.db",
        "desktop.ini",
        "a.tmp",
        "b.xlsx.crdownload",
        "c.part",
    ] {
        std::fs::write(d.join("inbox").join(ignored), b"x").unwrap();
        age(&d.join("inbox").join(ignored));
    }
    std::fs::write(d.join("inbox/nham.docx"), b"PK\x03\x04 not a workbook").unwrap();
    age(&d.join("inbox/nham.docx"));

    let out = run(d);
    assert!(
        out.contains("Đã tạo 6 văn bản từ phòng-tổng-hợp/danh sách.xlsx"),
        "{out}"
    );
    assert!(
        out.contains("Đã tạo 2 văn bản từ van-phong/diem.xlsx"),
        "{out}"
    );
    assert!(out.contains("Có lỗi, chưa tạo văn bản: loi.xlsx"), "{out}");
    assert!(out.contains("Có lỗi, chưa tạo văn bản: nham.docx"), "{out}");

    let outbox = files(&d.join("outbox"));
    let want: BTreeSet<String> = [
        "phòng-tổng-hợp/Tờ trình đề nghị khen thưởng - Phòng Tổng hợp.docx",
        "phòng-tổng-hợp/Tờ trình đề nghị khen thưởng - Phòng Tổng hợp.pdf",
        "phòng-tổng-hợp/Dự thảo Quyết định khen thưởng - Phòng Tổng hợp.docx",
        "phòng-tổng-hợp/Dự thảo Quyết định khen thưởng - Phòng Tổng hợp.pdf",
        "phòng-tổng-hợp/Dự thảo Quyết định tặng Giấy khen của Thủ trưởng cơ quan - Phòng Tổng hợp.docx",
        "phòng-tổng-hợp/Dự thảo Quyết định tặng Giấy khen của Thủ trưởng cơ quan - Phòng Tổng hợp.pdf",
        "van-phong/Báo cáo kết quả chấm điểm thi đua - Văn phòng Sở.docx",
        "van-phong/Báo cáo kết quả chấm điểm thi đua - Văn phòng Sở.pdf",
        "Báo cáo tổng hợp khen thưởng năm 2026.docx",
        "Báo cáo tổng hợp khen thưởng năm 2026.pdf",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    assert_eq!(outbox, want, "NFC names under the unit folders");

    let inbox = files(&d.join("inbox"));
    for kept in [
        "loi.xlsx",
        "loi.loi.txt",
        "nham.docx",
        "nham.loi.txt",
        "~$khac.xlsx",
        ".DS_Store",
        "Thumbs.db",
        "desktop.ini",
        "a.tmp",
        "b.xlsx.crdownload",
        "c.part",
    ] {
        assert!(inbox.contains(kept), "{kept} in {inbox:?}");
    }
    assert_eq!(
        inbox.len(),
        11,
        "delivered inputs left the inbox, no other report: {inbox:?}"
    );
    let report = crate::util::report_of(&d.join("inbox/loi.loi.txt"));
    assert!(report.starts_with("Trang 'Sheet1', ô B6: "), "{report}");
    let archive = files(&d.join(".vanthu/archive"));
    assert_eq!(archive.len(), 2, "{archive:?}");
    assert_eq!(
        std::fs::read(
            d.join(".vanthu/archive")
                .join(archive.iter().find(|f| f.ends_with("diem.xlsx")).unwrap())
        )
        .unwrap(),
        std::fs::read(fixture("s01_bang_diem_co_ban.xlsx")).unwrap(),
        "the archive keeps the input unchanged"
    );

    // A second pass finds nothing new; status says what happened.
    assert!(run(d).contains("không có tệp mới"));
    let status = vanthu(d, &["status"]);
    let status = String::from_utf8(status.stdout).unwrap();
    assert!(
        status.contains(
            "Tổng: 2 tệp đã có văn bản, 2 tệp có lỗi còn trong hộp thư đến, 0 tệp đang chờ."
        ),
        "{status}"
    );
    assert!(
        status.contains("\n  loi.xlsx: Trang 'Sheet1', ô B6: "),
        "{status}"
    );
    assert!(status.contains("(báo cáo lỗi: loi.loi.txt)\n"), "{status}");
}

#[test]
fn locked_or_growing_files_wait_and_fixed_files_replace_their_report() {
    let dir = office();
    let d = dir.path();
    let input = drop_file(d, "n01_danh_sach_co_ban.xlsx", "ds.xlsx");
    std::fs::write(d.join("inbox/~$ds.xlsx"), b"owner").unwrap();
    let out = run(d);
    assert!(
        out.contains(
            "Chờ lần sau: ds.xlsx (đang mở trong Excel hoặc LibreOffice (có tệp khóa ~$ds.xlsx)"
        ),
        "{out}"
    );
    assert!(files(&d.join("outbox")).is_empty());
    let status = String::from_utf8(vanthu(d, &["status"]).stdout).unwrap();
    assert!(
        status.contains("Đang chờ xử lý (1 tệp):\n  ds.xlsx: đang mở trong Excel"),
        "{status}"
    );
    assert!(
        status.contains("  ~$ds.xlsx: tệp khóa của Excel: có người đang mở bảng tính “ds.xlsx”"),
        "the lock file is listed as left alone: {status}"
    );
    let rows = crate::util::ledger_rows(d);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(
        (rows[0].0.as_str(), rows[0].1.as_str()),
        ("ds.xlsx", "received")
    );
    assert!(
        d.join("inbox/van-phong").is_dir(),
        "unit folders are made for departments"
    );
    std::fs::remove_file(d.join("inbox/~$ds.xlsx")).unwrap();

    // Still being written: the file grows while the pass looks at it.
    let bytes = std::fs::read(fixture("n01_danh_sach_co_ban.xlsx")).unwrap();
    std::fs::write(&input, &bytes[..bytes.len() / 2]).unwrap();
    let writer = {
        let input = input.clone();
        let rest = bytes[bytes.len() / 2..].to_vec();
        std::thread::spawn(move || {
            use std::io::Write;
            let mut file = std::fs::File::options().append(true).open(&input).unwrap();
            for chunk in rest.chunks(rest.len() / 40 + 1) {
                file.write_all(chunk).unwrap();
                file.sync_all().unwrap();
                std::thread::sleep(Duration::from_millis(40));
            }
        })
    };
    let out = run(d);
    writer.join().unwrap();
    assert!(out.contains("Chờ lần sau"), "{out}");
    assert!(
        files(&d.join("outbox")).is_empty(),
        "nothing taken while growing"
    );
    age(&input);
    let out = run(d);
    assert!(out.contains("Đã tạo 6 văn bản từ ds.xlsx"), "{out}");
    let status = String::from_utf8(vanthu(d, &["status"]).stdout).unwrap();
    assert!(
        status.contains(
            "Tổng: 1 tệp đã có văn bản, 0 tệp có lỗi còn trong hộp thư đến, 0 tệp đang chờ."
        ),
        "{status}"
    );
    assert!(
        crate::util::ledger_rows(d)
            .iter()
            .all(|(_, state, _)| state != "received"),
        "the received row moved on: {status}"
    );

    // Written elsewhere, then renamed into place.
    let outside = d.join("tmp-copy.xlsx");
    std::fs::copy(fixture("n03_tieu_de_bien_the.xlsx"), &outside).unwrap();
    age(&outside);
    std::fs::rename(&outside, d.join("inbox/van-phong/moi.xlsx")).unwrap();
    let out = run(d);
    assert!(
        out.contains("Đã tạo 4 văn bản từ van-phong/moi.xlsx"),
        "{out}"
    );

    // A rejected file, then its fix saved under the same name.
    let bad = drop_file(d, "b04_thieu_hinh_thuc.xlsx", "van-phong/ds2.xlsx");
    let out = run(d);
    assert!(out.contains("Có lỗi"), "{out}");
    let report = bad.with_file_name("ds2.loi.txt");
    assert!(report.exists());
    drop_file(d, "n12_ngay_sinh.xlsx", "van-phong/ds2.xlsx");
    let out = run(d);
    assert!(
        out.contains("Đã tạo 6 văn bản từ van-phong/ds2.xlsx"),
        "{out}"
    );
    assert!(!report.exists(), "the report went away");
    assert!(!bad.exists(), "the fixed input was archived");
}

#[test]
fn same_content_is_not_processed_twice_and_new_versions_replace_documents() {
    let dir = office();
    let d = dir.path();
    drop_file(d, "n01_danh_sach_co_ban.xlsx", "van-phong/ds.xlsx");
    run(d);
    let first = files(&d.join("outbox"));
    assert_eq!(
        first.len(),
        6 + 2,
        "documents and the yearly summary: {first:?}"
    );
    // The same bytes again, under another name.
    drop_file(d, "n01_danh_sach_co_ban.xlsx", "van-phong/ban sao.xlsx");
    let out = run(d);
    assert!(
        out.contains(
            "Trùng nội dung với tệp đã xử lý của cùng đơn vị, không xử lý lại: van-phong/ban sao.xlsx"
        ),
        "{out}"
    );
    assert_eq!(files(&d.join("outbox")), first, "no new document");
    assert!(!d.join("inbox/van-phong/ban sao.xlsx").exists(), "archived");
    // A new version under the same name: its documents replace the old ones.
    drop_file(d, "n07_muc_a_tap_the.xlsx", "van-phong/ds.xlsx");
    let out = run(d);
    assert!(
        out.contains("Đã tạo 2 văn bản từ van-phong/ds.xlsx"),
        "{out}"
    );
    // Only Giấy khen this time: the head's decision, and none of the old
    // version's documents left behind.
    let second = files(&d.join("outbox"));
    assert_eq!(second.len(), 2 + 2, "{second:?}");
    assert!(
        !d.join("outbox/van-phong/Tờ trình đề nghị khen thưởng - Văn phòng Sở.docx")
            .exists(),
        "the old version's Tờ trình is withdrawn: {second:?}"
    );
    let qd = d.join(
        "outbox/van-phong/Dự thảo Quyết định tặng Giấy khen của Thủ trưởng cơ quan - Văn phòng Sở.docx",
    );
    let parts = util::docx_parts(&qd);
    let xml = String::from_utf8(parts["word/document.xml"].0.clone()).unwrap();
    assert!(xml.contains("Bộ phận Một cửa"), "the new version's list");
    // A different input of the same unit keeps the first one's documents.
    drop_file(d, "n05_cot_doi_tuong.xlsx", "van-phong/ds khac.xlsx");
    run(d);
    let third = files(&d.join("outbox"));
    assert_eq!(third.len(), 2 + 6 + 2, "{third:?}");
    assert!(
        second.iter().all(|f| third.contains(f)),
        "the first list's decision stays: {third:?}"
    );
    // The summary counts the unit once, by its latest list.
    let summary = util::pdf_text(&d.join("outbox/Báo cáo tổng hợp khen thưởng năm 2025.pdf"));
    assert!(summary.contains("Văn phòng Sở"), "{summary}");
    assert!(third.iter().any(|f| f.contains("(ds khac)")), "{third:?}");
}

/// `vanthu watch` started in `d` (logging to `d/watch.log`), once it has
/// taken its locks and begun watching.
pub fn start_watch(d: &Path) -> (std::process::Child, PathBuf) {
    let log = d.join("watch.log");
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_vanthu"))
        .arg("watch")
        .current_dir(d)
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    wait_for_log(&log, "bắt đầu theo dõi");
    (child, log)
}

/// Waits (at most half a minute) until the log at `log` says `text`.
pub fn wait_for_log(log: &Path, text: &str) {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while !std::fs::read_to_string(log).is_ok_and(|t| t.contains(text)) {
        assert!(
            std::time::Instant::now() < deadline,
            "the log never said {text:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Every file under `dir`, relative, with its bytes (a report's time of
/// writing left out).
pub fn contents(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    files(dir)
        .into_iter()
        .map(|f| {
            let mut bytes = std::fs::read(dir.join(&f)).unwrap();
            // A report says when it was written; the rest is compared.
            if f.ends_with(".loi.txt") {
                let text = String::from_utf8(bytes).unwrap();
                bytes = text
                    .split("\r\n")
                    .filter(|l| !l.starts_with("Kiểm tra lúc: "))
                    .collect::<Vec<_>>()
                    .join("\r\n")
                    .into_bytes();
            }
            (f, bytes)
        })
        .collect()
}

#[test]
fn a_template_change_regenerates_exactly_its_documents() {
    let dir = office();
    let d = dir.path();
    drop_file(d, "n01_danh_sach_co_ban.xlsx", "van-phong/ds.xlsx");
    drop_file(d, "s01_bang_diem_co_ban.xlsx", "van-phong/diem.xlsx");
    run(d);
    let before = contents(&d.join("outbox"));
    // The admin overrides the score report's template.
    std::fs::create_dir_all(d.join("templates")).unwrap();
    let text = include_str!("../templates/bao-cao-cham-diem.md").replace(
        "Các đơn vị, cá nhân có tổng điểm bằng nhau được xếp đồng hạng.",
        "Các đơn vị có tổng điểm bằng nhau được xếp đồng hạng (mẫu của cơ quan).",
    );
    std::fs::write(d.join("templates/bao-cao-cham-diem.md"), text).unwrap();
    let out = run(d);
    assert!(
        out.contains("Đã tạo lại 2 văn bản của van-phong/diem.xlsx"),
        "{out}"
    );
    assert!(!out.contains("van-phong/ds.xlsx"), "{out}");
    let after = contents(&d.join("outbox"));
    let changed: Vec<&String> = after
        .iter()
        .zip(&before)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| a.0)
        .collect();
    assert_eq!(
        changed,
        [
            "van-phong/Báo cáo kết quả chấm điểm thi đua - Văn phòng Sở.docx",
            "van-phong/Báo cáo kết quả chấm điểm thi đua - Văn phòng Sở.pdf"
        ],
        "exactly the documents of the changed template"
    );
    let pdf = d.join("outbox/van-phong/Báo cáo kết quả chấm điểm thi đua - Văn phòng Sở.pdf");
    assert!(util::pdf_text(&pdf).contains("(mẫu của cơ quan)"));
    // Nothing is stale any more.
    assert!(run(d).contains("không có tệp mới"));
    // By hand, one template.
    let out = vanthu(d, &["regenerate", "--template", "to-trinh-khen-thuong"]);
    assert!(out.status.success(), "{}", show(&out));
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(
        said.contains("Đã tạo lại 2 văn bản từ 1 tệp đầu vào"),
        "{said}"
    );
}

#[test]
fn watch_polls_when_told_and_stops_on_sigterm() {
    use std::process::{Command, Stdio};
    let dir = office();
    let d = dir.path();
    let config = format!("{CONFIG}polling = \"always\"\npoll_ms = 200\n");
    std::fs::write(d.join("vanthu.toml"), config).unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_vanthu"))
        .arg("watch")
        .current_dir(d)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(500));
    // Copied in the ordinary way: the file is new, so the watcher waits
    // for its quiet period, then delivers.
    let target = d.join("inbox/van-phong/ds.xlsx");
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    std::fs::copy(fixture("n01_danh_sach_co_ban.xlsx"), &target).unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let doc = d.join("outbox/van-phong/Tờ trình đề nghị khen thưởng - Văn phòng Sở.pdf");
    while !doc.exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(doc.exists(), "delivered while watching");
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "clean stop: {:?}", output.status);
    let log = String::from_utf8(output.stderr).unwrap();
    assert!(log.contains("quét định kỳ"), "polling mode: {log}");
    assert!(log.contains("đã tạo văn bản"), "{log}");
    assert!(log.contains("đã dừng theo dõi"), "{log}");
}

#[test]
fn init_makes_a_working_office_and_keeps_what_exists() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = vanthu(d, &["init", "van-phong"]);
    assert!(out.status.success(), "{}", show(&out));
    let office = d.join("van-phong");
    for made in [
        "vanthu.toml",
        "templates/to-trinh-khen-thuong.md",
        "templates/quyet-dinh-khen-thuong.md",
        "templates/bao-cao-cham-diem.md",
        "templates/bao-cao-tong-hop.md",
    ] {
        assert!(office.join(made).is_file(), "{made}");
    }
    assert!(office.join("inbox").is_dir() && office.join("outbox").is_dir());
    let config = std::fs::read_to_string(office.join("vanthu.toml")).unwrap();
    for section in [
        "[office]",
        "[signer]",
        "[page]",
        "[pdf]",
        "[units]",
        "[awards]",
        "[scores]",
        "[commendation]",
        "[service]",
    ] {
        assert!(config.contains(section), "{section} documented");
    }
    // The new office works as it is.
    std::fs::copy(
        fixture("n01_danh_sach_co_ban.xlsx"),
        office.join("inbox/phong-tong-hop/ds.xlsx"),
    )
    .unwrap();
    age(&office.join("inbox/phong-tong-hop/ds.xlsx"));
    std::fs::write(
        office.join("vanthu.toml"),
        config.replace("quiet_ms = 2000", "quiet_ms = 100"),
    )
    .unwrap();
    let out = run(&office);
    // Under the law's matrix: the head's own Quyết định for Lao động tiên
    // tiến, Chiến sĩ thi đua cơ sở and the Giấy khen, and for the rest the
    // Tờ trình to the provincial chair with the draft of its Quyết định.
    assert!(
        out.contains("Đã tạo 10 văn bản từ phong-tong-hop/ds.xlsx"),
        "{out}"
    );
    for made in [
        "Dự thảo Quyết định công nhận danh hiệu Lao động tiên tiến - Phòng Tổng hợp.pdf",
        "Dự thảo Quyết định công nhận danh hiệu Chiến sĩ thi đua cơ sở - Phòng Tổng hợp.pdf",
        "Tờ trình đề nghị khen thưởng - Phòng Tổng hợp.pdf",
        "Dự thảo Quyết định khen thưởng - Phòng Tổng hợp.pdf",
    ] {
        assert!(out.contains(made), "{made}: {out}");
    }
    // A second init keeps everything.
    let out = vanthu(d, &["init", "van-phong"]);
    let said = String::from_utf8(out.stdout).unwrap();
    assert!(said.contains("không tạo thêm gì"), "{said}");
    assert!(
        std::fs::read_to_string(office.join("vanthu.toml"))
            .unwrap()
            .contains("quiet_ms = 100")
    );
}

/// Issue 11: the time limit is a passing cause (the machine may only have
/// been busy): the file is tried again, rejected with that reason only
/// after three tries, and examined again once the limit is raised in
/// `vanthu.toml`, without anyone saving it again.
#[test]
fn a_workbook_over_the_time_limit_is_retried_then_rejected_then_reexamined() {
    let dir = office();
    let d = dir.path();
    let tight = CONFIG.replace(
        "quiet_ms = 150",
        "quiet_ms = 150\nfile_timeout_ms = 1\nretry_ms = 0",
    );
    std::fs::write(d.join("vanthu.toml"), &tight).unwrap();
    let input = drop_file(d, "n01_danh_sach_co_ban.xlsx", "ds.xlsx");
    for attempt in 1..=2 {
        let out = run(d);
        assert!(
            out.contains("Sẽ thử lại: ds.xlsx (xử lý quá 1 giây nên đã dừng"),
            "attempt {attempt}: {out}"
        );
        assert!(!d.join("inbox/ds.loi.txt").exists(), "no report yet");
    }
    let out = run(d);
    assert!(out.contains("Có lỗi, chưa tạo văn bản: ds.xlsx"), "{out}");
    let report = crate::util::report_of(&d.join("inbox/ds.loi.txt"));
    assert!(
        report.starts_with("ds.xlsx: xử lý quá 1 giây nên đã dừng"),
        "{report}"
    );
    assert!(report.contains("(đã thử 3 lần)"), "{report}");
    assert!(input.exists(), "kept");
    assert!(files(&d.join("outbox")).is_empty());
    assert!(
        run(d).contains("không có tệp mới"),
        "judged, and left alone"
    );
    // The admin raises the limit: the same file is examined again.
    std::fs::write(d.join("vanthu.toml"), CONFIG).unwrap();
    let out = run(d);
    assert!(out.contains("Đã tạo 6 văn bản từ ds.xlsx"), "{out}");
    assert!(!d.join("inbox/ds.loi.txt").exists(), "the report went away");
}

/// A file dropped while `vanthu watch` runs is taken on the file system's
/// event, not at the next minute's look round the inbox, with the inbox
/// named relative to the office folder as `vanthu init` writes it (the
/// events name it in full).
#[test]
fn a_file_dropped_while_watching_is_taken_on_its_event() {
    let dir = office();
    let d = dir.path();
    std::fs::write(
        d.join("vanthu.toml"),
        CONFIG.replace("[service]\n", "[service]\ninbox = \"inbox\"\n"),
    )
    .unwrap();
    let (mut watch, log) = start_watch(d);
    // The first look round the inbox is over: the next is a minute away.
    std::thread::sleep(Duration::from_secs(1));
    let started = std::time::Instant::now();
    drop_file(d, "n03_tieu_de_bien_the.xlsx", "van-phong/ds.xlsx");
    wait_for_log(&log, "đã tạo văn bản");
    let took = started.elapsed();
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &watch.id().to_string()])
        .status();
    watch.wait().unwrap();
    assert!(
        took < Duration::from_secs(30),
        "taken after {took:?}: the event was missed"
    );
}

/// A unit renamed in `[units]` is renamed everywhere: its documents are
/// made again under the new name, and the yearly summary says it too.
#[test]
fn a_unit_renamed_is_renamed_in_the_yearly_summary() {
    let dir = office();
    let d = dir.path();
    drop_file(d, "n03_tieu_de_bien_the.xlsx", "van-phong/ds.xlsx");
    run(d);
    let summary = d.join("outbox/Báo cáo tổng hợp khen thưởng năm 2025.pdf");
    assert!(util::pdf_text(&summary).contains("Văn phòng Sở"));
    std::fs::write(
        d.join("vanthu.toml"),
        CONFIG.replace(
            "\"van-phong\" = \"Văn phòng Sở\"",
            "\"van-phong\" = \"Phòng Hành chính\"",
        ),
    )
    .unwrap();
    let out = run(d);
    assert!(out.contains("Đã tạo lại"), "{out}");
    assert!(
        d.join("outbox/van-phong/Tờ trình đề nghị khen thưởng - Phòng Hành chính.pdf")
            .exists(),
        "{:?}",
        files(&d.join("outbox"))
    );
    let text = util::pdf_text(&summary);
    assert!(text.contains("Phòng Hành chính"), "{text}");
    assert!(!text.contains("Văn phòng Sở"), "the old name stays: {text}");
}

/// A broken template is loud: `run` fails naming the file and line in
/// Vietnamese, `status` says it first; the list waits, nothing is lost.
#[test]
fn a_broken_template_fails_the_run_and_heads_the_status() {
    let dir = office();
    let d = dir.path();
    std::fs::create_dir_all(d.join("templates")).unwrap();
    std::fs::write(
        d.join("templates/to-trinh-khen-thuong.md"),
        "+++\nkind = \"TTr\"\n+++\nKính trình.\n{% if so_tap_the %}\nCó tập thể.\n",
    )
    .unwrap();
    drop_file(d, "n01_danh_sach_co_ban.xlsx", "van-phong/ds.xlsx");
    let out = vanthu(d, &["run"]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("mẫu templates/to-trinh-khen-thuong.md, dòng 6: sai cú pháp mẫu (một khối {% if %} hoặc {% for %} chưa đóng"),
        "{said}"
    );
    for english in ["unexpected", "expected end"] {
        assert!(!said.contains(english), "{english} in {said}");
    }
    let status = vanthu(d, &["status"]);
    let shown = String::from_utf8_lossy(&status.stdout);
    assert!(
        shown.starts_with("Mẫu văn bản có lỗi (văn bản dùng mẫu này chưa được tạo):\n  mẫu templates/to-trinh-khen-thuong.md, dòng 6"),
        "{shown}"
    );
    assert!(d.join("inbox/van-phong/ds.xlsx").exists(), "the list waits");
}

/// `status` works on a broken configuration and says first what is broken,
/// in Vietnamese at its line and key; `run` refuses to start, saying the same.
#[test]
fn status_says_a_broken_configuration_and_still_reads() {
    let dir = office();
    let d = dir.path();
    drop_file(d, "n01_danh_sach_co_ban.xlsx", "van-phong/ds.xlsx");
    run(d);
    let toml = std::fs::read_to_string(d.join("vanthu.toml")).unwrap();
    std::fs::write(
        d.join("vanthu.toml"),
        format!("{toml}\n[office]\nplce = \"Quảng Trị\"\n"),
    )
    .unwrap();
    let out = vanthu(d, &["status"]);
    assert!(out.status.success(), "{}", show(&out));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.starts_with("Cấu hình có lỗi"), "{said}");
    assert!(
        said.contains("khóa `plce`: không có khóa này ở đây; có phải `place`?"),
        "{said}"
    );
    assert!(
        said.contains("Tổng: 1 tệp đã có văn bản"),
        "the ledger is still read: {said}"
    );
    let out = vanthu(d, &["run"]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(String::from_utf8_lossy(&out.stderr).contains("có phải `place`?"));
}

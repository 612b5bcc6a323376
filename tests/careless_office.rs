//! What a careless office did to the service when a tester tried to break
//! it (issue 11's review), each through the real binary: an idle watcher
//! that kept working, files that overwrote each other's documents or
//! reports, copies processed twice, a long name stuck in the inbox, a
//! report that never came, a half-written `vanthu.toml`, nested folders and
//! links, a second service on the same inbox, and a few messages.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::service::{
    CONFIG, age, aged, contents, drop_file, files, fixture, office, run, start_watch, wait_for_log,
};
use crate::util::{self, show, vanthu};

fn run_with(d: &Path, failpoints: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_vanthu"))
        .arg("run")
        .current_dir(d)
        .env("FAILPOINTS", failpoints)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", show(&out));
    String::from_utf8(out.stdout).unwrap()
}

/// CPU time (user + system, clock ticks) a process has used.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    let after = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = after.split(' ').collect();
    fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
}

/// An idle watcher sleeps: reading its own configuration and folders is
/// not a change that calls for another pass.
#[test]
fn an_idle_watcher_does_not_keep_working() {
    let dir = office();
    let d = dir.path();
    drop_file(d, "n01_danh_sach_co_ban.xlsx", "van-phong/ds.xlsx");
    // As `vanthu init` makes it: the templates folder is watched too.
    std::fs::create_dir_all(d.join("templates")).unwrap();
    let (mut watch, log) = start_watch(d);
    wait_for_log(&log, "đã cập nhật báo cáo tổng hợp");
    std::thread::sleep(Duration::from_secs(1));
    let before = cpu_ticks(watch.id());
    std::thread::sleep(Duration::from_secs(3));
    let used = cpu_ticks(watch.id()) - before;
    watch.kill().unwrap();
    watch.wait().unwrap();
    // 300 ticks would be a whole core; an idle process uses next to none.
    assert!(used < 30, "{used} ticks of CPU in 3 s while idle");
}

/// Two inputs of one unit whose names clean up alike never overwrite
/// each other's documents or reports.
#[test]
fn inputs_named_alike_keep_their_own_documents_and_reports() {
    let dir = office();
    let d = dir.path();
    drop_file(d, "n01_danh_sach_co_ban.xlsx", "van-phong/ds.xlsx");
    drop_file(d, "n07_muc_a_tap_the.xlsx", "van-phong/ds.xls");
    drop_file(d, "n03_tieu_de_bien_the.xlsx", "van-phong/DS.xlsx");
    drop_file(d, "b01_vuot_diem_toi_da.xlsx", "phòng-tổng-hợp/x.xlsx");
    drop_file(d, "b03_thieu_ho_ten.xlsx", "phòng-tổng-hợp/x.ods");
    let out = run(d);
    // n01 gives six documents, n07 (Giấy khen only) the head's Quyết định,
    // n03 (titles) a Tờ trình and the chair's Quyết định.
    for said in [
        "Đã tạo 6 văn bản từ van-phong/ds.xlsx",
        "Đã tạo 2 văn bản từ van-phong/ds.xls",
        "Đã tạo 4 văn bản từ van-phong/DS.xlsx",
    ] {
        assert!(out.contains(said), "{said} in {out}");
    }
    let outbox = files(&d.join("outbox/van-phong"));
    assert_eq!(outbox.len(), 12, "{outbox:?}");
    let lowered: std::collections::BTreeSet<String> =
        outbox.iter().map(|f| f.to_lowercase()).collect();
    assert_eq!(lowered.len(), 12, "distinct even without case: {outbox:?}");
    let tt: Vec<&String> = outbox
        .iter()
        .filter(|f| f.starts_with("Tờ trình") && f.ends_with(".pdf"))
        .collect();
    assert_eq!(tt.len(), 2, "two lists asking the chair: {tt:?}");
    let inbox = d.join("inbox/phòng-tổng-hợp");
    let xlsx = crate::util::report_of(&inbox.join("x.xlsx.loi.txt"));
    let ods = crate::util::report_of(&inbox.join("x.ods.loi.txt"));
    assert!(xlsx.contains("vượt mức tối đa"), "{xlsx}");
    assert!(ods.contains("x.ods") || ods.contains(", ô B"), "{ods}");
    assert_ne!(xlsx, ods);
}

/// The same content dropped twice at once by one unit is processed once;
/// the other copy is its duplicate and the yearly summary counts it once.
#[test]
fn copies_dropped_at_once_are_processed_once() {
    let dir = office();
    let d = dir.path();
    drop_file(d, "n01_danh_sach_co_ban.xlsx", "van-phong/ds.xlsx");
    drop_file(d, "n01_danh_sach_co_ban.xlsx", "van-phong/ds - Copy.xlsx");
    let first = run(d);
    let second = run(d);
    let all = format!("{first}{second}");
    assert_eq!(all.matches("Đã tạo 6 văn bản").count(), 1, "{all}");
    assert!(all.contains("Trùng nội dung"), "{all}");
    assert!(files(&d.join("inbox/van-phong")).is_empty());
    let summary = util::pdf_text(&d.join("outbox/Báo cáo tổng hợp khen thưởng năm 2025.pdf"));
    // The summary's total is the one list's count (n01: 02 tập thể, 05 cá
    // nhân).
    assert!(
        summary.contains("02 tập thể, 05 cá nhân"),
        "the list counted once: {summary}"
    );
    // An official report says no word of how vanthu keeps it; its text
    // ends as Nghị định 30 ends one.
    assert!(!summary.contains("được cập nhật"), "{summary}");
    let body = summary.split("Nơi nhận").next().unwrap_or_default();
    assert!(body.trim_end().ends_with("./."), "{body}");
}

/// A file named at the file system's limit leaves the inbox once
/// delivered.
#[test]
fn a_very_long_name_leaves_the_inbox() {
    let dir = office();
    let d = dir.path();
    let long = format!("{}.xlsx", "Danh sách khen thưởng năm ".repeat(8));
    assert!(long.len() > 240 && long.len() <= 255, "{}", long.len());
    drop_file(d, "n01_danh_sach_co_ban.xlsx", &format!("van-phong/{long}"));
    let out = run(d);
    assert!(out.contains("Đã tạo 6 văn bản"), "{out}");
    assert!(files(&d.join("inbox")).is_empty(), "left the inbox");
}

/// A rejection whose report cannot be written waits until it can: the
/// submitter always gets the report.
#[test]
fn a_report_that_cannot_be_written_is_written_later() {
    let dir = office();
    let d = dir.path();
    std::fs::write(
        d.join("vanthu.toml"),
        CONFIG.replace("quiet_ms = 150", "quiet_ms = 150\nretry_ms = 0"),
    )
    .unwrap();
    drop_file(d, "b03_thieu_ho_ten.xlsx", "loi.xlsx");
    let out = run_with(d, "outbox.write=return(enospc:.loi.txt)");
    assert!(
        out.contains("Sẽ thử lại: loi.xlsx (không ghi được báo cáo lỗi: không ghi được"),
        "{out}"
    );
    assert!(out.contains("ổ đĩa đã đầy"), "said in Vietnamese: {out}");
    assert!(!d.join("inbox/loi.loi.txt").exists());
    let out = run(d);
    assert!(out.contains("Có lỗi, chưa tạo văn bản: loi.xlsx"), "{out}");
    let report = crate::util::report_of(&d.join("inbox/loi.loi.txt"));
    assert!(report.starts_with("Trang 'Sheet1', ô B6: "), "{report}");
}

/// A rejected file saved again, even unchanged, is examined again (the
/// way to retry a file rejected for crashing the program).
#[test]
fn a_rejected_file_saved_again_is_examined_again() {
    let dir = office();
    let d = dir.path();
    let path = drop_file(d, "n01_danh_sach_co_ban.xlsx", "ds.xlsx");
    let out = run_with(d, "job.work=return(panic:ds)");
    assert!(out.contains("Có lỗi, chưa tạo văn bản: ds.xlsx"), "{out}");
    assert!(run(d).contains("không có tệp mới"), "{}", "judged once");
    // Saved again: same bytes, a new modification time.
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, bytes).unwrap();
    aged(&path, Duration::from_secs(10));
    let out = run(d);
    assert!(out.contains("Đã tạo 6 văn bản từ ds.xlsx"), "{out}");
    assert!(!d.join("inbox/ds.loi.txt").exists());
}

/// A `vanthu.toml` being written (empty for a moment) is not taken for
/// an empty configuration: the documents are not made again with the
/// defaults, and `vanthu run` refuses an empty file.
#[test]
fn a_configuration_being_written_is_not_applied() {
    let dir = office();
    let d = dir.path();
    drop_file(d, "n01_danh_sach_co_ban.xlsx", "van-phong/ds.xlsx");
    run(d);
    let before = contents(&d.join("outbox"));
    std::fs::write(d.join("vanthu.toml"), "").unwrap();
    let out = vanthu(d, &["run"]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("vanthu.toml trống"),
        "{}",
        show(&out)
    );
    std::fs::write(d.join("vanthu.toml"), CONFIG).unwrap();
    assert!(run(d).contains("không có tệp mới"));
    assert_eq!(contents(&d.join("outbox")), before, "nothing regenerated");

    // While `watch` runs: emptied, then written back.
    let (mut watch, log) = start_watch(d);
    std::fs::write(d.join("vanthu.toml"), "").unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    std::fs::write(d.join("vanthu.toml"), CONFIG).unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    watch.kill().unwrap();
    watch.wait().unwrap();
    let log = std::fs::read_to_string(&log).unwrap();
    assert!(log.contains("vanthu.toml trống"), "{log}");
    assert!(!log.contains("đã tạo lại văn bản"), "{log}");
    assert_eq!(contents(&d.join("outbox")), before, "nothing regenerated");
}

/// Files a department sorted into folders of its own are its files;
/// a symbolic link is not followed out of the inbox.
#[test]
fn nested_folders_are_read_and_links_are_not_followed() {
    let dir = office();
    let d = dir.path();
    drop_file(
        d,
        "n01_danh_sach_co_ban.xlsx",
        "van-phong/2025/đợt 1/ds.xlsx",
    );
    let outside = d.join("outside.xlsx");
    std::fs::copy(fixture("n03_tieu_de_bien_the.xlsx"), &outside).unwrap();
    std::os::unix::fs::symlink(&outside, d.join("inbox/van-phong/link.xlsx")).unwrap();
    let out = run(d);
    assert!(
        out.contains("Đã tạo 6 văn bản từ van-phong/2025/đợt 1/ds.xlsx"),
        "{out}"
    );
    assert!(
        d.join("outbox/van-phong/Tờ trình đề nghị khen thưởng - Văn phòng Sở.pdf")
            .exists()
    );
    assert!(!out.contains("link.xlsx"), "{out}");
    assert_eq!(
        files(&d.join(".vanthu/archive")).len(),
        1,
        "the link's target is not taken"
    );
}

/// Two services on one inbox with different state folders: the second is
/// refused. A service command needs a configuration file.
#[test]
fn a_second_service_on_the_same_inbox_is_refused() {
    let dir = office();
    let d = dir.path();
    let (mut watch, _) = start_watch(d);
    let elsewhere = tempfile::tempdir().unwrap();
    let e = elsewhere.path();
    let out = vanthu(e, &["run"]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("không tìm thấy vanthu.toml"),
        "{}",
        show(&out)
    );
    assert!(
        !e.join("inbox").exists() && !e.join(".vanthu").exists(),
        "nothing made there"
    );
    std::fs::write(e.join("vanthu.toml"), "[service]\nquiet_ms = 150\n").unwrap();
    let inbox = d.join("inbox").display().to_string();
    let outbox = d.join("outbox").display().to_string();
    let out = vanthu(e, &["run", "--inbox", &inbox, "--outbox", &outbox]);
    watch.kill().unwrap();
    watch.wait().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("một bản vanthu khác đang xử lý hộp thư đến"),
        "{}",
        show(&out)
    );
}

/// Messages: a cell with a run of characters too long to break is a
/// located problem; an unknown template is named; the report of a
/// rejected file its department deleted goes away.
#[test]
fn messages_name_the_place_and_reports_do_not_outlive_their_files() {
    let dir = office();
    let d = dir.path();
    let word = "x".repeat(32_000);
    let path = d.join("inbox/van-phong/dai.xlsx");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, util::nominations_xlsx(&["Lê Văn An", &word])).unwrap();
    age(&path);
    run(d);
    let report = crate::util::report_of(&d.join("inbox/van-phong/dai.loi.txt"));
    assert!(
        report.starts_with("Trang 'Danh sách', ô B4: ô có một chuỗi 32.000 ký tự liền nhau"),
        "{report}"
    );
    std::fs::remove_file(&path).unwrap();
    run(d);
    assert!(
        !d.join("inbox/van-phong/dai.loi.txt").exists(),
        "the report went with its file"
    );
    let status = String::from_utf8(vanthu(d, &["status"]).stdout).unwrap();
    assert!(
        status.contains("0 tệp có lỗi còn trong hộp thư đến"),
        "{status}"
    );

    let out = vanthu(d, &["regenerate", "--template", "khong-co"]);
    assert_eq!(out.status.code(), Some(2), "{}", show(&out));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("không có mẫu \"khong-co\""),
        "{}",
        show(&out)
    );
}

/// Windows lets a name begin with dots ("..DS khen thuong ..xlsx"): such a
/// workbook is taken like any other; a system file beginning with one
/// (".DS_Store", "._ds.xlsx" of a Mac) is left alone.
#[test]
fn a_name_beginning_with_dots_is_taken_and_system_files_are_not() {
    let dir = office();
    let d = dir.path();
    drop_file(
        d,
        "n01_danh_sach_co_ban.xlsx",
        "van-phong/..DS khen thuong ..xlsx",
    );
    std::fs::write(d.join("inbox/van-phong/.DS_Store"), b"\0\0\0\x01Bud1").unwrap();
    std::fs::write(d.join("inbox/van-phong/._ds.xlsx"), b"\0\x05\x16\x07").unwrap();
    let out = run(d);
    assert!(
        out.contains("Đã tạo 6 văn bản từ van-phong/..DS khen thuong ..xlsx"),
        "{out}"
    );
    let left = files(&d.join("inbox/van-phong"));
    let left: Vec<&str> = left.iter().map(String::as_str).collect();
    assert_eq!(left, [".DS_Store", "._ds.xlsx"], "{out}");
    assert!(!out.contains(".DS_Store") && !out.contains("._ds"), "{out}");
}

/// The inbox deleted and made again under a running `watch`: its locks
/// guard nothing any more, so it stops at once (status 2, saying why)
/// instead of running on deaf while refusing any other watcher.
#[test]
fn a_watcher_whose_inbox_is_deleted_stops() {
    inbox_deleted_under_a_watch("", true);
}

/// The same while the watch is starting, between taking its locks and
/// watching the inbox (held there by a failpoint): the watcher cannot
/// watch a folder that is gone, and says the same as above rather than
/// "No path was found" (seen once in CI, where the test deleted the
/// inbox in that moment).
#[test]
fn a_watcher_whose_inbox_is_deleted_while_starting_stops() {
    inbox_deleted_under_a_watch("watch.before_watching=sleep(1500)", false);
}

/// Starts a watch with `failpoints`, deletes its inbox once it says it
/// watches, makes the inbox again if `remade`, and expects it to stop.
fn inbox_deleted_under_a_watch(failpoints: &str, remade: bool) {
    let dir = crate::service::office();
    let d = dir.path();
    let log = d.join("watch.log");
    let mut watch = std::process::Command::new(env!("CARGO_BIN_EXE_vanthu"))
        .arg("watch")
        .current_dir(d)
        .env("FAILPOINTS", failpoints)
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    crate::service::wait_for_log(&log, "bắt đầu theo dõi");
    std::fs::remove_dir_all(d.join("inbox")).unwrap();
    if remade {
        std::fs::create_dir_all(d.join("inbox/van-phong")).unwrap();
    }
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let status = loop {
        if let Some(status) = watch.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            watch.kill().unwrap();
            panic!("watch ran on: {}", std::fs::read_to_string(&log).unwrap());
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    let said = std::fs::read_to_string(&log).unwrap();
    assert_eq!(status.code(), Some(2), "{said}");
    assert!(
        said.contains(&format!(
            "hộp thư đến {} đã bị xóa hoặc thay trong khi vanthu đang chạy",
            d.join("inbox").display()
        )) && said.contains("dừng để không có hai bản cùng ghi"),
        "{said}"
    );
}

/// Stopped at once (Ctrl+C twice) while a file is under way, three times
/// over: a stop asked for is no crash, so the file is not rejected as one
/// that takes the process down; the next run delivers it.
#[test]
fn stopping_at_once_three_times_is_not_three_crashes() {
    let dir = crate::service::office();
    let d = dir.path();
    crate::service::drop_file(d, "n01_danh_sach_co_ban.xlsx", "van-phong/ds.xlsx");
    for round in 1..=3 {
        let log = d.join(format!("run{round}.log"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_vanthu"))
            .arg("run")
            .current_dir(d)
            .env("FAILPOINTS", "job.work=sleep(20000)")
            .stdout(std::process::Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        crate::service::wait_for_log(&log, "bắt đầu xử lý");
        for _ in 0..2 {
            Command::new("kill")
                .args(["-INT", &child.id().to_string()])
                .status()
                .unwrap();
            std::thread::sleep(Duration::from_millis(200));
        }
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(130), "round {round}");
    }
    let ledger = rusqlite::Connection::open(d.join(".vanthu/ledger.sqlite3")).unwrap();
    let attempts: i64 = ledger
        .query_row(
            "SELECT attempts FROM inputs WHERE path = 'van-phong/ds.xlsx'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(attempts, 0, "no attempt counted against the file");
    let status = String::from_utf8(vanthu(d, &["status"]).stdout).unwrap();
    assert!(
        status.contains(
            "van-phong/ds.xlsx: lần xử lý trước được dừng theo yêu cầu; sẽ xử lý lại khi vanthu chạy"
        ),
        "{status}"
    );
    let out = crate::service::run(d);
    assert!(out.contains("Đã tạo"), "{out}");
    assert!(!d.join("inbox/van-phong/ds.loi.txt").exists());
}

/// The terminal `vanthu run` was started from is closed (SIGHUP) while a
/// file is under way: like Ctrl+C, the file is finished and delivered,
/// and the process stops cleanly; no attempt is lost to a crash.
#[test]
fn closing_the_terminal_lets_the_file_under_way_finish() {
    let dir = crate::service::office();
    let d = dir.path();
    crate::service::drop_file(d, "n01_danh_sach_co_ban.xlsx", "van-phong/ds.xlsx");
    let log = d.join("run.log");
    let mut child = Command::new(env!("CARGO_BIN_EXE_vanthu"))
        .arg("run")
        .current_dir(d)
        .env("FAILPOINTS", "job.work=sleep(1500)")
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    crate::service::wait_for_log(&log, "bắt đầu xử lý");
    Command::new("kill")
        .args(["-HUP", &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    let said = std::fs::read_to_string(&log).unwrap();
    assert_eq!(status.code(), Some(0), "{said}");
    assert!(said.contains("đã nhận yêu cầu dừng"), "{said}");
    assert!(
        d.join("outbox/van-phong/Tờ trình đề nghị khen thưởng - Văn phòng Sở.pdf")
            .exists()
    );
    // What was delivered is in the yearly summary, stop or not.
    assert!(
        d.join("outbox/Báo cáo tổng hợp khen thưởng năm 2025.pdf")
            .exists(),
        "{said}"
    );
}

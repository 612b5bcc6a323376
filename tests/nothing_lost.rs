//! Issue 11, "Nothing lost, nothing stalled": each way the service used to
//! lose, drop or stall a submission, through the real binary, as an office
//! would meet it.

use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::service::{
    CONFIG, age, aged, contents, drop_file, files, fixture, office, run, start_watch,
};
use crate::util::{self, show, vanthu};

/// `vanthu run` in `d` with `FAILPOINTS` (or none).
fn run_with(d: &Path, failpoints: Option<&str>) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_vanthu"));
    command.arg("run").current_dir(d);
    match failpoints {
        Some(points) => command.env("FAILPOINTS", points),
        None => command.env_remove("FAILPOINTS"),
    };
    command.output().unwrap()
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn status(d: &Path) -> String {
    let out = vanthu(d, &["status"]);
    assert!(out.status.success(), "{}", show(&out));
    stdout(&out)
}

/// A department saves a new version while the batch renders the old one:
/// the old version's documents are delivered and it is archived, and the
/// new version stays in the inbox, to be processed next.
#[test]
fn issue11_a_version_saved_while_rendering_stays_as_a_new_arrival() {
    let dir = office();
    let d = dir.path();
    // A long list renders for seconds; the failpoint stretches the job of
    // any list further where the feature is built in.
    let path = d.join("inbox/van-phong/ds.xlsx");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::copy(util::root().join("benches/data/ds-5000.xlsx"), &path).unwrap();
    age(&path);
    let v1 = std::fs::read(&path).unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_vanthu"))
        .arg("run")
        .current_dir(d)
        .env("FAILPOINTS", "job.work=sleep(1500)")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // After the quiet period (150 ms) and the read, during the render.
    std::thread::sleep(Duration::from_millis(800));
    let v2 = std::fs::read(fixture("n07_muc_a_tap_the.xlsx")).unwrap();
    let saved = d.join("inbox/van-phong/~ds.tmp");
    std::fs::write(&saved, &v2).unwrap();
    std::fs::rename(&saved, &path).unwrap(); // as Excel saves
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", show(&out));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        v2,
        "the new version is still in the inbox: {}",
        show(&out)
    );
    let archive = contents(&d.join(".vanthu/archive"));
    assert_eq!(archive.len(), 1, "{:?}", archive.keys());
    assert_eq!(
        archive.values().next().unwrap(),
        &v1,
        "the version rendered is the one archived"
    );
    let tt = d.join("outbox/van-phong/Tờ trình đề nghị khen thưởng - Văn phòng Sở.docx");
    let xml = util::docx_parts(&tt)["word/document.xml"].0.clone();
    assert!(
        !String::from_utf8_lossy(&xml).contains("Bộ phận Một cửa"),
        "the documents are the first version's"
    );
    // The next pass takes the new version (Giấy khen only: the head's
    // Quyết định, no Tờ trình).
    age(&path);
    let out = run(d);
    assert!(
        out.contains("Đã tạo 2 văn bản từ van-phong/ds.xlsx"),
        "{out}"
    );
    assert!(!tt.exists(), "the first version's Tờ trình went");
    let gk = d.join(
        "outbox/van-phong/Dự thảo Quyết định tặng Giấy khen của Thủ trưởng cơ quan - Văn phòng Sở.docx",
    );
    let xml = util::docx_parts(&gk)["word/document.xml"].0.clone();
    assert!(String::from_utf8_lossy(&xml).contains("Bộ phận Một cửa"));
    assert!(!path.exists());
    assert_eq!(
        files(&d.join(".vanthu/archive")).len(),
        2,
        "both versions kept"
    );
}

/// One file's trouble is that file's outcome: a symbol the main font
/// lacks prints from the fallback; an emoji is a rejection naming its cell
/// and code point; a panic while reading a file, a file the share refuses
/// to read and a very long file name stop nothing; every other file is
/// delivered and `vanthu run` succeeds.
#[test]
fn issue11_one_file_never_stalls_the_others() {
    let dir = office();
    let d = dir.path();
    std::fs::write(
        d.join("vanthu.toml"),
        CONFIG.replace("quiet_ms = 150", "quiet_ms = 150\nretry_ms = 600000"),
    )
    .unwrap();
    let inbox = d.join("inbox");
    let put = |name: &str, bytes: &[u8]| {
        let path = inbox.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        age(&path);
    };
    put(
        "van-phong/tick.xlsx",
        &util::nominations_xlsx(&["Nguyễn Văn An ✓", "Trần Thị Bình ★"]),
    );
    put(
        "van-phong/emoji.xlsx",
        &util::nominations_xlsx(&["Lê Văn Cường", "Phạm Thị Dung 😀"]),
    );
    put(
        "van-phong/boom.xlsx",
        &std::fs::read(fixture("n01_danh_sach_co_ban.xlsx")).unwrap(),
    );
    put(
        "van-phong/khoa.xlsx",
        &std::fs::read(fixture("n05_cot_doi_tuong.xlsx")).unwrap(),
    );
    let long = format!(
        "{}Tổng hợp năm 2025 đợt một.xlsx",
        "Danh sách đề nghị khen thưởng của phòng ".repeat(4)
    );
    assert!(long.len() > 240 && long.len() < 256, "{}", long.len());
    put(
        &format!("phòng-tổng-hợp/{long}"),
        &std::fs::read(fixture("n03_tieu_de_bien_the.xlsx")).unwrap(),
    );
    put(
        "diem.xlsx",
        &std::fs::read(fixture("s01_bang_diem_co_ban.xlsx")).unwrap(),
    );

    let out = run_with(
        d,
        Some("job.work=return(panic:boom);inbox.read=return(eacces:khoa)"),
    );
    assert!(out.status.success(), "{}", show(&out));
    let said = stdout(&out);
    assert!(
        said.contains("Đã tạo 4 văn bản từ van-phong/tick.xlsx"),
        "{said}"
    );
    assert!(
        said.contains(&format!("Đã tạo 4 văn bản từ phòng-tổng-hợp/{long}")),
        "{said}"
    );
    assert!(said.contains("Đã tạo 2 văn bản từ diem.xlsx"), "{said}");
    assert!(
        said.contains("Có lỗi, chưa tạo văn bản: van-phong/emoji.xlsx"),
        "{said}"
    );
    assert!(
        said.contains("Có lỗi, chưa tạo văn bản: van-phong/boom.xlsx"),
        "{said}"
    );
    assert!(
        said.contains("Sẽ thử lại: van-phong/khoa.xlsx (không đọc được"),
        "{said}"
    );

    let pdf =
        util::pdf_text(&d.join("outbox/van-phong/Tờ trình đề nghị khen thưởng - Văn phòng Sở.pdf"));
    assert!(
        pdf.contains("Nguyễn Văn An ✓") && pdf.contains("★"),
        "{pdf}"
    );
    let emoji = crate::util::report_of(&inbox.join("van-phong/emoji.loi.txt"));
    assert!(
        emoji.starts_with("Trang 'Danh sách', ô B4: ký tự \"😀\" (U+1F600) không in được"),
        "{emoji}"
    );
    let boom = crate::util::report_of(&inbox.join("van-phong/boom.loi.txt"));
    assert!(
        boom.starts_with("boom.xlsx: vanthu gặp lỗi nội bộ"),
        "{boom}"
    );
    assert!(inbox.join("van-phong/khoa.xlsx").exists(), "kept to retry");
    let now = status(d);
    assert!(
        now.contains("van-phong/khoa.xlsx: không đọc được") && now.contains("thử lại lúc"),
        "{now}"
    );
    // The archive copy of the long name fits the file system.
    assert!(
        files(&d.join(".vanthu/archive"))
            .iter()
            .any(|f| f.contains("Danh sách"))
    );
}

/// A few-KB workbook with a stray cell in XFD1048576 used to make the
/// reader allocate the whole sheet and take the process down, again at
/// every restart: now it is refused by the cell's position, with a report
/// naming it, and the other files of the pass are delivered.
#[test]
fn issue11_a_stray_cell_at_the_end_of_the_sheet_stops_nothing() {
    let dir = office();
    let d = dir.path();
    let far = d.join("inbox/van-phong/xa.xlsx");
    std::fs::create_dir_all(far.parent().unwrap()).unwrap();
    std::fs::write(&far, crate::ingest::far_xlsx("XFD1048576")).unwrap();
    age(&far);
    drop_file(d, "n01_danh_sach_co_ban.xlsx", "van-phong/ds.xlsx");
    let out = Command::new("sh")
        .args(["-c", "ulimit -c 0; exec \"$0\" run"])
        .arg(env!("CARGO_BIN_EXE_vanthu"))
        .current_dir(d)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", show(&out));
    let said = stdout(&out);
    assert!(
        said.contains("Đã tạo 6 văn bản từ van-phong/ds.xlsx"),
        "{said}"
    );
    let report = crate::util::report_of(&d.join("inbox/van-phong/xa.loi.txt"));
    assert!(
        report.starts_with("xa.xlsx: trang tính \"Danh sách\" có dữ liệu ở ô XFD1048576"),
        "{report}"
    );
}

/// The same workbook from another unit gives that unit its documents; the
/// same content again from the same unit is a duplicate.
#[test]
fn issue11_duplicates_are_by_unit_and_content() {
    let dir = office();
    let d = dir.path();
    drop_file(d, "n01_danh_sach_co_ban.xlsx", "van-phong/ds.xlsx");
    run(d);
    drop_file(d, "n01_danh_sach_co_ban.xlsx", "phòng-tổng-hợp/ds.xlsx");
    let out = run(d);
    assert!(
        out.contains("Đã tạo 6 văn bản từ phòng-tổng-hợp/ds.xlsx"),
        "{out}"
    );
    assert!(
        d.join("outbox/phòng-tổng-hợp/Tờ trình đề nghị khen thưởng - Phòng Tổng hợp.pdf")
            .exists()
    );
    drop_file(
        d,
        "n01_danh_sach_co_ban.xlsx",
        "phòng-tổng-hợp/ban sao.xlsx",
    );
    let out = run(d);
    assert!(
        out.contains("Trùng nội dung với tệp đã xử lý của cùng đơn vị, không xử lý lại: phòng-tổng-hợp/ban sao.xlsx"),
        "{out}"
    );
}

/// v1 → v2 → v1 under one name: the documents are v1's again.
#[test]
fn issue11_a_version_sent_again_restores_its_documents() {
    let dir = office();
    let d = dir.path();
    let tt = d.join("outbox/van-phong/Tờ trình đề nghị khen thưởng - Văn phòng Sở.pdf");
    drop_file(d, "n01_danh_sach_co_ban.xlsx", "van-phong/ds.xlsx");
    run(d);
    let v1 = std::fs::read(&tt).unwrap();
    drop_file(d, "n03_tieu_de_bien_the.xlsx", "van-phong/ds.xlsx");
    run(d);
    assert_ne!(std::fs::read(&tt).unwrap(), v1, "v2's documents");
    drop_file(d, "n01_danh_sach_co_ban.xlsx", "van-phong/ds.xlsx");
    let out = run(d);
    assert!(
        out.contains("Đã tạo 6 văn bản từ van-phong/ds.xlsx"),
        "{out}"
    );
    assert_eq!(std::fs::read(&tt).unwrap(), v1, "v1's documents again");
}

/// One writer per state folder: while `vanthu watch` runs, `run` and
/// `regenerate` refuse at once naming it, and leave its files in flight
/// alone; `status` works and says who runs.
#[test]
fn issue11_a_second_writer_exits_naming_the_first() {
    let dir = office();
    let d = dir.path();
    std::fs::write(
        d.join("vanthu.toml"),
        format!("{CONFIG}polling = \"always\"\npoll_ms = 200\n"),
    )
    .unwrap();
    let (mut watch, _) = start_watch(d);
    // A document the watcher is writing right now.
    std::fs::create_dir_all(d.join("outbox/van-phong")).unwrap();
    let in_flight = d.join("outbox/van-phong/.Tờ trình.pdf.424242.tmp");
    std::fs::write(&in_flight, b"half").unwrap();
    for command in ["run", "regenerate"] {
        let out = vanthu(d, &[command]);
        assert_eq!(out.status.code(), Some(2), "{command}: {}", show(&out));
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(
            said.contains(&format!("vanthu watch, PID {}", watch.id()))
                && said.contains("một bản vanthu khác đang chạy"),
            "{command}: {said}"
        );
    }
    let now = status(d);
    assert!(
        now.contains(&format!("Đang chạy: vanthu watch (PID {})", watch.id())),
        "{now}"
    );
    assert!(
        in_flight.exists(),
        "nobody but the writer sweeps its temporaries"
    );
    watch.kill().unwrap();
    watch.wait().unwrap();
    // The writer gone, the next one may run (and sweeps what was left).
    let out = run(d);
    assert!(out.contains("không có tệp mới"), "{out}");
    assert!(!in_flight.exists());
}

/// Regeneration runs the same job as a new file: under the time limit,
/// with panics caught; a document that cannot be made again keeps its old
/// version and the run goes on.
#[test]
fn issue11_regeneration_takes_the_same_route() {
    let dir = office();
    let d = dir.path();
    drop_file(d, "s01_bang_diem_co_ban.xlsx", "van-phong/diem.xlsx");
    drop_file(d, "n01_danh_sach_co_ban.xlsx", "van-phong/ds.xlsx");
    run(d);
    let before = contents(&d.join("outbox"));
    std::fs::create_dir_all(d.join("templates")).unwrap();
    let text = include_str!("../templates/bao-cao-cham-diem.md")
        .replace("được xếp đồng hạng.", "được xếp đồng hạng (mẫu mới).");
    std::fs::write(d.join("templates/bao-cao-cham-diem.md"), text).unwrap();
    // A panic while regenerating one input.
    let out = Command::new(env!("CARGO_BIN_EXE_vanthu"))
        .args(["regenerate", "--template", "bao-cao-cham-diem"])
        .current_dir(d)
        .env("FAILPOINTS", "job.work=return(panic:diem)")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", show(&out));
    assert!(
        stdout(&out).contains("Đã tạo lại 0 văn bản từ 0 tệp đầu vào"),
        "{}",
        show(&out)
    );
    assert_eq!(
        contents(&d.join("outbox")),
        before,
        "the old documents stay"
    );
    // Over the time limit.
    std::fs::write(
        d.join("vanthu.toml"),
        CONFIG.replace("quiet_ms = 150", "quiet_ms = 150\nfile_timeout_ms = 1"),
    )
    .unwrap();
    let out = vanthu(d, &["regenerate"]);
    assert!(out.status.success(), "{}", show(&out));
    assert!(
        stdout(&out).contains("Đã tạo lại 0 văn bản"),
        "{}",
        show(&out)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("xử lý quá 1 giây"),
        "{}",
        show(&out)
    );
    let after = contents(&d.join("outbox"));
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>()
    );
    // Back to the normal limit, the change goes through.
    std::fs::write(d.join("vanthu.toml"), CONFIG).unwrap();
    let out = run(d);
    assert!(
        out.contains("Đã tạo lại 2 văn bản của van-phong/diem.xlsx"),
        "{out}"
    );
}

/// Rejections are examined again when the configuration changes, without
/// anyone saving the file again; an Office lock left by a crashed Excel
/// stops holding its file after the configured age; `status` gives every
/// waiting file its reason.
#[test]
fn issue11_rejections_are_reexamined_and_stale_locks_released() {
    let dir = office();
    let d = dir.path();
    // A score sheet whose criteria state no maximum, with a total per
    // subject; the configured maxima are too low for its scores.
    let rows = vec![
        vec!["BẢNG CHẤM ĐIỂM THI ĐUA NĂM 2025"],
        vec![
            "STT",
            "Tên đơn vị",
            "Điểm chuyên môn",
            "Điểm kỷ luật",
            "Tổng điểm",
        ],
        vec!["1", "Phòng Tổng hợp", "55", "30", "85"],
        vec!["2", "Phòng Kế hoạch", "50", "25", "75"],
    ];
    let path = d.join("inbox/van-phong/diem.xlsx");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, util::xlsx_of_rows("Điểm", &rows)).unwrap();
    age(&path);
    let low =
        format!("{CONFIG}[scores.criteria_max]\n\"Điểm chuyên môn\" = 50\n\"Điểm kỷ luật\" = 30\n");
    std::fs::write(d.join("vanthu.toml"), &low).unwrap();
    let out = run(d);
    assert!(
        out.contains("Có lỗi, chưa tạo văn bản: van-phong/diem.xlsx"),
        "{out}"
    );
    let report = crate::util::report_of(&d.join("inbox/van-phong/diem.loi.txt"));
    assert!(report.contains("vượt mức tối đa 50"), "{report}");
    assert!(run(d).contains("không có tệp mới"), "judged once");
    // The admin corrects the maxima: the file is examined again.
    std::fs::write(d.join("vanthu.toml"), low.replace("= 50", "= 60")).unwrap();
    let out = run(d);
    assert!(
        out.contains("Đã tạo 2 văn bản từ van-phong/diem.xlsx"),
        "{out}"
    );
    assert!(!d.join("inbox/van-phong/diem.loi.txt").exists());

    // A lock a crashed Excel left 13 hours ago holds nothing; a fresh one
    // does, and says so.
    std::fs::write(d.join("vanthu.toml"), CONFIG).unwrap();
    drop_file(d, "n01_danh_sach_co_ban.xlsx", "van-phong/cu.xlsx");
    let stale = d.join("inbox/van-phong/~$cu.xlsx");
    std::fs::write(&stale, b"owner").unwrap();
    aged(&stale, Duration::from_secs(13 * 3600));
    drop_file(d, "n03_tieu_de_bien_the.xlsx", "phòng-tổng-hợp/moi.xlsx");
    std::fs::write(d.join("inbox/phòng-tổng-hợp/~$moi.xlsx"), b"owner").unwrap();
    let now = status(d);
    assert!(
        now.contains(
            "phòng-tổng-hợp/moi.xlsx: đang mở trong Excel hoặc LibreOffice (có tệp khóa ~$moi.xlsx)"
        ),
        "{now}"
    );
    assert!(
        now.contains("van-phong/cu.xlsx: chờ lượt xử lý tới"),
        "{now}"
    );
    let out = run(d);
    assert!(
        out.contains("Đã tạo 6 văn bản từ van-phong/cu.xlsx"),
        "{out}"
    );
    assert!(
        out.contains("Chờ lần sau: phòng-tổng-hợp/moi.xlsx (đang mở"),
        "{out}"
    );
    // With a shorter age, an hour-old lock no longer holds either.
    std::fs::write(
        d.join("vanthu.toml"),
        CONFIG.replace("quiet_ms = 150", "quiet_ms = 150\nstale_lock_hours = 0.5"),
    )
    .unwrap();
    aged(
        &d.join("inbox/phòng-tổng-hợp/~$moi.xlsx"),
        Duration::from_secs(3600),
    );
    let out = run(d);
    assert!(
        out.contains("Đã tạo 4 văn bản từ phòng-tổng-hợp/moi.xlsx"),
        "{out}"
    );
}

/// Durable by construction: under `strace`, every rename and every new
/// folder of a run is followed by an fsync of its parent folder before the
/// ledger records anything further.
#[test]
fn issue11_every_rename_and_new_folder_is_flushed_before_the_ledger_moves_on() {
    let dir = office();
    let d = dir.path();
    drop_file(d, "n01_danh_sach_co_ban.xlsx", "van-phong/ds.xlsx");
    drop_file(d, "b03_thieu_ho_ten.xlsx", "loi.xlsx");
    drop_file(d, "s01_bang_diem_co_ban.xlsx", "phòng-tổng-hợp/diem.xlsx");
    let log = d.join("strace.log");
    let out = Command::new("strace")
        .args([
            "-f",
            "-y",
            "-qq",
            "-e",
            "trace=rename,renameat,renameat2,mkdir,mkdirat,fsync,fdatasync",
            "-o",
        ])
        .arg(&log)
        .arg(env!("CARGO_BIN_EXE_vanthu"))
        .arg("run")
        .current_dir(d)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", show(&out));
    let log = std::fs::read_to_string(&log).unwrap();
    let cwd = d.canonicalize().unwrap();
    // Calls interrupted by another thread's come in two halves: join them.
    let mut unfinished: std::collections::HashMap<&str, String> = Default::default();
    let mut calls: Vec<String> = Vec::new();
    for line in log.lines() {
        let (pid, rest) = line.split_once(' ').unwrap_or(("", line));
        let rest = rest.trim();
        if let Some(head) = rest.strip_suffix("<unfinished ...>") {
            unfinished.insert(pid, head.to_owned());
        } else if rest.starts_with("<...") {
            let tail = rest.split_once("resumed>").map_or("", |(_, t)| t);
            calls.push(format!(
                "{}{tail}",
                unfinished.remove(pid).unwrap_or_default()
            ));
        } else {
            calls.push(rest.to_owned());
        }
    }
    // (what happened, the path changed or flushed), successful calls only.
    let mut events: Vec<(&str, String)> = Vec::new();
    for call in &calls {
        if !call.trim_end().ends_with("= 0") {
            continue;
        }
        let Some((name, args)) = call.split_once('(') else {
            continue;
        };
        let quoted: Vec<&str> = args.split('"').skip(1).step_by(2).collect();
        match name {
            "rename" | "renameat" | "renameat2" | "mkdir" | "mkdirat" => {
                // The last quoted argument is the new name.
                let Some(target) = quoted.last() else {
                    continue;
                };
                events.push(("change", cwd.join(target).to_string_lossy().into_owned()));
            }
            "fsync" | "fdatasync" => {
                let path = args
                    .split_once('<')
                    .and_then(|(_, rest)| rest.split_once('>'))
                    .map(|(p, _)| p.to_owned())
                    .unwrap_or_default();
                events.push(("sync", path));
            }
            _ => {}
        }
    }
    let changes = events.iter().filter(|e| e.0 == "change").count();
    assert!(changes >= 10, "renames and new folders seen: {events:?}");
    for (i, (kind, path)) in events.iter().enumerate() {
        if *kind != "change" || path.contains("ledger.sqlite3") {
            continue;
        }
        let parent = Path::new(path)
            .parent()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let flushed = events[i + 1..]
            .iter()
            .take_while(|(k, p)| !(*k == "sync" && p.contains("ledger.sqlite3")))
            .any(|(k, p)| *k == "sync" && *p == parent);
        assert!(
            flushed,
            "{path}: its folder is not flushed before the ledger moves on\n{}",
            events
                .iter()
                .map(|(k, p)| format!("{k} {p}"))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

/// Waits until `vanthu status` shows a job under way.
fn until_processing(d: &Path) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let out = vanthu(d, &["status"]);
        let said = stdout(&out);
        if said.contains(": đang xử lý\n") {
            return;
        }
        assert!(Instant::now() < deadline, "no job started: {said}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// SIGINT and SIGTERM stop after the current job, from the first moment:
/// the running jobs are delivered, no other starts, nothing is left
/// half-done, and the next run does the rest.
#[test]
fn issue11_a_signal_stops_after_the_current_job() {
    let dir = office();
    let d = dir.path();
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "k"];
    for name in names {
        drop_file(
            d,
            "n01_danh_sach_co_ban.xlsx",
            &format!("van-phong/{name}.xlsx"),
        );
        // Each its own content, so none is a duplicate of another.
        let path = d.join(format!("inbox/van-phong/{name}.xlsx"));
        let mut bytes = std::fs::read(&path).unwrap();
        bytes.extend_from_slice(name.as_bytes());
        std::fs::write(&path, bytes).unwrap();
        age(&path);
    }
    let child = Command::new(env!("CARGO_BIN_EXE_vanthu"))
        .arg("run")
        .current_dir(d)
        .env("FAILPOINTS", "job.work=sleep(1500)")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    until_processing(d);
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "a clean stop, not death by signal {:?}: {}",
        out.status.signal(),
        show(&out)
    );
    let said = stdout(&out);
    assert!(said.contains("Đã dừng theo yêu cầu"), "{said}");
    let delivered = said.matches("Đã tạo 6 văn bản").count();
    assert!(
        (1..names.len()).contains(&delivered),
        "the running jobs finished, the others never started: {said}"
    );
    let now = status(d);
    assert!(
        now.contains(&format!(
            "Tổng: {delivered} tệp đã có văn bản, 0 tệp có lỗi còn trong hộp thư đến"
        )),
        "{now}"
    );
    assert!(!now.contains("bị ngắt giữa chừng"), "{now}");
    let out = run(d);
    assert_eq!(
        out.matches("Đã tạo 6 văn bản").count(),
        names.len() - delivered,
        "{out}"
    );

    // `watch` too, during its first pass.
    for name in ["l", "m"] {
        let path = d.join(format!("inbox/van-phong/{name}.xlsx"));
        let mut bytes = std::fs::read(fixture("n03_tieu_de_bien_the.xlsx")).unwrap();
        bytes.extend_from_slice(name.as_bytes());
        std::fs::write(&path, bytes).unwrap();
        age(&path);
    }
    let child = Command::new(env!("CARGO_BIN_EXE_vanthu"))
        .arg("watch")
        .current_dir(d)
        .env("FAILPOINTS", "job.work=sleep(1500)")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    until_processing(d);
    Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", show(&out));
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(
        log.contains("đã tạo văn bản") && log.contains("đã dừng theo dõi"),
        "{log}"
    );
    let now = status(d);
    assert!(
        !now.contains("bị ngắt giữa chừng") && !now.contains(": đang xử lý\n"),
        "{now}"
    );
    assert!(
        crate::util::ledger_rows(d)
            .iter()
            .all(|(_, state, _)| state != "processing"),
        "nothing left half-done"
    );
}

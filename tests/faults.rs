//! Fault injection through the real binary (built with the `failpoints`
//! feature; README's test command enables it): `vanthu run` is crashed at
//! every durable step of the service in turn and killed with SIGKILL at
//! random moments, then run again; every input must end done or rejected
//! exactly once, with the outbox, the reports and the archive identical,
//! byte for byte, to those of an uninterrupted run (issue 11).

use std::collections::BTreeMap;
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::service::{contents, drop_file, files, office, run};
use crate::util::vanthu;

/// Three good workbooks (two lists in unit folders, a score sheet in the
/// inbox itself) and two bad ones.
const INPUTS: &[(&str, &str)] = &[
    ("n01_danh_sach_co_ban.xlsx", "van-phong/a.xlsx"),
    ("n03_tieu_de_bien_the.xlsx", "phòng-tổng-hợp/b.xlsx"),
    ("s01_bang_diem_co_ban.xlsx", "c.xlsx"),
    ("b01_vuot_diem_toi_da.xlsx", "d.xlsx"),
    ("b12_hong_zip.xlsx", "f.xlsx"),
];

/// The failpoints of the service's durable steps, with how many times an
/// uninterrupted run over [`INPUTS`] passes each.
const POINTS: &[(&str, usize)] = &[
    ("service.attempt_counted", 5),
    ("job.work", 5),
    ("deliver.documents_written", 3),
    ("deliver.archived", 3),
    ("deliver.recorded", 3),
    ("inbox.taken_aside", 3),
    ("reject.report_written", 2),
    ("outbox.before_rename", 20),
];

/// What a run leaves that people see: the outbox, the inbox (rejected
/// inputs and reports) and the archive, every file with its bytes, and
/// what the ledger and `vanthu status` say of the inputs.
#[derive(Debug, PartialEq)]
struct Snapshot {
    outbox: BTreeMap<String, Vec<u8>>,
    inbox: BTreeMap<String, Vec<u8>>,
    archive: BTreeMap<String, Vec<u8>>,
    inputs: Vec<String>,
}

fn snapshot(d: &Path) -> Snapshot {
    let status = vanthu(d, &["status"]);
    let status = String::from_utf8(status.stdout).unwrap();
    let totals = status
        .lines()
        .find(|l| l.starts_with("Tổng: "))
        .unwrap_or_default()
        .to_owned();
    // Each input once in the ledger, in whatever order the runs took them.
    let mut inputs: Vec<String> = crate::util::ledger_rows(d)
        .into_iter()
        .map(|(path, state, reason)| format!("{path}: {state} ({reason:?})"))
        .collect();
    inputs.sort();
    inputs.insert(0, totals);
    Snapshot {
        outbox: contents(&d.join("outbox")),
        inbox: contents(&d.join("inbox")),
        archive: contents(&d.join(".vanthu/archive")),
        inputs,
    }
}

fn new_office() -> tempfile::TempDir {
    let dir = office();
    for (fixture, relative) in INPUTS {
        drop_file(dir.path(), fixture, relative);
    }
    dir
}

/// `vanthu run` in `d`, with `failpoints` set (or none), writing no core
/// file when it aborts.
fn spawn_run(d: &Path, failpoints: Option<&str>) -> Child {
    let mut command = Command::new("sh");
    command
        .args(["-c", "ulimit -c 0; exec \"$0\" run"])
        .arg(env!("CARGO_BIN_EXE_vanthu"))
        .current_dir(d)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    match failpoints {
        Some(points) => command.env("FAILPOINTS", points),
        None => command.env_remove("FAILPOINTS"),
    };
    command.spawn().unwrap()
}

/// Waits for `child`, at most a minute; true when it died of SIGABRT (a
/// failpoint crashed it).
fn crashed(mut child: Child) -> bool {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.signal() == Some(6);
        }
        assert!(Instant::now() < deadline, "vanthu run hung");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// After an interrupted run, one uninterrupted run completes the office;
/// it must then look exactly as after an uninterrupted run.
fn completes_like(d: &Path, reference: &Snapshot, trial: &str) {
    run(d);
    let after = snapshot(d);
    for (what, got, want) in [
        ("the outbox", &after.outbox, &reference.outbox),
        ("the inbox and its reports", &after.inbox, &reference.inbox),
        ("the archive", &after.archive, &reference.archive),
    ] {
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            want.keys().collect::<Vec<_>>(),
            "{trial}: the files of {what}"
        );
        for (name, bytes) in want {
            assert!(got[name] == *bytes, "{trial}: {name} differs");
        }
    }
    assert_eq!(after.inputs, reference.inputs, "{trial}: the ledger");
}

#[test]
fn crashes_at_every_durable_step_and_random_kills_lose_and_duplicate_nothing() {
    // An uninterrupted run, the reference.
    let dir = new_office();
    let started = Instant::now();
    run(dir.path());
    let uninterrupted = started.elapsed();
    let reference = snapshot(dir.path());
    assert_eq!(
        reference.inputs[0],
        "Tổng: 3 tệp đã có văn bản, 2 tệp có lỗi còn trong hộp thư đến, 0 tệp đang chờ.",
        "{reference:?}"
    );
    assert_eq!(reference.inputs.len(), 1 + INPUTS.len(), "{reference:?}");
    assert_eq!(
        reference.outbox.len(),
        6 + 4 + 2 + 2,
        "{:?}",
        reference.outbox.keys()
    );

    let mut trials = 0;
    let mut crashes = 0;
    // Every failpoint in turn, at each of its passes (every other one for
    // the file writes, which are many).
    for (point, passes) in POINTS {
        let step = if *passes > 6 { 2 } else { 1 };
        let mut crashed_here = 0;
        for skip in (0..*passes).step_by(step) {
            let dir = new_office();
            let child = spawn_run(dir.path(), Some(&format!("{point}={skip}*off->return")));
            if crashed(child) {
                crashed_here += 1;
            }
            completes_like(
                dir.path(),
                &reference,
                &format!("{point} after {skip} passes"),
            );
            trials += 1;
        }
        assert!(crashed_here > 0, "{point} was never reached");
        crashes += crashed_here;
    }
    // SIGKILL at random moments of a run: a random fraction of how long a
    // run takes, that estimate shrinking whenever a run ended before its
    // kill (a loaded machine makes the first measure a poor one).
    let mut seed: u64 = 0x5EED_1234;
    let mut kills = 0;
    let mut estimate = uninterrupted;
    while (trials < 100 || kills < 50) && trials < 250 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let delay = estimate.mul_f64((seed >> 11) as f64 / (1u64 << 53) as f64);
        let dir = new_office();
        let mut child = spawn_run(dir.path(), None);
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            kills += 1;
        } else {
            estimate = estimate.mul_f64(0.8);
        }
        child.wait().unwrap();
        completes_like(dir.path(), &reference, &format!("SIGKILL after {delay:?}"));
        trials += 1;
    }
    eprintln!(
        "{trials} trials: {crashes} crashes at failpoints, {kills} SIGKILLs mid-run (an uninterrupted run took {uninterrupted:?})"
    );
    assert!(crashes >= 25, "{crashes} crashes");
    assert!(kills >= 50, "{kills} kills mid-run in {trials} trials");
}

/// Issue 11: a file that takes the process down is run alone after the
/// first crash, and after three crashes it is rejected with a report
/// saying so; the files that were merely running beside it are delivered.
#[test]
fn a_file_that_takes_the_process_down_three_times_is_rejected() {
    let dir = office();
    let d = dir.path();
    drop_file(d, "n01_danh_sach_co_ban.xlsx", "van-phong/boom.xlsx");
    drop_file(d, "n03_tieu_de_bien_the.xlsx", "van-phong/ok.xlsx");
    drop_file(d, "s01_bang_diem_co_ban.xlsx", "diem.xlsx");
    let boom = Some("job.work=return(abort:boom)");
    for round in 1..=3 {
        assert!(
            crashed(spawn_run(d, boom)),
            "round {round}: boom.xlsx crashes the run"
        );
    }
    let out = vanthu(d, &["status"]);
    let status = String::from_utf8(out.stdout).unwrap();
    assert!(
        status.contains(
            "van-phong/boom.xlsx: lần xử lý trước bị ngắt giữa chừng (vanthu đã dừng; lần thử 3/3)"
        ),
        "{status}"
    );
    // The fourth run does not start it again.
    let child = spawn_run(d, boom);
    assert!(!crashed(child), "boom.xlsx is not run a fourth time");
    let report = crate::util::report_of(&d.join("inbox/van-phong/boom.loi.txt"));
    assert!(
        report.starts_with("boom.xlsx: vanthu đã dừng đột ngột 3 lần khi xử lý tệp này"),
        "{report}"
    );
    assert!(d.join("inbox/van-phong/boom.xlsx").exists(), "kept");
    let outbox = files(&d.join("outbox"));
    for delivered in [
        "van-phong/Tờ trình đề nghị khen thưởng - Văn phòng Sở.pdf",
        "chung/Báo cáo kết quả chấm điểm thi đua.pdf",
    ] {
        assert!(
            outbox
                .iter()
                .any(|f| f.starts_with(&delivered[..delivered.len() - 4])),
            "{delivered}: {outbox:?}"
        );
    }
    let status = String::from_utf8(vanthu(d, &["status"]).stdout).unwrap();
    assert!(
        status.contains(
            "Tổng: 2 tệp đã có văn bản, 1 tệp có lỗi còn trong hộp thư đến, 0 tệp đang chờ."
        ),
        "{status}"
    );
}

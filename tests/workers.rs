//! Several `vanthu watch` workers on one shared folder and one PostgreSQL
//! ledger, through the real binary: each file done exactly once and the
//! same outbox as one worker's; a worker killed or stopped mid-render, the
//! database stopped mid-batch and the leader killed, with nothing lost,
//! doubled or overwritten.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::pg;
use crate::service::{CONFIG, drop_file, files};

/// An office whose ledger is the database at `url`.
fn office(url: &str, lease_ms: u64) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("vanthu.toml"),
        format!("{CONFIG}\n[ledger]\nurl = \"{url}\"\nlease_ms = {lease_ms}\n"),
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("inbox")).unwrap();
    dir
}

/// A running worker and its log.
struct Worker {
    child: Child,
    log: PathBuf,
}

impl Worker {
    fn start(d: &Path, name: &str, failpoints: &str) -> Worker {
        let log = d.join(format!("{name}.log"));
        let child = Command::new(env!("CARGO_BIN_EXE_vanthu"))
            .arg("watch")
            .current_dir(d)
            .env("FAILPOINTS", failpoints)
            .env("VANTHU_WORKER", name)
            .env("VANTHU_LOG", "info")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        let worker = Worker { child, log };
        worker.wait_for("bắt đầu theo dõi");
        worker
    }

    fn said(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn wait_for(&self, text: &str) {
        wait_until(60, || self.said().contains(text), || self.said());
    }

    fn signal(&self, signal: &str) {
        let ok = Command::new("kill")
            .args([&format!("-{signal}"), &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(ok.success());
    }

    /// Stops it as an admin would (SIGTERM) and waits for it.
    fn stop(mut self) -> String {
        self.signal("TERM");
        let status = self.child.wait().unwrap();
        let said = self.said();
        assert_eq!(status.code(), Some(0), "{said}");
        said
    }

    fn kill(mut self) -> String {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
        self.said()
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits up to `seconds` for `done`, failing with `context()`.
fn wait_until(seconds: u64, done: impl Fn() -> bool, context: impl Fn() -> String) {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    while !done() {
        assert!(
            Instant::now() < deadline,
            "waited {seconds} s in vain:\n{}",
            context()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Every file of the outbox with its bytes.
fn outbox(d: &Path) -> BTreeMap<String, Vec<u8>> {
    files(&d.join("outbox"))
        .into_iter()
        .map(|name| {
            let bytes = std::fs::read(d.join("outbox").join(&name)).unwrap();
            (name, bytes)
        })
        .collect()
}

/// Every file of the outbox with a digest of its bytes.
fn digests(d: &Path) -> BTreeMap<String, String> {
    outbox(d)
        .into_iter()
        .map(|(name, bytes)| (name, vanthu::service::sha256(&bytes)))
        .collect()
}

/// The inbox holds only rejected files with their reports.
fn inbox_settled(d: &Path) -> bool {
    let left = files(&d.join("inbox"));
    left.iter()
        .all(|name| name.ends_with(".loi.txt") || left.contains(&name.replace(".xlsx", ".loi.txt")))
}

/// `n` workbooks in many unit folders: lists, score sheets, broken
/// ones, and copies of one content in one unit.
fn drop_batch(d: &Path, n: usize) {
    for i in 0..n {
        let (fixture, name) = match i % 10 {
            0..=5 => (
                "n01_danh_sach_co_ban.xlsx",
                format!("don-vi-{i:03}/danh sach {i}.xlsx"),
            ),
            6..=7 => (
                "s01_bang_diem_co_ban.xlsx",
                format!("don-vi-{i:03}/bang diem {i}.xlsx"),
            ),
            8 => (
                "b03_thieu_ho_ten.xlsx",
                format!("don-vi-{i:03}/loi {i}.xlsx"),
            ),
            _ => (
                "n01_danh_sach_co_ban.xlsx",
                format!("don-vi-{:03}/ban sao {i}.xlsx", i - 9),
            ),
        };
        drop_file(d, fixture, &name);
    }
}

fn sql(server: &pg::Server, url: &str, query: &str) -> String {
    server.psql(url, query)
}

/// Three workers, 300 files: every input settled exactly once (one ledger
/// outcome each, one "documents made" line among all logs), the work
/// spread over the three, and the outbox the same, names and bytes, as
/// one worker's on its own SQLite ledger.
#[test]
fn three_workers_do_each_file_once_and_make_one_workers_outbox() {
    const FILES: usize = 300;
    let alone = crate::service::office();
    drop_batch(alone.path(), FILES);
    crate::service::run(alone.path());

    let server = pg::shared();
    let url = server.database();
    let dir = office(&url, 5_000);
    let d = dir.path();
    let workers: Vec<Worker> = (0..3)
        .map(|i| Worker::start(d, &format!("may-{i}"), ""))
        .collect();
    drop_batch(d, FILES);
    wait_until(
        600,
        || inbox_settled(d) && sql(server, &url, "SELECT COUNT(*) FROM claims") == "0",
        || format!("{:?}", files(&d.join("inbox")).len()),
    );
    // Settled; the summary follows within a pass.
    let summary = "Báo cáo tổng hợp khen thưởng năm 2025.docx";
    wait_until(
        60,
        || outbox(d).get(summary) == outbox(alone.path()).get(summary),
        || "the summary".into(),
    );
    let logs: Vec<String> = workers.into_iter().map(Worker::stop).collect();

    let made: Vec<String> = logs
        .iter()
        .flat_map(|log| log.lines())
        .filter(|l| l.contains("xử lý xong: đã tạo văn bản"))
        .map(|l| {
            l.split("input=")
                .nth(1)
                .unwrap()
                .split(" duration")
                .next()
                .unwrap()
                .to_owned()
        })
        .collect();
    let mut once = made.clone();
    once.sort();
    once.dedup();
    assert_eq!(once.len(), made.len(), "a file made twice: {made:?}");
    for (i, log) in logs.iter().enumerate() {
        assert!(
            log.contains("xử lý xong: đã tạo văn bản"),
            "worker {i} did no file:\n{log}"
        );
    }
    assert!(
        logs.iter().all(|l| !l.contains("ERROR")),
        "{}",
        logs.join("\n")
    );
    let outcomes = sql(
        server,
        &url,
        "SELECT state, COUNT(*) FROM inputs GROUP BY state ORDER BY state",
    );
    assert_eq!(
        outcomes, "done|240\nduplicate|30\nrejected|30",
        "one outcome per input"
    );
    assert_eq!(
        sql(
            server,
            &url,
            "SELECT COUNT(*) FROM (SELECT path FROM inputs GROUP BY path HAVING COUNT(*) > 1) t"
        ),
        "0"
    );
    assert_eq!(made.len(), 240);
    let (ours, theirs) = (outbox(d), outbox(alone.path()));
    assert_eq!(
        ours.keys().collect::<Vec<_>>(),
        theirs.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &theirs {
        assert!(ours[name] == *bytes, "{name} differs from one worker's");
    }
    assert_eq!(files(&d.join("inbox")), files(&alone.path().join("inbox")));
}

/// A worker killed (SIGKILL) while it renders a file: its sessions end
/// with it, so a peer takes the file over without waiting for the lease
/// (20 s here) to run out, and delivers it, once.
#[test]
fn a_worker_killed_mid_render_is_taken_over_after_its_lease() {
    let server = pg::shared();
    let url = server.database();
    let dir = office(&url, 20_000);
    let d = dir.path();
    let stuck = Worker::start(d, "may-a", "job.work=sleep(60000)");
    drop_file(d, "n01_danh_sach_co_ban.xlsx", "van-phong/ds.xlsx");
    stuck.wait_for("bắt đầu xử lý");
    let peer = Worker::start(d, "may-b", "");
    std::thread::sleep(Duration::from_millis(3_000));
    assert!(
        !peer.said().contains("bắt đầu xử lý"),
        "the claim holds while its worker lives:\n{}",
        peer.said()
    );
    // What the admin sees meanwhile.
    let status = crate::util::vanthu(d, &["status"]);
    let said = String::from_utf8_lossy(&status.stdout);
    assert!(
        said.contains("Sổ theo dõi dùng chung (PostgreSQL): postgresql://vanthu@127.0.0.1:")
            && said.contains("Các máy đang chạy: may-a (điều phối), may-b.")
            && said.contains("van-phong/ds.xlsx (máy may-a)")
            && said.contains("van-phong/ds.xlsx: đang xử lý (máy may-a)"),
        "{said}"
    );
    let killed = Instant::now();
    stuck.kill();
    peer.wait_for("xử lý xong: đã tạo văn bản input=van-phong/ds.xlsx");
    let failover = killed.elapsed();
    // Well before the lease (renewed every quarter of it) would run out.
    assert!(failover < Duration::from_secs(12), "{failover:?}");
    let said = peer.stop();
    assert!(
        said.contains("nhận tệp mà một máy khác đã nhận nhưng không xử lý xong"),
        "{said}"
    );
    assert_eq!(
        sql(server, &url, "SELECT state, attempts FROM inputs"),
        "done|0"
    );
    assert_eq!(files(&d.join("inbox")).len(), 0);
    assert_eq!(
        files(&d.join("outbox/van-phong")).len(),
        6,
        "three documents, each as DOCX and PDF: {:?}",
        files(&d.join("outbox"))
    );
}

/// A worker stopped (SIGSTOP) past its lease while it renders, then
/// continued: its peer has delivered the file meanwhile, and the woken
/// worker changes nothing: no document rewritten, no ledger row touched.
#[test]
fn a_worker_stalled_past_its_lease_changes_nothing_when_it_wakes() {
    let server = pg::shared();
    let url = server.database();
    let dir = office(&url, 4_000);
    let d = dir.path();
    let stalled = Worker::start(d, "may-a", "job.work=sleep(1500)");
    drop_file(d, "n01_danh_sach_co_ban.xlsx", "van-phong/ds.xlsx");
    stalled.wait_for("bắt đầu xử lý");
    stalled.signal("STOP");
    let peer = Worker::start(d, "may-b", "");
    peer.wait_for("xử lý xong: đã tạo văn bản input=van-phong/ds.xlsx");
    peer.wait_for("đã cập nhật báo cáo tổng hợp");
    wait_until(
        30,
        || {
            let names = files(&d.join("outbox"));
            names.iter().all(|n| !n.ends_with(".tmp"))
                && names.contains("Báo cáo tổng hợp khen thưởng năm 2025.pdf")
        },
        || peer.said(),
    );
    // What the peer made, and when each file was written.
    let delivered = digests(d);
    let times: BTreeMap<String, std::time::SystemTime> = delivered
        .keys()
        .map(|name| {
            let meta = std::fs::metadata(d.join("outbox").join(name)).unwrap();
            (name.clone(), meta.modified().unwrap())
        })
        .collect();
    let ledger = sql(
        server,
        &url,
        "SELECT id, state, attempts, finished_at, archived FROM inputs ORDER BY id",
    );
    let outputs = sql(
        server,
        &url,
        "SELECT input_id, path, hash FROM outputs ORDER BY path",
    );
    stalled.signal("CONT");
    stalled.wait_for("đã được một máy khác nhận xử lý");
    std::thread::sleep(Duration::from_millis(2_000));
    let woke = stalled.stop();
    let peer_said = peer.stop();
    assert!(!woke.contains("xử lý xong: đã tạo văn bản"), "{woke}");
    assert_eq!(digests(d), delivered);
    for (name, at) in &times {
        let now = std::fs::metadata(d.join("outbox").join(name))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(now, *at, "{name} was written again");
    }
    assert_eq!(
        sql(
            server,
            &url,
            "SELECT id, state, attempts, finished_at, archived FROM inputs ORDER BY id"
        ),
        ledger
    );
    assert_eq!(
        sql(
            server,
            &url,
            "SELECT input_id, path, hash FROM outputs ORDER BY path"
        ),
        outputs
    );
    assert_eq!(ledger.lines().count(), 1, "{ledger}\n{woke}\n{peer_said}");
}

/// PostgreSQL stopped for ten seconds in the middle of a batch: the
/// workers wait and go on, and every file is done once.
#[test]
fn the_database_stopped_mid_batch_loses_and_doubles_nothing() {
    let server = pg::Server::start();
    let url = server.database();
    let dir = office(&url, 20_000);
    let d = dir.path();
    let workers: Vec<Worker> = (0..2)
        .map(|i| Worker::start(d, &format!("may-{i}"), "job.work=sleep(200)"))
        .collect();
    drop_batch(d, 40);
    workers[0].wait_for("xử lý xong");
    server.stop();
    std::thread::sleep(Duration::from_secs(10));
    server.run();
    wait_until(
        300,
        || inbox_settled(d) && sql(&server, &url, "SELECT COUNT(*) FROM claims") == "0",
        || {
            workers
                .iter()
                .map(Worker::said)
                .collect::<Vec<_>>()
                .join("\n")
        },
    );
    let logs: Vec<String> = workers.into_iter().map(Worker::stop).collect();
    let all = logs.join("\n");
    assert!(
        all.contains("mất kết nối với sổ theo dõi dùng chung"),
        "{all}"
    );
    assert!(all.contains("đã kết nối lại"), "{all}");
    assert_eq!(
        sql(
            &server,
            &url,
            "SELECT state, COUNT(*) FROM inputs GROUP BY state ORDER BY state"
        ),
        "done|32\nduplicate|4\nrejected|4",
        "{all}"
    );
    assert_eq!(
        sql(
            &server,
            &url,
            "SELECT COUNT(*) FROM (SELECT path FROM inputs GROUP BY path HAVING COUNT(*) > 1) t"
        ),
        "0"
    );
    let made = all
        .lines()
        .filter(|l| l.contains("xử lý xong: đã tạo văn bản"))
        .count();
    assert_eq!(made, 32, "{all}");
}

/// The leader killed: another worker takes over scanning the inbox and
/// the yearly summary.
#[test]
fn a_killed_leader_is_replaced_for_scanning_and_the_summary() {
    let server = pg::shared();
    let url = server.database();
    let dir = office(&url, 4_000);
    let d = dir.path();
    let leader = Worker::start(d, "may-a", "");
    leader.wait_for("máy này điều phối hộp thư đến");
    let other = Worker::start(d, "may-b", "");
    drop_file(d, "n01_danh_sach_co_ban.xlsx", "van-phong/ds.xlsx");
    wait_until(60, || inbox_settled(d), || leader.said());
    let summary = d.join("outbox/Báo cáo tổng hợp khen thưởng năm 2025.docx");
    wait_until(30, || summary.exists(), || leader.said());
    assert!(!other.said().contains("điều phối"), "{}", other.said());
    leader.kill();
    other.wait_for("máy này điều phối hộp thư đến");
    // Files dropped now are found by the new leader; this list is of
    // 2026, a year the summary has not had.
    drop_file(d, "n02_khong_dau.xlsx", "phòng-tổng-hợp/ds2.xlsx");
    wait_until(60, || inbox_settled(d), || other.said());
    let new_year = d.join("outbox/Báo cáo tổng hợp khen thưởng năm 2026.docx");
    wait_until(30, || new_year.exists(), || other.said());
    let said = other.stop();
    assert!(
        said.contains("xử lý xong: đã tạo văn bản input=phòng-tổng-hợp/ds2.xlsx"),
        "{said}"
    );
    assert!(
        said.contains("đã cập nhật báo cáo tổng hợp year=2026"),
        "{said}"
    );
}

/// A template changed under two workers: the leader queues the
/// documents to make again, input by input, and both workers take them;
/// exactly the documents of that template change, as on one worker.
#[test]
fn a_template_change_is_regenerated_by_every_worker() {
    let server = pg::shared();
    let url = server.database();
    let dir = office(&url, 5_000);
    let d = dir.path();
    // Each job takes a moment, as a real list does, so that the other
    // worker comes for its share.
    let a = Worker::start(d, "may-a", "job.work=sleep(1500)");
    a.wait_for("máy này điều phối hộp thư đến");
    let b = Worker::start(d, "may-b", "job.work=sleep(1500)");
    for i in 0..12 {
        drop_file(
            d,
            "s01_bang_diem_co_ban.xlsx",
            &format!("don-vi-{i:02}/diem.xlsx"),
        );
    }
    drop_file(d, "n01_danh_sach_co_ban.xlsx", "van-phong/ds.xlsx");
    wait_until(
        120,
        || {
            inbox_settled(d)
                && sql(
                    server,
                    &url,
                    "SELECT COUNT(*) FROM inputs WHERE state = 'done'",
                ) == "13"
        },
        || a.said() + &b.said(),
    );
    std::thread::sleep(Duration::from_millis(1_500));
    let before = digests(d);
    std::fs::create_dir_all(d.join("templates")).unwrap();
    let text = include_str!("../templates/bao-cao-cham-diem.md").replace(
        "Các đơn vị, cá nhân có tổng điểm bằng nhau được xếp đồng hạng.",
        "Các đơn vị có tổng điểm bằng nhau được xếp đồng hạng (mẫu của cơ quan).",
    );
    std::fs::write(d.join("templates/bao-cao-cham-diem.md"), text).unwrap();
    let regenerated = |said: &str| said.matches("đã tạo lại văn bản").count();
    wait_until(
        120,
        || regenerated(&a.said()) + regenerated(&b.said()) == 12,
        || a.said() + &b.said(),
    );
    std::thread::sleep(Duration::from_millis(1_500));
    let (said_a, said_b) = (a.stop(), b.stop());
    assert!(
        regenerated(&said_a) > 0 && regenerated(&said_b) > 0,
        "both workers took jobs:\n{said_a}\n{said_b}"
    );
    assert_eq!(
        regenerated(&said_a) + regenerated(&said_b),
        12,
        "each input once"
    );
    let after = digests(d);
    let changed: Vec<&String> = after
        .iter()
        .filter(|(name, digest)| before.get(*name) != Some(digest))
        .map(|(name, _)| name)
        .collect();
    assert_eq!(changed.len(), 24, "{changed:?}");
    assert!(
        changed
            .iter()
            .all(|n| n.contains("Báo cáo kết quả chấm điểm thi đua")),
        "{changed:?}"
    );
    let pdf = d.join("outbox/don-vi-00/Báo cáo kết quả chấm điểm thi đua - Phòng Tổng hợp.pdf");
    let pdf = if pdf.exists() {
        pdf
    } else {
        d.join("outbox/don-vi-00")
            .read_dir()
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|e| e == "pdf"))
            .unwrap()
    };
    assert!(crate::util::pdf_text(&pdf).contains("(mẫu của cơ quan)"));
    assert_eq!(sql(server, &url, "SELECT COUNT(*) FROM claims"), "0");
}

/// A rejected file left in the inbox (its submitter has not fixed it
/// yet) is not queued, claimed and read again every second by the
/// workers: its judgement stands until it is saved again.
#[test]
fn a_rejected_file_waiting_for_its_fix_is_not_taken_again_and_again() {
    let server = pg::shared();
    let url = server.database();
    let dir = office(&url, 4_000);
    let d = dir.path();
    let a = Worker::start(d, "may-a", "");
    let b = Worker::start(d, "may-b", "");
    drop_file(d, "b03_thieu_ho_ten.xlsx", "van-phong/loi.xlsx");
    wait_until(
        60,
        || d.join("inbox/van-phong/loi.loi.txt").exists(),
        || a.said() + &b.said(),
    );
    std::thread::sleep(Duration::from_millis(1_500));
    let tokens = || sql(server, &url, "SELECT last_value FROM claim_tokens");
    let before = tokens();
    std::thread::sleep(Duration::from_millis(4_000));
    assert_eq!(tokens(), before, "claimed again while nothing changed");
    // Saved again (fixed), it is taken at once.
    drop_file(d, "n01_danh_sach_co_ban.xlsx", "van-phong/loi.xlsx");
    wait_until(
        60,
        || !d.join("inbox/van-phong/loi.xlsx").exists(),
        || a.said() + &b.said(),
    );
    let said = a.stop() + &b.stop();
    assert_eq!(said.matches("xử lý xong: có lỗi").count(), 1, "{said}");
    assert_eq!(
        said.matches("xử lý xong: đã tạo văn bản").count(),
        1,
        "{said}"
    );
}

/// The same workbook with its own zip comment: other bytes, same cells
/// (not a duplicate, but the same documents' names).
fn variant(fixture: &str, n: usize) -> Vec<u8> {
    let data = std::fs::read(crate::service::fixture(fixture)).unwrap();
    let comment = format!("vanthu variant {n}");
    let mut out = data[..data.len() - 2].to_vec();
    out.extend_from_slice(&(comment.len() as u16).to_le_bytes());
    out.extend_from_slice(comment.as_bytes());
    out
}

/// Score sheets of one unit give documents of one name; on three
/// workers at once they still never take one name (the later ones are
/// named after their files), so none overwrites another: every document
/// the ledger records is on disk with its bytes, and no name is recorded
/// twice. (Found by a break test: two workers wrote the plain name.)
#[test]
fn namesakes_on_several_workers_never_overwrite_each_other() {
    const UNITS: usize = 6;
    const SHEETS: usize = 3;
    let server = pg::shared();
    let url = server.database();
    let dir = office(&url, 10_000);
    let d = dir.path();
    // A moment between writing the documents and recording them, as a
    // slow share gives.
    let workers: Vec<Worker> = ["may-a", "may-b", "may-c"]
        .iter()
        .map(|name| {
            Worker::start(
                d,
                name,
                "job.work=sleep(100);deliver.documents_written=sleep(300)",
            )
        })
        .collect();
    // Each sheet of a unit in its own wave, so that workers hold
    // namesakes at once.
    for n in 1..=SHEETS {
        for u in 0..UNITS {
            let path = d.join(format!("inbox/don-vi-{u}/bang diem {n}.xlsx"));
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, variant("s01_bang_diem_co_ban.xlsx", u * 10 + n)).unwrap();
            crate::service::age(&path);
        }
        std::thread::sleep(Duration::from_millis(700));
    }
    wait_until(
        180,
        || {
            sql(
                server,
                &url,
                "SELECT COUNT(*) FROM inputs WHERE state = 'done'",
            ) == (SHEETS * UNITS).to_string()
        },
        || {
            workers
                .iter()
                .map(Worker::said)
                .collect::<Vec<_>>()
                .join("\n")
        },
    );
    let logs: Vec<String> = workers.into_iter().map(Worker::stop).collect();
    assert_eq!(
        sql(
            server,
            &url,
            "SELECT COUNT(*) FROM (SELECT o.path FROM outputs o GROUP BY o.path HAVING COUNT(*) > 1) t"
        ),
        "0",
        "a name recorded for two inputs:\n{}",
        logs.join("\n")
    );
    let recorded = sql(server, &url, "SELECT path, hash FROM outputs ORDER BY path");
    assert_eq!(recorded.lines().count(), 2 * SHEETS * UNITS, "{recorded}");
    for line in recorded.lines() {
        let (path, hash) = line.split_once('|').unwrap();
        let bytes =
            std::fs::read(d.join("outbox").join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(
            vanthu::service::sha256(&bytes),
            hash,
            "{path} was overwritten"
        );
    }
    let on_disk = files(&d.join("outbox"))
        .into_iter()
        .filter(|n| n.starts_with("don-vi-"))
        .count();
    assert_eq!(on_disk, 2 * SHEETS * UNITS);
}

/// Two offices pointed at one database by mistake: the second is refused
/// before it reads or writes anything, saying what to fix; the first
/// goes on.
#[test]
fn a_second_office_on_the_same_database_is_refused() {
    let server = pg::shared();
    let url = server.database();
    let first = office(&url, 5_000);
    let second = office(&url, 5_000);
    drop_file(
        first.path(),
        "n01_danh_sach_co_ban.xlsx",
        "van-phong/ds.xlsx",
    );
    drop_file(second.path(), "n02_khong_dau.xlsx", "van-phong/ds.xlsx");
    crate::service::run(first.path());
    let refused = crate::util::vanthu(second.path(), &["run"]);
    let said = crate::util::show(&refused);
    assert_eq!(refused.status.code(), Some(2), "{said}");
    assert!(
        said.contains("đang là sổ theo dõi của một văn phòng khác")
            && said.contains("mỗi văn phòng cần một cơ sở dữ liệu riêng: hãy sửa [ledger] url"),
        "{said}"
    );
    assert!(second.path().join("inbox/van-phong/ds.xlsx").exists());
    assert!(!second.path().join("outbox/van-phong").exists(), "{said}");
    assert_eq!(
        sql(server, &url, "SELECT path FROM inputs"),
        "van-phong/ds.xlsx",
        "the first office's only"
    );
    // Its status does not show the other office's work as its own.
    let status = crate::util::vanthu(second.path(), &["status"]);
    let said = crate::util::show(&status);
    assert!(!status.status.success(), "{said}");
    assert!(said.contains("là sổ của một văn phòng khác"), "{said}");
    // The first office, run again, is itself.
    assert!(crate::service::run(first.path()).contains("không có tệp mới"));
}

/// A workbook rejected while it was still being copied (half of it), then
/// finished in the same second, with its time set back to that second:
/// the leader sees its size and times changed and queues it again, and
/// it is delivered. (Found by a break test: the leader compared whole
/// seconds and left it rejected for good.)
#[test]
fn a_file_finished_in_the_second_it_was_rejected_is_taken_again() {
    let server = pg::shared();
    let url = server.database();
    let dir = office(&url, 5_000);
    let d = dir.path();
    let worker = Worker::start(d, "may-a", "");
    let whole = std::fs::read(crate::service::fixture("s01_bang_diem_co_ban.xlsx")).unwrap();
    let path = d.join("inbox/van-phong/diem.xlsx");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, &whole[..whole.len() / 2]).unwrap();
    crate::service::age(&path);
    let half_time = std::fs::metadata(&path).unwrap().modified().unwrap();
    let report = d.join("inbox/van-phong/diem.loi.txt");
    wait_until(60, || report.exists(), || worker.said());
    std::fs::write(&path, &whole).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(half_time)
        .unwrap();
    wait_until(60, || !path.exists(), || worker.said());
    let said = worker.stop();
    assert!(
        said.contains("xử lý xong: đã tạo văn bản input=van-phong/diem.xlsx"),
        "{said}"
    );
    assert!(!report.exists(), "its old report went with it");
}

/// `vanthu run` on the shared ledger works the queue until it is empty:
/// one pass, no next one to come back in. (Found by a break test: it
/// stopped taking jobs after five seconds and left most files queued.)
#[test]
fn run_on_the_shared_ledger_does_every_file() {
    const FILES: usize = 30;
    let server = pg::shared();
    let url = server.database();
    let dir = office(&url, 5_000);
    let d = dir.path();
    for i in 0..FILES {
        drop_file(
            d,
            "s01_bang_diem_co_ban.xlsx",
            &format!("don-vi-{i:02}/diem.xlsx"),
        );
    }
    // More work than the leader's five seconds of a pass.
    let out = Command::new(env!("CARGO_BIN_EXE_vanthu"))
        .arg("run")
        .current_dir(d)
        .env("FAILPOINTS", "job.work=sleep(1000)")
        .output()
        .unwrap();
    let said = crate::util::show(&out);
    assert!(out.status.success(), "{said}");
    assert_eq!(
        sql(
            server,
            &url,
            "SELECT COUNT(*) FROM inputs WHERE state = 'done'"
        ),
        FILES.to_string(),
        "{said}"
    );
    assert_eq!(sql(server, &url, "SELECT COUNT(*) FROM claims"), "0");
    assert_eq!(files(&d.join("inbox")).len(), 0, "{said}");
}

/// Two machines given one name (a `worker` line in the shared
/// `vanthu.toml`): `status` lists both and marks only the one that leads.
#[test]
fn status_tells_namesake_workers_apart() {
    let server = pg::shared();
    let url = server.database();
    let dir = office(&url, 5_000);
    let d = dir.path();
    let first = Worker::start(d, "may-1", "");
    first.wait_for("máy này điều phối hộp thư đến");
    let second = Worker::start(d, "may-1", "");
    let status = crate::util::vanthu(d, &["status"]);
    let said = String::from_utf8_lossy(&status.stdout).into_owned();
    assert!(
        said.contains("Các máy đang chạy: may-1 (điều phối), may-1.")
            || said.contains("Các máy đang chạy: may-1, may-1 (điều phối)."),
        "{said}"
    );
    first.stop();
    second.stop();
}

/// Ctrl+C twice stops a worker at once: a stop asked for is no crash,
/// so the file under way keeps no attempt, and its claim is handed back
/// for the others there and then.
#[test]
fn a_stop_forced_at_once_gives_the_attempt_and_the_file_back() {
    let server = pg::shared();
    let url = server.database();
    let dir = office(&url, 30_000);
    let d = dir.path();
    let mut worker = Worker::start(d, "may-a", "job.work=sleep(30000)");
    drop_file(d, "n01_danh_sach_co_ban.xlsx", "van-phong/ds.xlsx");
    worker.wait_for("bắt đầu xử lý");
    assert_eq!(sql(server, &url, "SELECT attempts FROM inputs"), "1");
    worker.signal("INT");
    worker.wait_for("đã nhận yêu cầu dừng");
    worker.signal("INT");
    let status = worker.child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{}", worker.said());
    assert_eq!(sql(server, &url, "SELECT attempts FROM inputs"), "0");
    assert_eq!(
        sql(
            server,
            &url,
            "SELECT COUNT(*) FROM claims WHERE holder IS NULL AND lease_until IS NULL"
        ),
        "1",
        "handed back to the queue"
    );
}

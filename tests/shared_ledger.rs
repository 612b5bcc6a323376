//! The ledger's suite on both backends (the embedded SQLite file and a
//! real PostgreSQL server), and the shared ledger's claims, fencing,
//! leader and outages between several workers in one process.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use vanthu::config::SharedLedger;
use vanthu::service::ledger::{Ledger, LedgerError, Output, State};

use crate::pg;

fn settings(url: &str, worker: &str, lease_ms: u64) -> SharedLedger {
    SharedLedger {
        url: url.to_owned(),
        lease: Duration::from_millis(lease_ms),
        worker: worker.to_owned(),
    }
}

fn open(url: &str, worker: &str, lease_ms: u64) -> Ledger {
    Ledger::open_shared(
        &settings(url, worker, lease_ms),
        Arc::new(AtomicBool::new(false)),
    )
    .unwrap()
}

fn output(path: &str, template: &str) -> Output {
    Output {
        path: path.into(),
        hash: format!("hash of {path}"),
        template: template.into(),
        template_version: "t1".into(),
        config_version: "c1".into(),
    }
}

/// A file's life through the ledger, written down as what `status` and
/// the service read back: the same on both backends.
fn life(ledger: &mut Ledger) -> Vec<String> {
    let mut seen = Vec::new();
    ledger
        .receive("don-vi/a.xlsx", "don-vi", "đang được ghi")
        .unwrap();
    ledger
        .receive("don-vi/a.xlsx", "don-vi", "đang mở trong Excel")
        .unwrap();
    seen.push(format!("received {:?}", ledger.received_paths().unwrap()));
    let a = ledger
        .begin("don-vi/a.xlsx", "h1", "don-vi", Some(100))
        .unwrap();
    seen.push(format!("{:?} attempts {}", a.state, a.attempts));
    let again = ledger
        .begin("don-vi/a.xlsx", "h1", "don-vi", Some(100))
        .unwrap();
    seen.push(format!(
        "same row {} attempts {}",
        again.id == a.id,
        again.attempts
    ));
    ledger
        .finish_done(
            a.id,
            &[
                output("don-vi/To trinh.docx", "to-trinh"),
                output("don-vi/To trinh.pdf", "to-trinh"),
            ],
            "archive/don-vi/h1-a.xlsx",
            Some("{\"unit\":\"Văn phòng\"}"),
        )
        .unwrap();
    let done = ledger.input(a.id).unwrap().unwrap();
    seen.push(format!(
        "{:?} attempts {} archived {:?}",
        done.state, done.attempts, done.archived
    ));
    seen.push(format!("received {:?}", ledger.received_paths().unwrap()));
    seen.push(format!(
        "current {:?}",
        ledger.current_with("h1", "don-vi").unwrap().map(|i| i.path)
    ));
    seen.push(format!(
        "owner {:?}",
        ledger.owner_of("DON-VI/to trinh.PDF").unwrap()
    ));
    seen.push(format!("summaries {:?}", ledger.summaries().unwrap()));
    let dup = ledger
        .record_duplicate(
            "don-vi/b.xlsx",
            "h1",
            "don-vi",
            "archive/don-vi/h1-b.xlsx",
            "don-vi/a.xlsx",
        )
        .unwrap();
    seen.push(format!(
        "duplicate {:?} {:?}",
        ledger.input(dup).unwrap().unwrap().state,
        ledger.input(dup).unwrap().unwrap().reason
    ));
    // A new version of a.xlsx replaces the templates' outputs.
    let a2 = ledger
        .begin("don-vi/a.xlsx", "h2", "don-vi", Some(200))
        .unwrap();
    seen.push(format!(
        "new row {} attempts {}",
        a2.id != a.id,
        a2.attempts
    ));
    seen.push(format!(
        "earlier {:?}",
        ledger
            .earlier_outputs("don-vi/a.xlsx", a2.id)
            .unwrap()
            .iter()
            .map(|o| o.path.clone())
            .collect::<Vec<_>>()
    ));
    ledger
        .finish_rejected(a2.id, "Ô B3: thiếu họ tên", "v1")
        .unwrap();
    let rejected = ledger.latest_at("don-vi/a.xlsx").unwrap().unwrap();
    seen.push(format!(
        "{:?} {:?} {:?}",
        rejected.state, rejected.reason, rejected.versions
    ));
    ledger.withdraw(a2.id).unwrap();
    seen.push(format!("{:?}", ledger.input(a2.id).unwrap().unwrap().state));
    ledger
        .unreadable("c.xlsx", "", "không đọc được", 5000)
        .unwrap();
    ledger
        .unreadable("c.xlsx", "", "vẫn không đọc được", 6000)
        .unwrap();
    let c = ledger.latest_at("c.xlsx").unwrap().unwrap();
    seen.push(format!(
        "{:?} retries {} at {:?}",
        c.state, c.retries, c.retry_at
    ));
    let c = ledger.begin("c.xlsx", "h3", "", None).unwrap();
    ledger
        .finish_retry(c.id, "quá thời gian", 7000, "v1")
        .unwrap();
    let c = ledger.input(c.id).unwrap().unwrap();
    seen.push(format!(
        "{:?} retries {} at {:?}",
        c.state, c.retries, c.retry_at
    ));
    ledger.regeneration_failed(a.id, "v9", "mẫu lỗi").unwrap();
    seen.push(format!(
        "regen failed {:?}",
        ledger.regeneration_failed_under(a.id).unwrap()
    ));
    ledger
        .replace_outputs(
            a.id,
            &["to-trinh".into()],
            &[output("don-vi/To trinh moi.pdf", "to-trinh")],
            None,
        )
        .unwrap();
    seen.push(format!(
        "outputs {:?} regen failed {:?}",
        ledger
            .outputs(a.id)
            .unwrap()
            .iter()
            .map(|o| o.path.clone())
            .collect::<Vec<_>>(),
        ledger.regeneration_failed_under(a.id).unwrap()
    ));
    ledger
        .note(a.id, Some("không đưa được ra khỏi hộp thư đến"))
        .unwrap();
    seen.push(format!(
        "counts done {} duplicate {} withdrawn {} retry {}",
        ledger.count(State::Done).unwrap(),
        ledger.count(State::Duplicate).unwrap(),
        ledger.count(State::Withdrawn).unwrap(),
        ledger.count(State::Retry).unwrap()
    ));
    seen.push(format!(
        "recent {:?}",
        ledger
            .recent(3)
            .unwrap()
            .iter()
            .map(|i| i.path.clone())
            .collect::<Vec<_>>()
    ));
    seen.push(format!(
        "done {:?}",
        ledger
            .current_done()
            .unwrap()
            .iter()
            .map(|i| (i.path.clone(), i.reason.clone()))
            .collect::<Vec<_>>()
    ));
    seen
}

#[test]
fn the_ledger_reads_back_the_same_on_sqlite_and_postgresql() {
    let dir = tempfile::tempdir().unwrap();
    let mut sqlite = Ledger::open(&dir.path().join("ledger.sqlite3")).unwrap();
    let on_sqlite = life(&mut sqlite);
    let server = pg::shared();
    let mut shared = open(&server.database(), "may-1", 30_000);
    // The shared work is the leader's: this lone worker leads.
    assert!(shared.shared().unwrap().lead().unwrap());
    let on_postgresql = life(&mut shared);
    assert_eq!(on_sqlite, on_postgresql);
    // And what it read is what the service needs (not merely alike).
    let expected = [
        "received [\"don-vi/a.xlsx\"]",
        "Processing attempts 1",
        "same row true attempts 2",
        "Done attempts 0 archived Some(\"archive/don-vi/h1-a.xlsx\")",
        "received []",
        "current Some(\"don-vi/a.xlsx\")",
        "owner Some(\"don-vi/a.xlsx\")",
        "summaries [(\"don-vi/a.xlsx\", \"{\\\"unit\\\":\\\"Văn phòng\\\"}\")]",
        "duplicate Duplicate Some(\"trùng nội dung với don-vi/a.xlsx\")",
        "new row true attempts 1",
        "earlier [\"don-vi/To trinh.docx\", \"don-vi/To trinh.pdf\"]",
        "Rejected Some(\"Ô B3: thiếu họ tên\") Some(\"v1\")",
        "Withdrawn",
        "Retry retries 2 at Some(6000)",
        "Retry retries 1 at Some(7000)",
        "regen failed Some(\"v9\")",
        "outputs [\"don-vi/To trinh moi.pdf\"] regen failed None",
        "counts done 1 duplicate 1 withdrawn 1 retry 2",
        "recent [\"c.xlsx\", \"c.xlsx\", \"don-vi/a.xlsx\"]",
        "done [(\"don-vi/a.xlsx\", Some(\"không đưa được ra khỏi hộp thư đến\"))]",
    ];
    assert_eq!(on_postgresql, expected);
}

/// A second worker opening the same database finds the schema made and
/// its rows; a database made by a newer vanthu is refused, not misread.
#[test]
fn the_schema_is_made_once_and_a_newer_one_is_refused() {
    let server = pg::shared();
    let url = server.database();
    let first = open(&url, "may-1", 30_000);
    assert!(first.shared().unwrap().lead().unwrap());
    first.receive("a.xlsx", "", "đang được ghi").unwrap();
    let second = open(&url, "may-2", 30_000);
    assert_eq!(second.received_paths().unwrap(), ["a.xlsx"]);
    server.psql(&url, "UPDATE vanthu_schema SET version = 99");
    let refused = Ledger::open_shared(
        &settings(&url, "may-3", 30_000),
        Arc::new(AtomicBool::new(false)),
    )
    .err()
    .expect("a newer schema is refused");
    assert!(
        refused.to_string().contains("phiên bản vanthu mới hơn"),
        "{refused}"
    );
}

#[test]
fn each_queued_file_goes_to_one_worker_and_a_stalled_one_is_fenced() {
    let server = pg::shared();
    let url = server.database();
    let a = open(&url, "may-a", 2_000);
    let b = open(&url, "may-b", 2_000);
    let (sa, sb) = (a.shared().unwrap(), b.shared().unwrap());
    assert!(sa.lead().unwrap());
    assert!(!sb.lead().unwrap(), "one leader at a time");
    // Only the leader queues.
    let refused = sb.enqueue("x.xlsx", "x.xlsx", "").unwrap_err();
    assert!(matches!(refused, LedgerError::Fenced(_)), "{refused}");
    sa.enqueue("a.xlsx", "a.xlsx", "").unwrap();
    sa.enqueue("b.xlsx", "b.xlsx", "").unwrap();
    sa.enqueue("a.xlsx", "a.xlsx", "").unwrap(); // already queued: once
    assert_eq!(sa.queued().unwrap(), 2);
    let got_a = sa.claim_next("file").unwrap().unwrap();
    let got_b = sb.claim_next("file").unwrap().unwrap();
    assert_eq!(
        (got_a.path.as_str(), got_b.path.as_str()),
        ("a.xlsx", "b.xlsx")
    );
    assert_eq!(
        sa.claim_next("file").unwrap(),
        None,
        "nothing left unclaimed"
    );
    // The heartbeat keeps a claim alive past its lease while the worker
    // lives.
    std::thread::sleep(Duration::from_millis(3_000));
    assert_eq!(sb.claim_next("file").unwrap(), None);
    assert!(sa.hold("a.xlsx").unwrap());
    let row = a.begin("a.xlsx", "h", "", None).unwrap();
    // Worker a stalls past its lease (its heartbeat stopped with it): the
    // claim runs out and b takes the file over.
    server.psql(
        &url,
        "UPDATE claims SET lease_until = now() - interval '1 second' WHERE holder LIKE 'may-a/%'",
    );
    let taken = sb.claim_next("file").unwrap().unwrap();
    assert_eq!((taken.path.as_str(), taken.claims), ("a.xlsx", 2));
    // Waking up, a changes nothing: every write about the file is fenced.
    let fenced = a
        .finish_done(row.id, &[output("x.pdf", "to-trinh")], "archive/x", None)
        .unwrap_err();
    assert!(
        matches!(fenced, LedgerError::Fenced(ref p) if p == "a.xlsx"),
        "{fenced}"
    );
    assert!(
        fenced
            .to_string()
            .contains("đã được một máy khác nhận xử lý"),
        "{fenced}"
    );
    assert!(!sa.hold("a.xlsx").unwrap());
    assert_eq!(a.outputs(row.id).unwrap(), []);
    // b, holding it now, settles it.
    let row_b = b.begin("a.xlsx", "h", "", None).unwrap();
    assert_eq!(
        (row_b.id, row_b.attempts),
        (row.id, 2),
        "the attempt is counted again"
    );
    b.finish_done(row.id, &[output("x.pdf", "to-trinh")], "archive/x", None)
        .unwrap();
    sb.release("a.xlsx").unwrap();
    sb.release("b.xlsx").unwrap();
    assert_eq!(sa.queued().unwrap(), 0);
    assert_eq!(b.input(row.id).unwrap().unwrap().state, State::Done);
}

#[test]
fn a_leader_that_goes_away_is_replaced_and_a_stopped_one_frees_its_files() {
    let server = pg::shared();
    let url = server.database();
    let a = open(&url, "may-a", 2_000);
    let b = open(&url, "may-b", 2_000);
    assert!(a.shared().unwrap().lead().unwrap());
    assert!(!b.shared().unwrap().lead().unwrap());
    a.shared().unwrap().enqueue("a.xlsx", "a.xlsx", "").unwrap();
    assert!(a.shared().unwrap().claim_next("file").unwrap().is_some());
    // Closed (a stop on request): its lock and its unsettled files go at
    // once, not after the lease.
    drop(a);
    assert!(b.shared().unwrap().lead().unwrap());
    assert!(b.shared().unwrap().leading());
    let again = b.shared().unwrap().claim_next("file").unwrap().unwrap();
    assert_eq!(again.path, "a.xlsx");
}

/// The server stopped for a few seconds: a call waits and goes through
/// once it is back, instead of failing the file.
#[test]
fn a_call_waits_for_the_database_to_come_back() {
    let server = pg::Server::start();
    let url = server.database();
    let ledger = open(&url, "may-a", 5_000);
    assert!(ledger.shared().unwrap().lead().unwrap());
    ledger.receive("a.xlsx", "", "đang được ghi").unwrap();
    server.stop();
    let restart = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(3));
        server.run();
        server
    });
    let started = Instant::now();
    assert_eq!(ledger.received_paths().unwrap(), ["a.xlsx"]);
    assert!(started.elapsed() >= Duration::from_secs(2), "it waited");
    let _server = restart.join().unwrap();
    // The leader's session died with the server: it leads again after.
    assert!(ledger.shared().unwrap().lead().unwrap());
    ledger.forget_received("a.xlsx").unwrap();
    assert_eq!(ledger.received_paths().unwrap(), Vec::<String>::new());
}

/// A database that does not exist, or a user the server refuses, is said
/// at once in Vietnamese (not waited on for minutes as an outage), and
/// the password never shows.
#[test]
fn a_wrong_address_is_said_at_once() {
    let server = pg::shared();
    let missing = server.url("khong_co_csdl_nay");
    let started = Instant::now();
    let e = Ledger::open_shared(
        &settings(&missing, "may-1", 5_000),
        Arc::new(AtomicBool::new(false)),
    )
    .err()
    .expect("no such database");
    assert!(
        e.to_string()
            .contains("không có cơ sở dữ liệu ghi trong [ledger] url"),
        "{e}"
    );
    let stranger = server
        .url("postgres")
        .replace("vanthu@", "nguoi_la:mat-khau-bi-mat@");
    let e = Ledger::open_shared(
        &settings(&stranger, "may-1", 5_000),
        Arc::new(AtomicBool::new(false)),
    )
    .err()
    .expect("no such user");
    assert!(e.to_string().contains("không đăng nhập được"), "{e}");
    assert!(!e.to_string().contains("mat-khau-bi-mat"), "{e}");
    assert!(started.elapsed() < Duration::from_secs(10), "said at once");
    assert_eq!(
        vanthu::config::redact_url(&stranger),
        stranger.replace("mat-khau-bi-mat", "***")
    );
}

/// A unit's outbox folder is held by one worker at a time while it names,
/// writes and records documents: a second worker waits until the first
/// has recorded, then sees the names taken.
#[test]
fn one_worker_at_a_time_names_a_units_documents() {
    let server = pg::shared();
    let url = server.database();
    let a = open(&url, "may-a", 5_000);
    let b = open(&url, "may-b", 5_000);
    let held = a.shared().unwrap().lock_unit("don-vi").unwrap();
    let other_unit = b.shared().unwrap().lock_unit("don-vi-khac").unwrap();
    drop(other_unit);
    let waited = std::thread::scope(|scope| {
        let waiting = scope.spawn(move || {
            let started = Instant::now();
            let _held = b.shared().unwrap().lock_unit("don-vi").unwrap();
            started.elapsed()
        });
        std::thread::sleep(Duration::from_millis(800));
        drop(held);
        waiting.join().unwrap()
    });
    assert!(waited >= Duration::from_millis(700), "{waited:?}");
}

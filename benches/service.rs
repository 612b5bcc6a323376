//! Service benchmark (issue 5), in-process on temporary folders:
//!
//! - **batch**: 200 workbooks dropped at once (the fixture nominations and
//!   score sheets, each made distinct so none is a duplicate), one pass:
//!   documents (DOCX + PDF pairs) per second. Target on 2 cores: ≥ 60.
//! - **latency**: one stable 30-row list (`benches/data/ds-30.xlsx`) from
//!   the start of a pass to its documents in the outbox (the quiet period,
//!   which only waits, is set to zero). Target: ≤ 50 ms.
//!
//! Run: `cargo bench --bench service`.

#![allow(missing_docs)] // criterion_group! generates undocumented items.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use vanthu::config::Config;
use vanthu::service::{Folders, Service};
use vanthu::text::Date;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The same workbook with a different zip comment: other bytes, same
/// cells.
fn variant(bytes: &[u8], n: usize) -> Vec<u8> {
    let comment = format!("vanthu bench {n}");
    let mut out = bytes.to_vec();
    // The end-of-central-directory record closes the file when there is no
    // comment: its last two bytes are the comment length.
    let len = out.len();
    out[len - 2..].copy_from_slice(&(comment.len() as u16).to_le_bytes());
    out.extend_from_slice(comment.as_bytes());
    out
}

fn old(path: &Path) {
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_modified(SystemTime::now() - Duration::from_secs(60))
        .unwrap();
}

fn service(dir: &Path) -> Service {
    let config = Config::from_toml("[service]\nquiet_ms = 0\n", None, dir).unwrap();
    let folders = Folders {
        inbox: dir.join("inbox"),
        outbox: dir.join("outbox"),
        state: dir.join(".vanthu"),
    };
    Service::open(config, folders, "bench", Default::default()).unwrap()
}

/// 200 distinct good workbooks in a fresh office.
fn batch_office() -> tempfile::TempDir {
    let fixtures = root().join("tests/fixtures/workbooks");
    let good = [
        "n01_danh_sach_co_ban.xlsx",
        "n03_tieu_de_bien_the.xlsx",
        "n05_cot_doi_tuong.xlsx",
        "n07_muc_a_tap_the.xlsx",
        "n12_ngay_sinh.xlsx",
        "n13_gop_o_don_vi.xlsx",
        "s01_bang_diem_co_ban.xlsx",
        "s02_dong_diem_toi_da.xlsx",
    ];
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    for i in 0..200 {
        let name = good[i % good.len()];
        let unit = inbox.join(format!("don-vi-{:02}", i % 20));
        std::fs::create_dir_all(&unit).unwrap();
        let bytes = std::fs::read(fixtures.join(name)).unwrap();
        let path = unit.join(format!("{i:03}-{name}"));
        std::fs::write(&path, variant(&bytes, i)).unwrap();
        old(&path);
    }
    dir
}

fn bench(c: &mut Criterion) {
    let today = Date::new(2026, 1, 5).unwrap();

    // One measured batch, reported as documents per second.
    let dir = batch_office();
    let mut svc = service(dir.path());
    let started = std::time::Instant::now();
    let report = svc.pass(today).unwrap();
    let elapsed = started.elapsed();
    let documents: usize = report.done.iter().map(|(_, d)| d.len()).sum::<usize>() / 2;
    eprintln!(
        "batch: {} workbooks, {documents} documents (DOCX + PDF) in {:.2} s: {:.0} documents/s on {} threads",
        report.done.len(),
        elapsed.as_secs_f64(),
        documents as f64 / elapsed.as_secs_f64(),
        rayon::current_num_threads()
    );

    let mut group = c.benchmark_group("service");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(60));
    group.bench_function("batch of 200 workbooks", |b| {
        b.iter_batched(
            || {
                let dir = batch_office();
                let svc = service(dir.path());
                (dir, svc)
            },
            |(dir, mut svc)| {
                let report = svc.pass(today).unwrap();
                assert_eq!(report.done.len(), 200);
                drop(dir);
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();

    let list = std::fs::read(root().join("benches/data/ds-30.xlsx")).unwrap();
    let mut group = c.benchmark_group("service");
    group.sample_size(30);
    let mut n = 0;
    group.bench_function("stable 30-row list to delivered documents", |b| {
        b.iter_batched(
            || {
                n += 1;
                let dir = tempfile::tempdir().unwrap();
                let svc = service(dir.path());
                let path = dir.path().join("inbox/ds-30.xlsx");
                std::fs::write(&path, variant(&list, n)).unwrap();
                old(&path);
                (dir, svc)
            },
            |(dir, mut svc)| {
                let report = svc.pass(today).unwrap();
                assert_eq!(report.done.len(), 1);
                drop(dir);
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

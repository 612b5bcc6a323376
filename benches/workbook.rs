//! Workbook benchmark (issue 4): a 5,000-row nominations list
//! (`benches/data/ds-5000.xlsx`, made by `benches/data/make.py`) read,
//! recognised and validated, then its documents rendered: the Tờ trình with
//! the Danh sách and the draft Quyết định, each as DOCX and PDF.
//!
//! Run: `cargo bench --bench workbook`. Target: everything in at most 2 s
//! on one core.
//!
//! Typst memoises layouts within a process, so rendering the same list
//! again would mostly hit its cache. Each iteration therefore renders a
//! list whose every name differs from the previous ones (as a new workbook
//! would), while units, positions and awards repeat as they do in real
//! lists. The cold figure (a fresh process, nothing cached) is measured by
//! running the binary: see the closing note of issue 4.

#![allow(missing_docs)] // criterion_group! generates undocumented items.

use std::path::PathBuf;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

// The binary's allocator, so the figures are those of `vanthu`.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use vanthu::config::Config;
use vanthu::documents;
use vanthu::recognise::workbook::Records;
use vanthu::text::Date;
use vanthu::workbook::{self, Examined};

fn workbook() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/data/ds-5000.xlsx")
}

/// `examined` with every name made new by a suffix.
fn renamed(examined: &Examined, round: usize) -> Examined {
    let mut out = examined.clone();
    for sheet in &mut out.recognition.sheets {
        if let Records::Nominations(nominees) = &mut sheet.records {
            for n in nominees {
                n.name = format!("{} {round}", n.name);
            }
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let config = Config::from_toml("", None, std::path::Path::new(".")).expect("defaults");
    let today = Date::new(2026, 1, 5).expect("a date");
    let path = workbook();
    let examined = workbook::examine(
        std::fs::read(&path).unwrap(),
        "ds-5000.xlsx",
        None,
        &config,
        today,
    )
    .expect("a clean list");
    let docs = documents::of(
        &examined,
        &config,
        today,
        &|_| true,
        &documents::Control::new(),
    )
    .expect("documents");
    eprintln!(
        "5,000 rows: {} documents, {} KB",
        docs.len() * 2,
        docs.iter()
            .map(|d| d.docx.len() + d.pdf.len())
            .sum::<usize>()
            / 1024
    );

    let mut group = c.benchmark_group("workbook-5000");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(30));
    group.bench_function("read+recognise+validate", |b| {
        b.iter(|| {
            workbook::examine(
                std::fs::read(&path).unwrap(),
                "ds-5000.xlsx",
                None,
                &config,
                today,
            )
            .expect("a clean list")
        })
    });
    let mut round = 0;
    group.bench_function("documents (2 × DOCX + PDF), new names", |b| {
        b.iter_batched(
            || {
                round += 1;
                renamed(&examined, round)
            },
            |list| {
                documents::of(&list, &config, today, &|_| true, &documents::Control::new())
                    .expect("documents")
            },
            criterion::BatchSize::PerIteration,
        )
    });
    group.bench_function("all, new names", |b| {
        b.iter(|| {
            round += 1;
            let examined = workbook::examine(
                std::fs::read(&path).unwrap(),
                "ds-5000.xlsx",
                None,
                &config,
                today,
            )
            .expect("a clean list");
            documents::of(
                &renamed(&examined, round),
                &config,
                today,
                &|_| true,
                &documents::Control::new(),
            )
            .expect("documents")
        })
    });
    group.finish();

    // The province software's import template (issue 13): 386 collectives,
    // a "Hướng dẫn" sheet, hidden lookup sheets, 500 prepared formula rows
    // whose values are #N/A or blank.
    let template = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/offices/o02_mau_tinh_386_tap_the.xlsx");
    let bytes = std::fs::read(&template).unwrap();
    let mut group = c.benchmark_group("province-template-386");
    group.sample_size(20);
    group.bench_function("read+recognise+validate", |b| {
        b.iter(|| {
            workbook::examine(bytes.clone(), "o02.xlsx", None, &config, today)
                .expect("a clean list")
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

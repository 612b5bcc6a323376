//! Rendering benchmarks: DOCX and PDF of a two-page document with a 30-row
//! table and of a 300-row one, from a model already composed (warm: fonts
//! and the Typst library are loaded once per process).
//!
//! Run: `cargo bench --bench render`. Target (issue #2): DOCX + PDF of the
//! 2-page document in at most 10 ms on one core.

#![allow(missing_docs)] // criterion_group! generates undocumented items.

use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use vanthu::document::{
    Align, Block, Cell, Column, DocKind, DocNumber, Document, HeadingLevel, Issuer, PageSetup,
    Paragraph, PartialDate, PlaceDate, Run, Signatory, Table,
};
use vanthu::render::{self, DocxOptions, PdfOptions};

fn document(rows: usize) -> Document {
    let names = [
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Lê Thị Thủy",
        "Phạm Quốc Ủy",
        "Đặng Thị Ánh",
    ];
    let mut table_rows = vec![vec![
        Cell::text("STT"),
        Cell::text("Họ và tên"),
        Cell::text("Đơn vị"),
        Cell::text("Hình thức khen thưởng"),
    ]];
    for i in 0..rows {
        table_rows.push(vec![
            Cell::text(format!("{}", i + 1)),
            Cell::text(format!("{} {}", names[i % names.len()], i + 1)),
            Cell::text("Phòng Tổng hợp"),
            Cell::text("Lao động tiên tiến"),
        ]);
    }
    let paragraph = |text: &str| {
        Block::Paragraph(Paragraph {
            runs: vec![Run::plain(text)],
            align: Align::Justify,
            indent: true,
        })
    };
    Document {
        kind: DocKind::BaoCao,
        issuer: Issuer {
            parent: Some("UBND TỈNH QUẢNG TRỊ".into()),
            name: vec!["VĂN PHÒNG".into()],
            abbreviation: "VPUBND".into(),
            name_in_text: "Văn phòng UBND tỉnh Quảng Trị".into(),
        },
        number: DocNumber {
            number: None,
            code: "BC-VPUBND".into(),
        },
        place_date: PlaceDate {
            place: "Quảng Trị".into(),
            date: PartialDate {
                day: Some(5),
                month: Some(1),
                year: 2026,
            },
        },
        title: None,
        subject: vec!["Kết quả công tác thi đua, khen thưởng năm 2025".into()],
        recipients: vec!["Ủy ban nhân dân tỉnh Quảng Trị".into()],
        authority: None,
        bases: vec![],
        body: vec![
            Block::Heading {
                level: HeadingLevel::Muc,
                number: "I.".into(),
                runs: vec![Run::plain("KẾT QUẢ")],
            },
            paragraph(
                "Trong năm, các phòng, ban, trung tâm đã triển khai thực hiện tốt các phong trào thi đua, góp phần hoàn thành nhiệm vụ chính trị của cơ quan.",
            ),
            Block::Table(Table {
                columns: vec![
                    Column {
                        width: 8.0,
                        align: Align::Center,
                    },
                    Column {
                        width: 35.0,
                        align: Align::Left,
                    },
                    Column {
                        width: 27.0,
                        align: Align::Left,
                    },
                    Column {
                        width: 30.0,
                        align: Align::Left,
                    },
                ],
                header_rows: 1,
                rows: table_rows,
                font_size: 13.0,
            }),
            paragraph("Trên đây là báo cáo kết quả công tác thi đua, khen thưởng năm 2025./."),
        ],
        copies_to: vec!["UBND tỉnh (b/c);".into(), "Lưu: VT, TH.".into()],
        signatory: Signatory {
            authority: vec!["KT. CHÁNH VĂN PHÒNG".into()],
            position: "PHÓ CHÁNH VĂN PHÒNG".into(),
            name: "Nguyễn Văn A".into(),
        },
        appendices: vec![],
        page: PageSetup::default(),
    }
}

fn bench_render(c: &mut Criterion) {
    let docx_options = DocxOptions::default();
    let pdf_options = PdfOptions::default();
    let mut group = c.benchmark_group("render");
    group.sample_size(20);
    for rows in [30, 300] {
        let doc = document(rows);
        // Warm the font and library caches outside the measurement.
        render::pdf(&doc, &pdf_options).unwrap();
        // Every iteration gets a document that differs in its number, as
        // real documents differ: Typst would otherwise answer from its
        // memoisation cache.
        let mut serial = 0u32;
        let mut fresh = || {
            serial += 1;
            let mut d = doc.clone();
            d.number.number = Some(serial);
            d
        };
        group.bench_function(BenchmarkId::new("docx", rows), |b| {
            b.iter_batched(
                &mut fresh,
                |d| render::docx(&d, &docx_options).unwrap(),
                BatchSize::SmallInput,
            )
        });
        group.bench_function(BenchmarkId::new("pdf", rows), |b| {
            b.iter_batched(
                &mut fresh,
                |d| render::pdf(&d, &pdf_options).unwrap(),
                BatchSize::SmallInput,
            )
        });
        group.bench_function(BenchmarkId::new("docx+pdf", rows), |b| {
            b.iter_batched(
                &mut fresh,
                |d| {
                    render::docx(&d, &docx_options).unwrap();
                    render::pdf(&d, &pdf_options).unwrap()
                },
                BatchSize::SmallInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, bench_render);
criterion_main!(benches);

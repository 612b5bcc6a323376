//! Benchmarks for `vanthu::text`: repair throughput on about a megabyte of mixed cell
//! text (a quarter each genuine NFC, NFD, TCVN3 and VNI), generated here, and each kind
//! on its own.

// `criterion_group!` generates an undocumented function.
#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use unicode_normalization::UnicodeNormalization;
use vanthu::text::{encode_tcvn3, encode_vni, fix_cell};

const PHRASES: &[&str] = &[
    "Cộng hòa xã hội chủ nghĩa Việt Nam",
    "Độc lập - Tự do - Hạnh phúc",
    "Ủy ban nhân dân tỉnh Quảng Ngãi",
    "Phòng Giáo dục và Đào tạo",
    "Trường Trung học phổ thông Nguyễn Du",
    "Nguyễn Văn An",
    "Trần Thị Thuỷ",
    "Lê Hoàng Phúc",
    "Phạm Minh Đức",
    "Hoàng Thị Ngọc Ánh",
    "Số 12/QĐ-UBND",
    "Hà Nội",
    "thôn Đông, xã Tân Phước",
    "Hỗ trợ học sinh có hoàn cảnh khó khăn",
    "Khen thưởng thành tích xuất sắc",
    "người được khen thưởng",
    "ghi chú",
    "Giám đốc",
    "Trưởng phòng Tổ chức cán bộ",
    "đã nhận đủ",
];

/// Cells of about `bytes` bytes in total, from a fixed pseudo-random sequence.
fn mixed_cells(bytes: usize) -> Vec<String> {
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut cells = Vec::new();
    let mut total = 0;
    while total < bytes {
        let words = 1 + (next() % 3) as usize;
        let mut cell = String::new();
        for _ in 0..words {
            if !cell.is_empty() {
                cell.push_str(", ");
            }
            cell.push_str(PHRASES[(next() % PHRASES.len() as u64) as usize]);
        }
        let cell = match cells.len() % 4 {
            0 => cell,
            1 => cell.nfd().collect(),
            2 => encode_tcvn3(&cell),
            _ => encode_vni(&cell),
        };
        total += cell.len();
        cells.push(cell);
    }
    cells
}

fn text(c: &mut Criterion) {
    let cells = mixed_cells(1 << 20);
    let bytes: usize = cells.iter().map(String::len).sum();
    let mut group = c.benchmark_group("text");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    group.bench_function("repair_mixed_1mb", |b| {
        b.iter(|| {
            for cell in &cells {
                black_box(fix_cell(black_box(cell), None));
            }
        })
    });
    for (offset, kind) in ["nfc", "nfd", "tcvn3", "vni"].into_iter().enumerate() {
        let part: Vec<&String> = cells.iter().skip(offset).step_by(4).collect();
        let part_bytes: usize = part.iter().map(|c| c.len()).sum();
        group.throughput(Throughput::Bytes(part_bytes as u64));
        group.bench_function(format!("repair_{kind}"), |b| {
            b.iter(|| {
                for cell in &part {
                    black_box(fix_cell(black_box(cell), None));
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, text);
criterion_main!(benches);

//! The renderers called as a library: memory over many renders, glyph
//! clearance of stacked Vietnamese capitals, symbols from the fallback font.

use vanthu::document::{
    Align, Block, Cell, Column, DocKind, DocNumber, Document, Issuer, PageSetup, Paragraph,
    PartialDate, PlaceDate, Run, Signatory, Table,
};
use vanthu::render::{self, DocxOptions, PdfOptions};

use crate::util;

fn small_document(i: usize) -> Document {
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
        subject: vec![format!("Kết quả số {i}")],
        recipients: vec![],
        authority: None,
        bases: vec![],
        body: vec![Block::Paragraph(Paragraph {
            runs: vec![Run::plain(format!("Đoạn văn thứ {i}."))],
            ..Paragraph::default()
        })],
        copies_to: vec!["Lưu: VT.".into()],
        signatory: Signatory {
            authority: vec![],
            position: "CHÁNH VĂN PHÒNG".into(),
            name: "Nguyễn Văn A".into(),
        },
        appendices: vec![],
        page: PageSetup::default(),
    }
}

fn resident_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

#[test]
fn memory_stays_flat_over_a_thousand_renders() {
    // Measured in a process of its own: other tests of this binary
    // allocate at the same time and would move the resident size.
    if std::env::var_os("VANTHU_MEMORY_CHILD").is_none() {
        let output = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "render::memory_stays_flat_over_a_thousand_renders",
                "--exact",
                "--test-threads=1",
                "--nocapture",
            ])
            .env("VANTHU_MEMORY_CHILD", "1")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success() && stdout.contains("1 passed"),
            "{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        return;
    }
    let options = PdfOptions::default();
    for i in 0..100 {
        render::pdf(&small_document(i), &options).unwrap();
    }
    let after_warmup = resident_kib();
    for i in 100..1000 {
        let pdf = render::pdf(&small_document(i), &options).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
    }
    let after_all = resident_kib();
    let growth = after_all.saturating_sub(after_warmup);
    assert!(
        growth < 30 * 1024,
        "resident memory grew {growth} KiB over 900 renders ({after_warmup} → {after_all} KiB)"
    );
}

#[test]
fn stacked_capitals_clear_the_line_above() {
    // The tightest line pitch the layout uses is single spacing; the ink of
    // the tallest stacked capital plus the deepest mark below a letter must
    // fit in it, in every style.
    let pitch = render::fonts::single_line_pitch_em();
    for (bold, italic) in [(false, false), (true, false), (false, true), (true, true)] {
        let top =
            render::fonts::ink_extent_em("ỘỦỖẪẦẤẨẬẮẰẲẴẶẾỀỂỄỆỐỒỔỖỚỜỞỠỢỨỪỬỮỰỲỶỸÝÕÃĨŨ", bold, italic)
                .0;
        let bottom = render::fonts::ink_extent_em("ộụạặậẹệịọợựỵgjpqyỴỵẠỌỤỢỰ", bold, italic).1;
        assert!(
            top + bottom < pitch,
            "bold {bold} italic {italic}: ink {top} + {bottom} em exceeds the line pitch {pitch} em"
        );
    }
}

/// The symbols offices paste into cells: some Liberation Serif has (• → ■ ≤
/// ≥), most it lacks.
const SYMBOLS: &str = "✓ ✔ ★ • → ■ ❖ ➢ ☐ ☑ ✗ ≤ ≥";

/// Symbols of [`SYMBOLS`] that Times New Roman and Liberation Serif lack, so
/// the DOCX names the symbol font for them.
const FALLBACK_SYMBOLS: [char; 8] = ['✓', '✔', '★', '❖', '➢', '☐', '☑', '✗'];

fn document_with_symbols() -> Document {
    let mut doc = small_document(0);
    doc.body = vec![
        Block::Paragraph(Paragraph {
            runs: vec![
                Run::plain("Kết quả kiểm tra: "),
                Run::plain(SYMBOLS),
                Run::bold(" Đạt ✓"),
            ],
            ..Paragraph::default()
        }),
        Block::Table(Table {
            columns: vec![
                Column {
                    width: 3.0,
                    align: Align::Left,
                },
                Column {
                    width: 1.0,
                    align: Align::Center,
                },
            ],
            header_rows: 1,
            rows: vec![
                vec![Cell::text("Tiêu chí"), Cell::text("Đạt")],
                vec![Cell::text("Hồ sơ đầy đủ"), Cell::text("☑")],
                vec![Cell::text("Nộp đúng hạn ★"), Cell::text("✗")],
            ],
            font_size: 13.0,
        }),
    ];
    doc
}

#[test]
fn symbols_print_in_the_pdf_from_the_fallback_font() {
    let doc = document_with_symbols();
    let pdf = render::pdf(&doc, &PdfOptions::default()).expect("symbols render");
    assert_eq!(
        render::pdf(&doc, &PdfOptions::default()).unwrap(),
        pdf,
        "same bytes on every run"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("symbols.pdf");
    std::fs::write(&path, &pdf).unwrap();

    let text = util::pdf_text(&path);
    for symbol in SYMBOLS.split(' ') {
        assert!(text.contains(symbol), "{symbol} in the PDF text: {text}");
    }
    assert!(text.contains("Kết quả kiểm tra:"), "{text}");
    assert!(text.contains("Nộp đúng hạn ★"), "{text}");

    let fonts = util::tool("pdffonts", &[path.to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    let fallback: Vec<&&str> = rows.iter().filter(|r| r.contains("DejaVuSans")).collect();
    assert_eq!(fallback.len(), 1, "the fallback font is used once: {fonts}");
    for row in &rows {
        assert!(
            row.contains("LiberationSerif") || row.contains("DejaVuSans"),
            "only bundled fonts: {row}"
        );
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cols[cols.len() - 5], "yes", "embedded: {row}");
    }
}

#[test]
fn symbols_in_the_docx_name_a_symbol_font_word_has() {
    let doc = document_with_symbols();
    let docx = render::docx(&doc, &DocxOptions::default()).expect("symbols render");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("symbols.docx");
    std::fs::write(&path, &docx).unwrap();
    let parts = util::docx_parts(&path);
    let (paras, _) = util::docx_paragraphs(&parts["word/document.xml"].0);

    let line = paras
        .iter()
        .find(|p| p.text().starts_with("Kết quả kiểm tra:"))
        .expect("the paragraph with symbols");
    assert_eq!(
        line.text(),
        format!("Kết quả kiểm tra: {SYMBOLS} Đạt ✓"),
        "text unchanged by the split into runs"
    );
    let all_runs = paras.iter().flat_map(|p| &p.runs);
    let mut seen = 0;
    for run in all_runs.filter(|r| !r.text.is_empty()) {
        let symbolic = run.text.chars().any(|c| FALLBACK_SYMBOLS.contains(&c));
        if symbolic {
            seen += 1;
            assert!(
                run.text.chars().all(|c| FALLBACK_SYMBOLS.contains(&c)),
                "a symbol run holds only symbols: {run:?}"
            );
            assert_eq!(
                run.font.as_deref(),
                Some("Segoe UI Symbol"),
                "symbol font of {run:?}"
            );
        } else {
            assert_eq!(
                run.font.as_deref(),
                Some("Times New Roman"),
                "text font of {run:?}"
            );
        }
    }
    assert!(seen >= 4, "symbol runs found: {seen}");
    let bold_check = line
        .runs
        .iter()
        .find(|r| r.text == "✓" && r.bold)
        .expect("the bold check mark keeps its own run");
    assert_eq!(bold_check.font.as_deref(), Some("Segoe UI Symbol"));
}

#[test]
fn a_character_no_bundled_font_has_is_still_an_error_naming_it() {
    let mut doc = small_document(0);
    doc.body = vec![Block::Paragraph(Paragraph {
        runs: vec![Run::plain("Rất tốt \u{1F600}")],
        ..Paragraph::default()
    })];
    let error = render::pdf(&doc, &PdfOptions::default()).expect_err("emoji has no glyph");
    let message = error.to_string();
    assert!(message.contains("U+1F600"), "{message}");
    assert!(message.contains("Rất tốt"), "{message}");
}

#[test]
fn coverage_of_the_bundled_fonts() {
    for c in [
        '✓', '★', '❖', '➢', '☐', '│', '≤', '•', 'ệ', 'Đ', 'a', '7', '\n',
    ] {
        assert!(render::fonts::covers(c), "{c:?} covered");
    }
    for c in ['\u{1F600}', '漢', '\u{F0B7}', '\u{E000}'] {
        assert!(!render::fonts::covers(c), "{c:?} not covered");
    }
}

/// Issue 12: a justified paragraph whose lines end in punctuation, so that
/// many lines end flush with the right margin on a comma, a full stop, a
/// semicolon, a closing quote or bracket.
fn punctuated_paragraph() -> String {
    let words = [
        "thi đua,",
        "khen thưởng;",
        "đoàn kết.",
        "sáng tạo:",
        "(Hội đồng)",
        "“gương mẫu”,",
        "năm 2025.",
        "Sở Nội vụ;",
        "cơ quan,",
        "đơn vị./.",
    ];
    (0..160)
        .map(|i| words[(i * 7) % words.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn issue_12_no_glyph_lies_in_the_right_margin() {
    // Typst hangs punctuation up to 1 mm into the right margin of justified
    // text unless told not to; NĐ30 margins are exact.
    let mut doc = small_document(0);
    let text = punctuated_paragraph();
    doc.body = vec![
        Block::Paragraph(Paragraph {
            runs: vec![Run::plain(text.clone())],
            align: Align::Justify,
            indent: true,
        }),
        Block::Paragraph(Paragraph {
            runs: vec![Run::bold(text.clone())],
            align: Align::Justify,
            indent: false,
        }),
        Block::Table(Table {
            columns: vec![Column {
                width: 1.0,
                align: Align::Justify,
            }],
            header_rows: 0,
            rows: vec![vec![Cell::text(text)]],
            font_size: 13.0,
        }),
    ];
    let pdf = render::pdf(&doc, &PdfOptions::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("margins.pdf");
    std::fs::write(&path, &pdf).unwrap();

    let right_edge_pt = (210.0 - 15.0) / 25.4 * 72.0;
    let words = util::pdf_words(&path);
    let mut flush_punctuation = 0;
    for word in &words {
        assert!(
            word.x1 <= right_edge_pt + 0.05,
            "{:?} on page {} ends at {} pt, past the right margin at {right_edge_pt} pt",
            word.text,
            word.page,
            word.x1
        );
        if word.x1 > right_edge_pt - 0.5 && word.text.ends_with([',', '.', ';', ':', ')', '”']) {
            flush_punctuation += 1;
        }
    }
    assert!(
        flush_punctuation >= 10,
        "justified lines end on punctuation at the margin: {flush_punctuation}"
    );

    // The ink too: no dark pixel right of the margin on any page (page
    // numbers are centred).
    let pages = words.iter().map(|w| w.page).max().unwrap();
    for page in 1..=pages {
        let ink = util::pdf_ink_right_of(&path, page, right_edge_pt);
        assert!(
            ink.is_empty(),
            "page {page}: ink right of the margin at {ink:?}"
        );
    }
}

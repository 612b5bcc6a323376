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

/// Every DOCX in `dir` passes openxml-audit.
fn assert_valid_docx(dir: &std::path::Path) {
    for (file, errors) in util::openxml_audit(dir) {
        assert!(errors.is_empty(), "{file}:\n{}", errors.join("\n"));
    }
}

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
    assert_valid_docx(dir.path());
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

/// Lines of the words of `page` whose middle lies between `top` and
/// `bottom` (points from the top; LibreOffice's word boxes are taller than
/// Typst's), each the words' text joined by spaces, with the line's baseline
/// (the bottom of its boxes).
fn lines_between(words: &[util::Word], page: usize, top: f32, bottom: f32) -> Vec<(f32, String)> {
    let mut lines: Vec<(f32, Vec<&util::Word>)> = Vec::new();
    for word in words
        .iter()
        .filter(|w| w.page == page && (w.y0 + w.y1) / 2.0 > top && (w.y0 + w.y1) / 2.0 < bottom)
    {
        match lines.iter_mut().find(|(y, _)| (y - word.y1).abs() < 2.0) {
            Some((_, line)) => line.push(word),
            None => lines.push((word.y1, vec![word])),
        }
    }
    lines.sort_by(|a, b| a.0.total_cmp(&b.0));
    lines
        .into_iter()
        .map(|(y, mut line)| {
            line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let text = line.iter().map(|w| w.text.as_str()).collect::<Vec<_>>();
            (y, text.join(" "))
        })
        .collect()
}

/// A horizontal rule: (y, x0, x1) in points.
type Rule = (f32, f32, f32);

/// The title, the trích yếu lines and the rule under them on page 1 of a
/// PDF: (title baseline, trích yếu lines, rule).
fn subject_block(pdf: &std::path::Path) -> (f32, Vec<(f32, String)>, Rule) {
    let words = util::pdf_words(pdf);
    let title = words
        .iter()
        .find(|w| w.page == 1 && w.text == "BÁO")
        .expect("the title");
    // The rule under the trích yếu: the first long rule centred on the
    // text area (30 mm + 165 mm / 2) below the title.
    let centre = (30.0 + 165.0 / 2.0) / 25.4 * 72.0;
    let rule = util::pdf_rules(pdf, 1, 20.0)
        .into_iter()
        .find(|(y, x0, x1)| *y > title.y1 && ((x0 + x1) / 2.0 - centre).abs() < 3.0)
        .expect("a rule under the trích yếu");
    let lines = lines_between(&words, 1, title.y1, rule.0);
    (title.y1, lines, rule)
}

#[test]
fn issue_12_a_long_trich_yeu_is_balanced_and_evenly_spaced() {
    let subject =
        "Về việc đề nghị tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho các tập thể";
    // Filled first-fit into the 165 mm text width, its last line would be
    // the two words "tập thể".
    let width = 165.0 / 25.4 * 72.0;
    let first_line = "Về việc đề nghị tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho các";
    assert!(render::fonts::text_width_pt(first_line, 14.0, true, false) < width);
    assert!(render::fonts::text_width_pt(&format!("{first_line} tập"), 14.0, true, false) > width);

    let mut doc = small_document(0);
    doc.kind = DocKind::BaoCao;
    doc.subject = vec![subject.into()];
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("subject.pdf");
    std::fs::write(&pdf, render::pdf(&doc, &PdfOptions::default()).unwrap()).unwrap();
    let docx = dir.path().join("subject.docx");
    std::fs::write(&docx, render::docx(&doc, &DocxOptions::default()).unwrap()).unwrap();
    assert_valid_docx(dir.path());

    // The DOCX: one paragraph, its lines joined by line breaks.
    let parts = util::docx_parts(&docx);
    let (paras, _) = util::docx_paragraphs(&parts["word/document.xml"].0);
    let paragraph = paras
        .iter()
        .find(|p| p.text().starts_with("Về việc"))
        .expect("the trích yếu paragraph");
    let docx_lines: Vec<String> = paragraph.text().split('\n').map(str::to_owned).collect();
    assert_eq!(docx_lines.len(), 2, "{docx_lines:?}");
    assert_eq!(docx_lines.join(" "), subject);

    for (who, path) in [
        ("Typst", pdf.clone()),
        ("LibreOffice", util::libreoffice_pdf(&docx)),
    ] {
        let (title, lines, rule) = subject_block(&path);
        let texts: Vec<&str> = lines.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(texts, docx_lines, "{who}: the same lines as the DOCX");
        // Balanced: two lines of about the same length, neither a lone word.
        let widths: Vec<f32> = texts
            .iter()
            .map(|t| render::fonts::text_width_pt(t, 14.0, true, false))
            .collect();
        assert!(
            widths[1] > 0.6 * widths[0] && widths[0] > 0.6 * widths[1],
            "{who}: balanced lines {texts:?} {widths:?}"
        );
        // Evenly spaced: title → line 1 → line 2 at one pitch.
        let pitches = [lines[0].0 - title, lines[1].0 - lines[0].0];
        assert!(
            (pitches[0] - pitches[1]).abs() < 0.6,
            "{who}: even spacing {pitches:?}"
        );
        // The rule: right under the last line, centred, 1/3–1/2 of the
        // longest line.
        assert!(
            rule.0 > lines[1].0 && rule.0 - lines[1].0 < 8.0,
            "{who}: rule under the last line: {rule:?} {lines:?}"
        );
        let longest = widths.iter().copied().fold(0.0, f32::max);
        let share = (rule.2 - rule.1) / longest;
        assert!(
            (1.0 / 3.0..=0.5).contains(&share),
            "{who}: rule share {share}"
        );
    }
}

#[test]
fn issue_12_a_dash_between_words_never_ends_a_line() {
    // Paragraphs whose growing prefix moves "Thi đua - Khen thưởng" along
    // the line, so that in some the line ends at the dash; the same with
    // "+" (which a line may end on) shows that the positions are reached.
    let filler = "Căn cứ kết quả bình xét thi đua của các phòng, ban, đơn vị trực thuộc năm 2025 và đề nghị của các tập thể, cá nhân có thành tích xuất sắc trong phong trào thi đua yêu nước, trình";
    let filler: Vec<&str> = filler.split(' ').collect();
    let mut doc = small_document(0);
    doc.body.clear();
    for mark in ["-", "–", "+"] {
        for k in 1..filler.len() {
            doc.body.push(Block::Paragraph(Paragraph {
                runs: vec![Run::plain(format!(
                    "{} Hội đồng Thi đua {mark} Khen thưởng tỉnh xem xét.",
                    filler[..k].join(" ")
                ))],
                align: Align::Justify,
                indent: true,
            }));
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("dash.pdf");
    std::fs::write(&pdf, render::pdf(&doc, &PdfOptions::default()).unwrap()).unwrap();
    let docx = dir.path().join("dash.docx");
    std::fs::write(&docx, render::docx(&doc, &DocxOptions::default()).unwrap()).unwrap();
    assert_valid_docx(dir.path());

    for (who, path) in [
        ("Typst", pdf),
        ("LibreOffice", util::libreoffice_pdf(&docx)),
    ] {
        let words = util::pdf_words(&path);
        for mark in ["-", "–", "+"] {
            let triples: Vec<&[util::Word]> = words
                .windows(3)
                .filter(|w| w[0].text == "đua" && w[1].text == mark && w[2].text == "Khen")
                .collect();
            assert_eq!(
                triples.len(),
                filler.len() - 1,
                "{who}: every {mark:?} found"
            );
            let split = triples
                .iter()
                .filter(|w| w[0].page != w[2].page || (w[0].y1 - w[2].y1).abs() > 2.0)
                .count();
            if mark == "+" {
                assert!(split > 0, "{who}: some line ends around the {mark:?}");
            } else {
                assert_eq!(split, 0, "{who}: a line ends at the {mark:?} of a name");
            }
        }
    }
}

/// Word's File → Info shows what the package says of itself: the trích
/// yếu as title, the issuing body as author, the document's date; the
/// package stays valid.
#[test]
fn the_docx_says_its_title_author_and_date() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("vanthu.toml"),
        "[office]\nparent = \"UBND TỈNH QUẢNG TRỊ\"\nname = [\"SỞ NỘI VỤ\"]\nname_in_text = \"Sở Nội vụ tỉnh Quảng Trị\"\nabbreviation = \"SNV\"\n[documents.to-trinh-khen-thuong]\ndate = \"2025-12-20\"\n[commendation.authority]\n\"*\" = \"cap-tren\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("ds.xlsx"),
        util::xlsx_of_rows(
            "DS",
            &[
                vec!["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025"],
                vec!["STT", "Họ và tên", "Hình thức khen thưởng"],
                vec!["1", "Lê Thị Hoa", "Chiến sĩ thi đua cơ sở"],
            ],
        ),
    )
    .unwrap();
    let out = util::vanthu(dir.path(), &["render", "ds.xlsx", "--out", "out"]);
    assert!(out.status.success(), "{}", util::show(&out));
    let docx = dir
        .path()
        .join("out/Tờ trình đề nghị khen thưởng - ds.docx");
    let parts = util::docx_parts(&docx);
    let core = String::from_utf8(parts["docProps/core.xml"].0.clone()).unwrap();
    for part in [
        "<dc:title>Tờ trình về việc đề nghị công nhận danh hiệu “Chiến sĩ thi đua cơ sở” năm 2025</dc:title>",
        "<dc:creator>Sở Nội vụ tỉnh Quảng Trị</dc:creator>",
        "<dc:language>vi-VN</dc:language>",
        ">2025-12-20T00:00:00Z</dcterms:created>",
    ] {
        assert!(core.contains(part), "{part} in {core}");
    }
    assert!(!core.contains("unknown"), "{core}");
    assert_valid_docx(&dir.path().join("out"));
}

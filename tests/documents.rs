//! Documents as the user sees them: the real binary composes the shipped
//! template and test templates; the tests open the DOCX (XML, LibreOffice,
//! python-docx) and the PDF (poppler, pixels) and check the NĐ30 layout.

use std::path::Path;

use unicode_normalization::UnicodeNormalization;

use crate::util::{self, DocxPara};

const EXAMPLE: &str = "bao-cao-so-ket";

fn example_data() -> String {
    std::fs::read_to_string(util::root().join("examples/bao-cao-so-ket.json")).unwrap()
}

fn document_xml(docx: &Path) -> (Vec<DocxPara>, String) {
    let parts = util::docx_parts(docx);
    let (xml, _) = &parts["word/document.xml"];
    util::docx_paragraphs(xml)
}

fn para<'a>(paras: &'a [DocxPara], text: &str) -> &'a DocxPara {
    paras
        .iter()
        .find(|p| p.text() == text)
        .unwrap_or_else(|| panic!("no paragraph reads {text:?}"))
}

fn para_starting<'a>(paras: &'a [DocxPara], start: &str) -> &'a DocxPara {
    paras
        .iter()
        .find(|p| p.text().starts_with(start))
        .unwrap_or_else(|| panic!("no paragraph starts with {start:?}"))
}

/// Every non-empty run of the paragraph has this style and size (pt).
fn assert_style(p: &DocxPara, bold: bool, italic: bool, size_pt: f32) {
    for r in p.runs.iter().filter(|r| !r.text.trim().is_empty()) {
        assert_eq!(r.bold, bold, "bold of {:?}", r.text);
        assert_eq!(r.italic, italic, "italic of {:?}", r.text);
        assert_eq!(r.size, Some((size_pt * 2.0) as u32), "size of {:?}", r.text);
        assert_eq!(
            r.font.as_deref(),
            Some("Times New Roman"),
            "font of {:?}",
            r.text
        );
    }
}

fn twips(mm: f32) -> i32 {
    (mm / 25.4 * 1440.0).round() as i32
}

#[test]
fn example_docx_follows_nd30_components() {
    let (_dir, docx, _pdf) = util::compose(EXAMPLE, &example_data());
    let (paras, _) = document_xml(&docx);

    let national = para(&paras, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    assert_style(national, true, false, 13.0);
    assert_eq!(national.jc.as_deref(), Some("center"));
    assert_eq!(national.depth, 1, "header is a table");
    assert_style(
        para(&paras, "Độc lập - Tự do - Hạnh phúc"),
        true,
        false,
        14.0,
    );
    assert_style(para(&paras, "UBND TỈNH QUẢNG BÌNH"), false, false, 13.0);
    assert_style(para(&paras, "VĂN PHÒNG"), true, false, 13.0);
    assert_style(para(&paras, "Số: 11/BC-VPUBND"), false, false, 13.0);
    assert_style(
        para(&paras, "Quảng Bình, ngày 28 tháng 4 năm 2022"),
        false,
        true,
        14.0,
    );
    let title = para(&paras, "BÁO CÁO");
    assert_style(title, true, false, 14.0);
    assert_eq!(title.depth, 0);
    assert_eq!(title.jc.as_deref(), Some("center"));
    // The trích yếu: one paragraph of balanced lines (issue 12).
    assert_style(
        para_starting(&paras, "Sơ kết 03 năm thực hiện Phong trào thi đua\n"),
        true,
        false,
        14.0,
    );
    // Mục headings: Roman number, upper case, bold; khoản: Arabic, bold.
    assert_style(para(&paras, "I. ĐẶC ĐIỂM TÌNH HÌNH"), true, false, 14.0);
    assert_style(para(&paras, "IV. ĐÁNH GIÁ CHUNG"), true, false, 14.0);
    assert_style(para(&paras, "2. Công tác tuyên truyền"), true, false, 14.0);
    // Body: justified, upright 14 pt, first line indented 1,27 cm.
    let body = para_starting(&paras, "Lãnh đạo Văn phòng UBND tỉnh luôn xác định");
    assert_style(body, false, false, 14.0);
    assert_eq!(body.jc.as_deref(), Some("both"));
    assert_eq!(body.first_line, 720);
    let item = para_starting(&paras, "- Tên đơn vị: Văn phòng UBND tỉnh Quảng Bình.");
    assert_style(item, false, false, 14.0);
    // Counts come from the data.
    assert!(
        paras
            .iter()
            .any(|p| p.text().contains("đã có 11 tập thể, 13 cá nhân nêu gương")),
        "counts sentence"
    );
    assert!(
        paras
            .iter()
            .any(|p| p.text().ends_with("báo cáo UBND tỉnh./.")),
        "closing sentence ends with ./."
    );
    // Closing block: Nơi nhận 12 pt bold italic, entries 11 pt, signer 14 bold.
    let label = para(&paras, "Nơi nhận:");
    assert_style(label, true, true, 12.0);
    assert_eq!(label.depth, 1, "closing block is a table");
    assert_style(para(&paras, "- UBND tỉnh (b/c);"), false, false, 11.0);
    assert_style(para(&paras, "- Lưu: VT, HCTC."), false, false, 11.0);
    assert_style(para(&paras, "CHÁNH VĂN PHÒNG"), true, false, 14.0);
    assert_style(para(&paras, "Nguyễn Trần Quang"), true, false, 14.0);
    // The signature space: empty lines between position and name.
    let position = paras
        .iter()
        .position(|p| p.text() == "CHÁNH VĂN PHÒNG")
        .unwrap();
    let name = paras
        .iter()
        .position(|p| p.text() == "Nguyễn Trần Quang")
        .unwrap();
    assert_eq!(name - position - 1, 4, "four empty lines for the signature");
}

#[test]
fn example_docx_page_setup_and_package() {
    let (_dir, docx, _pdf) = util::compose(EXAMPLE, &example_data());
    let parts = util::docx_parts(&docx);
    for (name, (_, deflated)) in &parts {
        assert!(*deflated, "{name} is deflate-compressed");
    }
    let document = String::from_utf8(parts["word/document.xml"].0.clone()).unwrap();
    assert!(
        document.contains(r#"<w:pgSz w:w="11906" w:h="16838""#),
        "A4 portrait"
    );
    let margins = format!(
        r#"<w:pgMar w:top="{}" w:right="{}" w:bottom="{}" w:left="{}""#,
        twips(20.0),
        twips(15.0),
        twips(20.0),
        twips(30.0)
    );
    assert!(
        document.contains(&margins),
        "margins 20/15/20/30 mm: {margins}"
    );
    assert!(document.contains("<w:titlePg />"), "first page differs");
    assert!(
        !document.contains(r#"w:type="first""#),
        "no first-page header: page 1 shows no number"
    );
    let styles = String::from_utf8(parts["word/styles.xml"].0.clone()).unwrap();
    assert!(
        styles.contains(r#"w:ascii="Times New Roman""#),
        "docDefaults font"
    );
    assert!(
        styles.contains(r#"<w:sz w:val="28" />"#),
        "docDefaults 14 pt"
    );
    // The page-number header: centred PAGE field, 14 pt.
    let header = parts
        .iter()
        .find(|(name, _)| name.starts_with("word/header"))
        .map(|(_, (xml, _))| xml.clone())
        .expect("a header part");
    let (header_paras, _) = util::docx_paragraphs(&header);
    let number = header_paras
        .iter()
        .find(|p| p.page_field)
        .expect("PAGE field");
    assert_eq!(number.jc.as_deref(), Some("center"));
    let header_text = String::from_utf8(header).unwrap();
    assert!(
        header_text.contains(r#"<w:sz w:val="28" />"#),
        "page number 14 pt"
    );
    // Size: the package is compressed, not stored.
    let size = std::fs::metadata(&docx).unwrap().len();
    assert!(size < 40_000, "deflated DOCX is small, got {size} bytes");
}

#[test]
fn docx_rules_are_measured_from_the_text() {
    let (_dir, docx, pdf) = util::compose(EXAMPLE, &example_data());
    let (paras, _) = document_xml(&docx);
    // Width of a rule paragraph: the cell text width minus its indents.
    let header_right_twips = twips(210.0 - 30.0 - 15.0) - twips(62.0) - 216;
    let header_left_twips = twips(62.0) - 216;
    let rules: Vec<&DocxPara> = paras.iter().filter(|p| p.border_top.is_some()).collect();
    assert!(
        rules.len() >= 3,
        "issuer, motto and subject rules: {}",
        rules.len()
    );
    let width = |p: &DocxPara, box_twips: i32| (box_twips - p.ind_left - p.ind_right) as f32 / 20.0;

    // Measure the texts in the PDF Typst made (an independent measurement:
    // Typst shapes the text itself).
    let words = util::pdf_words(&pdf);
    let span = |text: &str| -> f32 {
        let wanted: Vec<&str> = text.split(' ').collect();
        let first = words
            .windows(wanted.len())
            .find(|w| w.iter().map(|w| w.text.as_str()).eq(wanted.iter().copied()))
            .unwrap_or_else(|| panic!("{text:?} in the PDF"));
        first.last().unwrap().x1 - first[0].x0
    };
    let motto = span("Độc lập - Tự do - Hạnh phúc");
    let issuer = span("VĂN PHÒNG");
    let motto_rule = width(rules[1], header_right_twips);
    assert!(
        (motto_rule - motto).abs() < 1.5,
        "motto rule {motto_rule} pt is the motto's width {motto} pt"
    );
    let issuer_rule = width(rules[0], header_left_twips);
    let share = issuer_rule / issuer;
    assert!(
        (1.0 / 3.0..=0.5).contains(&share),
        "issuer rule is 1/3–1/2 of the name: {issuer_rule} of {issuer}"
    );
}

#[test]
fn pdf_rules_match_the_text_they_underline() {
    let (_dir, _docx, pdf) = util::compose(EXAMPLE, &example_data());
    let words = util::pdf_words(&pdf);
    let find = |text: &str| {
        let wanted: Vec<&str> = text.split(' ').collect();
        let run = words
            .windows(wanted.len())
            .find(|w| w.iter().map(|w| w.text.as_str()).eq(wanted.iter().copied()))
            .unwrap_or_else(|| panic!("{text:?} in the PDF"));
        (run[0].x0, run.last().unwrap().x1, run[0].y1)
    };
    let rules = util::pdf_rules(&pdf, 1, 20.0);
    let under = |(x0, x1, bottom): (f32, f32, f32)| {
        let centre = (x0 + x1) / 2.0;
        rules
            .iter()
            .filter(|(y, rx0, rx1)| {
                *y > bottom && *y < bottom + 12.0 && ((rx0 + rx1) / 2.0 - centre).abs() < 3.0
            })
            .map(|(_, rx0, rx1)| rx1 - rx0)
            .next()
    };
    let motto = find("Độc lập - Tự do - Hạnh phúc");
    let motto_rule = under(motto).expect("a rule under the motto");
    assert!(
        (motto_rule - (motto.1 - motto.0)).abs() < 2.0,
        "motto rule {motto_rule} pt, motto {} pt",
        motto.1 - motto.0
    );
    let issuer = find("VĂN PHÒNG");
    let issuer_rule = under(issuer).expect("a rule under the issuing body");
    let share = issuer_rule / (issuer.1 - issuer.0);
    assert!((0.3..=0.52).contains(&share), "issuer rule share {share}");
    // The trích yếu wraps; its rule sits under the last line and is 1/3–1/2
    // of the longest printed line.
    let subject = find("Sơ kết 03 năm thực hiện Phong trào thi đua");
    let subject_lines: Vec<(f32, f32, f32)> = {
        let mut lines: Vec<(f32, f32, f32)> = Vec::new();
        for w in words
            .iter()
            .filter(|w| w.page == 1 && w.y0 >= subject.2 - 20.0 && w.y1 < subject.2 + 60.0)
        {
            match lines.iter_mut().find(|l| (l.2 - w.y1).abs() < 2.0) {
                Some(l) => {
                    l.0 = l.0.min(w.x0);
                    l.1 = l.1.max(w.x1);
                }
                None => lines.push((w.x0, w.x1, w.y1)),
            }
        }
        lines
    };
    let longest = subject_lines.iter().map(|l| l.1 - l.0).fold(0.0, f32::max);
    let rule = rules
        .iter()
        .find(|(y, x0, x1)| {
            *y > subject.2
                && *y < subject.2 + 70.0
                && (x1 - x0) > 40.0
                && ((x0 + x1) / 2.0 - 318.9).abs() < 3.0
        })
        .expect("a rule under the trích yếu");
    let last_line = subject_lines
        .iter()
        .filter(|l| l.2 < rule.0)
        .map(|l| l.2)
        .fold(0.0, f32::max);
    assert!(
        rule.0 - last_line < 8.0,
        "rule right under the last trích yếu line"
    );
    let share = (rule.2 - rule.1) / longest;
    assert!(
        (0.33..=0.5).contains(&share),
        "trích yếu rule share {share}"
    );
}

#[test]
fn example_pdf_fonts_text_and_page_numbers() {
    let (_dir, _docx, pdf) = util::compose(EXAMPLE, &example_data());
    let fonts = util::tool("pdffonts", &[pdf.to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "fonts listed");
    for row in &rows {
        assert!(
            row.contains("LiberationSerif"),
            "only the bundled font: {row}"
        );
        let cols: Vec<&str> = row.split_whitespace().collect();
        let emb = cols[cols.len() - 5];
        assert_eq!(emb, "yes", "embedded: {row}");
    }
    for style in [
        "LiberationSerif-Bold",
        "LiberationSerif-Italic",
        "LiberationSerif-BoldItalic",
    ] {
        assert!(fonts.contains(style), "{style} used: {fonts}");
    }

    let text = util::pdf_text(&pdf);
    assert_eq!(text.nfc().collect::<String>(), text, "PDF text is NFC");
    // Compared across line ends: where lines break is not the point here.
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 11/BC-VPUBND",
        "Quảng Bình, ngày 28 tháng 4 năm 2022",
        "BÁO CÁO",
        "I. ĐẶC ĐIỂM TÌNH HÌNH",
        "11 tập thể, 13 cá nhân",
        "Nơi nhận:",
        "CHÁNH VĂN PHÒNG",
        "Nguyễn Trần Quang",
    ] {
        assert!(flat.contains(expected), "PDF shows {expected:?}");
    }

    let info = util::tool("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(info.contains("595.276 x 841.89 pts (A4)"), "A4: {info}");
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(pages >= 3, "the report runs over several pages: {pages}");

    // The closing block never stands alone: the last paragraph (ending in
    // "./.") is on the page of "Nơi nhận:".
    let words = util::pdf_words(&pdf);
    let closing_page = words.iter().find(|w| w.text == "nhận:").unwrap().page;
    assert!(
        words
            .iter()
            .any(|w| w.page == closing_page && w.text.ends_with("./.")),
        "last paragraph on the signature page"
    );

    // Page numbers: none on page 1; from page 2, centred in the top margin
    // (centre of the text area: 30 mm + 165 mm / 2).
    let centre = (30.0 + 165.0 / 2.0) / 25.4 * 72.0;
    let top_numbers = |page: usize| -> Vec<&util::Word> {
        words
            .iter()
            .filter(|w| {
                w.page == page
                    && w.y1 < 20.0 / 25.4 * 72.0
                    && w.text.chars().all(|c| c.is_ascii_digit())
            })
            .collect()
    };
    assert!(top_numbers(1).is_empty(), "no number on page 1");
    for page in 2..=pages {
        let found = top_numbers(page);
        assert_eq!(found.len(), 1, "one number on page {page}");
        assert_eq!(found[0].text, page.to_string());
        let x = (found[0].x0 + found[0].x1) / 2.0;
        assert!(
            (x - centre).abs() < 3.0,
            "page {page} number centred: {x} vs {centre}"
        );
        // Same box height as the 14 pt body text.
        let height = found[0].y1 - found[0].y0;
        let body = words.iter().find(|w| w.text == "Lãnh").unwrap();
        assert!(
            ((body.y1 - body.y0) - height).abs() < 0.05,
            "14 pt number, box {height}"
        );
    }
}

#[test]
fn pdf_is_pdfa_and_reproducible() {
    let (_d1, docx1, pdf1) = util::compose(EXAMPLE, &example_data());
    let (_d2, docx2, pdf2) = util::compose(EXAMPLE, &example_data());
    let a = std::fs::read(&pdf1).unwrap();
    let b = std::fs::read(&pdf2).unwrap();
    assert!(a == b, "same input, same PDF bytes");
    assert!(
        std::fs::read(&docx1).unwrap() == std::fs::read(&docx2).unwrap(),
        "same DOCX bytes"
    );
    let text = String::from_utf8_lossy(&a);
    assert!(
        text.contains("pdfaid:part>2<") || text.contains("pdfaid:part=\"2\""),
        "PDF/A part 2"
    );
    assert!(
        text.contains("pdfaid:conformance>B<") || text.contains("pdfaid:conformance=\"B\""),
        "PDF/A conformance B"
    );
    assert!(text.contains("OutputIntent"), "PDF/A output intent");
}

#[test]
fn data_prints_literally_in_docx_and_pdf() {
    let hostile = [
        "{{ 7*7 }}",
        "#read(\"/etc/passwd\")",
        "*a* **b**",
        "<w:t>x</w:t> & <b>",
        "$x^2$ #panic(\"x\") @ref <lbl>",
        // What the DOCX renderer marks the place of a table's rows with.
        "vanthu-rows-0",
        "<w:tr><w:trPr />",
        "vanthu-rows-1",
    ];
    let rows: Vec<serde_json::Value> = hostile
        .iter()
        .map(|h| serde_json::json!({ "ten": h, "don_vi": "Phòng Tổng hợp", "hinh_thuc": "Lao động tiên tiến" }))
        .collect();
    let data = serde_json::json!({ "nam": 2026, "rows": rows }).to_string();
    let (_dir, docx, pdf) = util::compose("tests/fixtures/templates/to-trinh-danh-sach.md", &data);
    let (paras, _) = document_xml(&docx);
    let docx_text: Vec<String> = paras.iter().map(DocxPara::text).collect();
    let pdf_text = util::pdf_text(&pdf);
    let pdf_flat = pdf_text.split_whitespace().collect::<Vec<_>>().join(" ");
    for h in hostile {
        assert!(
            docx_text.iter().any(|t| t == h),
            "DOCX cell reads {h:?} literally"
        );
        assert!(pdf_flat.contains(h), "PDF shows {h:?} literally");
    }
    assert!(!pdf_flat.contains("49"), "{{{{ 7*7 }}}} was not evaluated");
}

fn list_data(n: usize) -> String {
    let names = [
        "Nguyễn Văn An",
        "Trần Thị Ộ",
        "Lê Thị Thủy",
        "Phạm Quốc Ủy",
        "Đặng Thị Ánh",
    ];
    let rows: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({
                "ten": format!("{} {}", names[i % names.len()], i + 1),
                "don_vi": "Phòng Tổng hợp, Văn phòng UBND tỉnh",
                "hinh_thuc": if i % 3 == 0 { "Chiến sĩ thi đua cơ sở" } else { "Lao động tiên tiến" },
            })
        })
        .collect();
    serde_json::json!({ "nam": 2026, "rows": rows }).to_string()
}

#[test]
fn tables_repeat_headers_merge_cells_and_appendix_is_landscape() {
    let (_dir, docx, pdf) = util::compose(
        "tests/fixtures/templates/to-trinh-danh-sach.md",
        &list_data(60),
    );
    let parts = util::docx_parts(&docx);
    let document = String::from_utf8(parts["word/document.xml"].0.clone()).unwrap();
    assert_eq!(
        document.matches("<w:tblHeader />").count(),
        3,
        "one header row in the body table, two in the appendix"
    );
    // Every row stays on one page, as in the PDF: none is cut by a page
    // break in Word or LibreOffice.
    assert_eq!(
        document.matches("<w:tr>").count() + document.matches("<w:tr ").count(),
        document.matches("<w:cantSplit />").count(),
        "every row cannot split"
    );
    assert!(
        document.contains(r#"<w:gridSpan w:val="2" />"#),
        "merged header columns"
    );
    assert!(
        document.contains(r#"<w:vMerge w:val="restart" />"#),
        "merged header rows"
    );
    assert!(
        document.contains(r#"<w:pgSz w:w="16838" w:h="11906" w:orient="landscape" />"#),
        "landscape appendix"
    );
    assert_eq!(
        document.matches(r#"<w:pgNumType w:start="1" />"#).count(),
        2,
        "each part numbered from 1"
    );
    let (paras, _) = document_xml(&docx);
    assert_style(para(&paras, "Phụ lục"), true, false, 14.0);
    assert_style(
        para(&paras, "DANH SÁCH CÁ NHÂN ĐỀ NGHỊ KHEN THƯỞNG NĂM 2026"),
        true,
        false,
        14.0,
    );
    let reference = para_starting(&paras, "(Kèm theo Tờ trình số");
    assert_style(reference, false, true, 14.0);
    // Kính gửi with several recipients: dash items, ";" then ".".
    // The dash of the name is bound to its words (issue 12).
    assert!(
        para_starting(
            &paras,
            "Kính gửi: - Hội đồng Thi đua\u{a0}-\u{a0}Khen thưởng tỉnh;"
        )
        .depth
            == 0
    );
    assert!(paras.iter().any(|p| p.text() == "- Sở Nội vụ."));
    let centred = para(&paras, "ĐỀ NGHỊ");
    assert_eq!(centred.jc.as_deref(), Some("center"));

    // PDF: the appendix pages are landscape, numbered from 1 again, and
    // every appendix page repeats the table header.
    let words = util::pdf_words(&pdf);
    let pages = words.iter().map(|w| w.page).max().unwrap();
    let first_appendix = words
        .iter()
        .find(|w| w.text == "Phụ" && words.iter().any(|n| n.page == w.page && n.text == "lục"))
        .map(|w| w.page)
        .expect("appendix page");
    assert!(
        pages > first_appendix,
        "the list runs over several appendix pages"
    );
    for page in first_appendix..=pages {
        let on_page: Vec<&util::Word> = words.iter().filter(|w| w.page == page).collect();
        assert!(
            on_page[0].page_width > on_page[0].page_height,
            "page {page} landscape"
        );
        assert!(
            on_page.iter().any(|w| w.text == "STT"),
            "page {page} repeats the header row"
        );
        let number: Vec<&&util::Word> = on_page
            .iter()
            .filter(|w| w.y1 < 20.0 / 25.4 * 72.0 && w.text.chars().all(|c| c.is_ascii_digit()))
            .collect();
        if page == first_appendix {
            assert!(number.is_empty(), "first appendix page unnumbered");
        } else {
            assert_eq!(number[0].text, (page - first_appendix + 1).to_string());
        }
    }
    let text = util::pdf_text(&pdf);
    for i in 1..=60 {
        assert!(
            text.contains(&format!(" {i}\n")) || text.contains(&format!("{i}\n")),
            "row {i}"
        );
    }
}

#[test]
fn docx_opens_in_libreoffice_and_matches_the_pdf() {
    let (_dir, docx, pdf) = util::compose(
        "tests/fixtures/templates/to-trinh-danh-sach.md",
        &list_data(60),
    );
    let lo_pdf = util::libreoffice_pdf(&docx);
    let lo_words = util::pdf_words(&lo_pdf);
    let typst_words = util::pdf_words(&pdf);
    let text = |words: &[util::Word]| {
        words
            .iter()
            .map(|w| w.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let lo_text = text(&lo_words);
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "TỜ TRÌNH",
        "Về việc đề nghị tặng danh hiệu thi đua năm 2026",
        "Nơi nhận:",
        "DANH SÁCH CÁ NHÂN ĐỀ NGHỊ KHEN THƯỞNG NĂM 2026",
        "Trần Thị Ộ 2",
        "Phạm Quốc Ủy 59",
        "Đặng Thị Ánh 60",
    ] {
        assert!(lo_text.contains(expected), "LibreOffice shows {expected:?}");
        assert!(
            text(&typst_words).contains(expected),
            "Typst shows {expected:?}"
        );
    }
    // Same page geometry: portrait first page, landscape appendix, header
    // row repeated on LibreOffice's appendix pages too.
    let lo_pages = lo_words.iter().map(|w| w.page).max().unwrap();
    let first = lo_words.iter().find(|w| w.page == 1).unwrap();
    assert!(first.page_height > first.page_width);
    let last = lo_words.iter().find(|w| w.page == lo_pages).unwrap();
    assert!(
        last.page_width > last.page_height,
        "LibreOffice: appendix landscape"
    );
    assert!(
        lo_words
            .iter()
            .any(|w| w.page == lo_pages && w.text == "STT"),
        "header row repeats"
    );
    assert!(
        !lo_words.iter().any(|w| w.page == 1
            && w.y1 < 20.0 / 25.4 * 72.0
            && w.text.chars().all(|c| c.is_ascii_digit())),
        "LibreOffice: no number on page 1"
    );
    // Motto rule in the LibreOffice rendering is the motto's width.
    let motto: Vec<&util::Word> = lo_words
        .iter()
        .filter(|w| w.page == 1)
        .skip_while(|w| w.text != "Độc")
        .take(8)
        .collect();
    let motto_width = motto.last().unwrap().x1 - motto[0].x0;
    let rules = util::pdf_rules(&lo_pdf, 1, 20.0);
    let rule = rules
        .iter()
        .find(|(y, _, _)| {
            // LibreOffice's word boxes include the descent: the rule may
            // lie inside the box's lower part.
            *y > motto[0].y0 + 0.6 * (motto[0].y1 - motto[0].y0) && *y < motto[0].y1 + 10.0
        })
        .expect("LibreOffice draws the motto rule");
    assert!(
        ((rule.2 - rule.1) - motto_width).abs() < 3.0,
        "LibreOffice motto rule {} vs motto {motto_width}",
        rule.2 - rule.1
    );
}

#[test]
fn docx_opens_in_python_docx() {
    let (_dir, docx, _pdf) = util::compose(
        "tests/fixtures/templates/to-trinh-danh-sach.md",
        &list_data(30),
    );
    let script = r#"
import sys, docx
d = docx.Document(sys.argv[1])
print(len(d.sections))
print(d.sections[0].different_first_page_header_footer)
print(d.sections[1].orientation)
print(len(d.tables))
rows = d.tables[-1].rows
print(len(rows))
print(rows[2].cells[1].text)
"#;
    let output = util::tool("python3", &["-c", script, docx.to_str().unwrap()]);
    let lines: Vec<&str> = output.lines().collect();
    assert_eq!(lines[0], "2", "two sections");
    assert_eq!(lines[1], "True", "first page differs");
    assert_eq!(lines[2], "LANDSCAPE (1)", "appendix landscape");
    assert_eq!(lines[3], "4", "header, body table, closing, appendix list");
    assert_eq!(lines[4], "32", "two header rows and 30 nominees");
    assert_eq!(lines[5], "Nguyễn Văn An 1");
}

#[test]
fn missing_glyph_is_an_error_naming_it() {
    let data = serde_json::json!({ "nam": 2026, "rows": [{ "ten": "Nguyễn Văn 漢", "don_vi": "x", "hinh_thuc": "y" }] });
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("data.json"), data.to_string()).unwrap();
    let template = util::root().join("tests/fixtures/templates/to-trinh-danh-sach.md");
    let output = util::vanthu(
        dir.path(),
        &[
            "compose",
            template.to_str().unwrap(),
            "--data",
            "data.json",
            "--out",
            "out",
        ],
    );
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("\"漢\" (U+6F22)"), "{stderr}");
    assert!(stderr.contains("Nguyễn Văn 漢"), "names the text: {stderr}");
    assert!(
        !dir.path().join("out").exists()
            || std::fs::read_dir(dir.path().join("out"))
                .unwrap()
                .next()
                .is_none(),
        "no partial output"
    );
}

#[test]
fn template_errors_reach_the_user_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("data.json"), "{\"nam\": 2026}").unwrap();
    std::fs::write(
        dir.path().join("sai.md"),
        "+++\nkind = \"BC\"\n+++\nđúng\n{% for x in %}\n",
    )
    .unwrap();
    let output = util::vanthu(
        dir.path(),
        &["compose", "sai.md", "--data", "data.json", "--out", "out"],
    );
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("mẫu sai.md, dòng 5"), "{stderr}");
    let output = util::vanthu(
        dir.path(),
        &["compose", "khong-co", "--data", "data.json", "--out", "out"],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("không tìm thấy mẫu \"khong-co\""),
        "{stderr}"
    );
}

#[test]
fn golden_projections_of_the_example() {
    let (_dir, docx, pdf) = util::compose(EXAMPLE, &example_data());
    let (_, projection) = document_xml(&docx);
    util::golden("bao-cao-so-ket.docx.txt", &projection);
    let text = util::tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    util::golden("bao-cao-so-ket.pdf.txt", &text);
}

/// The office of the tests that render the built-in templates: a parent
/// body, an issuing body and a signer, so every line of the header and of
/// the signature block has text.
const OFFICE: &str = r#"
[office]
parent = "UBND TỈNH QUẢNG TRỊ"
name = ["VĂN PHÒNG"]
abbreviation = "VPUBND"
name_in_text = "Văn phòng UBND tỉnh Quảng Trị"
place = "Quảng Trị"
drafting_unit = "TH"

[signer]
authority = ["KT. CHÁNH VĂN PHÒNG"]
position = "PHÓ CHÁNH VĂN PHÒNG"
name = "Nguyễn Văn A"

[documents.quyet-dinh-khen-thuong]
date = "2025-12-15"
"#;

/// The built-in templates as an office gets them: the Tờ trình and the
/// draft Quyết định of fixture n01 and the Báo cáo of score sheet s01
/// (`vanthu render`), and the example Báo cáo sơ kết (`vanthu compose`).
/// Returns the folder and every (DOCX, PDF) pair.
fn builtin_documents() -> (
    tempfile::TempDir,
    Vec<(std::path::PathBuf, std::path::PathBuf)>,
) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("office.toml"), OFFICE).unwrap();
    let workbooks = util::root().join("tests/fixtures/workbooks");
    for (out, workbook) in [
        ("n01", "n01_danh_sach_co_ban.xlsx"),
        ("s01", "s01_bang_diem_co_ban.xlsx"),
    ] {
        let output = util::vanthu(
            dir.path(),
            &[
                "render",
                "--config",
                "office.toml",
                "--out",
                out,
                workbooks.join(workbook).to_str().unwrap(),
            ],
        );
        assert!(output.status.success(), "{}", util::show(&output));
    }
    let example = util::root().join("examples/bao-cao-so-ket.json");
    let output = util::vanthu(
        dir.path(),
        &[
            "compose",
            "--config",
            "office.toml",
            EXAMPLE,
            "--data",
            example.to_str().unwrap(),
            "--out",
            "bc",
        ],
    );
    assert!(output.status.success(), "{}", util::show(&output));
    let mut pairs = Vec::new();
    for out in ["n01", "s01", "bc"] {
        let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(dir.path().join(out))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for docx in files
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        {
            let pdf = docx.with_extension("pdf");
            assert!(pdf.is_file(), "{} has its PDF", docx.display());
            pairs.push((docx.clone(), pdf));
        }
    }
    assert_eq!(
        pairs.len(),
        7,
        "n01's three Quyết định of the head, Tờ trình and the chair's draft Quyết định, two Báo cáo: {pairs:?}"
    );
    (dir, pairs)
}

#[test]
fn issue_12_every_docx_passes_openxml_audit() {
    // An outside validator (ECMA-376 schemas, relationships, parts) reads
    // every kind of DOCX the program makes: the built-in templates, a long
    // list with merged cells and a landscape appendix, hostile text.
    let (dir, pairs) = builtin_documents();
    let audit = dir.path().join("audit");
    std::fs::create_dir(&audit).unwrap();
    let mut names = Vec::new();
    for (i, (docx, _)) in pairs.iter().enumerate() {
        let name = format!("{i}-{}", docx.file_name().unwrap().to_string_lossy());
        std::fs::copy(docx, audit.join(&name)).unwrap();
        names.push(name);
    }
    let hostile = serde_json::json!({ "nam": 2026, "rows": [
        { "ten": "<w:t>x</w:t> & {{ 7*7 }}", "don_vi": "Phòng Kế hoạch - Tài chính", "hinh_thuc": "Lao động tiên tiến ✓" },
    ] })
    .to_string();
    for (name, data) in [("list.docx", list_data(60)), ("hostile.docx", hostile)] {
        let (_composed, docx, _pdf) =
            util::compose("tests/fixtures/templates/to-trinh-danh-sach.md", &data);
        std::fs::copy(&docx, audit.join(name)).unwrap();
        names.push(name.to_owned());
    }
    let report = util::openxml_audit(&audit);
    let mut audited: Vec<String> = report
        .iter()
        .map(|(f, _)| {
            let path = std::path::Path::new(f);
            path.file_name().unwrap().to_string_lossy().into_owned()
        })
        .collect();
    audited.sort();
    names.sort();
    assert_eq!(audited, names, "every DOCX audited");
    for (file, errors) in &report {
        assert!(
            errors.is_empty(),
            "{file}: {} schema errors:\n{}",
            errors.len(),
            errors.join("\n")
        );
    }
}

/// The pages on which `text` (a line of a DOCX paragraph) stands: its
/// words side by side on one line of the page, in order. Lines are
/// gathered by position, not by the order pdftotext reads them in (it may
/// read the two header columns as separate flows).
fn pages_showing(words: &[util::Word], text: &str) -> Vec<usize> {
    let wanted: Vec<&str> = text.split_whitespace().collect();
    let mut lines: Vec<(usize, f32, Vec<&util::Word>)> = Vec::new();
    for word in words {
        let middle = (word.y0 + word.y1) / 2.0;
        match lines
            .iter_mut()
            .find(|(page, y, _)| *page == word.page && (y - middle).abs() < 2.0)
        {
            Some((_, _, line)) => line.push(word),
            None => lines.push((word.page, middle, vec![word])),
        }
    }
    let mut pages: Vec<usize> = lines
        .iter_mut()
        .filter_map(|(page, _, line)| {
            line.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            line.windows(wanted.len())
                .any(|w| w.iter().map(|x| x.text.as_str()).eq(wanted.iter().copied()))
                .then_some(*page)
        })
        .collect();
    pages.sort();
    pages.dedup();
    pages
}

#[test]
fn issue_12_libreoffice_and_typst_agree_on_pages_and_blocks() {
    // The DOCX as LibreOffice lays it out and the PDF Typst makes have the
    // same number of pages, and the header, the title with its trích yếu
    // and the signature block stand on the same page in both.
    let (_dir, pairs) = builtin_documents();
    for (docx, pdf) in &pairs {
        let name = docx.file_name().unwrap().to_string_lossy().into_owned();
        let lo_pdf = util::libreoffice_pdf(docx);
        assert_eq!(
            util::pdf_pages(&lo_pdf),
            util::pdf_pages(pdf),
            "{name}: pages in LibreOffice and in the PDF"
        );

        // The lines of the blocks, from the DOCX: the header table (the
        // first table), the title and trích yếu (the paragraphs after it
        // down to their rule), the signer's cell of the closing table.
        let (paras, _) = document_xml(docx);
        let header: Vec<&DocxPara> = paras.iter().take_while(|p| p.depth == 1).collect();
        let title: Vec<&DocxPara> = paras[header.len()..]
            .iter()
            .take_while(|p| p.depth == 0 && p.border_top.is_none())
            .collect();
        let closing_start = paras
            .iter()
            .position(|p| p.text() == "Nơi nhận:")
            .unwrap_or_else(|| panic!("{name}: Nơi nhận"));
        let signature: Vec<&DocxPara> = paras[closing_start..]
            .iter()
            .take_while(|p| p.depth == 1)
            .filter(|p| p.text() != "Nơi nhận:" && !p.text().starts_with("- "))
            .collect();
        let mut lines: Vec<String> = Vec::new();
        for p in header.iter().chain(&title).chain(&signature) {
            lines.extend(p.text().split('\n').map(str::to_owned));
        }
        lines.retain(|l| !l.trim().is_empty());
        assert!(
            lines
                .iter()
                .any(|l| l == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            "{name}: the header's lines {lines:?}"
        );
        assert!(
            signature.len() >= 2,
            "{name}: authority, position, name {signature:?}"
        );
        assert!(title.len() >= 2, "{name}: title and trích yếu {title:?}");

        let typst_words = util::pdf_words(pdf);
        let lo_words = util::pdf_words(&lo_pdf);
        for line in &lines {
            let typst = pages_showing(&typst_words, line);
            let lo = pages_showing(&lo_words, line);
            assert!(!typst.is_empty(), "{name}: the PDF shows {line:?}");
            assert_eq!(
                lo, typst,
                "{name}: {line:?} on the same page in LibreOffice and in the PDF"
            );
        }
    }
}

//! Reading the workbook fixtures (`tests/fixtures/workbooks`, made by
//! `generate.py` there) at the cell level: every format opens, text is
//! repaired, dates, error cells and uncalculated formulas are what they
//! are, and every bad file gets its own reason. Hostile workbooks, written
//! here by hand in each format (a few kilobytes asking for billions of cells
//! or gigabytes of text, or making calamine loop or panic), are refused by the
//! limits before anything of their size is allocated, `vanthu check` included.

use std::path::PathBuf;

use vanthu::ingest::{self, CellValue, Limits, ReadError};
use vanthu::text;

fn fixture(name: &str) -> PathBuf {
    crate::util::root()
        .join("tests/fixtures/workbooks")
        .join(name)
}

fn expected() -> serde_json::Value {
    let text = std::fs::read_to_string(fixture("expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn column_index(letters: &str) -> usize {
    letters
        .bytes()
        .fold(0, |acc, b| acc * 26 + (b - b'A' + 1) as usize)
        - 1
}

#[test]
fn every_good_fixture_reads_with_its_names() {
    let expected = expected();
    let files = expected["files"].as_object().unwrap();
    let mut checked = 0;
    for (name, file) in files {
        if file["ok"] == false && file["sheets"].as_array().is_none_or(|s| s.is_empty()) {
            continue;
        }
        let workbook = ingest::read(&fixture(name), &Limits::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        for sheet_expect in file["sheets"].as_array().unwrap() {
            let sheet_name = sheet_expect["sheet"].as_str().unwrap_or("Sheet1");
            let sheet = workbook
                .sheets
                .iter()
                .find(|s| s.name == sheet_name)
                .unwrap_or_else(|| panic!("{name}: sheet {sheet_name}"));
            let Some(name_col) = sheet_expect["columns"]["name"]
                .as_str()
                .or(sheet_expect["columns"]["subject"].as_str())
            else {
                continue;
            };
            let col = column_index(name_col);
            let rows = sheet_expect["nominees"]
                .as_array()
                .or(sheet_expect["subjects"].as_array())
                .cloned()
                .unwrap_or_default();
            for row in rows {
                let r = row["row"].as_u64().unwrap() as usize - 1;
                // A nominee without a name is a problem of its own (b03).
                let Some(want) = row["name"].as_str().or(row["subject"].as_str()) else {
                    continue;
                };
                let got = sheet.cell(r, col).display();
                assert_eq!(
                    text::comparison_key(&got),
                    text::comparison_key(want),
                    "{name} {}: read {got:?}, expected {want:?}",
                    ingest::cell_ref(r, col)
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 150, "names checked: {checked}");
}

#[test]
fn bad_files_get_their_own_reason() {
    type Check = fn(&ReadError) -> bool;
    let cases: &[(&str, Check)] = &[
        ("b10_rong.xlsx", |e| *e == ReadError::Empty),
        ("b12_hong_zip.xlsx", |e| matches!(e, ReadError::Corrupt(_))),
        ("b13_mat_khau.xlsx", |e| *e == ReadError::Encrypted),
        ("b14_pdf_doi_ten.xlsx", |e| {
            e.to_string().contains("tệp PDF")
        }),
        ("b15_docx_doi_ten.xlsx", |e| {
            e.to_string().contains("tệp Word")
        }),
        ("b16_van_ban.xlsx", |e| {
            e.to_string().contains("tệp văn bản")
        }),
        ("b17_bom_giai_nen.xlsx", |e| {
            matches!(e, ReadError::UnpacksTooLarge { .. })
        }),
    ];
    for (name, check) in cases {
        let started = std::time::Instant::now();
        let err = ingest::read(&fixture(name), &Limits::default()).unwrap_err();
        assert!(check(&err), "{name}: {err}");
        assert!(started.elapsed().as_secs() < 2, "{name} rejected quickly");
    }
}

#[test]
fn error_cells_and_uncalculated_formulas_are_kept_as_such() {
    let workbook = ingest::read(
        &fixture("b07_cong_thuc_khong_gia_tri.xlsx"),
        &Limits::default(),
    )
    .unwrap();
    let sheet = &workbook.sheets[0];
    assert!(
        matches!(sheet.cell(4, 4), CellValue::Uncalculated(f) if f.contains("E4")),
        "E5 is a formula without a value: {:?}",
        sheet.cell(4, 4)
    );
    let workbook =
        ingest::read(&fixture("b08_o_loi_nominations.xlsx"), &Limits::default()).unwrap();
    let sheet = &workbook.sheets[0];
    assert_eq!(sheet.cell(4, 4), &CellValue::Error("#REF!".into()));
    assert_eq!(sheet.cell(6, 1), &CellValue::Error("#VALUE!".into()));
}

#[test]
fn dates_merges_and_formats() {
    let n12 = ingest::read(&fixture("n12_ngay_sinh.xlsx"), &Limits::default()).unwrap();
    let dates = (0..n12.sheets[0].rows)
        .filter(|r| matches!(n12.sheets[0].cell(*r, 2), CellValue::Date(_)))
        .count();
    assert!(dates >= 2, "real date cells read as dates: {dates}");
    for name in [
        "n13_gop_o_don_vi.xlsx",
        "f01_danh_sach.xls",
        "n04_tieu_de_hai_dong.xlsx",
    ] {
        let workbook = ingest::read(&fixture(name), &Limits::default()).unwrap();
        assert!(
            workbook.sheets.iter().any(|s| !s.merges.is_empty()),
            "{name}: merged regions"
        );
    }
    for name in [
        "f04_ngay_sinh.ods",
        "f05_bang_diem.ods",
        "f06_tieu_de_hai_dong.xlsm",
        "f02_bang_diem_hai_dong.xls",
    ] {
        let workbook = ingest::read(&fixture(name), &Limits::default()).unwrap();
        assert!(
            workbook.sheets.iter().any(|s| s.rows > 3),
            "{name} has rows"
        );
    }
}

/// One text cell of a hand-written workbook: its reference, raw text, the font of
/// its cell format and, for a rich-text shared string, the font its run names.
struct Cell<'a>(&'a str, &'a str, &'a str, Option<&'a str>);

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A one-sheet `.xlsx` written by hand (cells in sheet order), each text a shared
/// string, each font its own cell format; `styles` replaces `xl/styles.xml` (an empty
/// one leaves it out).
fn xlsx(cells: &[Cell], styles: Option<&str>) -> Vec<u8> {
    const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    let mut fonts = vec!["Calibri"];
    for cell in cells {
        if !fonts.contains(&cell.2) {
            fonts.push(cell.2);
        }
    }
    let font_list: String = fonts
        .iter()
        .map(|f| format!(r#"<font><sz val="12"/><name val="{}"/></font>"#, escape(f)))
        .collect();
    let formats: String = (0..fonts.len())
        .map(|i| format!(r#"<xf numFmtId="0" fontId="{i}" fillId="0" borderId="0" xfId="0"/>"#))
        .collect();
    let generated_styles = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{MAIN}"><fonts count="{n}">{font_list}</fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="{n}">{formats}</cellXfs><dxfs count="1"><dxf><font><name val=".VnTime"/></font></dxf></dxfs></styleSheet>"#,
        n = fonts.len()
    );
    let strings: String = cells
        .iter()
        .map(|Cell(_, text, _, run)| match run {
            Some(font) => format!(
                r#"<si><r><rPr><sz val="12"/><rFont val="{}"/></rPr><t xml:space="preserve">{}</t></r></si>"#,
                escape(font),
                escape(text)
            ),
            None => format!("<si><t>{}</t></si>", escape(text)),
        })
        .collect();
    let mut rows = String::new();
    let mut open_row: Option<String> = None;
    for (i, Cell(at, _, font, _)) in cells.iter().enumerate() {
        let row: String = at.chars().filter(char::is_ascii_digit).collect();
        if open_row.as_ref() != Some(&row) {
            if open_row.is_some() {
                rows.push_str("</row>");
            }
            rows.push_str(&format!(r#"<row r="{row}">"#));
            open_row = Some(row);
        }
        let style = fonts.iter().position(|f| f == font).unwrap();
        rows.push_str(&format!(r#"<c r="{at}" s="{style}" t="s"><v>{i}</v></c>"#));
    }
    if open_row.is_some() {
        rows.push_str("</row>");
    }
    xlsx_package(
        &rows,
        &strings,
        cells.len(),
        &styles.map_or(generated_styles, str::to_owned),
    )
}

/// An `.xlsx` of one sheet, "Danh sách": its `sheetData` content, the `count` items of its
/// shared strings and its styles part (none when empty).
fn xlsx_package(rows: &str, strings: &str, count: usize, styles: &str) -> Vec<u8> {
    use std::io::Write;
    const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const RELS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const PACKAGE: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
    let parts: &[(&str, String)] = &[
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#
                .to_owned(),
        ),
        (
            "_rels/.rels",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/workbook.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{RELS}/styles" Target="styles.xml"/><Relationship Id="rId3" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#
            ),
        ),
        ("xl/styles.xml", styles.to_owned()),
        (
            "xl/sharedStrings.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="{MAIN}" count="{count}" uniqueCount="{count}">{strings}</sst>"#
            ),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="{MAIN}" xmlns:r="{RELS}"><sheetData>{rows}</sheetData></worksheet>"#
            ),
        ),
    ];
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in parts {
        if data.is_empty() {
            continue;
        }
        writer.start_file(*name, options).unwrap();
        writer.write_all(data.as_bytes()).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// The text of the cell at `at` in the sheet named `sheet`.
fn text_at(workbook: &ingest::Workbook, sheet: &str, at: &str) -> String {
    let sheet = workbook
        .sheets
        .iter()
        .find(|s| s.name == sheet)
        .unwrap_or_else(|| panic!("no sheet {sheet}"));
    let (r, c) = (0..sheet.rows)
        .flat_map(|r| (0..sheet.cols).map(move |c| (r, c)))
        .find(|(r, c)| ingest::cell_ref(*r, *c) == at)
        .unwrap_or_else(|| panic!("{at} outside the sheet {}", sheet.name));
    sheet.cell(r, c).display()
}

/// The text of each cell of the hand-written workbook's sheet, by reference.
fn texts(bytes: Vec<u8>, refs: &[&str]) -> Vec<String> {
    let workbook = ingest::read_bytes(bytes, &Limits::default()).unwrap();
    refs.iter()
        .map(|at| text_at(&workbook, "Danh sách", at))
        .collect()
}

#[test]
fn a_cell_font_decodes_its_legacy_text_alone() {
    let cells = [
        Cell("B2", "Ghi chó", ".VnTime", None),
        Cell("B3", "Phßng Tæng hîp", ".VnTime", None),
        Cell("C4", "Ghi chó", ".VnTimeH", None),
        Cell("D5", "Ghi chuù", "VNI-Times", None),
        Cell("E6", "Hồ sơ đề nghị", ".VnTime", None),
    ];
    assert_eq!(
        texts(xlsx(&cells, None), &["B2", "B3", "C4", "D5", "E6"]),
        [
            "Ghi chú",
            "Phòng Tổng hợp",
            "GHI CHÚ",
            "Ghi chú",
            "Hồ sơ đề nghị"
        ]
    );
    // Each alone in its sheet.
    for (cell, want) in [
        (Cell("A1", "Ghi chó", ".VnTime", None), "Ghi chú"),
        (Cell("A1", "Ghi chó", ".VnTimeH", None), "GHI CHÚ"),
        (Cell("A1", "Ghi chuù", "VNI-Times", None), "Ghi chú"),
    ] {
        let font = cell.2;
        assert_eq!(texts(xlsx(&[cell], None), &["A1"]), [want], "{font}");
    }
}

#[test]
fn a_unicode_font_leaves_unproven_text_as_written() {
    for font in ["Times New Roman", "Arial", "Calibri"] {
        let cells = [
            Cell("A1", "Ghi chó", font, None),
            Cell("A2", "Ghi chuù", font, None),
            Cell("A3", "Phßng Tæng hîp", font, None),
        ];
        // Detection still decodes what it can prove.
        assert_eq!(
            texts(xlsx(&cells, None), &["A1", "A2", "A3"]),
            ["Ghi chó", "Ghi chuù", "Phòng Tổng hợp"],
            "{font}"
        );
    }
}

#[test]
fn font_decided_cells_count_in_the_sheet_vote() {
    // Two cells in .VnTime settle the sheet as TCVN3, and the copy-pasted one in
    // Times New Roman follows.
    let cells = [
        Cell("A1", "Ghi chó", ".VnTime", None),
        Cell("A2", "§¬n vÞ", ".VnTime", None),
        Cell("A3", "Ghi chó", "Times New Roman", None),
    ];
    assert_eq!(
        texts(xlsx(&cells, None), &["A1", "A2", "A3"]),
        ["Ghi chú", "Đơn vị", "Ghi chú"]
    );
}

#[test]
fn a_rich_text_run_font_wins_over_the_cell_font() {
    let cells = [
        Cell("A1", "Ghi chó", "Times New Roman", Some(".VnTime")),
        Cell("A2", "Ghi chuù", "Arial", Some("VNI-Times")),
        Cell("A3", "Ghi chó", ".VnTime", Some("Times New Roman")),
    ];
    assert_eq!(
        texts(xlsx(&cells, None), &["A1", "A2", "A3"]),
        ["Ghi chú", "Ghi chú", "Ghi chó"]
    );
}

#[test]
fn missing_or_dangling_styles_fall_back_to_detection() {
    // calamine itself refuses a malformed styles part; these it reads.
    let cells = [
        Cell("A1", "Ghi chó", ".VnTime", None),
        Cell("A2", "Phßng Tæng hîp", ".VnTime", None),
    ];
    for styles in [
        "",
        r#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><name val="Calibri"/></font></fonts><cellXfs count="2"><xf fontId="0"/><xf fontId="7"/></cellXfs></styleSheet>"#,
        r#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font/><font><name val=".VnTime"/></font></fonts><cellXfs count="1"><xf fontId="oops"/></cellXfs></styleSheet>"#,
    ] {
        assert_eq!(
            texts(xlsx(&cells, Some(styles)), &["A1", "A2"]),
            ["Ghi chó", "Phòng Tổng hợp"],
            "{styles:?}"
        );
    }
}

#[test]
fn fixture_cell_fonts_are_read() {
    // "GHI CHÚ" in the capitals font .VnTimeH: the tone capital Ú has a lowercase
    // code there, which detection alone read as "GHI CHú".
    let n09 = ingest::read(&fixture("n09_tcvn3_vntime.xlsx"), &Limits::default()).unwrap();
    assert_eq!(n09.sheets[0].cell(6, 6).display(), "GHI CHÚ");
}

/// An `.ods` written by hand: `tables` are (name, rows XML) over the cell styles
/// `vntime`, `vntimeh`, `vni`, `tnr` and `inherits` (whose common parent style names
/// .VnTime) and the text style `run_vntime`; font faces may be named apart from their
/// fonts, as LibreOffice does.
fn ods(tables: &[(&str, &str)]) -> Vec<u8> {
    let (content, styles) = ods_parts(tables);
    ods_package(&content, &styles)
}

/// The `content.xml` and `styles.xml` of [`ods`].
fn ods_parts(tables: &[(&str, &str)]) -> (String, String) {
    const NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.3""#;
    let faces = r#"<office:font-face-decls><style:font-face style:name="VnTime1" svg:font-family="&apos;.VnTime&apos;"/><style:font-face style:name=".VnTimeH" svg:font-family=".VnTimeH"/><style:font-face style:name="VNI-Times" svg:font-family="&apos;VNI-Times&apos;"/><style:font-face style:name="Times New Roman" svg:font-family="&apos;Times New Roman&apos;"/><style:font-face style:name="Liberation Sans" svg:font-family="&apos;Liberation Sans&apos;"/></office:font-face-decls>"#;
    let cell_style = |name: &str, face: &str| {
        format!(
            r#"<style:style style:name="{name}" style:family="table-cell" style:parent-style-name="Default"><style:table-cell-properties style:rotation-align="none"/><style:text-properties style:font-name="{face}" fo:font-size="12pt"/></style:style>"#
        )
    };
    let automatic = [
        cell_style("vntime", "VnTime1"),
        cell_style("vntimeh", ".VnTimeH"),
        cell_style("vni", "VNI-Times"),
        cell_style("tnr", "Times New Roman"),
        r#"<style:style style:name="inherits" style:family="table-cell" style:parent-style-name="Legacy"><style:table-cell-properties style:rotation-align="none"/></style:style>"#.to_owned(),
        r#"<style:style style:name="run_vntime" style:family="text"><style:text-properties style:font-name="VnTime1"/></style:style>"#.to_owned(),
    ]
    .concat();
    let body: String = tables
        .iter()
        .map(|(name, rows)| format!(r#"<table:table table:name="{name}">{rows}</table:table>"#))
        .collect();
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content {NS}>{faces}<office:automatic-styles>{automatic}</office:automatic-styles><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"#
    );
    let styles = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles {NS}>{faces}<office:styles><style:default-style style:family="table-cell"><style:text-properties style:font-name="Liberation Sans"/></style:default-style><style:style style:name="Default" style:family="table-cell"/><style:style style:name="Legacy" style:family="table-cell" style:parent-style-name="Default"><style:text-properties style:font-name="VnTime1"/></style:style></office:styles></office:document-styles>"#
    );
    (content, styles)
}

/// An `.ods` package of these parts.
fn ods_package(content: &str, styles: &str) -> Vec<u8> {
    use std::io::Write;
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = stored.compression_method(zip::CompressionMethod::Deflated);
    writer.start_file("mimetype", stored).unwrap();
    writer
        .write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    for (name, data) in [
        ("META-INF/manifest.xml", manifest),
        ("styles.xml", styles),
        ("content.xml", content),
    ] {
        writer.start_file(name, deflated).unwrap();
        writer.write_all(data.as_bytes()).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// A string cell of an `.ods` table.
fn ods_cell(style: Option<&str>, text: &str) -> String {
    let style = style.map_or(String::new(), |s| format!(r#" table:style-name="{s}""#));
    format!(
        r#"<table:table-cell{style} office:value-type="string"><text:p>{}</text:p></table:table-cell>"#,
        escape(text)
    )
}

#[test]
fn ods_cell_fonts_decode_legacy_text() {
    let row = |cells: &[String]| format!("<table:table-row>{}</table:table-row>", cells.concat());
    let empty_rows = r#"<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#;
    let two_empty = r#"<table:table-cell table:number-columns-repeated="2"/>"#;
    let tables = [
        // After two repeated empty rows and two repeated empty cells: C3.
        (
            "TCVN3",
            format!(
                "{empty_rows}{}",
                row(&[
                    two_empty.into(),
                    ods_cell(Some("vntime"), "Phßng Tæng hîp"),
                    ods_cell(Some("vntime"), "Ghi chó"),
                ])
            ),
        ),
        ("Capitals", row(&[ods_cell(Some("vntimeh"), "Ghi chó")])),
        ("VNI", row(&[ods_cell(Some("vni"), "Ghi chuù")])),
        ("Parents", row(&[ods_cell(Some("inherits"), "Ghi chó")])),
        (
            "Unicode",
            row(&[ods_cell(Some("tnr"), "Ghi chó"), ods_cell(None, "Ghi chuù")]),
        ),
        // The column's default cell style, and a merged cell's covered neighbour.
        (
            "Columns",
            format!(
                r#"<table:table-column table:default-cell-style-name="tnr"/><table:table-column table:number-columns-repeated="3" table:default-cell-style-name="vntime"/>{}"#,
                row(&[
                    r#"<table:table-cell table:number-columns-spanned="2" office:value-type="string"><text:p>Hồ sơ</text:p></table:table-cell><table:covered-table-cell/>"#.into(),
                    ods_cell(None, "Ghi chó"),
                ])
            ),
        ),
        (
            "Runs",
            row(&[
                r#"<table:table-cell table:style-name="tnr" office:value-type="string"><text:p><text:span text:style-name="run_vntime">Ghi chó</text:span></text:p></table:table-cell>"#.into(),
            ]),
        ),
    ];
    let tables: Vec<(&str, &str)> = tables.iter().map(|(n, r)| (*n, r.as_str())).collect();
    let workbook = ingest::read_bytes(ods(&tables), &Limits::default()).unwrap();
    for (sheet, at, want) in [
        ("TCVN3", "C3", "Phòng Tổng hợp"),
        ("TCVN3", "D3", "Ghi chú"),
        ("Capitals", "A1", "GHI CHÚ"),
        ("VNI", "A1", "Ghi chú"),
        ("Parents", "A1", "Ghi chú"),
        ("Unicode", "A1", "Ghi chó"),
        ("Unicode", "B1", "Ghi chuù"),
        ("Columns", "A1", "Hồ sơ"),
        ("Columns", "C1", "Ghi chú"),
        ("Runs", "A1", "Ghi chú"),
    ] {
        assert_eq!(text_at(&workbook, sheet, at), want, "{sheet}!{at}");
    }
}

// Hostile workbooks (issue 11, point 3): a few kilobytes whose cells lie far beyond the
// limits. Each must be refused by its far cell before anything of the sheet's declared size
// is allocated, and `vanthu check` must say so in well under a second and 100 MB.

/// One BIFF record: type, length, data.
fn biff_record(kind: u16, data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(4 + data.len());
    out.extend(kind.to_le_bytes());
    out.extend(u16::try_from(data.len()).unwrap().to_le_bytes());
    out.extend(data);
    out
}

fn utf16(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// A text cell of an `.xls` sheet: 0-based row and column, text.
type XlsCell<'a> = (u16, u16, &'a str);

/// An `.xls` (BIFF8 in a compound file) written by hand: each sheet is (name, text cells in
/// sheet order), with the DIMENSIONS record Excel writes (none when the cells leave an
/// Excel 97–2003 sheet).
fn xls(sheets: &[(&str, &[XlsCell])]) -> Vec<u8> {
    let sheets: Vec<XlsSheet> = sheets
        .iter()
        .map(|(name, cells)| {
            let rows = || cells.iter().map(|c| u32::from(c.0));
            let cols = || cells.iter().map(|c| c.1);
            let dimensions = cols().all(|c| c < 256).then(|| {
                (
                    rows().min().unwrap_or(0),
                    rows().max().map_or(0, |r| r + 1),
                    cols().min().unwrap_or(0),
                    cols().max().map_or(0, |c| c + 1),
                )
            });
            XlsSheet {
                name,
                cells,
                dimensions,
                records: Vec::new(),
            }
        })
        .collect();
    xls_sheets(&[], &sheets)
}

/// A sheet of [`xls_sheets`]: its DIMENSIONS record is (first row, row after the last,
/// first column, column after the last); `records` follow the cells.
struct XlsSheet<'a> {
    name: &'a str,
    cells: &'a [XlsCell<'a>],
    dimensions: Option<(u32, u32, u16, u16)>,
    records: Vec<u8>,
}

/// An `.xls` of these sheets, the records `globals` before the end of the workbook globals.
fn xls_sheets(globals: &[u8], sheets: &[XlsSheet]) -> Vec<u8> {
    let bof = |kind: u16| {
        let mut data = Vec::new();
        data.extend(0x0600u16.to_le_bytes());
        data.extend(kind.to_le_bytes());
        data.extend([0u8; 12]);
        biff_record(0x0809, &data)
    };
    let eof = biff_record(0x000A, &[]);
    let bound_sheet = |position: u32, name: &str| {
        let mut data = position.to_le_bytes().to_vec();
        // A visible worksheet; the name in UTF-16.
        data.extend([0, 0, u8::try_from(name.encode_utf16().count()).unwrap(), 1]);
        data.extend(utf16(name));
        biff_record(0x0085, &data)
    };
    let extra = globals;
    let globals = bof(0x0005).len()
        + extra.len()
        + sheets
            .iter()
            .map(|sheet| bound_sheet(0, sheet.name).len())
            .sum::<usize>()
        + eof.len();
    let mut substreams = Vec::new();
    let mut positions = Vec::new();
    for sheet in sheets {
        positions.push(u32::try_from(globals + substreams.len()).unwrap());
        substreams.extend(bof(0x0010));
        if let Some((first_row, end_row, first_col, end_col)) = sheet.dimensions {
            let mut dimensions = Vec::new();
            dimensions.extend(first_row.to_le_bytes());
            dimensions.extend(end_row.to_le_bytes());
            dimensions.extend(first_col.to_le_bytes());
            dimensions.extend(end_col.to_le_bytes());
            dimensions.extend([0, 0]);
            substreams.extend(biff_record(0x0200, &dimensions));
        }
        for (row, col, text) in sheet.cells {
            let mut data = Vec::new();
            data.extend(row.to_le_bytes());
            data.extend(col.to_le_bytes());
            data.extend(0u16.to_le_bytes());
            data.extend(
                u16::try_from(text.encode_utf16().count())
                    .unwrap()
                    .to_le_bytes(),
            );
            data.push(1);
            data.extend(utf16(text));
            substreams.extend(biff_record(0x0204, &data));
        }
        substreams.extend(&sheet.records);
        substreams.extend(&eof);
    }
    let mut stream = bof(0x0005);
    for (sheet, position) in sheets.iter().zip(positions) {
        stream.extend(bound_sheet(position, sheet.name));
    }
    stream.extend(extra);
    stream.extend(&eof);
    stream.extend(substreams);
    compound_file("Workbook", &stream)
}

/// A compound file (OLE2, version 3, 512-byte sectors) holding one stream.
fn compound_file(name: &str, stream: &[u8]) -> Vec<u8> {
    const END: u32 = 0xFFFF_FFFE;
    const FREE: u32 = 0xFFFF_FFFF;
    const FAT: u32 = 0xFFFF_FFFD;
    // Streams under 4096 bytes live in the mini stream; padding keeps this one out of it.
    let mut data = stream.to_vec();
    data.resize(data.len().max(4096).next_multiple_of(512), 0);
    let sectors = data.len() / 512;
    let fat_sectors = (sectors + 1).div_ceil(127);
    let directory = u32::try_from(fat_sectors).unwrap();
    let mut fat = vec![FAT; fat_sectors];
    fat.push(END);
    for i in 1..=sectors {
        fat.push(if i == sectors {
            END
        } else {
            directory + 1 + i as u32
        });
    }
    fat.resize(fat_sectors * 128, FREE);
    let mut out = vec![0u8; 512];
    out[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    let mut put = |at: usize, value: u32| out[at..at + 4].copy_from_slice(&value.to_le_bytes());
    put(24, 0x0003_003E); // minor version 0x3E, major version 3
    put(28, 0x0009_FFFE); // little-endian, sector shift 9
    put(32, 6); // mini sector shift
    put(44, directory); // FAT sectors
    put(48, directory); // first directory sector
    put(56, 4096); // mini stream cutoff
    put(60, END); // no mini FAT
    put(68, END); // no DIFAT sectors
    for i in 0..109 {
        put(76 + 4 * i, if i < fat_sectors { i as u32 } else { FREE });
    }
    out.extend(fat.iter().flat_map(|e| e.to_le_bytes()));
    let entry = |name: &str, kind: u8, child: u32, start: u32, size: u32| {
        let mut entry = vec![0u8; 128];
        let name = utf16(name);
        entry[..name.len()].copy_from_slice(&name);
        let name_len = if name.is_empty() { 0 } else { name.len() + 2 };
        entry[64..66].copy_from_slice(&u16::try_from(name_len).unwrap().to_le_bytes());
        entry[66] = kind;
        entry[67] = 1;
        for (at, value) in [
            (68, FREE),
            (72, FREE),
            (76, child),
            (116, start),
            (120, size),
        ] {
            entry[at..at + 4].copy_from_slice(&value.to_le_bytes());
        }
        entry
    };
    out.extend(entry("Root Entry", 5, 1, END, 0));
    let size = u32::try_from(data.len()).unwrap();
    out.extend(entry(name, 2, FREE, directory + 1, size));
    out.extend(entry("", 0, FREE, 0, 0));
    out.extend(entry("", 0, FREE, 0, 0));
    out.extend(data);
    out
}

/// A one-sheet `.xlsx` with a title in A1 and one stray cell far away.
pub fn far_xlsx(far: &str) -> Vec<u8> {
    xlsx(
        &[
            Cell(
                "A1",
                "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG",
                "Times New Roman",
                None,
            ),
            Cell(far, "x", "Times New Roman", None),
        ],
        None,
    )
}

/// A one-table `.ods` whose only cell, a text, is repeated `rows` × `cols` times.
fn repeated_ods(rows: u64, cols: u64) -> Vec<u8> {
    let table = format!(
        r#"<table:table-row table:number-rows-repeated="{rows}"><table:table-cell office:value-type="string" table:number-columns-repeated="{cols}"><text:p>x</text:p></table:table-cell></table:table-row>"#
    );
    ods(&[("Danh sách", &table)])
}

/// The reason a workbook is refused, after checking it is NFC as every message must be.
fn refusal(bytes: Vec<u8>) -> String {
    use unicode_normalization::UnicodeNormalization;
    let reason = ingest::read_bytes(bytes, &Limits::default())
        .unwrap_err()
        .to_string();
    assert_eq!(reason.nfc().collect::<String>(), reason, "NFC: {reason}");
    reason
}

/// The workbook is refused for the text its cells would hold, from the cell `at` of the
/// sheet "Danh sách" on.
fn assert_too_much_text(bytes: Vec<u8>, at: &str) {
    // Not `unwrap_err`: a workbook read would print its hundreds of megabytes.
    match ingest::read_bytes(bytes, &Limits::default()) {
        Err(ReadError::TooMuchText { sheet, cell, .. }) => {
            assert_eq!((sheet.as_str(), cell.as_str()), ("Danh sách", at));
        }
        Err(err) => panic!("{err}"),
        Ok(_) => panic!("the text was read"),
    }
}

#[test]
fn the_xls_writer_makes_workbooks_that_read() {
    let bytes = xls(&[
        (
            "Danh sách",
            &[(0, 0, "Họ và tên"), (2, 3, "Phòng Tổng hợp")],
        ),
        ("Trống", &[(1, 1, "x")]),
    ]);
    let workbook = ingest::read_bytes(bytes, &Limits::default()).unwrap();
    assert_eq!(text_at(&workbook, "Danh sách", "A1"), "Họ và tên");
    assert_eq!(text_at(&workbook, "Danh sách", "D3"), "Phòng Tổng hợp");
    assert_eq!(text_at(&workbook, "Trống", "B2"), "x");
    assert_eq!((workbook.sheets[0].rows, workbook.sheets[0].cols), (3, 4));
}

/// One `.xlsb` record: its type and length in 7-bit groups, then its data.
fn xlsb_record(kind: u16, data: &[u8]) -> Vec<u8> {
    let mut out = if kind < 0x80 {
        vec![kind as u8]
    } else {
        vec![(kind & 0x7F) as u8 | 0x80, (kind >> 7) as u8]
    };
    let mut len = data.len();
    loop {
        let byte = (len & 0x7F) as u8;
        len >>= 7;
        out.push(if len > 0 { byte | 0x80 } else { byte });
        if len == 0 {
            break;
        }
    }
    out.extend(data);
    out
}

/// An XLWideString: its length in UTF-16 units, then the units.
fn wide(text: &str) -> Vec<u8> {
    let mut out = u32::try_from(text.encode_utf16().count())
        .unwrap()
        .to_le_bytes()
        .to_vec();
    out.extend(utf16(text));
    out
}

/// An `.xlsb` of one sheet, "Danh sách", written by hand: text cells as 0-based (row,
/// column, text) in sheet order.
fn xlsb(cells: &[(u32, u32, &str)]) -> Vec<u8> {
    let mut records = Vec::new();
    let mut row = None;
    for (r, c, text) in cells {
        if row != Some(*r) {
            records.extend(xlsb_row(*r));
            row = Some(*r);
        }
        let mut cell = c.to_le_bytes().to_vec();
        cell.extend([0; 4]);
        cell.extend(wide(text));
        records.extend(xlsb_record(0x0006, &cell));
    }
    xlsb_package(&records)
}

/// The record starting a row of an `.xlsb` sheet.
fn xlsb_row(row: u32) -> Vec<u8> {
    let mut header = row.to_le_bytes().to_vec();
    header.extend([0; 13]);
    xlsb_record(0x0000, &header)
}

/// An `.xlsb` of one sheet, "Danh sách", whose sheet data are these records.
fn xlsb_package(records: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut sheet_entry = vec![0u8; 8];
    sheet_entry.extend(wide("rId1"));
    sheet_entry.extend(wide("Danh sách"));
    let workbook = [
        xlsb_record(0x008F, &[]),
        xlsb_record(0x009C, &sheet_entry),
        xlsb_record(0x0090, &[]),
        xlsb_record(0x009D, &[]),
    ]
    .concat();
    let mut sheet = xlsb_record(0x0094, &[0; 16]);
    sheet.extend(xlsb_record(0x0091, &[]));
    sheet.extend(records);
    sheet.extend(xlsb_record(0x0092, &[]));
    let relationships = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.bin"/></Relationships>"#;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in [
        ("xl/workbook.bin", workbook.as_slice()),
        ("xl/_rels/workbook.bin.rels", relationships.as_bytes()),
        ("xl/worksheets/sheet1.bin", sheet.as_slice()),
    ] {
        writer.start_file(name, options).unwrap();
        writer.write_all(data).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

#[test]
fn xlsb_cells_stream_into_the_grid() {
    let workbook = ingest::read_bytes(
        xlsb(&[(0, 0, "Họ và tên"), (2, 3, "Phòng Tổng hợp")]),
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(text_at(&workbook, "Danh sách", "A1"), "Họ và tên");
    assert_eq!(text_at(&workbook, "Danh sách", "D3"), "Phòng Tổng hợp");
    assert_eq!((workbook.sheets[0].rows, workbook.sheets[0].cols), (3, 4));
}

#[test]
fn a_far_xlsb_cell_is_refused_by_its_position() {
    let bytes = xlsb(&[(0, 0, "Họ và tên"), (1_048_575, 16_383, "x")]);
    let reason = refusal(bytes);
    for part in ["\"Danh sách\"", "XFD1048576"] {
        assert!(reason.contains(part), "{part}: {reason}");
    }
}

#[test]
fn a_record_calamine_panics_on_is_a_damaged_file() {
    // A shared-string cell naming string 5 of none: calamine indexes its table without
    // looking.
    let mut cell = 0u32.to_le_bytes().to_vec();
    cell.extend([0; 4]);
    cell.extend(5u32.to_le_bytes());
    let records = [xlsb_row(0), xlsb_record(0x0007, &cell)].concat();
    let err = ingest::read_bytes(xlsb_package(&records), &Limits::default()).unwrap_err();
    assert!(matches!(err, ReadError::Corrupt(_)), "{err}");
}

#[test]
fn xlsx_shared_strings_count_every_time_a_cell_copies_them() {
    // One shared string of 100.000 characters in 3.000 cells: 300 MB of text from a file
    // of a few kilobytes.
    let string = format!("<si><t>{}</t></si>", "x".repeat(100_000));
    let copies = |rows: usize| {
        let cells: String = (1..=rows)
            .map(|r| format!(r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>"#))
            .collect();
        xlsx_package(&cells, &string, 1, "")
    };
    let few = ingest::read_bytes(copies(3), &Limits::default()).unwrap();
    assert_eq!(text_at(&few, "Danh sách", "A3").len(), 100_000);
    let bytes = copies(3_000);
    assert!(bytes.len() < 20_000, "{}", bytes.len());
    // 100.000 bytes a cell: the 1.049th passes the 100 MiB.
    assert_too_much_text(bytes, "A1049");
}

#[test]
fn shared_formulas_without_values_are_expanded_for_their_cells() {
    // E2 anchors C2+D2 over E2:E4 and none was calculated but E4's; F4 holds a value, so
    // the grid covers them.
    let rows = r#"<row r="2"><c r="C2"><v>1</v></c><c r="D2"><v>2</v></c><c r="E2"><f t="shared" ref="E2:E4" si="0">C2+D2</f></c></row><row r="3"><c r="E3"><f t="shared" si="0"/></c></row><row r="4"><c r="E4"><f t="shared" si="0"/><v>7</v></c><c r="F4"><v>1</v></c><c r="G9"><f>A1</f></c></row>"#;
    let workbook = ingest::read_bytes(xlsx_package(rows, "", 0, ""), &Limits::default()).unwrap();
    let sheet = &workbook.sheets[0];
    assert_eq!((sheet.rows, sheet.cols), (4, 6));
    assert_eq!(sheet.cell(1, 4), &CellValue::Uncalculated("C2+D2".into()));
    assert_eq!(sheet.cell(2, 4), &CellValue::Uncalculated("C3+D3".into()));
    assert_eq!(sheet.cell(3, 4), &CellValue::Number(7.0));
}

#[test]
fn a_far_xlsx_cell_is_refused_by_its_position() {
    let bytes = far_xlsx("XFD1048576");
    assert!(bytes.len() < 4096, "a few kilobytes: {}", bytes.len());
    let reason = refusal(bytes);
    for part in ["\"Danh sách\"", "XFD1048576", "50.000 dòng"] {
        assert!(reason.contains(part), "{part}: {reason}");
    }
}

#[test]
fn a_far_xls_cell_is_refused_by_its_position() {
    // The last cell of an Excel 97–2003 sheet, and a column no such sheet has.
    for (far, at) in [((65535, 255), "IV65536"), ((70, 65535), "CRXP71")] {
        let bytes = xls(&[("Danh sách", &[(0, 0, "Họ và tên"), (far.0, far.1, "x")])]);
        assert!(bytes.len() < 8192, "a few kilobytes: {}", bytes.len());
        let reason = refusal(bytes);
        for part in ["\"Danh sách\"", at] {
            assert!(reason.contains(part), "{part}: {reason}");
        }
    }
}

#[test]
fn an_xls_sheet_declaring_more_than_excel_has_is_refused() {
    // calamine reserves room for the rows × columns the DIMENSIONS record declares: here
    // 4 billion × 65.535, which no allocator grants.
    let bytes = xls_sheets(
        &[],
        &[XlsSheet {
            name: "Danh sách",
            cells: &[(0, 0, "Họ và tên")],
            dimensions: Some((0, u32::MAX, 0, u16::MAX)),
            records: Vec::new(),
        }],
    );
    let err = ingest::read_bytes(bytes, &Limits::default()).unwrap_err();
    assert!(
        matches!(&err, ReadError::Corrupt(detail) if detail.contains("Danh sách")),
        "{err}"
    );
}

/// Sets the little-endian word at `at`.
fn patch(bytes: &mut [u8], at: usize, value: u32) {
    bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
}

#[test]
fn xls_sector_chains_that_loop_are_refused() {
    // [`compound_file`] of a small stream: the FAT in sector 0 (file offset 512), the
    // directory in sector 1 (offset 1024; the stream's entry is the second), the stream
    // from sector 2 on. calamine reads the directory chain to its end and a stream's chain
    // up to its declared size: looped, the first grows without end and the second to
    // 4 GB.
    let good = xls(&[("Danh sách", &[(0, 0, "Họ và tên")])]);
    let stream_sectors = (good.len() - 1536) / 512;
    let mut directory_loop = good.clone();
    patch(&mut directory_loop, 512 + 4, 1);
    let mut stream_loop = good.clone();
    patch(&mut stream_loop, 512 + 4 * (1 + stream_sectors), 2);
    patch(&mut stream_loop, 1024 + 128 + 120, u32::MAX);
    for (bytes, what) in [(directory_loop, "directory"), (stream_loop, "workbook")] {
        let err = ingest::read_bytes(bytes, &Limits::default()).unwrap_err();
        assert!(
            matches!(&err, ReadError::Corrupt(detail) if detail.contains(what) && detail.contains("loops")),
            "{what}: {err}"
        );
    }
}

#[test]
fn an_xls_sheet_starting_past_the_stream_is_refused() {
    // calamine slices the stream at the sheet's position without looking, and panics.
    let mut bytes = xls(&[("Danh sách", &[(0, 0, "Họ và tên")])]);
    // The BoundSheet8 record follows the BOF (4 + 16 bytes) at the start of the stream.
    patch(&mut bytes, 1536 + 20 + 4, 1 << 20);
    let err = ingest::read_bytes(bytes, &Limits::default()).unwrap_err();
    assert!(matches!(err, ReadError::Corrupt(_)), "{err}");
}

#[test]
fn xls_shared_strings_count_every_time_a_cell_copies_them() {
    // One shared string of 60.000 characters, copied into 10.000 cells: 600 MB of text
    // from a 200 KB file.
    let mut sst = Vec::new();
    sst.extend(1u32.to_le_bytes());
    sst.extend(1u32.to_le_bytes());
    sst.extend(60_000u16.to_le_bytes());
    sst.push(0);
    sst.extend(std::iter::repeat_n(b'x', 60_000));
    let copies = |rows: u16| {
        let mut cells = Vec::new();
        for row in 0..rows {
            let mut data = Vec::new();
            data.extend(row.to_le_bytes());
            data.extend([0; 4]);
            data.extend(0u32.to_le_bytes());
            cells.extend(biff_record(0x00FD, &data));
        }
        xls_sheets(
            &biff_record(0x00FC, &sst),
            &[XlsSheet {
                name: "Danh sách",
                cells: &[],
                dimensions: None,
                records: cells,
            }],
        )
    };
    let few = ingest::read_bytes(copies(3), &Limits::default()).unwrap();
    assert_eq!(text_at(&few, "Danh sách", "A3").len(), 60_000);
    let bytes = copies(10_000);
    assert!(bytes.len() < 300_000, "{}", bytes.len());
    // Counted at four bytes a character (the most one decodes to): the 437th copy passes
    // the 100 MiB.
    assert_too_much_text(bytes, "A437");
}

#[test]
fn a_text_repeated_a_million_times_each_way_in_an_ods_is_refused() {
    let bytes = repeated_ods(1_000_000, 1_000_000);
    assert!(bytes.len() < 8192, "a few kilobytes: {}", bytes.len());
    let reason = refusal(bytes);
    for part in ["\"Danh sách\"", "XFD1000000"] {
        assert!(reason.contains(part), "{part}: {reason}");
    }
}

#[test]
fn ods_repeats_within_the_limits_read_and_trailing_empty_rows_cost_nothing() {
    // What LibreOffice writes after the last row: a million empty rows of 16.384 empty
    // cells; and a text repeated over 3 columns × 2 rows.
    let rows = r#"<table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="string" table:number-columns-repeated="3"><text:p>Khá</text:p></table:table-cell><table:table-cell table:number-columns-repeated="16379"/></table:table-row><table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#;
    let workbook = ingest::read_bytes(ods(&[("Danh sách", rows)]), &Limits::default()).unwrap();
    let sheet = &workbook.sheets[0];
    assert_eq!((sheet.rows, sheet.cols), (2, 5));
    for at in ["C1", "E1", "C2", "E2"] {
        assert_eq!(text_at(&workbook, "Danh sách", at), "Khá", "{at}");
    }
    assert_eq!(text_at(&workbook, "Danh sách", "B2"), "");
}

#[test]
fn an_ods_text_repeated_counts_once_per_copy() {
    // A million spaces (`text:s`) in a cell repeated over 1.000 columns: 1 GB of text.
    let row = r#"<table:table-row><table:table-cell office:value-type="string" table:number-columns-repeated="1000"><text:p>x<text:s text:c="1000000"/>x</text:p></table:table-cell></table:table-row>"#;
    assert_too_much_text(ods(&[("Danh sách", row)]), "A1");
}

#[test]
fn an_ods_ending_inside_a_table_is_refused() {
    // calamine reads on forever when content.xml ends inside a table; a thread keeps the
    // test from waiting with it.
    let row = r#"<table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row>"#;
    let (content, styles) = ods_parts(&[("Danh sách", row)]);
    let cut = &content[..content.find("</table:table>").unwrap()];
    let bytes = ods_package(cut, &styles);
    let (done, result) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(ingest::read_bytes(bytes, &Limits::default()).map(|_| ()));
    });
    let result = result
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("still reading after 10 s");
    assert!(matches!(&result, Err(ReadError::Corrupt(_))), "{result:?}");
}

/// What `vanthu check` did with one file, measured in a process of its own.
struct Measured {
    code: Option<i32>,
    stdout: String,
    wall: std::time::Duration,
    /// Peak resident memory of the `vanthu` process, KiB.
    peak_kib: u64,
}

/// Runs `vanthu check` on `bytes` saved as `file`, from a copy of this test binary that runs
/// only the test `test` and has no other child: the peak resident size of its children
/// (`getrusage(RUSAGE_CHILDREN)`, filled in by the kernel when the child is reaped) is then
/// the peak of that one `vanthu` process. Returns `None` in that copy, after the run.
fn check_in_own_process(
    test: &str,
    file: &str,
    bytes: impl FnOnce() -> Vec<u8>,
) -> Option<Measured> {
    const CHILD: &str = "VANTHU_MEASURE_CHECK";
    if let Some(path) = std::env::var_os(CHILD) {
        let path = std::path::PathBuf::from(path);
        let started = std::time::Instant::now();
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_vanthu"))
            .arg("check")
            .arg(&path)
            .current_dir(path.parent().unwrap())
            .output()
            .unwrap();
        let wall = started.elapsed();
        let usage =
            nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN).unwrap();
        println!(
            "measured: code={} wall_us={} peak_kib={}",
            output.status.code().unwrap_or(-1),
            wall.as_micros(),
            usage.max_rss()
        );
        println!(
            "stdout:\n{}\n:stdout",
            String::from_utf8_lossy(&output.stdout)
        );
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(file);
    std::fs::write(&path, bytes()).unwrap();
    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args([test, "--exact", "--test-threads=1", "--nocapture"])
        .env(CHILD, &path)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success() && text.contains("1 passed"),
        "{text}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The harness prints the test's name on the same line, before the measurement.
    let line = text
        .lines()
        .find_map(|l| Some(l.split_once("measured: ")?.1))
        .unwrap_or_else(|| panic!("no measurement: {text}"));
    let field = |name: &str| -> i64 {
        line.split(' ')
            .find_map(|f| f.strip_prefix(name)?.strip_prefix('='))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{name} in {line}"))
    };
    let stdout = text
        .split_once("stdout:\n")
        .and_then(|(_, rest)| rest.split_once("\n:stdout"))
        .map(|(out, _)| out.to_owned())
        .unwrap_or_default();
    let code = field("code");
    Some(Measured {
        code: (code >= 0).then_some(code as i32),
        stdout,
        wall: std::time::Duration::from_micros(field("wall_us") as u64),
        peak_kib: field("peak_kib") as u64,
    })
}

/// The requirement: refused by `vanthu check` (exit 1, the reason printed) in under a
/// second of wall time and under 100 MB of resident memory.
fn assert_refused_quickly_and_cheaply(run: &Measured, parts: &[&str]) {
    println!(
        "wall {:.0} ms, peak {:.1} MB",
        run.wall.as_secs_f64() * 1000.0,
        run.peak_kib as f64 * 1024.0 / 1e6
    );
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    for part in parts {
        assert!(run.stdout.contains(part), "{part}: {}", run.stdout);
    }
    assert!(run.wall.as_secs_f64() < 1.0, "wall time {:?}", run.wall);
    assert!(
        run.peak_kib * 1024 < 100_000_000,
        "peak resident memory {} KiB",
        run.peak_kib
    );
}

#[test]
fn vanthu_check_refuses_a_far_xlsx_cell_quickly_and_cheaply() {
    let test = "ingest::vanthu_check_refuses_a_far_xlsx_cell_quickly_and_cheaply";
    if let Some(run) = check_in_own_process(test, "xa.xlsx", || far_xlsx("XFD1048576")) {
        assert_refused_quickly_and_cheaply(&run, &["\"Danh sách\"", "XFD1048576"]);
    }
}

#[test]
fn vanthu_check_refuses_a_far_xls_cell_quickly_and_cheaply() {
    let test = "ingest::vanthu_check_refuses_a_far_xls_cell_quickly_and_cheaply";
    let bytes = || xls(&[("Danh sách", &[(0, 0, "Họ và tên"), (65535, 255, "x")])]);
    if let Some(run) = check_in_own_process(test, "xa.xls", bytes) {
        assert_refused_quickly_and_cheaply(&run, &["\"Danh sách\"", "IV65536"]);
    }
}

#[test]
fn vanthu_check_refuses_a_repeated_ods_cell_quickly_and_cheaply() {
    // Just under the 100 million cells calamine itself would refuse: 16,384 columns (its
    // cap) by 6,100 rows of one repeated text.
    let test = "ingest::vanthu_check_refuses_a_repeated_ods_cell_quickly_and_cheaply";
    if let Some(run) = check_in_own_process(test, "xa.ods", || repeated_ods(6_100, 16_384)) {
        assert_refused_quickly_and_cheaply(&run, &["\"Danh sách\"", "XFD"]);
    }
}

//! Helpers shared by the integration tests: running the real binary, reading
//! DOCX packages into a readable projection, asking poppler and LibreOffice
//! about PDFs, and golden files.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use quick_xml::events::Event;
use quick_xml::reader::Reader;

/// Root of the repository.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the `vanthu` binary with `args` in `dir`.
pub fn vanthu(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vanthu"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("vanthu runs")
}

/// Standard output and error of a run, for assertion messages.
pub fn show(output: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// A rejected workbook's report (`<name>.loi.txt`) as a clerk's Notepad
/// reads it, checked to be that small document: UTF-8 with a byte-order
/// mark, every line ended by CR LF, the heading naming the file. Returns
/// its problems, one per line without their numbers, then its warnings
/// as "Lưu ý: …", each line ended by "\n".
pub fn report_of(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = String::from_utf8(bytes).expect("the report is UTF-8");
    let body = text
        .strip_prefix('\u{feff}')
        .unwrap_or_else(|| panic!("the report starts with a byte-order mark:\n{text}"));
    assert!(body.ends_with("\r\n"), "{body}");
    assert!(
        !body.replace("\r\n", "").contains(['\n', '\r']),
        "every line ends in CR LF:\n{body:?}"
    );
    let lines: Vec<&str> = body.split("\r\n").collect();
    assert_eq!(lines[0], "BÁO CÁO LỖI BẢNG TÍNH", "{body}");
    assert!(
        lines.iter().any(|l| l.starts_with("Tệp: ")),
        "the heading names the file:\n{body}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Kiểm tra lúc: ") && l.contains(" ngày ")),
        "the heading has the date and time:\n{body}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("Cách làm: ")),
        "the report says what to do:\n{body}"
    );
    let mut out = String::new();
    let mut section = "";
    let mut expected = 1;
    for line in lines {
        if line.starts_with("Chưa lập được văn bản") {
            section = "problems";
            expected = 1;
        } else if line.starts_with("Lưu ý") {
            section = "warnings";
            expected = 1;
        } else if line.starts_with("Cách làm") {
            section = "";
        } else if let Some((number, rest)) = line.split_once(". ")
            && !section.is_empty()
            && number.parse::<usize>().is_ok()
        {
            assert_eq!(number, expected.to_string(), "numbered in order:\n{body}");
            expected += 1;
            if section == "warnings" {
                out.push_str("Lưu ý: ");
            }
            out.push_str(rest);
            out.push('\n');
        }
    }
    out
}

/// Every input the ledger of the office at `dir` holds, oldest first:
/// (path, state, reason).
pub fn ledger_rows(dir: &Path) -> Vec<(String, String, Option<String>)> {
    let ledger = rusqlite::Connection::open_with_flags(
        dir.join(".vanthu/ledger.sqlite3"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .expect("the ledger opens");
    let mut rows = ledger
        .prepare("SELECT path, state, reason FROM inputs ORDER BY id")
        .unwrap();
    rows.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The place a person reads ("Trang 'Danh sách', ô E7") of a cell
/// reference as the fixtures write it (`'Danh sách'!E7`, `Sheet1!E7`).
pub fn place(reference: &str) -> String {
    let (sheet, cell) = reference
        .rsplit_once('!')
        .unwrap_or_else(|| panic!("a cell reference: {reference}"));
    let sheet = match sheet.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
        Some(quoted) => quoted.replace("''", "'"),
        None => sheet.to_owned(),
    };
    format!("Trang '{sheet}', ô {cell}")
}

/// Composes `template` with `data` (JSON text) into a fresh temporary folder
/// and returns (folder, docx path, pdf path).
pub fn compose(template: &str, data: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("data.json"), data).unwrap();
    let template_arg = if template.ends_with(".md") {
        root().join(template).display().to_string()
    } else {
        template.to_owned()
    };
    let output = vanthu(
        dir.path(),
        &[
            "compose",
            &template_arg,
            "--data",
            "data.json",
            "--out",
            "out",
        ],
    );
    assert!(output.status.success(), "{}", show(&output));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let paths: Vec<PathBuf> = stdout.lines().map(|l| dir.path().join(l)).collect();
    assert_eq!(paths.len(), 2, "compose prints two paths: {stdout}");
    let docx = paths[0].clone();
    let pdf = paths[1].clone();
    assert!(docx.extension().is_some_and(|e| e == "docx"), "{stdout}");
    assert!(pdf.extension().is_some_and(|e| e == "pdf"), "{stdout}");
    (dir, docx, pdf)
}

/// The parts of a DOCX package, with whether each was deflated.
pub fn docx_parts(path: &Path) -> HashMap<String, (Vec<u8>, bool)> {
    let file = std::fs::File::open(path).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut parts = HashMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let deflated = entry.compression() == zip::CompressionMethod::Deflated;
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        parts.insert(entry.name().to_owned(), (data, deflated));
    }
    parts
}

/// One run of a DOCX paragraph with the properties that matter here.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocxRun {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    /// Size in half-points.
    pub size: Option<u32>,
    pub font: Option<String>,
}

/// A paragraph of a DOCX part.
#[derive(Debug, Clone, Default)]
pub struct DocxPara {
    pub runs: Vec<DocxRun>,
    pub jc: Option<String>,
    pub ind_left: i32,
    pub ind_right: i32,
    pub first_line: i32,
    pub border_top: Option<u32>,
    /// Table nesting depth (0 outside tables).
    pub depth: usize,
    /// Whether it holds a PAGE field.
    pub page_field: bool,
}

impl DocxPara {
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

fn attr(e: &quick_xml::events::BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name.as_bytes())
        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
}

fn on(e: &quick_xml::events::BytesStart) -> bool {
    !matches!(attr(e, "w:val").as_deref(), Some("false" | "0"))
}

/// Paragraphs of a WordprocessingML part, in order, and a readable
/// projection of the whole part (the golden form).
pub fn docx_paragraphs(xml: &[u8]) -> (Vec<DocxPara>, String) {
    let mut reader = Reader::from_reader(xml);
    let mut paras = Vec::new();
    let mut projection = String::new();
    let mut depth = 0usize;
    let mut para: Option<DocxPara> = None;
    let mut run: Option<DocxRun> = None;
    let mut in_ppr = false;
    let mut in_text = false;
    let mut buf = Vec::new();
    loop {
        let event = reader.read_event_into(&mut buf).unwrap();
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.name().as_ref() {
                    b"w:tbl" => {
                        depth += 1;
                        projection.push_str(&format!("{}TABLE\n", "  ".repeat(depth - 1)));
                    }
                    b"w:gridCol" => projection.push_str(&format!(
                        "{}  col {}\n",
                        "  ".repeat(depth - 1),
                        attr(e, "w:w").unwrap_or_default()
                    )),
                    b"w:tblHeader" => {
                        projection.push_str(&format!("{}  (header row)\n", "  ".repeat(depth)))
                    }
                    b"w:tr" => projection.push_str(&format!("{}ROW\n", "  ".repeat(depth))),
                    b"w:gridSpan" => projection.push_str(&format!(
                        "{}  span {}\n",
                        "  ".repeat(depth),
                        attr(e, "w:val").unwrap_or_default()
                    )),
                    b"w:vMerge" => projection.push_str(&format!(
                        "{}  vmerge {}\n",
                        "  ".repeat(depth),
                        attr(e, "w:val").unwrap_or_else(|| "continue".into())
                    )),
                    b"w:pgSz" => projection.push_str(&format!(
                        "SECTION page {}x{} {}\n",
                        attr(e, "w:w").unwrap_or_default(),
                        attr(e, "w:h").unwrap_or_default(),
                        attr(e, "w:orient").unwrap_or_default()
                    )),
                    b"w:pgMar" => projection.push_str(&format!(
                        "SECTION margins top {} right {} bottom {} left {} header {}\n",
                        attr(e, "w:top").unwrap_or_default(),
                        attr(e, "w:right").unwrap_or_default(),
                        attr(e, "w:bottom").unwrap_or_default(),
                        attr(e, "w:left").unwrap_or_default(),
                        attr(e, "w:header").unwrap_or_default(),
                    )),
                    b"w:titlePg" => projection.push_str("SECTION different first page\n"),
                    b"w:pgNumType" => projection.push_str(&format!(
                        "SECTION numbering starts at {}\n",
                        attr(e, "w:start").unwrap_or_default()
                    )),
                    b"w:p" if !empty => {
                        para = Some(DocxPara {
                            depth,
                            ..DocxPara::default()
                        })
                    }
                    b"w:pPr" if !empty => in_ppr = true,
                    b"w:r" if !empty && !in_ppr => run = Some(DocxRun::default()),
                    b"w:jc" if in_ppr => {
                        if let Some(p) = para.as_mut() {
                            p.jc = attr(e, "w:val");
                        }
                    }
                    b"w:ind" if in_ppr => {
                        if let Some(p) = para.as_mut() {
                            let num =
                                |n: &str| attr(e, n).and_then(|v| v.parse().ok()).unwrap_or(0);
                            p.ind_left = num("w:left").max(num("w:start"));
                            p.ind_right = num("w:right").max(num("w:end"));
                            p.first_line = num("w:firstLine") - num("w:hanging");
                        }
                    }
                    b"w:top" if in_ppr => {
                        if let Some(p) = para.as_mut()
                            && attr(e, "w:val").as_deref() != Some("nil")
                        {
                            p.border_top = attr(e, "w:sz").and_then(|v| v.parse().ok());
                        }
                    }
                    b"w:b" if !in_ppr => {
                        if let Some(r) = run.as_mut() {
                            r.bold = on(e);
                        }
                    }
                    b"w:i" if !in_ppr => {
                        if let Some(r) = run.as_mut() {
                            r.italic = on(e);
                        }
                    }
                    b"w:sz" if !in_ppr => {
                        if let Some(r) = run.as_mut() {
                            r.size = attr(e, "w:val").and_then(|v| v.parse().ok());
                        }
                    }
                    b"w:rFonts" if !in_ppr => {
                        if let Some(r) = run.as_mut() {
                            r.font = attr(e, "w:ascii");
                        }
                    }
                    b"w:t" if !empty => in_text = true,
                    b"w:br" => {
                        if let Some(r) = run.as_mut() {
                            r.text.push('\n');
                        }
                    }
                    b"w:instrText" if !empty => {
                        if let Some(p) = para.as_mut() {
                            p.page_field = true;
                        }
                    }
                    b"w:fldSimple" => {
                        if let Some(p) = para.as_mut() {
                            p.page_field |= attr(e, "w:instr").is_some_and(|i| i.contains("PAGE"));
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_text => {
                if let Some(r) = run.as_mut() {
                    r.text.push_str(&t.xml10_content().unwrap());
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let Some(run) = run.as_mut() {
                    let name = String::from_utf8_lossy(r.as_ref()).into_owned();
                    run.text.push_str(match name.as_str() {
                        "lt" => "<",
                        "gt" => ">",
                        "amp" => "&",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "?",
                    });
                }
            }
            Event::End(e) => match e.name().as_ref() {
                b"w:tbl" => depth -= 1,
                b"w:pPr" => in_ppr = false,
                b"w:t" => in_text = false,
                b"w:r" => {
                    if let (Some(r), Some(p)) = (run.take(), para.as_mut()) {
                        p.runs.push(r);
                    }
                }
                b"w:p" => {
                    if let Some(p) = para.take() {
                        projection.push_str(&project(&p));
                        paras.push(p);
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    (paras, projection)
}

fn project(p: &DocxPara) -> String {
    let mut line = format!("{}P", "  ".repeat(p.depth));
    if let Some(jc) = &p.jc {
        line.push_str(&format!(" {jc}"));
    }
    if p.ind_left != 0 || p.ind_right != 0 || p.first_line != 0 {
        line.push_str(&format!(
            " ind({},{},{})",
            p.ind_left, p.ind_right, p.first_line
        ));
    }
    if let Some(sz) = p.border_top {
        line.push_str(&format!(" rule(sz {sz})"));
    }
    if p.page_field {
        line.push_str(" PAGE");
    }
    for r in &p.runs {
        if r.text.is_empty() {
            continue;
        }
        let mut style = String::new();
        if r.bold {
            style.push('b');
        }
        if r.italic {
            style.push('i');
        }
        let size = r
            .size
            .map(|s| format!("{}", s as f32 / 2.0))
            .unwrap_or_default();
        line.push_str(&format!(" [{style}{size}] {}", r.text.replace('\n', "⏎")));
    }
    line.push('\n');
    line
}

/// Runs a command and returns its standard output, failing the test with a
/// clear message when the tool is missing (CI installs it).
pub fn tool(program: &str, args: &[&str]) -> String {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} must be installed (see .ci/run): {e}"));
    assert!(
        output.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Plain text of a PDF (pdftotext, reading order).
pub fn pdf_text(path: &Path) -> String {
    tool("pdftotext", &[path.to_str().unwrap(), "-"])
}

/// A word on a PDF page with its box in points (origin top left).
#[derive(Debug, Clone)]
pub struct Word {
    pub page: usize,
    pub page_width: f32,
    pub page_height: f32,
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    pub text: String,
}

/// Every word of a PDF with its box (`pdftotext -bbox`).
pub fn pdf_words(path: &Path) -> Vec<Word> {
    let html = tool("pdftotext", &["-bbox", path.to_str().unwrap(), "-"]);
    let mut words = Vec::new();
    let mut page = 0;
    let (mut width, mut height) = (0.0, 0.0);
    let number = |line: &str, key: &str| -> f32 {
        let start = line.find(&format!("{key}=\"")).unwrap() + key.len() + 2;
        let end = start + line[start..].find('"').unwrap();
        line[start..end].parse().unwrap()
    };
    for line in html.lines() {
        let line = line.trim();
        if line.starts_with("<page ") {
            page += 1;
            width = number(line, "width");
            height = number(line, "height");
        } else if line.starts_with("<word ") {
            let text_start = line.find('>').unwrap() + 1;
            let text_end = line.rfind("</word>").unwrap();
            let text = line[text_start..text_end]
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&");
            words.push(Word {
                page,
                page_width: width,
                page_height: height,
                x0: number(line, "xMin"),
                y0: number(line, "yMin"),
                x1: number(line, "xMax"),
                y1: number(line, "yMax"),
                text,
            });
        }
    }
    words
}

/// Converts a DOCX to PDF with LibreOffice (headless, private profile) and
/// returns the PDF path.
pub fn libreoffice_pdf(docx: &Path) -> PathBuf {
    let out = docx.parent().unwrap().join("lo");
    std::fs::create_dir_all(&out).unwrap();
    let profile = out.join("profile");
    let output = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&out)
        .arg(docx)
        .output()
        .unwrap_or_else(|e| panic!("LibreOffice (soffice) must be installed (see .ci/run): {e}"));
    let pdf = out.join(docx.with_extension("pdf").file_name().unwrap());
    assert!(
        pdf.is_file(),
        "LibreOffice did not convert {}: {}",
        docx.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    pdf
}

/// Horizontal rules drawn on a PDF page: runs of dark pixels at least
/// `min_pt` long in a 144 dpi grey rendering, as (y, x0, x1) in points.
pub fn pdf_rules(pdf: &Path, page: usize, min_pt: f32) -> Vec<(f32, f32, f32)> {
    let data = pdf_page_gray(pdf, page);
    let (width, height, pixels) = pgm(&data);
    let scale = 72.0 / 144.0;
    let min_px = (min_pt / scale) as usize;
    let mut rules = Vec::new();
    let mut previous: Option<(usize, usize, usize)> = None;
    for y in 0..height {
        let row = &pixels[y * width..(y + 1) * width];
        let mut x = 0;
        while x < width {
            if row[x] < 128 {
                let start = x;
                while x < width && row[x] < 128 {
                    x += 1;
                }
                if x - start >= min_px {
                    // A rule thicker than one pixel row is one rule.
                    let same = previous.is_some_and(|(py, px0, px1)| {
                        py + 1 == y && px0.abs_diff(start) <= 2 && px1.abs_diff(x) <= 2
                    });
                    if !same {
                        rules.push((y as f32 * scale, start as f32 * scale, x as f32 * scale));
                    }
                    previous = Some((y, start, x));
                }
            } else {
                x += 1;
            }
        }
    }
    rules
}

/// Compares `actual` with the golden file `tests/golden/<name>`; with
/// `UPDATE_GOLDEN=1` rewrites the file instead.
pub fn golden(name: &str, actual: &str) {
    let path = root().join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "golden file {} is missing: run with UPDATE_GOLDEN=1",
            path.display()
        )
    });
    if expected != actual {
        let first = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the output at line {}:\n  golden: {:?}\n  actual: {:?}\nreview the change and run with UPDATE_GOLDEN=1 to accept it",
            path.display(),
            first + 1,
            expected.lines().nth(first),
            actual.lines().nth(first)
        );
    }
}

/// A one-sheet `.xlsx` holding `rows` (text cells, inline strings; an empty
/// text leaves the cell out), as a program that writes workbooks makes it.
pub fn xlsx_of_rows(sheet: &str, rows: &[Vec<&str>]) -> Vec<u8> {
    xlsx_of_sheets(&[(sheet, rows.to_vec())])
}

/// An .xlsx of several sheets, each `(name, rows)` as [`xlsx_of_rows`].
pub fn xlsx_of_sheets(sheets: &[(&str, Vec<Vec<&str>>)]) -> Vec<u8> {
    use std::io::Write;
    const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const RELS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const PACKAGE: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
    let escape = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let sheet_xml = |rows: &[Vec<&str>]| {
        let mut data = String::new();
        for (r, row) in rows.iter().enumerate() {
            data.push_str(&format!(r#"<row r="{}">"#, r + 1));
            for (c, text) in row.iter().enumerate() {
                if text.is_empty() {
                    continue;
                }
                let column = (b'A' + c as u8) as char;
                data.push_str(&format!(
                    r#"<c r="{column}{}" t="inlineStr"><is><t xml:space="preserve">{}</t></is></c>"#,
                    r + 1,
                    escape(text)
                ));
            }
            data.push_str("</row>");
        }
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="{MAIN}" xmlns:r="{RELS}"><sheetData>{data}</sheetData></worksheet>"#
        )
    };
    let numbered = || 1..=sheets.len();
    let overrides: String = numbered()
        .map(|n| format!(r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#))
        .collect();
    let entries: String = sheets
        .iter()
        .zip(numbered())
        .map(|((name, _), n)| {
            format!(
                r#"<sheet name="{}" sheetId="{n}" r:id="rId{n}"/>"#,
                escape(name)
            )
        })
        .collect();
    let relations: String = numbered()
        .map(|n| format!(r#"<Relationship Id="rId{n}" Type="{RELS}/worksheet" Target="worksheets/sheet{n}.xml"/>"#))
        .collect();
    let mut parts: Vec<(String, String)> = vec![
        (
            "[Content_Types].xml".to_owned(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{overrides}</Types>"#
            ),
        ),
        (
            "_rels/.rels".to_owned(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/workbook.xml".to_owned(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>{entries}</sheets></workbook>"#
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels".to_owned(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PACKAGE}">{relations}</Relationships>"#
            ),
        ),
    ];
    for ((_, rows), n) in sheets.iter().zip(numbered()) {
        parts.push((format!("xl/worksheets/sheet{n}.xml"), sheet_xml(rows)));
    }
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, part) in &parts {
        writer.start_file(name.as_str(), options).unwrap();
        writer.write_all(part.as_bytes()).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// A nominations list of `names`, each proposed for a Bằng khen of the
/// provincial chair (a Tờ trình and the chair's Quyết định).
pub fn nominations_xlsx(names: &[&str]) -> Vec<u8> {
    let mut rows = vec![
        vec!["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025"],
        vec![
            "STT",
            "Họ và tên",
            "Chức vụ",
            "Đơn vị công tác",
            "Hình thức khen thưởng",
        ],
    ];
    let numbers: Vec<String> = (1..=names.len()).map(|n| n.to_string()).collect();
    for (name, n) in names.iter().zip(&numbers) {
        rows.push(vec![
            n,
            name,
            "Chuyên viên",
            "Phòng Tổng hợp",
            "Bằng khen của Chủ tịch UBND tỉnh",
        ]);
    }
    xlsx_of_rows("Danh sách", &rows)
}

/// Points (x, y) of a 144 dpi grey rendering of `page` where dark pixels lie
/// right of `x_pt` (one per pixel row, the rightmost), for margin checks.
pub fn pdf_ink_right_of(pdf: &Path, page: usize, x_pt: f32) -> Vec<(f32, f32)> {
    let data = pdf_page_gray(pdf, page);
    let (width, height, pixels) = pgm(&data);
    let scale = 72.0 / 144.0;
    // A pixel straddling the margin may be grey from the last glyph's
    // anti-aliasing: count only pixels wholly past it.
    let first = (x_pt / scale).ceil() as usize + 1;
    let mut ink = Vec::new();
    for y in 0..height {
        let row = &pixels[y * width..(y + 1) * width];
        if let Some(x) = (first..width).rev().find(|&x| row[x] < 160) {
            ink.push((x as f32 * scale, y as f32 * scale));
        }
    }
    ink
}

/// Page `page` of `pdf` rendered at 144 dpi in grey, as a binary PGM
/// (see [`pgm`]).
fn pdf_page_gray(pdf: &Path, page: usize) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let prefix = dir.path().join("p");
    let page_arg = page.to_string();
    tool(
        "pdftoppm",
        &[
            "-r",
            "144",
            "-gray",
            "-f",
            &page_arg,
            "-l",
            &page_arg,
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let file = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "pgm"))
        .expect("pdftoppm wrote a page");
    std::fs::read(file).unwrap()
}

/// Width, height and pixels of a binary PGM (P5) image.
pub fn pgm(data: &[u8]) -> (usize, usize, &[u8]) {
    let mut fields = Vec::new();
    let mut pos = 0;
    while fields.len() < 4 {
        while data[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let start = pos;
        while !data[pos].is_ascii_whitespace() {
            pos += 1;
        }
        fields.push(String::from_utf8_lossy(&data[start..pos]).into_owned());
    }
    pos += 1;
    let width: usize = fields[1].parse().unwrap();
    let height: usize = fields[2].parse().unwrap();
    (width, height, &data[pos..])
}

/// Runs openxml-audit (an independent ECMA-376 validator, PyPI
/// `openxml-audit`) over every `.docx` below `dir` and returns, per file
/// name, its errors as "part path: description". Fails the test with a
/// clear message when the validator is not installed (.ci/run installs it).
pub fn openxml_audit(dir: &Path) -> Vec<(String, Vec<String>)> {
    let output = Command::new("python3")
        .args(["-m", "openxml_audit", "-r", "-o", "json", "-m", "0"])
        .arg(dir)
        .output()
        .unwrap_or_else(|e| panic!("python3 must be installed to run openxml-audit: {e}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("No module named openxml_audit"),
        "openxml-audit must be installed (python3 -m pip install openxml-audit; .ci/run does): {stderr}"
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "openxml-audit printed no JSON report ({e}): {}\n{stderr}",
            String::from_utf8_lossy(&output.stdout)
        )
    });
    report
        .as_array()
        .expect("one report per file")
        .iter()
        .map(|file| {
            let errors = file["errors"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|e| {
                    format!(
                        "{} {}: {}",
                        e["part_uri"].as_str().unwrap_or(""),
                        e["path"].as_str().unwrap_or(""),
                        e["description"].as_str().unwrap_or("")
                    )
                })
                .collect();
            (file["file"].as_str().unwrap_or("").to_owned(), errors)
        })
        .collect()
}

/// Number of pages of a PDF (pdfinfo).
pub fn pdf_pages(pdf: &Path) -> usize {
    tool("pdfinfo", &[pdf.to_str().unwrap()])
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo prints the page count")
}

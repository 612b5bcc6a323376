use serde_json::json;

use super::*;
use crate::document::{Block, Run, plain_text};

fn config() -> Config {
    Config::from_toml(
        r#"
[office]
parent = "UBND TỈNH QUẢNG TRỊ"
name = ["VĂN PHÒNG"]
abbreviation = "VPUBND"
name_in_text = "Văn phòng UBND tỉnh Quảng Trị"
place = "Quảng Trị"
[signer]
position = "CHÁNH VĂN PHÒNG"
name = "Nguyễn Văn A"
"#,
        None,
        Path::new("."),
    )
    .unwrap()
}

fn template(source: &str) -> Template {
    Template::parse("thu", "thu.md", source).unwrap()
}

fn first_paragraph(doc: &Document) -> String {
    doc.body
        .iter()
        .find_map(|b| match b {
            Block::Paragraph(p) => Some(plain_text(&p.runs)),
            _ => None,
        })
        .unwrap()
}

#[test]
fn values_from_data_print_literally() {
    let t = template("+++\nkind = \"BC\"\nsubject = \"{{ x }}\"\n+++\nGiá trị: {{ x }}\n");
    for value in [
        "{{ 7*7 }}",
        "{% if true %}x{% endif %}",
        "#read(\"x\")",
        "*a* **b**",
        "<w:t>&amp;",
        "$x$",
        "# heading",
        "- item",
        "::: table",
        "| a | b |",
        "\\n",
    ] {
        let doc = compose(&t, &json!({ "x": value }), &config(), 2026).unwrap();
        assert_eq!(
            first_paragraph(&doc),
            format!("Giá trị: {value}"),
            "value {value:?}"
        );
        assert_eq!(doc.subject, vec![value.to_owned()], "value {value:?}");
    }
}

#[test]
fn settings_layer_office_template_data() {
    let t = template(
        "+++\nkind = \"TTr\"\nnumber = 3\n[signer]\nposition = \"PHÓ CHÁNH VĂN PHÒNG\"\nauthority = [\"KT. CHÁNH VĂN PHÒNG\"]\n+++\nx\n",
    );
    let data = json!({ "van_ban": { "signer": { "name": "Trần Thị B" }, "date": "2026-01-05" } });
    let doc = compose(&t, &data, &config(), 2026).unwrap();
    assert_eq!(doc.number.line(), "Số: 03/TTr-VPUBND");
    assert_eq!(doc.signatory.position, "PHÓ CHÁNH VĂN PHÒNG");
    assert_eq!(doc.signatory.authority, vec!["KT. CHÁNH VĂN PHÒNG"]);
    assert_eq!(doc.signatory.name, "Trần Thị B");
    assert_eq!(
        doc.place_date.line(),
        "Quảng Trị, ngày 05 tháng 01 năm 2026"
    );
    assert_eq!(doc.issuer.parent.as_deref(), Some("UBND TỈNH QUẢNG TRỊ"));
}

#[test]
fn missing_required_data_is_named() {
    let t = template("+++\nkind = \"BC\"\nrequires = [\"nam\", \"so_ca_nhan\"]\n+++\nx\n");
    let err = compose(&t, &json!({ "nam": 2026 }), &config(), 2026).unwrap_err();
    assert_eq!(
        err.to_string(),
        "dữ liệu thiếu \"so_ca_nhan\" mà mẫu thu.md cần"
    );
}

#[test]
fn template_errors_name_file_and_line() {
    let t = template("+++\nkind = \"BC\"\n+++\ndòng một\n\n{{ x + }}\n");
    let err = compose(&t, &json!({}), &config(), 2026).unwrap_err();
    let message = err.to_string();
    assert!(message.starts_with("mẫu thu.md, dòng 6:"), "{message}");
    let t = template("+++\nkind = \"BC\"\n+++\na\n{{ khong_co }}\n");
    let message = compose(&t, &json!({}), &config(), 2026)
        .unwrap_err()
        .to_string();
    assert!(message.starts_with("mẫu thu.md, dòng 5:"), "{message}");
    assert!(
        message.contains("dữ liệu không có giá trị này"),
        "{message}"
    );
}

#[test]
fn front_matter_errors() {
    let err =
        Template::parse("t", "t.md", "+++\nkind = \"BC\"\nkhong_biet = 1\n+++\n").unwrap_err();
    assert!(err.to_string().contains("khong_biet"), "{err}");
    let err = Template::parse("t", "t.md", "+++\nkind = \n+++\n").unwrap_err();
    assert!(err.to_string().starts_with("mẫu t.md, dòng 2:"), "{err}");
    let err = Template::parse("t", "t.md", "kind = 1\n").unwrap_err();
    assert!(err.to_string().contains("+++"), "{err}");
    let t = template("+++\nkind = \"XYZ\"\n+++\n");
    let err = compose(&t, &json!({}), &config(), 2026).unwrap_err();
    assert!(err.to_string().contains("XYZ"), "{err}");
}

#[test]
fn count_filter_pads_below_ten() {
    let t = template("+++\nkind = \"BC\"\n+++\n{{ a | so }} tập thể, {{ b | so }} cá nhân\n");
    let doc = compose(&t, &json!({ "a": 2, "b": 13 }), &config(), 2026).unwrap();
    assert_eq!(first_paragraph(&doc), "02 tập thể, 13 cá nhân");
}

#[test]
fn date_forms() {
    assert_eq!(parse_date(Some("2026"), 2000).unwrap().day, None);
    assert!(parse_date(Some("2026-02-30"), 2000).is_err());
    assert!(parse_date(Some("05/01/2026"), 2000).is_err());
    assert_eq!(parse_date(None, 2031).unwrap().year, 2031);
}

#[test]
fn shipped_template_reproduces_the_reference_structure() {
    let data: serde_json::Value =
        serde_json::from_str(include_str!("../../examples/bao-cao-so-ket.json")).unwrap();
    let t = Template::find("bao-cao-so-ket", Path::new("/nonexistent")).unwrap();
    let doc = compose(&t, &data, &config(), 2026).unwrap();
    assert_eq!(doc.number.line(), "Số: 11/BC-VPUBND");
    assert_eq!(
        doc.place_date.line(),
        "Quảng Bình, ngày 28 tháng 4 năm 2022"
    );
    assert_eq!(doc.title_text().as_deref(), Some("BÁO CÁO"));
    let headings: Vec<String> = doc
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Heading { number, runs, .. }
                if number.ends_with('.') && number.chars().all(|c| "IVX.".contains(c)) =>
            {
                Some(format!("{number} {}", plain_text(runs)))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        headings,
        [
            "I. ĐẶC ĐIỂM TÌNH HÌNH",
            "II. CÔNG TÁC TRIỂN KHAI THỰC HIỆN PHONG TRÀO THI ĐUA",
            "III. KẾT QUẢ ĐẠT ĐƯỢC",
            "IV. ĐÁNH GIÁ CHUNG",
        ]
    );
    let all: String = doc
        .body
        .iter()
        .map(|b| match b {
            Block::Paragraph(p) => plain_text(&p.runs),
            _ => String::new(),
        })
        .collect();
    assert!(
        all.contains("đã có 11 tập thể, 13 cá nhân nêu gương"),
        "counts come from data"
    );
    assert_eq!(doc.signatory.position, "CHÁNH VĂN PHÒNG");
    assert_eq!(doc.signatory.name, "Nguyễn Trần Quang");
    assert_eq!(
        doc.copies_to.last().map(String::as_str),
        Some("Lưu: VT, HCTC.")
    );
    let _ = Run::plain("");
}

#[test]
fn money_filters_use_the_official_wording() {
    let t = template("+++\nkind = \"QĐ\"\n+++\nTổng {{ n | tien }} đồng ({{ n | bang_chu }}).\n");
    let doc = compose(&t, &json!({ "n": 2_340_000 }), &config(), 2026).unwrap();
    assert_eq!(
        first_paragraph(&doc),
        "Tổng 2.340.000 đồng (Hai triệu ba trăm bốn mươi nghìn đồng)."
    );
    let err = compose(&t, &json!({ "n": -5 }), &config(), 2026).unwrap_err();
    assert!(err.to_string().contains("bộ lọc \"tien\""), "{err}");
}

#[test]
fn copies_to_are_punctuated_and_archived_as_nd30_sets() {
    let lines = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        copies_as_nd30(lines(&["Ban Thi đua - Khen thưởng", "- Sở Tài chính"])),
        lines(&["Ban Thi đua - Khen thưởng;", "Sở Tài chính;", "Lưu: VT."])
    );
    assert_eq!(
        copies_as_nd30(lines(&["Như trên;", "", "Lưu: VT, TH"])),
        lines(&["Như trên;", "Lưu: VT, TH."])
    );
    assert_eq!(
        copies_as_nd30(lines(&["Như Điều 3;", "Lưu: VT, TCCB."])),
        lines(&["Như Điều 3;", "Lưu: VT, TCCB."])
    );
    assert_eq!(
        copies_as_nd30(lines(&["Lưu VT, TCCB", "Như trên"])),
        lines(&["Như trên;", "Lưu: VT, TCCB."])
    );
    assert!(copies_as_nd30(Vec::new()).is_empty());
}

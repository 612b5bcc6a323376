use super::*;

#[test]
fn blank_number_keeps_the_code() {
    let number = DocNumber {
        number: None,
        code: "BC-VPUBND".into(),
    };
    assert_eq!(number.line(), format!("Số: {NUMBER_BLANK}/BC-VPUBND"));
    let number = DocNumber {
        number: Some(5),
        code: "BC-VPUBND".into(),
    };
    assert_eq!(number.line(), "Số: 05/BC-VPUBND");
}

#[test]
fn dates_have_leading_zeros_only_where_nd30_says() {
    let date = |day, month| PartialDate {
        day: Some(day),
        month: Some(month),
        year: 2026,
    };
    assert_eq!(date(5, 1).wording(), "ngày 05 tháng 01 năm 2026");
    assert_eq!(date(28, 2).wording(), "ngày 28 tháng 02 năm 2026");
    assert_eq!(date(28, 4).wording(), "ngày 28 tháng 4 năm 2026");
    assert_eq!(date(9, 12).wording(), "ngày 09 tháng 12 năm 2026");
    let blank = PartialDate {
        day: None,
        month: None,
        year: 2026,
    };
    assert_eq!(
        blank.wording(),
        format!("ngày {NUMBER_BLANK} tháng {NUMBER_BLANK} năm 2026")
    );
}

#[test]
fn kinds_and_codes() {
    assert_eq!(DocKind::parse("BC"), Some(DocKind::BaoCao));
    assert_eq!(DocKind::parse("TTr"), Some(DocKind::ToTrinh));
    assert_eq!(DocKind::parse("Quyết định"), Some(DocKind::QuyetDinh));
    assert_eq!(DocKind::parse("cong-van"), Some(DocKind::CongVan));
    assert_eq!(DocKind::ToTrinh.code("SNV", None), "TTr-SNV");
    assert_eq!(DocKind::CongVan.code("UBND", Some("VX")), "UBND-VX");
    assert_eq!(DocKind::CongVan.title(), None);
}

#[test]
fn numbering_sequences() {
    assert_eq!(roman(1), "I");
    assert_eq!(roman(4), "IV");
    assert_eq!(roman(9), "IX");
    assert_eq!(roman(14), "XIV");
    let letters: Vec<String> = (0..8).map(diem_letter).collect();
    assert_eq!(letters, ["a", "b", "c", "d", "đ", "e", "g", "h"]);
}

#[test]
fn margins_outside_the_decree_are_refused() {
    assert!(Margins::default().validate().is_ok());
    let narrow = Margins {
        left: 25.0,
        ..Margins::default()
    };
    let message = narrow.validate().unwrap_err();
    assert!(message.contains("lề trái"), "{message}");
}

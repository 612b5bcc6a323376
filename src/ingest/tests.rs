use std::io::Write;

use super::*;

fn zip_with(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for (name, data) in entries {
        writer.start_file(*name, options).unwrap();
        writer.write_all(data).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

#[test]
fn cell_references() {
    assert_eq!(cell_ref(0, 0), "A1");
    assert_eq!(cell_ref(11, 4), "E12");
    assert_eq!(cell_ref(0, 25), "Z1");
    assert_eq!(cell_ref(0, 26), "AA1");
    assert_eq!(cell_ref(9, 701), "ZZ10");
    assert_eq!(cell_ref(0, 702), "AAA1");
}

#[test]
fn other_files_are_named_for_what_they_are() {
    let limits = Limits::default();
    let reason = |bytes: Vec<u8>| read_bytes(bytes, &limits).unwrap_err().to_string();
    assert!(reason(b"%PDF-1.7 ...".to_vec()).contains("tệp PDF"));
    assert!(reason(b"Ho va ten,Don vi\n".to_vec()).contains("tệp văn bản"));
    assert!(reason(Vec::new()).contains("tệp rỗng"));
    let docx = zip_with(&[("word/document.xml", b"<w:document/>")]);
    assert!(reason(docx).contains("tệp Word"));
    let other = zip_with(&[("a.txt", b"x")]);
    assert!(reason(other).contains("không chứa bảng tính"));
    let truncated = zip_with(&[("xl/workbook.xml", b"<workbook/>")])[..20].to_vec();
    assert!(matches!(
        read_bytes(truncated, &limits),
        Err(ReadError::Corrupt(_))
    ));
}

#[test]
fn encrypted_office_files_are_recognised() {
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend(std::iter::repeat_n(0u8, 512));
    ole.extend(
        "EncryptedPackage"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes()),
    );
    assert_eq!(
        read_bytes(ole, &Limits::default()).unwrap_err(),
        ReadError::Encrypted
    );
}

#[test]
fn a_zip_bomb_is_refused_from_its_directory() {
    let limits = Limits {
        max_unpacked_bytes: 10 * 1024 * 1024,
        ..Limits::default()
    };
    let zeros = vec![0u8; 20 * 1024 * 1024];
    let bomb = zip_with(&[
        ("xl/workbook.xml", b"<workbook/>"),
        ("xl/worksheets/sheet1.xml", &zeros),
    ]);
    assert!(bomb.len() < 100 * 1024, "the bomb is small: {}", bomb.len());
    let started = std::time::Instant::now();
    let err = read_bytes(bomb, &limits).unwrap_err();
    assert!(matches!(err, ReadError::UnpacksTooLarge { .. }), "{err}");
    assert!(
        started.elapsed().as_millis() < 500,
        "rejected without inflating"
    );
}

#[test]
fn size_limit_is_checked_first() {
    let limits = Limits {
        max_file_bytes: 10,
        ..Limits::default()
    };
    let err = read_bytes(vec![b'P'; 11], &limits).unwrap_err();
    assert!(err.to_string().starts_with("tệp quá lớn"), "{err}");
}

#[test]
fn values_display_as_a_person_reads_them() {
    assert_eq!(CellValue::Number(5.0).display(), "5");
    assert_eq!(CellValue::Number(9.5).display(), "9,5");
    assert_eq!(
        CellValue::Uncalculated("SUM(C5:E5)".into()).display(),
        "=SUM(C5:E5)"
    );
}

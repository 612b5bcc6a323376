//! What people read around the documents (issue 14), through the real
//! binary: the report a department opens in Notepad, the log's lines, the
//! admin's `status` (text and `--json`), the yearly summary that follows its
//! template and configuration and counts each unit's current list once, a
//! broken template said once by `watch`, and `--demo`.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::service::{CONFIG, age, drop_file, files, office, start_watch, wait_for_log};
use crate::util::{self, show, vanthu, xlsx_of_rows};

/// Writes a workbook into the inbox at `relative`, finished (modified a
/// minute ago).
fn drop_bytes(d: &Path, relative: &str, bytes: Vec<u8>) -> PathBuf {
    let path = d.join("inbox").join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    age(&path);
    path
}

/// A nominations list on the sheet `sheet`: its `title`, a "Đơn vị: …" row
/// when given, the usual header, then one numbered row per (name, award),
/// each a Chuyên viên of the Văn phòng.
fn list_on(sheet: &str, title: &str, unit: Option<&str>, rows: &[(&str, &str)]) -> Vec<u8> {
    let numbers: Vec<String> = (1..=rows.len()).map(|n| n.to_string()).collect();
    let mut table: Vec<Vec<&str>> = vec![vec![title]];
    table.extend(unit.map(|unit| vec![unit]));
    table.push(vec![
        "STT",
        "Họ và tên",
        "Chức vụ",
        "Đơn vị công tác",
        "Hình thức khen thưởng",
    ]);
    for ((name, award), n) in rows.iter().zip(&numbers) {
        table.push(vec![n, name, "Chuyên viên", "Văn phòng", award]);
    }
    xlsx_of_rows(sheet, &table)
}

/// [`list_on`] the sheet "DS".
fn list(title: &str, unit: Option<&str>, rows: &[(&str, &str)]) -> Vec<u8> {
    list_on("DS", title, unit, rows)
}

/// `vanthu run` in `d`: (stdout, stderr), asserting success.
fn run_logged(d: &Path) -> (String, String) {
    let out = vanthu(d, &["run"]);
    assert!(out.status.success(), "{}", show(&out));
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn status_text(d: &Path) -> String {
    let out = vanthu(d, &["status"]);
    assert!(out.status.success(), "{}", show(&out));
    String::from_utf8(out.stdout).unwrap()
}

/// Today in Vietnam (UTC+7) as "DD/MM/YYYY".
fn today_in_vietnam() -> String {
    let secs = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
        + 7 * 3600;
    // Days since 1970-01-01 to a civil date (H. Hinnant's algorithm).
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{day:02}/{month:02}/{year}")
}

#[test]
fn a_rejected_workbook_gets_a_report_a_clerk_opens_in_notepad_and_the_log_says_it_too() {
    let dir = office();
    let d = dir.path();
    drop_bytes(
        d,
        "van-phong/DS khen thưởng.xlsx",
        list_on(
            "DS khen thưởng",
            "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025",
            None,
            &[
                ("Nguyễn Thị Hoa", "Lao động tiên tiến"),
                ("", "Lao động tiên tiến"),
                ("Tran Van Binh", "Khen miệng"),
            ],
        ),
    );
    std::fs::write(
        d.join("inbox/van-phong/Công văn.docx"),
        b"PK not a workbook",
    )
    .unwrap();
    age(&d.join("inbox/van-phong/Công văn.docx"));
    drop_file(d, "b12_hong_zip.xlsx", "van-phong/hong.xlsx");
    let before = today_in_vietnam();
    let (said, log) = run_logged(d);
    let after = today_in_vietnam();
    assert!(
        said.contains("Có lỗi, chưa tạo văn bản: van-phong/DS khen thưởng.xlsx (xem van-phong/DS khen thưởng.loi.txt)"),
        "{said}"
    );

    let path = d.join("inbox/van-phong/DS khen thưởng.loi.txt");
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "a byte-order mark first"
    );
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(
        !text.replace("\r\n", "").contains('\n'),
        "Windows line ends only: {text:?}"
    );
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(lines[0], "BÁO CÁO LỖI BẢNG TÍNH", "{text}");
    assert_eq!(lines[2], "Tệp: DS khen thưởng.xlsx", "{text}");
    assert_eq!(lines[3], "Đơn vị: Văn phòng Sở", "{text}");
    let checked = lines[4].strip_prefix("Kiểm tra lúc: ").expect("the time");
    let (clock, date) = checked.split_once(" ngày ").expect("time and date");
    assert!(
        clock.len() == 5
            && clock.as_bytes()[2] == b':'
            && clock.replace(':', "").parse::<u32>().is_ok(),
        "{checked}"
    );
    assert!(date == before || date == after, "{date}, today {before}");
    assert_eq!(
        lines[6], "Chưa lập được văn bản từ bảng tính này vì 2 lỗi sau:",
        "{text}"
    );
    assert!(
        lines[8].starts_with(
            "1. Trang 'DS khen thưởng', ô B4: thiếu họ tên hoặc tên tập thể; hãy ghi tên"
        ),
        "{text}"
    );
    assert!(
        lines[9].starts_with(
            "2. Trang 'DS khen thưởng', ô E5: không nhận ra hình thức khen thưởng \"Khen miệng\""
        ),
        "{text}"
    );
    assert_eq!(
        lines[11], "Lưu ý (không phải lỗi, nhưng nên xem lại khi sửa):",
        "{text}"
    );
    assert!(
        lines[13].starts_with("1. Trang 'DS khen thưởng', ô B5: ")
            && lines[13].contains("không dấu"),
        "{text}"
    );
    let todo = lines
        .iter()
        .find(|l| l.starts_with("Cách làm: "))
        .expect("what to do");
    assert!(
        todo.contains("lưu lại đè lên tệp này") && todo.contains("báo cáo này tự xóa"),
        "{todo}"
    );
    assert_eq!(*lines.last().unwrap(), "", "ends with a line end");

    // The log says the same numbered lines, for the admin.
    assert!(
        log.contains("1. Trang 'DS khen thưởng', ô B4: thiếu họ tên hoặc tên tập thể; hãy ghi tên"),
        "{log}"
    );
    assert!(
        log.contains("2. Trang 'DS khen thưởng', ô E5: không nhận ra hình thức khen thưởng"),
        "{log}"
    );

    // A file that is no workbook: its report says so by the file's name.
    let other = util::report_of(&d.join("inbox/van-phong/Công văn.loi.txt"));
    assert!(
        other.starts_with("Công văn.docx: tệp không phải bảng tính"),
        "{other}"
    );
    let raw = std::fs::read_to_string(d.join("inbox/van-phong/Công văn.loi.txt")).unwrap();
    assert!(raw.contains("\r\nTệp: Công văn.docx\r\n"), "{raw}");
    assert!(
        raw.contains("\r\nChưa lập được văn bản từ bảng tính này vì lỗi sau:\r\n"),
        "{raw}"
    );
    assert!(
        raw.contains("\r\nCách làm: xử lý theo hướng dẫn trên"),
        "{raw}"
    );
    assert!(raw.contains("nếu tệp này gửi nhầm"), "{raw}");

    // A damaged workbook: said in Vietnamese, not in the reader's English.
    let damaged = util::report_of(&d.join("inbox/van-phong/hong.loi.txt"));
    assert!(
        damaged.starts_with("hong.xlsx: tệp bảng tính bị hỏng, không mở được (tệp bị cắt cụt hoặc hỏng phần nén bên trong"),
        "{damaged}"
    );
    for english in ["Zip", "EOCD", "archive", "error"] {
        assert!(!damaged.contains(english), "{english} in {damaged}");
    }
    let missing = vanthu(d, &["check", "khong-co.xlsx"]);
    let said = String::from_utf8_lossy(&missing.stderr);
    assert!(
        said.contains("không đọc được khong-co.xlsx: không có tệp hoặc thư mục này"),
        "{said}"
    );
    assert!(!said.contains("No such file"), "{said}");
}

#[test]
fn status_is_a_picture_of_now_in_text_and_json() {
    let dir = office();
    let d = dir.path();
    drop_file(d, "n01_danh_sach_co_ban.xlsx", "van-phong/ds.xlsx");
    drop_file(d, "b03_thieu_ho_ten.xlsx", "phòng-tổng-hợp/loi.xlsx");
    let (_, log) = run_logged(d);
    // The log has a line when a file starts and one when it ends.
    assert!(
        log.contains("bắt đầu xử lý input=van-phong/ds.xlsx"),
        "{log}"
    );
    assert!(
        log.contains("xử lý xong: đã tạo văn bản input=van-phong/ds.xlsx duration_ms="),
        "{log}"
    );
    assert!(
        log.contains(
            "xử lý xong: có lỗi, đã ghi báo cáo lỗi input=phòng-tổng-hợp/loi.xlsx duration_ms="
        ),
        "{log}"
    );
    // The same list again from the same unit, under another name.
    drop_file(
        d,
        "n01_danh_sach_co_ban.xlsx",
        "van-phong/ds (bản sao).xlsx",
    );
    let (said, _) = run_logged(d);
    assert!(
        said.contains("Trùng nội dung với tệp đã xử lý của cùng đơn vị, không xử lý lại: van-phong/ds (bản sao).xlsx"),
        "{said}"
    );
    // Now: a list open in Excel, one still being written, and what is no
    // one's list.
    drop_file(d, "n03_tieu_de_bien_the.xlsx", "van-phong/moi.xlsx");
    std::fs::write(d.join("inbox/van-phong/~$moi.xlsx"), b"owner").unwrap();
    let writing = d.join("inbox/van-phong/dang-ghi.xlsx");
    std::fs::copy(
        util::root().join("tests/fixtures/workbooks/n05_cot_doi_tuong.xlsx"),
        &writing,
    )
    .unwrap();
    std::fs::File::options()
        .write(true)
        .open(&writing)
        .unwrap()
        .set_modified(SystemTime::now() + Duration::from_secs(3600))
        .unwrap();
    for name in ["Thumbs.db", "desktop.ini", "bang.xlsx.crdownload"] {
        std::fs::write(d.join("inbox").join(name), b"x").unwrap();
    }
    // Left by an Excel that crashed yesterday: it holds nothing.
    let old_lock = d.join("inbox/~$cu.xlsx");
    std::fs::write(&old_lock, b"owner").unwrap();
    crate::service::aged(&old_lock, Duration::from_secs(13 * 3600));
    std::fs::create_dir_all(d.join("inbox/.git")).unwrap();

    let now = status_text(d);
    let expect = [
        "Không có bản vanthu nào đang chạy trên thư mục này",
        "Có lỗi, còn trong hộp thư đến (1 tệp; hãy sửa theo báo cáo lỗi bên cạnh tệp rồi lưu lại):\n  phòng-tổng-hợp/loi.xlsx: Trang 'Sheet1', ô B6: thiếu họ tên",
        "(báo cáo lỗi: phòng-tổng-hợp/loi.loi.txt)\n",
        "Đang chờ xử lý (2 tệp):\n",
        "  van-phong/dang-ghi.xlsx: vừa được ghi; chờ tệp yên một lúc cho chắc đã ghi xong\n",
        "  van-phong/moi.xlsx: đang mở trong Excel hoặc LibreOffice (có tệp khóa ~$moi.xlsx); sẽ xử lý khi tệp được đóng\n",
        "Không xử lý (6 tệp, thư mục):\n",
        "  ~$cu.xlsx: tệp khóa cũ của Excel hoặc LibreOffice (từ ",
        "do chương trình đóng đột ngột để lại; không còn giữ bảng tính, có thể xóa\n",
        "  .git/: thư mục ẩn hoặc thư mục hệ thống",
        "  Thumbs.db: tệp hệ thống của Windows\n",
        "  desktop.ini: tệp hệ thống của Windows\n",
        "  bang.xlsx.crdownload: tệp đang tải về hoặc đang chép dở",
        "  van-phong/~$moi.xlsx: tệp khóa của Excel: có người đang mở bảng tính “moi.xlsx”",
        "Bản trùng nội dung gần đây (không xử lý lại):\n  van-phong/ds (bản sao).xlsx (",
        "): trùng nội dung với van-phong/ds.xlsx; không tạo lại văn bản",
        "Văn bản đã giao gần đây:\n  van-phong/ds.xlsx (",
        "Tờ trình đề nghị khen thưởng - Văn phòng Sở",
        "Đơn vị:\n  Phòng Tổng hợp (thư mục phòng-tổng-hợp): 0 tệp đã có văn bản, 1 tệp có lỗi, 0 tệp đang chờ\n  Văn phòng Sở (thư mục van-phong): 1 tệp đã có văn bản, 0 tệp có lỗi, 2 tệp đang chờ\n",
        "Tổng: 1 tệp đã có văn bản, 1 tệp có lỗi còn trong hộp thư đến, 2 tệp đang chờ.",
    ];
    for line in expect {
        assert!(now.contains(line), "{line:?} in:\n{now}");
    }
    assert!(now.starts_with("Tình hình lúc "), "{now}");
    assert!(
        now.contains(&format!("\nHộp thư đến: {}\n", d.join("inbox").display())),
        "{now}"
    );

    // The same for scripts.
    let out = vanthu(d, &["status", "--json"]);
    assert!(out.status.success(), "{}", show(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["rejected"][0]["path"], "phòng-tổng-hợp/loi.xlsx");
    assert_eq!(json["rejected"][0]["report"], "phòng-tổng-hợp/loi.loi.txt");
    let waiting: Vec<&str> = json["waiting"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["path"].as_str().unwrap())
        .collect();
    assert_eq!(waiting, ["van-phong/dang-ghi.xlsx", "van-phong/moi.xlsx"]);
    let ignored: Vec<&str> = json["ignored"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        ignored,
        [
            ".git/",
            "Thumbs.db",
            "bang.xlsx.crdownload",
            "desktop.ini",
            "van-phong/~$moi.xlsx",
            "~$cu.xlsx"
        ]
    );
    assert_eq!(json["duplicates"][0]["path"], "van-phong/ds (bản sao).xlsx");
    assert_eq!(json["deliveries"][0]["input"], "van-phong/ds.xlsx");
    assert!(
        json["deliveries"][0]["documents"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "van-phong/Tờ trình đề nghị khen thưởng - Văn phòng Sở.pdf"),
        "{json}"
    );
    let unit = &json["units"][1];
    assert_eq!(
        (
            unit["folder"].as_str(),
            unit["name"].as_str(),
            unit["current"].as_u64(),
            unit["waiting"].as_u64(),
            unit["rejected"].as_u64()
        ),
        (
            Some("van-phong"),
            Some("Văn phòng Sở"),
            Some(1),
            Some(2),
            Some(0)
        )
    );

    // Fixed and saved: the count is of now, not history.
    drop_file(d, "n03_tieu_de_bien_the.xlsx", "phòng-tổng-hợp/loi.xlsx");
    std::fs::remove_file(d.join("inbox/van-phong/~$moi.xlsx")).unwrap();
    std::fs::remove_file(&writing).unwrap();
    run_logged(d);
    let now = status_text(d);
    assert!(
        now.contains(
            "Tổng: 3 tệp đã có văn bản, 0 tệp có lỗi còn trong hộp thư đến, 0 tệp đang chờ."
        ),
        "{now}"
    );
    assert!(!now.contains("Có lỗi, còn trong hộp thư đến"), "{now}");
}

/// The yearly summary's PDF text in `d`'s outbox, its lines joined.
fn summary_text(d: &Path) -> String {
    util::pdf_text(&d.join("outbox/Báo cáo tổng hợp khen thưởng năm 2025.pdf"))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_yearly_summary_counts_each_units_current_list_once_and_follows_template_and_signer() {
    let dir = office();
    let d = dir.path();
    let config = format!("{CONFIG}\n[signer]\nname = \"Nguyễn Văn Bình\"\n");
    std::fs::write(d.join("vanthu.toml"), &config).unwrap();
    drop_bytes(
        d,
        "van-phong/ds.xlsx",
        util::nominations_xlsx(&["Lê Văn An", "Trần Thị Bích", "Phạm Văn Cường"]),
    );
    run_logged(d);
    let text = summary_text(d);
    assert!(
        text.contains("của 01 đơn vị với tổng số 03 cá nhân"),
        "{text}"
    );
    assert!(text.contains("Nguyễn Văn Bình"), "{text}");
    assert!(!text.contains("mỗi khi"), "no internal note: {text}");

    // A corrected copy saved under a new name replaces the first list.
    drop_bytes(
        d,
        "van-phong/ds (đã sửa).xlsx",
        util::nominations_xlsx(&["Lê Văn An", "Trần Thị Bích"]),
    );
    let (_, log) = run_logged(d);
    let text = summary_text(d);
    assert!(
        text.contains("của 01 đơn vị với tổng số 02 cá nhân"),
        "the latest list only, not 05: {text}"
    );
    assert!(
        log.contains("báo cáo tổng hợp tính danh sách mới nhất của đơn vị thay cho danh sách cũ"),
        "{log}"
    );

    // The same list sent again from the inbox itself, its unit on its
    // title row: still one list of one unit.
    let chair = "Bằng khen của Chủ tịch UBND tỉnh";
    drop_bytes(
        d,
        "tu-van-phong.xlsx",
        list(
            "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025",
            Some("Đơn vị: Văn phòng Sở"),
            &[("Lê Văn An", chair), ("Trần Thị Bích", chair)],
        ),
    );
    let (said, _) = run_logged(d);
    assert!(said.contains("từ tu-van-phong.xlsx"), "{said}");
    let text = summary_text(d);
    assert!(
        text.contains("của 01 đơn vị với tổng số 02 cá nhân"),
        "{text}"
    );

    // Another list of the unit, by its title (the danh hiệu list beside
    // the hình thức list): counted beside it, not instead.
    drop_bytes(
        d,
        "van-phong/danh hieu.xlsx",
        list(
            "DANH SÁCH ĐỀ NGHỊ CÔNG NHẬN DANH HIỆU THI ĐUA NĂM 2025",
            None,
            &[("Vũ Thị Em", "Lao động tiên tiến")],
        ),
    );
    run_logged(d);
    let text = summary_text(d);
    assert!(
        text.contains("của 01 đơn vị với tổng số 03 cá nhân"),
        "the unit's two lists: {text}"
    );

    // The signer changes: asked for by name, the summary is made again.
    std::fs::write(
        d.join("vanthu.toml"),
        config.replace("Nguyễn Văn Bình", "Hoàng Thị Duyên"),
    )
    .unwrap();
    let out = vanthu(d, &["regenerate", "--template", "bao-cao-tong-hop"]);
    assert!(out.status.success(), "{}", show(&out));
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        said,
        "Đã tạo lại báo cáo tổng hợp khen thưởng năm 2025 (DOCX và PDF).\n",
        "{}",
        show(&out)
    );
    let text = summary_text(d);
    assert!(text.contains("Hoàng Thị Duyên"), "{text}");
    assert!(!text.contains("Nguyễn Văn Bình"), "{text}");

    // Its template changes: the next pass makes it again.
    std::fs::create_dir_all(d.join("templates")).unwrap();
    let template = include_str!("../templates/bao-cao-tong-hop.md").replace(
        "Kết quả tổng hợp như sau:",
        "Kết quả tổng hợp (theo mẫu của cơ quan) như sau:",
    );
    std::fs::write(d.join("templates/bao-cao-tong-hop.md"), template).unwrap();
    age(&d.join("templates/bao-cao-tong-hop.md"));
    run_logged(d);
    let text = summary_text(d);
    assert!(text.contains("theo mẫu của cơ quan"), "{text}");

    // Deleted from the outbox by mistake: the next pass writes it again.
    let pdf = d.join("outbox/Báo cáo tổng hợp khen thưởng năm 2025.pdf");
    std::fs::remove_file(&pdf).unwrap();
    run_logged(d);
    assert!(pdf.exists(), "{:?}", files(&d.join("outbox")));
}

#[test]
fn watch_says_a_broken_template_once_per_change_and_serves_the_rest() {
    let dir = office();
    let d = dir.path();
    std::fs::create_dir_all(d.join("templates")).unwrap();
    let broken = "+++\nkind = \"TTr\"\n+++\nKính trình.\n{% if so_tap_the %}\nCó tập thể.\n";
    std::fs::write(d.join("templates/to-trinh-khen-thuong.md"), broken).unwrap();
    age(&d.join("templates/to-trinh-khen-thuong.md"));
    let (mut watch, log) = start_watch(d);
    wait_for_log(
        &log,
        "mẫu văn bản có lỗi, văn bản dùng mẫu này chưa được tạo cho đến khi sửa xong: mẫu templates/to-trinh-khen-thuong.md, dòng 6",
    );
    // A list needing the broken template waits; a score sheet is served.
    drop_file(d, "n01_danh_sach_co_ban.xlsx", "van-phong/ds.xlsx");
    drop_file(d, "s01_bang_diem_co_ban.xlsx", "van-phong/diem.xlsx");
    let score = d.join("outbox/van-phong/Báo cáo kết quả chấm điểm thi đua - Văn phòng Sở.pdf");
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while !score.exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(score.exists(), "{:?}", files(&d.join("outbox")));
    wait_for_log(&log, "sẽ thử lại tệp sau");
    // More passes (another file arrives): the template is not said again.
    drop_file(d, "s01_bang_diem_co_ban.xlsx", "phòng-tổng-hợp/diem.xlsx");
    let other =
        d.join("outbox/phòng-tổng-hợp/Báo cáo kết quả chấm điểm thi đua - Phòng Tổng hợp.pdf");
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while !other.exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(other.exists(), "{:?}", files(&d.join("outbox")));
    let said = std::fs::read_to_string(&log).unwrap();
    assert_eq!(
        said.matches("mẫu văn bản có lỗi, văn bản dùng mẫu này")
            .count(),
        1,
        "{said}"
    );
    // Mended: said once, and the list's documents follow.
    std::fs::remove_file(d.join("templates/to-trinh-khen-thuong.md")).unwrap();
    wait_for_log(&log, "mẫu văn bản đã hết lỗi");
    // A broken configuration under a running watch: it goes on with the
    // last good one, and status says so.
    std::fs::write(
        d.join("vanthu.toml"),
        format!("{CONFIG}\n[office]\nplce = \"Quảng Trị\"\n"),
    )
    .unwrap();
    age(&d.join("vanthu.toml"));
    wait_for_log(&log, "cấu hình mới có lỗi; vẫn dùng cấu hình cũ");
    let status = status_text(d);
    assert!(
        status.starts_with("Cấu hình có lỗi, vanthu watch (PID ")
            && status.contains("đang chạy vẫn dùng cấu hình cũ cho đến khi sửa xong"),
        "{status}"
    );
    watch.kill().unwrap();
    watch.wait().unwrap();
    std::fs::write(d.join("vanthu.toml"), CONFIG).unwrap();
    let status = status_text(d);
    assert!(!status.starts_with("Mẫu văn bản có lỗi"), "{status}");
    // A draft of the admin's own, broken, makes no document: not loud.
    std::fs::write(d.join("templates/ban-nhap.md"), broken).unwrap();
    let out = vanthu(d, &["run"]);
    assert!(out.status.success(), "{}", show(&out));
    assert!(!status_text(d).contains("ban-nhap"));
}

#[test]
fn demo_copies_the_examples_into_the_inbox_and_makes_their_documents() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let init = vanthu(d, &["init"]);
    assert!(init.status.success(), "{}", show(&init));
    let out = vanthu(d, &["run", "--demo"]);
    assert!(out.status.success(), "{}", show(&out));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("Đã chép 3 bảng tính mẫu vào hộp thư đến"),
        "{said}"
    );
    let made = files(&d.join("outbox"));
    for doc in [
        "Báo cáo tổng hợp khen thưởng năm 2025.pdf",
        "chung/Báo cáo kết quả chấm điểm thi đua - Ban Thi đua - Khen thưởng.pdf",
    ] {
        assert!(made.contains(doc), "{doc} in {made:?}");
    }
    assert!(
        made.iter()
            .any(|f| f.starts_with("phong-tong-hop/Tờ trình đề nghị khen thưởng")),
        "{made:?}"
    );
    // The examples in the source are not consumed.
    assert!(
        util::root()
            .join("examples/inbox/phong-tong-hop/Danh sách đề nghị khen thưởng.xlsx")
            .exists()
    );
    // A file of that name already in the inbox is a department's: kept,
    // even written in another Unicode form (by a Mac).
    use unicode_normalization::UnicodeNormalization;
    let nfd: String = "Bảng chấm điểm thi đua.xlsx".nfd().collect();
    let mine = d.join("inbox").join(nfd);
    std::fs::write(&mine, b"of the department").unwrap();
    let out = vanthu(d, &["run", "--demo"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("Đã có sẵn trong hộp thư đến, không chép đè:\n  Bảng chấm điểm thi đua.xlsx"),
        "{said}"
    );
    assert_eq!(std::fs::read(&mine).unwrap(), b"of the department");
    assert_eq!(
        std::fs::read_dir(d.join("inbox"))
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".xlsx"))
            .count(),
        1,
        "no second copy beside it"
    );
}

/// Two rejected files whose reports would share a name (a dotted name
/// beside the plain one, long names cut alike) each keep their own report,
/// status points to each, and fixing one leaves the other's report. Three
/// of them hold one content: all are judged in the one pass.
#[test]
fn reports_of_files_named_alike_never_share_a_name() {
    let dir = office();
    let d = dir.path();
    drop_file(d, "b01_vuot_diem_toi_da.xlsx", ".ds.xlsx");
    drop_file(d, "b03_thieu_ho_ten.xlsx", "ds.xlsm");
    let long = "Danh sách đề nghị khen thưởng ".repeat(6);
    drop_file(d, "b03_thieu_ho_ten.xlsx", &format!("{long}Phòng A.xlsx"));
    drop_file(d, "b03_thieu_ho_ten.xlsx", &format!("{long}Phòng B.xlsx"));
    let (said, _) = run_logged(d);
    let reports: Vec<String> = files(&d.join("inbox"))
        .into_iter()
        .filter(|f| f.ends_with(".loi.txt"))
        .collect();
    assert_eq!(reports.len(), 4, "{reports:?}\n{said}");
    let named: Vec<String> = reports
        .iter()
        .map(|r| {
            let text = std::fs::read_to_string(d.join("inbox").join(r)).unwrap();
            text.split("\r\n")
                .find_map(|l| l.strip_prefix("Tệp: "))
                .unwrap()
                .to_owned()
        })
        .collect();
    let mut named_sorted = named.clone();
    named_sorted.sort();
    named_sorted.dedup();
    assert_eq!(named_sorted.len(), 4, "each report its own file: {named:?}");
    // Status names each file's own report.
    let out = vanthu(d, &["status", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for r in json["rejected"].as_array().unwrap() {
        let report = r["report"].as_str().expect("a report");
        let text = std::fs::read_to_string(d.join("inbox").join(report)).unwrap();
        let path = r["path"].as_str().unwrap();
        assert!(
            text.contains(&format!("\r\nTệp: {path}\r\n")),
            "{path} → {report}"
        );
    }
    // The dotted file fixed: its report goes, the other's stays.
    let ds = json["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"] == "ds.xlsm")
        .unwrap()["report"]
        .as_str()
        .unwrap()
        .to_owned();
    drop_file(d, "n01_danh_sach_co_ban.xlsx", ".ds.xlsx");
    run_logged(d);
    let left: Vec<String> = files(&d.join("inbox"))
        .into_iter()
        .filter(|f| f.ends_with(".loi.txt"))
        .collect();
    assert_eq!(left.len(), 3, "{left:?}");
    assert!(left.contains(&ds), "{ds} in {left:?}");
    // Status still points each rejected file to a report that is its.
    let out = vanthu(d, &["status", "--json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for r in json["rejected"].as_array().unwrap() {
        let path = r["path"].as_str().unwrap();
        let report = r["report"]
            .as_str()
            .unwrap_or_else(|| panic!("{path}: {json}"));
        let text = std::fs::read_to_string(d.join("inbox").join(report)).unwrap();
        assert!(
            text.contains(&format!("\r\nTệp: {path}\r\n")),
            "{path} → {report}"
        );
    }
}

/// A big pass shows a progress bar on a terminal (through `script`, which
/// gives the run one), and none when the log goes to a file or a pipe.
#[test]
fn a_big_pass_shows_a_progress_bar_only_on_a_terminal() {
    let names: Vec<String> = (1..=12)
        .map(|n| format!("Nguyễn Văn Bình {n:02}"))
        .collect();
    let make = |d: &Path| {
        for (n, name) in names.iter().enumerate() {
            let path = d.join(format!("inbox/van-phong/ds{n:02}.xlsx"));
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            // Each list its own content, so none is a duplicate.
            std::fs::write(&path, util::nominations_xlsx(&[name, "Trần Thị Cúc"])).unwrap();
            age(&path);
        }
    };
    let dir = office();
    let d = dir.path();
    make(d);
    let typescript = d.join("typescript");
    // A machine without pseudo-terminals cannot give the run a terminal;
    // the log's side below is checked all the same.
    let terminal = Path::new("/dev/ptmx").exists();
    if terminal {
        let status = std::process::Command::new("script")
            .args(["-q", "-e", "-c"])
            .arg(format!("{} run", env!("CARGO_BIN_EXE_vanthu")))
            .arg(&typescript)
            .current_dir(d)
            .stdout(std::process::Stdio::null())
            .status()
            .expect("script (util-linux) runs");
        assert!(status.success());
        let shown = String::from_utf8_lossy(&std::fs::read(&typescript).unwrap()).into_owned();
        assert!(shown.contains("/12 tệp"), "{shown}");
        assert!(shown.contains("Đã tạo"), "{shown}");
    } else {
        eprintln!("no /dev/ptmx here: the progress bar on a terminal is not tried");
    }

    let plain = office();
    make(plain.path());
    let (_, log) = run_logged(plain.path());
    assert!(!log.contains("/12 tệp"), "{log}");
    assert!(log.contains("xử lý xong: đã tạo văn bản"), "{log}");
}

/// Two files whose names differ only in their Unicode form (one saved on
/// Windows, one copied from a Mac) are two inputs: each keeps its
/// documents and its own report, and the summary counts both lists.
#[test]
fn names_alike_but_for_their_unicode_form_are_two_files() {
    use unicode_normalization::UnicodeNormalization;
    let dir = office();
    let d = dir.path();
    let list = |title: &str, name: &str, award: &str| list(title, None, &[(name, award)]);
    let folder = d.join("inbox/van-phong");
    std::fs::create_dir_all(&folder).unwrap();
    let nfc: String = "Danh sách.xlsx".nfc().collect();
    let nfd: String = "Danh sách.xlsx".nfd().collect();
    std::fs::write(
        folder.join(&nfc),
        list(
            "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025",
            "Lê Văn An",
            "Lao động tiên tiến",
        ),
    )
    .unwrap();
    std::fs::write(
        folder.join(&nfd),
        list(
            "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG ĐỢT 2 NĂM 2025",
            "Vũ Thị Em",
            "Chiến sĩ thi đua cơ sở",
        ),
    )
    .unwrap();
    age(&folder.join(&nfc));
    age(&folder.join(&nfd));
    run_logged(d);
    let rows = util::ledger_rows(d);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_ne!(rows[0].0, rows[1].0, "two names in the ledger");
    assert!(rows.iter().all(|(_, state, _)| state == "done"), "{rows:?}");
    let made = files(&d.join("outbox"));
    // The second list's documents carry its file's name beside the first.
    for decision in [
        "van-phong/Tờ trình đề nghị khen thưởng - Văn phòng Sở.pdf",
        "van-phong/Tờ trình đề nghị khen thưởng - Văn phòng Sở (Danh sách).pdf",
    ] {
        assert!(made.contains(decision), "{decision} in {made:?}");
    }
    let text = summary_text(d);
    assert!(
        text.contains("của 01 đơn vị với tổng số 02 cá nhân"),
        "{text}"
    );

    // Both faulty: two reports, each naming its own file's problem.
    std::fs::write(
        folder.join(&nfc),
        list("DANH SÁCH NĂM 2025", "", "Lao động tiên tiến"),
    )
    .unwrap();
    std::fs::write(
        folder.join(&nfd),
        list("DANH SÁCH NĂM 2025", "Lê Văn An", "Khen miệng"),
    )
    .unwrap();
    age(&folder.join(&nfc));
    age(&folder.join(&nfd));
    run_logged(d);
    let reports: Vec<String> = files(&folder)
        .into_iter()
        .filter(|f| f.ends_with(".loi.txt"))
        .collect();
    assert_eq!(reports.len(), 2, "{reports:?}");
    let said: Vec<String> = reports
        .iter()
        .map(|r| util::report_of(&folder.join(r)))
        .collect();
    assert!(said.iter().any(|s| s.contains("thiếu họ tên")), "{said:?}");
    assert!(said.iter().any(|s| s.contains("Khen miệng")), "{said:?}");

    // The NFC one fixed: it leaves with its report; its twin's stays.
    std::fs::write(
        folder.join(&nfc),
        list("DANH SÁCH NĂM 2025", "Lê Văn An", "Lao động tiên tiến"),
    )
    .unwrap();
    age(&folder.join(&nfc));
    run_logged(d);
    let reports: Vec<String> = files(&folder)
        .into_iter()
        .filter(|f| f.ends_with(".loi.txt"))
        .collect();
    assert_eq!(reports.len(), 1, "{reports:?}");
    let left = util::report_of(&folder.join(&reports[0]));
    assert!(left.contains("Khen miệng"), "{left}");
}

/// Lists of one unit taken in one pass: the one saved last is the current
/// one, its title's punctuation aside; the unit written in capitals on a
/// title row is the same unit, printed as the configuration names it.
#[test]
fn the_summary_takes_the_last_saved_list_and_one_unit_however_written() {
    let dir = office();
    let d = dir.path();
    let list = |title: &str, unit: Option<&str>, names: &[&str]| {
        let rows: Vec<(&str, &str)> = names.iter().map(|n| (*n, "Lao động tiên tiến")).collect();
        list(title, unit, &rows)
    };
    let write = |relative: &str, bytes: Vec<u8>, ago: u64| {
        let path = drop_bytes(d, relative, bytes);
        crate::service::aged(&path, Duration::from_secs(ago));
    };
    // The corrected copy sorts first by name but was saved last.
    write(
        "van-phong/A sửa lại.xlsx",
        list(
            "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025.",
            None,
            &["Lê Văn An", "Trần Thị Bích"],
        ),
        60,
    );
    write(
        "van-phong/B ban dau.xlsx",
        list(
            "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025",
            None,
            &["Lê Văn An", "Trần Thị Bích", "Phạm Văn Cường"],
        ),
        600,
    );
    // Another list of the same unit, its name in capitals on a title row.
    write(
        "tu-van-phong.xlsx",
        list(
            "DANH SÁCH ĐỀ NGHỊ CÔNG NHẬN DANH HIỆU THI ĐUA NĂM 2025",
            Some("Đơn vị: VĂN PHÒNG SỞ"),
            &["Vũ Thị Em"],
        ),
        60,
    );
    run_logged(d);
    let text = summary_text(d);
    assert!(
        text.contains("của 01 đơn vị với tổng số 03 cá nhân"),
        "the corrected list (2) and the other list (1) of one unit: {text}"
    );
    assert!(text.contains("Văn phòng Sở"), "{text}");
    assert!(!text.contains("VĂN PHÒNG SỞ"), "{text}");
    // Its documents name the unit as configured too.
    let made = files(&d.join("outbox"));
    assert!(
        made.iter()
            .any(|f| f.starts_with("chung/") && f.ends_with("- Văn phòng Sở.pdf")),
        "{made:?}"
    );
}

/// Namesakes arriving one by one: each rejected file's report moves to
/// the name that is its now, the old one goes, and status points to it.
#[test]
fn reports_follow_their_files_when_namesakes_arrive() {
    let dir = office();
    let d = dir.path();
    let check = |d: &Path, expected: usize| {
        let reports: Vec<String> = files(&d.join("inbox"))
            .into_iter()
            .filter(|f| f.ends_with(".loi.txt"))
            .collect();
        assert_eq!(reports.len(), expected, "{reports:?}");
        let out = vanthu(d, &["status", "--json"]);
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let rejected = json["rejected"].as_array().unwrap();
        assert_eq!(rejected.len(), expected, "{json}");
        for r in rejected {
            let path = r["path"].as_str().unwrap();
            let report = r["report"]
                .as_str()
                .unwrap_or_else(|| panic!("{path}: {json}"));
            let text = std::fs::read_to_string(d.join("inbox").join(report)).unwrap();
            assert!(
                text.contains(&format!("\r\nTệp: {path}\r\n")),
                "{path} → {report}"
            );
        }
    };
    drop_file(d, "b02_diem_am.xlsx", "ds.xlsx");
    run_logged(d);
    check(d, 1);
    drop_file(d, "b05_tong_sai.xlsx", "ds.xls");
    run_logged(d);
    check(d, 2);
    drop_file(d, "b01_vuot_diem_toi_da.xlsx", "ds.xls.xlsx");
    run_logged(d);
    check(d, 3);
}

/// A file name holding a line break or an escape (made by a script, or on
/// a Mac): the run's lines, the log's and the status's stay one per file,
/// and nothing steers the terminal.
#[test]
fn a_name_with_a_line_break_or_an_escape_stays_on_its_line() {
    let dir = office();
    let d = dir.path();
    drop_file(d, "b03_thieu_ho_ten.xlsx", "ten\nmoi.xlsx");
    drop_file(d, "b01_vuot_diem_toi_da.xlsx", "esc\u{1b}[2Jx.xlsx");
    let (said, log) = run_logged(d);
    let status = status_text(d);
    for (what, text) in [("run", &said), ("log", &log), ("status", &status)] {
        assert!(!text.contains('\u{1b}'), "{what}: {text:?}");
        assert!(
            !text.lines().any(|l| l.starts_with("moi.xlsx")),
            "{what}: {text}"
        );
    }
    assert!(
        said.contains("Có lỗi, chưa tạo văn bản: ten moi.xlsx"),
        "{said}"
    );
    assert!(
        status.contains("\n  ten moi.xlsx: Trang 'Sheet1'"),
        "{status}"
    );
}

/// `vanthu.toml` names its own folders and then breaks under a running
/// watch: status still reads those folders (the watch, the waiting file),
/// and says the running watch keeps the last good configuration.
#[test]
fn status_on_a_broken_configuration_reads_the_folders_it_names() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let config = format!(
        "{}\ninbox = \"den\"\noutbox = \"di\"\nstate = \".trangthai\"\n",
        CONFIG
    );
    std::fs::write(d.join("vanthu.toml"), &config).unwrap();
    std::fs::create_dir_all(d.join("den")).unwrap();
    let (mut watch, log) = start_watch(d);
    std::fs::write(d.join("vanthu.toml"), format!("{config}\n[office\n")).unwrap();
    age(&d.join("vanthu.toml"));
    wait_for_log(&log, "cấu hình mới có lỗi; vẫn dùng cấu hình cũ");
    let path = d.join("den/ds.xlsx");
    std::fs::write(&path, b"").unwrap();
    let status = status_text(d);
    watch.kill().unwrap();
    watch.wait().unwrap();
    assert!(
        status.contains("đang chạy vẫn dùng cấu hình cũ"),
        "the watch is found in the configured state folder: {status}"
    );
    assert!(
        status.contains(&format!("\nHộp thư đến: {}\n", d.join("den").display())),
        "{status}"
    );
    assert!(status.contains("\n  ds.xlsx: "), "{status}");

    // A key written twice: its first line is read, the rest of the folders
    // too.
    std::fs::write(
        d.join("vanthu.toml"),
        config.replace("inbox = \"den\"", "inbox = \"den\"\ninbox = \"khac\""),
    )
    .unwrap();
    let status = status_text(d);
    assert!(status.contains("khóa `inbox` được ghi hai lần"), "{status}");
    assert!(
        status.contains(&format!("\nHộp thư đến: {}\n", d.join("den").display())),
        "{status}"
    );
}

/// A file still being copied while `status` looks: it is said to be
/// written now (looked at twice, a moment apart), not merely "just written".
#[test]
fn status_says_a_file_being_written_is_being_written() {
    let dir = office();
    let d = dir.path();
    let path = d.join("inbox/van-phong/dang-chep.xlsx");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (path, stop) = (path.clone(), std::sync::Arc::clone(&stop));
        std::thread::spawn(move || {
            use std::io::Write;
            let mut file = std::fs::File::create(&path).unwrap();
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                file.write_all(&[0u8; 512]).unwrap();
                file.flush().unwrap();
                std::thread::sleep(Duration::from_millis(20));
            }
        })
    };
    std::thread::sleep(Duration::from_millis(100));
    let now = status_text(d);
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    writer.join().unwrap();
    assert!(
        now.contains(
            "  van-phong/dang-chep.xlsx: đang được ghi (kích thước hoặc thời gian sửa còn thay đổi)"
        ),
        "{now}"
    );
}

/// Two lists of one unit and one title give documents that would take one
/// name: the first in the inbox's order keeps the plain name and the
/// other's are marked with its file name, whichever is done first. Here the
/// first is long and done last; before, the short one, done first, took
/// the plain names, so the same inbox could give another outbox.
#[test]
fn of_two_namesake_lists_the_first_in_the_inbox_keeps_the_plain_names() {
    let dir = office();
    let d = dir.path();
    let family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ"];
    let middle = ["Văn", "Thị", "Minh", "Đức", "Ngọc"];
    let given = [
        "An", "Bình", "Chi", "Dũng", "Hà", "Khoa", "Lan", "Mai", "Nam", "Phúc",
    ];
    let names: Vec<String> = family
        .iter()
        .flat_map(|f| middle.iter().map(move |m| (f, m)))
        .flat_map(|(f, m)| given.iter().map(move |g| format!("{f} {m} {g}")))
        .collect();
    assert_eq!(names.len(), 300);
    let long: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "Giấy khen")).collect();
    let title = "Danh sách đề nghị khen thưởng năm 2025";
    let unit = "phòng-tổng-hợp";
    drop_bytes(d, &format!("{unit}/a-dai.xlsx"), list(title, None, &long));
    drop_bytes(
        d,
        &format!("{unit}/b-ngan.xlsx"),
        list(title, None, &[("Đỗ Thị Hằng", "Giấy khen")]),
    );
    let (said, _) = run_logged(d);
    let outbox = d.join("outbox").join(unit);
    let written = files(&outbox);
    let plain: Vec<&String> = written
        .iter()
        .filter(|f| f.ends_with(".pdf") && !f.contains('('))
        .collect();
    let marked: Vec<&String> = written
        .iter()
        .filter(|f| f.ends_with(".pdf") && f.contains("(b-ngan)"))
        .collect();
    assert!(!plain.is_empty(), "{written:?}\n{said}");
    assert_eq!(plain.len(), marked.len(), "{written:?}");
    for pdf in plain {
        let text = util::pdf_text(&outbox.join(pdf));
        assert!(
            text.contains("Phúc") && !text.contains("Đỗ Thị Hằng"),
            "{pdf} is the long list's, first in the inbox:\n{said}"
        );
    }
    for pdf in marked {
        let text = util::pdf_text(&outbox.join(pdf));
        assert!(text.contains("Đỗ Thị Hằng"), "{pdf}");
    }
}

/// Lists of one unit and one title whose file names are long and differ
/// only at the end (an office's "… bổ sung lần 1", "… bổ sung lần 2"): each
/// keeps documents of its own. Before, the input's name was cut to its
/// first 60 bytes, every fallback name came out the same, and the last
/// list's documents overwrote another's under the plain name.
#[test]
fn namesake_lists_with_long_names_never_overwrite_each_others_documents() {
    let dir = office();
    let d = dir.path();
    let unit = "phòng-tổng-hợp";
    let title = "Danh sách đề nghị khen thưởng năm 2025";
    let base = "Danh sách đề nghị khen thưởng năm 2025 của Phòng Tổng hợp";
    let people = ["Lê Văn Gốc", "Trần Thị Một", "Phạm Văn Hai", "Vũ Thị Ba"];
    let names = [
        format!("{base}.xlsx"),
        format!("{base} - bổ sung lần 1.xlsx"),
        format!("{base} - bổ sung lần 2.xlsx"),
        format!("{base} - bổ sung lần 3.xlsx"),
    ];
    for (name, person) in names.iter().zip(people) {
        drop_bytes(
            d,
            &format!("{unit}/{name}"),
            list(title, None, &[(person, "Giấy khen")]),
        );
    }
    let (said, _) = run_logged(d);
    let outbox = d.join("outbox").join(unit);
    let pdfs: Vec<String> = files(&outbox)
        .into_iter()
        .filter(|f| f.ends_with(".pdf"))
        .collect();
    assert_eq!(pdfs.len(), 4, "one document per list: {pdfs:?}\n{said}");
    for person in people {
        let holding: Vec<&String> = pdfs
            .iter()
            .filter(|pdf| util::pdf_text(&outbox.join(pdf)).contains(person))
            .collect();
        assert_eq!(holding.len(), 1, "{person} in {holding:?} of {pdfs:?}");
    }
    // The first in the inbox ("… - bổ sung lần 1" sorts before "….xlsx")
    // keeps the plain name; each marked name ends as its list's name does.
    for end in ["bổ sung lần 2).pdf", "bổ sung lần 3).pdf", "Tổng hợp).pdf"] {
        assert!(pdfs.iter().any(|p| p.ends_with(end)), "{end} in {pdfs:?}");
    }
}

/// A row too tall for one page (a "Tóm tắt thành tích" of some 2,500
/// characters) breaks across pages in the PDF, its text whole, and may
/// split in the DOCX too; the other rows stay whole. Before, the PDF kept
/// it on one page and what did not fit was cut off: past a length the
/// nominee's name and award were gone from the PDF.
#[test]
fn a_row_taller_than_a_page_breaks_and_keeps_all_its_text() {
    let dir = office();
    let d = dir.path();
    let sentence = "Trong năm 2025, đồng chí đã chủ động tham mưu xây dựng và triển khai nhiều văn bản quan trọng, hoàn thành xuất sắc nhiệm vụ được giao. ";
    let long = format!("{}Đây là câu cuối cùng.", sentence.repeat(18));
    let rows: Vec<Vec<&str>> = vec![
        vec!["Danh sách đề nghị khen thưởng năm 2025"],
        vec![
            "STT",
            "Họ và tên",
            "Chức vụ",
            "Đơn vị công tác",
            "Hình thức khen thưởng",
            "Tóm tắt thành tích",
        ],
        vec![
            "1",
            "Nguyễn Văn Bình",
            "Chuyên viên",
            "Văn phòng",
            "Bằng khen của Chủ tịch UBND tỉnh",
            "Hoàn thành tốt nhiệm vụ",
        ],
        vec![
            "2",
            "Lê Quốc Cường",
            "Chuyên viên",
            "Văn phòng",
            "Bằng khen của Chủ tịch UBND tỉnh",
            &long,
        ],
        vec![
            "3",
            "Phạm Minh Đức",
            "Chuyên viên",
            "Văn phòng",
            "Bằng khen của Chủ tịch UBND tỉnh",
            "Hoàn thành tốt nhiệm vụ",
        ],
    ];
    drop_bytes(d, "phòng-tổng-hợp/ds.xlsx", xlsx_of_rows("DS", &rows));
    let (said, _) = run_logged(d);
    let outbox = d.join("outbox").join("phòng-tổng-hợp");
    let written = files(&outbox);
    let pdf = written
        .iter()
        .find(|f| f.ends_with(".pdf") && f.starts_with("Tờ trình"))
        .unwrap_or_else(|| panic!("{written:?}\n{said}"));
    let text = util::pdf_text(&outbox.join(pdf));
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for name in ["Nguyễn Văn Bình", "Lê Quốc Cường", "Phạm Minh Đức"] {
        assert!(flat.contains(name), "{name} in {pdf}:\n{flat}");
    }
    assert!(
        flat.contains("câu cuối cùng"),
        "the long text whole in {pdf}"
    );
    assert_eq!(
        flat.matches("hoàn thành xuất sắc nhiệm vụ được giao")
            .count(),
        18,
        "every sentence of the long text"
    );
    // In the DOCX only that row may split.
    let docx = outbox.join(pdf.replace(".pdf", ".docx"));
    let parts = util::docx_parts(&docx);
    let document = String::from_utf8(parts["word/document.xml"].0.clone()).unwrap();
    assert!(document.contains("câu cuối cùng"));
    let rows = document.matches("<w:tr>").count() + document.matches("<w:tr ").count();
    assert_eq!(rows, document.matches("<w:cantSplit />").count() + 1);
}

/// A cell holding several characters no font prints names each of them
/// once in one line, so the submitter mends them all at once. Before, only
/// the first was named, and the file came back again for the next.
#[test]
fn a_cell_with_several_unprintable_characters_names_them_all() {
    let dir = office();
    let d = dir.path();
    let path = drop_bytes(
        d,
        "phòng-tổng-hợp/ds.xlsx",
        list(
            "Danh sách đề nghị khen thưởng năm 2025",
            None,
            &[("Nguyễn Văn 😀 An 🎉 😀", "Giấy khen")],
        ),
    );
    run_logged(d);
    let report = util::report_of(&path.with_file_name("ds.loi.txt"));
    let line = report
        .lines()
        .find(|l| l.contains("không in được"))
        .unwrap_or_else(|| panic!("{report}"));
    assert!(
        line.contains("các ký tự \"😀\" (U+1F600), \"🎉\" (U+1F389) không in được"),
        "{line}"
    );
    assert_eq!(line.matches("😀").count(), 1, "{line}");
}

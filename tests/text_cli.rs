//! `vanthu text ...` as an admin runs it: lines in on standard input, one
//! result per line out, in order.

use std::io::Write;
use std::process::{Command, Stdio};

fn text(args: &[&str], input: &str) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vanthu"))
        .arg("text")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
    )
}

#[test]
fn each_tool_answers_line_by_line() {
    let cases: &[(&[&str], &str, &str)] = &[
        (
            &["name"],
            "NGUYỄN văn  a\nle thi hoa\n",
            "Nguyễn Văn A\nLe Thi Hoa\n",
        ),
        (
            &["fix"],
            "Nguye\u{302}\u{303}n  Va\u{306}n A\nH\u{c3}\u{a0} N\u{e1}\u{bb}\u{2122}i\n",
            "Nguyễn Văn A\nHà Nội\n",
        ),
        (
            &["fix", "--font", ".VnTime"],
            "Phßng Tæng hîp\n",
            "Phòng Tổng hợp\n",
        ),
        (
            &["sort-names"],
            "Trần Văn Bình\nNguyễn Thị An\nLê Văn An\n",
            "Lê Văn An\nNguyễn Thị An\nTrần Văn Bình\n",
        ),
        (
            &["money"],
            "2340000\n1005000\n",
            "Hai triệu ba trăm bốn mươi nghìn đồng\nMột triệu không trăm linh năm nghìn đồng\n",
        ),
        (
            &["date"],
            "5/1/2026\n44679\n",
            "ngày 05 tháng 01 năm 2026\nngày 28 tháng 4 năm 2022\n",
        ),
    ];
    for (args, input, expected) in cases {
        let (code, out) = text(args, input);
        assert_eq!(code, Some(0), "{args:?}");
        assert_eq!(&out, expected, "{args:?} on {input:?}");
    }
}

#[test]
fn keys_match_across_case_form_and_tone_placement_only() {
    let (code, out) = text(
        &["key"],
        "Hoà Bình\nHÒA  BÌNH\nHo\u{300}a Bi\u{300}nh\nHòa Bính\nHoa Bình\n",
    );
    assert_eq!(code, Some(0));
    let keys: Vec<&str> = out.lines().collect();
    assert_eq!(keys.len(), 5);
    assert_eq!(keys[0], keys[1], "case and spacing");
    assert_eq!(keys[0], keys[2], "NFD");
    assert_ne!(keys[0], keys[3], "another tone");
    assert_ne!(keys[0], keys[4], "no tone");
}

#[test]
fn unreadable_lines_report_in_place_and_fail() {
    let (code, out) = text(&["date"], "5/1/2026\n31/2/2026\n05.01.2026\n");
    assert_eq!(code, Some(1));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0], "ngày 05 tháng 01 năm 2026");
    assert!(lines[1].starts_with("lỗi: "), "{}", lines[1]);
    assert_eq!(lines[2], "ngày 05 tháng 01 năm 2026");
}

/// `vanthu --help`, each command's help and clap's own mistakes speak
/// Vietnamese: no "Usage", "Options", "Print help" left.
#[test]
fn help_and_command_line_mistakes_are_vietnamese() {
    let dir = tempfile::tempdir().unwrap();
    let english = [
        "Usage",
        "Options",
        "Commands",
        "Arguments",
        "Print",
        "help",
        "error:",
        "For more",
        "[OPTIONS]",
        "WORKBOOK",
        "tip:",
    ];
    let mut helps = vec![vec!["--help"]];
    for command in [
        "compose",
        "check",
        "render",
        "run",
        "watch",
        "regenerate",
        "status",
        "init",
        "text",
    ] {
        helps.push(vec![command, "--help"]);
    }
    for args in helps {
        let out = crate::util::vanthu(dir.path(), &args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            crate::util::show(&out)
        );
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(said.contains("Cách dùng: vanthu"), "{args:?}: {said}");
        assert!(said.contains("Tùy chọn:"), "{args:?}: {said}");
        // "--help" itself is the flag's name; what surrounds it is not English.
        let words = said.replace("--help", "");
        for word in english {
            assert!(!words.contains(word), "{args:?}: \"{word}\" in {said}");
        }
    }
    for (args, expected) in [
        (
            vec!["chekc"],
            "lỗi: không có lệnh “chekc”; có phải “check”?",
        ),
        (vec!["check"], "lỗi: thiếu tham số <BẢNG_TÍNH>"),
        (
            vec!["check", "a.xlsx", "--bogus"],
            "lỗi: không có tùy chọn “--bogus”",
        ),
    ] {
        let out = crate::util::vanthu(dir.path(), &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(said.contains(expected), "{args:?}: {said}");
        assert!(said.contains("Cách dùng: vanthu"), "{args:?}: {said}");
        for word in ["Usage", "error:", "For more", "tip:"] {
            assert!(!said.contains(word), "{args:?}: \"{word}\" in {said}");
        }
    }
}

//! `vanthu run`: one pass over the inbox, then exit (for a scheduled task).

use anyhow::Result;

use super::ServiceArgs;
use crate::service::PassReport;

/// One pass; returns what it did, in Vietnamese, one line per file.
pub fn run(args: &ServiceArgs) -> Result<String> {
    let mut service = args.open("run")?;
    let report = service.pass(super::today())?;
    let said = describe_pass(&report);
    // A broken template is loud: the pass did what it could, the run
    // fails naming the template and its line.
    let (config, _) = args.load()?;
    let broken = crate::template::broken(&config.templates_dir);
    if !broken.is_empty() {
        anyhow::bail!(
            "mẫu văn bản có lỗi; văn bản dùng mẫu này chưa được tạo hoặc tạo lại:\n{}\n{said}",
            broken
                .iter()
                .map(|b| format!("  {b}"))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
    Ok(said)
}

/// The lines of a pass, for people.
pub fn describe_pass(report: &PassReport) -> String {
    // A name holding a line break or a control character stays on its line
    // and cannot steer the terminal.
    let n = crate::workbook::one_line;
    let mut out = String::new();
    for (input, docs) in &report.done {
        out.push_str(&format!("Đã tạo {} văn bản từ {}\n", docs.len(), n(input)));
        for doc in docs {
            out.push_str(&format!("  {}\n", n(doc)));
        }
    }
    for (input, report) in &report.rejected {
        out.push_str(&format!(
            "Có lỗi, chưa tạo văn bản: {} (xem {})\n",
            n(input),
            n(report)
        ));
    }
    for input in &report.duplicates {
        out.push_str(&format!(
            "Trùng nội dung với tệp đã xử lý của cùng đơn vị, không xử lý lại: {}\n",
            n(input)
        ));
    }
    for (input, reason) in &report.waiting {
        out.push_str(&format!("Chờ lần sau: {} ({})\n", n(input), n(reason)));
    }
    for (input, reason) in &report.retrying {
        out.push_str(&format!("Sẽ thử lại: {} ({})\n", n(input), n(reason)));
    }
    for (input, docs) in &report.regenerated {
        out.push_str(&format!(
            "Đã tạo lại {} văn bản của {} (mẫu hoặc cấu hình đã thay đổi)\n",
            docs.len(),
            n(input)
        ));
    }
    if report.stopped {
        out.push_str("Đã dừng theo yêu cầu; các tệp còn lại sẽ được xử lý ở lần chạy sau.\n");
    } else if out.is_empty() {
        out.push_str("Hộp thư đến không có tệp mới.\n");
    }
    out
}

//! `vanthu status`: what was processed, rejected and is waiting, and why.
//! Read-only: it takes no lock and writes nothing, so it works while
//! `vanthu watch` runs.

use anyhow::Result;

use super::ServiceArgs;
use crate::service::ledger::State;
use crate::service::status;

/// The status, in Vietnamese.
pub fn status(args: &ServiceArgs) -> Result<String> {
    let (config, folders) = args.load()?;
    let status = status::read(&config, &folders)?;
    let mut out = String::new();
    // What stops documents comes first.
    let broken = crate::template::broken(&config.templates_dir);
    if !broken.is_empty() {
        out.push_str("Mẫu văn bản có lỗi (văn bản dùng mẫu này chưa được tạo):\n");
        for b in &broken {
            out.push_str(&format!("  {b}\n"));
        }
    }
    match &status.writer {
        Some(writer) => out.push_str(&format!("Đang chạy: {writer}.\n")),
        None => out.push_str("Không có bản vanthu nào đang chạy trên thư mục này.\n"),
    }
    out.push_str(&format!(
        "Đã xử lý: {} tệp; bị trả lại vì lỗi: {} tệp; đang xử lý dở: {} tệp.\n",
        status.done, status.rejected, status.processing
    ));
    if !status.waiting.is_empty() {
        out.push_str(&format!("Đang chờ xử lý: {} tệp.\n", status.waiting.len()));
        for (path, reason) in &status.waiting {
            out.push_str(&format!("  {path}: {reason}\n"));
        }
    }
    if !status.recent.is_empty() {
        out.push_str("Gần đây:\n");
        for input in &status.recent {
            let state = match input.state {
                State::Done => "đã tạo văn bản",
                State::Rejected => "có lỗi",
                State::Processing => "đang xử lý dở",
                State::Received => "đã nhận, chờ ghi xong",
                State::Retry => "sẽ thử lại",
                State::Duplicate => "trùng nội dung, không xử lý lại",
                State::Withdrawn => "có lỗi, tệp đã được rút khỏi hộp thư đến",
            };
            out.push_str(&format!("  {}: {state}", input.path));
            if let Some(reason) = &input.reason {
                out.push_str(&format!(" ({reason})"));
            }
            out.push('\n');
        }
    }
    Ok(out)
}

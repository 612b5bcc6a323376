//! `vanthu status`: what was processed, rejected and is waiting, and why.
//! Read-only: it takes no lock and writes nothing, so it works while
//! `vanthu watch` runs.

use anyhow::Result;

use super::ServiceArgs;
use crate::service::ledger::State;
use crate::service::status;

/// The status, in Vietnamese.
pub fn status(args: &ServiceArgs) -> Result<String> {
    // A broken configuration is said first; the status is still read, from
    // the default folders, so the admin sees both.
    let path = args
        .config
        .clone()
        .unwrap_or_else(|| std::path::PathBuf::from("vanthu.toml"));
    let (config, folders, broken_config) = match args.load() {
        Ok((config, folders)) => (config, folders, None),
        Err(error) if path.exists() => {
            let base = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(std::path::Path::new("."));
            let config = crate::config::Config::from_toml("", Some(path.clone()), base)?;
            let folders =
                crate::service::folders_of(&config, args.inbox.as_deref(), args.outbox.as_deref());
            (config, folders, Some(format!("{error:#}")))
        }
        Err(error) => return Err(error),
    };
    let status = status::read(&config, &folders)?;
    let mut out = String::new();
    if let Some(error) = broken_config {
        out.push_str(&format!(
            "Cấu hình có lỗi, vanthu run và vanthu watch sẽ không chạy cho đến khi sửa xong:\n  {error}\n(Tình hình dưới đây đọc theo các thư mục mặc định.)\n"
        ));
    }
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

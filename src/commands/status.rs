//! `vanthu status`: what was processed, rejected and is waiting, and why.
//! Read-only: it takes no lock and writes nothing, so it works while
//! `vanthu watch` runs.

use anyhow::Result;

use super::ServiceArgs;
use crate::service::status;

/// The status as read now, with what is broken in the configuration and
/// the templates.
pub fn read(args: &ServiceArgs) -> Result<status::Status> {
    // A broken configuration is said first; the status is still read, from
    // the folders it names when those lines can be read (else the default
    // ones), so the admin sees both.
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
            let salvaged = folder_lines(&std::fs::read_to_string(&path).unwrap_or_default());
            let config = crate::config::Config::from_toml(&salvaged, Some(path.clone()), base)
                .or_else(|_| crate::config::Config::from_toml("", Some(path.clone()), base))?;
            let folders =
                crate::service::folders_of(&config, args.inbox.as_deref(), args.outbox.as_deref());
            (config, folders, Some(format!("{error:#}")))
        }
        Err(error) => return Err(error),
    };
    let mut status = status::read(&config, &folders, broken_config.is_some())?;
    status.broken_config = broken_config;
    status.broken_templates = crate::template::broken(&config.templates_dir)
        .iter()
        .map(ToString::to_string)
        .collect();
    Ok(status)
}

/// The lines of a configuration that say where the folders are (top-level
/// `templates`, and `inbox`, `outbox`, `state` of `[service]`), each kept
/// only if it reads on its own: what a broken file still tells.
fn folder_lines(text: &str) -> String {
    let mut table = String::new();
    let mut top = String::new();
    let mut service = String::new();
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            table = trimmed
                .trim_start_matches('[')
                .split(']')
                .next()
                .unwrap_or_default()
                .trim()
                .to_owned();
            continue;
        }
        let Some((key, _)) = trimmed.split_once('=') else {
            continue;
        };
        let key = key.trim();
        let wanted = match table.as_str() {
            "" => key == "templates",
            "service" => matches!(key, "inbox" | "outbox" | "state"),
            _ => false,
        };
        let target = if table.is_empty() {
            &mut top
        } else {
            &mut service
        };
        // A key written twice: its first line only.
        let again = target
            .lines()
            .any(|l| l.split_once('=').is_some_and(|(k, _)| k.trim() == key));
        if wanted && !again && trimmed.parse::<toml::Table>().is_ok() {
            target.push_str(trimmed);
            target.push('\n');
        }
    }
    format!("{top}[service]\n{service}")
}

/// The status as JSON, for scripts.
pub fn status_json(args: &ServiceArgs) -> Result<String> {
    let status = read(args)?;
    Ok(format!("{}\n", serde_json::to_string_pretty(&status)?))
}

/// The status, in Vietnamese: what needs someone first, then what waits,
/// what was delivered, and each unit.
pub fn status(args: &ServiceArgs) -> Result<String> {
    let status = read(args)?;
    // A name holding a line break or a control character stays on its line.
    let n = crate::workbook::one_line;
    // What stops documents comes first.
    let mut out = String::new();
    if let Some(error) = &status.broken_config {
        let effect = match &status.writer {
            Some(writer) => format!(
                "{writer} đang chạy vẫn dùng cấu hình cũ cho đến khi sửa xong; vanthu run hay vanthu watch chạy mới sẽ không khởi động được"
            ),
            None => "vanthu run và vanthu watch sẽ không chạy cho đến khi sửa xong".to_owned(),
        };
        out.push_str(&format!(
            "Cấu hình có lỗi, {effect}:\n  {error}\n(Tình hình dưới đây đọc theo các thư mục ghi trong tệp, nếu đọc được, hoặc thư mục mặc định.)\n\n"
        ));
    }
    if !status.broken_templates.is_empty() {
        out.push_str("Mẫu văn bản có lỗi (văn bản dùng mẫu này chưa được tạo):\n");
        for b in &status.broken_templates {
            out.push_str(&format!("  {b}\n"));
        }
        out.push('\n');
    }
    out.push_str(&format!(
        "Tình hình lúc {}\nHộp thư đến: {}\nHộp thư đi: {}\n",
        status.at, status.inbox, status.outbox
    ));
    match (&status.shared, &status.writer) {
        (Some(shared), _) => {
            out.push_str(&format!(
                "\nSổ theo dõi dùng chung (PostgreSQL): {}\n",
                shared.ledger
            ));
            let c = &shared.cluster;
            if c.workers.is_empty() {
                out.push_str("Không có máy nào đang chạy vanthu với sổ này: tệp mới chỉ được xử lý khi chạy vanthu run hoặc vanthu watch.\n");
            } else {
                let named: Vec<String> = c
                    .workers
                    .iter()
                    .enumerate()
                    .map(|(i, w)| {
                        if c.leader_at == Some(i) {
                            format!("{} (điều phối)", n(w))
                        } else {
                            n(w)
                        }
                    })
                    .collect();
                out.push_str(&format!("Các máy đang chạy: {}.\n", named.join(", ")));
            }
            if !c.claimed.is_empty() {
                out.push_str(&format!("Đang xử lý ({} tệp):\n", c.claimed.len()));
                for (path, worker) in &c.claimed {
                    out.push_str(&format!("  {} (máy {})\n", n(path), n(worker)));
                }
            }
            if c.queued > 0 {
                out.push_str(&format!("Đang chờ máy nhận: {} việc.\n", c.queued));
            }
        }
        (None, Some(writer)) => out.push_str(&format!("\nĐang chạy: {writer}.\n")),
        (None, None) => out.push_str("\nKhông có bản vanthu nào đang chạy trên thư mục này: tệp mới chỉ được xử lý khi chạy vanthu run hoặc vanthu watch.\n"),
    }
    if !status.rejected.is_empty() {
        out.push_str(&format!(
            "\nCó lỗi, còn trong hộp thư đến ({} tệp; hãy sửa theo báo cáo lỗi bên cạnh tệp rồi lưu lại):\n",
            status.rejected.len()
        ));
        for r in &status.rejected {
            out.push_str(&format!("  {}: {}", n(&r.path), n(&r.reason)));
            if let Some(report) = &r.report {
                out.push_str(&format!(" (báo cáo lỗi: {})", n(report)));
            }
            out.push('\n');
        }
    }
    if status.waiting.is_empty() {
        out.push_str("\nKhông có tệp nào đang chờ xử lý.\n");
    } else {
        out.push_str(&format!(
            "\nĐang chờ xử lý ({} tệp):\n",
            status.waiting.len()
        ));
        for w in &status.waiting {
            out.push_str(&format!("  {}: {}\n", n(&w.path), n(&w.reason)));
        }
    }
    if !status.ignored.is_empty() {
        out.push_str(&format!(
            "\nKhông xử lý ({} tệp, thư mục):\n",
            status.ignored.len()
        ));
        for i in &status.ignored {
            out.push_str(&format!("  {}: {}\n", n(&i.path), n(&i.reason)));
        }
    }
    if !status.duplicates.is_empty() {
        out.push_str("\nBản trùng nội dung gần đây (không xử lý lại):\n");
        for d in &status.duplicates {
            out.push_str(&format!("  {} ({}): {}\n", n(&d.path), d.at, n(&d.reason)));
        }
    }
    if !status.deliveries.is_empty() {
        out.push_str("\nVăn bản đã giao gần đây:\n");
        for d in &status.deliveries {
            out.push_str(&format!(
                "  {} ({}): {} tệp DOCX và PDF trong hộp thư đi",
                n(&d.input),
                d.at,
                d.documents.len()
            ));
            let names: Vec<&str> = d
                .documents
                .iter()
                .filter_map(|p| p.strip_suffix(".pdf"))
                .map(|p| p.rsplit('/').next().unwrap_or(p))
                .collect();
            if !names.is_empty() {
                out.push_str(&format!(" ({})", names.join("; ")));
            }
            out.push('\n');
        }
    }
    if !status.units.is_empty() {
        out.push_str("\nĐơn vị:\n");
        for u in &status.units {
            let folder = if u.folder.is_empty() {
                String::new()
            } else {
                format!(" (thư mục {})", u.folder)
            };
            out.push_str(&format!(
                "  {}{folder}: {} tệp đã có văn bản, {} tệp có lỗi, {} tệp đang chờ\n",
                u.name, u.current, u.rejected, u.waiting
            ));
        }
    }
    out.push_str(&format!(
        "\nTổng: {} tệp đã có văn bản, {} tệp có lỗi còn trong hộp thư đến, {} tệp đang chờ.\n",
        status.current,
        status.rejected.len(),
        status.waiting.len()
    ));
    Ok(out)
}

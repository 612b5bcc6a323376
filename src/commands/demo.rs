//! `vanthu run --demo` and `vanthu watch --demo`: the example workbooks
//! shipped inside the program are copied into the inbox first, so a
//! newcomer sees the service at work on real-looking lists without giving
//! it files of their own, and `examples/` in the source stays as it is.

use std::path::Path;
use std::time::{Duration, SystemTime};

use anyhow::Result;

use crate::outbox;

/// The example workbooks, by their path in the inbox: a score sheet for
/// the inbox itself and a nominations list for each of two units.
const EXAMPLES: &[(&str, &[u8])] = &[
    (
        "Bảng chấm điểm thi đua.xlsx",
        include_bytes!("../../examples/inbox/Bảng chấm điểm thi đua.xlsx"),
    ),
    (
        "phong-tong-hop/Danh sách đề nghị khen thưởng.xlsx",
        include_bytes!("../../examples/inbox/phong-tong-hop/Danh sách đề nghị khen thưởng.xlsx"),
    ),
    (
        "trung-tam-hcc/Danh sách khen thưởng.xlsx",
        include_bytes!("../../examples/inbox/trung-tam-hcc/Danh sách khen thưởng.xlsx"),
    ),
];

/// True when `path`, or a name that differs from it only in its Unicode
/// form (written by a Mac), is there.
fn exists_in_any_form(path: &Path) -> bool {
    use unicode_normalization::UnicodeNormalization;
    if path.exists() {
        return true;
    }
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return false;
    };
    let name: String = name.to_string_lossy().nfc().collect();
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().nfc().collect::<String>() == name)
    })
}

/// Copies the example workbooks into `inbox`; a file of that name already
/// there is left alone (it may be a department's). Each copy is dated a
/// minute back, so the pass that follows takes it at once instead of
/// waiting for it to stand still. Returns what was done, in Vietnamese.
pub fn copy_examples(inbox: &Path) -> Result<String> {
    let mut copied = Vec::new();
    let mut kept = Vec::new();
    for (relative, bytes) in EXAMPLES {
        let path = inbox.join(relative);
        if exists_in_any_form(&path) {
            kept.push(*relative);
            continue;
        }
        if let Some(folder) = path.parent() {
            outbox::create_dir_all(folder)?;
        }
        outbox::write_atomic(&path, bytes)?;
        let past = SystemTime::now() - Duration::from_secs(60);
        std::fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|f| f.set_modified(past))
            .map_err(|e| {
                anyhow::anyhow!(
                    "không đặt được thời gian của {}: {}",
                    path.display(),
                    crate::text::io_error(&e)
                )
            })?;
        copied.push(*relative);
    }
    let mut out = String::new();
    if !copied.is_empty() {
        out.push_str(&format!(
            "Đã chép {} bảng tính mẫu vào hộp thư đến {}:\n",
            copied.len(),
            inbox.display()
        ));
        for name in &copied {
            out.push_str(&format!("  {name}\n"));
        }
    }
    if !kept.is_empty() {
        out.push_str("Đã có sẵn trong hộp thư đến, không chép đè:\n");
        for name in &kept {
            out.push_str(&format!("  {name}\n"));
        }
    }
    Ok(out)
}

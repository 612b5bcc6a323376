//! `vanthu regenerate [--template NAME]`: makes again, from the archived
//! inputs, every document (or those of one template), with a progress bar.

use anyhow::Result;

use super::ServiceArgs;

/// Regenerates; returns what it did, in Vietnamese.
pub fn regenerate(args: &ServiceArgs, template: Option<&str>) -> Result<String> {
    if let Some(name) = template
        && !crate::template::built_in_names().any(|n| n == name)
    {
        anyhow::bail!(
            "không có mẫu \"{name}\"; các mẫu có văn bản tạo lại được: {}",
            {
                let mut names: Vec<&str> = crate::template::built_in_names()
                    .filter(|n| *n != "bao-cao-so-ket")
                    .collect();
                names.sort_unstable();
                names.dedup();
                names.join(", ")
            }
        );
    }
    let mut service = args.open("regenerate")?;
    let bar = crate::progress::bar(0, "tệp đầu vào");
    let done = service.regenerate(
        Some(template.unwrap_or("*")),
        super::today(),
        &|n, total| {
            bar.set_length(total as u64);
            bar.set_position(n as u64);
        },
    )?;
    bar.finish_and_clear();
    let documents: usize = done.iter().map(|(_, d)| d.len()).sum();
    let summary_only = template == Some(crate::documents::BAO_CAO_TONG_HOP);
    let mut out = if summary_only {
        String::new()
    } else {
        format!(
            "Đã tạo lại {documents} văn bản từ {} tệp đầu vào.\n",
            done.len()
        )
    };
    // The yearly summary is made from every list, not from one input: it
    // is made again with the rest (always, when asked for by name or with
    // everything).
    if !service.stopping() {
        let force = template.is_none() || summary_only;
        let years = service.refresh_summaries(super::today(), force)?;
        if !years.is_empty() {
            out.push_str(&format!(
                "Đã tạo lại báo cáo tổng hợp khen thưởng năm {} (DOCX và PDF).\n",
                years
                    .iter()
                    .map(i32::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        } else if summary_only {
            out.push_str("Chưa có danh sách đề nghị khen thưởng nào đã xử lý, nên chưa có báo cáo tổng hợp để tạo lại.\n");
        }
    }
    if service.stopping() {
        out.push_str("Đã dừng theo yêu cầu; chạy lại lệnh để tạo lại phần còn lại.\n");
    }
    Ok(out)
}

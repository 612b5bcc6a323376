//! A failed file operation's cause said in Vietnamese.

/// What went wrong, in Vietnamese, with the system's error number for the
/// admin.
pub fn io_error(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let said = match e.kind() {
        K::StorageFull => "ổ đĩa đã đầy; hãy giải phóng dung lượng",
        K::QuotaExceeded => "đã hết hạn mức dung lượng được dùng",
        K::PermissionDenied => "không có quyền truy cập (kiểm tra quyền của thư mục hoặc tệp)",
        K::NotFound => "không có tệp hoặc thư mục này",
        K::ReadOnlyFilesystem => "ổ đĩa chỉ cho phép đọc",
        K::InvalidFilename => "tên tệp quá dài hoặc không hợp lệ",
        K::FileTooLarge => "tệp quá lớn",
        K::ResourceBusy => "tệp hoặc thư mục đang bị chương trình khác giữ",
        K::AlreadyExists => "đã có tệp trùng tên",
        K::IsADirectory => "đây là thư mục, không phải tệp",
        K::Interrupted | K::TimedOut => "thao tác bị gián đoạn",
        _ => "lỗi hệ thống khi đọc ghi tệp",
    };
    match e.raw_os_error() {
        Some(code) => format!("{said} (mã lỗi {code})"),
        None => said.to_owned(),
    }
}

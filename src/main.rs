//! The `vanthu` command: parses arguments, calls one library function per
//! subcommand, prints the result or the error in Vietnamese.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// mimalloc: Typst allocates heavily while laying out long lists; this
/// allocator renders them about 15 % faster with half the peak memory of
/// the system one (measured on the 5,000-row benchmark list). It is built
/// without transparent huge pages (`no_thp` in Cargo.toml): where the
/// kernel grants them on request (`madvise`, the Debian and Ubuntu
/// default) the kernel zeroed 2 MB pages for every arena, costing 1 to 2 s
/// of system time on the 5,000-row list and doubling the batch's peak.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// vanthu: văn bản hành chính theo Nghị định 30/2020/NĐ-CP từ bảng tính.
#[derive(Parser)]
#[command(
    name = "vanthu",
    version,
    about = "vanthu: soạn văn bản hành chính (Tờ trình, Quyết định, Báo cáo, Danh sách) đúng thể thức Nghị định 30/2020/NĐ-CP từ bảng tính của các phòng, ban, xuất DOCX và PDF"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Điền mẫu văn bản bằng dữ liệu JSON, ghi ra DOCX và PDF.
    Compose {
        /// Tên mẫu (trong thư mục templates/ hoặc mẫu có sẵn) hoặc đường dẫn tệp mẫu.
        template: String,
        /// Tệp dữ liệu JSON.
        #[arg(long)]
        data: PathBuf,
        /// Thư mục ghi kết quả.
        #[arg(long)]
        out: PathBuf,
        /// Tệp cấu hình (mặc định: vanthu.toml trong thư mục hiện tại, nếu có).
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Kiểm tra một bảng tính: in những gì nhận ra được, hoặc các lỗi kèm vị trí ô.
    Check {
        /// Tệp bảng tính (.xlsx, .xlsm, .xls, .xlsb, .ods).
        workbook: PathBuf,
        /// Tệp cấu hình (mặc định: vanthu.toml trong thư mục hiện tại, nếu có).
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Tạo mọi văn bản (DOCX và PDF) từ một bảng tính; nếu có lỗi, ghi tệp <tên>.loi.txt.
    Render {
        /// Tệp bảng tính.
        workbook: PathBuf,
        /// Thư mục ghi kết quả.
        #[arg(long)]
        out: PathBuf,
        /// Tệp cấu hình (mặc định: vanthu.toml trong thư mục hiện tại, nếu có).
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Xử lý một lượt mọi tệp trong hộp thư đến rồi thoát (cho lịch chạy định kỳ).
    Run {
        /// Chép trước các bảng tính mẫu có sẵn trong chương trình vào hộp thư đến (để chạy thử).
        #[arg(long)]
        demo: bool,
        #[command(flatten)]
        folders: FolderArgs,
    },
    /// Theo dõi hộp thư đến và tạo văn bản ngay khi tệp được chép xong (dừng bằng Ctrl+C).
    Watch {
        /// Chép trước các bảng tính mẫu có sẵn trong chương trình vào hộp thư đến (để chạy thử).
        #[arg(long)]
        demo: bool,
        #[command(flatten)]
        folders: FolderArgs,
    },
    /// Tạo lại văn bản từ các bảng tính đã lưu (sau khi sửa mẫu hoặc cấu hình).
    Regenerate {
        /// Chỉ tạo lại văn bản của mẫu này (mặc định: mọi mẫu).
        #[arg(long)]
        template: Option<String>,
        #[command(flatten)]
        folders: FolderArgs,
    },
    /// In tình hình lúc này: tệp đang chờ (và lý do), tệp có lỗi, tệp không xử lý, văn bản đã giao, từng đơn vị.
    Status {
        /// In dạng JSON (cho các chương trình khác đọc).
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        folders: FolderArgs,
    },
    /// Tạo vanthu.toml (có chú thích mọi mục), các thư mục và mẫu văn bản.
    Init {
        /// Thư mục (mặc định: thư mục hiện tại).
        dir: Option<PathBuf>,
    },
    /// Công cụ văn bản tiếng Việt: đọc từng dòng từ đầu vào chuẩn, in kết quả từng dòng.
    Text {
        #[command(subcommand)]
        command: TextCommand,
    },
}

#[derive(clap::Args)]
struct FolderArgs {
    /// Tệp cấu hình (mặc định: vanthu.toml trong thư mục hiện tại, nếu có).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Hộp thư đến cho lần chạy này.
    #[arg(long)]
    inbox: Option<PathBuf>,
    /// Hộp thư đi cho lần chạy này.
    #[arg(long)]
    outbox: Option<PathBuf>,
}

impl FolderArgs {
    fn into_args(self) -> vanthu::commands::ServiceArgs {
        vanthu::commands::ServiceArgs {
            config: self.config,
            inbox: self.inbox,
            outbox: self.outbox,
        }
    }
}

/// Log times in Vietnam's time (UTC+7), as `vanthu status` and the
/// office's clocks show them.
struct VietnamTime;

impl tracing_subscriber::fmt::time::FormatTime for VietnamTime {
    fn format_time(&self, w: &mut tracing_subscriber::fmt::format::Writer<'_>) -> std::fmt::Result {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        let secs = now.as_secs() as i64;
        let local = secs + 7 * 3600;
        let day = vanthu::text::Date::in_vietnam_at(secs);
        let time = local.rem_euclid(86_400);
        match day {
            Some(d) => write!(
                w,
                "{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:03}+07",
                d.year(),
                d.month(),
                d.day(),
                time / 3600,
                time / 60 % 60,
                time % 60,
                now.subsec_millis()
            ),
            None => write!(w, "{secs}"),
        }
    }
}

/// Prints a command's text result, or its error with exit status 2.
/// `--demo`: the example workbooks into the inbox of this run, saying so;
/// the exit code of the failure otherwise.
fn copy_examples(args: &vanthu::commands::ServiceArgs) -> Result<(), ExitCode> {
    let done = args
        .load()
        .and_then(|(_, folders)| vanthu::commands::demo::copy_examples(&folders.inbox));
    match done {
        Ok(said) => {
            eprint!("{said}");
            Ok(())
        }
        Err(e) => {
            eprintln!("lỗi: {e:#}");
            Err(ExitCode::from(2))
        }
    }
}

fn report(result: anyhow::Result<String>) -> ExitCode {
    match result {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("lỗi: {e:#}");
            ExitCode::from(2)
        }
    }
}

#[derive(Subcommand)]
enum TextCommand {
    /// Sửa lỗi mã hóa (TCVN3, VNI, lỗi UTF-8), chuẩn hóa NFC và khoảng trắng.
    Fix {
        /// Phông chữ của ô (ví dụ .VnTime, .VnTimeH, VNI-Times).
        #[arg(long)]
        font: Option<String>,
    },
    /// Sửa và viết hoa họ tên, tên đơn vị.
    Name,
    /// Khóa so sánh (bỏ qua hoa thường, NFC/NFD, vị trí dấu thanh).
    Key,
    /// Sắp xếp danh sách họ tên theo thứ tự tên, họ, tên đệm.
    SortNames,
    /// Đọc số tiền (đồng) thành chữ.
    Money,
    /// Đổi số ngày Excel hoặc ngày dạng ngày/tháng/năm sang cách viết theo Nghị định 30.
    Date {
        /// Số ngày Excel theo hệ 1904 (Excel cho Mac cũ).
        #[arg(long = "1904")]
        epoch_1904: bool,
    },
}

/// What clap prints, in Vietnamese: headings, the help and version flags,
/// on every subcommand.
fn localised(cmd: clap::Command) -> clap::Command {
    use clap::{Arg, ArgAction};
    let cmd = cmd
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .help_template("{about-with-newline}\nCách dùng: {usage}\n\n{all-args}{after-help}")
        .subcommand_help_heading("Lệnh")
        .subcommand_value_name("LỆNH")
        .mut_args(|arg| {
            let value_name = match arg.get_id().as_str() {
                "workbook" => Some("BẢNG_TÍNH"),
                "config" => Some("TỆP_CẤU_HÌNH"),
                "out" | "inbox" | "outbox" | "dir" => Some("THƯ_MỤC"),
                "data" => Some("TỆP_JSON"),
                "template" => Some("MẪU"),
                _ => None,
            };
            let arg = match value_name {
                Some(name) => arg.value_name(name),
                None => arg,
            };
            if arg.is_positional() {
                arg.help_heading("Tham số")
            } else {
                arg.help_heading("Tùy chọn")
            }
        })
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("In hướng dẫn sử dụng")
                .help_heading("Tùy chọn"),
        );
    let cmd = if cmd.get_version().is_some() {
        cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("In phiên bản")
                .help_heading("Tùy chọn"),
        )
    } else {
        cmd
    };
    cmd.mut_subcommands(localised)
}

/// A mistake on the command line, said in Vietnamese with the usage and
/// where to read more.
fn parse_error(error: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let context = |kind: ContextKind| match error.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(ContextValue::StyledStr(s)) => s.to_string(),
        Some(ContextValue::StyledStrs(v)) => v
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join(", "),
        _ => String::new(),
    };
    let invalid = match context(ContextKind::InvalidSubcommand) {
        sub if !sub.is_empty() => sub,
        _ => context(ContextKind::InvalidArg),
    };
    let value = context(ContextKind::InvalidValue);
    let mut said = match error.kind() {
        ErrorKind::InvalidSubcommand => format!("không có lệnh “{invalid}”"),
        ErrorKind::UnknownArgument => format!("không có tùy chọn “{invalid}”"),
        ErrorKind::MissingRequiredArgument => format!("thiếu tham số {invalid}"),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "thiếu lệnh (check, render, run, watch, status…)".to_owned()
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            format!("giá trị “{value}” của {invalid} không hợp lệ")
        }
        ErrorKind::TooManyValues | ErrorKind::ArgumentConflict => {
            format!(
                "tham số thừa hoặc mâu thuẫn: “{}”",
                if invalid.is_empty() { value } else { invalid }
            )
        }
        _ => "dòng lệnh không hợp lệ".to_owned(),
    };
    for suggestion in [
        context(ContextKind::SuggestedSubcommand),
        context(ContextKind::SuggestedArg),
    ] {
        if !suggestion.is_empty() {
            said.push_str(&format!("; có phải “{suggestion}”?"));
        }
    }
    let usage = context(ContextKind::Usage);
    let usage = usage
        .trim()
        .trim_start_matches("Usage:")
        .trim()
        .replace("[OPTIONS]", "[TÙY_CHỌN]");
    let mut out = format!("lỗi: {said}\n");
    if !usage.is_empty() {
        out.push_str(&format!("\nCách dùng: {usage}\n"));
    }
    out.push_str("\nXem hướng dẫn: vanthu --help (hoặc vanthu <lệnh> --help)\n");
    out
}

fn main() -> ExitCode {
    use clap::{CommandFactory, FromArgMatches};
    let matches = match localised(Cli::command()).try_get_matches() {
        Ok(matches) => matches,
        Err(error) => {
            use clap::error::ErrorKind;
            return match error.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                    print!(
                        "{}",
                        error
                            .render()
                            .to_string()
                            .replace("[OPTIONS]", "[TÙY_CHỌN]")
                    );
                    ExitCode::SUCCESS
                }
                _ => {
                    eprint!("{}", parse_error(&error));
                    ExitCode::from(2)
                }
            };
        }
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => {
            eprint!("{}", parse_error(&error));
            return ExitCode::from(2);
        }
    };
    #[cfg(feature = "failpoints")]
    let _failpoints = vanthu::failpoints::setup();
    // One line per event, readable by people; VANTHU_LOG=debug for more.
    tracing_subscriber::fmt()
        .with_env_filter({
            // The database driver's own lines are English and repeat what
            // the ledger says in Vietnamese: only its errors are kept.
            let quiet = ",tokio_postgres=error,deadpool=error,deadpool_postgres=error";
            let asked = std::env::var("VANTHU_LOG")
                .ok()
                .filter(|v| !v.trim().is_empty())
                .unwrap_or_else(|| "info".to_owned());
            tracing_subscriber::EnvFilter::try_new(format!("{asked}{quiet}"))
                .or_else(|_| tracing_subscriber::EnvFilter::try_new(format!("info{quiet}")))
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"))
        })
        .with_target(false)
        .with_timer(VietnamTime)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(vanthu::progress::LogWriter)
        .compact()
        .init();
    match cli.command {
        Command::Run { demo, folders } => {
            let args = folders.into_args();
            if demo && let Err(code) = copy_examples(&args) {
                return code;
            }
            report(vanthu::commands::run::run(&args))
        }
        Command::Watch { demo, folders } => {
            let args = folders.into_args();
            if demo && let Err(code) = copy_examples(&args) {
                return code;
            }
            match vanthu::commands::watch::watch(&args) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("lỗi: {e:#}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Regenerate { template, folders } => report(
            vanthu::commands::regenerate::regenerate(&folders.into_args(), template.as_deref()),
        ),
        Command::Status { json, folders } => {
            let args = folders.into_args();
            report(if json {
                vanthu::commands::status::status_json(&args)
            } else {
                vanthu::commands::status::status(&args)
            })
        }
        Command::Init { dir } => {
            let dir = dir.unwrap_or_else(|| PathBuf::from("."));
            report(vanthu::commands::init::init(&dir).map(|done| done.report()))
        }
        Command::Text { command } => {
            use vanthu::text::TextCommand as T;
            let command = match command {
                TextCommand::Fix { font } => T::Fix { font },
                TextCommand::Name => T::Name,
                TextCommand::Key => T::Key,
                TextCommand::SortNames => T::SortNames,
                TextCommand::Money => T::Money,
                TextCommand::Date { epoch_1904 } => T::Date { epoch_1904 },
            };
            let stdin = std::io::stdin();
            let stdout = std::io::stdout();
            match vanthu::text::run(&command, stdin.lock(), stdout.lock()) {
                Ok(true) => ExitCode::SUCCESS,
                Ok(false) => ExitCode::from(1),
                Err(e) => {
                    eprintln!("lỗi: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Check { workbook, config } => {
            match vanthu::commands::check::check(&workbook, config.as_deref()) {
                Ok(outcome) => {
                    print!("{}", outcome.report);
                    if outcome.ok {
                        ExitCode::SUCCESS
                    } else {
                        ExitCode::from(1)
                    }
                }
                Err(e) => {
                    eprintln!("lỗi: {e:#}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Render {
            workbook,
            out,
            config,
        } => match vanthu::commands::render::render(&workbook, &out, config.as_deref()) {
            Ok(outcome) => {
                match &outcome.rejection {
                    Some(report) => {
                        eprint!("{report}");
                        eprintln!(
                            "Không tạo văn bản vì bảng tính có lỗi; báo cáo lỗi: {}",
                            outcome.written[0].display()
                        );
                    }
                    None => {
                        for path in &outcome.written {
                            println!("{}", path.display());
                        }
                        for warning in &outcome.warnings {
                            eprintln!("Lưu ý: {warning}");
                        }
                    }
                }
                if outcome.rejection.is_some() {
                    ExitCode::from(1)
                } else {
                    ExitCode::SUCCESS
                }
            }
            Err(e) => {
                eprintln!("lỗi: {e:#}");
                ExitCode::from(2)
            }
        },
        Command::Compose {
            template,
            data,
            out,
            config,
        } => {
            let args = vanthu::commands::compose::ComposeArgs {
                template,
                data,
                out,
                config,
            };
            match vanthu::commands::compose::compose(&args) {
                Ok(paths) => {
                    for path in paths {
                        println!("{}", path.display());
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("lỗi: {e:#}");
                    ExitCode::from(2)
                }
            }
        }
    }
}

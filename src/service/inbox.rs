//! The inbox as departments use it: which files are theirs to submit
//! (lock, system, hidden and partial files are left alone), which are
//! ready (their size and times still for the quiet period, no live Office
//! lock beside them), why the others wait, and how a processed file leaves
//! without ever taking a newer version with it.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use unicode_normalization::UnicodeNormalization;

use crate::outbox::{self, FileError};

/// Name of the folder vanthu never reads in the inbox (kept for offices
/// that used it for reports).
const RESERVED_FOLDER: &str = "_loi";

/// How long an empty file is taken for a copy that has not started.
const EMPTY_GRACE: Duration = Duration::from_secs(600);

/// Name (before the ledger row id) of an inbox file being taken out after
/// its delivery.
const TAKING: &str = ".vanthu-taking-";

/// How a file name is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Lock, system, hidden, partial or our own report: left alone.
    Ignored,
    /// Anything else: submitted (a workbook, or rejected as not one).
    Submitted,
}

/// How a name found in the inbox is treated.
pub fn classify(name: &str) -> Kind {
    let lower = name.to_lowercase();
    // A name may begin with "." ("..DS khen thuong ..xlsx", which Windows
    // users make): only the known system, editor and lock files that do
    // are left alone, and our own.
    let dotted_system = lower.starts_with(".~lock.")
        || lower.starts_with("._")
        || lower.starts_with(".nfs")
        || lower.starts_with(".goutputstream-")
        || lower.starts_with(".vanthu")
        || lower.starts_with(".~")
        || matches!(
            lower.as_str(),
            ".ds_store" | ".localized" | ".directory" | ".hidden" | ".gitignore" | ".gitkeep"
        );
    let ignored = lower.starts_with("~$")
        || dotted_system
        || lower.ends_with(".swp")
        || lower.ends_with('#')
        || lower.ends_with('~')
        || matches!(
            lower.as_str(),
            "thumbs.db" | "desktop.ini" | "ehthumbs.db" | "icon\r"
        )
        || lower.ends_with(".loi.txt")
        || [
            ".tmp",
            ".crdownload",
            ".part",
            ".partial",
            ".download",
            ".temp",
        ]
        .iter()
        .any(|ext| lower.ends_with(ext));
    if ignored {
        Kind::Ignored
    } else {
        Kind::Submitted
    }
}

/// A file of the inbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arrival {
    /// Where it is.
    pub path: PathBuf,
    /// Its path relative to the inbox, NFC, `/`-separated: its name in the
    /// ledger.
    pub relative: String,
    /// The unit folder it is in (empty for the inbox itself).
    pub unit_folder: String,
}

impl Arrival {
    /// Its file name (NFC).
    pub fn file_name(&self) -> &str {
        self.relative.rsplit('/').next().unwrap_or_default()
    }

    /// The report written beside it when it is rejected, told apart from
    /// the reports of the other submitted files of its folder:
    /// `<stem>.loi.txt`; `<name>.loi.txt` (extension kept) when another
    /// file's report could have that name (`ds.xlsx` beside `ds.xls`, or
    /// `.ds.xlsx` beside `ds.xlsx`); with a mark of the whole name when even
    /// those meet (long names cut alike). Each file of the folder judges
    /// alike, so no two reports share a name.
    pub fn report_path(&self) -> PathBuf {
        let (_, claims) = self.claims();
        self.path
            .with_file_name(chosen_report(self.file_name(), &claims))
    }

    /// Every name its report may have had, but the names of the other
    /// files' reports: what goes when it leaves.
    pub fn report_paths(&self) -> Vec<PathBuf> {
        let (siblings, claims) = self.claims();
        let theirs: HashSet<String> = siblings
            .iter()
            .map(|s| chosen_report(s, &claims).to_lowercase())
            .collect();
        report_candidates(self.file_name())
            .into_iter()
            .filter(|c| !theirs.contains(&c.to_lowercase()))
            .map(|c| self.path.with_file_name(c))
            .collect()
    }

    /// The other submitted files of its folder, by their ledger names, and
    /// how many files of the folder (itself included) could take each
    /// report name.
    fn claims(&self) -> (Vec<String>, HashMap<String, usize>) {
        let own = self.path.file_name().unwrap_or_default().to_os_string();
        // Itself counted as there even when it has just left, so a twin of
        // its name keeps the name it had beside it.
        let files: Vec<(std::ffi::OsString, String)> = self
            .path
            .parent()
            .and_then(|dir| std::fs::read_dir(dir).ok())
            .map(|entries| {
                entries
                    .flatten()
                    .filter(|e| e.file_name() != own && e.path().is_file())
                    .map(|e| e.file_name())
                    .chain([own.clone()])
                    .map(|raw| {
                        let name = raw.to_string_lossy().into_owned();
                        (raw, name)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let raws: Vec<String> = files.iter().map(|(_, name)| name.clone()).collect();
        let siblings: Vec<String> = files
            .iter()
            .zip(ledger_names(&raws))
            .filter(|((raw, _), name)| *raw != own && classify(name) == Kind::Submitted)
            .map(|(_, name)| name)
            .collect();
        let claims = claims_of(
            siblings
                .iter()
                .map(String::as_str)
                .chain([self.file_name()]),
        );
        (siblings, claims)
    }
}

/// The names a report of the file `name` may take, in order of preference:
/// its stem, its whole name, its whole name marked by a hash of it.
fn report_candidates(name: &str) -> [String; 3] {
    let mark = &super::sha256(name.as_bytes())[..8];
    let mut end = name.len().min(outbox::MAX_STEM_BYTES.saturating_sub(16));
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    [
        outbox::report_name(name),
        outbox::report_name(&format!("{name}.x")),
        outbox::report_name(&format!("{} ({mark}).x", &name[..end])),
    ]
}

/// For each report name (lowercase), how many of the files `names` could
/// take it.
fn claims_of<'a>(names: impl Iterator<Item = &'a str>) -> HashMap<String, usize> {
    let mut claims: HashMap<String, usize> = HashMap::new();
    for name in names {
        let mut mine: Vec<String> = report_candidates(name)
            .iter()
            .map(|c| c.to_lowercase())
            .collect();
        mine.sort();
        mine.dedup();
        for candidate in mine {
            *claims.entry(candidate).or_default() += 1;
        }
    }
    claims
}

/// The first of the report names of `name` that no other file of its
/// folder could take (compared without case): `claims` counts, for each
/// name, the files of the folder that could take it.
fn chosen_report(name: &str, claims: &HashMap<String, usize>) -> String {
    let [short, whole, marked] = report_candidates(name);
    [short, whole]
        .into_iter()
        .find(|c| claims.get(&c.to_lowercase()).is_none_or(|n| *n <= 1))
        .unwrap_or(marked)
}

/// The names of a folder's entries (`raw`, as the file system gives them)
/// as the ledger knows them: NFC; of names alike but for their Unicode form
/// (one from a Mac), the NFC one keeps that name and the others their own
/// bytes, so no two files share a name in the ledger.
fn ledger_names(raw: &[String]) -> Vec<String> {
    let nfc: Vec<String> = raw.iter().map(|r| r.nfc().collect()).collect();
    let mut count: HashMap<&str, usize> = HashMap::new();
    for name in &nfc {
        *count.entry(name.as_str()).or_default() += 1;
    }
    raw.iter()
        .zip(&nfc)
        .map(|(raw, nfc)| {
            if count[nfc.as_str()] > 1 && raw != nfc {
                raw.clone()
            } else {
                nfc.clone()
            }
        })
        .collect()
}

/// How deep below a unit's folder files are still looked for (a
/// department may sort its files into a folder per year).
const MAX_DEPTH: usize = 3;

/// Every submitted file of the inbox and of its sub-folders, in name
/// order: a file directly in the inbox has no unit; one anywhere below a
/// first-level folder belongs to that folder's unit. Names are NFC; two
/// files whose names differ only in their Unicode form (one written by a
/// Mac) keep their own names so neither hides the other. Symbolic links
/// are not followed: a link could bring in a file from outside the inbox.
pub fn arrivals(inbox: &Path) -> Vec<Arrival> {
    look(inbox).0
}

/// A file or folder of the inbox vanthu leaves alone, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignored {
    /// Its path relative to the inbox (NFC), a folder's ending in `/`.
    pub relative: String,
    /// Why, in Vietnamese.
    pub reason: String,
}

/// The inbox looked at: the submitted files ([`arrivals`]) and what is
/// left alone, with why (vanthu's own reports and working files are not
/// listed).
pub fn look(inbox: &Path) -> (Vec<Arrival>, Vec<Ignored>) {
    let mut out = (Vec::new(), Vec::new());
    walk(inbox, "", None, 0, &mut out);
    out
}

fn walk(
    dir: &Path,
    prefix: &str,
    unit: Option<&str>,
    depth: usize,
    out: &mut (Vec<Arrival>, Vec<Ignored>),
) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    let raws: Vec<String> = entries
        .iter()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    for (entry, name) in entries.into_iter().zip(ledger_names(&raws)) {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let nfc: String = name.nfc().collect();
        let relative = format!("{prefix}{name}");
        let mut ignore = |reason: Option<String>, relative: String| {
            if let Some(reason) = reason {
                out.1.push(Ignored { relative, reason });
            }
        };
        if kind.is_dir() {
            // Hidden folders (".git", ".Trash-1000") and the Mac's
            // "__MACOSX" of an unpacked zip are no unit's.
            if classify(&nfc) == Kind::Ignored || nfc.starts_with('.') || nfc == "__MACOSX" {
                let ours = nfc.starts_with(".vanthu");
                ignore(
                    (!ours).then(|| {
                        "thư mục ẩn hoặc thư mục hệ thống; vanthu không đọc các tệp trong đó"
                            .to_owned()
                    }),
                    format!("{relative}/"),
                );
                continue;
            }
            if depth == 0 && nfc == RESERVED_FOLDER {
                ignore(
                    Some(format!(
                        "thư mục “{RESERVED_FOLDER}” dành riêng, vanthu không đọc; hãy đặt bảng tính vào hộp thư đến hoặc thư mục của đơn vị"
                    )),
                    format!("{relative}/"),
                );
                continue;
            }
            if depth > MAX_DEPTH {
                ignore(
                    Some(format!(
                        "thư mục nằm sâu quá {} tầng dưới thư mục đơn vị; vanthu không đọc, hãy chuyển các tệp lên gần hơn",
                        MAX_DEPTH
                    )),
                    format!("{relative}/"),
                );
                continue;
            }
            let unit = unit.unwrap_or(&nfc).to_owned();
            walk(
                &entry.path(),
                &format!("{relative}/"),
                Some(&unit),
                depth + 1,
                out,
            );
        } else if kind.is_file() && classify(&nfc) == Kind::Submitted {
            out.0.push(Arrival {
                path: entry.path(),
                relative,
                unit_folder: unit.unwrap_or_default().to_owned(),
            });
        } else if kind.is_symlink() {
            ignore(
                Some("lối tắt (liên kết) tới nơi khác; vanthu không đọc theo lối tắt, hãy chép chính tệp vào".to_owned()),
                relative,
            );
        } else if kind.is_file() {
            ignore(ignored_reason(&nfc), relative);
        }
    }
}

/// Why a file [`classify`] leaves alone is left alone, for `status`;
/// `None` for vanthu's own (its reports and working files).
pub fn ignored_reason(name: &str) -> Option<String> {
    let lower = name.to_lowercase();
    if lower.ends_with(".loi.txt") || lower.starts_with(".vanthu") {
        return None;
    }
    let reason = if let Some(of) = name.strip_prefix("~$") {
        format!(
            "tệp khóa của Excel: có người đang mở bảng tính “{of}” (hoặc tên gần giống); tệp khóa tự mất khi đóng Excel"
        )
    } else if lower.starts_with(".~lock.") {
        "tệp khóa của LibreOffice: có người đang mở bảng tính cùng tên; tệp khóa tự mất khi đóng LibreOffice".to_owned()
    } else if matches!(lower.as_str(), "thumbs.db" | "desktop.ini" | "ehthumbs.db") {
        "tệp hệ thống của Windows".to_owned()
    } else if lower.starts_with("._")
        || matches!(lower.as_str(), ".ds_store" | ".localized" | "icon\r")
    {
        "tệp hệ thống của máy Mac".to_owned()
    } else if [".crdownload", ".part", ".partial", ".download"]
        .iter()
        .any(|ext| lower.ends_with(ext))
    {
        "tệp đang tải về hoặc đang chép dở; khi xong (tệp mang đúng tên bảng tính), vanthu sẽ xử lý"
            .to_owned()
    } else if lower.starts_with(".git") {
        "tệp của Git (giữ chỗ cho thư mục trong mã nguồn)".to_owned()
    } else if lower.ends_with(".tmp") || lower.ends_with(".temp") {
        "tệp tạm của chương trình khác".to_owned()
    } else {
        "tệp tạm hoặc tệp hệ thống (tên bắt đầu hoặc kết thúc bằng ký tự đặc biệt)".to_owned()
    };
    Some(reason)
}

/// True for a file vanthu itself keeps in the inbox: one being taken out.
pub fn is_ours(name: &str) -> bool {
    name.starts_with(TAKING)
}

/// Size, modification and change times of a file.
pub type Signature = (u64, SystemTime, i64);

/// The signature of the file at `path`, if it is there.
pub fn signature(path: &Path) -> Option<Signature> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let ctime = {
        use std::os::unix::fs::MetadataExt;
        meta.ctime()
    };
    #[cfg(not(unix))]
    let ctime = 0;
    Some((meta.len(), meta.modified().ok()?, ctime))
}

/// Why a file is not taken yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Wait {
    /// An Office lock file beside it: open in Excel or LibreOffice.
    Locked {
        /// The lock file's name.
        lock: String,
    },
    /// Its size or times moved while looked at: still being written.
    Moving,
    /// Changed less than the quiet period ago.
    Recent,
    /// Empty: a copy that has not started.
    Empty,
}

impl Wait {
    /// For people, in Vietnamese.
    pub fn reason(&self) -> String {
        match self {
            Wait::Locked { lock } => format!(
                "đang mở trong Excel hoặc LibreOffice (có tệp khóa {lock}); sẽ xử lý khi tệp được đóng"
            ),
            Wait::Moving => "đang được ghi (kích thước hoặc thời gian sửa còn thay đổi)".into(),
            Wait::Recent => "vừa được ghi; chờ tệp yên một lúc cho chắc đã ghi xong".into(),
            Wait::Empty => {
                "tệp rỗng (0 byte); có thể đang được chép (sau 10 phút vẫn rỗng thì bị trả lại)"
                    .into()
            }
        }
    }
}

/// An Office lock file beside `path` (`~$name.xlsx` from Excel, which
/// replaces the first two characters of long names, or `.~lock.name#` from
/// LibreOffice) younger than `stale_after`: its name. An older one is left
/// by a program that crashed and no longer holds the file.
pub fn live_lock(path: &Path, stale_after: Duration) -> Option<String> {
    let (dir, name) = (path.parent()?, path.file_name()?);
    let name = name.to_string_lossy();
    let mut candidates = vec![format!("~${name}"), format!(".~lock.{name}#")];
    let chars: Vec<char> = name.chars().collect();
    if chars.len() > 2 {
        candidates.push(format!("~${}", chars[2..].iter().collect::<String>()));
    }
    let now = SystemTime::now();
    for candidate in candidates {
        let Ok(meta) = std::fs::metadata(dir.join(&candidate)) else {
            continue;
        };
        let age = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .unwrap_or_default();
        if age < stale_after {
            return Some(candidate);
        }
        tracing::warn!(
            lock = %dir.join(&candidate).display(),
            hours = age.as_secs() / 3600,
            "bỏ qua tệp khóa cũ của Excel/LibreOffice (chương trình đã đóng bất thường)"
        );
    }
    None
}

/// Whether a file looked at twice, `quiet` apart, is ready.
pub fn gate(
    path: &Path,
    before: Option<Signature>,
    after: Option<Signature>,
    now: SystemTime,
    quiet: Duration,
    stale_lock: Duration,
) -> Result<(), Wait> {
    let Some((size, modified, changed)) = after else {
        return Err(Wait::Moving);
    };
    if before != after {
        return Err(Wait::Moving);
    }
    // A copy that keeps the source's modification time still moves the
    // change time while it is written.
    let now_secs = now
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let recent = now
        .duration_since(modified)
        .map(|age| age < quiet)
        .unwrap_or(true)
        || (changed > 0 && now_secs - changed < quiet.as_secs() as i64);
    if recent {
        return Err(Wait::Recent);
    }
    if let Some(lock) = live_lock(path, stale_lock) {
        return Err(Wait::Locked { lock });
    }
    // An empty file may be a copy that has not started; one that stays
    // empty for long was sent empty, and is rejected like any bad file.
    let empty_for = now.duration_since(modified).unwrap_or_default();
    if size == 0 && empty_for < EMPTY_GRACE {
        return Err(Wait::Empty);
    }
    Ok(())
}

/// What [`take`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Taken {
    /// The file held the processed bytes and is gone.
    Removed,
    /// It was gone already.
    Gone,
    /// A newer version had replaced it: it stays, as a new arrival.
    NewerKept,
}

/// Takes a processed file out of the inbox without losing a newer version
/// saved meanwhile: the file is first renamed aside (atomically taking
/// whatever the path holds at that instant) under a short hidden name
/// carrying its ledger row `id`, its content checked against the processed
/// bytes' hash, and only then removed; a different content goes back to
/// its name (or stays under a visible name of its own when the name was
/// taken again).
pub fn take(path: &Path, hash: &str, id: i64) -> Result<Taken, FileError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let aside = dir.join(format!("{TAKING}{id}"));
    match std::fs::rename(path, &aside) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Taken::Gone),
        Err(error) => {
            return Err(FileError {
                operation: outbox::Operation::Remove,
                path: path.to_path_buf(),
                error,
            });
        }
    }
    crate::failpoint!("inbox.taken_aside");
    let same = outbox::read(&aside)
        .map(|bytes| super::sha256(&bytes) == hash)
        .unwrap_or(false);
    if same {
        outbox::remove_file(&aside)?;
        outbox::sync_dir(dir)?;
        return Ok(Taken::Removed);
    }
    put_back(&aside, path)?;
    Ok(Taken::NewerKept)
}

/// Returns a file set aside by [`take`] to its name, or, when that name
/// holds a file again, to a visible name of its own.
fn put_back(aside: &Path, path: &Path) -> Result<(), FileError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let target = if path.exists() {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let ext = path
            .extension()
            .map(|e| format!(".{}", e.to_string_lossy()))
            .unwrap_or_default();
        let mut n = 2;
        loop {
            let candidate = dir.join(format!("{stem} (bản {n}){ext}"));
            if !candidate.exists() {
                break candidate;
            }
            n += 1;
        }
    } else {
        path.to_path_buf()
    };
    // A hard link never replaces a file that appeared meanwhile.
    match std::fs::hard_link(aside, &target) {
        Ok(()) => outbox::remove_file(aside).map(|_| ())?,
        Err(_) => std::fs::rename(aside, &target).map_err(|error| FileError {
            operation: outbox::Operation::Rename,
            path: target.clone(),
            error,
        })?,
    }
    tracing::warn!(input = %target.display(), "tệp đã được lưu lại trong khi xử lý: giữ bản mới để xử lý ở lượt sau");
    outbox::sync_dir(dir)
}

/// A file a crash left aside while taking it out of the inbox: where it
/// is, and the ledger row id its name carries.
pub fn left_aside(inbox: &Path) -> Vec<(PathBuf, i64)> {
    let mut out = Vec::new();
    let mut dirs = vec![(inbox.to_path_buf(), 0)];
    while let Some((dir, depth)) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if is_dir && depth <= MAX_DEPTH {
                dirs.push((entry.path(), depth + 1));
            } else if let Some(id) = name.strip_prefix(TAKING).and_then(|n| n.parse().ok()) {
                out.push((entry.path(), id));
            }
        }
    }
    out
}

/// Settles a file left aside by a crash: removed when `delivered` (its
/// content was delivered), else put back at `original`.
pub fn recover(aside: &Path, original: &Path, delivered: bool) -> Result<(), FileError> {
    if delivered {
        outbox::remove_file(aside)?;
        outbox::sync_dir(aside.parent().unwrap_or(Path::new(".")))
    } else {
        put_back(aside, original)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_alike_but_for_their_unicode_form_keep_apart() {
        let nfc: String = "Danh sách.xlsx".nfc().collect();
        let nfd: String = "Danh sách.xlsx".nfd().collect();
        let names = ledger_names(&[nfd.clone(), nfc.clone(), "ds.xlsx".to_owned()]);
        assert_eq!(names, [nfd.clone(), nfc.clone(), "ds.xlsx".to_owned()]);
        // Alone, a Mac's name is read as NFC.
        assert_eq!(ledger_names(&[nfd]), [nfc]);
    }

    #[test]
    fn each_report_takes_a_name_no_other_file_could() {
        let claims_of = |names: &[&str]| claims_of(names.iter().copied());
        let alone = claims_of(&["ds.xlsx"]);
        assert_eq!(chosen_report("ds.xlsx", &alone), "ds.loi.txt");
        let pair = claims_of(&["ds.xlsx", "DS.xls"]);
        assert_eq!(chosen_report("ds.xlsx", &pair), "ds.xlsx.loi.txt");
        assert_eq!(chosen_report("DS.xls", &pair), "DS.xls.loi.txt");
        let dotted = claims_of(&["ds.xlsx", ".ds.xlsx"]);
        let (a, b) = (
            chosen_report("ds.xlsx", &dotted),
            chosen_report(".ds.xlsx", &dotted),
        );
        assert_ne!(a.to_lowercase(), b.to_lowercase(), "{a} {b}");
    }

    #[test]
    fn files_left_alone_say_why() {
        let why = |name: &str| ignored_reason(name).unwrap_or_default();
        assert!(why("~$ds.xlsx").starts_with("tệp khóa của Excel"));
        assert!(why(".~lock.ds.xlsx#").starts_with("tệp khóa của LibreOffice"));
        assert_eq!(why("Thumbs.db"), "tệp hệ thống của Windows");
        assert_eq!(why("Icon\r"), "tệp hệ thống của máy Mac");
        assert!(why(".gitkeep").starts_with("tệp của Git"));
        assert!(why("ds.xlsx.crdownload").starts_with("tệp đang tải về"));
        // vanthu's own are not listed.
        assert_eq!(ignored_reason("ds.loi.txt"), None);
        assert_eq!(ignored_reason(".vanthu-taking-12"), None);
        assert_eq!(classify("Icon\r"), Kind::Ignored);
    }

    #[test]
    fn names_are_classified_as_offices_leave_them() {
        for name in [
            "~$Bang diem.xlsx",
            ".~lock.Bang diem.xlsx#",
            ".DS_Store",
            "Thumbs.db",
            "desktop.ini",
            "a.tmp",
            "Bang diem.xlsx.crdownload",
            "x.part",
            "Bang diem.loi.txt",
            ".vanthu-taking-12",
            "._Bang diem.xlsx",
            ".nfs000000000123",
            ".goutputstream-ABC123",
            ".Bang diem.xlsx.swp",
        ] {
            assert_eq!(classify(name), Kind::Ignored, "{name}");
        }
        for name in [
            "Bảng điểm.xlsx",
            "DS.XLS",
            "Tờ trình.pdf",
            "anh.jpg",
            // Windows lets a name begin with dots.
            "..DS khen thuong ..xlsx",
            ".Danh sach.xlsx",
        ] {
            assert_eq!(classify(name), Kind::Submitted, "{name}");
        }
    }

    #[test]
    fn an_empty_file_waits_a_while_then_is_taken() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ds.xlsx");
        std::fs::write(&path, b"").unwrap();
        let quiet = Duration::from_millis(100);
        let stale = Duration::from_secs(3600);
        let old = |ago: u64| {
            let modified = SystemTime::now() - Duration::from_secs(ago);
            std::fs::File::options()
                .write(true)
                .open(&path)
                .unwrap()
                .set_modified(modified)
                .unwrap();
            let mut s = signature(&path).unwrap();
            s.2 = 0; // the change time moved with set_modified
            Some(s)
        };
        let young = old(60);
        assert_eq!(
            gate(&path, young, young, SystemTime::now(), quiet, stale),
            Err(Wait::Empty)
        );
        let forgotten = old(3600);
        assert_eq!(
            gate(&path, forgotten, forgotten, SystemTime::now(), quiet, stale),
            Ok(())
        );
    }

    #[test]
    fn taking_a_file_keeps_a_newer_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ds.xlsx");
        let v1 = super::super::sha256(b"v1");
        std::fs::write(&path, b"v1").unwrap();
        assert_eq!(take(&path, &v1, 1).unwrap(), Taken::Removed);
        assert!(!path.exists());
        std::fs::write(&path, b"v2").unwrap();
        assert_eq!(take(&path, &v1, 1).unwrap(), Taken::NewerKept);
        assert_eq!(std::fs::read(&path).unwrap(), b"v2");
        assert_eq!(take(&path, "x", 2).unwrap(), Taken::NewerKept);
        let left = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(left, 1, "nothing left aside");
        let none = dir.path().join("none.xlsx");
        assert_eq!(take(&none, "x", 3).unwrap(), Taken::Gone);
        // A name at the file system's limit can still be taken.
        let long = dir.path().join(format!("{}.xlsx", "a".repeat(250)));
        std::fs::write(&long, b"v1").unwrap();
        assert_eq!(take(&long, &v1, 4).unwrap(), Taken::Removed);
    }
}

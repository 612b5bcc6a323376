//! The ledger: one SQLite database (WAL, synchronous FULL) in the state
//! folder recording every input by path, unit folder and content hash, its
//! state, its attempts, its outputs with their hashes and the template and
//! configuration versions used, and times.
//!
//! States of an input:
//!
//! - `received`: seen in the inbox, not yet ready (still written, locked);
//! - `processing`: a job started on it; written, with the attempt counted,
//!   before the job starts, so a crash leaves at most one `processing` row
//!   per file and the count of crashes it was part of;
//! - `retry`: a transient failure (the time limit, an I/O error, a broken
//!   template); tried again at `retry_at` or when the versions change;
//! - `done`: documents delivered and the input archived;
//! - `rejected`: a report written beside the input; examined again when
//!   the configuration, a template or the program changes;
//! - `duplicate`: the same content from the same unit as a current done
//!   input, archived without documents.
//!
//! The schema carries its version (`PRAGMA user_version`); an older
//! ledger is migrated when a writer opens it, and read as it is by
//! `vanthu status`.

use std::path::Path;

use rusqlite::{Connection, OpenFlags, params};

pub mod postgres;

/// The schema version this program writes.
const SCHEMA_VERSION: i64 = 2;

/// What happened to an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Seen in the inbox, still being written or locked.
    Received,
    /// Being processed (or interrupted while it was).
    Processing,
    /// A transient failure; tried again later.
    Retry,
    /// Documents delivered, input archived.
    Done,
    /// Rejected with a report.
    Rejected,
    /// Same content from the same unit as a current input.
    Duplicate,
    /// Rejected, then removed from the inbox by its submitter.
    Withdrawn,
}

impl State {
    fn as_str(self) -> &'static str {
        match self {
            State::Received => "received",
            State::Processing => "processing",
            State::Retry => "retry",
            State::Done => "done",
            State::Rejected => "rejected",
            State::Duplicate => "duplicate",
            State::Withdrawn => "withdrawn",
        }
    }

    fn parse(s: &str) -> State {
        match s {
            "done" => State::Done,
            "rejected" => State::Rejected,
            "received" => State::Received,
            "retry" => State::Retry,
            "duplicate" => State::Duplicate,
            "withdrawn" => State::Withdrawn,
            _ => State::Processing,
        }
    }
}

/// One input as the ledger knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Input {
    /// Row id.
    pub id: i64,
    /// Path relative to the inbox, NFC, `/`-separated.
    pub path: String,
    /// SHA-256 of the content, hex (empty while only received).
    pub hash: String,
    /// State.
    pub state: State,
    /// Unit folder it came from (empty for the inbox itself).
    pub unit_folder: String,
    /// Why it is in its state: a rejection's first line, a retry's or a
    /// wait's reason.
    pub reason: Option<String>,
    /// Where the input was archived (relative to the state folder).
    pub archived: Option<String>,
    /// Unix seconds when it was first seen.
    pub received_at: i64,
    /// Unix seconds when it ended.
    pub finished_at: Option<i64>,
    /// Jobs started on this content that did not end (crashes), counted
    /// before each job starts; 0 once it ends.
    pub attempts: i64,
    /// Transient failures in a row.
    pub retries: i64,
    /// When a `retry` is due (Unix seconds).
    pub retry_at: Option<i64>,
    /// The versions (configuration, templates, program) a rejection or
    /// retry was judged under.
    pub versions: Option<String>,
    /// The file's modification time (Unix seconds) when its job started:
    /// a rejected file saved or copied again is examined again even when
    /// its bytes are the same.
    pub modified: Option<i64>,
}

/// One delivered document.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    /// Path relative to the outbox.
    pub path: String,
    /// SHA-256 of the bytes, hex.
    pub hash: String,
    /// Template it came from.
    pub template: String,
    /// Version (hash) of the template text used.
    pub template_version: String,
    /// Version (hash) of the configuration used.
    pub config_version: String,
}

/// The ledger database: the state folder's SQLite file, or one
/// PostgreSQL database shared by several workers ([`postgres`]).
pub struct Ledger {
    db: Db,
    /// The schema version found (older ones are read with what they have).
    version: i64,
}

enum Db {
    Sqlite(Connection),
    Postgres(postgres::Shared),
}

/// A ledger failure, in Vietnamese.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    /// The SQLite file failed.
    #[error("sổ theo dõi (ledger) {}", describe(.0))]
    Sqlite(#[from] rusqlite::Error),
    /// The shared PostgreSQL database failed.
    #[error("sổ theo dõi dùng chung (PostgreSQL) {0}")]
    Postgres(String),
    /// The shared PostgreSQL database could not be reached (tried again
    /// for a while before this is said).
    #[error(
        "không kết nối được với sổ theo dõi dùng chung (PostgreSQL): {0}; hãy kiểm tra máy chủ cơ sở dữ liệu và mạng"
    )]
    Unreachable(String),
    /// This worker's claim on a file ran out (it stalled or lost the
    /// database past its lease) and another worker holds the file now:
    /// what this one made of it is dropped.
    #[error(
        "tệp {0} đã được một máy khác nhận xử lý vì máy này quá hạn giữ tệp; máy này bỏ kết quả của mình"
    )]
    Fenced(String),
    /// Another worker is working on the same content from the same unit
    /// under another name: this file waits, and will be its duplicate.
    #[error(
        "tệp {0} trùng nội dung với một tệp đang được máy khác xử lý; sẽ xét sau khi tệp kia xong"
    )]
    Busy(String),
}

fn describe(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode as C;
    match e.sqlite_error_code() {
        Some(C::DiskFull) => {
            "không ghi được: ổ đĩa chứa thư mục trạng thái đã đầy; hãy giải phóng dung lượng".into()
        }
        Some(C::ReadOnly) => "không ghi được: thư mục trạng thái chỉ cho phép đọc".into(),
        Some(C::CannotOpen | C::PermissionDenied) => {
            "không mở được: kiểm tra thư mục trạng thái và quyền truy cập".into()
        }
        Some(C::DatabaseBusy | C::DatabaseLocked) => {
            "đang bị một chương trình khác giữ; hãy thử lại".into()
        }
        Some(C::DatabaseCorrupt | C::NotADatabase) => {
            "bị hỏng; hãy khôi phục từ bản sao lưu của thư mục trạng thái".into()
        }
        Some(C::SystemIoFailure) => "gặp lỗi đọc ghi ổ đĩa".into(),
        _ => format!("gặp lỗi: {e}"),
    }
}

/// A value bound to a statement or read from a row, the same for both
/// backends.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Int(i64),
    Text(String),
    Null,
}

impl From<i64> for Value {
    fn from(v: i64) -> Value {
        Value::Int(v)
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Value {
        Value::Text(v.to_owned())
    }
}

impl From<&String> for Value {
    fn from(v: &String) -> Value {
        Value::Text(v.clone())
    }
}

impl From<String> for Value {
    fn from(v: String) -> Value {
        Value::Text(v)
    }
}

impl From<Option<i64>> for Value {
    fn from(v: Option<i64>) -> Value {
        v.map_or(Value::Null, Value::Int)
    }
}

impl From<Option<&str>> for Value {
    fn from(v: Option<&str>) -> Value {
        v.map_or(Value::Null, Value::from)
    }
}

/// The values of a statement's parameters, in order (`?1`, `?2`, …).
macro_rules! args {
    ($($x:expr),* $(,)?) => {
        &[$(Value::from($x)),*] as &[Value]
    };
}

/// One row read, its columns in the statement's order.
pub(crate) struct Row(pub(crate) Vec<Value>);

impl Row {
    fn int(&self, i: usize) -> i64 {
        self.opt_int(i).unwrap_or(0)
    }

    fn opt_int(&self, i: usize) -> Option<i64> {
        match self.0.get(i) {
            Some(Value::Int(v)) => Some(*v),
            Some(Value::Text(t)) => t.parse().ok(),
            _ => None,
        }
    }

    fn text(&self, i: usize) -> String {
        self.opt_text(i).unwrap_or_default()
    }

    fn opt_text(&self, i: usize) -> Option<String> {
        match self.0.get(i) {
            Some(Value::Text(t)) => Some(t.clone()),
            Some(Value::Int(v)) => Some(v.to_string()),
            _ => None,
        }
    }
}

/// What runs the ledger's statements, written once in the SQL both
/// engines speak (parameters `?1`, `?2`, …): a SQLite connection or
/// transaction, or a PostgreSQL one.
pub(crate) trait Exec {
    /// Runs a statement; returns the rows it changed.
    fn exec(&self, sql: &str, args: &[Value]) -> Result<u64, LedgerError>;
    /// Runs a query; returns its rows.
    fn rows(&self, sql: &str, args: &[Value]) -> Result<Vec<Row>, LedgerError>;
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(match self {
            Value::Int(v) => ToSqlOutput::Borrowed(ValueRef::Integer(*v)),
            Value::Text(t) => ToSqlOutput::Borrowed(ValueRef::Text(t.as_bytes())),
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
        })
    }
}

impl Exec for Connection {
    fn exec(&self, sql: &str, args: &[Value]) -> Result<u64, LedgerError> {
        let mut stmt = self.prepare_cached(sql)?;
        Ok(stmt.execute(rusqlite::params_from_iter(args))? as u64)
    }

    fn rows(&self, sql: &str, args: &[Value]) -> Result<Vec<Row>, LedgerError> {
        use rusqlite::types::ValueRef;
        let mut stmt = self.prepare_cached(sql)?;
        let columns = stmt.column_count();
        let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
            (0..columns)
                .map(|i| {
                    Ok(match r.get_ref(i)? {
                        ValueRef::Integer(v) => Value::Int(v),
                        ValueRef::Real(v) => Value::Int(v as i64),
                        ValueRef::Text(t) | ValueRef::Blob(t) => {
                            Value::Text(String::from_utf8_lossy(t).into_owned())
                        }
                        ValueRef::Null => Value::Null,
                    })
                })
                .collect::<rusqlite::Result<Vec<Value>>>()
                .map(Row)
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// Whose claim a write is checked against on the shared ledger: the
/// worker must still hold the file's claim (or, for the inbox's own
/// bookkeeping, lead). The SQLite ledger has one writer and checks
/// nothing.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Fence<'a> {
    /// The file at this ledger path.
    Path(&'a str),
    /// The file of this input row.
    Input(i64),
    /// The leader's shared work (scanning, sweeping, the summary).
    Leader,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS inputs (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    hash TEXT NOT NULL,
    state TEXT NOT NULL,
    unit_folder TEXT NOT NULL,
    reason TEXT,
    archived TEXT,
    received_at INTEGER NOT NULL,
    finished_at INTEGER,
    summary TEXT
);
CREATE INDEX IF NOT EXISTS inputs_hash ON inputs(hash);
CREATE INDEX IF NOT EXISTS inputs_path ON inputs(path);
CREATE TABLE IF NOT EXISTS outputs (
    input_id INTEGER NOT NULL REFERENCES inputs(id),
    path TEXT NOT NULL,
    hash TEXT NOT NULL,
    template TEXT NOT NULL,
    template_version TEXT NOT NULL,
    config_version TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS outputs_input ON outputs(input_id);
CREATE INDEX IF NOT EXISTS outputs_path ON outputs(path);
";

/// Columns added by schema version 2, with their definitions.
const VERSION_2_COLUMNS: &[(&str, &str)] = &[
    ("attempts", "INTEGER NOT NULL DEFAULT 0"),
    ("retries", "INTEGER NOT NULL DEFAULT 0"),
    ("retry_at", "INTEGER"),
    ("versions", "TEXT"),
    ("regen_failed", "TEXT"),
    ("modified", "INTEGER"),
];

/// Unix seconds now.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn input_from_row(row: &Row) -> Input {
    Input {
        id: row.int(0),
        path: row.text(1),
        hash: row.text(2),
        state: State::parse(&row.text(3)),
        unit_folder: row.text(4),
        reason: row.opt_text(5),
        archived: row.opt_text(6),
        received_at: row.int(7),
        finished_at: row.opt_int(8),
        attempts: row.int(9),
        retries: row.int(10),
        retry_at: row.opt_int(11),
        versions: row.opt_text(12),
        modified: row.opt_int(13),
    }
}

/// The columns of [`Input`], in its order; an older schema reads the new
/// ones as their defaults.
fn input_columns(version: i64) -> &'static str {
    if version >= 2 {
        "id, path, hash, state, unit_folder, reason, archived, received_at, finished_at, attempts, retries, retry_at, versions, modified"
    } else {
        "id, path, hash, state, unit_folder, reason, archived, received_at, finished_at, 0, 0, NULL, NULL, NULL"
    }
}

const OUTPUT_COLUMNS: &str = "path, hash, template, template_version, config_version";

fn output_from_row(row: &Row) -> Output {
    Output {
        path: row.text(0),
        hash: row.text(1),
        template: row.text(2),
        template_version: row.text(3),
        config_version: row.text(4),
    }
}

/// Brings a SQLite ledger of an older schema (or a new, empty one) to
/// [`SCHEMA_VERSION`].
fn migrate(conn: &Connection) -> Result<(), rusqlite::Error> {
    conn.execute_batch(SCHEMA)?;
    let have = |table: &str, column: &str| -> Result<bool, rusqlite::Error> {
        conn.prepare(&format!(
            "SELECT 1 FROM pragma_table_info('{table}') WHERE name = ?1"
        ))?
        .exists(params![column])
    };
    for (name, definition) in VERSION_2_COLUMNS {
        if !have("inputs", name)? {
            conn.execute_batch(&format!(
                "ALTER TABLE inputs ADD COLUMN {name} {definition}"
            ))?;
        }
    }
    // Output names compared as Windows shares compare them: without case.
    if !have("outputs", "path_key")? {
        conn.execute_batch("ALTER TABLE outputs ADD COLUMN path_key TEXT")?;
        let rows: Vec<(i64, String)> = conn
            .prepare("SELECT rowid, path FROM outputs")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        for (rowid, path) in rows {
            conn.execute(
                "UPDATE outputs SET path_key = ?2 WHERE rowid = ?1",
                params![rowid, path_key(&path)],
            )?;
        }
    }
    conn.execute_batch("CREATE INDEX IF NOT EXISTS outputs_key ON outputs(path_key)")?;
    conn.pragma_update(None, "user_version", SCHEMA_VERSION)
}

/// An output path as compared for clashes: without case.
fn path_key(path: &str) -> String {
    path.to_lowercase()
}

/// Gives back the attempt of every input being worked on, from another
/// connection: the process is stopping at once on request, and such a
/// stop must not count towards the three crashes that reject a file.
/// (On the shared ledger the attempts are this worker's claims':
/// [`Ledger::give_back_attempts`].)
pub fn give_back_attempts(path: &Path) -> Result<(), LedgerError> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(2))?;
    conn.exec(GIVE_BACK, &[])?;
    Ok(())
}

const GIVE_BACK: &str = "UPDATE inputs SET attempts = CASE WHEN attempts > 1 THEN attempts - 1 ELSE 0 END WHERE state = 'processing'";

/// Latest done row of each path: the current inputs.
const CURRENT_DONE: &str = "state = 'done' AND id = (SELECT MAX(id) FROM inputs j WHERE j.path = i.path AND j.state = 'done')";

/// A file handed to this worker by the shared ledger's queue.
#[derive(Debug, Clone, PartialEq)]
pub struct Claimed {
    /// Its ledger path (relative to the inbox, NFC).
    pub path: String,
    /// Its path relative to the inbox as the file system spells it.
    pub file: String,
    /// Its unit folder.
    pub unit_folder: String,
    /// How many times a worker claimed it (more than one: a worker died
    /// or stalled on it).
    pub claims: i64,
    /// For a regeneration: the input whose documents are made again.
    pub input_id: Option<i64>,
    /// For a regeneration: the templates whose documents are made again.
    pub templates: Vec<String>,
}

impl Ledger {
    /// Opens (creating, migrating) the ledger at `path` for writing, in WAL
    /// mode with full sync. Only the holder of the state folder's lock
    /// calls this.
    pub fn open(path: &Path) -> Result<Ledger, LedgerError> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version < SCHEMA_VERSION {
            // One transaction: a new ledger is made whole, an older one
            // migrated whole, or neither.
            let mut conn = conn;
            let tx = conn.transaction()?;
            migrate(&tx)?;
            tx.commit()?;
            return Ok(Ledger {
                db: Db::Sqlite(conn),
                version: SCHEMA_VERSION,
            });
        }
        Ok(Ledger {
            db: Db::Sqlite(conn),
            version: SCHEMA_VERSION,
        })
    }

    /// Opens an existing ledger read-only (for `vanthu status` while
    /// another process writes); `None` when there is none yet.
    pub fn open_read_only(path: &Path) -> Result<Option<Ledger>, LedgerError> {
        if !path.exists() {
            return Ok(None);
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        Ok(Some(Ledger {
            db: Db::Sqlite(conn),
            version,
        }))
    }

    /// Connects to the shared PostgreSQL ledger, creating or migrating its
    /// schema; `stop` cuts short a wait for a database that is down.
    pub fn open_shared(
        settings: &crate::config::SharedLedger,
        stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    ) -> Result<Ledger, LedgerError> {
        Ok(Ledger {
            db: Db::Postgres(postgres::Shared::connect(settings, stop)?),
            version: SCHEMA_VERSION,
        })
    }

    /// The shared ledger, when this is one.
    pub fn shared(&self) -> Option<&postgres::Shared> {
        match &self.db {
            Db::Postgres(shared) => Some(shared),
            Db::Sqlite(_) => None,
        }
    }

    /// True when several workers share this ledger.
    pub fn is_shared(&self) -> bool {
        self.shared().is_some()
    }

    /// Runs reads.
    fn read<T>(&self, f: impl Fn(&dyn Exec) -> Result<T, LedgerError>) -> Result<T, LedgerError> {
        match &self.db {
            Db::Sqlite(conn) => f(conn),
            Db::Postgres(shared) => shared.read(f),
        }
    }

    /// Runs writes in one transaction, on the shared ledger only while
    /// this worker holds what `fence` names.
    fn write<T>(
        &self,
        fence: Fence<'_>,
        f: impl Fn(&dyn Exec) -> Result<T, LedgerError>,
    ) -> Result<T, LedgerError> {
        match &self.db {
            Db::Sqlite(conn) => {
                let tx = conn.unchecked_transaction()?;
                let value = f(&*tx)?;
                tx.commit()?;
                Ok(value)
            }
            Db::Postgres(shared) => shared.write(fence, f),
        }
    }

    fn inputs_in(
        &self,
        c: &dyn Exec,
        filter: &str,
        args: &[Value],
    ) -> Result<Vec<Input>, LedgerError> {
        let sql = format!(
            "SELECT {} FROM inputs i WHERE {filter}",
            input_columns(self.version)
        );
        Ok(c.rows(&sql, args)?.iter().map(input_from_row).collect())
    }

    fn input_in(
        &self,
        c: &dyn Exec,
        filter: &str,
        args: &[Value],
    ) -> Result<Option<Input>, LedgerError> {
        let sql = format!(
            "SELECT {} FROM inputs i WHERE {filter} LIMIT 1",
            input_columns(self.version)
        );
        Ok(c.rows(&sql, args)?.first().map(input_from_row))
    }

    fn query_inputs(&self, filter: &str, args: &[Value]) -> Result<Vec<Input>, LedgerError> {
        self.read(|c| self.inputs_in(c, filter, args))
    }

    fn query_input(&self, filter: &str, args: &[Value]) -> Result<Option<Input>, LedgerError> {
        self.read(|c| self.input_in(c, filter, args))
    }

    /// The latest input recorded at `path`, if any.
    pub fn latest_at(&self, path: &str) -> Result<Option<Input>, LedgerError> {
        self.query_input("path = ?1 ORDER BY id DESC", args![path])
    }

    /// The current done input (the latest done one of its path) with this
    /// content from this unit folder, if any.
    pub fn current_with(
        &self,
        hash: &str,
        unit_folder: &str,
    ) -> Result<Option<Input>, LedgerError> {
        self.query_input(
            &format!("hash = ?1 AND unit_folder = ?2 AND {CURRENT_DONE} ORDER BY id DESC"),
            args![hash, unit_folder],
        )
    }

    /// Records a file seen but not yet ready with why it waits, unless its
    /// path already has such a row (whose reason is brought up to date).
    pub fn receive(&self, path: &str, unit_folder: &str, reason: &str) -> Result<(), LedgerError> {
        self.write(Fence::Leader, |c| {
            if let Some(row) = self.input_in(c, "path = ?1 ORDER BY id DESC", args![path])?
                && row.state == State::Received
            {
                if row.reason.as_deref() != Some(reason) {
                    c.exec(
                        "UPDATE inputs SET reason = ?2 WHERE id = ?1",
                        args![row.id, reason],
                    )?;
                }
                return Ok(());
            }
            c.exec(
                "INSERT INTO inputs (path, hash, state, unit_folder, reason, received_at) VALUES (?1, '', 'received', ?2, ?3, ?4)",
                args![path, unit_folder, reason, now()],
            )?;
            Ok(())
        })
    }

    /// Drops the `received` row of a path whose file turned out to need no
    /// processing or went away.
    pub fn forget_received(&self, path: &str) -> Result<(), LedgerError> {
        self.write(Fence::Path(path), |c| {
            c.exec(
                "DELETE FROM inputs WHERE path = ?1 AND state = 'received'",
                args![path],
            )?;
            Ok(())
        })
    }

    /// The paths with a `received` row.
    pub fn received_paths(&self) -> Result<Vec<String>, LedgerError> {
        Ok(self
            .query_inputs("state = 'received' ORDER BY path", &[])?
            .into_iter()
            .map(|i| i.path)
            .collect())
    }

    /// Records that a job starts on this content at `path`, counting the
    /// attempt before anything else happens; returns the row. The latest
    /// row of the path moves on when it holds this content (or is only
    /// received); otherwise a new row is made.
    pub fn begin(
        &self,
        path: &str,
        hash: &str,
        unit_folder: &str,
        modified: Option<i64>,
    ) -> Result<Input, LedgerError> {
        let shared = self.is_shared();
        self.write(Fence::Path(path), |c| {
            if shared {
                // Workers side by side: one content of a unit at a time.
                c.rows(
                    "SELECT pg_advisory_xact_lock(hashtext(?1 || '/' || ?2))",
                    args![hash, unit_folder],
                )?;
                let busy = c.rows(
                    "SELECT 1 FROM inputs i JOIN claims c ON c.path = i.path \
                     WHERE i.hash = ?1 AND i.unit_folder = ?2 AND i.state = 'processing' \
                     AND i.path <> ?3 AND c.holder IS NOT NULL AND c.lease_until > now() LIMIT 1",
                    args![hash, unit_folder, path],
                )?;
                if !busy.is_empty() {
                    return Err(LedgerError::Busy(path.to_owned()));
                }
            }
            let id = match self.input_in(c, "path = ?1 ORDER BY id DESC", args![path])? {
                Some(row)
                    if row.state == State::Received
                        || (row.hash == hash
                            && matches!(
                                row.state,
                                State::Processing | State::Retry | State::Rejected
                            )) =>
                {
                    c.exec(
                        "UPDATE inputs SET hash = ?2, state = 'processing', unit_folder = ?3, attempts = attempts + 1, reason = NULL, modified = ?4 WHERE id = ?1",
                        args![row.id, hash, unit_folder, modified],
                    )?;
                    row.id
                }
                _ => c
                    .rows(
                        "INSERT INTO inputs (path, hash, state, unit_folder, received_at, attempts, modified) VALUES (?1, ?2, 'processing', ?3, ?4, 1, ?5) RETURNING id",
                        args![path, hash, unit_folder, now(), modified],
                    )?
                    .first()
                    .map_or(0, |r| r.int(0)),
            };
            self.input_in(c, "id = ?1", args![id])
                .map(|row| row.expect("the row just written"))
        })
    }

    fn insert_outputs(c: &dyn Exec, id: i64, outputs: &[Output]) -> Result<(), LedgerError> {
        for o in outputs {
            c.exec(
                &format!("INSERT INTO outputs (input_id, {OUTPUT_COLUMNS}, path_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
                args![id, &o.path, &o.hash, &o.template, &o.template_version, &o.config_version, path_key(&o.path)],
            )?;
        }
        Ok(())
    }

    /// Marks an input done with its outputs, archive place and summary, in
    /// one transaction.
    pub fn finish_done(
        &self,
        id: i64,
        outputs: &[Output],
        archived: &str,
        summary: Option<&str>,
    ) -> Result<(), LedgerError> {
        self.write(Fence::Input(id), |c| {
            c.exec("DELETE FROM outputs WHERE input_id = ?1", args![id])?;
            Self::insert_outputs(c, id, outputs)?;
            c.exec(
                "UPDATE inputs SET state = 'done', reason = NULL, archived = ?2, finished_at = ?3, summary = ?4, attempts = 0, retries = 0, retry_at = NULL, versions = NULL, regen_failed = NULL WHERE id = ?1",
                args![id, archived, now(), summary],
            )?;
            Ok(())
        })
    }

    /// Replaces the outputs of `templates` of an input, and its summary as
    /// the list reads under the configuration now (regeneration: a unit
    /// renamed in `[units]` is renamed in the yearly summary too).
    pub fn replace_outputs(
        &self,
        id: i64,
        templates: &[String],
        outputs: &[Output],
        summary: Option<&str>,
    ) -> Result<(), LedgerError> {
        self.write(Fence::Input(id), |c| {
            for t in templates {
                c.exec(
                    "DELETE FROM outputs WHERE input_id = ?1 AND template = ?2",
                    args![id, t],
                )?;
            }
            Self::insert_outputs(c, id, outputs)?;
            c.exec(
                "UPDATE inputs SET regen_failed = NULL, reason = NULL, summary = ?2 WHERE id = ?1",
                args![id, summary],
            )?;
            Ok(())
        })
    }

    /// Records that regenerating an input's documents failed under
    /// `versions`, so it is not tried again until they change.
    pub fn regeneration_failed(
        &self,
        id: i64,
        versions: &str,
        reason: &str,
    ) -> Result<(), LedgerError> {
        self.write(Fence::Input(id), |c| {
            c.exec(
                "UPDATE inputs SET regen_failed = ?2, reason = ?3 WHERE id = ?1",
                args![id, versions, reason],
            )?;
            Ok(())
        })
    }

    /// The versions under which regenerating an input last failed.
    pub fn regeneration_failed_under(&self, id: i64) -> Result<Option<String>, LedgerError> {
        if self.version < 2 {
            return Ok(None);
        }
        self.read(|c| {
            Ok(
                c.rows("SELECT regen_failed FROM inputs WHERE id = ?1", args![id])?
                    .first()
                    .and_then(|r| r.opt_text(0)),
            )
        })
    }

    /// Marks an input rejected with its reason, judged under `versions`.
    pub fn finish_rejected(
        &self,
        id: i64,
        reason: &str,
        versions: &str,
    ) -> Result<(), LedgerError> {
        self.write(Fence::Input(id), |c| {
            c.exec(
                "UPDATE inputs SET state = 'rejected', reason = ?2, finished_at = ?3, attempts = 0, retry_at = NULL, versions = ?4 WHERE id = ?1",
                args![id, reason, now(), versions],
            )?;
            Ok(())
        })
    }

    /// Marks an input to be tried again at `retry_at`.
    pub fn finish_retry(
        &self,
        id: i64,
        reason: &str,
        retry_at: i64,
        versions: &str,
    ) -> Result<(), LedgerError> {
        self.write(Fence::Input(id), |c| {
            c.exec(
                "UPDATE inputs SET state = 'retry', reason = ?2, retry_at = ?3, retries = retries + 1, attempts = 0, versions = ?4 WHERE id = ?1",
                args![id, reason, retry_at, versions],
            )?;
            Ok(())
        })
    }

    /// Records a file that could not be read, to be tried again at
    /// `retry_at` (a row of its own when the path has none in that state).
    pub fn unreadable(
        &self,
        path: &str,
        unit_folder: &str,
        reason: &str,
        retry_at: i64,
    ) -> Result<(), LedgerError> {
        self.write(Fence::Path(path), |c| {
            match self.input_in(c, "path = ?1 ORDER BY id DESC", args![path])? {
                Some(row) if matches!(row.state, State::Received | State::Retry) => {
                    c.exec(
                        "UPDATE inputs SET state = 'retry', reason = ?2, retry_at = ?3, retries = retries + 1 WHERE id = ?1",
                        args![row.id, reason, retry_at],
                    )?;
                }
                _ => {
                    c.exec(
                        "INSERT INTO inputs (path, hash, state, unit_folder, reason, received_at, retries, retry_at) VALUES (?1, '', 'retry', ?2, ?3, ?4, 1, ?5)",
                        args![path, unit_folder, reason, now(), retry_at],
                    )?;
                }
            }
            Ok(())
        })
    }

    /// Records a copy of a current input's content from the same unit,
    /// archived without documents; returns its row id.
    pub fn record_duplicate(
        &self,
        path: &str,
        hash: &str,
        unit_folder: &str,
        archived: &str,
        of: &str,
    ) -> Result<i64, LedgerError> {
        self.write(Fence::Path(path), |c| {
            c.exec(
                "DELETE FROM inputs WHERE path = ?1 AND state = 'received'",
                args![path],
            )?;
            let at = now();
            Ok(c.rows(
                "INSERT INTO inputs (path, hash, state, unit_folder, reason, archived, received_at, finished_at) VALUES (?1, ?2, 'duplicate', ?3, ?4, ?5, ?6, ?7) RETURNING id",
                args![path, hash, unit_folder, format!("trùng nội dung với {of}"), archived, at, at],
            )?
            .first()
            .map_or(0, |r| r.int(0)))
        })
    }

    /// Marks a rejected input whose file its submitter removed.
    pub fn withdraw(&self, id: i64) -> Result<(), LedgerError> {
        self.write(Fence::Leader, |c| {
            c.exec(
                "UPDATE inputs SET state = 'withdrawn' WHERE id = ?1 AND state = 'rejected'",
                args![id],
            )?;
            Ok(())
        })
    }

    /// The input with row id `id`.
    pub fn input(&self, id: i64) -> Result<Option<Input>, LedgerError> {
        self.query_input("id = ?1", args![id])
    }

    /// Sets the reason shown for an input (a trouble after it ended, such
    /// as a file that cannot be taken out of the inbox).
    pub fn note(&self, id: i64, reason: Option<&str>) -> Result<(), LedgerError> {
        self.write(Fence::Input(id), |c| {
            c.exec(
                "UPDATE inputs SET reason = ?2 WHERE id = ?1",
                args![id, reason],
            )?;
            Ok(())
        })
    }

    fn outputs_where(&self, filter: &str, args: &[Value]) -> Result<Vec<Output>, LedgerError> {
        self.read(|c| {
            Ok(c.rows(
                &format!("SELECT {OUTPUT_COLUMNS} FROM outputs WHERE {filter} ORDER BY path"),
                args,
            )?
            .iter()
            .map(output_from_row)
            .collect())
        })
    }

    /// The outputs of an input.
    pub fn outputs(&self, id: i64) -> Result<Vec<Output>, LedgerError> {
        self.outputs_where("input_id = ?1", args![id])
    }

    /// The outputs of the done inputs at `path` before `before` (earlier
    /// versions of the same file).
    pub fn earlier_outputs(&self, path: &str, before: i64) -> Result<Vec<Output>, LedgerError> {
        self.outputs_where(
            "input_id IN (SELECT id FROM inputs WHERE path = ?1 AND state = 'done' AND id < ?2)",
            args![path, before],
        )
    }

    /// The current inputs: the latest done input of each path.
    pub fn current_done(&self) -> Result<Vec<Input>, LedgerError> {
        self.query_inputs(&format!("{CURRENT_DONE} ORDER BY path"), &[])
    }

    /// The input path whose current documents include the output `path`
    /// (compared without case), if any.
    pub fn owner_of(&self, path: &str) -> Result<Option<String>, LedgerError> {
        self.read(|c| {
            Ok(c.rows(
                &format!(
                    "SELECT i.path FROM outputs o JOIN inputs i ON i.id = o.input_id \
                     WHERE o.path_key = ?1 AND {CURRENT_DONE} ORDER BY i.id DESC LIMIT 1"
                ),
                args![path_key(path)],
            )?
            .first()
            .map(|r| r.text(0)))
        })
    }

    /// The summaries (JSON) of the current done inputs that have one, with
    /// their paths, oldest first by when their files were last saved (when
    /// they came, for rows of earlier versions that did not keep it).
    pub fn summaries(&self) -> Result<Vec<(String, String)>, LedgerError> {
        self.read(|c| {
            Ok(c.rows(
                &format!(
                    "SELECT path, summary FROM inputs i WHERE summary IS NOT NULL AND {CURRENT_DONE} ORDER BY COALESCE(modified, received_at), id"
                ),
                &[],
            )?
            .iter()
            .map(|r| (r.text(0), r.text(1)))
            .collect())
        })
    }

    /// Every input, newest first, at most `limit`.
    pub fn recent(&self, limit: usize) -> Result<Vec<Input>, LedgerError> {
        self.query_inputs("1 = 1 ORDER BY id DESC LIMIT ?1", args![limit as i64])
    }

    /// The inputs in `state`, newest first, at most `limit`.
    pub fn recent_in_state(&self, state: State, limit: usize) -> Result<Vec<Input>, LedgerError> {
        self.query_inputs(
            "state = ?1 ORDER BY id DESC LIMIT ?2",
            args![state.as_str(), limit as i64],
        )
    }

    /// The inputs in `state`, oldest first.
    pub fn in_state(&self, state: State) -> Result<Vec<Input>, LedgerError> {
        self.query_inputs("state = ?1 ORDER BY id", args![state.as_str()])
    }

    /// How many inputs are in `state`.
    pub fn count(&self, state: State) -> Result<usize, LedgerError> {
        self.read(|c| {
            Ok(c.rows(
                "SELECT COUNT(*) FROM inputs WHERE state = ?1",
                args![state.as_str()],
            )?
            .first()
            .map_or(0, |r| r.int(0)) as usize)
        })
    }

    /// Gives back the attempt of every input this worker was working on
    /// (a stop on request is no crash); see [`give_back_attempts`].
    pub fn give_back_attempts(&self) -> Result<(), LedgerError> {
        match &self.db {
            Db::Sqlite(conn) => conn.exec(GIVE_BACK, &[]).map(|_| ()),
            Db::Postgres(shared) => shared.give_back_attempts(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A ledger made by the previous version (no attempts, no retries) is
    /// read by `status` as it is and migrated by a writer, keeping its rows.
    #[test]
    fn an_older_ledger_is_read_and_migrated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ledger.sqlite3");
        {
            let conn = Connection::open(&path).unwrap();
            conn.execute_batch(SCHEMA).unwrap();
            conn.execute(
                "INSERT INTO inputs (path, hash, state, unit_folder, received_at) VALUES ('a.xlsx', 'h', 'done', '', 1)",
                [],
            )
            .unwrap();
        }
        let old = Ledger::open_read_only(&path).unwrap().unwrap();
        assert_eq!(old.count(State::Done).unwrap(), 1);
        assert_eq!(old.recent(5).unwrap()[0].attempts, 0);
        drop(old);
        let ledger = Ledger::open(&path).unwrap();
        let row = ledger.begin("a.xlsx", "h2", "", None).unwrap();
        assert_eq!((row.attempts, row.state), (1, State::Processing));
        assert_eq!(ledger.count(State::Done).unwrap(), 1);
        let again = ledger.begin("a.xlsx", "h2", "", None).unwrap();
        assert_eq!(
            (again.id, again.attempts),
            (row.id, 2),
            "an attempt is counted before each job"
        );
    }
}

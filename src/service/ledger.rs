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

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

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

/// The ledger database.
pub struct Ledger {
    conn: Connection,
    /// The schema version found (older ones are read with what they have).
    version: i64,
}

/// A ledger failure, in Vietnamese.
#[derive(Debug, thiserror::Error)]
#[error("sổ theo dõi (ledger) {}", describe(.0))]
pub struct LedgerError(#[from] rusqlite::Error);

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

fn input_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Input> {
    Ok(Input {
        id: row.get(0)?,
        path: row.get(1)?,
        hash: row.get(2)?,
        state: State::parse(&row.get::<_, String>(3)?),
        unit_folder: row.get(4)?,
        reason: row.get(5)?,
        archived: row.get(6)?,
        received_at: row.get(7)?,
        finished_at: row.get(8)?,
        attempts: row.get(9)?,
        retries: row.get(10)?,
        retry_at: row.get(11)?,
        versions: row.get(12)?,
        modified: row.get(13)?,
    })
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

fn output_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Output> {
    Ok(Output {
        path: row.get(0)?,
        hash: row.get(1)?,
        template: row.get(2)?,
        template_version: row.get(3)?,
        config_version: row.get(4)?,
    })
}

/// Brings a ledger of an older schema (or a new, empty one) to
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
pub fn give_back_attempts(path: &Path) -> Result<(), LedgerError> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(2))?;
    conn.execute(
        "UPDATE inputs SET attempts = MAX(attempts - 1, 0) WHERE state = 'processing'",
        [],
    )?;
    Ok(())
}

/// Latest done row of each path: the current inputs.
const CURRENT_DONE: &str = "state = 'done' AND id = (SELECT MAX(id) FROM inputs j WHERE j.path = i.path AND j.state = 'done')";

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
                conn,
                version: SCHEMA_VERSION,
            });
        }
        Ok(Ledger {
            conn,
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
        Ok(Some(Ledger { conn, version }))
    }

    fn query_inputs(
        &self,
        filter: &str,
        args: impl rusqlite::Params,
    ) -> Result<Vec<Input>, LedgerError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {} FROM inputs i WHERE {filter}",
            input_columns(self.version)
        ))?;
        let rows = stmt.query_map(args, input_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn query_input(
        &self,
        filter: &str,
        args: impl rusqlite::Params,
    ) -> Result<Option<Input>, LedgerError> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT {} FROM inputs i WHERE {filter} LIMIT 1",
                    input_columns(self.version)
                ),
                args,
                input_from_row,
            )
            .optional()?)
    }

    /// The latest input recorded at `path`, if any.
    pub fn latest_at(&self, path: &str) -> Result<Option<Input>, LedgerError> {
        self.query_input("path = ?1 ORDER BY id DESC", params![path])
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
            params![hash, unit_folder],
        )
    }

    /// Records a file seen but not yet ready with why it waits, unless its
    /// path already has such a row (whose reason is brought up to date).
    pub fn receive(&self, path: &str, unit_folder: &str, reason: &str) -> Result<(), LedgerError> {
        if let Some(row) = self.latest_at(path)?
            && row.state == State::Received
        {
            if row.reason.as_deref() != Some(reason) {
                self.conn.execute(
                    "UPDATE inputs SET reason = ?2 WHERE id = ?1",
                    params![row.id, reason],
                )?;
            }
            return Ok(());
        }
        self.conn.execute(
            "INSERT INTO inputs (path, hash, state, unit_folder, reason, received_at) VALUES (?1, '', 'received', ?2, ?3, ?4)",
            params![path, unit_folder, reason, now()],
        )?;
        Ok(())
    }

    /// Drops the `received` row of a path whose file turned out to need no
    /// processing or went away.
    pub fn forget_received(&self, path: &str) -> Result<(), LedgerError> {
        self.conn.execute(
            "DELETE FROM inputs WHERE path = ?1 AND state = 'received'",
            params![path],
        )?;
        Ok(())
    }

    /// The paths with a `received` row.
    pub fn received_paths(&self) -> Result<Vec<String>, LedgerError> {
        Ok(self
            .query_inputs("state = 'received' ORDER BY path", [])?
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
        let id = match self.latest_at(path)? {
            Some(row)
                if row.state == State::Received
                    || (row.hash == hash
                        && matches!(
                            row.state,
                            State::Processing | State::Retry | State::Rejected
                        )) =>
            {
                self.conn.execute(
                    "UPDATE inputs SET hash = ?2, state = 'processing', unit_folder = ?3, attempts = attempts + 1, reason = NULL, modified = ?4 WHERE id = ?1",
                    params![row.id, hash, unit_folder, modified],
                )?;
                row.id
            }
            _ => {
                self.conn.execute(
                    "INSERT INTO inputs (path, hash, state, unit_folder, received_at, attempts, modified) VALUES (?1, ?2, 'processing', ?3, ?4, 1, ?5)",
                    params![path, hash, unit_folder, now(), modified],
                )?;
                self.conn.last_insert_rowid()
            }
        };
        self.query_input("id = ?1", params![id])
            .map(|row| row.expect("the row just written"))
    }

    /// Marks an input done with its outputs, archive place and summary, in
    /// one transaction.
    pub fn finish_done(
        &mut self,
        id: i64,
        outputs: &[Output],
        archived: &str,
        summary: Option<&str>,
    ) -> Result<(), LedgerError> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM outputs WHERE input_id = ?1", params![id])?;
        for o in outputs {
            tx.execute(
                &format!("INSERT INTO outputs (input_id, {OUTPUT_COLUMNS}, path_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
                params![id, o.path, o.hash, o.template, o.template_version, o.config_version, path_key(&o.path)],
            )?;
        }
        tx.execute(
            "UPDATE inputs SET state = 'done', reason = NULL, archived = ?2, finished_at = ?3, summary = ?4, attempts = 0, retries = 0, retry_at = NULL, versions = NULL, regen_failed = NULL WHERE id = ?1",
            params![id, archived, now(), summary],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Replaces the outputs of `templates` of an input, and its summary as
    /// the list reads under the configuration now (regeneration: a unit
    /// renamed in `[units]` is renamed in the yearly summary too).
    pub fn replace_outputs(
        &mut self,
        id: i64,
        templates: &[String],
        outputs: &[Output],
        summary: Option<&str>,
    ) -> Result<(), LedgerError> {
        let tx = self.conn.transaction()?;
        for t in templates {
            tx.execute(
                "DELETE FROM outputs WHERE input_id = ?1 AND template = ?2",
                params![id, t],
            )?;
        }
        for o in outputs {
            tx.execute(
                &format!("INSERT INTO outputs (input_id, {OUTPUT_COLUMNS}, path_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
                params![id, o.path, o.hash, o.template, o.template_version, o.config_version, path_key(&o.path)],
            )?;
        }
        tx.execute(
            "UPDATE inputs SET regen_failed = NULL, reason = NULL, summary = ?2 WHERE id = ?1",
            params![id, summary],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Records that regenerating an input's documents failed under
    /// `versions`, so it is not tried again until they change.
    pub fn regeneration_failed(
        &self,
        id: i64,
        versions: &str,
        reason: &str,
    ) -> Result<(), LedgerError> {
        self.conn.execute(
            "UPDATE inputs SET regen_failed = ?2, reason = ?3 WHERE id = ?1",
            params![id, versions, reason],
        )?;
        Ok(())
    }

    /// The versions under which regenerating an input last failed.
    pub fn regeneration_failed_under(&self, id: i64) -> Result<Option<String>, LedgerError> {
        if self.version < 2 {
            return Ok(None);
        }
        Ok(self
            .conn
            .query_row(
                "SELECT regen_failed FROM inputs WHERE id = ?1",
                params![id],
                |r| r.get(0),
            )
            .optional()?
            .flatten())
    }

    /// Marks an input rejected with its reason, judged under `versions`.
    pub fn finish_rejected(
        &self,
        id: i64,
        reason: &str,
        versions: &str,
    ) -> Result<(), LedgerError> {
        self.conn.execute(
            "UPDATE inputs SET state = 'rejected', reason = ?2, finished_at = ?3, attempts = 0, retry_at = NULL, versions = ?4 WHERE id = ?1",
            params![id, reason, now(), versions],
        )?;
        Ok(())
    }

    /// Marks an input to be tried again at `retry_at`.
    pub fn finish_retry(
        &self,
        id: i64,
        reason: &str,
        retry_at: i64,
        versions: &str,
    ) -> Result<(), LedgerError> {
        self.conn.execute(
            "UPDATE inputs SET state = 'retry', reason = ?2, retry_at = ?3, retries = retries + 1, attempts = 0, versions = ?4 WHERE id = ?1",
            params![id, reason, retry_at, versions],
        )?;
        Ok(())
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
        match self.latest_at(path)? {
            Some(row) if matches!(row.state, State::Received | State::Retry) => {
                self.conn.execute(
                    "UPDATE inputs SET state = 'retry', reason = ?2, retry_at = ?3, retries = retries + 1 WHERE id = ?1",
                    params![row.id, reason, retry_at],
                )?;
            }
            _ => {
                self.conn.execute(
                    "INSERT INTO inputs (path, hash, state, unit_folder, reason, received_at, retries, retry_at) VALUES (?1, '', 'retry', ?2, ?3, ?4, 1, ?5)",
                    params![path, unit_folder, reason, now(), retry_at],
                )?;
            }
        }
        Ok(())
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
        self.forget_received(path)?;
        self.conn.execute(
            "INSERT INTO inputs (path, hash, state, unit_folder, reason, archived, received_at, finished_at) VALUES (?1, ?2, 'duplicate', ?3, ?4, ?5, ?6, ?6)",
            params![path, hash, unit_folder, format!("trùng nội dung với {of}"), archived, now()],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Marks a rejected input whose file its submitter removed.
    pub fn withdraw(&self, id: i64) -> Result<(), LedgerError> {
        self.conn.execute(
            "UPDATE inputs SET state = 'withdrawn' WHERE id = ?1 AND state = 'rejected'",
            params![id],
        )?;
        Ok(())
    }

    /// The input with row id `id`.
    pub fn input(&self, id: i64) -> Result<Option<Input>, LedgerError> {
        self.query_input("id = ?1", params![id])
    }

    /// Sets the reason shown for an input (a trouble after it ended, such
    /// as a file that cannot be taken out of the inbox).
    pub fn note(&self, id: i64, reason: Option<&str>) -> Result<(), LedgerError> {
        self.conn.execute(
            "UPDATE inputs SET reason = ?2 WHERE id = ?1",
            params![id, reason],
        )?;
        Ok(())
    }

    /// The outputs of an input.
    pub fn outputs(&self, id: i64) -> Result<Vec<Output>, LedgerError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {OUTPUT_COLUMNS} FROM outputs WHERE input_id = ?1 ORDER BY path"
        ))?;
        let rows = stmt.query_map(params![id], output_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The outputs of the done inputs at `path` before `before` (earlier
    /// versions of the same file).
    pub fn earlier_outputs(&self, path: &str, before: i64) -> Result<Vec<Output>, LedgerError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {OUTPUT_COLUMNS} FROM outputs WHERE input_id IN (SELECT id FROM inputs WHERE path = ?1 AND state = 'done' AND id < ?2) ORDER BY path"
        ))?;
        let rows = stmt.query_map(params![path, before], output_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The current inputs: the latest done input of each path.
    pub fn current_done(&self) -> Result<Vec<Input>, LedgerError> {
        self.query_inputs(&format!("{CURRENT_DONE} ORDER BY path"), [])
    }

    /// The input path whose current documents include the output `path`
    /// (compared without case), if any.
    pub fn owner_of(&self, path: &str) -> Result<Option<String>, LedgerError> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT i.path FROM outputs o JOIN inputs i ON i.id = o.input_id \
                     WHERE o.path_key = ?1 AND {CURRENT_DONE} ORDER BY i.id DESC LIMIT 1"
                ),
                params![path_key(path)],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The summaries (JSON) of the current done inputs that have one, with
    /// their paths, oldest first by when their files were last saved (when
    /// they came, for rows of earlier versions that did not keep it).
    pub fn summaries(&self) -> Result<Vec<(String, String)>, LedgerError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT path, summary FROM inputs i WHERE summary IS NOT NULL AND {CURRENT_DONE} ORDER BY COALESCE(modified, received_at), id"
        ))?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every input, newest first, at most `limit`.
    pub fn recent(&self, limit: usize) -> Result<Vec<Input>, LedgerError> {
        self.query_inputs("1 ORDER BY id DESC LIMIT ?1", params![limit as i64])
    }

    /// The inputs in `state`, newest first, at most `limit`.
    pub fn recent_in_state(&self, state: State, limit: usize) -> Result<Vec<Input>, LedgerError> {
        self.query_inputs(
            "state = ?1 ORDER BY id DESC LIMIT ?2",
            params![state.as_str(), limit as i64],
        )
    }

    /// The inputs in `state`, oldest first.
    pub fn in_state(&self, state: State) -> Result<Vec<Input>, LedgerError> {
        self.query_inputs("state = ?1 ORDER BY id", params![state.as_str()])
    }

    /// How many inputs are in `state`.
    pub fn count(&self, state: State) -> Result<usize, LedgerError> {
        Ok(self.conn.query_row(
            "SELECT COUNT(*) FROM inputs WHERE state = ?1",
            params![state.as_str()],
            |r| r.get::<_, i64>(0),
        )? as usize)
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

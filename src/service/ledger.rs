//! The ledger: one SQLite database (WAL) in the state folder recording every
//! input by content hash and path, its state, its outputs with their
//! hashes, the template and configuration versions used, and times.
//!
//! States move forward only: `processing` is written before any output is
//! touched and `done` / `rejected` after the outputs (or the report) are
//! durable, so a crash leaves at most one `processing` row per input, which
//! the next start resumes.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

/// What happened to an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Seen in the inbox, still being written or locked.
    Received,
    /// Being processed (or interrupted while it was).
    Processing,
    /// Documents delivered, input archived.
    Done,
    /// Rejected with a report.
    Rejected,
}

impl State {
    fn as_str(self) -> &'static str {
        match self {
            State::Received => "received",
            State::Processing => "processing",
            State::Done => "done",
            State::Rejected => "rejected",
        }
    }

    fn parse(s: &str) -> State {
        match s {
            "done" => State::Done,
            "rejected" => State::Rejected,
            "received" => State::Received,
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
    /// SHA-256 of the content, hex.
    pub hash: String,
    /// State.
    pub state: State,
    /// Unit folder it came from (empty for the inbox itself).
    pub unit_folder: String,
    /// Reason of a rejection (the report's first line) or of an error.
    pub reason: Option<String>,
    /// Where the input was archived (relative to the state folder).
    pub archived: Option<String>,
    /// Unix seconds when it was first seen.
    pub received_at: i64,
    /// Unix seconds when it ended.
    pub finished_at: Option<i64>,
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
}

/// A ledger failure, in Vietnamese.
#[derive(Debug, thiserror::Error)]
#[error("sổ theo dõi (ledger) gặp lỗi: {0}")]
pub struct LedgerError(#[from] rusqlite::Error);

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

fn now() -> i64 {
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
    })
}

const INPUT_COLUMNS: &str =
    "id, path, hash, state, unit_folder, reason, archived, received_at, finished_at";

impl Ledger {
    /// Opens (creating) the ledger at `path`, in WAL mode with full sync.
    pub fn open(path: &Path) -> Result<Ledger, LedgerError> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.execute_batch(SCHEMA)?;
        Ok(Ledger { conn })
    }

    /// The input with this content that ended (done or rejected), if any.
    pub fn finished_with_hash(&self, hash: &str) -> Result<Option<Input>, LedgerError> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT {INPUT_COLUMNS} FROM inputs WHERE hash = ?1 AND state IN ('done', 'rejected') ORDER BY id DESC LIMIT 1"
                ),
                params![hash],
                input_from_row,
            )
            .optional()?)
    }

    /// The latest input recorded at `path`, if any.
    pub fn latest_at(&self, path: &str) -> Result<Option<Input>, LedgerError> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT {INPUT_COLUMNS} FROM inputs WHERE path = ?1 ORDER BY id DESC LIMIT 1"
                ),
                params![path],
                input_from_row,
            )
            .optional()?)
    }

    /// The latest done input at `path`, if any.
    pub fn latest_done_at(&self, path: &str) -> Result<Option<Input>, LedgerError> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT {INPUT_COLUMNS} FROM inputs WHERE path = ?1 AND state = 'done' ORDER BY id DESC LIMIT 1"
                ),
                params![path],
                input_from_row,
            )
            .optional()?)
    }

    /// Records a file seen but not yet ready (content unknown), unless its
    /// path already has such a row.
    pub fn receive(&self, path: &str, unit_folder: &str) -> Result<(), LedgerError> {
        if self
            .latest_at(path)?
            .is_some_and(|row| row.state == State::Received)
        {
            return Ok(());
        }
        self.conn.execute(
            "INSERT INTO inputs (path, hash, state, unit_folder, received_at) VALUES (?1, '', 'received', ?2, ?3)",
            params![path, unit_folder, now()],
        )?;
        Ok(())
    }

    /// Drops the `received` row of a path whose file turned out to need no
    /// processing (a duplicate, an unchanged rejected file).
    pub fn forget_received(&self, path: &str) -> Result<(), LedgerError> {
        self.conn.execute(
            "DELETE FROM inputs WHERE path = ?1 AND state = 'received'",
            params![path],
        )?;
        Ok(())
    }

    /// Records an input as being processed (its `received` row, if any,
    /// moves on); returns its id.
    pub fn begin(&self, path: &str, hash: &str, unit_folder: &str) -> Result<i64, LedgerError> {
        if let Some(row) = self.latest_at(path)?
            && row.state == State::Received
        {
            self.conn.execute(
                "UPDATE inputs SET hash = ?2, state = 'processing', unit_folder = ?3 WHERE id = ?1",
                params![row.id, hash, unit_folder],
            )?;
            return Ok(row.id);
        }
        self.conn.execute(
            "INSERT INTO inputs (path, hash, state, unit_folder, received_at) VALUES (?1, ?2, 'processing', ?3, ?4)",
            params![path, hash, unit_folder, now()],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Marks an input done with its outputs and archive place, in one
    /// transaction.
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
                "INSERT INTO outputs (input_id, path, hash, template, template_version, config_version) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, o.path, o.hash, o.template, o.template_version, o.config_version],
            )?;
        }
        tx.execute(
            "UPDATE inputs SET state = 'done', reason = NULL, archived = ?2, finished_at = ?3, summary = ?4 WHERE id = ?1",
            params![id, archived, now(), summary],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Replaces the outputs of `templates` of an input.
    pub fn replace_outputs(
        &mut self,
        id: i64,
        templates: &[String],
        outputs: &[Output],
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
                "INSERT INTO outputs (input_id, path, hash, template, template_version, config_version) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![id, o.path, o.hash, o.template, o.template_version, o.config_version],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Marks an input rejected with its reason.
    pub fn finish_rejected(&self, id: i64, reason: &str) -> Result<(), LedgerError> {
        self.conn.execute(
            "UPDATE inputs SET state = 'rejected', reason = ?2, finished_at = ?3 WHERE id = ?1",
            params![id, reason, now()],
        )?;
        Ok(())
    }

    /// The outputs of an input.
    pub fn outputs(&self, id: i64) -> Result<Vec<Output>, LedgerError> {
        let mut stmt = self.conn.prepare(
            "SELECT path, hash, template, template_version, config_version FROM outputs WHERE input_id = ?1 ORDER BY path",
        )?;
        let rows = stmt.query_map(params![id], |row| {
            Ok(Output {
                path: row.get(0)?,
                hash: row.get(1)?,
                template: row.get(2)?,
                template_version: row.get(3)?,
                config_version: row.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The current inputs: the latest done input of each path, newest
    /// first.
    pub fn current_done(&self) -> Result<Vec<Input>, LedgerError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {INPUT_COLUMNS} FROM inputs i WHERE state = 'done' AND id = (SELECT MAX(id) FROM inputs j WHERE j.path = i.path AND j.state = 'done') ORDER BY path"
        ))?;
        let rows = stmt.query_map([], input_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The input path whose current documents include the output `path`,
    /// if any.
    pub fn owner_of(&self, path: &str) -> Result<Option<String>, LedgerError> {
        Ok(self
            .conn
            .query_row(
                "SELECT i.path FROM outputs o JOIN inputs i ON i.id = o.input_id \
                 WHERE o.path = ?1 AND i.state = 'done' \
                 AND i.id = (SELECT MAX(id) FROM inputs j WHERE j.path = i.path AND j.state = 'done') \
                 ORDER BY i.id DESC LIMIT 1",
                params![path],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The summaries (JSON) of the current done inputs that have one.
    pub fn summaries(&self) -> Result<Vec<String>, LedgerError> {
        let mut stmt = self.conn.prepare(
            "SELECT summary FROM inputs i WHERE state = 'done' AND summary IS NOT NULL \
             AND id = (SELECT MAX(id) FROM inputs j WHERE j.path = i.path AND j.state = 'done') ORDER BY path",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every input, newest first, at most `limit`.
    pub fn recent(&self, limit: usize) -> Result<Vec<Input>, LedgerError> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {INPUT_COLUMNS} FROM inputs ORDER BY id DESC LIMIT ?1"
        ))?;
        let rows = stmt.query_map(params![limit as i64], input_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Counts of inputs per state: (done, rejected, processing, received).
    pub fn counts(&self) -> Result<(usize, usize, usize, usize), LedgerError> {
        let count = |state: State| -> Result<usize, LedgerError> {
            Ok(self.conn.query_row(
                "SELECT COUNT(*) FROM inputs WHERE state = ?1",
                params![state.as_str()],
                |r| r.get::<_, i64>(0),
            )? as usize)
        };
        Ok((
            count(State::Done)?,
            count(State::Rejected)?,
            count(State::Processing)?,
            count(State::Received)?,
        ))
    }
}

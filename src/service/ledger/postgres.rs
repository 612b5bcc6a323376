//! The shared ledger: one PostgreSQL database that several workers on
//! one shared inbox trust, so any of them can die.
//!
//! - **Claims.** The leader puts each file that is ready into the
//!   `claims` queue; any worker takes the oldest one free with
//!   `FOR UPDATE SKIP LOCKED`, under a lease timed by the database's
//!   clock and a fencing token from a sequence. A heartbeat renews the
//!   leases of what the worker holds while its jobs run.
//! - **Fencing.** Every write about a file runs in a transaction that
//!   first locks the file's claim and checks it still carries this
//!   worker's token and an unexpired lease; before documents go into the
//!   outbox the claim is checked and renewed again ([`Shared::hold`]). A
//!   worker that stalled past its lease (paused, cut off) and wakes up
//!   finds its token gone, and what it made is dropped.
//! - **Leader.** Scanning the inbox for stable files, the yearly summary
//!   and sweeping temporaries are one worker's at a time: the one holding
//!   a session advisory lock. Its session is closed by the server when it
//!   stays idle past the lease (`idle_session_timeout`), so a stalled
//!   leader loses the lock as a dead one does; the heartbeat keeps a
//!   living one busy.
//! - **Outages.** A statement that cannot reach the server is tried
//!   again for up to two minutes, the whole transaction each time.
//!
//! Statements are written once in SQL both engines speak (`?1` becomes
//! `$1` here) and run through [`Exec`].

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::NoTls;
use tokio_postgres::types::{IsNull, ToSql, Type, to_sql_checked};

use super::{Claimed, Exec, Fence, LedgerError, Row, SCHEMA_VERSION, Value};

/// The advisory lock of the leader ("vant").
const LEADER_KEY: i64 = 0x7661_6e74;
/// The advisory lock taken while the schema is made or migrated.
const SCHEMA_KEY: i64 = 0x7661_6e75;
/// How long a database that cannot be reached is waited for.
const OUTAGE: Duration = Duration::from_secs(120);

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS vanthu_schema (version BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS inputs (
    id BIGSERIAL PRIMARY KEY,
    path TEXT NOT NULL,
    hash TEXT NOT NULL,
    state TEXT NOT NULL,
    unit_folder TEXT NOT NULL,
    reason TEXT,
    archived TEXT,
    received_at BIGINT NOT NULL,
    finished_at BIGINT,
    summary TEXT,
    attempts BIGINT NOT NULL DEFAULT 0,
    retries BIGINT NOT NULL DEFAULT 0,
    retry_at BIGINT,
    versions TEXT,
    regen_failed TEXT,
    modified BIGINT
);
CREATE INDEX IF NOT EXISTS inputs_hash ON inputs(hash);
CREATE INDEX IF NOT EXISTS inputs_path ON inputs(path);
CREATE INDEX IF NOT EXISTS inputs_state ON inputs(state);
CREATE TABLE IF NOT EXISTS outputs (
    input_id BIGINT NOT NULL REFERENCES inputs(id),
    path TEXT NOT NULL,
    hash TEXT NOT NULL,
    template TEXT NOT NULL,
    template_version TEXT NOT NULL,
    config_version TEXT NOT NULL,
    path_key TEXT
);
CREATE INDEX IF NOT EXISTS outputs_input ON outputs(input_id);
CREATE INDEX IF NOT EXISTS outputs_path ON outputs(path);
CREATE INDEX IF NOT EXISTS outputs_key ON outputs(path_key);
CREATE TABLE IF NOT EXISTS claims (
    path TEXT PRIMARY KEY,
    file TEXT NOT NULL,
    unit_folder TEXT NOT NULL,
    queued TIMESTAMPTZ NOT NULL DEFAULT now(),
    holder TEXT,
    token BIGINT,
    lease_until TIMESTAMPTZ,
    claims BIGINT NOT NULL DEFAULT 0,
    kind TEXT NOT NULL DEFAULT 'file',
    input_id BIGINT,
    templates TEXT
);
CREATE INDEX IF NOT EXISTS claims_free ON claims(queued, path);
CREATE SEQUENCE IF NOT EXISTS claim_tokens;
CREATE TABLE IF NOT EXISTS vanthu_office (
    one INT PRIMARY KEY DEFAULT 1 CHECK (one = 1),
    id TEXT NOT NULL,
    place TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS workers (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    started TIMESTAMPTZ NOT NULL DEFAULT now(),
    seen TIMESTAMPTZ NOT NULL DEFAULT now()
);
";

impl ToSql for Value {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut bytes::BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(v) => match *ty {
                Type::INT4 => i32::try_from(*v)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*v)?.to_sql(ty, out),
                Type::FLOAT8 => (*v as f64).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR => v.to_string().to_sql(ty, out),
                _ => v.to_sql(ty, out),
            },
            Value::Text(t) => t.as_str().to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// A failure of the driver: connection troubles (tried again) apart.
fn failure(e: tokio_postgres::Error) -> LedgerError {
    let transient = e.is_closed()
        || e.code().is_some_and(|c| {
            let code = c.code();
            code.starts_with("08") // connection exception
                || code.starts_with("57P") // shutdown, cannot connect now
                || code == "40001" // serialization failure
                || code == "40P01" // deadlock
                || code == "53300" // too many connections
        })
        || (e.as_db_error().is_none()
            && std::error::Error::source(&e).is_some_and(|s| s.is::<std::io::Error>()));
    let message = match e.as_db_error() {
        Some(db) => db.message().to_owned(),
        None => {
            // The driver's words, with their cause ("error connecting to
            // server: Connection refused"), and what it means.
            let mut words = e.to_string();
            if let Some(cause) = std::error::Error::source(&e) {
                words = format!("{words}: {cause}");
            }
            let lower = words.to_lowercase();
            let meaning = if lower.contains("password missing") {
                Some(
                    "máy chủ cần mật khẩu: hãy ghi mật khẩu trong [ledger] url hoặc biến môi trường PGPASSWORD",
                )
            } else if lower.contains("connection refused") {
                Some("máy chủ không nhận kết nối ở cổng này (PostgreSQL chưa chạy, hoặc sai cổng)")
            } else if lower.contains("lookup address")
                || lower.contains("name or service not known")
            {
                Some("không tìm thấy máy chủ có tên này (sai tên máy, hoặc mạng)")
            } else if lower.contains("timed out") || lower.contains("timeout") {
                Some("máy chủ không trả lời (mạng, tường lửa, hoặc máy chủ đang tắt)")
            } else {
                None
            };
            match meaning {
                Some(meaning) => format!("{meaning} ({words})"),
                None => words,
            }
        }
    };
    if transient {
        return LedgerError::Unreachable(message);
    }
    LedgerError::Postgres(match e.code().map(|c| c.code()) {
        Some("28P01" | "28000") => format!(
            "không đăng nhập được: sai tên người dùng hoặc mật khẩu, hoặc máy này chưa được phép kết nối ({message}); hãy kiểm tra [ledger] url và PGPASSWORD"
        ),
        Some("3D000") => format!(
            "không có cơ sở dữ liệu ghi trong [ledger] url ({message}); hãy tạo nó (createdb) hoặc sửa địa chỉ"
        ),
        Some("42501") => format!(
            "không đủ quyền trên cơ sở dữ liệu ({message}); người dùng trong [ledger] url cần được tạo bảng và ghi"
        ),
        _ if message.starts_with("máy chủ") => message,
        _ => format!("gặp lỗi: {message}"),
    })
}

/// A failure to get a pooled connection: the server's refusal said as
/// [`failure`] says it, anything else (no answer, a timeout) tried again.
fn pool_failure(e: deadpool_postgres::PoolError) -> LedgerError {
    match e {
        deadpool_postgres::PoolError::Backend(e) => failure(e),
        other => LedgerError::Unreachable(other.to_string()),
    }
}

/// `?1` → `$1`: the ledger's statements in PostgreSQL's spelling.
fn spelled(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '?' && chars.peek().is_some_and(char::is_ascii_digit) {
            out.push('$');
        } else {
            out.push(c);
        }
    }
    out
}

fn value(row: &tokio_postgres::Row, i: usize) -> Value {
    let ty = row.columns()[i].type_();
    let int = |v: Option<i64>| v.map_or(Value::Null, Value::Int);
    match *ty {
        Type::INT8 => int(row.try_get::<_, Option<i64>>(i).ok().flatten()),
        Type::INT4 => int(row
            .try_get::<_, Option<i32>>(i)
            .ok()
            .flatten()
            .map(i64::from)),
        Type::INT2 => int(row
            .try_get::<_, Option<i16>>(i)
            .ok()
            .flatten()
            .map(i64::from)),
        Type::BOOL => int(row
            .try_get::<_, Option<bool>>(i)
            .ok()
            .flatten()
            .map(i64::from)),
        _ => row
            .try_get::<_, Option<String>>(i)
            .ok()
            .flatten()
            .map_or(Value::Null, Value::Text),
    }
}

/// Statements on one pooled connection.
struct Conn<'a> {
    rt: &'a tokio::runtime::Runtime,
    client: &'a deadpool_postgres::Client,
}

impl Conn<'_> {
    fn batch(&self, sql: &str) -> Result<(), LedgerError> {
        self.rt
            .block_on(self.client.batch_execute(sql))
            .map_err(failure)
    }
}

impl Conn<'_> {
    /// `sql` prepared (once per connection) in PostgreSQL's spelling.
    async fn statement(&self, sql: &str) -> Result<tokio_postgres::Statement, LedgerError> {
        self.client
            .prepare_cached(&spelled(sql))
            .await
            .map_err(failure)
    }
}

/// The parameters as the driver takes them.
fn params(args: &[Value]) -> Vec<&(dyn ToSql + Sync)> {
    args.iter().map(|a| a as _).collect()
}

impl Exec for Conn<'_> {
    fn exec(&self, sql: &str, args: &[Value]) -> Result<u64, LedgerError> {
        self.rt.block_on(async {
            let stmt = self.statement(sql).await?;
            self.client
                .execute(&stmt, &params(args))
                .await
                .map_err(failure)
        })
    }

    fn rows(&self, sql: &str, args: &[Value]) -> Result<Vec<Row>, LedgerError> {
        self.rt.block_on(async {
            let stmt = self.statement(sql).await?;
            let rows = self
                .client
                .query(&stmt, &params(args))
                .await
                .map_err(failure)?;
            Ok(rows
                .iter()
                .map(|r| Row((0..r.len()).map(|i| value(r, i)).collect()))
                .collect())
        })
    }
}

/// An outbox folder held by this worker ([`Shared::lock_unit`]); its
/// transaction ends, and the lock with it, when dropped.
pub struct UnitLock {
    inner: Arc<Inner>,
    client: Option<deadpool_postgres::Object>,
}

impl Drop for UnitLock {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            let _ = self.inner.rt().block_on(client.batch_execute("COMMIT"));
        }
    }
}

/// Who works on the shared ledger now.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Cluster {
    /// The worker that leads (scans, sums up), if any.
    pub leader: Option<String>,
    /// The workers connected now.
    pub workers: Vec<String>,
    /// Which of `workers` leads (names may repeat).
    #[serde(skip)]
    pub leader_at: Option<usize>,
    /// Files being worked on: (path, worker).
    pub claimed: Vec<(String, String)>,
    /// Jobs waiting for a worker.
    pub queued: usize,
}

/// A worker's name from the holder of a claim (`name/id`).
fn worker_name(holder: &str) -> String {
    holder
        .rsplit_once('/')
        .map_or(holder, |(name, _)| name)
        .to_owned()
}

/// The leader's own session, holding the advisory lock.
struct Leader {
    client: tokio_postgres::Client,
    /// Its server process, as `pg_locks` names the lock's holder.
    pid: i32,
    leading: bool,
}

struct Inner {
    /// Always there but while dropping (see `Drop for Inner`).
    rt: Option<tokio::runtime::Runtime>,
    pool: Pool,
    config: tokio_postgres::Config,
    /// This worker's name, as the admin gave it (or the machine's).
    worker: String,
    /// This process's own mark, unique whatever the name (two machines
    /// given one name by a shared `vanthu.toml` stay apart): the holder
    /// of its claims is `name/id`, and its sessions say `vanthu id` to
    /// the server, so a holder without a session is a dead worker.
    id: String,
    lease: Duration,
    /// The process is stopping: waits for the database end.
    stop: Arc<AtomicBool>,
    /// The ledger was dropped: the heartbeat ends.
    closed: AtomicBool,
    /// Ledger path → token of the claims this worker holds.
    held: Mutex<HashMap<String, i64>>,
    leader: Mutex<Option<Leader>>,
}

/// A connection to the shared ledger (see the module's description).
pub struct Shared {
    inner: Arc<Inner>,
    heartbeat: Option<std::thread::JoinHandle<()>>,
}

impl Shared {
    /// Connects, creates or migrates the schema, and starts the heartbeat.
    pub(crate) fn connect(
        settings: &crate::config::SharedLedger,
        stop: Arc<AtomicBool>,
    ) -> Result<Shared, LedgerError> {
        let mut config: tokio_postgres::Config = settings
            .url
            .parse()
            .map_err(|e| LedgerError::Postgres(format!("có địa chỉ không hợp lệ: {e}")))?;
        if config.get_password().is_none()
            && let Ok(password) = std::env::var("PGPASSWORD")
        {
            config.password(password);
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(5));
        }
        let started = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let id = format!("{:x}-{:x}", std::process::id(), started % (1 << 40));
        // ASCII only: the server replaces other characters.
        config.application_name(format!("vanthu {id}"));
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| LedgerError::Postgres(format!("không khởi động được: {e}")))?;
        let manager = Manager::from_config(
            config.clone(),
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(4)
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .wait_timeout(Some(Duration::from_secs(10)))
            .create_timeout(Some(Duration::from_secs(5)))
            .recycle_timeout(Some(Duration::from_secs(5)))
            .build()
            .map_err(|e| LedgerError::Postgres(format!("không khởi động được: {e}")))?;
        let inner = Arc::new(Inner {
            rt: Some(rt),
            pool,
            config,
            worker: settings.worker.clone(),
            id,
            lease: settings.lease,
            stop,
            closed: AtomicBool::new(false),
            held: Mutex::default(),
            leader: Mutex::default(),
        });
        inner.migrate()?;
        inner.retrying(|c| {
            c.exec(
                "INSERT INTO workers (id, name) VALUES (?1, ?2) ON CONFLICT (id) DO UPDATE SET seen = now()",
                &[inner.id.as_str().into(), inner.worker.as_str().into()],
            )
        })?;
        let beating = Arc::clone(&inner);
        let heartbeat = std::thread::Builder::new()
            .name("vanthu-heartbeat".into())
            .spawn(move || beating.beat())
            .map_err(|e| LedgerError::Postgres(format!("không khởi động được: {e}")))?;
        Ok(Shared {
            inner,
            heartbeat: Some(heartbeat),
        })
    }

    pub(crate) fn read<T>(
        &self,
        f: impl Fn(&dyn Exec) -> Result<T, LedgerError>,
    ) -> Result<T, LedgerError> {
        self.inner.retrying(|conn| f(conn))
    }

    pub(crate) fn write<T>(
        &self,
        fence: Fence<'_>,
        f: impl Fn(&dyn Exec) -> Result<T, LedgerError>,
    ) -> Result<T, LedgerError> {
        self.inner.transaction(|conn| {
            self.inner.check(conn, fence)?;
            f(conn)
        })
    }

    /// Takes the leader's advisory lock, or keeps it; false while another
    /// worker leads.
    pub fn lead(&self) -> Result<bool, LedgerError> {
        self.inner.lead()
    }

    /// True while this worker holds the leader's lock (as last seen).
    pub fn leading(&self) -> bool {
        self.inner
            .leader
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .is_some_and(|l| l.leading && !l.client.is_closed())
    }

    /// Queues a ready file for whichever worker is free (the leader's
    /// work); a file queued or claimed already stays as it is.
    pub fn enqueue(&self, path: &str, file: &str, unit_folder: &str) -> Result<(), LedgerError> {
        self.write(Fence::Leader, |c| {
            c.exec(
                "INSERT INTO claims (path, file, unit_folder) VALUES (?1, ?2, ?3) ON CONFLICT (path) DO NOTHING",
                &[path.into(), file.into(), unit_folder.into()],
            )
            .map(|_| ())
        })
    }

    /// Queues the documents of `templates` of input `id` (at ledger path
    /// `path`) to be made again by whichever worker is free. Keyed by the
    /// input's path, so a regeneration and a new version of the same file
    /// are never worked on at once; queued already, it stays as it is.
    pub fn enqueue_regeneration(
        &self,
        path: &str,
        id: i64,
        templates: &[String],
    ) -> Result<(), LedgerError> {
        // Any worker may queue (`vanthu regenerate` beside the watchers):
        // the same job queued twice is one.
        self.inner.transaction(|c| {
            c.exec(
                "INSERT INTO claims (path, file, unit_folder, kind, input_id, templates) \
                 VALUES (?1, '', '', 'regenerate', ?2, ?3) ON CONFLICT (path) DO NOTHING",
                &[path.into(), id.into(), templates.join("\n").into()],
            )
            .map(|_| ())
        })
    }

    /// Claims the oldest queued job of `kind` ("file" or "regenerate") no
    /// living worker holds, if any.
    pub fn claim_next(&self, kind: &str) -> Result<Option<Claimed>, LedgerError> {
        let inner = &self.inner;
        let lease = inner.lease.as_millis() as i64;
        let row = inner.retrying(|c| {
            Ok(c.rows(
                "UPDATE claims SET holder = ?1, token = nextval('claim_tokens'), \
                 lease_until = now() + ?2::float8 * interval '1 millisecond', claims = claims + 1 \
                 WHERE path = (SELECT path FROM claims WHERE kind = ?3 \
                 AND (lease_until IS NULL OR lease_until < now() OR (holder IS NOT NULL AND NOT EXISTS \
                 (SELECT 1 FROM pg_stat_activity a WHERE a.application_name = 'vanthu ' || substring(holder from '[^/]*$')))) \
                 ORDER BY queued, path LIMIT 1 FOR UPDATE SKIP LOCKED) \
                 RETURNING path, file, unit_folder, claims, token, input_id, templates",
                &[inner.holder().into(), lease.into(), kind.into()],
            )?
            .into_iter()
            .next())
        })?;
        Ok(row.map(|r| {
            inner.held().insert(r.text(0), r.int(4));
            Claimed {
                path: r.text(0),
                file: r.text(1),
                unit_folder: r.text(2),
                claims: r.int(3),
                input_id: r.opt_int(5),
                templates: r
                    .opt_text(6)
                    .map(|t| t.lines().map(str::to_owned).collect())
                    .unwrap_or_default(),
            }
        }))
    }

    /// Checks that this worker still holds `path`'s claim and renews its
    /// lease: called just before documents go into the outbox. False when
    /// the claim ran out and the file is another worker's now.
    pub fn hold(&self, path: &str) -> Result<bool, LedgerError> {
        let inner = &self.inner;
        let Some(token) = inner.held().get(path).copied() else {
            return Ok(false);
        };
        let lease = inner.lease.as_millis() as i64;
        let renewed = inner.retrying(|c| {
            c.exec(
                "UPDATE claims SET lease_until = now() + ?3::float8 * interval '1 millisecond' \
                 WHERE path = ?1 AND token = ?2 AND lease_until > now()",
                &[path.into(), token.into(), lease.into()],
            )
        })?;
        if renewed == 0 {
            inner.held().remove(path);
        }
        Ok(renewed == 1)
    }

    /// Hands a claimed file back to the queue, to be claimed again (by
    /// any worker) after `delay`.
    pub fn postpone(&self, path: &str, delay: Duration) -> Result<(), LedgerError> {
        let inner = &self.inner;
        let Some(token) = inner.held().remove(path) else {
            return Ok(());
        };
        let delay = delay.as_millis() as i64;
        inner.retrying(|c| {
            c.exec(
                "UPDATE claims SET holder = NULL, lease_until = now() + ?3::float8 * interval '1 millisecond' \
                 WHERE path = ?1 AND token = ?2",
                &[path.into(), token.into(), delay.into()],
            )
        })?;
        Ok(())
    }

    /// True when the database says this worker holds the leader's lock
    /// now (checked before the leader writes what everyone reads).
    pub fn still_leading(&self) -> Result<bool, LedgerError> {
        match self.inner.check_leader() {
            Ok(()) => Ok(true),
            Err(LedgerError::Fenced(_)) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Ends this worker's claim on a settled file.
    pub fn release(&self, path: &str) -> Result<(), LedgerError> {
        let inner = &self.inner;
        let Some(token) = inner.held().remove(path) else {
            return Ok(());
        };
        inner.retrying(|c| {
            c.exec(
                "DELETE FROM claims WHERE path = ?1 AND token = ?2",
                &[path.into(), token.into()],
            )
        })?;
        Ok(())
    }

    /// Makes sure this database is the ledger of the office whose state
    /// folder carries the mark `id` (`place` names that folder for the
    /// message): the first worker gives the database its office's mark;
    /// another office pointed at it by mistake is refused, before it
    /// reads or writes anything.
    pub fn claim_office(&self, id: &str, place: &str) -> Result<(), LedgerError> {
        let (theirs, their_place) = self.inner.transaction(|c| {
            c.exec(
                "INSERT INTO vanthu_office (id, place) VALUES (?1, ?2) ON CONFLICT (one) DO NOTHING",
                &[id.into(), place.into()],
            )?;
            Ok(c.rows("SELECT id, place FROM vanthu_office", &[])?
                .first()
                .map(|r| (r.text(0), r.text(1)))
                .unwrap_or_default())
        })?;
        if theirs == id {
            return Ok(());
        }
        Err(LedgerError::Postgres(format!(
            "đang là sổ theo dõi của một văn phòng khác (thư mục trạng thái {their_place}, mã {theirs}), không phải của văn phòng có thư mục trạng thái {place} (mã {id}); mỗi văn phòng cần một cơ sở dữ liệu riêng: hãy sửa [ledger] url. Nếu đây đúng là văn phòng đó (thư mục trạng thái được chép hoặc làm lại), hãy ghi mã {theirs} vào tệp office-id trong thư mục trạng thái"
        )))
    }

    /// The office mark the database holds, if any (read only).
    pub fn office(&self) -> Result<Option<String>, LedgerError> {
        self.read(|c| {
            Ok(c.rows("SELECT id FROM vanthu_office", &[])?
                .first()
                .map(|r| r.text(0)))
        })
    }

    /// Holds the outbox folder `unit` for this worker until the guard is
    /// dropped: the documents' names are chosen, written and recorded
    /// under it, so two workers never give two inputs one name.
    pub fn lock_unit(&self, unit: &str) -> Result<UnitLock, LedgerError> {
        let inner = &self.inner;
        let client = inner
            .rt()
            .block_on(inner.pool.get())
            .map_err(pool_failure)?;
        let key = format!("outbox/{unit}");
        inner
            .rt()
            .block_on(async {
                client.batch_execute("BEGIN").await?;
                client
                    .execute("SELECT pg_advisory_xact_lock(hashtext($1))", &[&key])
                    .await
            })
            .map_err(failure)?;
        Ok(UnitLock {
            inner: Arc::clone(inner),
            client: Some(client),
        })
    }

    /// Forgets the workers gone for a day (a killed process leaves its
    /// row); the leader's sweeping.
    pub fn forget_gone_workers(&self) -> Result<(), LedgerError> {
        self.write(Fence::Leader, |c| {
            c.exec(
                "DELETE FROM workers w WHERE w.seen < now() - interval '1 day' AND NOT EXISTS \
                 (SELECT 1 FROM pg_stat_activity a WHERE a.application_name = 'vanthu ' || w.id)",
                &[],
            )
            .map(|_| ())
        })
    }

    /// How many other workers have a session on the ledger now.
    pub fn peers(&self) -> Result<usize, LedgerError> {
        let me = self.inner.id.as_str();
        self.read(|c| {
            Ok(c.rows(
                "SELECT COUNT(*) FROM workers w WHERE w.id <> ?1 AND EXISTS \
                 (SELECT 1 FROM pg_stat_activity a WHERE a.application_name = 'vanthu ' || w.id)",
                &[me.into()],
            )?
            .first()
            .map_or(0, |r| r.int(0)) as usize)
        })
    }

    /// Who works on the shared ledger now, as `vanthu status` shows it.
    pub fn cluster(&self) -> Result<Cluster, LedgerError> {
        let me = self.inner.id.as_str();
        self.read(|c| {
            let leader = c
                .rows(
                    &format!(
                        "SELECT w.name, w.id FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid \
                         JOIN workers w ON a.application_name = 'vanthu ' || w.id \
                         WHERE l.locktype = 'advisory' AND l.objid = {LEADER_KEY} AND l.objsubid = 1 AND l.granted"
                    ),
                    &[],
                )?
                .first()
                .map(|r| (r.text(0), r.text(1)));
            // The workers with a session now (one that died leaves its row).
            let rows = c.rows(
                "SELECT w.name, w.id FROM workers w WHERE w.id <> ?1 AND EXISTS \
                 (SELECT 1 FROM pg_stat_activity a WHERE a.application_name = 'vanthu ' || w.id) \
                 ORDER BY w.name, w.id",
                &[me.into()],
            )?;
            let leader_at = leader
                .as_ref()
                .and_then(|(_, id)| rows.iter().position(|r| r.text(1) == *id));
            let workers = rows.iter().map(|r| r.text(0)).collect();
            let leader = leader.map(|(name, _)| name);
            let claimed = c
                .rows(
                    "SELECT path, holder FROM claims WHERE holder IS NOT NULL AND lease_until > now() ORDER BY path",
                    &[],
                )?
                .iter()
                .map(|r| (r.text(0), worker_name(&r.text(1))))
                .collect();
            let queued = c
                .rows(
                    "SELECT COUNT(*) FROM claims WHERE holder IS NULL OR lease_until IS NULL OR lease_until <= now()",
                    &[],
                )?
                .first()
                .map_or(0, |r| r.int(0)) as usize;
            Ok(Cluster {
                leader,
                workers,
                leader_at,
                claimed,
                queued,
            })
        })
    }

    /// The paths queued or claimed now (the leader does not queue them
    /// again, nor look them up).
    pub fn queued_paths(&self) -> Result<std::collections::HashSet<String>, LedgerError> {
        self.read(|c| {
            Ok(c.rows("SELECT path FROM claims", &[])?
                .iter()
                .map(|r| r.text(0))
                .collect())
        })
    }

    /// How many files are queued or claimed.
    pub fn queued(&self) -> Result<usize, LedgerError> {
        self.read(|c| {
            Ok(c.rows("SELECT COUNT(*) FROM claims", &[])?
                .first()
                .map_or(0, |r| r.int(0)) as usize)
        })
    }

    /// What a stop forced at once (a second Ctrl+C) runs from the signal
    /// thread before the process ends: the attempts of the files under
    /// way given back, their claims freed for the others.
    pub fn forced_stop(&self) -> impl Fn() -> Result<(), LedgerError> + Send + Sync + 'static {
        let inner = Arc::clone(&self.inner);
        move || Shared::give_back(&inner)
    }

    /// Gives back the attempts of the files this worker holds and frees
    /// their claims for the others at once (a stop on request).
    pub(crate) fn give_back_attempts(&self) -> Result<(), LedgerError> {
        Shared::give_back(&self.inner)
    }

    fn give_back(inner: &Inner) -> Result<(), LedgerError> {
        inner.retrying(|c| {
            c.exec(
                "UPDATE inputs SET attempts = CASE WHEN attempts > 1 THEN attempts - 1 ELSE 0 END \
                 WHERE state = 'processing' AND path IN (SELECT path FROM claims WHERE holder = ?1)",
                &[inner.holder().into()],
            )
        })?;
        inner.free_claims();
        Ok(())
    }
}

impl Drop for Shared {
    fn drop(&mut self) {
        self.inner.closed.store(true, Ordering::SeqCst);
        // On a thread of its own: the service may end inside the
        // watcher's runtime, where this one's cannot be blocked on.
        let inner = &self.inner;
        std::thread::scope(|scope| {
            scope.spawn(|| {
                // What this worker did not settle goes back to the queue
                // at once, and it leaves the list of workers.
                inner.free_claims();
                let _ = inner.rt().block_on(async {
                    let client = inner.pool.get().await.ok()?;
                    client
                        .execute("DELETE FROM workers WHERE id = $1", &[&inner.id])
                        .await
                        .ok()
                });
            });
        });
        if let Some(heartbeat) = self.heartbeat.take() {
            let _ = heartbeat.join();
        }
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        // The service may end inside the watcher's own runtime, where a
        // runtime cannot be dropped in place.
        if let Some(rt) = self.rt.take() {
            rt.shutdown_background();
        }
    }
}

impl Inner {
    /// The holder of this worker's claims: its name and its own mark.
    fn holder(&self) -> String {
        format!("{}/{}", self.worker, self.id)
    }

    fn rt(&self) -> &tokio::runtime::Runtime {
        self.rt
            .as_ref()
            .expect("the runtime lives as long as the ledger")
    }

    fn held(&self) -> std::sync::MutexGuard<'_, HashMap<String, i64>> {
        self.held.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn migrate(&self) -> Result<(), LedgerError> {
        self.transaction(|c| {
            c.exec(&format!("SELECT pg_advisory_xact_lock({SCHEMA_KEY})"), &[])?;
            let have = c
                .rows(
                    "SELECT 1 FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'vanthu_schema'",
                    &[],
                )?
                .len();
            let version = if have == 0 {
                0
            } else {
                c.rows("SELECT MAX(version) FROM vanthu_schema", &[])?
                    .first()
                    .and_then(|r| r.opt_int(0))
                    .unwrap_or(0)
            };
            if version > SCHEMA_VERSION {
                return Err(LedgerError::Postgres(format!(
                    "do một phiên bản vanthu mới hơn tạo (lược đồ {version}, phiên bản này đọc được đến {SCHEMA_VERSION}); hãy nâng cấp vanthu trên máy này"
                )));
            }
            if version < SCHEMA_VERSION {
                for statement in SCHEMA.split(';').map(str::trim).filter(|s| !s.is_empty()) {
                    c.exec(statement, &[])?;
                }
                c.exec("DELETE FROM vanthu_schema", &[])?;
                c.exec(
                    "INSERT INTO vanthu_schema (version) VALUES (?1)",
                    &[SCHEMA_VERSION.into()],
                )?;
            }
            Ok(())
        })
    }

    /// Runs `f` on a pooled connection, again while the server cannot be
    /// reached (up to [`OUTAGE`], or until a stop).
    fn retrying<T>(
        &self,
        f: impl Fn(&Conn<'_>) -> Result<T, LedgerError>,
    ) -> Result<T, LedgerError> {
        let started = Instant::now();
        let mut said = false;
        loop {
            let result = self
                .rt()
                .block_on(self.pool.get())
                .map_err(pool_failure)
                .and_then(|client| {
                    f(&Conn {
                        rt: self.rt(),
                        client: &client,
                    })
                });
            match result {
                Err(LedgerError::Unreachable(why))
                    if started.elapsed() < OUTAGE && !self.stop.load(Ordering::SeqCst) =>
                {
                    if !said {
                        tracing::warn!(error = %why, "mất kết nối với sổ theo dõi dùng chung (PostgreSQL); đang thử lại");
                        said = true;
                    }
                    std::thread::sleep(Duration::from_millis(500));
                }
                result => {
                    if said && result.is_ok() {
                        tracing::info!("đã kết nối lại với sổ theo dõi dùng chung (PostgreSQL)");
                    }
                    return result;
                }
            }
        }
    }

    /// Runs `f` in one transaction, the whole of it again while the
    /// server cannot be reached.
    fn transaction<T>(
        &self,
        f: impl Fn(&Conn<'_>) -> Result<T, LedgerError>,
    ) -> Result<T, LedgerError> {
        self.retrying(|c| {
            c.batch("BEGIN")?;
            match f(c) {
                Ok(value) => {
                    c.batch("COMMIT")?;
                    Ok(value)
                }
                Err(e) => {
                    let _ = c.batch("ROLLBACK");
                    Err(e)
                }
            }
        })
    }

    /// Checks, inside a write's transaction, that this worker holds what
    /// `fence` names: the file's claim with its token unexpired, or, for
    /// what no claim covers, the leader's lock.
    fn check(&self, c: &Conn<'_>, fence: Fence<'_>) -> Result<(), LedgerError> {
        let path = match fence {
            Fence::Path(path) => Some(path.to_owned()),
            Fence::Input(id) => c
                .rows("SELECT path FROM inputs WHERE id = ?1", &[id.into()])?
                .first()
                .map(|r| r.text(0)),
            Fence::Leader => None,
        };
        if let Some(path) = &path {
            let token = self.held().get(path).copied();
            if let Some(token) = token {
                let holds = c.rows(
                    "SELECT 1 FROM claims WHERE path = ?1 AND token = ?2 AND lease_until > now() FOR UPDATE",
                    &[path.as_str().into(), token.into()],
                )?;
                if holds.is_empty() {
                    self.held().remove(path);
                    return Err(LedgerError::Fenced(path.clone()));
                }
                return Ok(());
            }
        }
        self.leads(c, path)
    }

    /// Checks the leader's lock from a pooled connection.
    fn check_leader(&self) -> Result<(), LedgerError> {
        self.retrying(|c| self.leads(c, None))
    }

    /// Ok when this worker's leader session holds the leader's lock now.
    fn leads(&self, c: &Conn<'_>, path: Option<String>) -> Result<(), LedgerError> {
        let pid = self
            .leader
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .filter(|l| l.leading)
            .map(|l| l.pid);
        let leads = match pid {
            Some(pid) => !c
                .rows(
                    &format!(
                        "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = {LEADER_KEY} AND objsubid = 1 AND pid = ?1 AND granted"
                    ),
                    &[i64::from(pid).into()],
                )?
                .is_empty(),
            None => false,
        };
        if leads {
            Ok(())
        } else {
            Err(LedgerError::Fenced(
                path.unwrap_or_else(|| "(việc chung của hộp thư đến)".into()),
            ))
        }
    }

    fn lead(&self) -> Result<bool, LedgerError> {
        let mut leader = self.leader.lock().unwrap_or_else(|e| e.into_inner());
        if leader.as_ref().is_some_and(|l| l.client.is_closed()) {
            if leader.as_ref().is_some_and(|l| l.leading) {
                tracing::warn!(worker = %self.worker, "máy này không còn điều phối hộp thư đến (mất phiên làm việc với PostgreSQL)");
            }
            *leader = None;
        }
        if leader.is_none() {
            let connected = self.rt().block_on(async {
                let (client, connection) = self.config.connect(NoTls).await?;
                tokio::spawn(connection);
                // A session left idle past the lease is closed by the
                // server, its lock with it: a stalled leader steps down.
                let _ = client
                    .batch_execute(&format!(
                        "SET idle_session_timeout = {}",
                        self.lease.as_millis()
                    ))
                    .await;
                let pid: i32 = client
                    .query_one("SELECT pg_backend_pid()", &[])
                    .await?
                    .get(0);
                Ok::<_, tokio_postgres::Error>(Leader {
                    client,
                    pid,
                    leading: false,
                })
            });
            match connected {
                Ok(l) => *leader = Some(l),
                Err(e) => return Err(failure(e)),
            }
        }
        let Some(l) = leader.as_mut() else {
            return Ok(false);
        };
        if l.leading {
            return Ok(true);
        }
        let got: bool = self
            .rt()
            .block_on(
                l.client
                    .query_one("SELECT pg_try_advisory_lock($1)", &[&LEADER_KEY]),
            )
            .map_err(failure)?
            .get(0);
        if got {
            l.leading = true;
            tracing::info!(worker = %self.worker, "máy này điều phối hộp thư đến (quét tệp, tổng hợp, dọn tệp tạm)");
        }
        Ok(got)
    }

    /// Frees this worker's claims for the others (the ledger is closing).
    fn free_claims(&self) {
        let held: Vec<String> = self.held().drain().map(|(path, _)| path).collect();
        if held.is_empty() {
            return;
        }
        let freed = self.rt().block_on(async {
            let client = self.pool.get().await.ok()?;
            client
                .execute(
                    "UPDATE claims SET holder = NULL, lease_until = NULL WHERE holder = $1",
                    &[&self.holder()],
                )
                .await
                .ok()
        });
        tracing::debug!(freed = ?freed, "trả lại các tệp chưa xử lý xong cho các máy khác");
    }

    /// Renews this worker's leases and keeps the leader's session busy,
    /// every quarter lease, until the ledger closes.
    fn beat(&self) {
        let every = self.lease / 4;
        let mut last = Instant::now();
        while !self.closed.load(Ordering::SeqCst) {
            std::thread::sleep(Duration::from_millis(50));
            if last.elapsed() < every {
                continue;
            }
            last = Instant::now();
            let lease = self.lease.as_millis() as f64;
            let renewed = self.rt().block_on(async {
                let client = self.pool.get().await.ok()?;
                client
                    .execute(
                        "UPDATE claims SET lease_until = now() + $2 * interval '1 millisecond' \
                         WHERE holder = $1 AND lease_until > now()",
                        &[&self.holder(), &lease],
                    )
                    .await
                    .ok()?;
                client
                    .execute("UPDATE workers SET seen = now() WHERE id = $1", &[&self.id])
                    .await
                    .ok()
            });
            if renewed.is_none() {
                tracing::debug!("không gia hạn được quyền giữ tệp; sẽ thử lại");
            }
            let leader = self.leader.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(l) = leader.as_ref().filter(|l| l.leading) {
                let _ = self.rt().block_on(l.client.simple_query("SELECT 1"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::spelled;

    #[test]
    fn parameters_are_spelled_for_postgresql() {
        assert_eq!(
            spelled("UPDATE t SET a = ?2 WHERE id = ?1 AND b = '?'"),
            "UPDATE t SET a = $2 WHERE id = $1 AND b = '?'"
        );
    }
}

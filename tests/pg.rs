//! A throw-away PostgreSQL server for the tests: `initdb` in a temporary
//! folder as an unprivileged user (`postgres` when the tests run as root,
//! as PostgreSQL refuses root), listening on a free local port, stopped
//! when the test process ends, whatever way it ends (a watchdog shell
//! waits for the test process to go).
//!
//! PostgreSQL must be installed (`.ci/run` installs Debian's
//! `postgresql`); without it these tests fail saying so.

use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A running server.
pub struct Server {
    bin: PathBuf,
    data: PathBuf,
    port: u16,
    /// `runuser -u postgres --` when the tests run as root.
    as_user: Option<String>,
    _dir: tempfile::TempDir,
}

/// The folder of PostgreSQL's programs: `pg_ctl` on the PATH, or the
/// newest of Debian's `/usr/lib/postgresql/*/bin`.
fn bin_dir() -> PathBuf {
    if let Ok(out) = Command::new("sh")
        .args(["-c", "command -v pg_ctl"])
        .output()
        && out.status.success()
    {
        let found = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if let Ok(real) = std::fs::canonicalize(&found) {
            return real.parent().unwrap().to_path_buf();
        }
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| {
                    let v: u32 = e.file_name().to_string_lossy().parse().ok()?;
                    Some((v, e.path().join("bin")))
                })
                .filter(|(_, bin)| bin.join("pg_ctl").exists())
                .collect()
        })
        .unwrap_or_default();
    versions.sort();
    versions.pop().map(|(_, bin)| bin).unwrap_or_else(|| {
        panic!("PostgreSQL is not installed (no pg_ctl on the PATH nor in /usr/lib/postgresql/*/bin): install Debian's postgresql package, as .ci/run does")
    })
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Server {
    /// Makes and starts a new server.
    pub fn start() -> Server {
        let bin = bin_dir();
        let dir = tempfile::Builder::new()
            .prefix("vanthu-pg-")
            .tempdir_in(std::env::temp_dir())
            .unwrap();
        let as_user = is_root().then(|| "postgres".to_owned());
        if let Some(user) = &as_user {
            let chown = Command::new("chown")
                .args([&format!("{user}:"), dir.path().to_str().unwrap()])
                .status()
                .unwrap();
            assert!(chown.success(), "chown of the server's folder to {user}");
        }
        let data = dir.path().join("data");
        let server = Server {
            bin,
            data,
            port: free_port(),
            as_user,
            _dir: dir,
        };
        let out = server
            .command("initdb")
            .args([
                "--auth=trust",
                "--username=vanthu",
                "--encoding=UTF8",
                "--no-sync",
            ])
            .arg("--locale=C")
            .arg("-D")
            .arg(&server.data)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "initdb: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        server.run();
        server
    }

    /// A command of PostgreSQL's, as the server's user.
    fn command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        match &self.as_user {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(path);
                c
            }
            None => Command::new(path),
        }
    }

    /// Starts (or starts again) the server, with a watchdog that stops it
    /// once the test process is gone.
    pub fn run(&self) {
        let socket_dir = self.data.parent().unwrap();
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200",
            self.port,
            socket_dir.display()
        );
        let out = self
            .command("pg_ctl")
            .arg("-D")
            .arg(&self.data)
            .args(["-w", "-t", "60", "-o", &options, "-l"])
            .arg(socket_dir.join("server.log"))
            .arg("start")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "pg_ctl start: {}{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
            std::fs::read_to_string(socket_dir.join("server.log")).unwrap_or_default()
        );
        let pid = std::process::id();
        // The postmaster's pid is the first line of its pid file; SIGQUIT
        // stops it at once when the tests are gone. The watchdog runs in
        // the background of a shell that returns at once.
        let postmaster = std::fs::read_to_string(self.data.join("postmaster.pid"))
            .ok()
            .and_then(|t| t.lines().next().map(str::to_owned))
            .expect("a started server has its pid file");
        let watchdog = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "(while kill -0 {pid} 2>/dev/null; do sleep 1; done; kill -QUIT {postmaster}) \
                 </dev/null >/dev/null 2>&1 &"
            ))
            .status()
            .unwrap();
        assert!(watchdog.success());
    }

    /// Stops the server at once (as a crash or a pulled cable would look
    /// to its clients).
    pub fn stop(&self) {
        let out = self
            .command("pg_ctl")
            .arg("-D")
            .arg(&self.data)
            .args(["-w", "-m", "immediate", "stop"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "pg_ctl stop: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// A new, empty database; returns its address.
    pub fn database(&self) -> String {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!("vanthu_{}", NEXT.fetch_add(1, Ordering::SeqCst));
        let out = self
            .command("createdb")
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-U",
                "vanthu",
            ])
            .arg(&name)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "createdb: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        self.url(&name)
    }

    /// The address of database `name`.
    pub fn url(&self, name: &str) -> String {
        format!("postgresql://vanthu@127.0.0.1:{}/{name}", self.port)
    }

    /// Runs SQL through `psql` on the database at `url`; returns what it
    /// printed (unaligned, tuples only).
    pub fn psql(&self, url: &str, sql: &str) -> String {
        let out = self
            .command("psql")
            .args([
                "-X",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
                "-d",
                url,
                "-c",
                sql,
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "psql {sql}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Before its folder goes.
        let _ = self
            .command("pg_ctl")
            .arg("-D")
            .arg(&self.data)
            .args(["-w", "-m", "immediate", "stop"])
            .output();
    }
}

/// One server for the tests that do not stop it, started on first use.
pub fn shared() -> &'static Server {
    static SERVER: std::sync::OnceLock<Server> = std::sync::OnceLock::new();
    SERVER.get_or_init(Server::start)
}

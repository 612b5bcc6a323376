//! Fault injection for the tests (feature `failpoints` only): the `fail`
//! crate's points, named at each durable step of the service, driven by the
//! `FAILPOINTS` environment variable (`name=action;name=action`).
//!
//! Besides `fail`'s own actions (`sleep(ms)`, `panic`, `pause`, `off`), the
//! action `return` or `return(what)` does what a crash does:
//!
//! - `return`, `return(abort)`: the process dies on the spot (SIGABRT, no
//!   cleanup), like a power cut or `kill -9`;
//! - `return(abort:TEXT)`: the same, only while working on a file whose
//!   name contains TEXT;
//! - `return(panic:TEXT)`: a panic while working on such a file;
//! - `return(hang:TEXT)`: such a file's work never ends.

/// Sets up the points from `FAILPOINTS`; keep the value alive for the
/// process's life.
pub fn setup() -> fail::FailScenario<'static> {
    fail::FailScenario::setup()
}

/// Evaluates the point `name` for `subject`.
pub fn hit(name: &str, subject: Option<&str>) {
    fail::eval(name, |arg| {
        let arg = arg.unwrap_or_default();
        let (what, filter) = arg.split_once(':').unwrap_or((arg.as_str(), ""));
        let aimed = filter.is_empty() || subject.is_some_and(|s| s.contains(filter));
        if !aimed {
            return;
        }
        match what {
            "panic" => panic!("failpoint {name}"),
            "hang" => loop {
                std::thread::sleep(std::time::Duration::from_secs(3600));
            },
            _ => std::process::abort(),
        }
    });
}

/// The error the point `name` asks for while reading or writing
/// `subject`: `return(eacces:TEXT)` fails as a share that refuses access
/// does, `return(enospc:TEXT)` as a full disk, for a file whose path
/// contains TEXT.
pub fn io_error(name: &str, subject: &str) -> Option<std::io::Error> {
    fail::eval(name, |arg| {
        let arg = arg.unwrap_or_default();
        let (what, filter) = arg.split_once(':').unwrap_or((arg.as_str(), ""));
        let kind = match what {
            "eacces" => std::io::ErrorKind::PermissionDenied,
            "enospc" => std::io::ErrorKind::StorageFull,
            _ => return None,
        };
        subject.contains(filter).then(|| std::io::Error::from(kind))
    })
    .flatten()
}

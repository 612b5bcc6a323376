//! `vanthu watch`: passes over the inbox as files arrive, until SIGINT or
//! SIGTERM.

use anyhow::Result;

use super::ServiceArgs;

/// Watches until stopped.
pub fn watch(args: &ServiceArgs) -> Result<()> {
    let service = args.open("watch")?;
    crate::service::watch::watch(service, super::today)
}

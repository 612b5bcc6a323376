//! `vanthu init [DIR]`: a working office folder: `vanthu.toml` with every
//! setting documented, the inbox (with a folder per unit), the outbox and
//! the templates. Nothing that exists is overwritten.

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::config::Config;
use crate::outbox::{create_dir_all, safe_stem, write_atomic};

/// `vanthu init [DIR]`: `vanthu.toml` with every setting documented, the
/// folders and the templates. Existing files are kept. Returns what was
/// created.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut created = Vec::new();
    create_dir_all(dir)?;
    let config = dir.join("vanthu.toml");
    if !config.exists() {
        write_atomic(&config, include_str!("../../vanthu.toml").as_bytes())?;
        created.push(config);
    }
    for folder in ["inbox", "outbox", "templates"] {
        let path = dir.join(folder);
        if !path.exists() {
            create_dir_all(&path)?;
            created.push(path);
        }
    }
    // One inbox folder per unit of the configuration.
    let config = Config::load(Some(&dir.join("vanthu.toml")))?;
    for folder in config.units.keys() {
        let path = config.service.inbox.join(safe_stem(folder));
        if !path.exists() {
            create_dir_all(&path)?;
            created.push(path);
        }
    }
    for (name, text) in crate::template::built_in() {
        let path = dir.join("templates").join(format!("{name}.md"));
        if !path.exists() {
            write_atomic(&path, text.as_bytes())?;
            created.push(path);
        }
    }
    Ok(created)
}

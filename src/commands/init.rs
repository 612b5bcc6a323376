//! `vanthu init [DIR]`: a working office folder: `vanthu.toml` with every
//! setting documented, the inbox (with a folder per unit), the outbox and
//! the templates. Nothing that exists is overwritten, except a template
//! that an older vanthu wrote and nobody edited: it becomes this version's.

use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::config::Config;
use crate::outbox::{create_dir_all, safe_stem, write_atomic};

/// What `vanthu init` did.
#[derive(Debug, Default)]
pub struct Initialised {
    /// Files and folders created.
    pub created: Vec<PathBuf>,
    /// Templates an older vanthu wrote, unedited, replaced by this
    /// version's.
    pub updated: Vec<PathBuf>,
    /// What the admin should know of the templates (see
    /// [`crate::template::advisories`]).
    pub advisories: Vec<String>,
}

impl Initialised {
    /// The report for people, in Vietnamese.
    pub fn report(&self) -> String {
        let mut out = String::new();
        for path in &self.created {
            out.push_str(&format!("Đã tạo {}\n", path.display()));
        }
        for path in &self.updated {
            out.push_str(&format!(
                "Đã cập nhật {} (mẫu có sẵn của phiên bản trước, chưa sửa)\n",
                path.display()
            ));
        }
        if self.created.is_empty() && self.updated.is_empty() {
            out.push_str("Mọi thứ đã có sẵn; không tạo thêm gì.\n");
        }
        for advice in &self.advisories {
            out.push_str(&format!("Lưu ý: {advice}\n"));
        }
        out
    }
}

/// `vanthu init [DIR]`: `vanthu.toml` with every setting documented, the
/// folders and the templates. Existing files are kept, but for templates
/// an older vanthu wrote that nobody edited, which become this version's.
pub fn init(dir: &Path) -> Result<Initialised> {
    let mut done = Initialised::default();
    create_dir_all(dir)?;
    let config = dir.join("vanthu.toml");
    if !config.exists() {
        write_atomic(&config, include_str!("../../vanthu.toml").as_bytes())?;
        done.created.push(config);
    }
    for folder in ["inbox", "outbox", "templates"] {
        let path = dir.join(folder);
        if !path.exists() {
            create_dir_all(&path)?;
            done.created.push(path);
        }
    }
    // One inbox folder per unit of the configuration.
    let config = Config::load(Some(&dir.join("vanthu.toml")))?;
    for folder in config.units.keys() {
        let path = config.service.inbox.join(safe_stem(folder));
        if !path.exists() {
            create_dir_all(&path)?;
            done.created.push(path);
        }
    }
    let templates = dir.join("templates");
    let stale = crate::template::superseded_copies(&templates);
    for (name, text) in crate::template::built_in() {
        let path = templates.join(format!("{name}.md"));
        if !path.exists() {
            write_atomic(&path, text.as_bytes())?;
            done.created.push(path);
        } else if stale.iter().any(|(n, _)| *n == name) {
            write_atomic(&path, text.as_bytes())?;
            done.updated.push(path);
        }
    }
    done.advisories = crate::template::advisories(&templates);
    Ok(done)
}

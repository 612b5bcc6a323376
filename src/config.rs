//! Office-wide configuration (`vanthu.toml`): who issues the documents, who
//! signs them, the page margins and the PDF standard.
//!
//! Two stages, as the file is written and as the program uses it: [`File`]
//! is what the admin wrote (every field optional, unknown keys rejected with
//! their name), [`Config`] the validated settings. Every setting has a
//! default, so an empty file works. The same override shape
//! ([`DocumentSettings`]) is used by template front matter and by the data's
//! `van_ban` object, each layer replacing only what it names.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::document::Margins;

/// What the admin wrote in `vanthu.toml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    /// Document settings shared by every template.
    #[serde(flatten)]
    pub document: DocumentSettings,
    /// Folder of templates overriding the built-in ones, relative to the
    /// config file; `templates` by default.
    pub templates: Option<PathBuf>,
    /// PDF output settings.
    #[serde(default)]
    pub pdf: PdfSettings,
}

/// PDF settings.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PdfSettings {
    /// Write PDF/A-2b (the default, for archiving); `false` writes plain PDF.
    pub pdfa: Option<bool>,
}

/// Settings of a document that a layer (config file, template, data) may
/// set; `None` leaves the value of the layer below.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentSettings {
    /// The issuing body.
    #[serde(default)]
    pub office: OfficeSettings,
    /// The signatory.
    #[serde(default)]
    pub signer: SignerSettings,
    /// Page margins.
    #[serde(default)]
    pub page: PageSettings,
    /// Registered number; absent leaves it blank for the văn thư.
    pub number: Option<u32>,
    /// Date of issue: "2022-04-28", or a year alone ("2026") to leave the
    /// day and month blank.
    pub date: Option<String>,
}

/// The issuing body.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficeSettings {
    /// Parent body, upper case ("UBND TỈNH QUẢNG TRỊ").
    pub parent: Option<String>,
    /// Name lines of the issuing body, upper case (["VĂN PHÒNG"]).
    pub name: Option<Vec<String>>,
    /// Abbreviation in document codes ("VPUBND").
    pub abbreviation: Option<String>,
    /// Name as written inside sentences ("Văn phòng UBND tỉnh Quảng Trị").
    pub name_in_text: Option<String>,
    /// Place of issue ("Quảng Trị").
    pub place: Option<String>,
    /// Drafting unit abbreviation, used in "Lưu: VT, ..." and công văn codes.
    pub drafting_unit: Option<String>,
}

/// The signatory.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignerSettings {
    /// Authority lines ("TM. ỦY BAN NHÂN DÂN", "KT. CHÁNH VĂN PHÒNG").
    pub authority: Option<Vec<String>>,
    /// Position ("CHÁNH VĂN PHÒNG").
    pub position: Option<String>,
    /// Full name.
    pub name: Option<String>,
}

/// Page margins in millimetres.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageSettings {
    /// Top margin, 20–25.
    pub margin_top_mm: Option<f32>,
    /// Bottom margin, 20–25.
    pub margin_bottom_mm: Option<f32>,
    /// Left margin, 30–35.
    pub margin_left_mm: Option<f32>,
    /// Right margin, 15–20.
    pub margin_right_mm: Option<f32>,
}

macro_rules! overlay {
    ($base:expr, $top:expr, [$($field:ident),*]) => {
        $( if $top.$field.is_some() { $base.$field = $top.$field.clone(); } )*
    };
}

impl DocumentSettings {
    /// Replaces every value that `top` sets.
    pub fn overlay(&mut self, top: &DocumentSettings) {
        overlay!(
            self.office,
            top.office,
            [
                parent,
                name,
                abbreviation,
                name_in_text,
                place,
                drafting_unit
            ]
        );
        overlay!(self.signer, top.signer, [authority, position, name]);
        overlay!(
            self.page,
            top.page,
            [
                margin_top_mm,
                margin_bottom_mm,
                margin_left_mm,
                margin_right_mm
            ]
        );
        overlay!(self, top, [number, date]);
    }

    /// The margins, defaults where unset.
    pub fn margins(&self) -> Margins {
        let default = Margins::default();
        Margins {
            top: self.page.margin_top_mm.unwrap_or(default.top),
            bottom: self.page.margin_bottom_mm.unwrap_or(default.bottom),
            left: self.page.margin_left_mm.unwrap_or(default.left),
            right: self.page.margin_right_mm.unwrap_or(default.right),
        }
    }
}

/// Validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it came from, if any.
    pub path: Option<PathBuf>,
    /// Document settings of the office (the lowest layer).
    pub document: DocumentSettings,
    /// Folder of override templates.
    pub templates_dir: PathBuf,
    /// Write PDF/A-2b.
    pub pdfa: bool,
}

/// A configuration problem, in Vietnamese.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("không đọc được tệp cấu hình {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The file is not valid TOML or has unknown keys.
    #[error("tệp cấu hình {path} có lỗi: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// What the parser said.
        message: String,
    },
    /// A value is outside what the law allows.
    #[error("tệp cấu hình {path}: {message}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
}

impl Config {
    /// Loads `path`; when `path` is `None`, loads `vanthu.toml` from the
    /// working folder if it exists, else uses the defaults.
    pub fn load(path: Option<&Path>) -> Result<Config, ConfigError> {
        let (path, required) = match path {
            Some(p) => (p.to_path_buf(), true),
            None => (PathBuf::from("vanthu.toml"), false),
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => Some(text),
            Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => None,
            Err(source) => return Err(ConfigError::Read { path, source }),
        };
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        match text {
            Some(text) => Config::from_toml(&text, Some(path), &base),
            None => Config::from_toml("", None, &base),
        }
    }

    /// Parses configuration text; relative folders resolve against `base`.
    pub fn from_toml(
        text: &str,
        path: Option<PathBuf>,
        base: &Path,
    ) -> Result<Config, ConfigError> {
        let shown = path.clone().unwrap_or_else(|| PathBuf::from("vanthu.toml"));
        let file: File = toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: shown.clone(),
            message: e.to_string().trim().to_owned(),
        })?;
        file.document
            .margins()
            .validate()
            .map_err(|message| ConfigError::Invalid {
                path: shown.clone(),
                message,
            })?;
        let templates_dir = base.join(file.templates.unwrap_or_else(|| PathBuf::from("templates")));
        Ok(Config {
            path,
            document: file.document,
            templates_dir,
            pdfa: file.pdf.pdfa.unwrap_or(true),
        })
    }
}

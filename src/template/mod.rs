//! Templates: one text file per type of document, TOML front matter between
//! `+++` lines and a body in the Markdown dialect of [`markdown`], filled with
//! minijinja against JSON data and parsed into a [`Document`].
//!
//! ```text
//! +++
//! kind = "BC"
//! subject = ["Kết quả công tác thi đua năm {{ nam }}"]
//! copies_to = ["Sở Nội vụ;", "Lưu: VT, TH."]
//! requires = ["nam"]
//! +++
//! # Đặc điểm tình hình
//! Năm {{ nam }}, đơn vị có {{ so_ca_nhan | so }} cá nhân ...
//! ```
//!
//! Guarantees: data never becomes template source. Values are inserted by
//! minijinja (which never evaluates its output) and escaped for the body
//! language, so a value holding `{{ 7*7 }}`, `**x**` or `#read("x")` prints
//! literally. Every error names the template file and, where there is one,
//! the line.

pub mod markdown;

use std::path::{Path, PathBuf};

use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};
use serde::Deserialize;

use crate::config::{Config, DocumentSettings};
use crate::document::{
    DocKind, DocNumber, Document, Issuer, PageSetup, PartialDate, PlaceDate, Signatory,
};
use crate::text;

/// Templates shipped inside the binary, by name.
const BUILT_IN: &[(&str, &str)] = &[
    (
        "bao-cao-so-ket",
        include_str!("../../templates/bao-cao-so-ket.md"),
    ),
    (
        "to-trinh-khen-thuong",
        include_str!("../../templates/to-trinh-khen-thuong.md"),
    ),
    (
        "quyet-dinh-khen-thuong",
        include_str!("../../templates/quyet-dinh-khen-thuong.md"),
    ),
    (
        "quyet-dinh-khen-thuong",
        "46ab2334cbcb4f9d2cb681cdaa46ce99680e329a482fcdbdc3cfc27d9c74756a",
    ),
    (
        "quyet-dinh-thu-truong",
        include_str!("../../templates/quyet-dinh-thu-truong.md"),
    ),
    (
        "bao-cao-cham-diem",
        include_str!("../../templates/bao-cao-cham-diem.md"),
    ),
    (
        "bao-cao-tong-hop",
        include_str!("../../templates/bao-cao-tong-hop.md"),
    ),
];

/// Earlier texts of the built-in templates, by name (SHA-256 of the text
/// with LF line ends), as `vanthu init` of an older vanthu copied them
/// into an office's templates folder. A copy nobody edited yields to the
/// built-in template of this version, so that an upgrade brings its
/// corrections; an edited copy is the office's and is used as it is.
const SUPERSEDED: &[(&str, &str)] = &[
    (
        "quyet-dinh-khen-thuong",
        "2f3a308049b87552ed94eebd15f5960a47c295e6a02ff838e4b429d8dd8f0c0f",
    ),
    (
        "quyet-dinh-khen-thuong",
        "eaf52438bbb0086cfd3f3429feedf58ed5660e914b27e048816547d09a525f89",
    ),
    (
        "quyet-dinh-khen-thuong",
        "fa643285aacd327bda5525208c0d40f43411a903278d1fcc13d4d769eb388b63",
    ),
    (
        "quyet-dinh-khen-thuong",
        "98c6add0921d93b5e2a78a3377e952cf695d57a88c0991b8992472871380f950",
    ),
    (
        "quyet-dinh-thu-truong",
        "d1ecff2e9c19b0f849fe18df1e549d0bc28952e8cd1f1cad353dd8439d0070b5",
    ),
    (
        "quyet-dinh-thu-truong",
        "eaf0d6dbf14afcb307607173fcafc6497344f9e6320ace424a3c9a99e63cb9a8",
    ),
    (
        "quyet-dinh-thu-truong",
        "dba709a388066e357f61dc52c2f7e4a8b7402723d6405657e82b35f2820f3a88",
    ),
    (
        "to-trinh-khen-thuong",
        "7aedd1fbd7ba1750c0c951fe266eab2063552b16ded041c3ca4221aba30512e8",
    ),
    (
        "to-trinh-khen-thuong",
        "d56055a3eb0ca5bb75d580d3526730e54238fe893dc45a1d42675bcd9fa95aa0",
    ),
    (
        "to-trinh-khen-thuong",
        "ddec3d4a92b3daa91b2aaec879267d23d955e995b5aeb535a1b676b0f975b3b8",
    ),
    (
        "to-trinh-khen-thuong",
        "22f0e88d6bdd660008b5ff5a47ac13bd01ccd6fc5bd180cac9761f4d9ced44ec",
    ),
    (
        "quyet-dinh-khen-thuong",
        "4fe2c5b92c8844244d49beab7d35c1ce1471c9952dc4950fef17949d38028801",
    ),
    (
        "quyet-dinh-thu-truong",
        "d93040a0ac4c94d509812bfccf7856c5473b49cb99e2e45412f0f79cb6aac5a7",
    ),
    (
        "to-trinh-khen-thuong",
        "11a0e2238ae1229c09f45f0d2fc7a0071213a95d5311b0ae2e3041d58b1a71bb",
    ),
    (
        "bao-cao-tong-hop",
        "5b21741f44b77c6ace67a1277b13cc3806e90705a300ac282179243e2083d56b",
    ),
    (
        "bao-cao-cham-diem",
        "4d69e3ab702137118c3589477128b33c299bc6955c475989f9bb683ffdcba131",
    ),
];

/// True when `text` is an earlier built-in text of template `name`, as an
/// older `vanthu init` wrote it (line ends aside).
pub fn is_superseded(name: &str, text: &str) -> bool {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(text.replace("\r\n", "\n").as_bytes());
    let hash: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    SUPERSEDED.iter().any(|(n, h)| *n == name && *h == hash)
}

/// The copies in `templates_dir` of earlier built-in templates that nobody
/// edited: (name, path). vanthu uses the built-in templates in their
/// place; `vanthu init` replaces them.
pub fn superseded_copies(templates_dir: &Path) -> Vec<(&'static str, PathBuf)> {
    built_in_names()
        .filter_map(|name| {
            let path = templates_dir.join(format!("{name}.md"));
            let text = std::fs::read_to_string(&path).ok()?;
            is_superseded(name, &text).then_some((name, path))
        })
        .collect()
}

/// What the office's IT admin should know of the templates folder, in
/// Vietnamese: earlier built-in templates in use in place of their copy,
/// and edited templates that lack what this version's documents need.
pub fn advisories(templates_dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = superseded_copies(templates_dir)
        .into_iter()
        .map(|(_, path)| {
            format!(
                "{} là mẫu có sẵn của phiên bản vanthu trước và chưa được sửa: vanthu dùng mẫu có sẵn mới thay cho tệp này; chạy \"vanthu init\" để cập nhật tệp",
                path.display()
            )
        })
        .collect();
    let to_trinh = templates_dir.join(format!("{TO_TRINH}.md"));
    if let Ok(text) = std::fs::read_to_string(&to_trinh)
        && !is_superseded(TO_TRINH, &text)
        && !text.contains("trinh_tiep")
    {
        out.push(format!(
            "mẫu {} đã được sửa nhưng không dùng \"trinh_tiep\": Tờ trình đề nghị khen thưởng của Thủ tướng Chính phủ, Chủ tịch nước sẽ thiếu câu \"trình Thủ tướng Chính phủ …\"; hãy thêm {{{{ trinh_tiep }}}} như mẫu có sẵn (xem README, mục Mẫu văn bản)",
            to_trinh.display()
        ));
    }
    out
}

/// The Tờ trình's template name.
const TO_TRINH: &str = "to-trinh-khen-thuong";

/// The built-in templates: (name, text).
pub fn built_in() -> impl Iterator<Item = (&'static str, &'static str)> {
    BUILT_IN.iter().copied()
}

/// Names of the built-in templates.
pub fn built_in_names() -> impl Iterator<Item = &'static str> {
    BUILT_IN.iter().map(|(name, _)| *name)
}

/// A loaded, not yet filled template.
#[derive(Debug, Clone)]
pub struct Template {
    /// Name (file stem).
    pub name: String,
    /// Where it came from, for messages: a path or "(có sẵn)".
    pub origin: String,
    front: toml::Table,
    body: String,
    /// 1-based line of the file where the body starts.
    body_first_line: usize,
    /// The whole text, for versioning.
    source: String,
}

/// A template problem, in Vietnamese, naming the file and line.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// No template by that name or path.
    #[error("không tìm thấy mẫu \"{name}\" (đã tìm: {searched})")]
    NotFound {
        /// What was asked for.
        name: String,
        /// Where it was looked for.
        searched: String,
    },
    /// The file could not be read.
    #[error("không đọc được mẫu {path}: {}", crate::text::io_error(.error))]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        error: std::io::Error,
    },
    /// The front matter or the body is malformed.
    #[error("mẫu {origin}, dòng {line}: {message}")]
    Syntax {
        /// The file.
        origin: String,
        /// 1-based line in the file.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A problem without a line.
    #[error("mẫu {origin}: {message}")]
    Invalid {
        /// The file.
        origin: String,
        /// What is wrong.
        message: String,
    },
    /// The body, once filled, does not parse.
    #[error("mẫu {origin}: {}", .errors.iter().map(|e| format!("dòng {} của nội dung đã điền: {}", e.line, e.message)).collect::<Vec<_>>().join("; "))]
    Body {
        /// The file.
        origin: String,
        /// Every problem.
        errors: Vec<markdown::MarkdownError>,
    },
    /// The data lacks what the template needs.
    #[error("dữ liệu thiếu {} mà mẫu {origin} cần", .keys.iter().map(|k| format!("\"{k}\"")).collect::<Vec<_>>().join(", "))]
    MissingData {
        /// The file.
        origin: String,
        /// The missing keys.
        keys: Vec<String>,
    },
    /// The data's `van_ban` object is malformed.
    #[error("mục \"van_ban\" của dữ liệu có lỗi: {0}")]
    DataSettings(String),
}

impl Template {
    /// Finds a template: `name` as a path to a file if one exists, else
    /// `<templates_dir>/<name>.md`, else the built-in template of that name.
    pub fn find(name: &str, templates_dir: &Path) -> Result<Template, TemplateError> {
        let as_path = Path::new(name);
        let in_dir = templates_dir.join(format!("{name}.md"));
        if as_path.is_file() {
            return Template::load(as_path);
        }
        if in_dir.is_file() {
            let template = Template::load(&in_dir)?;
            // An earlier built-in text nobody edited: this version's.
            if !is_superseded(name, template.source()) {
                return Ok(template);
            }
        }
        if let Some((builtin, source)) = BUILT_IN.iter().find(|(n, _)| *n == name) {
            return Template::parse(builtin, "(mẫu có sẵn)", source);
        }
        Err(TemplateError::NotFound {
            name: name.to_owned(),
            searched: format!(
                "{}, {}, các mẫu có sẵn: {}",
                as_path.display(),
                in_dir.display(),
                built_in_names().collect::<Vec<_>>().join(", ")
            ),
        })
    }

    /// Reads a template file.
    pub fn load(path: &Path) -> Result<Template, TemplateError> {
        let source = std::fs::read_to_string(path).map_err(|error| TemplateError::Read {
            path: path.to_path_buf(),
            error,
        })?;
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        Template::parse(&name, &path.display().to_string(), &source)
    }

    /// Parses template source text.
    pub fn parse(name: &str, origin: &str, source: &str) -> Result<Template, TemplateError> {
        let syntax = |line: usize, message: String| TemplateError::Syntax {
            origin: origin.to_owned(),
            line,
            message,
        };
        let source = source.strip_prefix('\u{feff}').unwrap_or(source);
        let mut lines = source.split_inclusive('\n');
        if lines.next().map(str::trim_end) != Some("+++") {
            return Err(syntax(
                1,
                "mẫu phải bắt đầu bằng dòng \"+++\" mở phần khai báo".into(),
            ));
        }
        let mut front = String::new();
        let mut line_no = 1;
        let mut closed = false;
        for line in lines.by_ref() {
            line_no += 1;
            if line.trim_end() == "+++" {
                closed = true;
                break;
            }
            front.push_str(line);
        }
        if !closed {
            return Err(syntax(
                line_no,
                "thiếu dòng \"+++\" đóng phần khai báo".into(),
            ));
        }
        let body: String = lines.collect();
        let front: toml::Table = toml::from_str(&front).map_err(|e| {
            let line = e
                .span()
                .map(|span| front[..span.start].matches('\n').count() + 2)
                .unwrap_or(2);
            syntax(line, format!("phần khai báo TOML có lỗi: {}", e.message()))
        })?;
        for key in front.keys() {
            if !FRONT_KEYS.contains(&key.as_str()) {
                return Err(TemplateError::Invalid {
                    origin: origin.to_owned(),
                    message: format!(
                        "khóa \"{key}\" không dùng được trong phần khai báo (dùng: {})",
                        FRONT_KEYS.join(", ")
                    ),
                });
            }
        }
        Ok(Template {
            name: name.to_owned(),
            origin: origin.to_owned(),
            front,
            body,
            body_first_line: line_no + 1,
            source: source.to_owned(),
        })
    }

    /// The template's text as loaded: documents record a hash of it, so a
    /// change of template is seen.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The data keys the template declares it needs (`requires`).
    pub fn requires(&self) -> Vec<String> {
        self.front
            .get("requires")
            .and_then(toml::Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }
}

const FRONT_KEYS: &[&str] = &[
    "kind",
    "title",
    "subject",
    "recipients",
    "authority",
    "bases",
    "copies_to",
    "requires",
    "office",
    "signer",
    "page",
    "number",
    "date",
];

/// The front matter after filling.
#[derive(Debug, Deserialize)]
struct Front {
    kind: String,
    title: Option<String>,
    #[serde(default)]
    subject: OneOrMany,
    #[serde(default)]
    recipients: OneOrMany,
    authority: Option<String>,
    #[serde(default)]
    bases: Vec<String>,
    #[serde(default)]
    copies_to: Vec<String>,
    #[serde(default)]
    #[allow(dead_code)]
    requires: Vec<String>,
    #[serde(flatten)]
    settings: DocumentSettings,
}

#[derive(Debug, Default, Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::None => Vec::new(),
            OneOrMany::One(s) if s.trim().is_empty() => Vec::new(),
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v.into_iter().filter(|s| !s.trim().is_empty()).collect(),
        }
    }
}

/// Builds the minijinja environment: strict about missing data, escaping
/// values for the body language in `.md` templates, with the number filters
/// templates need.
fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    // Block tags on their own lines leave no blank lines behind, so a
    // `{% for %}` around table rows keeps the rows together.
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()
            .expect("default delimiters are valid"),
    );
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".md") {
            AutoEscape::Custom("markdown".into())
        } else {
            AutoEscape::None
        }
    });
    env.set_formatter(|out, state, value| {
        if matches!(state.auto_escape(), AutoEscape::Custom(_)) && !value.is_safe() {
            let mut escaped = String::new();
            match value.as_str() {
                Some(s) => markdown::escape(s, &mut escaped),
                None if value.is_none() || value.is_undefined() => {}
                None => markdown::escape(&value.to_string(), &mut escaped),
            }
            out.write_str(&escaped).map_err(minijinja::Error::from)
        } else {
            minijinja::escape_formatter(out, state, value)
        }
    });
    env.add_filter("so", count_filter);
    env.add_filter("tien", money_filter);
    env.add_filter("bang_chu", words_filter);
    env.add_filter("hoa_dau", |s: String| first_char(&s, true));
    env.add_filter("lower_first", |s: String| first_char(&s, false));
    env
}

/// `{{ s | hoa_dau }}` upper-cases the first letter and leaves the rest
/// ("tặng Bằng khen" → "Tặng Bằng khen"); `lower_first` lower-cases it.
fn first_char(s: &str, upper: bool) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if upper => c.to_uppercase().chain(chars).collect(),
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A non-negative whole number from a template value, or an error naming
/// the filter.
fn whole_number(filter: &str, value: &Value) -> Result<u64, minijinja::Error> {
    u64::try_from(value.clone()).map_err(|_| {
        minijinja::Error::new(
            minijinja::ErrorKind::InvalidOperation,
            format!("bộ lọc \"{filter}\" cần một số nguyên không âm, nhận được {value}"),
        )
    })
}

/// `{{ n | so }}`: a count with the leading zero official texts use below
/// ten ("05", "11").
fn count_filter(value: Value) -> Result<String, minijinja::Error> {
    Ok(text::count_padded(whole_number("so", &value)?))
}

/// `{{ n | tien }}`: an amount with dots between thousands ("2.340.000").
fn money_filter(value: Value) -> Result<String, minijinja::Error> {
    Ok(text::group_thousands(whole_number("tien", &value)?))
}

/// `{{ n | bang_chu }}`: an amount of đồng in words ("Hai triệu ba trăm bốn
/// mươi nghìn đồng").
fn words_filter(value: Value) -> Result<String, minijinja::Error> {
    Ok(text::amount_in_words(whole_number("bang_chu", &value)?))
}

/// Fills `template` with `data` over the office settings of `config` and
/// returns the document. `today` gives the year when no date is set.
pub fn compose(
    template: &Template,
    data: &serde_json::Value,
    config: &Config,
    today_year: i32,
) -> Result<Document, TemplateError> {
    let origin = &template.origin;
    let missing: Vec<String> = template
        .requires()
        .into_iter()
        .filter(|key| data.get(key).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(TemplateError::MissingData {
            origin: origin.clone(),
            keys: missing,
        });
    }
    let env = environment();
    let context = Value::from(minijinja::value::Serde(data));
    let render_error = |e: minijinja::Error, line_base: usize| {
        let line = e.line().map(|l| l + line_base - 1).unwrap_or(line_base);
        TemplateError::Syntax {
            origin: origin.clone(),
            line,
            message: describe(&e),
        }
    };

    // Front matter: fill each string value on its own; TOML structure never
    // comes from data.
    let mut front = toml::Value::Table(template.front.clone());
    fill_strings(&mut front, &mut |s: &str| {
        if !s.contains("{{") && !s.contains("{%") {
            return Ok(s.to_owned());
        }
        env.render_named_str("front.toml", s, &context)
            .map_err(|e| TemplateError::Invalid {
                origin: origin.clone(),
                message: format!("phần khai báo, giá trị \"{s}\": {}", describe(&e)),
            })
    })?;
    let front: Front = front
        .try_into()
        .map_err(|e: toml::de::Error| TemplateError::Invalid {
            origin: origin.clone(),
            message: format!("phần khai báo có lỗi: {}", e.message()),
        })?;
    let kind = DocKind::parse(&front.kind).ok_or_else(|| TemplateError::Invalid {
        origin: origin.clone(),
        message: format!(
            "loại văn bản \"{}\" không có (dùng một trong: {})",
            front.kind,
            DocKind::ALL
                .iter()
                .map(|k| k.abbreviation().unwrap_or("cong-van"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    })?;

    // Settings: office < template < the office's settings for this
    // template < data's "van_ban".
    let mut settings = config.document_settings(&template.name, &front.settings);
    let per_template = config.documents.get(&template.name);
    let data_settings: Option<DocumentSettings> = match data.get("van_ban") {
        Some(over) => Some(
            serde_json::from_value(over.clone())
                .map_err(|e| TemplateError::DataSettings(e.to_string()))?,
        ),
        None => None,
    };
    if let Some(over) = &data_settings {
        settings.overlay(over);
    }
    // Lists of the template are replaced by the per-template settings and
    // the data, never by the office-wide defaults.
    let list = |pick: fn(&DocumentSettings) -> &Option<Vec<String>>, own: Vec<String>| {
        data_settings
            .as_ref()
            .and_then(|d| pick(d).clone())
            .or_else(|| per_template.and_then(|d| pick(d).clone()))
            .unwrap_or(own)
    };
    let recipients = list(|d| &d.recipients, front.recipients.into_vec());
    let copies_to = copies_as_nd30(list(|d| &d.copies_to, front.copies_to));
    // A basis a template fills from data may be empty: no line.
    let bases: Vec<String> = list(|d| &d.bases, front.bases)
        .into_iter()
        .filter(|b| !b.trim().is_empty())
        .collect();
    let margins = settings.margins();
    margins
        .validate()
        .map_err(|message| TemplateError::Invalid {
            origin: origin.clone(),
            message,
        })?;
    let date = parse_date(settings.date.as_deref(), today_year).map_err(|message| {
        TemplateError::Invalid {
            origin: origin.clone(),
            message,
        }
    })?;

    let body_name = format!("{}.md", template.name);
    let body_text = env
        .render_named_str(&body_name, &template.body, &context)
        .map_err(|e| render_error(e, template.body_first_line))?;
    let body = markdown::parse(&body_text).map_err(|errors| TemplateError::Body {
        origin: origin.clone(),
        errors,
    })?;

    let office = &settings.office;
    let abbreviation = office.abbreviation.clone().unwrap_or_default();
    Ok(Document {
        kind,
        issuer: Issuer {
            parent: office.parent.clone().filter(|p| !p.trim().is_empty()),
            name: office
                .name
                .clone()
                .unwrap_or_default()
                .into_iter()
                .filter(|line| !line.trim().is_empty())
                .collect(),
            abbreviation: abbreviation.clone(),
            name_in_text: office.name_in_text.clone().unwrap_or_default(),
        },
        number: DocNumber {
            number: settings.number,
            code: kind.code(&abbreviation, office.drafting_unit.as_deref()),
        },
        place_date: PlaceDate {
            place: office.place.clone().unwrap_or_default(),
            date,
        },
        title: front.title,
        subject: front.subject.into_vec(),
        recipients,
        authority: front.authority.filter(|a| !a.trim().is_empty()),
        bases,
        body: body.blocks,
        copies_to,
        signatory: Signatory {
            authority: settings.signer.authority.clone().unwrap_or_default(),
            position: settings.signer.position.clone().unwrap_or_default(),
            name: settings.signer.name.clone().unwrap_or_default(),
        },
        appendices: body.appendices,
        page: PageSetup { margins },
    })
}

/// Nơi nhận as Nghị định 30 sets it, however the office typed it: each
/// line but the last ends with ";", the last with "."; the last is "Lưu:
/// VT…" (added when missing, since the office's archive always keeps a
/// copy). Lines left empty by a template are dropped. An empty list stays
/// empty.
fn copies_as_nd30(lines: Vec<String>) -> Vec<String> {
    let lines: Vec<String> = lines
        .into_iter()
        .map(|l| l.trim().trim_start_matches('-').trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect();
    if lines.is_empty() {
        return lines;
    }
    // "Lưu: …" is written "Lưu: VT, …" and comes last.
    let is_archive = |l: &String| {
        let lower = l.to_lowercase();
        lower == "lưu" || lower.starts_with("lưu ") || lower.starts_with("lưu:")
    };
    let (mut archive, mut lines): (Vec<String>, Vec<String>) =
        lines.into_iter().partition(is_archive);
    for line in &mut archive {
        let rest = line
            .get("lưu".len()..)
            .unwrap_or_default()
            .trim_start_matches([':', ' '])
            .trim();
        *line = if rest.is_empty() {
            "Lưu: VT".to_owned()
        } else {
            format!("Lưu: {rest}")
        };
    }
    if archive.is_empty() {
        archive.push("Lưu: VT".to_owned());
    }
    lines.append(&mut archive);
    let last = lines.len() - 1;
    lines
        .into_iter()
        .enumerate()
        .map(|(i, line)| {
            let bare = line.trim_end_matches([';', '.', ',']);
            let end = if i == last { "." } else { ";" };
            // "Như trên;" and a line ending in an abbreviation's "./." stay.
            if line.ends_with("./.") {
                line
            } else {
                format!("{bare}{end}")
            }
        })
        .collect()
}

/// A minijinja error as one Vietnamese-led line.
fn describe(e: &minijinja::Error) -> String {
    let what = match e.kind() {
        minijinja::ErrorKind::UndefinedError => "dữ liệu không có giá trị này",
        minijinja::ErrorKind::SyntaxError => "sai cú pháp mẫu",
        minijinja::ErrorKind::UnknownFilter => "bộ lọc không tồn tại",
        minijinja::ErrorKind::UnknownFunction => "hàm không tồn tại",
        _ => "lỗi khi điền mẫu",
    };
    match e.detail().map(detail_in_vietnamese) {
        Some(detail) => format!("{what} ({detail})"),
        None => what.to_owned(),
    }
}

/// minijinja's detail of a mistake, in Vietnamese for the admin who edits
/// a template.
fn detail_in_vietnamese(detail: &str) -> String {
    // Our own filters already speak Vietnamese.
    if !detail.is_ascii() {
        return detail.to_owned();
    }
    let d = detail.to_lowercase();
    let said = if d.contains("expected end of block") || d.contains("missing end of") {
        "một khối {% if %} hoặc {% for %} chưa đóng: thiếu {% endif %} hoặc {% endfor %}"
    } else if d.contains("expected end of variable block") {
        "một chỗ điền {{ … }} chưa đóng: thiếu }}"
    } else if d.contains("unexpected end of input") {
        "mẫu kết thúc giữa chừng một khối {% … %} hoặc {{ … }}"
    } else if d.contains("unknown filter") {
        "bộ lọc sau dấu | không có"
    } else if d.contains("unknown function") {
        "hàm này không có"
    } else if d.contains("unknown statement") || d.contains("unknown block") {
        "lệnh trong {% … %} không có (dùng if, for, set…)"
    } else if d.contains("undefined") {
        "tên dữ liệu này không có"
    } else if d.contains("unexpected") || d.contains("expected") {
        "cú pháp {% … %} hoặc {{ … }} viết sai"
    } else {
        return "xem lại chỗ này trong mẫu".to_owned();
    };
    said.to_owned()
}

/// Every template of `templates_dir` that documents are made from (one of
/// the built-in names) and that cannot be read or parsed, said with its
/// file and line: what `run` and `status` show first.
pub fn broken(templates_dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(templates_dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        // A draft of the admin's own ("ban-nhap.md") makes no document.
        .filter(|p| {
            p.file_stem()
                .is_some_and(|s| built_in_names().any(|n| s.to_string_lossy() == n))
        })
        .collect();
    paths.sort();
    paths
        .iter()
        .filter_map(|path| {
            Template::load(path)
                .and_then(|t| t.check_syntax())
                .err()
                .map(|e| e.to_string())
        })
        .collect()
}

impl Template {
    /// The body's syntax, compiled without data: a block left open, a
    /// placeholder unclosed, said at its line.
    pub fn check_syntax(&self) -> Result<(), TemplateError> {
        let env = environment();
        env.template_from_str(&self.body)
            .map(|_| ())
            .map_err(|e| TemplateError::Syntax {
                origin: self.origin.clone(),
                line: e
                    .line()
                    .map(|l| l + self.body_first_line - 1)
                    .unwrap_or(self.body_first_line),
                message: describe(&e),
            })
    }
}

fn fill_strings(
    value: &mut toml::Value,
    fill: &mut dyn FnMut(&str) -> Result<String, TemplateError>,
) -> Result<(), TemplateError> {
    match value {
        toml::Value::String(s) => *s = fill(s)?,
        toml::Value::Array(items) => {
            for item in items {
                fill_strings(item, fill)?;
            }
        }
        toml::Value::Table(table) => {
            for (_, item) in table.iter_mut() {
                fill_strings(item, fill)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// "2022-04-28" → the full date; "2026" → day and month blank; absent →
/// blanks in `today_year`.
fn parse_date(text: Option<&str>, today_year: i32) -> Result<PartialDate, String> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(PartialDate {
            day: None,
            month: None,
            year: today_year,
        });
    };
    let bad =
        || format!("ngày \"{text}\" phải viết dạng 2026-01-05 (năm-tháng-ngày) hoặc chỉ năm 2026");
    let parts: Vec<&str> = text.split('-').collect();
    let year: i32 = parts[0].parse().map_err(|_| bad())?;
    if !(1900..=2200).contains(&year) {
        return Err(bad());
    }
    match parts.as_slice() {
        [_] => Ok(PartialDate {
            day: None,
            month: None,
            year,
        }),
        [_, m, d] => {
            if m.parse::<u32>().is_err() || d.parse::<u32>().is_err() {
                return Err(bad());
            }
            let date = text::Date::parse_iso(text)
                .ok_or_else(|| format!("ngày \"{text}\" không có trong lịch"))?;
            Ok(PartialDate {
                day: Some(date.day() as u8),
                month: Some(date.month() as u8),
                year,
            })
        }
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests;

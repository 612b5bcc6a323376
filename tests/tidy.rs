//! Architecture rules made executable: which module may use which, and
//! every module opens with a `//!` paragraph.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Top-level modules each module may reach with `use crate::...` (itself
/// always allowed).
const ALLOWED: &[(&str, &[&str])] = &[
    ("document", &[]),
    ("render", &["document"]),
    ("template", &["document", "config", "text"]),
    ("config", &["document", "awards", "recognise", "text"]),
    ("awards", &["recognise", "text"]),
    ("text", &[]),
    ("ingest", &["text"]),
    ("recognise", &["ingest", "text"]),
];

#[test]
fn module_boundaries_hold() {
    let src = crate::util::root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut violations = Vec::new();
    for file in files {
        let relative = file.strip_prefix(&src).unwrap();
        let module = relative
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_owned();
        let Some((_, allowed)) = ALLOWED.iter().find(|(m, _)| *m == module) else {
            continue;
        };
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let mut rest = line;
            while let Some(pos) = rest.find("crate::") {
                let used: String = rest[pos + 7..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !used.is_empty() && used != module && !allowed.contains(&used.as_str()) {
                    violations.push(format!(
                        "{}:{}: {module} uses crate::{used}",
                        relative.display(),
                        n + 1
                    ));
                }
                rest = &rest[pos + 7..];
            }
        }
    }
    assert!(
        violations.is_empty(),
        "module boundaries broken:\n{}",
        violations.join("\n")
    );
}

#[test]
fn every_module_says_what_it_owns() {
    let src = crate::util::root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let missing: Vec<String> = files
        .iter()
        .filter(|f| {
            let name = f.file_name().unwrap().to_string_lossy();
            name != "tests.rs"
                && !std::fs::read_to_string(f)
                    .unwrap()
                    .trim_start()
                    .starts_with("//!")
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "modules without a //! paragraph: {missing:?}"
    );
}

/// The configuration users copy must load: the sample `vanthu.toml` and the
/// `toml` block of the README's configuration section.
#[test]
fn documented_configuration_loads() {
    use vanthu::config::Config;
    let root = crate::util::root();
    let sample = std::fs::read_to_string(root.join("vanthu.toml")).unwrap();
    let config = Config::from_toml(&sample, None, &root).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        config.unit_of_folder("phong-tong-hop"),
        Some("Phòng Tổng hợp")
    );
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let section = &readme[readme.find("## Configuration").unwrap()..];
    let start = section.find("```toml\n").unwrap() + "```toml\n".len();
    let block = &section[start..start + section[start..].find("```").unwrap()];
    let config = Config::from_toml(block, None, &root).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        config.documents["quyet-dinh-khen-thuong"]
            .signer
            .position
            .as_deref(),
        Some("PHÓ CHỦ TỊCH")
    );
    assert_eq!(
        config.money,
        vanthu::awards::MoneyRules::default(),
        "README shows the defaults"
    );
    assert_eq!(
        config.recognise.bands,
        vanthu::recognise::scores::Bands::default(),
        "README shows the default bands"
    );
}

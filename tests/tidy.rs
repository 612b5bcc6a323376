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
/// always allowed), in the order data flows: a module may only use the
/// ones listed for it, every module of `src/` must be listed, and the
/// rules themselves must have no circle (checked below), so the flow reads
/// one way in the module list.
const ALLOWED: &[(&str, &[&str])] = &[
    ("text", &[]),
    ("law", &["text"]),
    ("document", &[]),
    ("render", &["document"]),
    ("ingest", &["text"]),
    ("recognise", &["ingest", "law", "text"]),
    ("config", &["document", "law", "recognise", "text"]),
    ("template", &["document", "config", "text"]),
    (
        "workbook",
        &["config", "ingest", "law", "recognise", "render", "text"],
    ),
    (
        "documents",
        &[
            "config",
            "document",
            "law",
            "recognise",
            "render",
            "template",
            "text",
            "workbook",
        ],
    ),
    ("job", &["config", "documents", "text", "workbook"]),
    ("outbox", &["failpoints", "text"]),
    ("progress", &[]),
    (
        "service",
        &[
            "config",
            "documents",
            "failpoints",
            "job",
            "outbox",
            "progress",
            "template",
            "text",
            "workbook",
        ],
    ),
    (
        "commands",
        &[
            "config",
            "documents",
            "ingest",
            "job",
            "law",
            "outbox",
            "progress",
            "recognise",
            "render",
            "service",
            "template",
            "text",
            "workbook",
        ],
    ),
    ("failpoints", &[]),
];

/// The crate root files, which declare the modules.
const ROOTS: &[&str] = &["lib", "main"];

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
        if ROOTS.contains(&module.as_str()) {
            continue;
        }
        let Some((_, allowed)) = ALLOWED.iter().find(|(m, _)| *m == module) else {
            violations.push(format!(
                "{}: module {module} is not in tests/tidy.rs ALLOWED: say which modules it may use",
                relative.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let mut rest = line;
            while let Some(pos) = rest.find("crate::") {
                let after = &rest[pos + 7..];
                let used: String = after
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                // `crate::failpoint!(...)`: a macro, not a module.
                let is_macro = after[used.len()..].starts_with('!');
                if !used.is_empty()
                    && !is_macro
                    && used != module
                    && !allowed.contains(&used.as_str())
                {
                    violations.push(format!(
                        "{}:{}: {module} uses crate::{used}",
                        relative.display(),
                        n + 1
                    ));
                }
                rest = after;
            }
        }
    }
    assert!(
        violations.is_empty(),
        "module boundaries broken:\n{}",
        violations.join("\n")
    );
}

/// The rules allow no circle: following "may use" from any module never
/// comes back to it.
#[test]
fn module_rules_have_no_circle() {
    fn visit<'a>(module: &'a str, path: &mut Vec<&'a str>) {
        if let Some(start) = path.iter().position(|m| *m == module) {
            panic!(
                "circle in tests/tidy.rs ALLOWED: {} -> {module}",
                path[start..].join(" -> ")
            );
        }
        path.push(module);
        let (_, uses) = ALLOWED
            .iter()
            .find(|(m, _)| *m == module)
            .unwrap_or_else(|| panic!("{module} is used but has no rule"));
        for used in *uses {
            visit(used, path);
        }
        path.pop();
    }
    for (module, _) in ALLOWED {
        visit(module, &mut Vec::new());
    }
    // Every module of the crate root has a rule.
    let lib = std::fs::read_to_string(crate::util::root().join("src/lib.rs")).unwrap();
    for line in lib.lines() {
        if let Some(name) = line.trim().strip_prefix("pub mod ") {
            let name = name.trim_end_matches(';');
            assert!(
                ALLOWED.iter().any(|(m, _)| *m == name),
                "src/lib.rs declares {name}, which has no rule in tests/tidy.rs"
            );
        }
    }
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
            .name
            .as_deref(),
        Some("Lê Văn Cường")
    );
    assert_eq!(
        config.money,
        vanthu::law::MoneyRules::default(),
        "README shows the defaults"
    );
    assert_eq!(
        config.recognise.bands,
        vanthu::recognise::scores::Bands::default(),
        "README shows the default bands"
    );
}

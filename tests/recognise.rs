//! Header recognition over every fixture workbook, against the outcome
//! recorded in `tests/fixtures/workbooks/expected.json`: the kind, the
//! header row and height, and the column of every field.

use vanthu::ingest::{self, Limits};
use vanthu::recognise::{self, SheetKind};

/// Every fixture workbook that reads, with its expected outcome.
fn readable_fixtures() -> Vec<(String, serde_json::Value, ingest::Workbook)> {
    let dir = crate::util::root().join("tests/fixtures/workbooks");
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    expected["files"]
        .as_object()
        .unwrap()
        .iter()
        .filter_map(|(name, file)| {
            let workbook = ingest::read(&dir.join(name), &Limits::default()).ok()?;
            Some((name.clone(), file.clone(), workbook))
        })
        .collect()
}

fn column_letter(col: usize) -> String {
    let reference = ingest::cell_ref(0, col);
    reference.trim_end_matches('1').to_owned()
}

#[test]
fn headers_are_found_by_content_in_every_fixture() {
    let mut failures = Vec::new();
    let mut sheets_checked = 0;
    for (name, file, workbook) in readable_fixtures() {
        for sheet_expect in file["sheets"].as_array().unwrap() {
            let sheet_name = sheet_expect["sheet"].as_str().unwrap();
            let sheet = workbook
                .sheets
                .iter()
                .find(|s| s.name == sheet_name)
                .unwrap();
            sheets_checked += 1;
            let Some(header) = recognise::find_header(sheet) else {
                failures.push(format!("{name}/{sheet_name}: no header found"));
                continue;
            };
            let kind = match header.kind {
                SheetKind::Nominations => "nominations",
                SheetKind::Scores => "scores",
            };
            let mut got = serde_json::Map::new();
            for (field, col) in &header.columns {
                got.insert(field.key().to_owned(), column_letter(*col).into());
            }
            if !header.criteria.is_empty() {
                got.insert(
                    "criteria".into(),
                    header
                        .criteria
                        .iter()
                        .map(|c| column_letter(*c))
                        .collect::<Vec<_>>()
                        .into(),
                );
            }
            let want_columns = sheet_expect["columns"].as_object().unwrap();
            if kind != sheet_expect["kind"]
                || header.row + 1 != sheet_expect["header_row"].as_u64().unwrap() as usize
                || header.height != sheet_expect["header_height"].as_u64().unwrap() as usize
                || &got != want_columns
            {
                failures.push(format!(
                    "{name}/{sheet_name}: got {kind} row {} height {} {:?}; expected {} row {} height {} {:?}",
                    header.row + 1,
                    header.height,
                    got,
                    sheet_expect["kind"],
                    sheet_expect["header_row"],
                    sheet_expect["header_height"],
                    want_columns
                ));
            }
        }
        for skipped in file["skipped_sheets"].as_array().into_iter().flatten() {
            let skipped = skipped.as_str().unwrap();
            if let Some(sheet) = workbook.sheets.iter().find(|s| s.name == skipped)
                && let Some(header) = recognise::find_header(sheet)
            {
                failures.push(format!(
                    "{name}/{skipped}: should be skipped, found {header:?}"
                ));
            }
        }
    }
    assert!(sheets_checked >= 35, "sheets checked: {sheets_checked}");
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn nominees_kinds_names_and_awards_match_every_fixture() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, file, workbook) in readable_fixtures() {
        for sheet_expect in file["sheets"].as_array().unwrap() {
            if sheet_expect["kind"] != "nominations" {
                continue;
            }
            let sheet_name = sheet_expect["sheet"].as_str().unwrap();
            let sheet = workbook
                .sheets
                .iter()
                .find(|s| s.name == sheet_name)
                .unwrap();
            let header = recognise::find_header(sheet).unwrap();
            let (got, _) = recognise::records::nominees(sheet, &header, &Default::default());
            let want = sheet_expect["nominees"].as_array().unwrap();
            let got_rows: Vec<usize> = got.iter().map(|n| n.row + 1).collect();
            let want_rows: Vec<usize> = want
                .iter()
                .map(|n| n["row"].as_u64().unwrap() as usize)
                .collect();
            if got_rows != want_rows {
                failures.push(format!("{name}: rows {got_rows:?}, expected {want_rows:?}"));
                continue;
            }
            for (g, w) in got.iter().zip(want) {
                checked += 1;
                let kind = match g.kind {
                    vanthu::law::NomineeKind::CaNhan => "ca_nhan",
                    vanthu::law::NomineeKind::TapThe => "tap_the",
                    vanthu::law::NomineeKind::HoGiaDinh => "ho_gia_dinh",
                };
                let award = g.award.map(|a| a.name());
                if kind != w["kind"]
                    || w["name"].as_str().is_some_and(|n| n != g.name)
                    || award != w["award"].as_str()
                {
                    failures.push(format!(
                        "{name} row {}: got {kind} {:?} {award:?}; expected {} {} {}",
                        g.row + 1,
                        g.name,
                        w["kind"],
                        w["name"],
                        w["award"]
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked >= 110, "nominees checked: {checked}");
}

#[test]
fn scores_maxima_totals_classes_and_ranks_match_every_fixture() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, file, workbook) in readable_fixtures() {
        for sheet_expect in file["sheets"].as_array().unwrap() {
            if sheet_expect["kind"] != "scores" {
                continue;
            }
            let sheet_name = sheet_expect["sheet"].as_str().unwrap();
            let sheet = workbook
                .sheets
                .iter()
                .find(|s| s.name == sheet_name)
                .unwrap();
            let header = recognise::find_header(sheet).unwrap();
            let (criteria, first) = recognise::scores::criteria(sheet, &header);
            let maxima: Vec<Option<f64>> = criteria.iter().map(|c| c.max).collect();
            let want_maxima: Vec<Option<f64>> = sheet_expect["criteria"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["max"].as_f64())
                .collect();
            if maxima != want_maxima {
                failures.push(format!(
                    "{name}: maxima {maxima:?}, expected {want_maxima:?}"
                ));
            }
            let subjects =
                recognise::scores::subjects(sheet, &header, &criteria, first, &Default::default());
            let want = sheet_expect["subjects"].as_array().unwrap();
            let rows: Vec<usize> = subjects.iter().map(|s| s.row + 1).collect();
            let want_rows: Vec<usize> = want
                .iter()
                .map(|s| s["row"].as_u64().unwrap() as usize)
                .collect();
            if rows != want_rows {
                failures.push(format!("{name}: rows {rows:?}, expected {want_rows:?}"));
                continue;
            }
            for (got, w) in subjects.iter().zip(want) {
                checked += 1;
                let total_ok = w["total"]
                    .as_f64()
                    .is_none_or(|t| (t - got.total).abs() < 0.005);
                let class_ok = w["classification"]
                    .as_str()
                    .is_none_or(|c| c == got.classification);
                let rank_ok = w["rank"].as_u64().is_none_or(|r| r as usize == got.rank);
                if !total_ok || !class_ok || !rank_ok {
                    failures.push(format!(
                        "{name} row {}: total {} {} rank {}; expected {} {} {}",
                        got.row + 1,
                        got.total,
                        got.classification,
                        got.rank,
                        w["total"],
                        w["classification"],
                        w["rank"]
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked >= 30, "subjects checked: {checked}");
}

#[test]
fn every_problem_is_located_and_good_sheets_have_none() {
    use recognise::{records, scores, validate};
    let mut failures = Vec::new();
    let mut located = 0;
    for (name, file, workbook) in readable_fixtures() {
        let mut got: Vec<(String, String)> = Vec::new();
        let mut messages = Vec::new();
        for sheet_expect in file["sheets"].as_array().unwrap() {
            let sheet_name = sheet_expect["sheet"].as_str().unwrap();
            let sheet = workbook
                .sheets
                .iter()
                .find(|s| s.name == sheet_name)
                .unwrap();
            let header = recognise::find_header(sheet).unwrap();
            let problems = if sheet_expect["kind"] == "nominations" {
                let (nominees, _) = records::nominees(sheet, &header, &Default::default());
                validate::nominations(sheet, &header, &nominees)
            } else {
                let (criteria, first) = scores::criteria(sheet, &header);
                let subjects =
                    scores::subjects(sheet, &header, &criteria, first, &Default::default());
                validate::scores(sheet, &header, &criteria, &subjects)
            };
            for p in problems {
                messages.push(p.to_string());
                got.push((p.tag().to_owned(), p.location()));
            }
        }
        let mut want: Vec<(String, String)> = file["problems"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| {
                Some((
                    p["tag"].as_str()?.to_owned(),
                    p["cell"].as_str()?.to_owned(),
                ))
            })
            .collect();
        got.sort();
        want.sort();
        located += want.len();
        if got != want {
            failures.push(format!(
                "{name}: got {got:?}\n  expected {want:?}\n  messages {messages:?}"
            ));
        }
        for message in &messages {
            assert!(message.starts_with("Trang 'Sheet1', ô "), "{message}");
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(located >= 18, "located problems checked: {located}");
}

#[test]
fn whole_workbooks_give_metadata_skipped_sheets_and_problems() {
    use recognise::workbook;
    let mut checked = 0;
    for (name, file, wb) in readable_fixtures() {
        let recognition = workbook::workbook(&wb, &Default::default());
        let want_sheets = file["sheets"].as_array().unwrap();
        let got: Vec<&str> = recognition.sheets.iter().map(|s| s.name.as_str()).collect();
        let want: Vec<&str> = want_sheets
            .iter()
            .map(|s| s["sheet"].as_str().unwrap())
            .collect();
        assert_eq!(got, want, "{name}: recognised sheets");
        let skipped: Vec<&str> = file["skipped_sheets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        if file["problems"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["tag"] != "empty_workbook")
        {
            let got: Vec<&str> = recognition
                .skipped
                .iter()
                .map(|s| s.name.as_str())
                .collect();
            assert_eq!(got, skipped, "{name}: skipped sheets");
        }
        for (sheet, want) in recognition.sheets.iter().zip(want_sheets) {
            assert_eq!(
                sheet.metadata.year.map(i64::from),
                want["year"].as_i64(),
                "{name}: year"
            );
            assert_eq!(
                sheet.metadata.unit.as_deref(),
                want["unit"].as_str(),
                "{name}: unit"
            );
        }
        let cells: Vec<String> = recognition.problems.iter().map(|p| p.location()).collect();
        let want_cells: Vec<String> = file["problems"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p["cell"].as_str().map(str::to_owned))
            .collect();
        assert_eq!(cells, want_cells, "{name}: problems in order");
        checked += 1;
    }
    assert!(checked >= 35, "workbooks checked: {checked}");
}

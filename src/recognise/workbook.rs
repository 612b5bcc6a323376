//! A whole workbook: every sheet whose header is recognised gives its
//! records, its metadata from the title rows and its problems; the other
//! sheets are named as skipped.
//!
//! Title rows (above the header) carry the metadata: "Đơn vị: Phòng Tổng
//! hợp" names the unit, "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025" the year
//! (the "(Kèm theo Tờ trình ... ngày 05/01/2026)" line is not the year),
//! a line about a phong trào, khối or cụm thi đua the campaign.

use super::records::{self, Nominee, NoteKind, RowNote};
use super::scheme;
use super::scores::{self, Bands, Criterion, Subject};
use super::sheets::{self, CodeBook, Codes, SkipReason, Skipped};
use super::validate::{self, Problem, ProblemKind};
use super::{Header, SheetKind, find_header, words};
use crate::ingest::{Sheet, Workbook};

/// What recognition may be told by the configuration.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Classification bands of score sheets.
    pub bands: Bands,
    /// Criterion maxima for headers that do not state them: (label, max),
    /// matched on the label's words ("Văn hóa công sở" matches "VĂN HOÁ
    /// CÔNG SỞ" and "Văn hóa công sở (điểm)").
    pub criteria_max: Vec<(String, f64)>,
    /// Which characters the documents can print (the bundled fonts'
    /// coverage); a cell whose text reaches a document with another
    /// character is a located problem. `None` checks nothing.
    pub printable: Option<fn(char) -> bool>,
    /// Codes the office's configuration resolves (`[codes]`), beside the
    /// code tables of the workbook itself.
    pub codes: Codes,
}

/// What the title rows say.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metadata {
    /// The title line ("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025").
    pub title: Option<String>,
    /// The unit, from "Đơn vị: ...".
    pub unit: Option<String>,
    /// The year of the list or the scoring ("... NĂM 2025").
    pub year: Option<i32>,
    /// The campaign, khối or cụm ("Khối thi đua các phòng, đơn vị thuộc Sở").
    pub campaign: Option<String>,
}

/// The records of one sheet.
#[derive(Debug, Clone)]
pub enum Records {
    /// A nominations list.
    Nominations(Vec<Nominee>),
    /// A score sheet.
    Scores {
        /// The criteria with their maxima.
        criteria: Vec<Criterion>,
        /// The subjects, ranked.
        subjects: Vec<Subject>,
    },
}

/// One recognised sheet.
#[derive(Debug, Clone)]
pub struct RecognisedSheet {
    /// Sheet name.
    pub name: String,
    /// Its header.
    pub header: Header,
    /// Its title rows' metadata.
    pub metadata: Metadata,
    /// Its records.
    pub records: Records,
}

impl RecognisedSheet {
    /// What the sheet holds.
    pub fn kind(&self) -> SheetKind {
        self.header.kind
    }

    /// Number of records.
    pub fn len(&self) -> usize {
        match &self.records {
            Records::Nominations(n) => n.len(),
            Records::Scores { subjects, .. } => subjects.len(),
        }
    }

    /// True when the sheet has no records.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What a workbook holds.
#[derive(Debug, Clone, Default)]
pub struct Recognition {
    /// The recognised sheets, in workbook order.
    pub sheets: Vec<RecognisedSheet>,
    /// The sheets that give no records, with the reason.
    pub skipped: Vec<Skipped>,
    /// Every problem of the recognised sheets, by sheet, row and column.
    pub problems: Vec<Problem>,
    /// What its submitter should know of single cells, by sheet: error
    /// values left blank, example rows left out.
    pub notes: Vec<(String, RowNote)>,
}

/// Recognises and validates every sheet of `workbook`.
pub fn workbook(workbook: &Workbook, settings: &Settings) -> Recognition {
    let mut out = Recognition::default();
    // What is not data, and the codes the data may be written in: the
    // workbook's own code tables first, the configuration's after.
    let mut codes = CodeBook::default();
    let mut headers = Vec::with_capacity(workbook.sheets.len());
    for sheet in &workbook.sheets {
        let aside = sheet.hidden || sheets::named_as_instructions(&sheet.name);
        let header = if aside { None } else { find_header(sheet) };
        let scheme = match header {
            None if !aside => scheme::find(sheet),
            _ => None,
        };
        let mut has_codes = false;
        if header.is_none() && scheme.is_none() && !sheets::named_as_instructions(&sheet.name) {
            for (code, label) in sheets::code_tables(sheet) {
                has_codes = true;
                codes.add(code, label);
            }
        }
        headers.push((header, scheme, has_codes));
    }
    for (code, label) in &settings.codes {
        codes.add(code.clone(), label.clone());
    }
    for (sheet, (header, scheme, has_codes)) in workbook.sheets.iter().zip(headers) {
        let skip = |reason| Skipped {
            name: sheet.name.clone(),
            reason,
        };
        if sheet.hidden {
            out.skipped.push(skip(SkipReason::Hidden));
            continue;
        }
        if sheets::named_as_instructions(&sheet.name) {
            out.skipped.push(skip(SkipReason::Instructions));
            continue;
        }
        if let Some(scheme) = scheme {
            let metadata = metadata(sheet, scheme.row);
            let read = scheme::read(sheet, &scheme, &settings.bands);
            for (row, col, group, max, sum) in read.unbalanced {
                out.notes.push((
                    sheet.name.clone(),
                    RowNote {
                        row,
                        col,
                        what: NoteKind::UnbalancedGroup { group, max, sum },
                    },
                ));
            }
            out.problems.extend(read.problems);
            out.sheets.push(RecognisedSheet {
                name: sheet.name.clone(),
                header: scheme.header(),
                metadata,
                records: Records::Scores {
                    criteria: read.criteria,
                    subjects: read.subjects,
                },
            });
            continue;
        }
        let Some(header) = header else {
            // A list whose header names no nominee: its rows cannot be
            // read, and the department should hear why.
            if let Some(row) = super::nameless_header(sheet) {
                out.problems
                    .push(Problem::at(sheet, row, 0, ProblemKind::NoNameColumn));
                out.skipped.push(skip(SkipReason::NoTable));
                continue;
            }
            let lookup = sheets::named_as_lookup(&sheet.name) || has_codes;
            out.skipped.push(skip(if lookup {
                SkipReason::Lookup
            } else {
                SkipReason::NoTable
            }));
            continue;
        };
        let metadata = metadata(sheet, header.row);
        let (records, mut problems) = match header.kind {
            SheetKind::Nominations => {
                let (mut nominees, mut notes) = records::nominees(sheet, &header, &codes);
                if examples(nominees.iter().map(|n| n.example)) {
                    out.skipped.push(skip(SkipReason::Examples));
                    continue;
                }
                // A single name that only reads like an example's ("Hồ Thị
                // Y") may be a person's: kept, with a warning. Rows marked
                // "Ví dụ", or several such names, are the template's.
                let named_only: Vec<usize> = notes
                    .iter()
                    .filter(|n| matches!(n.what, NoteKind::Example { marked: false, .. }))
                    .map(|n| n.row)
                    .collect();
                if let [row] = named_only.as_slice() {
                    for n in nominees.iter_mut().filter(|n| n.row == *row) {
                        n.example = false;
                    }
                    for note in notes.iter_mut().filter(|n| n.row == *row) {
                        if let NoteKind::Example { name, .. } = &note.what {
                            note.what = NoteKind::MaybeExample { name: name.clone() };
                        }
                    }
                }
                // Example rows left in a filled template are no nominees.
                nominees.retain(|n| !n.example);
                let mut problems = validate::nominations(sheet, &header, &nominees);
                // An unknown code is said as such, not as an unknown award.
                problems.retain(|p| {
                    !matches!(p.kind, ProblemKind::UnknownAward { .. })
                        || !notes.iter().any(|n| {
                            (n.row, n.col) == (p.row, p.col)
                                && matches!(
                                    n.what,
                                    NoteKind::UnknownCode { .. } | NoteKind::AmbiguousCode { .. }
                                )
                        })
                });
                for note in notes {
                    match note.what {
                        NoteKind::UnknownCode { code } => problems.push(Problem::at(
                            sheet,
                            note.row,
                            note.col,
                            ProblemKind::UnknownCode { code },
                        )),
                        NoteKind::AmbiguousCode { code, labels } => problems.push(Problem::at(
                            sheet,
                            note.row,
                            note.col,
                            ProblemKind::AmbiguousCode { code, labels },
                        )),
                        _ => out.notes.push((sheet.name.clone(), note)),
                    }
                }
                (Records::Nominations(nominees), problems)
            }
            SheetKind::Scores => {
                let (mut criteria, first) = scores::criteria(sheet, &header);
                for criterion in criteria.iter_mut().filter(|c| c.max.is_none()) {
                    criterion.max = configured_max(&criterion.label, &settings.criteria_max);
                }
                let subjects = scores::subjects(sheet, &header, &criteria, first, &settings.bands);
                if examples(
                    subjects.iter().map(|s| {
                        sheets::is_placeholder_name(&s.name) || sheets::says_example(&s.name)
                    }),
                ) {
                    out.skipped.push(skip(SkipReason::Examples));
                    continue;
                }
                let problems = validate::scores(sheet, &header, &criteria, &subjects);
                for (group, max, sum) in scores::unbalanced_groups(&criteria) {
                    // At the group's cell: the top row's, or the middle
                    // row's of a three-row header.
                    let at = |groups: &std::collections::BTreeMap<usize, String>| {
                        groups.iter().find(|(_, g)| **g == group).map(|(c, _)| *c)
                    };
                    let (row, col) = match (at(&header.groups), at(&header.subgroups)) {
                        (_, Some(col)) if header.groups.get(&col).is_none_or(|g| *g != group) => {
                            (header.row + 1, col)
                        }
                        (Some(col), _) => (header.row, col),
                        (None, _) => (header.row, 0),
                    };
                    out.notes.push((
                        sheet.name.clone(),
                        RowNote {
                            row,
                            col,
                            what: NoteKind::UnbalancedGroup { group, max, sum },
                        },
                    ));
                }
                (Records::Scores { criteria, subjects }, problems)
            }
        };
        if let Some(printable) = settings.printable {
            let rows: Vec<usize> = match &records {
                Records::Nominations(nominees) => nominees.iter().map(|n| n.row).collect(),
                Records::Scores { subjects, .. } => subjects.iter().map(|s| s.row).collect(),
            };
            problems.extend(validate::unprintable(sheet, &header, &rows, printable));
        }
        let recognised = RecognisedSheet {
            name: sheet.name.clone(),
            header,
            metadata,
            records,
        };
        if recognised.is_empty() {
            let header = &recognised.header;
            let col = header.columns.values().min().copied().unwrap_or(0);
            problems.push(Problem::at(
                sheet,
                header.row + header.height,
                col,
                ProblemKind::NoRecords,
            ));
        }
        out.problems.extend(problems);
        out.sheets.push(recognised);
    }
    out.problems.sort_by(|a, b| {
        let order = |p: &Problem| {
            workbook
                .sheets
                .iter()
                .position(|s| s.name == p.sheet)
                .unwrap_or(usize::MAX)
        };
        (order(a), a.row, a.col).cmp(&(order(b), b.row, b.col))
    });
    out
}

/// A sheet of invented examples: every row is one ("Nguyễn Văn A", "Tập
/// thể B", a row marked "Ví dụ"); a list with some keeps the others.
fn examples(rows: impl Iterator<Item = bool>) -> bool {
    let (mut all, mut examples) = (0, 0);
    for example in rows {
        all += 1;
        examples += usize::from(example);
    }
    all > 0 && examples == all
}

/// A configured maximum whose label's words start the criterion's words
/// (or are equal to them).
fn configured_max(label: &str, configured: &[(String, f64)]) -> Option<f64> {
    let label = words(label);
    configured
        .iter()
        .filter(|(key, _)| {
            let key = words(key);
            !key.is_empty() && (label == key || label.starts_with(&format!("{key} ")))
        })
        .max_by_key(|(key, _)| key.len())
        .map(|(_, max)| *max)
}

/// The metadata in the rows above the header.
pub fn metadata(sheet: &Sheet, header_row: usize) -> Metadata {
    let mut out = Metadata::default();
    for row in 0..header_row.min(sheet.rows) {
        let line: String = (0..sheet.cols)
            .map(|c| sheet.cell(row, c).display())
            .filter(|t| !t.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            continue;
        }
        let w = words(&line);
        if w.starts_with("kem theo") {
            continue;
        }
        if out.unit.is_none()
            && (w.starts_with("don vi ") || w.starts_with("ten don vi "))
            && let Some((_, unit)) = line.split_once(':')
            && !unit.trim().is_empty()
        {
            out.unit = Some(unit.trim().to_owned());
            continue;
        }
        let is_title = w.starts_with("danh sach")
            || w.starts_with("bang cham diem")
            || w.starts_with("bang tong hop")
            || w.starts_with("bang diem")
            || w.starts_with("ket qua");
        if is_title && out.title.is_none() {
            out.title = Some(line.clone());
        }
        if out.year.is_none() {
            out.year = year_in(&line);
        }
        if out.campaign.is_none()
            && (w.starts_with("khoi thi dua")
                || w.starts_with("cum thi dua")
                || w.starts_with("phong trao"))
        {
            out.campaign = Some(line.clone());
        }
    }
    out
}

/// The year written after "năm" (with its accent: "NAM 2025" without
/// accents is too ambiguous to read as a year).
pub fn year_in(line: &str) -> Option<i32> {
    let lower = line.to_lowercase();
    let mut rest = lower.as_str();
    while let Some(pos) = rest.find("năm") {
        rest = &rest[pos + "năm".len()..];
        let digits: String = rest
            .trim_start()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if digits.len() == 4
            && let Ok(year) = digits.parse::<i32>()
            && (1990..=2100).contains(&year)
        {
            return Some(year);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_needs_the_accented_word() {
        assert_eq!(
            year_in("DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2025"),
            Some(2025)
        );
        assert_eq!(year_in("Bảng điểm năm  2024"), Some(2024));
        assert_eq!(year_in("DANH SACH KHEN THUONG NAM 2025"), None);
        assert_eq!(year_in("Năm học 2024-2025"), None);
    }

    #[test]
    fn configured_maxima_match_on_words() {
        let configured = vec![("Văn hóa công sở".to_owned(), 20.0), ("TC".to_owned(), 5.0)];
        assert_eq!(configured_max("VĂN HOÁ CÔNG SỞ", &configured), Some(20.0));
        assert_eq!(
            configured_max("Văn hóa công sở (điểm)", &configured),
            Some(20.0)
        );
        assert_eq!(configured_max("TC2", &configured), None);
    }
}

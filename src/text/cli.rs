//! The `vanthu text …` commands as pure functions over a reader and a writer: one item
//! per input line, one result per output line, in order, UTF-8. Argument parsing belongs
//! to the binary; this module knows nothing of it.

use std::io::{self, BufRead, Write};

use super::{
    Epoch, Hint, amount_in_words, capitalise_name, comparison_key, excel_serial_to_date, fix_cell,
    ngay_thang_nam, parse_amount, parse_day_first, repair, sort_names_by_key,
};

/// One `vanthu text` subcommand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextCommand {
    /// `fix [--font NAME]`: the repaired text of each line.
    Fix {
        /// The font the text was typed in (`.VnTimeH`, `VNI-Times`), if known.
        font: Option<String>,
    },
    /// `name`: each line repaired and capitalised as a personal name.
    Name,
    /// `key`: the comparison key of each repaired line.
    Key,
    /// `sort-names`: the lines in the official order of name lists.
    SortNames,
    /// `money`: each line an integer amount of đồng; prints the amount in words.
    Money,
    /// `date [--1904]`: each line an Excel serial or a day-first date; prints the
    /// Nghị định 30 wording.
    Date {
        /// Serials are in the 1904 date system.
        epoch_1904: bool,
    },
}

/// Runs `command` over `input`, writing to `output`. Lines that cannot be processed (not
/// UTF-8, not an amount, not a date) produce a line `lỗi: …` in Vietnamese in their place.
/// Returns whether every line succeeded; I/O errors are returned as such.
pub fn run(
    command: &TextCommand,
    mut input: impl BufRead,
    mut output: impl Write,
) -> io::Result<bool> {
    let mut all_ok = true;
    let mut lines: Vec<Result<String, usize>> = Vec::new();
    let mut buffer = Vec::new();
    let mut number = 0;
    loop {
        buffer.clear();
        if input.read_until(b'\n', &mut buffer)? == 0 {
            break;
        }
        number += 1;
        if buffer.last() == Some(&b'\n') {
            buffer.pop();
            if buffer.last() == Some(&b'\r') {
                buffer.pop();
            }
        }
        let line = String::from_utf8(std::mem::take(&mut buffer)).map_err(|_| number);
        if *command == TextCommand::SortNames {
            lines.push(line);
            continue;
        }
        let result = match line {
            Ok(line) => process(command, &line),
            Err(number) => Err(not_utf8(number)),
        };
        match result {
            Ok(text) => writeln!(output, "{text}")?,
            Err(message) => {
                all_ok = false;
                writeln!(output, "lỗi: {message}")?;
            }
        }
    }
    if *command == TextCommand::SortNames {
        let mut names: Vec<(String, String)> = Vec::with_capacity(lines.len());
        for line in lines {
            match line {
                Ok(line) => {
                    let repaired = fix_cell(&line, None).into_owned();
                    names.push((repaired, line));
                }
                Err(number) => {
                    all_ok = false;
                    writeln!(output, "lỗi: {}", not_utf8(number))?;
                }
            }
        }
        sort_names_by_key(&mut names, |(repaired, _)| repaired);
        for (_, original) in names {
            writeln!(output, "{original}")?;
        }
    }
    output.flush()?;
    Ok(all_ok)
}

fn not_utf8(number: usize) -> String {
    format!("dòng {number} không phải văn bản UTF-8")
}

fn process(command: &TextCommand, line: &str) -> Result<String, String> {
    match command {
        TextCommand::Fix { font } => Ok(fix_cell(line, font.as_deref()).into_owned()),
        TextCommand::Name => Ok(capitalise_name(&fix_cell(line, None))),
        TextCommand::Key => Ok(comparison_key(&fix_cell(line, None))),
        TextCommand::SortNames => Ok(line.to_owned()),
        TextCommand::Money => parse_amount(&fix_cell(line, None))
            .map(amount_in_words)
            .map_err(|e| e.to_string()),
        TextCommand::Date { epoch_1904 } => {
            let epoch = if *epoch_1904 {
                Epoch::E1904
            } else {
                Epoch::E1900
            };
            date_line(&repair(line, Hint::Auto).text, epoch)
        }
    }
}

fn date_line(line: &str, epoch: Epoch) -> Result<String, String> {
    let trimmed = line.trim();
    let is_serial = !trimmed.is_empty()
        && trimmed.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && trimmed.bytes().filter(|&b| b == b'.').count() <= 1
        && trimmed.bytes().next().is_some_and(|b| b.is_ascii_digit());
    let date = if is_serial {
        let serial: f64 = trimmed
            .parse()
            .map_err(|_| format!("không đọc được số ngày Excel «{trimmed}»"))?;
        excel_serial_to_date(serial, epoch)
    } else {
        parse_day_first(trimmed)
    };
    date.map(ngay_thang_nam).map_err(|e| e.to_string())
}

//! Dates (fact sheet §8): Excel serials in the 1900 and 1904 systems, day-first strings,
//! ISO dates of the configuration, and the wording of Nghị định 30/2020
//! (`ngày 05 tháng 01 năm 2026`).
//!
//! A [`Date`] is always a real day in years 1–9999; the calendar arithmetic is chrono's
//! (`NaiveDate`), never hand-written. Nothing is guessed: two-digit years, impossible
//! days and Excel's fake 29 February 1900 are errors.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use unicode_normalization::UnicodeNormalization;

/// A calendar date (proleptic Gregorian, years 1–9999), the one date type of the program.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(NaiveDate);

/// The date system of a workbook (`<workbookPr date1904="1">` means 1904).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Epoch {
    /// The 1900 system (Windows default), with the fake 29 February 1900 at serial 60.
    #[default]
    E1900,
    /// The 1904 system (old Mac workbooks): serial 0 is 1 January 1904.
    E1904,
}

/// Why a date could not be read. `Display` is Vietnamese, for the submitter's report.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DateError {
    /// The text is not a date in a known form.
    #[error("không đọc được ngày «{0}»: ghi theo dạng ngày/tháng/năm, ví dụ 05/01/2026")]
    Unreadable(String),
    /// The year has two digits.
    #[error("năm trong «{0}» phải ghi đủ 4 chữ số, ví dụ 05/01/2026")]
    TwoDigitYear(String),
    /// The day does not exist.
    #[error("ngày {day}/{month}/{year} không có trong lịch")]
    Impossible {
        /// Day as written.
        day: u32,
        /// Month as written.
        month: u32,
        /// Year as written.
        year: u32,
    },
    /// An Excel serial outside the dates Excel can show.
    #[error("số ngày Excel {0} nằm ngoài khoảng ngày hợp lệ")]
    SerialOutOfRange(f64),
    /// Serial 60 of the 1900 system, a day that never existed.
    #[error(
        "số ngày Excel 60 là ngày 29/02/1900 không có thật (lỗi của Excel): hãy nhập lại ngày đúng"
    )]
    FakeLeapDay,
}

impl Date {
    /// The date, if it exists.
    pub fn new(year: u32, month: u32, day: u32) -> Result<Date, DateError> {
        let impossible = DateError::Impossible { day, month, year };
        if !(1..=9999).contains(&year) {
            return Err(impossible);
        }
        NaiveDate::from_ymd_opt(year as i32, month, day)
            .map(Date)
            .ok_or(impossible)
    }

    /// The year (1–9999).
    pub fn year(self) -> u32 {
        self.0.year() as u32
    }

    /// The month (1–12).
    pub fn month(self) -> u32 {
        self.0.month()
    }

    /// The day of the month (1–31).
    pub fn day(self) -> u32 {
        self.0.day()
    }

    /// A date of the configuration, written `2024-07-01`.
    pub fn parse_iso(text: &str) -> Option<Date> {
        let mut parts = text.trim().split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 {
            return None;
        }
        Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
    }

    /// The day in Vietnam (UTC+7) at `unix_seconds`.
    pub fn in_vietnam_at(unix_seconds: i64) -> Option<Date> {
        let utc = chrono::DateTime::from_timestamp(unix_seconds, 0)?;
        let offset = chrono::FixedOffset::east_opt(7 * 3600)?;
        Date::from_naive(utc.with_timezone(&offset).date_naive())
    }

    /// A chrono date, if its year is in 1–9999.
    pub fn from_naive(date: NaiveDate) -> Option<Date> {
        (1..=9999).contains(&date.year()).then_some(Date(date))
    }

    /// The chrono date.
    pub fn naive(self) -> NaiveDate {
        self.0
    }
}

impl fmt::Display for Date {
    /// `05/01/2026`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:02}/{:02}/{:04}",
            self.day(),
            self.month(),
            self.year()
        )
    }
}

/// The date of an Excel serial; the fraction (time of day) is ignored.
///
/// 1900 system: 1–59 count from 31 December 1899, 60 is the fake 29 February 1900
/// ([`DateError::FakeLeapDay`]), from 61 on from 30 December 1899. 1904 system: from
/// 1 January 1904. `46027` is 5 January 2026 in the 1900 system.
pub fn excel_serial_to_date(serial: f64, epoch: Epoch) -> Result<Date, DateError> {
    if !serial.is_finite() {
        return Err(DateError::SerialOutOfRange(serial));
    }
    let whole = serial.floor();
    // 2 958 465 is 31 December 9999, the last day Excel shows.
    if !(0.0..=2_958_465.0).contains(&whole) {
        return Err(DateError::SerialOutOfRange(serial));
    }
    let n = whole as i64;
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("a fixed epoch day");
    let (epoch_day, offset) = match epoch {
        Epoch::E1900 => match n {
            0 => return Err(DateError::SerialOutOfRange(serial)),
            1..=59 => (day(1899, 12, 31), n),
            60 => return Err(DateError::FakeLeapDay),
            _ => (day(1899, 12, 30), n),
        },
        Epoch::E1904 => (day(1904, 1, 1), n),
    };
    epoch_day
        .checked_add_signed(chrono::TimeDelta::days(offset))
        .and_then(Date::from_naive)
        .ok_or(DateError::SerialOutOfRange(serial))
}

/// The Excel serial of a date in the given system (inverse of [`excel_serial_to_date`]).
pub fn date_to_excel_serial(date: Date, epoch: Epoch) -> Option<u32> {
    let since = |y, m, d| {
        let epoch_day = NaiveDate::from_ymd_opt(y, m, d).expect("a fixed epoch day");
        (date.0 - epoch_day).num_days()
    };
    let serial = match epoch {
        Epoch::E1900 => {
            let from_1899_12_30 = since(1899, 12, 30);
            if from_1899_12_30 >= 61 {
                from_1899_12_30
            } else {
                since(1899, 12, 31)
            }
        }
        Epoch::E1904 => since(1904, 1, 1),
    };
    u32::try_from(serial)
        .ok()
        .filter(|&s| s >= 1 || epoch == Epoch::E1904)
}

/// Reads a day-first date: `5/1/2026`, `05-01-2026`, `05.01.2026`, ISO `2026-01-05`, or
/// `ngày 5 tháng 1 năm 2026`. Years must have four digits; impossible dates are errors.
pub fn parse_day_first(text: &str) -> Result<Date, DateError> {
    let original = text.trim();
    let unreadable = || DateError::Unreadable(original.to_owned());
    let lower: String = original.nfc().flat_map(char::to_lowercase).collect();
    let numbers: Vec<&str>;
    let day_first;
    if lower.starts_with("ngày") {
        numbers = words_form(&lower).ok_or_else(unreadable)?;
        day_first = true;
    } else {
        let separator = lower
            .chars()
            .find(|c| matches!(c, '/' | '-' | '.'))
            .ok_or_else(unreadable)?;
        numbers = lower.split(separator).map(str::trim).collect();
        if numbers.len() != 3
            || numbers
                .iter()
                .any(|n| n.is_empty() || n.len() > 4 || !n.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(unreadable());
        }
        day_first = numbers.first().is_none_or(|y| y.len() != 4);
    }
    let [a, b, c] = numbers.as_slice() else {
        return Err(unreadable());
    };
    let (day, month, year) = if day_first { (a, b, c) } else { (c, b, a) };
    if year.len() != 4 {
        return Err(DateError::TwoDigitYear(original.to_owned()));
    }
    if day.len() > 2 || month.len() > 2 {
        return Err(unreadable());
    }
    let parse = |s: &str| s.parse::<u32>().map_err(|_| unreadable());
    Date::new(parse(year)?, parse(month)?, parse(day)?)
}

/// `ngày 5 tháng 1 năm 2026` → `["5", "1", "2026"]`.
fn words_form(lower: &str) -> Option<Vec<&str>> {
    let mut parts = lower.split_whitespace();
    let mut numbers = Vec::with_capacity(3);
    for label in ["ngày", "tháng", "năm"] {
        if parts.next()? != label {
            return None;
        }
        let number = parts.next()?;
        if number.is_empty() || number.len() > 4 || !number.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        numbers.push(number);
    }
    parts.next().is_none().then_some(numbers)
}

/// The date as Nghị định 30/2020 writes it: `ngày 05 tháng 01 năm 2026`. Days below 10
/// and months 1–2 get a leading zero, other months do not (`ngày 28 tháng 4 năm 2022`).
pub fn ngay_thang_nam(date: Date) -> String {
    let month = if date.month() <= 2 {
        format!("{:02}", date.month())
    } else {
        date.month().to_string()
    };
    format!("ngày {:02} tháng {} năm {}", date.day(), month, date.year())
}

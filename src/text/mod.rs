//! Vietnamese text as it arrives from department spreadsheets, made right: repair of a
//! cell's text (UTF-8 read as Windows-1252, legacy TCVN3 and VNI, NFD, `Ð` look-alikes,
//! invisible characters and spacing), comparison keys, name capitalisation, Vietnamese
//! and official name order, amounts in words, and dates — following
//! `shared/spec/vietnamese-text.md` (the "fact sheet").
//!
//! Owns: everything about Vietnamese letters, encodings and wording. Knows nothing of
//! workbooks, documents or files: every function is pure, and the `vanthu text` commands
//! ([`cli`]) run over any reader and writer.
//!
//! Guarantees: no function panics on any input; repaired text is NFC and repairing it
//! again changes nothing; genuine text (Vietnamese in NFC or NFD, English, codes such as
//! `QĐ-UBND`, numbers, e-mail addresses) keeps its letters, case and tone placement;
//! legacy decoding prefers a missed legacy cell to a damaged genuine one.
//!
//! **Invariant:** this module imports nothing from the rest of the crate.

pub mod cli;
mod date;
mod file_name;
mod io;
mod key;
mod legacy;
mod names;
mod number;
mod order;
mod repair;
mod syllable;

#[cfg(test)]
mod tests;

pub use cli::{TextCommand, run};
pub use date::{
    Date, DateError, Epoch, date_to_excel_serial, excel_serial_to_date, ngay_thang_nam,
    parse_day_first,
};
pub use file_name::{MAX_STEM_BYTES, safe_file_stem};
pub use io::io_error;
pub use key::{accent_free_key, comparison_key};
pub use legacy::{
    Detection, Legacy, decode_tcvn3, decode_vni, detect_legacy, encode_tcvn3, encode_vni,
};
pub use names::{capitalise_name, capitalise_unit_name};
pub use number::{
    AmountError, amount_in_words, count_padded, group_thousands, number_in_words, parse_amount,
};
pub use order::{VietnameseCollator, compare_names, sort_names, sort_names_by_key};
pub use repair::{Hint, Repaired, fix_cell, repair};
pub use syllable::{Tone, is_syllable};

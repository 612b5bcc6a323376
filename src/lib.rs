//! vanthu turns the workbooks that departments of a Vietnamese government
//! office drop into a shared folder into the official documents the
//! commendation process needs (Tờ trình, Danh sách, Báo cáo, Quyết định),
//! as DOCX to edit and sign and PDF to publish, laid out per
//! Nghị định 30/2020/NĐ-CP.
//!
//! The modules in the order data flows through them (`ARCHITECTURE.md` is
//! the map):
//!
//! - the vocabulary: [`text`] (Vietnamese text), [`law`] (awards, kinds of
//!   nominee, money), [`config`] (`vanthu.toml`);
//! - one workbook: [`ingest`] (bytes → cells) → [`recognise`] (cells →
//!   records and problems) → [`workbook`] (bytes → examined workbook or
//!   rejection);
//! - its documents: [`documents`] (which documents, their typed data) →
//!   [`template`] (data → [`document`] model) → [`render`] (model → DOCX and
//!   PDF);
//! - the work: [`job`] (one file's bytes → its outcome, isolated) →
//!   [`outbox`] (durable writes) → [`service`] (inbox, ledger, delivery,
//!   regeneration, the yearly summary, watching) → [`commands`] (one per
//!   subcommand of the binary).

pub mod commands;
pub mod config;
pub mod document;
pub mod documents;
pub mod ingest;
pub mod job;
pub mod law;
pub mod outbox;
pub mod progress;
pub mod recognise;
pub mod render;
pub mod service;
pub mod template;
pub mod text;
pub mod workbook;

#[cfg(feature = "failpoints")]
pub mod failpoints;

/// A named point where the fault-injection tests may crash, panic or stall
/// the process (feature `failpoints`, configured by the `FAILPOINTS`
/// environment variable; see [`failpoints`]). Compiled to nothing without
/// the feature. The optional second argument names what the point is
/// working on (a file name), so a test can aim at one file.
#[macro_export]
macro_rules! failpoint {
    ($name:literal) => {
        #[cfg(feature = "failpoints")]
        $crate::failpoints::hit($name, None);
    };
    ($name:literal, $subject:expr) => {
        #[cfg(feature = "failpoints")]
        $crate::failpoints::hit($name, Some($subject));
    };
}

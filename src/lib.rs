//! vanthu turns the workbooks that departments of a Vietnamese government
//! office drop into a shared folder into the official documents the
//! commendation process needs (Tờ trình, Danh sách, Báo cáo, Quyết định),
//! as DOCX to edit and sign and PDF to publish, laid out per
//! Nghị định 30/2020/NĐ-CP.
//!
//! Data flows one way: template + data → [`template::compose`] →
//! [`document::Document`] → [`render::docx`] / [`render::pdf`] → files.
//! See `ARCHITECTURE.md` for the map.

pub mod awards;
pub mod commands;
pub mod config;
pub mod document;
pub mod ingest;
pub mod pipeline;
pub mod recognise;
pub mod render;
pub mod service;
pub mod template;
pub mod text;

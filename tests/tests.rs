//! The one integration-test binary (see `style.md`: one binary links once).

mod documents;
mod faults;
mod ingest;
mod nothing_lost;
mod recognise;
mod render;
mod service;
mod text_cli;
mod tidy;
mod util;
mod workbooks;

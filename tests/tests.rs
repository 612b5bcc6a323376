//! The one integration-test binary (see `style.md`: one binary links once).
//!
//! The service's tests crash, stall and aim panics at the real binary
//! through its failpoints, which only the `failpoints` feature compiles in.

#[cfg(not(feature = "failpoints"))]
compile_error!(
    "the integration tests drive the binary's failpoints: run them as README.md says, with `cargo test --locked --features failpoints`"
);

mod authority;
mod careless_office;
mod documents;
mod faults;
mod ingest;
mod nothing_lost;
mod offices;
mod pg;
mod recognise;
mod render;
mod schemes;
mod service;
mod shared_ledger;
mod text_cli;
mod tidy;
mod util;
mod what_people_read;
mod workbooks;
mod workers;

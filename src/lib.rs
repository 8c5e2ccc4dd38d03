//! jixiao（绩效）: typesets a department's 部门整体支出绩效自评报告 from one TOML file.
//!
//! The flow is one-way, one module per stage (see ARCHITECTURE.md):
//!
//! ```text
//! report.toml ─input::load─▶ Input ─compute::compute─▶ Report ─render::render─▶ PDF bytes
//!                              └────────check::check(&Input, &Report)─▶ Findings
//! ```
//!
//! `compute` is the only module that does arithmetic, `render` the only one that knows Typst,
//! `output` the only one that writes files. `skeleton` writes the TOML text of a new report
//! (`jixiao init`).

pub mod check;
pub mod compute;
pub mod diag;
pub mod diff;
pub mod input;
pub mod output;
pub mod render;
pub mod skeleton;
pub mod source;
pub mod xlsx;

//! pfind's integration tests: one binary, a shared TestEnv, one module per feature.

mod fnmatch;
mod testenv;

mod cli;
mod conformance;
mod core;
mod details;
mod differential;
mod filters;
mod hardening;
mod hints;
mod output;
mod properties;
mod scale;
mod terminal;

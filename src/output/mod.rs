//! The output side: what a result becomes ([`record`]: the path, an `ls -l` line, a
//! `--format` template or a JSON object, colored and linked on a terminal) and how it
//! reaches stdout ([`stdout`]: whole records, in chunks, never torn).

pub mod accounts;
pub mod color;
pub mod details;
pub mod hyperlink;
pub mod json;
pub mod record;
mod stdout;
pub mod template;

pub use stdout::{Limit, Output, Printer, SortedStdout, CHUNK, MAX_HOLD};

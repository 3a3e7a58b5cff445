//! Symbolic links and FIFOs: listed and never followed by default, followed with `-L`
//! as `find -L` follows them (loops reported, nothing listed twice), never blocking.
//! Links as roots are in `roots/`; `-l` with `-L` in `output/details.rs`.

mod follow;
mod loops_and_fifos;

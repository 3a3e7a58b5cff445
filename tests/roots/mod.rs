//! Roots: what `pfind ROOT... QUERY` searches below and how each root prints. Typed
//! forms, several and overlapping roots, files, links, FIFOs and option-like names as
//! roots, the implicit current directory. `--sort` over overlapping roots is in
//! `sort.rs`; what a command gets for a root starting with `-` in `commands/`.

// Symbolic links, permission bits, names that look like options, GNU find -H.
#[cfg(unix)]
mod odd;
mod typed;

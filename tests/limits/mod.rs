//! Limits: what a walk survives and what it costs. Containment under races (a
//! directory swapped for a link while the walk runs), starved descriptor limits,
//! address-space limits and worker stacks, trees deeper than PATH_MAX or wider than
//! any queue, a tree changing under the walk, /proc and /sys. Each run is bounded by
//! the hang guard; the oracles are GNU find, the tree as built, or the same run
//! without the limit.

use std::os::fd::OwnedFd;
use std::path::Path;

use rustix::fs::{Mode, OFlags};

// Races with RENAME_EXCHANGE, which only Linux has.
#[cfg(target_os = "linux")]
mod containment;
mod deep_and_wide;
mod descriptors;
mod live_trees;
mod memory;

/// Opens a directory of the test tree (relative to `dir`, or a path).
pub(super) fn open_dir(dir: Option<&OwnedFd>, path: impl AsRef<Path>) -> OwnedFd {
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
    match dir {
        Some(dir) => rustix::fs::openat(dir, path.as_ref(), flags, Mode::empty()),
        None => rustix::fs::open(path.as_ref(), flags, Mode::empty()),
    }
    .expect("open directory")
}

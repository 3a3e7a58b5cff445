//! TestEnv: builds trees in temporary directories (here) and runs the real `pfind`
//! binary on them (`run.rs`); the oracles it is compared with (`oracles.rs`), random
//! trees (`random.rs`) and the comparisons (`compare.rs`). Every test module imports
//! it whole: `use crate::testenv::*;`.
//!
//! Output is compared as sorted byte records (paths are bytes). Environment variables
//! that change output (colors, terminal width) are cleared. On failure, helpers print
//! the command, the tree, stdout and stderr.

mod compare;
mod oracles;
// Names Windows forbids; every test on random trees is Unix-only.
#[cfg(unix)]
mod random;
mod run;

pub use compare::*;
pub use oracles::*;
#[cfg(unix)]
pub use random::*;
pub use run::*;

use std::ffi::OsStr;
use std::fs;
#[cfg(unix)]
use std::os::unix::ffi::OsStrExt;
#[cfg(unix)]
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};

/// A temporary directory holding a test tree; removed on drop.
pub struct TestEnv {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl TestEnv {
    /// An empty tree, readable by every user (so tests can also run as `nobody`).
    pub fn new() -> TestEnv {
        let dir = tempfile::Builder::new()
            .prefix("pfind-test-")
            .tempdir()
            .expect("tempdir");
        #[cfg(unix)]
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).expect("chmod tempdir");
        let root = dir.path().to_path_buf();
        TestEnv { _dir: dir, root }
    }

    /// A tree with the given directories and (empty) files, paths relative to the root.
    pub fn with(dirs: &[&str], files: &[&str]) -> TestEnv {
        let env = TestEnv::new();
        for dir in dirs {
            env.mkdir(dir);
        }
        for file in files {
            env.touch(file);
        }
        env
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn path(&self, rel: impl AsRef<OsStr>) -> PathBuf {
        self.root.join(Path::new(rel.as_ref()))
    }

    pub fn mkdir(&self, rel: impl AsRef<OsStr>) {
        fs::create_dir_all(self.path(rel)).expect("mkdir");
    }

    pub fn touch(&self, rel: impl AsRef<OsStr>) {
        self.write(rel, b"");
    }

    pub fn write(&self, rel: impl AsRef<OsStr>, contents: &[u8]) {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("mkdir parent");
        }
        fs::write(path, contents).expect("write file");
    }

    #[cfg(unix)]
    pub fn symlink(&self, target: impl AsRef<OsStr>, rel: impl AsRef<OsStr>) {
        symlink(Path::new(target.as_ref()), self.path(rel)).expect("symlink");
    }

    #[cfg(unix)]
    pub fn mkfifo(&self, rel: impl AsRef<OsStr>) {
        mkfifo(&self.path(rel)).expect("mkfifo");
    }

    #[cfg(unix)]
    pub fn chmod(&self, rel: impl AsRef<OsStr>, mode: u32) {
        fs::set_permissions(self.path(rel), fs::Permissions::from_mode(mode)).expect("chmod");
    }

    /// A listing of the tree for failure messages.
    pub fn describe(&self) -> String {
        let mut out = String::new();
        for entry in walkdir::WalkDir::new(&self.root)
            .sort_by_file_name()
            .min_depth(1)
        {
            match entry {
                Ok(entry) => {
                    let rel = entry
                        .path()
                        .strip_prefix(&self.root)
                        .unwrap_or(entry.path());
                    let kind = if entry.path_is_symlink() {
                        "l"
                    } else if entry.file_type().is_dir() {
                        "d"
                    } else {
                        "f"
                    };
                    out.push_str(&format!("  {kind} {:?}\n", rel.as_os_str()));
                }
                Err(err) => out.push_str(&format!("  ! {err}\n")),
            }
        }
        out
    }
}

#[cfg(unix)]
/// Makes a FIFO at `path` (`mkfifo`, which every Unix has; `mknodat` is not on macOS).
pub fn mkfifo(path: &Path) -> std::io::Result<()> {
    let path = std::ffi::CString::new(path.as_os_str().as_bytes())?;
    // SAFETY: `path` is a NUL-terminated string that outlives the call.
    match unsafe { libc::mkfifo(path.as_ptr(), 0o644) } {
        0 => Ok(()),
        _ => Err(std::io::Error::last_os_error()),
    }
}

/// A small project: sources two levels deep, docs, a hidden directory and an empty one.
pub fn small_project() -> TestEnv {
    TestEnv::with(
        &["src/walk", "docs", ".hidden/dir", "empty"],
        &[
            "src/main.rs",
            "src/walk/pool.rs",
            "src/walk/dir.py",
            "docs/index.md",
            ".hidden/dir/x.py",
            "README.md",
        ],
    )
}

/// A tree with `dirs` directories of `files` files each, with long names so that the
/// output is much larger than a pipe's buffer.
pub fn pipe_filling_tree(dirs: usize, files: usize) -> TestEnv {
    let env = TestEnv::new();
    for d in 0..dirs {
        let dir = format!("directory-number-{d:04}");
        env.mkdir(&dir);
        for f in 0..files {
            env.touch(format!(
                "{dir}/a-rather-long-file-name-to-fill-pipes-{f:05}.txt"
            ));
        }
    }
    env
}

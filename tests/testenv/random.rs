//! Random trees: a small deterministic generator, so that a tree is reproducible from
//! its seed, and trees of names that break careless tools.

use std::ffi::{OsStr, OsString};
use std::os::unix::ffi::{OsStrExt, OsStringExt};

use super::TestEnv;

/// A small deterministic random generator (xorshift), so generated trees are
/// reproducible from their seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Name pieces that break careless tools: spaces, newlines, invalid UTF-8, leading
/// dashes, glob and regex metacharacters, shell syntax.
pub const HOSTILE_PIECES: &[&[u8]] = &[
    b"a",
    b"src",
    b".py",
    b".rs",
    b" ",
    b"\n",
    b"\t",
    b"\xff",
    b"\xc3\xa9",
    b"-",
    b"--x",
    b"*",
    b"?",
    b"[a]",
    b"{}",
    b"\\",
    b"$(x)",
    b"`y`",
    b";",
    b".",
    b"..x",
    b"'",
    b"\"",
];

/// Builds a random tree of about `entries` entries with hostile names; returns the
/// relative paths created (as bytes).
pub fn random_tree(env: &TestEnv, seed: u64, entries: usize) -> Vec<Vec<u8>> {
    let mut rng = Rng::new(seed);
    let mut dirs: Vec<Vec<u8>> = vec![Vec::new()];
    let mut created = Vec::new();
    for i in 0..entries {
        let parent = rng.pick(&dirs).clone();
        let mut name = Vec::new();
        for _ in 0..1 + rng.below(3) {
            let piece: &&[u8] = rng.pick(HOSTILE_PIECES);
            name.extend_from_slice(piece);
        }
        name.extend_from_slice(format!("{i}").as_bytes());
        if name.starts_with(b".") && (name == b"." || name == b"..") {
            name.push(b'_');
        }
        let mut rel = parent.clone();
        if !rel.is_empty() {
            rel.push(b'/');
        }
        rel.extend_from_slice(&name);
        let rel_os = OsString::from_vec(rel.clone());
        match rng.below(10) {
            0..=3 => {
                env.mkdir(&rel_os);
                dirs.push(rel.clone());
            }
            4 => {
                let target: &Vec<u8> = rng.pick(&dirs);
                let target = if target.is_empty() {
                    b"." as &[u8]
                } else {
                    target
                };
                env.symlink(OsStr::from_bytes(target), &rel_os)
            }
            _ => env.touch(&rel_os),
        }
        created.push(rel);
    }
    created
}

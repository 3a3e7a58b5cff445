//! Path text: making a path absolute in the text, like `realpath -s` (no symbolic link
//! is resolved), for `-a` and `--hyperlink`; and the `./` pfind puts in front of roots
//! whose paths are handed on, so that no path passes for an option.

/// Under `-x`, `-X` and `-0` (paths handed on to a command or to `xargs`), a root
/// whose paths could start with `-` is printed with `./` in front, so that a file
/// named `-rf` reaches `rm` as `./-rf`, as find always does: the implicit current
/// directory (`./name`, where it prints `name` otherwise) and a relative root starting
/// with `-` (`./-dir/name` for the root `-dir`). The query still matches the paths as
/// they print without these options: it does not see that `./`.
#[derive(Debug, Default)]
pub struct DottedRoots {
    /// The implicit current directory, printed as `.` and its paths as `./name`.
    implicit: bool,
    /// Roots typed with a leading `-`, as now printed (`./-dir`).
    dashed: Vec<Vec<u8>>,
}

impl DottedRoots {
    /// Puts `./` in front of the roots that need it, when paths are `handed_on`.
    /// `roots` holds one empty root for the implicit current directory.
    pub fn apply(roots: &mut [Vec<u8>], handed_on: bool) -> DottedRoots {
        let mut dotted = DottedRoots::default();
        if !handed_on {
            return dotted;
        }
        for root in roots {
            if root.is_empty() {
                root.push(b'.');
                dotted.implicit = true;
            } else if root.starts_with(b"-") {
                root.splice(0..0, *b"./");
                dotted.dashed.push(root.clone());
            }
        }
        dotted
    }

    /// Bytes at the start of the paths of directory `prefix`'s entries (the
    /// directory's path and a `/`) that the query does not see: the `./` of a dotted
    /// root. (A root typed `./-dir` beside `-dir` prints like it and is taken for it.)
    pub fn skip_below(&self, prefix: &[u8]) -> usize {
        let under = |root: &Vec<u8>| {
            prefix.starts_with(root)
                && (root.ends_with(b"/") || prefix.get(root.len()) == Some(&b'/'))
        };
        if self.implicit || self.dashed.iter().any(under) {
            "./".len()
        } else {
            0
        }
    }

    /// The same for a root itself (depth 0): a dashed root is matched as typed
    /// (`-dir`); the implicit root prints as `.` either way.
    pub fn skip_root(&self, root: &[u8]) -> usize {
        if self.dashed.iter().any(|dashed| dashed == root) {
            "./".len()
        } else {
            0
        }
    }
}

/// `absolute` (a path starting with `/`; on Windows, with a drive `C:/` or a share
/// `//server/share/`, as pfind prints them) without `.` and empty components, each `..`
/// taking away the component before it (never above `/`, the drive or the share).
pub fn lexically_normal(absolute: &[u8]) -> Vec<u8> {
    let (lead, absolute) = absolute.split_at(windows_prefix_len(absolute));
    let mut parts: Vec<&[u8]> = Vec::new();
    for part in absolute.split(|&b| b == b'/') {
        match part {
            b"" | b"." => {}
            b".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    let mut path = Vec::with_capacity(lead.len() + absolute.len());
    path.extend_from_slice(lead);
    for part in parts {
        path.push(b'/');
        path.extend_from_slice(part);
    }
    if path.len() == lead.len() {
        path.push(b'/');
    }
    path
}

/// The length of a Windows path's drive (`C:`) or share (`//server/share`), which
/// normalizing leaves alone; 0 on Unix, where every absolute path starts at `/`.
fn windows_prefix_len(path: &[u8]) -> usize {
    if !cfg!(windows) {
        return 0;
    }
    match path {
        [drive, b':', ..] if drive.is_ascii_alphabetic() => 2,
        // `//server/share`: up to the `/` after the share.
        [b'/', b'/', server, ..] if *server != b'/' => {
            let rest = &path[2..];
            let mut slashes = rest.iter().enumerate().filter(|&(_, &b)| b == b'/');
            slashes.nth(1).map_or(path.len(), |(at, _)| 2 + at)
        }
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::{lexically_normal, DottedRoots};

    #[test]
    fn roots_whose_paths_could_pass_for_options_get_a_dot_slash() {
        let mut roots = vec![b"-dir".to_vec(), b"src".to_vec(), b"-a/b/".to_vec()];
        let dotted = DottedRoots::apply(&mut roots, true);
        assert_eq!(roots, [&b"./-dir"[..], b"src", b"./-a/b/"]);
        assert_eq!(dotted.skip_below(b"./-dir/"), 2);
        assert_eq!(dotted.skip_below(b"./-dir/sub/"), 2);
        assert_eq!(dotted.skip_below(b"./-dir2/"), 0);
        assert_eq!(dotted.skip_below(b"./-a/b/c/"), 2);
        assert_eq!(dotted.skip_below(b"src/"), 0);
        assert_eq!(dotted.skip_root(b"./-dir"), 2);
        assert_eq!(dotted.skip_root(b"src"), 0);
        let mut implicit = vec![Vec::new()];
        let dotted = DottedRoots::apply(&mut implicit, true);
        assert_eq!(implicit, [b"."]);
        assert_eq!((dotted.skip_below(b"./x/"), dotted.skip_root(b".")), (2, 0));
        // Printed as typed when nothing is handed on.
        let mut roots = vec![b"-dir".to_vec(), Vec::new()];
        let dotted = DottedRoots::apply(&mut roots, false);
        assert_eq!(roots, [&b"-dir"[..], b""]);
        assert_eq!(dotted.skip_below(b"-dir/"), 0);
    }

    #[test]
    fn paths_are_normalized_in_the_text() {
        assert_eq!(
            lexically_normal(b"/home/u/./src/../doc//a"),
            b"/home/u/doc/a"
        );
        assert_eq!(lexically_normal(b"/.."), b"/");
        assert_eq!(lexically_normal(b"//"), b"/");
    }

    #[cfg(windows)]
    #[test]
    fn a_drive_or_a_share_stays_and_is_never_left() {
        assert_eq!(lexically_normal(b"C:/Users/u/one/.."), b"C:/Users/u");
        assert_eq!(lexically_normal(b"C:/.."), b"C:/");
        assert_eq!(
            lexically_normal(b"//server/share/a/../b"),
            b"//server/share/b"
        );
        assert_eq!(lexically_normal(b"//server/share/.."), b"//server/share/");
    }
}

//! Path text: making a path absolute in the text, like `realpath -s` (no symbolic link
//! is resolved), for `-a` and `--hyperlink`.

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
    use super::lexically_normal;

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

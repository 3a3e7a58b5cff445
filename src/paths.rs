//! Path text: making a path absolute in the text, like `realpath -s` (no symbolic link
//! is resolved), for `-a` and `--hyperlink`.

/// `absolute` (a path starting with `/`) without `.` and empty components, each `..`
/// taking away the component before it (never above `/`).
pub fn lexically_normal(absolute: &[u8]) -> Vec<u8> {
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
    let mut path = Vec::with_capacity(absolute.len());
    for part in parts {
        path.push(b'/');
        path.extend_from_slice(part);
    }
    if path.is_empty() {
        path.push(b'/');
    }
    path
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
}

//! Placeholders shared by `--format`, `-x/--exec` and `-X/--exec-batch`: `{}` the path,
//! `{/}` the file name, `{//}` the parent directory, `{.}` the path without its
//! extension, `{/.}` the file name without its extension. `{{` and `}}` are a literal
//! `{` and `}` (fd's escape: `{{}}` prints `{}`). Everything else is literal bytes.
//! Paths are bytes throughout: nothing here assumes UTF-8.

/// A parsed template: literal bytes and placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(Vec<u8>),
    Path,
    Name,
    Parent,
    PathNoExt,
    NameNoExt,
}

/// The placeholders, longest first so `{//}` is not read as `{/}` followed by text.
const PLACEHOLDERS: &[(&[u8], Part)] = &[
    (b"{//}", Part::Parent),
    (b"{/.}", Part::NameNoExt),
    (b"{/}", Part::Name),
    (b"{.}", Part::PathNoExt),
    (b"{}", Part::Path),
];

impl Template {
    /// Parses `text`; anything that is not a placeholder stays as it is.
    pub fn parse(text: &[u8]) -> Template {
        let mut parts = Vec::new();
        let mut literal = Vec::new();
        let mut rest = text;
        'outer: while let Some((&first, tail)) = rest.split_first() {
            if rest.starts_with(b"{{") || rest.starts_with(b"}}") {
                literal.push(first);
                rest = &rest[2..];
                continue;
            }
            if first == b'{' {
                for (token, part) in PLACEHOLDERS {
                    if rest.starts_with(token) {
                        if !literal.is_empty() {
                            parts.push(Part::Text(std::mem::take(&mut literal)));
                        }
                        parts.push(part.clone());
                        rest = &rest[token.len()..];
                        continue 'outer;
                    }
                }
            }
            literal.push(first);
            rest = tail;
        }
        if !literal.is_empty() {
            parts.push(Part::Text(literal));
        }
        Template { parts }
    }

    /// True when the template holds at least one placeholder.
    pub fn has_placeholder(&self) -> bool {
        self.parts.iter().any(|p| !matches!(p, Part::Text(_)))
    }

    /// Appends the template, filled in for `path`, to `out`.
    pub fn render(&self, path: &[u8], out: &mut Vec<u8>) {
        for part in &self.parts {
            match part {
                Part::Text(text) => out.extend_from_slice(text),
                Part::Path => out.extend_from_slice(path),
                Part::Name => out.extend_from_slice(file_name(path)),
                Part::Parent => out.extend_from_slice(parent(path)),
                Part::PathNoExt => {
                    let name = file_name(path);
                    let kept = path.len() - name.len() + without_extension(name).len();
                    out.extend_from_slice(&path[..kept]);
                }
                Part::NameNoExt => out.extend_from_slice(without_extension(file_name(path))),
            }
        }
    }
}

impl Template {
    /// [`Template::render`] for an argument of a command: when the argument starts
    /// with `{/}` or `{/.}` and the name starts with `-`, `./` goes in front, so that
    /// it is no option (`./-rf`, what find's `-execdir` always passes).
    pub fn render_argument(&self, path: &[u8], out: &mut Vec<u8>) {
        let start = out.len();
        self.render(path, out);
        let bare_name = matches!(self.parts.first(), Some(Part::Name | Part::NameNoExt));
        if bare_name && out[start..].starts_with(b"-") {
            out.splice(start..start, *b"./");
        }
    }
}

/// Everything after the last `/` (a trailing `/`, as in a root typed `dir/`, is
/// ignored).
fn file_name(path: &[u8]) -> &[u8] {
    let trimmed = trim_trailing_slashes(path);
    match memchr::memrchr(b'/', trimmed) {
        Some(i) => &trimmed[i + 1..],
        None => trimmed,
    }
}

/// Everything before the last `/`: `.` for a bare name, `/` for a child of `/`.
fn parent(path: &[u8]) -> &[u8] {
    let trimmed = trim_trailing_slashes(path);
    match memchr::memrchr(b'/', trimmed) {
        Some(0) => b"/",
        Some(i) => &trimmed[..i],
        None => b".",
    }
}

/// The name without its last `.extension`; a leading dot (`.bashrc`) is not one.
fn without_extension(name: &[u8]) -> &[u8] {
    match memchr::memrchr(b'.', name) {
        Some(i) if i > 0 => &name[..i],
        _ => name,
    }
}

fn trim_trailing_slashes(path: &[u8]) -> &[u8] {
    let mut end = path.len();
    while end > 1 && path[end - 1] == b'/' {
        end -= 1;
    }
    &path[..end]
}

#[cfg(test)]
mod tests {
    use super::Template;

    fn fill(template: &str, path: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        Template::parse(template.as_bytes()).render(path, &mut out);
        out
    }

    #[test]
    fn placeholders() {
        let path = b"src/walk/dir.tar.gz";
        assert_eq!(fill("{}", path), b"src/walk/dir.tar.gz");
        assert_eq!(fill("{/}", path), b"dir.tar.gz");
        assert_eq!(fill("{//}", path), b"src/walk");
        assert_eq!(fill("{.}", path), b"src/walk/dir.tar");
        assert_eq!(fill("{/.}", path), b"dir.tar");
        assert_eq!(fill("<{}> {x} {", path), b"<src/walk/dir.tar.gz> {x} {");
    }

    /// `--format '{{}}'` printed `{./app}`: `{{` and `}}` are fd's escapes.
    #[test]
    fn regression_doubled_braces_are_literal() {
        let path = b"a/b.rs";
        assert_eq!(fill("{{}}", path), b"{}");
        assert_eq!(fill("{{{}}}", path), b"{a/b.rs}");
        assert_eq!(fill("{{/}} {/}", path), b"{/} b.rs");
        assert!(!Template::parse(b"{{}}").has_placeholder());
    }

    #[test]
    fn an_argument_starting_with_a_bare_name_never_starts_with_a_dash() {
        let fill = |template: &str, path: &[u8]| {
            let mut out = Vec::new();
            Template::parse(template.as_bytes()).render_argument(path, &mut out);
            out
        };
        assert_eq!(fill("{/}", b"./d/-rf"), b"./-rf");
        assert_eq!(fill("{/.}", b"./d/-n.txt"), b"./-n");
        assert_eq!(fill("{/}.bak", b"./-x"), b"./-x.bak");
        // Not at the start of the argument, or no dash: as it is.
        assert_eq!(fill("--file={/}", b"d/-rf"), b"--file=-rf");
        assert_eq!(fill("d/{/}", b"d/-rf"), b"d/-rf");
        assert_eq!(fill("{/}", b"d/rf"), b"rf");
        assert_eq!(fill("{}", b"./-rf"), b"./-rf");
    }

    #[test]
    fn edge_paths() {
        assert_eq!(fill("{//}", b"name"), b".");
        assert_eq!(fill("{//}", b"/etc"), b"/");
        assert_eq!(fill("{.}", b"a.b/.bashrc"), b"a.b/.bashrc");
        assert_eq!(fill("{/.}", b"dir/x"), b"x");
        assert_eq!(fill("{/}", b"\xff\n.py"), b"\xff\n.py");
        assert!(!Template::parse(b"echo").has_placeholder());
        assert!(Template::parse(b"--file={/}").has_placeholder());
    }
}

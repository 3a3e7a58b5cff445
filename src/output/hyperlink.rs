//! `--hyperlink`: each path printed on a terminal is an OSC 8 link to
//! `file://HOST/ABSOLUTE/PATH`, so that a terminal that knows them opens the file on a
//! click. The absolute path is the current directory joined with the path as printed,
//! with `.` and `..` taken away lexically (no link is resolved, like `realpath -s`), and
//! every byte but `A-Z a-z 0-9 - . _ ~ /` percent-encoded, so that the link is plain
//! ASCII whatever the name.

use crate::paths::lexically_normal;

/// Opens and closes links around printed paths.
#[derive(Debug)]
pub struct Hyperlinks {
    /// `file://HOST`.
    host: Vec<u8>,
    /// The current directory, absolute.
    cwd: Vec<u8>,
}

impl Hyperlinks {
    /// Links for this host and current directory (`None` when the current directory
    /// is unknown).
    pub fn new() -> Option<Hyperlinks> {
        let cwd = std::env::current_dir().ok()?.into_os_string();
        let mut host = b"file://".to_vec();
        host.extend_from_slice(&hostname());
        Some(Hyperlinks {
            host,
            cwd: cwd.as_encoded_bytes().to_vec(),
        })
    }

    /// Appends the sequence that opens the link to `path` (as printed).
    pub fn open(&self, path: &[u8], out: &mut Vec<u8>) {
        out.extend_from_slice(b"\x1b]8;;");
        out.extend_from_slice(&self.host);
        let absolute = if path.starts_with(b"/") {
            lexically_normal(path)
        } else {
            let mut joined = self.cwd.clone();
            joined.push(b'/');
            joined.extend_from_slice(path);
            lexically_normal(&joined)
        };
        percent_encode(&absolute, out);
        out.extend_from_slice(b"\x1b\\");
    }

    /// Appends the sequence that closes a link.
    pub fn close(out: &mut Vec<u8>) {
        out.extend_from_slice(b"\x1b]8;;\x1b\\");
    }
}

/// This machine's name, as `file://` URLs want it (empty when it cannot be read).
fn hostname() -> Vec<u8> {
    crate::platform::hostname()
}

/// Appends `path` with every byte outside `A-Z a-z 0-9 - . _ ~ /` as `%XX`.
fn percent_encode(path: &[u8], out: &mut Vec<u8>) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &byte in path {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte);
        } else {
            out.extend_from_slice(&[
                b'%',
                HEX[usize::from(byte >> 4)],
                HEX[usize::from(byte & 15)],
            ]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::percent_encode;

    #[test]
    fn paths_are_percent_encoded() {
        let mut out = Vec::new();
        percent_encode("/a b/%/\u{e9}\n\x7f~".as_bytes(), &mut out);
        assert_eq!(out, b"/a%20b/%25/%C3%A9%0A%7F~");
    }
}

//! How one result is rendered: the bare path, an `ls -l`-like line (`-l`), a
//! `--format` template or a `--json` object; colored, escaped and linked
//! (`--hyperlink`) when it goes to a terminal, byte-exact otherwise; then the
//! terminator.

use pfind::escape::escape_into;
use pfind_walk::{Entry, FileType, WalkError};

use crate::output::color::Colors;
use crate::output::details::{link_target, Details};
use crate::output::hyperlink::Hyperlinks;
use crate::output::json::{self, JsonFields};
use crate::output::template::Template;

/// What a result becomes.
#[derive(Debug)]
pub enum RecordFormat {
    /// The path.
    Path,
    /// `-l`: an `ls -l`-like line.
    Details(Box<Details>),
    /// `--format`.
    Template(Template),
    /// `--json`.
    Json(JsonFields),
}

/// Renders results; shared by all threads.
#[derive(Debug)]
pub struct Renderer {
    /// What to render.
    pub format: RecordFormat,
    /// Colors, when on (paths and `-l` lines only).
    pub colors: Option<Colors>,
    /// `--hyperlink`, when on (paths and `-l` lines only).
    pub hyperlinks: Option<Hyperlinks>,
    /// Escape control characters and invalid UTF-8 (stdout is a terminal).
    pub escape: bool,
    /// `\n` or NUL.
    pub terminator: u8,
}

impl Renderer {
    /// True when a result is printed as its path and the terminator, byte for byte.
    pub fn is_bare_path(&self) -> bool {
        matches!(self.format, RecordFormat::Path)
            && self.colors.is_none()
            && self.hyperlinks.is_none()
            && !self.escape
    }

    /// Appends the record for `entry`, terminator included. `scratch` is a reusable
    /// buffer. An error (a failed stat for `--json-fields`) is returned after the
    /// record is written.
    pub fn render(
        &self,
        entry: &Entry<'_>,
        scratch: &mut Vec<u8>,
        out: &mut Vec<u8>,
    ) -> Result<(), WalkError> {
        let mut result = Ok(());
        match &self.format {
            RecordFormat::Path => self.path(entry, out),
            RecordFormat::Details(details) => {
                result = details.write_fields(entry, self.escape, out);
                self.path(entry, out);
                if entry.file_type() == FileType::Symlink {
                    self.link_target(entry, out);
                }
            }
            RecordFormat::Template(template) if self.escape => {
                scratch.clear();
                template.render(entry.path_bytes(), scratch);
                escape_into(scratch, out);
            }
            RecordFormat::Template(template) => template.render(entry.path_bytes(), out),
            RecordFormat::Json(fields) => {
                result = json::write_entry(entry, *fields, self.escape, out)
            }
        }
        out.push(self.terminator);
        result
    }

    /// The path, colored, escaped and linked as asked.
    fn path(&self, entry: &Entry<'_>, out: &mut Vec<u8>) {
        if let Some(links) = &self.hyperlinks {
            links.open(entry.path_bytes(), out);
        }
        match &self.colors {
            Some(colors) => colors.paint(entry, self.escape, out),
            None => self.text(entry.path_bytes(), out),
        }
        if self.hyperlinks.is_some() {
            Hyperlinks::close(out);
        }
    }

    /// ` -> TARGET` for a symbolic link (nothing when it cannot be read).
    fn link_target(&self, entry: &Entry<'_>, out: &mut Vec<u8>) {
        let Some(target) = link_target(entry) else {
            return;
        };
        out.extend_from_slice(b" -> ");
        match &self.colors {
            Some(colors) => colors.paint_link_target(entry, &target, self.escape, out),
            None => self.text(&target, out),
        }
    }

    /// Text from outside (a name), escaped on a terminal.
    fn text(&self, text: &[u8], out: &mut Vec<u8>) {
        if self.escape {
            escape_into(text, out);
        } else {
            out.extend_from_slice(text);
        }
    }
}

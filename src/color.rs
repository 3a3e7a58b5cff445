//! Colors (LS_COLORS, via the `lscolors` crate, or its built-in GNU default) and the
//! escaping of names shown on a terminal.
//!
//! On a terminal a crafted name must not move the cursor, retitle the window or
//! display as another name, so it is shown escaped ([`pfind::escape`]). Into a pipe or
//! file nothing is escaped: bytes stay exact.

use lscolors::{Indicator, LsColors};
use pfind::escape::escape_into;
use pfind::walk::{Entry, FileType};

/// Resolved colors.
#[derive(Debug)]
pub struct Colors {
    ls: LsColors,
}

impl Colors {
    /// From LS_COLORS, or the built-in default when it is not set.
    pub fn from_env() -> Colors {
        Colors {
            ls: LsColors::from_env().unwrap_or_default(),
        }
    }

    /// Appends `entry`'s path to `out`: the directory part in the directory color, the
    /// name in the color of its type (or extension). Escapes when `escape` is set.
    pub fn paint(&self, entry: &Entry<'_>, escape: bool, out: &mut Vec<u8>) {
        let path = entry.path_bytes();
        let (dir, name) = path.split_at(entry.name_start().min(path.len()));
        if !dir.is_empty() {
            self.paint_part(
                self.ls.style_for_indicator(Indicator::Directory),
                dir,
                escape,
                out,
            );
        }
        let style = self.style_for(entry, name);
        self.paint_part(style, name, escape, out);
    }

    fn style_for(&self, entry: &Entry<'_>, name: &[u8]) -> Option<&lscolors::Style> {
        let indicator = match entry.file_type() {
            FileType::Dir => Indicator::Directory,
            FileType::Symlink => Indicator::SymbolicLink,
            FileType::Fifo => Indicator::FIFO,
            FileType::Socket => Indicator::Socket,
            FileType::CharDevice => Indicator::CharacterDevice,
            FileType::BlockDevice => Indicator::BlockDevice,
            FileType::File | FileType::Unknown => {
                if let Some(style) = std::str::from_utf8(name)
                    .ok()
                    .and_then(|n| self.ls.style_for_str(n))
                {
                    return Some(style);
                }
                Indicator::RegularFile
            }
        };
        self.ls.style_for_indicator(indicator)
    }

    fn paint_part(
        &self,
        style: Option<&lscolors::Style>,
        text: &[u8],
        escape: bool,
        out: &mut Vec<u8>,
    ) {
        let style = style.map(lscolors::Style::to_nu_ansi_term_style);
        if let Some(style) = &style {
            out.extend_from_slice(style.prefix().to_string().as_bytes());
        }
        if escape {
            escape_into(text, out);
        } else {
            out.extend_from_slice(text);
        }
        if let Some(style) = &style {
            out.extend_from_slice(style.suffix().to_string().as_bytes());
        }
    }
}

/// The sequence that resets colors, written when an interrupted search had colored.
pub const RESET: &[u8] = b"\x1b[0m";

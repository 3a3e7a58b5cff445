//! Colors (LS_COLORS, via the `lscolors` crate, or its built-in GNU default) and the
//! escaping of names shown on a terminal.
//!
//! A name gets the key GNU ls would give it, in ls's order: `su`, `sg`, `ca`, `ex`,
//! `mh` for regular files (then an extension, for a plain one), `tw`, `ow`, `st` for
//! directories, `or` for a link to nothing and `ln=target` to color links as their
//! targets, `pi`, `so`, `bd`, `cd`. The mode bits those keys need cost one `stat` per
//! result, taken only when such a key is set. `-l` shows a link's target in the color
//! of what it leads to, or `mi` when that is missing.
//!
//! On a terminal a crafted name must not move the cursor, retitle the window or
//! display as another name, so it is shown escaped ([`pfind::escape`]). Into a pipe or
//! file nothing is escaped: bytes stay exact.

use lscolors::{Indicator, LsColors, Style};
use pfind::escape::escape_into;
use pfind_walk::{Entry, FileType};

/// Resolved colors.
#[derive(Debug)]
pub struct Colors {
    ls: LsColors,
    /// `ln=target`: a link is colored as what it points to.
    link_as_target: bool,
    /// Keys that need more than the type the directory read gave, so that nothing is
    /// `stat`ed for a key that is not set (`ex=00` unsets one, as for ls).
    file_mode_keys: bool,
    dir_mode_keys: bool,
    orphan_key: bool,
    capability_key: bool,
}

/// What decides a color beyond the type: mode bits and link count (one `stat`).
#[derive(Clone, Copy)]
struct ModeFacts {
    /// st_mode, type bits included.
    mode: u32,
    /// Hard links.
    nlink: u64,
}

impl Colors {
    /// From LS_COLORS, or the built-in default when it is not set. Keys not in
    /// LS_COLORS keep the default, as for ls.
    pub fn from_env() -> Colors {
        let value = std::env::var("LS_COLORS").ok();
        let ls = value
            .as_deref()
            .map(LsColors::from_string)
            .unwrap_or_default();
        Colors::new(ls, value.as_deref().unwrap_or_default())
    }

    fn new(ls: LsColors, value: &str) -> Colors {
        let set =
            |indicators: &[Indicator]| indicators.iter().any(|&i| ls.has_explicit_style_for(i));
        Colors {
            link_as_target: value.split(':').any(|entry| entry == "ln=target"),
            file_mode_keys: set(&[
                Indicator::Setuid,
                Indicator::Setgid,
                Indicator::ExecutableFile,
                Indicator::MultipleHardLinks,
                Indicator::Capabilities,
            ]),
            dir_mode_keys: set(&[
                Indicator::StickyAndOtherWritable,
                Indicator::OtherWritable,
                Indicator::Sticky,
            ]),
            orphan_key: set(&[Indicator::OrphanedSymbolicLink]),
            capability_key: set(&[Indicator::Capabilities]),
            ls,
        }
    }

    /// Appends `entry`'s path to `out`: the directory part in the directory color, the
    /// name in the color ls would give it. Escapes when `escape` is set.
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
        let style = self.style_for(self.indicator(entry), name);
        self.paint_part(style, name, escape, out);
    }

    /// Appends the target of the symbolic link `entry` (as `-l` shows it after ` -> `)
    /// in the color of what it leads to, or `mi` when that is missing, as ls does.
    pub fn paint_link_target(
        &self,
        entry: &Entry<'_>,
        target: &[u8],
        escape: bool,
        out: &mut Vec<u8>,
    ) {
        let indicator = match entry.target_metadata() {
            Ok(meta) => {
                let facts = ModeFacts {
                    mode: meta.mode(),
                    nlink: meta.nlink(),
                };
                self.indicator_for_mode(facts, None)
            }
            Err(_) => Indicator::MissingFile,
        };
        let name = target.rsplit(|&b| b == b'/').next().unwrap_or(target);
        self.paint_part(self.style_for(indicator, name), target, escape, out);
    }

    /// The style for `indicator`; a plain file may take its extension's.
    fn style_for(&self, indicator: Indicator, name: &[u8]) -> Option<&Style> {
        if indicator == Indicator::RegularFile {
            let by_extension = std::str::from_utf8(name)
                .ok()
                .and_then(|n| self.ls.style_for_str(n));
            if by_extension.is_some() {
                return by_extension;
            }
        }
        self.ls.style_for_indicator(indicator)
    }

    /// The LS_COLORS key ls would color `entry` with.
    fn indicator(&self, entry: &Entry<'_>) -> Indicator {
        let facts = || {
            entry.metadata().ok().map(|meta| ModeFacts {
                mode: meta.mode(),
                nlink: meta.nlink(),
            })
        };
        match entry.file_type() {
            FileType::File | FileType::Unknown if self.file_mode_keys => match facts() {
                Some(facts) => self.file_indicator(facts, Some(entry.path_bytes())),
                None => Indicator::RegularFile,
            },
            FileType::Dir if self.dir_mode_keys => match facts() {
                Some(facts) => self.dir_indicator(facts.mode),
                None => Indicator::Directory,
            },
            FileType::Symlink if self.link_as_target || self.orphan_key => {
                match entry.target_metadata() {
                    Ok(target) if self.link_as_target => {
                        let facts = ModeFacts {
                            mode: target.mode(),
                            nlink: target.nlink(),
                        };
                        self.indicator_for_mode(facts, Some(entry.path_bytes()))
                    }
                    Ok(_) => Indicator::SymbolicLink,
                    Err(_) => Indicator::OrphanedSymbolicLink,
                }
            }
            kind => type_indicator(kind),
        }
    }

    /// The key for an entry of mode `facts` (a link's target with `ln=target`, or the
    /// target that `-l` shows); `path`, when known, is for the capability test.
    fn indicator_for_mode(&self, facts: ModeFacts, path: Option<&[u8]>) -> Indicator {
        match FileType::from_mode(facts.mode) {
            FileType::File => self.file_indicator(facts, path),
            FileType::Dir => self.dir_indicator(facts.mode),
            kind => type_indicator(kind),
        }
    }

    /// ls's order: setuid, setgid, capabilities, executable, several links.
    fn file_indicator(&self, facts: ModeFacts, path: Option<&[u8]>) -> Indicator {
        let set = |i| self.ls.has_explicit_style_for(i);
        if facts.mode & 0o4000 != 0 && set(Indicator::Setuid) {
            Indicator::Setuid
        } else if facts.mode & 0o2000 != 0 && set(Indicator::Setgid) {
            Indicator::Setgid
        } else if self.capability_key && path.is_some_and(has_capabilities) {
            Indicator::Capabilities
        } else if facts.mode & 0o111 != 0 && set(Indicator::ExecutableFile) {
            Indicator::ExecutableFile
        } else if facts.nlink > 1 && set(Indicator::MultipleHardLinks) {
            Indicator::MultipleHardLinks
        } else {
            Indicator::RegularFile
        }
    }

    /// ls's order: sticky and other-writable, other-writable, sticky.
    fn dir_indicator(&self, mode: u32) -> Indicator {
        let set = |i| self.ls.has_explicit_style_for(i);
        if mode & 0o1002 == 0o1002 && set(Indicator::StickyAndOtherWritable) {
            Indicator::StickyAndOtherWritable
        } else if mode & 0o002 != 0 && set(Indicator::OtherWritable) {
            Indicator::OtherWritable
        } else if mode & 0o1000 != 0 && set(Indicator::Sticky) {
            Indicator::Sticky
        } else {
            Indicator::Directory
        }
    }

    /// Appends `text` in `style`, escaped when `escape` is set.
    fn paint_part(&self, style: Option<&Style>, text: &[u8], escape: bool, out: &mut Vec<u8>) {
        let style = style.map(Style::to_nu_ansi_term_style);
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

/// The key for a type alone.
fn type_indicator(kind: FileType) -> Indicator {
    match kind {
        FileType::Dir => Indicator::Directory,
        FileType::Symlink => Indicator::SymbolicLink,
        FileType::Fifo => Indicator::FIFO,
        FileType::Socket => Indicator::Socket,
        FileType::CharDevice => Indicator::CharacterDevice,
        FileType::BlockDevice => Indicator::BlockDevice,
        FileType::File | FileType::Unknown => Indicator::RegularFile,
    }
}

/// True when the file at `path` has file capabilities (`ca`, looked up only when that
/// key is set: it costs a system call per file, as for ls).
fn has_capabilities(path: &[u8]) -> bool {
    crate::platform::has_capabilities(path)
}

/// The sequence that resets colors, written when an interrupted search had colored.
pub const RESET: &[u8] = b"\x1b[0m";

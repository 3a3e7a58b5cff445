//! Links under `-L`: what a followed link is (its target's type, or a link to nothing,
//! or a target that cannot be examined), and whether a directory leads back to one of
//! its ancestors (a loop, reported and not entered, as find -L does).

use std::sync::Arc;

use super::dir::Walk;
use super::entry::{Entry, FileType, Metadata};
use super::node::{DirNode, FileId};
use super::sys::{self, Errno, RawDir};
use crate::os_str;

impl Walk {
    /// Fills in a type the directory read did not give, and under `follow_links`
    /// replaces a link's type with its target's. As find -L does, a link to nothing
    /// stays a link; a link whose target cannot be examined (not searchable, I/O
    /// error) gets no type and the error is returned, to be reported with the entry
    /// still listed; a link that resolves to itself (ELOOP) is returned too, to be
    /// reported and not listed.
    pub(super) fn settle_type(
        &self,
        entry: &mut Entry<'_>,
        dir: RawDir<'_>,
        name: &[u8],
    ) -> Result<(), Errno> {
        let needs_stat = entry.file_type == FileType::Unknown
            || (self.follow_links && entry.file_type == FileType::Symlink);
        if !needs_stat {
            return Ok(());
        }
        let own_type = |entry: &Entry<'_>| match entry.file_type {
            FileType::Unknown => sys::stat_at(dir, os_str(name), false)
                .map_or(FileType::Unknown, |own| Metadata(own).file_type()),
            known => known,
        };
        match sys::stat_at(dir, os_str(name), self.follow_links) {
            Ok(stat) => {
                if self.follow_links {
                    // d_type may have been unknown: find out whether it is a link.
                    entry.is_link = own_type(entry) == FileType::Symlink;
                }
                entry.file_type = Metadata(stat).file_type();
                let _ = entry.metadata.set(Ok(Metadata(stat)));
            }
            Err(err) if self.follow_links && own_type(entry) == FileType::Symlink => {
                entry.is_link = true;
                entry.file_type = FileType::Symlink;
                match err {
                    Errno::NOENT | Errno::NOTDIR => {}
                    err => {
                        entry.file_type = FileType::Unknown;
                        let _ = entry.metadata.set(Err(err));
                        return Err(err);
                    }
                }
            }
            Err(err) => {
                let _ = entry.metadata.set(Err(err));
            }
        }
        Ok(())
    }
}

/// The path of the directory, at or above `start`, whose identity is `id`: where a
/// followed link leads back to.
pub(super) fn ancestor_with(start: &Arc<DirNode>, id: FileId) -> Option<Vec<u8>> {
    let mut node = Some(start);
    while let Some(n) = node {
        if n.id() == Some(id) {
            let mut path = Vec::new();
            n.write_path(&mut path);
            return Some(path);
        }
        node = n.parent();
    }
    None
}

/// Under `follow_links`, the directory a directory entry leads back to, if any: the
/// directory being read (`own`, at `dir_path`) or one above it (from `above` up).
pub(super) fn loop_ancestor(
    entry: &Entry<'_>,
    own: Option<FileId>,
    dir_path: &[u8],
    above: Option<&Arc<DirNode>>,
) -> Option<Vec<u8>> {
    let id = FileId::from(*entry.metadata().ok()?);
    if own == Some(id) {
        // The implicit current directory prints as `.`.
        return Some(if dir_path.is_empty() {
            b".".to_vec()
        } else {
            dir_path.to_vec()
        });
    }
    above.and_then(|above| ancestor_with(above, id))
}

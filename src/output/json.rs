//! `--json`: one JSON object per result, built with serde_json.
//!
//! `{"path": "...", "type": "file", "depth": 2}`, plus `size`, `mtime` and `mode` when
//! `--json-fields` asks for them (each needs a stat; a failed stat gives `null`).
//! Paths stay lossless: a path that is valid UTF-8 is the string `"path"`; any other
//! is `"path_bytes"`, an array of its byte values (`[97, 255]`), and `"path"` is absent.
//! `type` is one of file, dir, symlink, fifo, socket, char_device, block_device,
//! unknown. `mtime` is whole seconds since the Unix epoch; `mode` is `st_mode` as a
//! number (type and permission bits).
//!
//! On a terminal, the characters pfind escapes in names (C1 controls, DEL, format and
//! invisible characters: `pfind::escape`) are written as JSON escapes (`\u202e`), which
//! keeps the JSON valid and its value the same; into a pipe, strings are serde_json's.

use pfind::escape::escape_json_into;
use pfind_walk::{Entry, FileType, WalkError};
use serde_json::{Map, Value};

/// Which optional fields to add.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsonFields {
    /// `size`: bytes.
    pub size: bool,
    /// `mtime`: seconds since the epoch.
    pub mtime: bool,
    /// `mode`: st_mode.
    pub mode: bool,
}

impl JsonFields {
    fn need_stat(self) -> bool {
        self.size || self.mtime || self.mode
    }
}

/// Appends `entry` as one JSON object (no terminator) to `out`. With `escape` (stdout
/// is a terminal), characters that must not reach a terminal as they are (see
/// [`pfind::escape`]) are written as JSON escapes (`\u202e`): serde_json escapes only
/// C0 controls, `"` and `\`. A failed stat is returned after the object is written
/// with `null` fields.
pub fn write_entry(
    entry: &Entry<'_>,
    fields: JsonFields,
    escape: bool,
    out: &mut Vec<u8>,
) -> Result<(), WalkError> {
    let mut object = Map::new();
    let path = entry.path_bytes();
    match std::str::from_utf8(path) {
        Ok(text) => object.insert("path".into(), Value::from(text)),
        Err(_) => object.insert("path_bytes".into(), Value::from(path.to_vec())),
    };
    object.insert("type".into(), Value::from(type_name(entry.file_type())));
    object.insert("depth".into(), Value::from(entry.depth()));
    let mut failure = None;
    if fields.need_stat() {
        let metadata = match entry.metadata() {
            Ok(metadata) => Some(*metadata),
            Err(err) => {
                failure = Some(err);
                None
            }
        };
        if fields.size {
            object.insert("size".into(), metadata.map(|m| m.len()).into());
        }
        if fields.mtime {
            object.insert("mtime".into(), metadata.map(|m| m.modified().0).into());
        }
        if fields.mode {
            object.insert("mode".into(), metadata.map(|m| m.mode()).into());
        }
    }
    let object = Value::Object(object);
    if escape {
        escape_json_into(&object.to_string(), out);
    } else {
        // Writing into a Vec cannot fail, and every key is a string.
        let _ = serde_json::to_writer(&mut *out, &object);
    }
    failure.map_or(Ok(()), Err)
}

fn type_name(file_type: FileType) -> &'static str {
    match file_type {
        FileType::File => "file",
        FileType::Dir => "dir",
        FileType::Symlink => "symlink",
        FileType::Fifo => "fifo",
        FileType::Socket => "socket",
        FileType::CharDevice => "char_device",
        FileType::BlockDevice => "block_device",
        FileType::Unknown => "unknown",
    }
}

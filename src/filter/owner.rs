//! `--owner [USER][:GROUP]`: an entry's owner and group against ids.
//!
//! Each part is a name or a numeric id, either may be empty ("any"), and either may start
//! with `!` to negate it: `john`, `:staff`, `john:staff`, `!root`, `1000:!1000`. Names
//! are looked up in `/etc/passwd` and `/etc/group`, then, for users and groups that come
//! from elsewhere (LDAP, systemd-userdb), through `getent`, which asks the system's name
//! service the way `find -user` does.

use std::process::Command;

/// One side of the owner test: an id, possibly negated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IdTest {
    /// The user or group id.
    pub id: u32,
    /// True for `!ID`: anything but this id.
    pub negated: bool,
}

impl IdTest {
    fn matches(self, id: u32) -> bool {
        (self.id == id) != self.negated
    }
}

/// The parsed `--owner` value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OwnerFilter {
    /// The user test, if any.
    pub user: Option<IdTest>,
    /// The group test, if any.
    pub group: Option<IdTest>,
}

impl OwnerFilter {
    /// True when an entry owned by `uid`:`gid` passes.
    pub fn matches(self, uid: u32, gid: u32) -> bool {
        self.user.is_none_or(|t| t.matches(uid)) && self.group.is_none_or(|t| t.matches(gid))
    }

    /// Whether an entry whose owner cannot be read passes: find's `-user` and
    /// `-group` are false then, so only negated tests (`!NAME`) pass.
    pub fn matches_unknown(self) -> bool {
        self.user.is_none_or(|t| t.negated) && self.group.is_none_or(|t| t.negated)
    }
}

/// Which database a name is looked up in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Database {
    Passwd,
    Group,
}

impl Database {
    fn file(self) -> &'static str {
        match self {
            Database::Passwd => "/etc/passwd",
            Database::Group => "/etc/group",
        }
    }
    fn getent_name(self) -> &'static str {
        match self {
            Database::Passwd => "passwd",
            Database::Group => "group",
        }
    }
    fn noun(self) -> &'static str {
        match self {
            Database::Passwd => "user",
            Database::Group => "group",
        }
    }
}

/// Parses and resolves the value of `--owner`.
pub fn parse_owner(text: &str) -> Result<OwnerFilter, String> {
    parse_owner_with(text, &lookup)
}

/// Parsing with a given name lookup (so the grammar is testable without the system's
/// databases).
fn parse_owner_with(
    text: &str,
    lookup: &dyn Fn(Database, &str) -> Option<u32>,
) -> Result<OwnerFilter, String> {
    let (user, group) = match text.split_once(':') {
        Some((user, group)) => (user, Some(group)),
        None => (text, None),
    };
    let part = |part: &str, db: Database| -> Result<Option<IdTest>, String> {
        let (negated, name) = match part.strip_prefix('!') {
            Some(name) => (true, name),
            None => (false, part),
        };
        if name.is_empty() {
            return if negated {
                Err(format!("'!' needs a {} after it", db.noun()))
            } else {
                Ok(None)
            };
        }
        let id = match name.parse::<u32>() {
            Ok(id) => id,
            Err(_) => lookup(db, name).ok_or_else(|| format!("unknown {} '{name}'", db.noun()))?,
        };
        Ok(Some(IdTest { id, negated }))
    };
    let filter = OwnerFilter {
        user: part(user, Database::Passwd)?,
        group: match group {
            Some(group) => part(group, Database::Group)?,
            None => None,
        },
    };
    if filter.user.is_none() && filter.group.is_none() {
        return Err("names no user and no group (USER, :GROUP or USER:GROUP)".to_owned());
    }
    Ok(filter)
}

/// Looks a name up in the system file, then through `getent`.
fn lookup(db: Database, name: &str) -> Option<u32> {
    if let Some(id) = std::fs::read(db.file())
        .ok()
        .and_then(|text| id_in_database(&text, name.as_bytes()))
    {
        return Some(id);
    }
    let out = Command::new("getent")
        .arg(db.getent_name())
        .arg(name)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    id_in_database(&out.stdout, name.as_bytes())
}

/// The id (third field) of `name` in a passwd- or group-format text.
fn id_in_database(text: &[u8], name: &[u8]) -> Option<u32> {
    text.split(|b| *b == b'\n').find_map(|line| {
        let mut fields = line.split(|b| *b == b':');
        if fields.next()? != name {
            return None;
        }
        let id = fields.nth(1)?;
        std::str::from_utf8(id).ok()?.trim().parse().ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PASSWD: &[u8] = b"root:x:0:0:root:/root:/bin/bash\n# comment\nnobody:x:65534:65534::/:/usr/sbin/nologin\njohn:x:1000:1000:,,,:/home/john:/bin/sh";
    const GROUP: &[u8] = b"root:x:0:\nstaff:x:50:john\nnogroup:x:65534:\n";

    fn fake(db: Database, name: &str) -> Option<u32> {
        id_in_database(
            if db == Database::Passwd {
                PASSWD
            } else {
                GROUP
            },
            name.as_bytes(),
        )
    }

    fn parse(text: &str) -> Result<OwnerFilter, String> {
        parse_owner_with(text, &fake)
    }

    fn id(id: u32, negated: bool) -> Option<IdTest> {
        Some(IdTest { id, negated })
    }

    #[test]
    fn database_lookup() {
        assert_eq!(id_in_database(PASSWD, b"john"), Some(1000));
        assert_eq!(id_in_database(PASSWD, b"nobody"), Some(65534));
        assert_eq!(id_in_database(PASSWD, b"jo"), None);
        assert_eq!(id_in_database(GROUP, b"staff"), Some(50));
        assert_eq!(id_in_database(b"broken", b"broken"), None);
    }

    #[test]
    fn grammar() {
        assert_eq!(
            parse("john"),
            Ok(OwnerFilter {
                user: id(1000, false),
                group: None
            })
        );
        assert_eq!(
            parse(":staff"),
            Ok(OwnerFilter {
                user: None,
                group: id(50, false)
            })
        );
        assert_eq!(
            parse("john:staff"),
            Ok(OwnerFilter {
                user: id(1000, false),
                group: id(50, false)
            })
        );
        assert_eq!(
            parse("!root"),
            Ok(OwnerFilter {
                user: id(0, true),
                group: None
            })
        );
        assert_eq!(
            parse("1234:!0"),
            Ok(OwnerFilter {
                user: id(1234, false),
                group: id(0, true)
            })
        );
        assert_eq!(
            parse("john:"),
            Ok(OwnerFilter {
                user: id(1000, false),
                group: None
            })
        );
        for bad in ["", ":", "!", "nosuchuser", ":nosuchgroup", "john:!"] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn matching() {
        let f = parse("john:!staff").unwrap();
        assert!(f.matches(1000, 1000));
        assert!(!f.matches(1000, 50));
        assert!(!f.matches(0, 1000));
    }
}

//! How the roots share the sorted output: which lane each root's lists go to, and how
//! many copies of each list to expect.
//!
//! Within one lane the keys (directory prefixes) must be unique, which holds while no
//! root's prefix starts another's. Roots whose paths overlap go to different lanes:
//! `a` and `a/b` (every path below `a/b` is printed twice, once per root, at different
//! depths), `d` and `d/.`. Roots with the same prefix (`d` and `d/`, or `d` twice) read
//! the same directories at the same depths: they share a lane, and each of their
//! lists is expected once per such root and merged (see [`super::DirList::merge`]).

use std::collections::HashMap;

use super::list::{DirList, Item, Kind};
use super::{root_key, root_prefix};

/// The lane and the number of copies of a list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Route {
    pub(super) lane: usize,
    pub(super) copies: u32,
}

/// The routing of lists to lanes.
pub(super) struct Roots {
    /// One lane and one copy of everything: every list goes to lane 0 (the usual case,
    /// which needs no lookup).
    simple: bool,
    /// By root prefix: its lane, and how many roots have it.
    prefixes: HashMap<Vec<u8>, Route>,
    /// By root as typed: its lane, and how many roots are typed so.
    texts: HashMap<Vec<u8>, Route>,
}

impl Roots {
    /// The routing for `roots`, and each lane's top list: the roots' own records
    /// (keyed by `root_key`) and their prefixes, in path order.
    pub(super) fn new(roots: &[&[u8]]) -> (Roots, Vec<DirList>) {
        let mut prefixes: HashMap<Vec<u8>, Route> = HashMap::new();
        let mut order: Vec<Vec<u8>> = roots.iter().map(|root| root_prefix(root)).collect();
        order.sort();
        order.dedup();
        // Greedily, the first lane where the prefix overlaps no other. In path order, a
        // prefix in a lane that starts this one also starts every later one, the lane's
        // last included, which a lane forbids: so only its last can, one look per lane.
        let mut lanes: Vec<Vec<u8>> = Vec::new();
        for prefix in order {
            let lane = match lanes.iter().position(|last| !prefix.starts_with(last)) {
                Some(lane) => lane,
                None => {
                    lanes.push(Vec::new());
                    lanes.len() - 1
                }
            };
            lanes[lane].clone_from(&prefix);
            prefixes.insert(prefix, Route { lane, copies: 0 });
        }
        let mut texts: HashMap<Vec<u8>, Route> = HashMap::new();
        for root in roots {
            let route = prefixes
                .get_mut(&root_prefix(root))
                .expect("every root's prefix is routed");
            route.copies += 1;
            let lane = route.lane;
            texts
                .entry(root.to_vec())
                .or_insert(Route { lane, copies: 0 })
                .copies += 1;
        }
        let mut tops = vec![Vec::new(); lanes.len().max(1)];
        for (text, route) in &texts {
            tops[route.lane].push((text.clone(), false, root_key(text)));
        }
        for (prefix, route) in &prefixes {
            tops[route.lane].push((prefix.clone(), true, prefix.clone()));
        }
        let tops = tops.into_iter().map(top_list).collect();
        let simple = lanes.len() <= 1 && prefixes.values().all(|r| r.copies == 1);
        let simple = simple && texts.values().all(|r| r.copies == 1);
        (
            Roots {
                simple,
                prefixes,
                texts,
            },
            tops,
        )
    }

    /// Where the list of the directory whose entries start with `prefix`, at `depth`
    /// below its root, goes; `None` for a directory under no root (not expected).
    pub(super) fn directory(&self, prefix: &[u8], depth: usize) -> Option<Route> {
        if self.simple {
            return Some(Route { lane: 0, copies: 1 });
        }
        self.prefixes.get(prefix_of_root(prefix, depth)).copied()
    }

    /// Where a root's own record (keyed by [`root_key`]) goes.
    pub(super) fn root(&self, root: &[u8]) -> Option<Route> {
        if self.simple {
            return Some(Route { lane: 0, copies: 1 });
        }
        self.texts.get(root).copied()
    }
}

/// A lane's top list from (sort key, is a prefix, key): sorted by path, a root's own
/// record before what is below it.
fn top_list(mut entries: Vec<(Vec<u8>, bool, Vec<u8>)>) -> DirList {
    entries.sort();
    let mut top = DirList::default();
    for (_, _, key) in entries {
        let name = top.push_name(&key);
        top.items.push(Item {
            name,
            record: (0, 0),
            kind: Kind::Exact,
        });
    }
    top
}

/// The prefix of the root a directory belongs to: its entries' `prefix` without the
/// `depth` components below the root (`a/b/c/` at depth 2 is under `a/`).
fn prefix_of_root(prefix: &[u8], depth: usize) -> &[u8] {
    if depth == 0 {
        return prefix;
    }
    let path = prefix.strip_suffix(b"/").unwrap_or(prefix);
    &prefix[..crate::below_root_start(path, depth)]
}

#[cfg(test)]
mod tests {
    use super::{prefix_of_root, Roots, Route};

    #[test]
    fn a_directory_belongs_to_the_root_its_depth_says() {
        for (prefix, depth, root) in [
            ("a/b/c/", 2, "a/"),
            ("a/b/c/", 1, "a/b/"),
            ("a/b/c/", 0, "a/b/c/"),
            ("/x/", 1, "/"),
            ("d//x/", 1, "d//"),
            ("a/", 1, ""),
            ("./a/", 1, "./"),
        ] {
            assert_eq!(
                prefix_of_root(prefix.as_bytes(), depth),
                root.as_bytes(),
                "{prefix}"
            );
        }
    }

    #[test]
    fn overlapping_roots_get_lanes_and_copies() {
        let roots: Vec<&[u8]> = vec![b"d", b"d/", b"d/b", b"e", b"d"];
        let (routes, tops) = Roots::new(&roots);
        assert!(!routes.simple);
        assert_eq!(tops.len(), 2);
        let d = routes.directory(b"d/x/", 1).unwrap();
        assert_eq!(d, Route { lane: 0, copies: 3 });
        assert_eq!(
            routes.directory(b"d/b/x/", 1).unwrap(),
            Route { lane: 1, copies: 1 }
        );
        assert_eq!(routes.directory(b"d/b/x/", 2).unwrap(), d);
        assert_eq!(routes.root(b"d").unwrap().copies, 2);
        assert_eq!(routes.root(b"d/").unwrap().copies, 1);
        assert_eq!(routes.directory(b"e/", 0).unwrap().lane, 0);
        let (simple, _) = Roots::new(&[b"a", b"a.b", b"b/"]);
        assert!(simple.simple);
    }
}

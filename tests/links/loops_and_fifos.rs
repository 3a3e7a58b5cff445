//! Links and FIFOs, with and without `-L`: loops end, broken links are listed, links
//! are not followed without `-L`, FIFOs are listed and never opened. Every run goes
//! through the hang guard; the oracle is GNU find where it can say what is right.

use std::process::Stdio;
use std::time::Duration;

use crate::testenv::*;

/// A small tree with a link to itself, two links to each other, and links from deep
/// inside to its ancestors.
fn looping_tree() -> TestEnv {
    let env = TestEnv::with(&["dir/inner"], &["dir/inner/file"]);
    env.symlink("self", "self");
    env.symlink("mutual-b", "mutual-a");
    env.symlink("mutual-a", "mutual-b");
    env.symlink("..", "dir/inner/up");
    env.symlink("../..", "dir/inner/up2");
    env
}

#[test]
fn symlink_loops_and_broken_links_are_listed_never_followed() {
    let env = looping_tree();
    env.symlink(".", "dir/here");
    env.symlink(env.root(), "dir/absolute-root");
    env.symlink("/", "slash");
    env.symlink("does-not-exist", "broken");
    env.symlink("broken", "to-broken");
    for threads in ["1", "8"] {
        let mut cmd = env.pfind(["-0", "-j", threads, ".", ""]);
        let output = run_guarded(&mut cmd, "walk over loops");
        assert_clean_exit(&output, &[0], "walk over loops");
        assert!(
            output.stderr.is_empty(),
            "{}",
            output_context("loops", &output)
        );
        let got = split_sorted(&output.stdout, b'\0');
        assert_eq!(got.len(), 13, "{}", output_context("loops", &output));
        if have_find() {
            let want = find_in(env.root(), &[os(b"."), os(b"-mindepth"), os(b"1")]);
            assert_same(&got, &want, "symlink loops vs find");
        }
    }
}

#[test]
fn fifos_and_links_to_fifos_never_block() {
    let env = TestEnv::with(&["d"], &[]);
    env.mkfifo("match.fifo");
    env.mkfifo("d/match-deep.fifo");
    env.symlink("match.fifo", "match-link");
    env.symlink("/dev/zero", "match-zero");
    env.symlink("/dev/stdin", "match-stdin");
    let expected = [
        "./d/match-deep.fifo",
        "./match-link",
        "./match-stdin",
        "./match-zero",
        "./match.fifo",
    ];
    let modes: [&[&str]; 6] = [
        &["match"],
        &["-b", "match"],
        &["-g", "*match*"],
        &["-r", "match"],
        &["-i", "MATCH"],
        &["-a", "match"],
    ];
    for mode in modes {
        for threads in ["1", "8"] {
            let mut args = vec!["-j", threads];
            args.extend_from_slice(&mode[..mode.len() - 1]);
            args.extend([".", mode[mode.len() - 1]]);
            let mut cmd = env.pfind(&args);
            let output = run_guarded(&mut cmd, &format!("{args:?}"));
            assert_clean_exit(&output, &[0], &format!("{args:?}"));
            let got = split_sorted(&output.stdout, b'\n');
            assert_eq!(
                got.len(),
                expected.len(),
                "{}",
                output_context("fifo", &output)
            );
            if mode != ["-a", "match"] {
                let want: Vec<Vec<u8>> = expected.iter().map(bytes).collect();
                assert_same(&got, &want, &output_context("fifo", &output));
            }
        }
    }
    // Roots that are a FIFO or a link to one are visited, never opened: listed with
    // --min-depth 0; without it, reported as no directory (nothing is below them).
    for root in ["match.fifo", "match-link"] {
        for extra in [&[][..], &["--min-depth", "0"][..]] {
            let mut args = extra.to_vec();
            args.extend([root, ""]);
            let mut cmd = env.pfind(&args);
            let output = run_guarded(&mut cmd, &format!("root {root}"));
            let want = if extra.is_empty() { 2 } else { 0 };
            assert_clean_exit(&output, &[want], &format!("root {root} {extra:?}"));
            let stderr = String::from_utf8_lossy(&output.stderr);
            if extra.is_empty() {
                assert!(
                    stderr.starts_with(&format!("pfind: {root}: Not a directory")),
                    "{}",
                    output_context(root, &output)
                );
            } else {
                assert!(stderr.is_empty(), "{}", output_context(root, &output));
            }
        }
    }
}

/// With -L (merged from the filters branch): loops back to an ancestor are reported
/// once each as `pfind: PATH: filesystem loop` (status 2) and never entered; links that
/// loop on themselves can't be resolved and are reported as "Too many levels of symbolic
/// links" and not listed, as find -L does; a link to a FIFO is listed and never opened,
/// not even by --contains.
#[test]
fn follow_links_terminates_on_every_kind_of_loop_and_never_opens_fifos() {
    let env = looping_tree();
    env.symlink("does-not-exist", "broken");
    env.mkfifo("fifo");
    env.symlink("fifo", "fifo-link");
    for threads in ["1", "8"] {
        for extra in [&[][..], &["--contains", "x"][..]] {
            let mut args = vec!["-L", "-j", threads];
            args.extend_from_slice(extra);
            args.extend([".", ""]);
            let what = format!("pfind {args:?}");
            let output = run_guarded(&mut env.pfind(&args), &what);
            assert_error_lines(&output.stderr, &what);
            if !extra.is_empty() {
                assert_clean_exit(&output, &[1, 2], &what);
                continue;
            }
            assert_clean_exit(&output, &[2], &what);
            let mut errors: Vec<String> = String::from_utf8_lossy(&output.stderr)
                .lines()
                .map(str::to_string)
                .collect();
            errors.sort();
            assert_eq!(
                errors,
                [
                    "pfind: ./dir/inner/up2: filesystem loop",
                    "pfind: ./dir/inner/up: filesystem loop",
                    "pfind: ./mutual-a: Too many levels of symbolic links",
                    "pfind: ./mutual-b: Too many levels of symbolic links",
                    "pfind: ./self: Too many levels of symbolic links",
                ],
                "{}",
                output_context(&what, &output)
            );
            let got = split_sorted(&output.stdout, b'\n');
            let want: Vec<Vec<u8>> = [
                "./broken",
                "./dir",
                "./dir/inner",
                "./dir/inner/file",
                "./fifo",
                "./fifo-link",
            ]
            .iter()
            .map(bytes)
            .collect();
            assert_same(&got, &want, &output_context(&what, &output));
        }
    }
}

#[test]
fn fifos_are_listed_never_opened_and_symlinks_not_followed() {
    let env = TestEnv::with(&["real/sub"], &["real/sub/file"]);
    env.mkfifo("pipe");
    env.symlink("real", "link");
    env.symlink("pipe", "pipe-link");
    let mut cmd = env.pfind([".", ""]);
    let child = cmd.stdout(Stdio::piped()).spawn().expect("spawn");
    let output = output_within(child, Duration::from_secs(20), "pfind over a FIFO");
    let got = split_sorted(&output.stdout, b'\n');
    let want: Vec<Vec<u8>> = [
        "./link",
        "./pipe",
        "./pipe-link",
        "./real",
        "./real/sub",
        "./real/sub/file",
    ]
    .iter()
    .map(bytes)
    .collect();
    assert_same(&got, &want, "fifo/symlink tree");
}

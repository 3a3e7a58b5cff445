//! Starved descriptor limits (issue 20.5): an open that finds no descriptor left waits
//! for one, and what is still lost is reported. At each limit the result equals the
//! one at the normal limit, or the status is 2 with an error that covers every path
//! printed or missed differently; never a different result with status 0.

use std::ffi::OsString;
use std::process::Output;

use crate::testenv::*;

/// Repositories in a tree with ignore files, files to search and empty directories:
/// each decision needs a descriptor besides the directory being read.
fn tree() -> TestEnv {
    let env = TestEnv::new();
    env.mkdir(".git");
    for i in 0..8 {
        env.write(format!("d{i}/.gitignore"), b"*.log\n");
        env.write(format!("d{i}/x.log"), b"needle");
        env.write(format!("d{i}/needle.txt"), b"a needle");
        env.write(format!("d{i}/hay.txt"), b"hay");
        env.write(format!("d{i}/sub/y.log"), b"needle");
        env.write(format!("d{i}/sub/z.txt"), b"");
        env.mkdir(format!("d{i}/empty"));
    }
    env
}

/// `pfind -0 ARGS` with both descriptor limits at `limit` (so pfind cannot raise the
/// soft one), or at the usual limits; under the hang guard.
fn run_at(env: &TestEnv, limit: Option<u32>, args: &[&str]) -> Output {
    let script = match limit {
        Some(n) => format!(r#"ulimit -Sn {n} && ulimit -Hn {n} && exec "$@""#),
        None => r#"exec "$@""#.to_string(),
    };
    let prefix: Vec<OsString> = ["sh", "-c", &script, "sh"].map(OsString::from).into();
    let mut cmd = env.command_as(&prefix, ["-0"].iter().chain(args));
    cmd.env("HOME", env.root())
        .env("XDG_CONFIG_HOME", env.path(".no-config"))
        .env("GIT_CONFIG_NOSYSTEM", "1");
    let what = format!("{cmd:?}");
    run_guarded(&mut cmd, &what)
}

/// The path of each `pfind: PATH: reason` line.
fn error_paths(stderr: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stderr)
        .lines()
        .filter_map(|line| Some(line.strip_prefix("pfind: ")?.split_once(": ")?.0))
        .map(str::to_string)
        .collect()
}

/// True when an error about `error` (an entry, or a rule file, whose directory's
/// decisions it then spoils) accounts for `path` being printed or not.
fn covers(error: &str, path: &[u8]) -> bool {
    let path = String::from_utf8_lossy(path);
    let dir = error
        .strip_suffix("/.gitignore")
        .or_else(|| error.strip_suffix("/.ignore"))
        .unwrap_or(error);
    path == error || dir == "." || path.starts_with(&format!("{dir}/"))
}

#[test]
fn starved_descriptor_limits_never_change_results_silently() {
    let env = tree();
    let queries: [&[&str]; 3] = [&["--gitignore"], &["--contains", "needle"], &["-t", "e"]];
    for query in queries {
        let args = [query, &[".", ""]].concat();
        let usual = run_at(&env, None, &args);
        assert_clean_exit(&usual, &[0], &format!("{args:?} at the usual limits"));
        let want = split_sorted(&usual.stdout, b'\0');
        for limit in [6, 7, 9, 12] {
            for threads in ["1", "3"] {
                let args = [&["-j", threads][..], &args].concat();
                let starved = run_at(&env, Some(limit), &args);
                let what = format!("{args:?} at {limit} descriptors");
                assert_clean_exit(&starved, &[0, 2], &what);
                assert_error_lines(&starved.stderr, &what);
                let got = split_sorted(&starved.stdout, b'\0');
                if starved.status.code() == Some(0) {
                    assert!(got == want, "{}", output_context(&what, &starved));
                    continue;
                }
                let errors = error_paths(&starved.stderr);
                let differing = got
                    .iter()
                    .filter(|p| !want.contains(p))
                    .chain(want.iter().filter(|p| !got.contains(p)));
                for path in differing {
                    assert!(
                        errors.iter().any(|error| covers(error, path)),
                        "{} differs without an error\n{}",
                        String::from_utf8_lossy(path),
                        output_context(&what, &starved)
                    );
                }
            }
        }
    }
}

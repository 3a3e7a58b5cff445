//! `--sort` is exactly `| LC_ALL=C sort` (`sort -z` with -0) whatever the roots: the
//! same directory under two spellings, nested roots, a root given twice (14.3).

use super::*;

/// `pfind -0 ARGS`, its records sorted bytewise (what `LC_ALL=C sort -z` prints).
fn sorted_plain(env: &TestEnv, args: &[&str]) -> Vec<Vec<u8>> {
    let mut all = vec!["-0"];
    all.extend_from_slice(args);
    let run = env.run(&all);
    let mut records = in_order(run.stdout());
    records.sort();
    records
}

/// NUL-terminated records in the order printed.
fn in_order(stdout: &[u8]) -> Vec<Vec<u8>> {
    let mut records: Vec<Vec<u8>> = stdout.split(|&b| b == 0).map(<[u8]>::to_vec).collect();
    records.pop();
    records
}

/// Asserts `pfind --sort -0 ARGS` prints `pfind -0 ARGS | LC_ALL=C sort -z`, at one and
/// four threads, with and without room to hold results ahead.
fn assert_sorted(env: &TestEnv, args: &[&str]) {
    let want = sorted_plain(env, args);
    for threads in ["1", "4"] {
        for hold in ["67108864", "0"] {
            let mut all = vec!["--sort", "-0", "-j", threads];
            all.extend_from_slice(args);
            let mut cmd = env.pfind(&all);
            cmd.env("PFIND_SORT_HOLD_LIMIT", hold);
            let run = Run::of(&mut cmd, env);
            let got = in_order(run.stdout());
            assert!(
                got == want,
                "--sort {args:?} (-j {threads}, hold {hold}) is not sort -z:\n got: {:?}\nwant: {:?}\n{}",
                got.iter().map(|r| String::from_utf8_lossy(r)).collect::<Vec<_>>(),
                want.iter().map(|r| String::from_utf8_lossy(r)).collect::<Vec<_>>(),
                run.context()
            );
        }
    }
}

#[test]
fn regression_sort_interleaves_roots_that_overlap() {
    // Issue 14.3: `pfind --sort d d/ ''` printed the first root's list, then the
    // second's.
    let env = TestEnv::with(
        &["d/b/c", "d/.h", "d/-x", "e"],
        &[
            "d/a", "d/b/x", "d/b/c/y", "d/c", "d/ z", "d/.h/i", "d/-x/j", "e/k",
        ],
    );
    for roots in [
        &["d", "d/"][..],
        &["d/", "d"],
        &["d", "d"],
        &["d", "d/b"],
        &["d/b", "d"],
        &["d", "d/."],
        &["d/.", "d", "d/b/c"],
        &["d", "d//b"],
        &["d", "d/b/.."],
        &[".", "./d", "d", "e"],
        &["d/b", "d/b/c", "d/", "e"],
    ] {
        for extra in [&[][..], &["--min-depth", "0"], &["-d", "1"], &["-t", "f"]] {
            let mut args = extra.to_vec();
            args.extend_from_slice(roots);
            args.push("");
            assert_sorted(&env, &args);
        }
    }
}

#[cfg(unix)] // Unix-only: names that are not UTF-8, random trees of names Windows forbids and symbolic links.
#[test]
fn sort_equals_c_sort_with_overlapping_roots_on_hostile_trees() {
    for seed in [4, 5] {
        let env = TestEnv::new();
        let created = random_tree(&env, seed, 200);
        let mut rng = Rng::new(seed);
        let dirs: Vec<String> = created
            .iter()
            .filter(|p| env.path(OsStr::from_bytes(p)).is_dir())
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .filter(|p| !p.contains(['\n', '\u{fffd}']))
            .collect();
        for _ in 0..4 {
            let mut roots: Vec<String> = vec![".".to_string()];
            for _ in 0..3 {
                let dir = rng.pick(&dirs).clone();
                let spelled = match rng.below(3) {
                    0 => dir,
                    1 => format!("{dir}/"),
                    _ => format!("./{dir}"),
                };
                roots.push(spelled);
            }
            let mut args = vec!["--"];
            args.extend(roots.iter().map(String::as_str));
            args.push("");
            assert_sorted(&env, &args);
        }
    }
}

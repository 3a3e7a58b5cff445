//! `-l`/`--list-details` against `ls -ld --time-style=long-iso`: the same mode string,
//! links, owner, group, size (major, minor for devices), time, path and link target,
//! field by field, and in `--sort` order.

use std::os::unix::fs::PermissionsExt;
use std::process::Command;

use crate::testenv::*;

/// Splits each line on blanks (names here have none).
fn fields(text: &[u8]) -> Vec<Vec<String>> {
    String::from_utf8_lossy(text)
        .lines()
        .map(|line| line.split_whitespace().map(str::to_owned).collect())
        .collect()
}

fn ls_ld(env: &TestEnv, paths: &[String]) -> Option<Vec<Vec<String>>> {
    let output = Command::new("ls")
        .args(["-ld", "--time-style=long-iso", "--color=never", "--"])
        .args(paths)
        .current_dir(env.root())
        .env("TZ", "UTC")
        .env("LC_ALL", "C")
        .output()
        .ok()
        .filter(|o| o.status.success())?;
    Some(fields(&output.stdout))
}

fn every_kind() -> TestEnv {
    let env = TestEnv::with(
        &["dir/sub", "sticky"],
        &["dir/file", "big", "setuid", "linked"],
    );
    env.write("big", &[b'x'; 12345]);
    env.chmod("sticky", 0o1777);
    env.chmod("setuid", 0o4754);
    std::fs::hard_link(env.path("linked"), env.path("linked-too")).expect("hard link");
    env.symlink("dir/file", "link");
    env.symlink("nowhere", "broken");
    env.mkfifo("fifo");
    if is_root() {
        // Names other than the runner's, and an id with no name.
        let chown = |path: &str, id: u32| {
            rustix::fs::chown(
                env.path(path),
                Some(rustix::fs::Uid::from_raw(id)),
                Some(rustix::fs::Gid::from_raw(id)),
            )
            .expect("chown")
        };
        chown("big", 65534);
        chown("dir/file", 4_000_000);
    }
    env
}

#[test]
fn list_details_is_ls_ld_field_by_field_in_sort_order() {
    let env = every_kind();
    let mut cmd = env.pfind(["-l", "--sort"]);
    cmd.env("TZ", "UTC");
    let run = Run::of(&mut cmd, &env);
    run.expect_code(0);
    let ours = fields(run.stdout());
    let paths: Vec<String> = env.run(["--sort"]).strings();
    assert_eq!(ours.len(), paths.len(), "{}", run.context());
    // In --sort order: each line ends with its path (or link -> target).
    for (line, path) in ours.iter().zip(&paths) {
        let named = line.iter().rev().nth(if line.contains(&"->".to_owned()) {
            2
        } else {
            0
        });
        assert_eq!(named, Some(path), "{}", run.context());
    }
    let Some(theirs) = ls_ld(&env, &paths) else {
        eprintln!("skipped: GNU ls is not installed");
        return;
    };
    assert_eq!(ours, theirs, "{}", run.context());
    // A device: major, minor instead of a size.
    if std::fs::metadata("/dev/null").is_ok_and(|m| m.permissions().mode() != 0) {
        let mut cmd = env.pfind(["-l", "--min-depth", "0", "/dev/null"]);
        cmd.env("TZ", "UTC");
        let run = Run::of(&mut cmd, &env);
        assert_eq!(
            Some(fields(run.stdout())),
            ls_ld(&env, &["/dev/null".to_owned()]),
            "{}",
            run.context()
        );
    }
}

/// With -L, a link is described by what it leads to, as `ls -ldL` does (and a link to
/// nothing stays a link).
#[test]
fn list_details_with_follow_is_ls_ld_dereferenced() {
    let env = every_kind();
    let mut cmd = env.pfind(["-L", "-l", ".", "-b", "-g", "link"]);
    cmd.env("TZ", "UTC");
    let run = Run::of(&mut cmd, &env);
    run.expect_code(0);
    let output = Command::new("ls")
        .args(["-ldL", "--time-style=long-iso", "--", "./link"])
        .current_dir(env.root())
        .env("TZ", "UTC")
        .output()
        .ok()
        .filter(|o| o.status.success());
    if let Some(output) = output {
        assert_eq!(
            fields(run.stdout()),
            fields(&output.stdout),
            "{}",
            run.context()
        );
    }
}

/// fd users asked for readable sizes with `-l`: `--human` prints them as `ls -lh` does
/// (`-h` stays help), and alone it is an error that says it needs -l.
#[test]
fn human_sizes_are_ls_lh_ones() {
    let env = TestEnv::new();
    let sizes: [u64; 9] = [
        0,
        1023,
        1024,
        1025,
        10_239,
        10_241,
        1_048_575,
        5 << 20,
        3 << 30,
    ];
    for size in sizes {
        let file = std::fs::File::create(env.path(format!("s{size}"))).expect("create");
        file.set_len(size).expect("sparse file");
    }
    let run = env.run(["-l", "--human", "--sort"]);
    run.expect_code(0);
    let ours: Vec<String> = fields(run.stdout()).iter().map(|f| f[4].clone()).collect();
    let paths = env.run(["--sort"]).strings();
    let alone = env.run(["--human"]);
    alone.expect_code(2);
    assert!(
        alone.stderr().starts_with("pfind: --human: "),
        "{}",
        alone.context()
    );
    // GNU ls only: BSD's -h prints `1023B` and rounds otherwise.
    let gnu = Command::new("ls")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let output = Command::new("ls")
        .args(["-ldh", "--"])
        .args(&paths)
        .current_dir(env.root())
        .env("LC_ALL", "C")
        .output()
        .ok()
        .filter(|o| gnu && o.status.success());
    let Some(output) = output else {
        eprintln!("skipped: GNU ls is not installed");
        return;
    };
    let theirs: Vec<String> = fields(&output.stdout)
        .iter()
        .map(|f| f[4].clone())
        .collect();
    assert_eq!(ours, theirs, "{}", run.context());
}

//! Stop signals (#20): SIGINT, SIGTERM and SIGHUP end pfind with 128 + N, leave only
//! whole records on stdout however stalled its reader, and stop the commands `-x`
//! runs; a signal pfind inherited as ignored stays ignored. The oracle is the tree's
//! paths; every wait has a hang guard.

use std::fs;
use std::io::Read;
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use rustix::process::{Pid, Signal};

use crate::testenv::*;

const STOP_SIGNALS: [(Signal, i32); 3] =
    [(Signal::INT, 130), (Signal::TERM, 143), (Signal::HUP, 129)];

/// Directories of files with long names: much more output than a pipe holds.
fn wide_tree() -> (TestEnv, Vec<Vec<u8>>) {
    let env = TestEnv::new();
    let mut paths = Vec::new();
    for d in 0..30 {
        let dir = format!("directory-{d:03}");
        env.mkdir(&dir);
        // Printed with `./`: -0 under the implicit root.
        paths.push(format!("./{dir}").into_bytes());
        for f in 0..150 {
            let file = format!("{dir}/a-rather-long-name-that-fills-a-pipe-quickly-{f:04}.txt");
            env.touch(&file);
            paths.push(format!("./{file}").into_bytes());
        }
    }
    paths.sort();
    (env, paths)
}

fn send(child: &std::process::Child, signal: Signal) {
    rustix::process::kill_process(Pid::from_child(child), signal).expect("kill");
}

/// True while process `pid` exists and is not a zombie.
fn alive(pid: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            let state = stat.rsplit_once(')')?.1.trim_start().chars().next()?;
            Some(state != 'Z' && state != 'X')
        })
        .unwrap_or(false)
}

#[test]
fn sigint_stops_the_walk_and_exits_130() {
    let env = pipe_filling_tree(40, 100);
    let mut child = env
        .pfind(["--color", "always"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn pfind");
    // The pipe is not read: pfind blocks writing, as in front of a stalled pager.
    sleep(Duration::from_millis(300));
    rustix::process::kill_process(
        rustix::process::Pid::from_child(&child),
        rustix::process::Signal::INT,
    )
    .expect("kill -INT");
    let status = wait_or_fail(&mut child, Duration::from_secs(30), "after SIGINT");
    assert_eq!(status.code(), Some(130));
}

/// Issue 20.9: after SIGINT, pfind exited 300 ms later in the middle of a `write` to a
/// stalled pipe, and the torn tail reached `xargs -0 rm` (twice it was the root
/// itself). Now the reader, resuming after pfind is gone, gets whole records only, each
/// a path of the tree; and SIGTERM and SIGHUP do the same, with 128 + N.
#[test]
fn regression_a_stop_signal_with_a_stalled_reader_leaves_whole_records() {
    let (env, paths) = wide_tree();
    for (signal, status) in STOP_SIGNALS {
        for threads in ["1", "4"] {
            let what = format!("{signal:?} -j {threads}");
            let mut child = env
                .pfind(["-0", "-j", threads])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn pfind");
            // Not read: pfind fills the pipe and blocks in a write.
            std::thread::sleep(Duration::from_millis(300));
            send(&child, signal);
            // Past the grace period: pfind gives up on the stalled reader and exits.
            let started = Instant::now();
            while child.try_wait().expect("try_wait").is_none() {
                assert!(started.elapsed() < HANG_LIMIT, "{what}: pfind never exited");
                std::thread::sleep(Duration::from_millis(20));
            }
            let mut out = Vec::new();
            child
                .stdout
                .take()
                .expect("stdout")
                .read_to_end(&mut out)
                .expect("read");
            let output = output_within(child, HANG_LIMIT, &what);
            assert_eq!(output.status.code(), Some(status), "{what}");
            assert!(!out.is_empty(), "{what}: nothing was written");
            assert_eq!(out.last(), Some(&0), "{what}: torn last record");
            for record in out.split(|&b| b == 0).filter(|r| !r.is_empty()) {
                assert!(
                    paths.binary_search(&record.to_vec()).is_ok(),
                    "{what}: {:?} is no path of the tree",
                    String::from_utf8_lossy(record)
                );
            }
        }
    }
}

/// Issue 20.9: a stop signal ended pfind but not the commands `-x` had running: they
/// went on, orphaned. They are now passed the signal, and killed if they ignore it.
#[test]
fn regression_a_stop_signal_stops_the_commands_of_exec() {
    let env = TestEnv::with(&[], &["a", "b", "c", "d"]);
    let pids = TestEnv::new();
    for (signal, status) in STOP_SIGNALS {
        for ignores in [false, true] {
            let pid_file = pids.path(format!("{signal:?}-{ignores}"));
            // `exec sleep` after `trap ''`: the sleep itself ignores the signal.
            let script = if ignores {
                r#"trap '' INT TERM HUP; echo $$ >> "$0"; exec sleep 30"#
            } else {
                r#"echo $$ >> "$0"; exec sleep 30"#
            };
            let what = format!("{signal:?}, a command ignoring it: {ignores}");
            let mut child = env
                .pfind(["-j", "4", "-x", "sh", "-c", script])
                .arg(&pid_file)
                .arg("{}")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn pfind");
            let started = Instant::now();
            while fs::read_to_string(&pid_file).map_or(0, |t| t.lines().count()) < 1 {
                assert!(started.elapsed() < HANG_LIMIT, "{what}: no command started");
                std::thread::sleep(Duration::from_millis(10));
            }
            send(&child, signal);
            let output = {
                let started = Instant::now();
                while child.try_wait().expect("try_wait").is_none() {
                    assert!(started.elapsed() < HANG_LIMIT, "{what}: pfind never exited");
                    std::thread::sleep(Duration::from_millis(10));
                }
                output_within(child, HANG_LIMIT, &what)
            };
            assert_eq!(output.status.code(), Some(status), "{what}");
            let commands: Vec<i32> = fs::read_to_string(&pid_file)
                .expect("pid file")
                .lines()
                .filter_map(|line| line.trim().parse().ok())
                .collect();
            // A killed process may take a moment to be gone.
            let started = Instant::now();
            while commands.iter().any(|&pid| alive(pid))
                && started.elapsed() < Duration::from_secs(2)
            {
                std::thread::sleep(Duration::from_millis(10));
            }
            let left: Vec<i32> = commands.iter().copied().filter(|&pid| alive(pid)).collect();
            for &pid in &left {
                if let Some(pid) = Pid::from_raw(pid) {
                    let _ = rustix::process::kill_process(pid, Signal::KILL);
                }
            }
            assert!(left.is_empty(), "{what}: commands {left:?} still run");
        }
    }
}

/// `pfind` with `signal` ignored, as a shell starts a script's background job (SIGINT,
/// SIGQUIT) or `nohup` does (SIGHUP).
fn pfind_ignoring(env: &TestEnv, signal: Signal, args: &[&str]) -> Command {
    let mut cmd = env.pfind(args);
    let number = signal.as_raw();
    // SAFETY: signal() is async-signal-safe, and nothing else runs between fork and exec.
    unsafe {
        cmd.pre_exec(move || {
            libc::signal(number, libc::SIG_IGN);
            Ok(())
        });
    }
    cmd
}

/// Issue 20.10: background jobs of scripts start with SIGINT ignored, so that a Ctrl-C
/// meant for the foreground command spares them; pfind caught it all the same, and
/// the Ctrl-C ended it and its commands. A stop signal inherited as ignored now stays
/// ignored, for pfind and for the commands it runs, as with GNU tools. Each command
/// here sends the signal to pfind ($PPID), then to itself.
#[test]
fn regression_a_signal_inherited_as_ignored_stays_ignored() {
    let env = TestEnv::with(&[], &["a", "b", "c"]);
    for (signal, _) in STOP_SIGNALS {
        let name = format!("{signal:?}").to_uppercase();
        let script = format!("kill -{name} $PPID; kill -{name} $$; echo survived");
        let mut cmd = pfind_ignoring(&env, signal, &["-j", "1", "-x", "sh", "-c", &script]);
        let output = run_guarded(&mut cmd, &format!("pfind with {name} ignored"));
        assert_clean_exit(&output, &[0], &format!("{name} ignored"));
        assert_eq!(output.stdout, b"survived\n".repeat(3), "{name}");
    }
    // Not ignored: the signal stops pfind, as before.
    let mut cmd = env.pfind(["-j", "1", "-x", "sh", "-c", "kill -TERM $PPID; sleep 5"]);
    let output = run_guarded(&mut cmd, "pfind with SIGTERM caught");
    assert_eq!(output.status.code(), Some(143));
}

//! Random input at the edges: any query text into the pattern compiler, any command
//! line into the binary; neither may panic or print more than one line per error.

use super::oracle::contains;
use super::*;

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_query_compiles_or_fails_with_one_line(
        text in prop::collection::vec(any::<u8>(), 0..24),
        syntax in prop::sample::select(&[Syntax::Substring, Syntax::Glob, Syntax::Regex][..]),
        ignore_case in any::<bool>(),
        hay in prop::collection::vec(any::<u8>(), 0..40),
    ) {
        match Pattern::new(&text, syntax, ignore_case) {
            Ok(pattern) => {
                let hit = pattern.is_match(&hay);
                if syntax == Syntax::Substring && !ignore_case {
                    prop_assert_eq!(hit, contains(&hay, &text));
                }
            }
            Err(err) => {
                let message = err.to_string();
                prop_assert!(!message.is_empty() && !message.contains('\n'), "{:?}", message);
                prop_assert!(syntax != Syntax::Substring, "substrings always compile");
            }
        }
    }

    #[test]
    fn random_command_lines_never_panic(
        argv in prop::collection::vec(argument(), 0..7),
    ) {
        let env = cli_tree();
        let mut cmd = env.pfind(&argv);
        let child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn");
        let output = output_within(child, Duration::from_secs(20), &format!("{argv:?}"));
        let stderr = String::from_utf8_lossy(&output.stderr);
        let what = format!("{argv:?}\nexit {:?}\nstderr:\n{stderr}", output.status);
        let code = output.status.code();
        prop_assert!(matches!(code, Some(0..=2)), "{}", what);
        prop_assert!(!stderr.contains("panicked"), "{}", what);
        for line in stderr.lines() {
            prop_assert!(line.starts_with("pfind: "), "{}", what);
        }
        if code == Some(2) {
            prop_assert!(!stderr.is_empty(), "status 2 says why\n{}", what);
        }
        if code == Some(0) {
            prop_assert!(!output.stdout.is_empty(), "status 0 printed something\n{}", what);
        }
    }
}

/// A small fixed tree for the command-line property (rebuilt per case: cheap).
fn cli_tree() -> TestEnv {
    TestEnv::with(
        &["src/walk", "a b", "-x"],
        &["src/walk/x.rs", "a b/c", "-x/y"],
    )
}

/// One command-line argument: an option, a value, or a random word (never an absolute
/// path or `..`, so a case never walks outside its own tree).
fn argument() -> impl Strategy<Value = OsString> {
    const OPTIONS: &[&str] = &[
        // Filters (merged from #3) and find's spellings, which get a one-line hint.
        "-t",
        "-e",
        "-S",
        "--changed-within",
        "--changed-before",
        "--newer",
        "-o",
        "-E",
        "--prune",
        "--no-hidden",
        "--gitignore",
        "--contains",
        "-L",
        "--xdev",
        "--exact-depth",
        "-name",
        "-type",
        "-b",
        "-g",
        "-r",
        "-i",
        "-a",
        "-0",
        "-d",
        "--max-depth",
        "--min-depth",
        "-j",
        "--threads",
        "--and",
        "--or",
        "--not",
        "--",
        "-",
        "--help",
        "-V",
        "--bogus",
        "-bgi",
        "-j0",
        "-d=1",
        "--max-depth=2",
        "--threads=3",
        "-rb",
    ];
    const VALUES: &[&str] = &[
        "f",
        "d",
        "x",
        "rs",
        "+1k",
        "-10Mi",
        "1h30min",
        "2026-01-31",
        "@0",
        "root",
        "!0:staff",
        "99999999999999999999d",
        "+99999999999999999999t",
        "0",
        "1",
        "2",
        "64",
        "1024",
        "1025",
        "-1",
        "99999999999999999999",
        "",
        ".",
        "src",
        "x",
        "*",
        "[",
        "(",
        "a{",
        "\\",
        "*.rs",
        "(a|b",
        "é",
    ];
    prop_oneof![
        prop::sample::select(OPTIONS).prop_map(OsString::from),
        prop::sample::select(VALUES).prop_map(OsString::from),
        prop::collection::vec(any::<u8>(), 0..6).prop_map(|mut bytes| {
            bytes.retain(|&b| b != 0 && b != b'/');
            if bytes == b".." {
                bytes.clear();
            }
            OsString::from_vec(bytes)
        }),
    ]
}

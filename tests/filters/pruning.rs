//! What is not printed or not entered: `-E`, `--prune`, `--no-hidden`, and the
//! `--and/--or/--not` combinations, against find's `-prune` and boolean expressions.

use super::same_as_find;
use crate::testenv::*;

#[test]
fn exclude_prune_and_no_hidden_equal_find_prune() {
    if !have_find() {
        return skip("GNU find not installed");
    }
    for seed in [3u64, 11] {
        let env = TestEnv::new();
        random_tree(&env, seed, 300);
        let cases: &[(&[&str], &[&str])] = &[
            (
                &["-E", "*.py*", ".", ""],
                &["-name", "*.py*", "-prune", "-o", "-print0"],
            ),
            (
                &["-E", "a*", "-E", "*src*", ".", ""],
                &[
                    "(", "-name", "a*", "-o", "-name", "*src*", ")", "-prune", "-o", "-print0",
                ],
            ),
            (
                &["-E", "./*/*", ".", ""],
                &["-path", "./*/*", "-prune", "-o", "-print0"],
            ),
            (
                &["--no-hidden", ".", ""],
                &["-name", ".*", "-prune", "-o", "-print0"],
            ),
            (
                &["--prune", ".", "src"],
                &["-path", "*src*", "-prune", "-print0"],
            ),
            (
                &["--prune", "-t", "f", ".", "a"],
                &["-path", "*a*", "-prune", "-type", "f", "-print0"],
            ),
            (
                &["--no-hidden", "-E", "*.rs*", "-t", "d", ".", "a"],
                &[
                    "(", "-name", ".*", "-o", "-name", "*.rs*", ")", "-prune", "-o", "-type", "d",
                    "-path", "*a*", "-print0",
                ],
            ),
        ];
        for (args, expr) in cases {
            let find_args = [&[".", "-mindepth", "1"][..], expr].concat();
            same_as_find(&env, args, &find_args, &[]);
        }
    }
}

#[test]
fn and_or_not_equal_find_expressions() {
    if !have_find() {
        return skip("GNU find not installed");
    }
    let env = TestEnv::new();
    random_tree(&env, 5, 400);
    let cases: &[(&[&str], &[&str])] = &[
        (
            &[".", "a", "--or", "src", "--and", ".py", "--not", ".rs"],
            &[
                "(", "-path", "*a*", "-o", "-path", "*src*", ")", "-path", "*.py*", "!", "-path",
                "*.rs*",
            ],
        ),
        (
            &[".", "a", "--and", "src"],
            &["-path", "*a*", "-path", "*src*"],
        ),
        (
            &[".", "", "--not", "a", "--not", "1"],
            &["!", "-path", "*a*", "!", "-path", "*1*"],
        ),
        (
            &[".", ".py", "--or", ".rs", "--or", "src"],
            &[
                "(", "-path", "*.py*", "-o", "-path", "*.rs*", "-o", "-path", "*src*", ")",
            ],
        ),
        (
            &["-b", ".", "a", "--not", "src"],
            &["-name", "*a*", "!", "-name", "*src*"],
        ),
        (
            &["-t", "f", ".", "a", "--or", "src", "--not", "2"],
            &[
                "-type", "f", "(", "-path", "*a*", "-o", "-path", "*src*", ")", "!", "-path", "*2*",
            ],
        ),
    ];
    for (args, expr) in cases {
        let find_args = [&[".", "-mindepth", "1"][..], expr, &["-print0"]].concat();
        same_as_find(&env, args, &find_args, &[]);
    }
}

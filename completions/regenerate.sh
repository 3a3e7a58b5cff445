#!/bin/sh
# Rewrites every file generated from pfind's clap definition: the shell completions
# and man page (from the binary's hidden `--generate` option) and the golden --help
# texts pinned by the tests. Run it from anywhere after changing a flag, then review
# `git diff` and commit the result.
set -eu

cd "$(dirname "$0")/.."
cargo build --quiet --bin pfind
pfind=target/debug/pfind

"$pfind" --generate bash >completions/pfind.bash
"$pfind" --generate zsh >completions/_pfind
"$pfind" --generate fish >completions/pfind.fish
"$pfind" --generate elvish >completions/pfind.elv
"$pfind" --generate powershell >completions/_pfind.ps1
"$pfind" --generate man >doc/pfind.1

PFIND_BLESS=1 cargo test --quiet --bin pfind golden >/dev/null
echo "regenerated completions/, doc/pfind.1 and fixtures/golden/; review with: git diff --stat"

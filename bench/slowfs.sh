#!/usr/bin/env bash
# pfind on a latency-bound filesystem: a 5,000-entry tree mirrored through
# bench/slowfs.py (FUSE, 1 ms per metadata operation), standing in for NFS,
# SMB or sshfs. Compares pfind's default thread count with fixed -j values and with
# fd, bfs and find, and writes a "Slow filesystem" section into bench/RESULTS.md.
#
#   bench/slowfs.sh
#
# Environment: PFIND_SLOWFS (path of slowfs.py; default bench/slowfs.py),
# PFIND_BENCH_FD (another fd to compare, as in run.sh),
# PFIND_SLOWFS_LATENCY_MS (default 1), PFIND_BENCH_RUNS (default 3),
# PFIND_SLOWFS_FIND=0 to skip GNU find (about 12 s a run).
set -euo pipefail

cd "$(dirname "$0")/.."
REPO=$PWD
SLOWFS=${PFIND_SLOWFS:-$REPO/bench/slowfs.py}
LATENCY=${PFIND_SLOWFS_LATENCY_MS:-1}
RUNS=${PFIND_BENCH_RUNS:-3}
RESULTS=${PFIND_BENCH_RESULTS:-bench/RESULTS.md}
TREE=bench/trees/src5000
MNT=$REPO/bench/work/slowmnt
OUT=bench/work/slowfs.md

[[ -f $SLOWFS ]] || { echo "slowfs.py not found (set PFIND_SLOWFS)" >&2; exit 1; }

# --- What FUSE and the mirror need. ----------------------------------------------------
source bench/fuse_deps.sh
command -v hyperfine >/dev/null || { echo "hyperfine missing: run bench/run.sh first" >&2; exit 1; }
FD=$(command -v fdfind || command -v fd || true)
BFS=$(command -v bfs || true)

cargo build --release --quiet --bin pfind
PFIND=$REPO/target/release/pfind
mkdir -p bench/trees bench/work "$MNT"
python3 bench/gen_tree.py source "$TREE" --entries 5000 2>/dev/null

# --- Mount, and unmount whatever happens. ----------------------------------------------
fusermount -u "$MNT" 2>/dev/null || true
python3 "$SLOWFS" "$TREE" "$MNT" --latency-ms "$LATENCY" --foreground &
SERVER=$!
trap 'fusermount -u "$MNT" 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 100); do
    mountpoint -q "$MNT" && break
    kill -0 $SERVER 2>/dev/null || { echo "slowfs.py could not mount $MNT" >&2; exit 1; }
    sleep 0.1
done
mountpoint -q "$MNT" || { echo "slowfs.py did not mount $MNT in 10 s" >&2; exit 1; }

expected=$(find "$TREE" -mindepth 1 | wc -l)
got=$("$PFIND" "$MNT" | wc -l)
[[ $got -eq $expected ]] || { echo "pfind listed $got of $expected entries" >&2; exit 1; }
# What src/walk/threads.rs picks on a FUSE root: 8 per CPU, clamped to 16..32.
cpus=$(nproc)
default_threads=$((cpus * 8 < 16 ? 16 : (cpus * 8 > 32 ? 32 : cpus * 8)))

cmds=(-n "pfind (default)" "$PFIND $MNT")
for j in 2 8 16 32 64; do
    cmds+=(-n "pfind -j$j" "$PFIND -j$j $MNT")
done
for fd in $FD ${PFIND_BENCH_FD:-}; do
    version=$("$fd" --version | awk '{print $2}')
    cmds+=(-n "fd $version (default)" "$fd -u . $MNT" -n "fd $version -j32" "$fd -u -j32 . $MNT")
done
[[ -n $BFS ]] && cmds+=(-n "bfs" "$BFS $MNT -mindepth 1")
hyperfine -N --style basic -w 1 -r "$RUNS" --export-json bench/work/slowfs.json "${cmds[@]}" >&2
if [[ ${PFIND_SLOWFS_FIND:-1} != 0 ]]; then
    hyperfine -N --style basic -w 0 -r 1 --export-json bench/work/slowfs-find.json \
        -n "find" "find $MNT -mindepth 1" >&2
else
    rm -f bench/work/slowfs-find.json
fi

{
    echo "## Slow filesystem"
    echo
    echo "- $expected entries ($(find "$TREE" -type d | wc -l) directories) mirrored by \`slowfs.py --latency-ms $LATENCY\` (FUSE); $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD)"
    echo "- $cpus cores: pfind's default on this FUSE root is $default_threads threads (one per CPU on a local disk)"
    echo
    python3 - bench/work/slowfs.json bench/work/slowfs-find.json <<'PY'
import json, os, sys
rows = []
for path in sys.argv[1:]:
    if os.path.exists(path):
        rows += json.load(open(path))["results"]
best = min(r["mean"] for r in rows if r["command"].startswith("pfind"))
print("| tool | mean ± σ | vs best pfind -j |")
print("|---|---|---|")
for r in rows:
    print("| %s | %.0f ± %.0f ms | %.2f× |" % (
        r["command"], r["mean"] * 1e3, (r["stddev"] or 0) * 1e3, r["mean"] / best))
PY
} >"$OUT"

if [[ -f $RESULTS ]]; then
    sed -i '/^## Slow filesystem/,$d' "$RESULTS"
    { echo; cat "$OUT"; } >>"$RESULTS"
    # Collapse blank lines the replacement may have doubled.
    cat -s "$RESULTS" >"$RESULTS.tmp" && mv "$RESULTS.tmp" "$RESULTS"
fi
cat "$OUT"

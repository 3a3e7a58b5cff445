#!/usr/bin/env bash
# pfind across MPI ranks against IO500's find (VI4IO/pfind, C and MPI), on trees shaped
# like the ones IO500's mdtest phases leave, with IO500's find predicate. Not CI.
#
#   bench/mpi.sh
#
# IO500's find:  pfind DIR -newer STAMP -size 3901c -name '*01*' -C
# pfind's:       pfind DIR --newer STAMP -S 3901 -b -g '*01*' -c
#
# Both tools run under `mpirun -n 1`, `-n 2` and `-n 4`, and plain pfind without mpirun,
# interleaved (bench/interleave.py: every round runs every command once), warm, then on
# the slowfs mirror (bench/slowfs.py: FUSE, per-operation latency) of smaller trees.
# The rate is the tree's entries over the median wall time. Before timing, the counts
# of matches are compared: pfind's -c, IO500's "MATCHED" line and GNU find's.
#
# Needs: mpicc and mpirun (Debian: libopenmpi-dev openmpi-bin, and libclang-dev for the
# `mpi` crate), the VI4IO/pfind sources (PFIND_BENCH_VI4IO: a checkout of
# https://github.com/VI4IO/pfind; else it is cloned into bench/work/, which needs the
# network), and for the slowfs part what bench/slowfs.sh needs (it installs it).
#
# Environment: PFIND_BENCH_RUNS (rounds, default 5), PFIND_BENCH_WARMUP (default 1),
# PFIND_MPI_EASY (entries of mdtest-easy, default 1000000), PFIND_MPI_HARD (default
# 100000), PFIND_MPI_SLOW_ENTRIES (entries of each slowfs tree, default 4000),
# PFIND_SLOWFS_LATENCY_MS (default 1), PFIND_MPI_SLOWFS=0 to skip the slowfs part.
# Writes bench/work/mpi.md and prints it.
set -euo pipefail

cd "$(dirname "$0")/.."
REPO=$PWD
RUNS=${PFIND_BENCH_RUNS:-5}
WARMUP=${PFIND_BENCH_WARMUP:-1}
EASY=${PFIND_MPI_EASY:-1000000}
HARD=${PFIND_MPI_HARD:-100000}
SLOW_ENTRIES=${PFIND_MPI_SLOW_ENTRIES:-4000}
LATENCY=${PFIND_SLOWFS_LATENCY_MS:-1}
SLOWFS=${PFIND_MPI_SLOWFS:-1}
TREES=$REPO/bench/trees
WORK=$REPO/bench/work
OUT=$WORK/mpi.md
# odls_base_sigkill_timeout 0: Open MPI 4.1 otherwise waits 2 s after a rank exits
# non-zero (pfind -c finding nothing exits 1, as grep -c does): time the tools, not that.
MPIRUN=(mpirun --allow-run-as-root --oversubscribe --bind-to none --mca odls_base_sigkill_timeout 0)

command -v mpicc >/dev/null && command -v mpirun >/dev/null || {
    echo "mpicc and mpirun are needed (Debian: libopenmpi-dev openmpi-bin)" >&2
    exit 1
}
mkdir -p "$TREES" "$WORK"

# --- The tools. ------------------------------------------------------------------------
cargo build --release --quiet --features mpi --bin pfind
PFIND=$REPO/target/release/pfind
VI4IO_SRC=${PFIND_BENCH_VI4IO:-$WORK/vi4io-pfind-src}
if [[ ! -f $VI4IO_SRC/compile.sh ]]; then
    git clone --quiet https://github.com/VI4IO/pfind "$VI4IO_SRC"
fi
VI4IO_BUILD=$WORK/vi4io-pfind
rm -rf "$VI4IO_BUILD"
cp -R "$VI4IO_SRC" "$VI4IO_BUILD"
(cd "$VI4IO_BUILD" && CC=mpicc bash compile.sh >/dev/null 2>&1) || {
    echo "VI4IO/pfind did not build (see $VI4IO_BUILD/compile.sh)" >&2
    exit 1
}
IO500=$VI4IO_BUILD/pfind

# --- The trees: the stamp first, so that every file is newer than it. -------------------
STAMP=$TREES/mdtest-stamp
[[ -e $STAMP ]] || { touch -d '2000-01-01' "$STAMP"; }
python3 bench/gen_tree.py mdtest-easy "$TREES/mdtest-easy-$EASY" --entries "$EASY"
python3 bench/gen_tree.py mdtest-hard "$TREES/mdtest-hard-$HARD" --entries "$HARD"

pfind_cmd() { echo "$PFIND $1 --newer $STAMP -S 3901 -b -g '*01*' -c"; }
io500_cmd() { echo "$IO500 $1 -newer $STAMP -size 3901c -name '*01*' -C"; }

# The same matches from all three, or no timing.
check_counts() {
    local root=$1 want got io
    want=$(find "$root" -newer "$STAMP" -size 3901c -name '*01*' | wc -l)
    # -c exits 1 when nothing matched (mdtest-easy's files are all empty), as grep -c.
    got=$(eval "$(pfind_cmd "$root")" || true)
    [[ $got == "$want" ]] || { echo "pfind counts $got in $root, find $want" >&2; exit 1; }
    got=$(eval "${MPIRUN[*]} -n 2 $(pfind_cmd "$root")" || true)
    [[ $got == "$want" ]] || { echo "pfind -n 2 counts $got in $root, find $want" >&2; exit 1; }
    io=$(cd "$WORK" && eval "${MPIRUN[*]} -n 2 $(io500_cmd "$root")" | sed -n 's/^MATCHED \([0-9]*\)\/.*/\1/p' || true)
    [[ $io == "$want" ]] || echo "note: IO500's find counts $io in $root, find $want" >&2
}

# Times every command of one tree, interleaved, and the same commands on a one-file
# tree (their start-up: mpirun's launch and MPI_Init, about 0.4 s for two ranks here,
# longer than a warm walk of these trees); appends a table to $OUT.
ONE=$TREES/mpi-one-file
mkdir -p "$ONE" && touch "$ONE/file"
time_tree() {
    local title=$1 root=$2 entries labels=() commands=() n tree tag
    entries=$(find "$root" | wc -l)
    for tree in "$root" "$ONE"; do
        tag=""
        [[ $tree == "$ONE" ]] && tag=" (start-up)"
        labels+=("pfind (no mpirun)$tag")
        commands+=("$(pfind_cmd "$tree")")
        for n in 1 2 4; do
            labels+=("pfind -n $n$tag" "IO500 find -n $n$tag")
            commands+=("${MPIRUN[*]} -n $n $(pfind_cmd "$tree")")
            commands+=("cd $WORK && ${MPIRUN[*]} -n $n $(io500_cmd "$tree")")
        done
    done
    local args=() i
    for i in "${!labels[@]}"; do args+=(-n "${labels[$i]}" "${commands[$i]}"); done
    local json=$WORK/mpi-$(basename "$root").json
    python3 bench/interleave.py --shell --warmup "$WARMUP" --runs "$RUNS" \
        --export-json "$json" "${args[@]}" >/dev/null
    python3 - "$json" "$title" "$entries" >>"$OUT" <<'EOF'
import json, sys
data = json.load(open(sys.argv[1]))["results"]
title, entries = sys.argv[2], int(sys.argv[3])
by = {r["command"]: r["median"] for r in data}
def cell(label):
    """Wall time, rate, and the rate net of the start-up (the one-file tree's time)."""
    t, t0 = by[label], by[label + " (start-up)"]
    net = entries / (t - t0) / 1000 if t > t0 else float("inf")
    return t, f"{t*1000:.0f} ms, {entries/t/1000:.0f} k/s (net {net:.0f} k/s)", net
print(f"\n### {title} ({entries:,} entries)\n")
print("Each cell: median wall time, entries per second, and in brackets the rate net of")
print("the start-up (the same command's time on a one-file tree, subtracted).\n")
print("| ranks | pfind | IO500 find | pfind / IO500: wall rate | net rate |")
print("|---|---|---|---|---|")
plain, shown, _ = cell("pfind (no mpirun)")
print(f"| no mpirun | {shown} | | | |")
for n in (1, 2, 4):
    p, ps, pn = cell(f"pfind -n {n}")
    f, fs, fn = cell(f"IO500 find -n {n}")
    print(f"| {n} | {ps} | {fs} | {f/p:.2f}x | {pn/fn:.2f}x |")
print(f"\n`-n 1` against no mpirun: {by['pfind -n 1']/plain:.2f}x the wall time "
      "(mpirun's launch included).")
EOF
}

{
    echo "## pfind across MPI ranks against IO500's find"
    echo
    echo "- $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, $(mpirun --version | head -1)"
    echo "- predicate: IO500's (\`-newer STAMP -size 3901c -name '*01*'\`), counting only"
    echo "- $RUNS interleaved rounds (bench/interleave.py), medians; warm page cache"
} >"$OUT"
for tree in "$TREES/mdtest-easy-$EASY" "$TREES/mdtest-hard-$HARD"; do
    check_counts "$tree"
    # Warm: one untimed walk each first.
    find "$tree" >/dev/null
    time_tree "warm, $(basename "$tree")" "$tree"
done

# --- slowfs: per-operation latency, as on a network filesystem. ------------------------
if [[ $SLOWFS != 0 ]]; then
    MNT=$WORK/mpi-slowmnt
    SLOWTREE=$TREES/mpi-slow-$SLOW_ENTRIES
    if [[ ! -d $SLOWTREE ]]; then
        mkdir -p "$SLOWTREE.partial"
        python3 bench/gen_tree.py mdtest-easy "$SLOWTREE.partial/easy" --entries "$SLOW_ENTRIES"
        python3 bench/gen_tree.py mdtest-hard "$SLOWTREE.partial/hard" --entries "$SLOW_ENTRIES"
        mv "$SLOWTREE.partial" "$SLOWTREE"
    fi
    source bench/fuse_deps.sh
    mkdir -p "$MNT"
    fusermount -u "$MNT" 2>/dev/null || true
    python3 bench/slowfs.py "$SLOWTREE" "$MNT" --latency-ms "$LATENCY" --foreground &
    SERVER=$!
    trap 'fusermount -u "$MNT" 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT
    for _ in $(seq 100); do mountpoint -q "$MNT" && break; sleep 0.1; done
    mountpoint -q "$MNT" || { echo "slowfs.py did not mount $MNT" >&2; exit 1; }
    echo -e "\nslowfs: ${LATENCY} ms per operation, one FUSE server on this machine (the ceiling)." >>"$OUT"
    for part in easy hard; do
        check_counts "$MNT/$part"
        time_tree "slowfs, mdtest-$part" "$MNT/$part"
    done
fi
cat "$OUT"

#!/usr/bin/env bash
# pfind's benchmark harness: pfind against GNU find, fd, bfs and a bare getdents floor,
# on generated trees, with hyperfine. Not part of `cargo test`. See bench/README.md.
#
#   bench/run.sh              every case; writes bench/RESULTS.md
#   bench/run.sh CASE...      only these cases; prints the table, RESULTS.md untouched
#   bench/run.sh --list       the case names
#
# Environment:
#   PFIND_BENCH_ENTRIES  size of the source-like tree (default 500000; 50000 for quick runs)
#   PFIND_BENCH_THREADS  threads for pfind, fd and the floor (default 2)
#   PFIND_BENCH_RUNS     timed runs per command (default 5), PFIND_BENCH_WARMUP (default 1)
#   PFIND_BENCH_RESULTS  where a full run writes its table (default bench/RESULTS.md)
#   PFIND_BENCH_INTERLEAVE=1  time rounds of all commands in turn (bench/interleave.py)
#                        instead of hyperfine's blocks: ratios survive a machine whose
#                        load drifts (other people compiling); tiny and head stay on hyperfine
#   PFIND_BENCH_FD       another fd binary to compare as well, e.g. a newer one than
#                        Debian's from `cargo install fd-find --root /tmp/fd`
#   PFIND_BENCH_BFS      the bfs to compare (default: bfs on PATH), e.g. a bfs 4 built
#                        from source, which has -j and io_uring
#   PFIND_BENCH_COLD_RUNS  timed rounds in the cold-cache cases (default 5)
#   PFIND_BENCH_PROBE_SECONDS  length of each round's device probe (default 2; 0: none)
#
# The cold-* cases drop the page cache (sync; echo 3 > /proc/sys/vm/drop_caches)
# before every timed run, so they need root; without it they are skipped, with a
# message. They always run interleaved and also record the time to the first result,
# the disk's reads during each run (/proc/diskstats), and, once per round, the disk's
# own limit (bench/probe_device.sh: fio, 4 KiB random reads at queue depth 64), so the
# table can say what share of the device each walk used. cold-busy runs a cold case
# beside two CPU-bound processes and records how much CPU they kept.
set -euo pipefail

cd "$(dirname "$0")/.."
ENTRIES=${PFIND_BENCH_ENTRIES:-500000}
THREADS=${PFIND_BENCH_THREADS:-2}
RUNS=${PFIND_BENCH_RUNS:-5}
WARMUP=${PFIND_BENCH_WARMUP:-1}
RESULTS=${PFIND_BENCH_RESULTS:-bench/RESULTS.md}
INTERLEAVE=${PFIND_BENCH_INTERLEAVE:-0}
TREES=bench/trees
WORK=bench/work
CASES=(list-all py ext-rs no-match sort type-size head tiny threads wide rss gitignore
    cold-list-all cold-py cold-usr-py cold-usr-size cold-contains cold-gitignore cold-busy)
COLD_RUNS=${PFIND_BENCH_COLD_RUNS:-5}
PROBE_SECONDS=${PFIND_BENCH_PROBE_SECONDS:-2}
# The file the device probe reads (2 GiB, made once; on the trees' filesystem).
PROBE_FILE=$WORK/fio-probe
# A text no file holds, so --contains reads every file to its end.
NEEDLE=pfind-bench-needle-zq7x

if [[ ${1:-} == --list ]]; then
    printf '%s\n' "${CASES[@]}"
    exit 0
fi
SELECTED=("$@")
for case in "${SELECTED[@]}"; do
    [[ " ${CASES[*]} " == *" $case "* ]] || { echo "unknown case '$case' (see --list)" >&2; exit 2; }
done
[[ ${#SELECTED[@]} -gt 0 ]] || SELECTED=("${CASES[@]}")

# --- Tools: install what is missing (Debian), then find them. -----------------------
missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
command -v fdfind >/dev/null || command -v fd >/dev/null || missing+=(fd-find)
command -v bfs >/dev/null || missing+=(bfs)
[[ -x /usr/bin/time ]] || missing+=(time)
command -v python3 >/dev/null || missing+=(python3)
[[ " ${SELECTED[*]} " == *" cold-"* ]] && ! command -v fio >/dev/null && missing+=(fio)
if [[ ${#missing[@]} -gt 0 ]]; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        echo "installing: ${missing[*]}" >&2
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null || true
    else
        echo "missing (install them to compare against): ${missing[*]}" >&2
    fi
fi
command -v hyperfine >/dev/null || { echo "hyperfine is required" >&2; exit 1; }
# Every distinct fd found (Debian's fdfind, an fd on PATH, PFIND_BENCH_FD), by version.
FDS=()
declare -A FD_VERSION=()
for fd in "${PFIND_BENCH_FD:-}" "$(command -v fdfind || true)" "$(command -v fd || true)"; do
    [[ -n $fd && -x $fd ]] || continue
    version=$("$fd" --version | awk '{print $2}')
    [[ " ${FD_VERSION[*]} " == *" $version "* ]] && continue
    FDS+=("$fd")
    FD_VERSION[$fd]=$version
done
BFS=${PFIND_BENCH_BFS:-$(command -v bfs || true)}
FIND=$(command -v find)

# --- Build pfind and the floor. -------------------------------------------------------
cargo build --release --quiet --bin pfind --example getdents_floor
PFIND=$PWD/target/release/pfind
FLOOR=$PWD/target/release/examples/getdents_floor
HELP=$("$PFIND" --help)
has_flag() { grep -q -- "$1" <<<"$HELP"; }

# --- Trees (reused when present). -----------------------------------------------------
mkdir -p "$TREES" "$WORK"
TREE=$TREES/src$ENTRIES
TINY=$TREES/tiny
WIDE=$TREES/wide$((ENTRIES * 2 / 5))
python3 bench/gen_tree.py source "$TREE" --entries "$ENTRIES" 2>/dev/null
python3 bench/gen_tree.py tiny "$TINY" 2>/dev/null
if [[ " ${SELECTED[*]} " == *" wide "* ]]; then
    python3 bench/gen_tree.py wide "$WIDE" --dirs $((ENTRIES * 2 / 5)) 2>/dev/null
fi
REPO=$TREES/repo$ENTRIES
if [[ " ${SELECTED[*]} " == *"gitignore "* ]]; then
    python3 bench/gen_tree.py repo "$REPO" --entries "$ENTRIES" 2>/dev/null
fi

# bfs 4 runs with -j; older ones are single-threaded and refuse the flag.
BFS_J=()
if [[ -n $BFS ]] && "$BFS" -j"$THREADS" "$TINY" -maxdepth 0 >/dev/null 2>&1; then
    BFS_J=(-j"$THREADS")
fi
J=-j$THREADS

# One row per fd: each_fd FORMAT ARGS... (FORMAT is printf's, after the binary).
each_fd() {
    local fmt=$1 fd
    shift
    for fd in "${FDS[@]}"; do
        # shellcheck disable=SC2059
        printf "fd %s\t%s $fmt\n" "${FD_VERSION[$fd]}" "$fd" "$@"
    done
}

# Each case: lines "label<TAB>command". Commands run without a shell unless the case
# needs one (pipes). A label's command line is what the table shows.
case_commands() {
    local t=$TREE q=$1
    case $q in
    list-all)
        printf 'floor\t%s %s %s\n' "$FLOOR" "$t" "$THREADS"
        printf 'pfind\t%s %s %s\n' "$PFIND" "$J" "$t"
        each_fd '-u %s . %s' "$J" "$t"
        [[ -n $BFS ]] && printf 'bfs\t%s %s %s -mindepth 1\n' "$BFS" "${BFS_J[*]}" "$t"
        printf 'find\t%s %s -mindepth 1\n' "$FIND" "$t" ;;
    py)
        printf 'floor\t%s %s %s\n' "$FLOOR" "$t" "$THREADS"
        printf 'pfind\t%s %s %s .py\n' "$PFIND" "$J" "$t"
        each_fd '-u -p -F %s .py %s' "$J" "$t"
        [[ -n $BFS ]] && printf "bfs\t%s %s %s -mindepth 1 -path '*.py*'\n" "$BFS" "${BFS_J[*]}" "$t"
        printf "find\t%s %s -mindepth 1 -path '*.py*'\n" "$FIND" "$t" ;;
    ext-rs)
        if has_flag --extension; then
            printf 'pfind\t%s %s -e rs %s\n' "$PFIND" "$J" "$t"
        fi
        each_fd '-u %s -e rs . %s' "$J" "$t"
        [[ -n $BFS ]] && printf "bfs\t%s %s %s -mindepth 1 -name '*.rs'\n" "$BFS" "${BFS_J[*]}" "$t"
        printf "find\t%s %s -mindepth 1 -name '*.rs'\n" "$FIND" "$t" ;;
    no-match)
        printf 'floor\t%s %s %s\n' "$FLOOR" "$t" "$THREADS"
        printf 'pfind\t%s %s %s zzqqxx\n' "$PFIND" "$J" "$t"
        each_fd '-u -p -F %s zzqqxx %s' "$J" "$t"
        [[ -n $BFS ]] && printf "bfs\t%s %s %s -mindepth 1 -path '*zzqqxx*'\n" "$BFS" "${BFS_J[*]}" "$t"
        printf "find\t%s %s -mindepth 1 -path '*zzqqxx*'\n" "$FIND" "$t" ;;
    sort)
        if has_flag --sort; then
            printf 'pfind\t%s %s --sort %s .py\n' "$PFIND" "$J" "$t"
        fi
        printf 'pfind (unsorted)\t%s %s %s .py\n' "$PFIND" "$J" "$t"
        [[ -n $BFS ]] && printf "bfs -s\t%s %s -s %s -mindepth 1 -path '*.py*'\n" "$BFS" "${BFS_J[*]}" "$t"
        printf "find | sort\t%s %s -mindepth 1 -path '*.py*' | LC_ALL=C sort\n" "$FIND" "$t" ;;
    type-size)
        if has_flag --size && has_flag --type; then
            printf 'pfind\t%s %s -t f --size +1k %s\n' "$PFIND" "$J" "$t"
        fi
        each_fd '-u %s -t f -S +1k . %s' "$J" "$t"
        [[ -n $BFS ]] && printf "bfs\t%s %s %s -mindepth 1 -type f -size +1k\n" "$BFS" "${BFS_J[*]}" "$t"
        printf "find\t%s %s -mindepth 1 -type f -size +1k\n" "$FIND" "$t" ;;
    head)
        printf 'pfind\t%s %s %s | head -1\n' "$PFIND" "$J" "$t"
        each_fd '-u %s . %s | head -1' "$J" "$t"
        [[ -n $BFS ]] && printf "bfs\t%s %s %s -mindepth 1 | head -1\n" "$BFS" "${BFS_J[*]}" "$t"
        printf "find\t%s %s -mindepth 1 | head -1\n" "$FIND" "$t" ;;
    threads)
        printf 'pfind (default)\t%s %s .py\n' "$PFIND" "$t"
        for j in 1 2 3 4 8 16; do
            printf 'pfind -j%s\t%s -j%s %s .py\n' "$j" "$PFIND" "$j" "$t"
        done ;;
    wide)
        printf 'pfind\t%s %s %s\n' "$PFIND" "$J" "$WIDE"
        each_fd '-u %s . %s' "$J" "$WIDE"
        [[ -n $BFS ]] && printf "bfs\t%s %s %s -mindepth 1\n" "$BFS" "${BFS_J[*]}" "$WIDE"
        printf "find\t%s %s -mindepth 1\n" "$FIND" "$WIDE" ;;
    cold-list-all | cold-py | cold-usr-py | cold-usr-size | cold-contains)
        cold_commands "$q" ;;
    cold-busy)
        # Beside two CPU-bound processes (run_cold_case starts them): the elastic
        # default against the CPU count, and against a fixed count as high as the
        # default may grow on a cold disk.
        printf 'pfind\t%s /usr .py\n' "$PFIND"
        printf 'pfind -j%s\t%s -j%s /usr .py\n' "$(nproc)" "$PFIND" "$(nproc)"
        printf 'pfind -j64\t%s -j64 /usr .py\n' "$PFIND" ;;
    gitignore | cold-gitignore)
        # A repository with ignore files at several depths: pfind with and without
        # them, beside fd's default mode (ignore files on, hidden files off). Cold,
        # each tool runs its default thread count, as in the other cold cases.
        local j=$J
        [[ $q == cold-* ]] && j=""
        printf 'pfind --no-hidden\t%s %s --no-hidden %s\n' "$PFIND" "$j" "$REPO"
        printf 'pfind --gitignore --no-hidden\t%s %s --gitignore --no-hidden %s\n' "$PFIND" "$j" "$REPO"
        printf 'pfind\t%s %s %s\n' "$PFIND" "$j" "$REPO"
        printf 'pfind --gitignore\t%s %s --gitignore %s\n' "$PFIND" "$j" "$REPO"
        each_fd '%s . %s' "$j" "$REPO" ;;
    tiny)
        printf 'pfind\t%s %s\n' "$PFIND" "$TINY"
        each_fd '-u . %s' "$TINY"
        [[ -n $BFS ]] && printf "bfs\t%s %s -mindepth 1\n" "$BFS" "$TINY"
        printf "find\t%s %s -mindepth 1\n" "$FIND" "$TINY" ;;
    esac
}

# The cold-cache cases: pfind's default (elastic) against fixed thread counts, fd's
# and bfs's defaults, bfs -j16 and find. FLAGS are pfind's, FD_ARGS fd's, EXPR find's
# and bfs's expression.
cold_commands() {
    local root flags fd_args expr j
    case $1 in
    cold-list-all) root=$TREE flags="" fd_args=". $TREE" expr="" ;;
    cold-py) root=$TREE flags=".py" fd_args="-p -F .py $TREE" expr="-path '*.py*'" ;;
    cold-usr-py) root=/usr flags=".py" fd_args="-p -F .py /usr" expr="-path '*.py*'" ;;
    cold-usr-size) root=/usr flags="-t f -S +1k" fd_args="-t f -S +1k . /usr" expr="-type f -size +1k" ;;
    cold-contains)
        root=/usr/share flags="--contains $NEEDLE"
        fd_args="-t f . /usr/share -X grep -lF $NEEDLE"
        expr="-type f -exec grep -lF $NEEDLE {} +" ;;
    esac
    # shellcheck disable=SC2086
    printf 'pfind\t%s %s %s\n' "$PFIND" "$root" "$flags"
    for j in 2 8 16 32 64; do
        printf 'pfind -j%s\t%s -j%s %s %s\n' "$j" "$PFIND" "$j" "$root" "$flags"
    done
    each_fd '-u %s' "$fd_args"
    if [[ -n $BFS ]]; then
        printf 'bfs\t%s %s -mindepth 1 %s\n' "$BFS" "$root" "$expr"
        [[ ${#BFS_J[@]} -gt 0 ]] && printf 'bfs -j16\t%s -j16 %s -mindepth 1 %s\n' "$BFS" "$root" "$expr"
    fi
    printf 'find\t%s %s -mindepth 1 %s\n' "$FIND" "$root" "$expr"
}

# Before timing, pfind must print exactly what find prints.
check_equal() {
    local out=$WORK/check
    "$PFIND" "$J" "$TREE" .py | LC_ALL=C sort >"$out.pfind"
    "$FIND" "$TREE" -mindepth 1 -path '*.py*' | LC_ALL=C sort >"$out.find"
    if ! cmp -s "$out.pfind" "$out.find"; then
        echo "pfind and find disagree on $TREE .py: see $out.pfind $out.find" >&2
        exit 1
    fi
}

# Before timing the gitignore cases, pfind must print what fd's default mode prints,
# but for hidden names: fd shows a hidden file that a `!` rule re-includes, pfind's
# --no-hidden never does. A difference is reported, not fatal (fd is not the oracle).
check_gitignore() {
    local out=$WORK/check-gitignore fd
    "$PFIND" "$J" --gitignore --no-hidden "$REPO" | LC_ALL=C sort >"$out.pfind"
    for fd in "${FDS[@]}"; do
        "$fd" "$J" . "$REPO" | sed 's,/$,,' | grep -v '/\.[^/]*$' | LC_ALL=C sort >"$out.fd"
        if cmp -s "$out.pfind" "$out.fd"; then
            echo "gitignore: pfind and fd ${FD_VERSION[$fd]} list the same $(wc -l <"$out.fd") paths" >&2
        else
            echo "gitignore: pfind and fd ${FD_VERSION[$fd]} differ: see $out.pfind $out.fd" >&2
        fi
    done
}

run_case() {
    local name=$1 labels=() cmds=() shell=(-N) runs=$RUNS warmup=$WARMUP
    if [[ $name == cold-* ]]; then
        if [[ $(id -u) -ne 0 ]]; then
            echo "skipping $name: dropping the page cache needs root" >&2
            return
        fi
        run_cold_case "$name"
        return
    fi
    while IFS=$'\t' read -r label cmd; do
        labels+=("$label")
        cmds+=("$cmd")
    done < <(case_commands "$name")
    [[ " ${cmds[*]} " == *"|"* ]] && shell=()
    if [[ $name == tiny ]]; then
        runs=$((RUNS * 20))
        warmup=$((WARMUP * 10))
    fi
    local args=()
    for i in "${!cmds[@]}"; do
        args+=(-n "${labels[$i]}" "${cmds[$i]}")
    done
    # Millisecond cases stay with hyperfine: a Python subprocess would add more than
    # they take.
    if [[ $INTERLEAVE == 1 && $name != tiny && $name != head ]]; then
        local ishell=()
        [[ ${#shell[@]} -eq 0 ]] && ishell=(--shell)
        python3 bench/interleave.py "${ishell[@]}" --warmup "$warmup" --runs "$runs" \
            --export-json "$WORK/$name.json" "${args[@]}" >&2
    else
        hyperfine "${shell[@]}" -i --style basic -w "$warmup" -r "$runs" \
            --export-json "$WORK/$name.json" "${args[@]}" >&2
    fi
}

# A cold-cache case: interleaved rounds, the page cache dropped before every run,
# the time to the first result recorded too. Commands run through a shell (find's
# expressions are quoted).
# Each run's disk reads are counted (/proc/diskstats) on the disk that holds the root,
# and once per round the disk's own limit is probed (fio) when the probe file is on
# that disk too.
run_cold_case() {
    local name=$1 args=() extra=() root
    while IFS=$'\t' read -r label cmd; do
        args+=(-n "$label" "$cmd")
    done < <(case_commands "$name")
    case $name in
    cold-list-all | cold-py) root=$TREE ;;
    cold-gitignore) root=$REPO ;;
    cold-contains) root=/usr/share ;;
    *) root=/usr ;;
    esac
    extra+=(--diskstats "$root")
    [[ $name == cold-busy ]] && extra+=(--hogs 2)
    if [[ $PROBE_SECONDS != 0 ]] && command -v fio >/dev/null; then
        [[ -f $PROBE_FILE ]] || bench/probe_device.sh "$PROBE_FILE" 1 >/dev/null
        if [[ $(stat -c %d "$PROBE_FILE") == $(stat -L -c %d "$root") ]]; then
            extra+=(--probe "bench/probe_device.sh $PROBE_FILE $PROBE_SECONDS")
        else
            echo "$name: $root is on another disk than $PROBE_FILE: no device probe" >&2
        fi
    fi
    python3 bench/interleave.py --shell --warmup 0 --runs "$COLD_RUNS" --first-output \
        --prepare 'sync; echo 3 > /proc/sys/vm/drop_caches' "${extra[@]}" \
        --export-json "$WORK/$name.json" "${args[@]}" >&2
}

# Peak RSS listing the whole tree, in KiB (the largest of three runs).
run_rss() {
    local out=$WORK/rss.tsv
    : >"$out"
    local case tree
    for case in list-all wide; do
    tree=source
    if [[ $case == wide ]]; then
        [[ -d $WIDE ]] || continue
        tree="wide ($(basename "$WIDE"))"
    fi
    while IFS=$'\t' read -r label cmd; do
        [[ $label == floor ]] && continue
        local best=0
        for _ in 1 2 3; do
            local kb
            kb=$(eval "/usr/bin/time -v $cmd" 2>&1 >/dev/null |
                awk -F': ' '/Maximum resident set size/ {print $2}')
            ((kb > best)) && best=$kb
        done
        printf '%s\t%s\t%s\t%s\n' "$tree" "$label" "$best" "$cmd" >>"$out"
    done < <(case_commands "$case")
    done
}

check_equal
if [[ " ${SELECTED[*]} " == *"gitignore "* ]]; then
    check_gitignore
fi
for name in "${SELECTED[@]}"; do
    echo "== $name" >&2
    if [[ $name == rss ]]; then run_rss; else run_case "$name"; fi
done

# --- The table. -----------------------------------------------------------------------
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo " (uncommitted changes)" || true)
entries=$("$FLOOR" "$TREE" 1 2>&1 >/dev/null | awk '{print $1}')
dirs=$("$FIND" "$TREE" -type d | wc -l)
table=$WORK/table.md
{
    echo "# pfind benchmark results"
    echo
    echo "- machine: $(uname -srm), $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
    echo "- filesystem: $(stat -f -c %T "$TREE"), warm cache (the cold-* cases: page cache dropped before every run, $COLD_RUNS interleaved rounds)"
    echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- commit: $commit$dirty"
    echo "- tree: \`$TREE\` ($entries entries, $dirs directories; \`bench/gen_tree.py\`, seed 5)"
    if [[ " ${SELECTED[*]} " == *"gitignore "* ]]; then
        echo "- repository tree: \`$REPO\` (the same tree as a repository, with $(find "$REPO" -name .gitignore | wc -l) \`.gitignore\` and $(find "$REPO" -name .ignore | wc -l) \`.ignore\` files at several depths; \`bench/gen_tree.py repo\`)"
    fi
    echo "- threads: $THREADS for pfind, fd and the floor; bfs: ${BFS_J[*]:-its default (no -j in this version)}; find is single-threaded"
    echo "- tools: $("$PFIND" --version), $(for fd in "${FDS[@]}"; do printf 'fd %s, ' "${FD_VERSION[$fd]}"; done)${BFS:+$("$BFS" --version | head -1)}, $("$FIND" --version | head -1)"
    if [[ $INTERLEAVE == 1 ]]; then
        echo "- timing: \`bench/interleave.py\` (each round runs every command once, in rotating order), $WARMUP warm-up, $RUNS rounds; tiny and head cases: hyperfine, $((RUNS * 20)) and $RUNS runs"
        echo "- load average when the run ended: $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared)"
    else
        echo "- hyperfine: $WARMUP warm-up, $RUNS runs (tiny tree: $((RUNS * 20)))"
    fi
    echo
    python3 - "$WORK" "${SELECTED[@]}" <<'PY'
import json, os, sys
work, cases = sys.argv[1], sys.argv[2:]
titles = {
    "list-all": "list everything", "py": "substring `.py`", "ext-rs": "`-e rs`",
    "no-match": "query with no match", "sort": "`--sort` (.py)",
    "type-size": "`-t f --size +1k`", "head": "list everything `| head -1`",
    "tiny": "tiny tree (5 entries)", "threads": "thread count (.py)",
    "wide": "wide: one directory, subdirectories side by side",
    "cold-list-all": "cold: list everything", "cold-py": "cold: substring `.py`",
    "cold-usr-py": "cold: /usr `.py`", "cold-usr-size": "cold: /usr `-t f -S +1k`",
    "cold-contains": "cold: /usr/share `--contains`",
    "cold-busy": "cold: /usr `.py`, two CPU-bound processes running",
    "gitignore": "repository, ignore files at several depths",
    "cold-gitignore": "cold: repository, ignore files at several depths",
}
# The row the "vs pfind" column divides by, when it is not the one labelled pfind.
reference = {"gitignore": "pfind --no-hidden", "cold-gitignore": "pfind --no-hidden"}
def cell(text):
    return text.replace("|", "\\|")

def cpu(r):
    """CPU time (user + system) of a run: interleave.py's median, hyperfine's mean."""
    if "cpu_median" in r:
        return r["cpu_median"]
    if "user" in r and "system" in r:
        return r["user"] + r["system"]
    return None

print("| case | tool | mean ± σ | median | min | vs pfind | vs floor | first result | CPU |")
print("|---|---|---|---|---|---|---|---|---|")
for case in cases:
    if case == "rss":
        continue
    path = os.path.join(work, case + ".json")
    if not os.path.exists(path):
        continue
    results = json.load(open(path))["results"]
    by = {r["command"]: r for r in results}
    pf = by.get(reference.get(case, "pfind")) or by.get("pfind (default)")
    fl = by.get("floor")
    if pf is None and case in ("ext-rs", "sort", "type-size"):
        print("| %s | pfind | n/a (flag not there yet) | | | | | | |" % cell(titles[case]))
    for r in results:
        mean, sd, mn = r["mean"] * 1e3, (r["stddev"] or 0) * 1e3, r["min"] * 1e3
        unit = "ms"
        med = r["median"] * 1e3
        vs_p = "%.2f×" % (r["median"] / pf["median"]) if pf else ""
        vs_f = "%.2f×" % (r["median"] / fl["median"]) if fl else ""
        first = "%.1f ms" % (r["first_median"] * 1e3) if "first_median" in r else ""
        used = cpu(r)
        used = "%.0f ms" % (used * 1e3) if used is not None else ""
        print("| %s | %s | %.1f ± %.1f %s | %.1f %s | %.1f %s | %s | %s | %s | %s |" % (
            cell(titles[case]), cell(r["command"]), mean, sd, unit, med, unit, mn, unit,
            vs_p, vs_f, first, used))

# The cold cases against the disk's own limit, and against the best fixed count.
def load(case):
    path = os.path.join(work, case + ".json")
    return json.load(open(path)) if os.path.exists(path) else None

cold = [c for c in cases if c.startswith("cold-") and c != "cold-busy" and load(c)]
if cold:
    print()
    print("Cold cases against the disk: reads counted in `/proc/diskstats` during each run "
          "(medians), the disk's own limit probed once per round (`bench/probe_device.sh`: "
          "fio, 4 KiB random reads, queue depth 64), and pfind's default against its best "
          "fixed count of -j16, -j32 and -j64:")
    print()
    print("| case | disk QD64 | pfind reads | KiB/read | reads/s | of the disk | in flight "
          "| best -j | pfind ÷ best -j |")
    print("|---|---|---|---|---|---|---|---|---|")
    for case in cold:
        data = load(case)
        by = {r["command"]: r for r in data["results"]}
        pf = by.get(reference.get(case, "pfind"))
        if pf is None:
            continue
        d = pf.get("disk_median")
        iops = data.get("probe_median")
        fixed = [by[k] for k in ("pfind -j16", "pfind -j32", "pfind -j64") if k in by]
        best = min(fixed, key=lambda r: r["median"]) if fixed else None
        print("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            cell(titles[case]),
            "%.0f/s" % iops if iops else "",
            "%.0f" % d["reads"] if d else "",
            "%.1f" % d["kib_per_read"] if d else "",
            "%.0f" % d["reads_per_s"] if d else "",
            "%.0f%%" % (100 * d["reads_per_s"] / iops) if d and iops else "",
            "%.1f" % d["depth"] if d else "",
            "%s (%.0f ms)" % (best["command"].split()[-1], best["median"] * 1e3) if best else "",
            "%.2f×" % (pf["median"] / best["median"]) if best else ""))

busy = load("cold-busy") if "cold-busy" in cases else None
if busy:
    results = busy["results"]
    by = {r["command"]: r for r in results}
    fixed = [r for r in results if r["command"] != "pfind" and "hog_median" in r]
    base = fixed[0] if fixed else None
    print()
    print("A busy machine: cold /usr `.py` beside two CPU-bound processes (`while True: "
          "pass`), each process's share of one CPU while pfind ran (medians), and their "
          "speed against beside `%s`:" % (base["command"] if base else "-j"))
    print()
    print("| tool | median | pfind CPU | hogs' share of a CPU each | hogs' speed vs beside %s |"
          % (base["command"] if base else "-j"))
    print("|---|---|---|---|---|")
    for r in results:
        print("| %s | %.1f ms | %.0f ms | %.0f%% | %s |" % (
            cell(r["command"]), r["median"] * 1e3, cpu(r) * 1e3, 100 * r["hog_median"],
            "%.2f×" % (r["hog_median"] / base["hog_median"]) if base else ""))
rss = os.path.join(work, "rss.tsv")
if "rss" in cases and os.path.exists(rss):
    print()
    print("Peak RSS listing everything (`/usr/bin/time -v`, largest of 3 runs):")
    print()
    print("| tree | tool | peak RSS |")
    print("|---|---|---|")
    for line in open(rss):
        tree, label, kb, _ = line.rstrip("\n").split("\t", 3)
        print("| %s | %s | %.1f MiB |" % (tree, label, int(kb) / 1024))
PY
    echo
    echo "\"vs pfind\" is the tool's median over pfind's (above 1: pfind is faster; in the repository"
    echo "cases, over \`pfind --no-hidden\`'s, so the --gitignore rows are the cost of the ignore files); \"vs floor\""
    echo "is over the bare getdents walk (\`examples/getdents_floor.rs\`); \"CPU\" is user plus system"
    echo "time (hyperfine's mean, or interleave.py's median). Rows of one case were"
    echo "measured in one run and are comparable; across cases the machine's load may have changed."
} >"$table"

if [[ $# -eq 0 ]]; then
    cp "$table" "$RESULTS"
    # Keep the slow-filesystem section (bench/slowfs.sh) if it was there.
    if [[ -f $WORK/slowfs.md ]]; then
        { echo; cat "$WORK/slowfs.md"; } >>"$RESULTS"
    fi
    echo "wrote $RESULTS" >&2
fi
cat "$table"

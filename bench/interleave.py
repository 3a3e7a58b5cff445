#!/usr/bin/env python3
"""Times commands interleaved, for machines shared with other work.

    interleave.py --runs N --warmup W --export-json OUT [--shell]
                  [--prepare CMD] [--first-output] -n LABEL CMD ...

hyperfine runs all of one command's runs, then all of the next's: when the machine's
load changes between blocks (other people compiling), the ratios change with it.
Here every round runs each command once, in a rotating order, so load drift hits all
commands alike and the ratios hold. Writes hyperfine's JSON shape (command, mean,
stddev, median, min, max, times) so run.sh's table reads either. Output goes to
/dev/null; exit codes are ignored, like hyperfine -i. Start-up overhead of a Python
subprocess (about a millisecond) is added to every command: use hyperfine for
millisecond-scale cases.

--prepare runs a shell command, untimed, before every timed run (the cold-cache cases
drop the page cache with it). --first-output also records the time to the first byte
on stdout (`first_times`, `first_median`): stdout is then read through a pipe and
discarded, which costs a little on commands that print a lot.
"""
import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--export-json", required=True)
    parser.add_argument("--shell", action="store_true")
    parser.add_argument("--prepare", default=None)
    parser.add_argument("--first-output", action="store_true")
    parser.add_argument("-n", dest="labels", action="append", default=[])
    parser.add_argument("commands", nargs="+")
    args = parser.parse_intermixed_args()
    if len(args.labels) != len(args.commands):
        sys.exit("interleave.py: give one -n LABEL per command")

    def run(command):
        """Runs one command; returns (total seconds, seconds to first output)."""
        if args.prepare:
            subprocess.run(args.prepare, shell=True, check=True)
        argv = command if args.shell else shlex.split(command)
        stdout = subprocess.PIPE if args.first_output else subprocess.DEVNULL
        start = time.perf_counter()
        child = subprocess.Popen(argv, shell=args.shell, stdout=stdout,
                                 stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        first = None
        if args.first_output:
            fd = child.stdout.fileno()
            while True:
                chunk = os.read(fd, 1 << 16)
                if first is None:
                    first = time.perf_counter() - start
                if not chunk:
                    break
        child.wait()
        return time.perf_counter() - start, first

    n = len(args.commands)
    for _ in range(args.warmup):
        for command in args.commands:
            run(command)
    times = [[] for _ in range(n)]
    firsts = [[] for _ in range(n)]
    for round_ in range(args.runs):
        for k in range(n):
            i = (round_ + k) % n
            total, first = run(args.commands[i])
            times[i].append(total)
            if first is not None:
                firsts[i].append(first)
    results = []
    for label, command, ts, fs in zip(args.labels, args.commands, times, firsts):
        result = {
            "command": label, "full_command": command, "times": ts,
            "mean": statistics.mean(ts), "median": statistics.median(ts),
            "stddev": statistics.stdev(ts) if len(ts) > 1 else 0.0,
            "min": min(ts), "max": max(ts),
        }
        line = "%-28s mean %8.1f ms  median %8.1f ms  min %8.1f ms" % (
            label, result["mean"] * 1e3, result["median"] * 1e3, result["min"] * 1e3)
        if fs:
            result["first_times"] = fs
            result["first_median"] = statistics.median(fs)
            line += "  first output %7.1f ms" % (result["first_median"] * 1e3)
        results.append(result)
        print(line, file=sys.stderr)
    with open(args.export_json, "w") as out:
        json.dump({"results": results}, out, indent=1)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Times commands interleaved, for machines shared with other work.

    interleave.py --runs N --warmup W --export-json OUT [--shell]
                  [--prepare CMD] [--first-output] [--diskstats PATH] [--hogs N]
                  [--probe CMD] -n LABEL CMD ...

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

Every run also records the CPU time (user + system) the command and its children used
(`cpu_times`, `cpu_median`).

--diskstats PATH records, for every run, what the disk holding PATH did (from
/proc/diskstats, before and after): reads completed, 512-byte sectors read, and the
milliseconds reads spent queued or in service, summed over reads; so reads per second
of wall time, the average read size and the average number of reads in flight (the
read time over the wall time) follow (`disk` per run, `disk_median`). The counters are
the whole disk's: anyone else reading it at the same time is counted too.

--hogs N starts N CPU-bound processes (`while True: pass`) before the first round and
stops them after the last, and records the CPU time they got during each run, as a
share of one CPU per hog (`hog_shares`, `hog_median`): a command that takes the CPUs
from others lowers it.

--probe CMD runs a shell command once per round, after the round's commands, untimed,
and keeps the number it prints last (`probe`: the values, `probe_median`): the cold
cases measure the disk's own limit this way, in the same rounds as the walks.
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
    parser.add_argument("--diskstats", default=None)
    parser.add_argument("--hogs", type=int, default=0)
    parser.add_argument("--probe", default=None)
    parser.add_argument("-n", dest="labels", action="append", default=[])
    parser.add_argument("commands", nargs="+")
    args = parser.parse_intermixed_args()
    if len(args.labels) != len(args.commands):
        sys.exit("interleave.py: give one -n LABEL per command")

    disk = disk_of(args.diskstats) if args.diskstats else None
    hogs = start_hogs(args.hogs)

    def run(command):
        """Runs one command; returns (total seconds, seconds to first output, CPU
        seconds, disk counters, hogs' CPU share)."""
        if args.prepare:
            subprocess.run(args.prepare, shell=True, check=True)
        argv = command if args.shell else shlex.split(command)
        stdout = subprocess.PIPE if args.first_output else subprocess.DEVNULL
        disk_before = read_diskstats(disk) if disk else None
        hogs_before = [hog_cpu(h) for h in hogs]
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
        if child.stdout:
            child.stdout.close()
        # wait4 for the CPU time; Popen is told, so it does not wait again.
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        total = time.perf_counter() - start
        hog_share = None
        if hogs:
            used = sum(hog_cpu(h) - b for h, b in zip(hogs, hogs_before))
            hog_share = used / (total * len(hogs))
        counters = None
        if disk:
            after = read_diskstats(disk)
            counters = {k: after[k] - disk_before[k] for k in after}
        return total, first, usage.ru_utime + usage.ru_stime, counters, hog_share

    n = len(args.commands)
    try:
        for _ in range(args.warmup):
            for command in args.commands:
                run(command)
        runs = [[] for _ in range(n)]
        probes = []
        for round_ in range(args.runs):
            for k in range(n):
                i = (round_ + k) % n
                runs[i].append(run(args.commands[i]))
            if args.probe:
                probes.append(probe(args.probe))
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()
    results = []
    for label, command, done in zip(args.labels, args.commands, runs):
        ts = [r[0] for r in done]
        fs = [r[1] for r in done if r[1] is not None]
        cpus = [r[2] for r in done]
        result = {
            "command": label, "full_command": command, "times": ts,
            "mean": statistics.mean(ts), "median": statistics.median(ts),
            "stddev": statistics.stdev(ts) if len(ts) > 1 else 0.0,
            "min": min(ts), "max": max(ts),
            "cpu_times": cpus, "cpu_median": statistics.median(cpus),
        }
        line = "%-28s mean %8.1f ms  median %8.1f ms  min %8.1f ms  cpu %7.1f ms" % (
            label, result["mean"] * 1e3, result["median"] * 1e3, result["min"] * 1e3,
            result["cpu_median"] * 1e3)
        if fs:
            result["first_times"] = fs
            result["first_median"] = statistics.median(fs)
            line += "  first output %7.1f ms" % (result["first_median"] * 1e3)
        if disk:
            per_run = [disk_figures(r[3], r[0]) for r in done]
            result["disk"] = per_run
            result["disk_median"] = {
                k: statistics.median(f[k] for f in per_run) for k in per_run[0]}
            d = result["disk_median"]
            line += "  reads %6.0f  %6.0f/s  depth %5.1f" % (
                d["reads"], d["reads_per_s"], d["depth"])
        if hogs:
            shares = [r[4] for r in done]
            result["hog_shares"] = shares
            result["hog_median"] = statistics.median(shares)
            line += "  hogs got %4.0f%% of a CPU each" % (result["hog_median"] * 100)
        results.append(result)
        print(line, file=sys.stderr)
    export = {"results": results}
    if probes:
        export["probe"] = probes
        export["probe_median"] = statistics.median(probes)
        print("%-28s median %8.0f" % ("probe", export["probe_median"]), file=sys.stderr)
    with open(args.export_json, "w") as out:
        json.dump(export, out, indent=1)


def probe(command):
    """Runs a probe command; returns the last number it printed."""
    out = subprocess.run(command, shell=True, check=True, stdout=subprocess.PIPE,
                         stdin=subprocess.DEVNULL, text=True).stdout
    return float(out.split()[-1])


def disk_of(path):
    """The (major, minor) of the disk that holds `path`, as /proc/diskstats names it;
    exits when it has no line there (a filesystem without a block device)."""
    dev = os.stat(path).st_dev
    wanted = (os.major(dev), os.minor(dev))
    with open("/proc/diskstats") as stats:
        for line in stats:
            fields = line.split()
            if (int(fields[0]), int(fields[1])) == wanted:
                return wanted
    sys.exit("interleave.py: %s is on no disk /proc/diskstats counts" % path)


def read_diskstats(disk):
    """The read counters of one disk: reads completed, sectors read, ms reading."""
    with open("/proc/diskstats") as stats:
        for line in stats:
            fields = line.split()
            if (int(fields[0]), int(fields[1])) == disk:
                return {"reads": int(fields[3]), "sectors": int(fields[5]),
                        "read_ms": int(fields[6])}
    sys.exit("interleave.py: disk %d:%d is gone from /proc/diskstats" % disk)


def disk_figures(counters, wall):
    """Reads, reads per second, average KiB per read and reads in flight, from the
    counters' change over one run of `wall` seconds."""
    reads = counters["reads"]
    return {
        "reads": reads,
        "reads_per_s": reads / wall,
        "kib_per_read": counters["sectors"] / 2 / reads if reads else 0.0,
        "depth": counters["read_ms"] / 1e3 / wall,
    }


def start_hogs(count):
    """Starts `count` CPU-bound processes."""
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"],
                             stdin=subprocess.DEVNULL) for _ in range(count)]


def hog_cpu(hog):
    """CPU seconds a hog has used: from /proc/PID/schedstat (nanoseconds) where the
    kernel keeps it, else /proc/PID/stat (clock ticks)."""
    try:
        with open("/proc/%d/schedstat" % hog.pid) as stat:
            return int(stat.read().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        with open("/proc/%d/stat" % hog.pid) as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


if __name__ == "__main__":
    main()

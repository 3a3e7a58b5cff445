#!/usr/bin/env bash
# The disk's own limit, for the cold-cache cases of bench/run.sh: 4 KiB random reads
# at queue depth 64 (fio, O_DIRECT, libaio, one job) from FILE for SECONDS, printed as
# reads per second. The first call lays FILE out (SIZE bytes of it); keep it on the
# filesystem being walked, so that the probe reads the same disk the walks do.
#
#   bench/probe_device.sh FILE [SECONDS] [SIZE]     # defaults: 2 s, 2G
set -euo pipefail
file=$1
seconds=${2:-2}
size=${3:-2G}
fio --name=probe --filename="$file" --size="$size" --rw=randread --bs=4k --direct=1 \
    --ioengine=libaio --iodepth=64 --runtime="$seconds" --time_based \
    --output-format=json 2>/dev/null |
    python3 -c 'import json, sys
text = sys.stdin.read()
print(round(json.loads(text[text.index("{"):])["jobs"][0]["read"]["iops"]))'

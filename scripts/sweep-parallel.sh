#!/usr/bin/env bash
# A kafkasim sweep spread over machines with GNU parallel. The seed range is cut into SHARDS
# shards (`kafkasim sweep --shard K/SHARDS`); parallel runs each shard on whichever host of the
# sshloginfile has a free slot, collects each shard's records (one JSON line per seed) from its
# standard output into RESULTS, and `kafkasim sweep-report` prints the merged report, the same as
# one unsharded sweep's.
#
# Usage:
#   scripts/sweep-parallel.sh --sshloginfile HOSTS --shards N --results FILE.jsonl \
#       [--kafkasim PATH] SCENARIO --seeds A..B [other kafkasim sweep options]
#
# HOSTS is GNU parallel's file: one host per line, as `[slots/]user@host`, where `:` is this
# machine (`4/:` runs four shards here at once). Every host needs kafkasim and the scenario at
# the same paths as here (a shared file system, or the same checkout at the same place). Each
# shard runs on one core (--jobs 1); parallel runs as many shards on a host as it has slots.
set -euo pipefail

usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

hosts="" shards="" results=""
kafkasim="$(cd "$(dirname "$0")/.." && pwd)/build/kafkasim"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --sshloginfile) hosts=$2; shift 2 ;;
    --shards) shards=$2; shift 2 ;;
    --results) results=$2; shift 2 ;;
    --kafkasim) kafkasim=$2; shift 2 ;;
    -h|--help) usage ;;
    *) break ;;
  esac
done
[[ -n "$hosts" && -n "$shards" && -n "$results" && $# -ge 1 ]] || usage
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || { echo "sweep-parallel: --shards must be a positive number" >&2; exit 2; }
command -v parallel >/dev/null || { echo "sweep-parallel: GNU parallel is not installed" >&2; exit 2; }

# The command each shard runs, quoted once here; parallel puts the shard number in for {}.
printf -v sweep '%q ' "$kafkasim" sweep "$@" --jobs 1 --out -
joblog=$(mktemp)
trap 'rm -f "$joblog"' EXIT
seq 1 "$shards" |
  parallel --will-cite --sshloginfile "$hosts" --joblog "$joblog" \
    "$sweep --shard {}/$shards" >"$results" || true
# Every shard must have run to its end: exit 0, or 1 when it found failing seeds (they are in its
# records). Anything else (a host that could not run kafkasim, a signal) is an error.
bad=$(awk 'NR > 1 && ($7 > 1 || $8 != 0) { print "  shard " $NF ": exit " $7 ", signal " $8 " on " $2 }' "$joblog")
ran=$(($(wc -l <"$joblog") - 1))
if [[ -n "$bad" || $ran -ne $shards ]]; then
  echo "sweep-parallel: $ran of $shards shards ran; these did not end well:" >&2
  echo "$bad" >&2
  exit 1
fi
exec "$kafkasim" sweep-report "$results"

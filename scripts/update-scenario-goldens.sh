#!/usr/bin/env bash
# Rewrites tests/golden/scenarios.csv from the scenario library: one row per file with the
# fingerprint `build/kafkasim run FILE --quiet` prints. Run it only when a change is meant to alter
# runs, and say in the commit why the fingerprints moved.
set -euo pipefail
cd "$(dirname "$0")/.."
out=tests/golden/scenarios.csv
echo "file,fingerprint" > "$out.tmp"
for f in $(cd scenarios && ls lessons/*.textproto replays/*.textproto 2>/dev/null | sort); do
  echo "$f,$(build/kafkasim run "scenarios/$f" --quiet | tail -n 1)" >> "$out.tmp"
done
mv "$out.tmp" "$out"
git --no-pager diff --stat -- "$out" || true

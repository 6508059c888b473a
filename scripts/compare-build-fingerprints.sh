#!/usr/bin/env bash
# Debug and Release must agree: runs the kernel and cluster demos for several seeds with two builds of
# kafkasim and fails on the first fingerprint that differs.
# Usage: scripts/compare-build-fingerprints.sh RELEASE_BINARY DEBUG_BINARY
# Exits 77 (skipped) when the Debug binary has not been built (`make debug` builds it).
set -euo pipefail
release=$1 debug=$2
if [[ ! -x "$debug" ]]; then
  echo "no Debug build at $debug: run 'make debug' (make test does)"
  exit 77
fi
for demo in demo-kernel demo-cluster; do
  for seed in 1 2 3 4 5; do
    a=$("$release" "$demo" --seed "$seed" --quiet)
    b=$("$debug" "$demo" --seed "$seed" --quiet)
    if [[ "$a" != "$b" ]]; then
      echo "$demo seed $seed: Release $a, Debug $b"
      exit 1
    fi
    echo "$demo seed $seed: $a in both builds"
  done
done

#!/usr/bin/env bash
# Shows that check-source-rules.sh fails on each kind of violation (so the rule test can fail).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
expect_caught() {  # description, relative path, content
  rm -rf "${tmp:?}"/*
  mkdir -p "$tmp/sim" "$tmp/model" "$tmp/app" "$(dirname "$tmp/$2")"
  echo "int ok();" > "$tmp/sim/ok.h"
  printf '%s\n' "$3" > "$tmp/$2"
  if "$here/check-source-rules.sh" "$tmp" >/dev/null; then
    echo "NOT CAUGHT: $1"
    failures=$((failures + 1))
  else
    echo "caught: $1"
  fi
}
expect_caught "random_device in sim" sim/a.cc 'std::random_device rd;'
expect_caught "a <random> distribution in model" model/a.cc 'std::uniform_int_distribution<int> d(0, 9);'
expect_caught "steady_clock in model" model/a.cc 'auto t = std::chrono::steady_clock::now();'
expect_caught "rand() in sim" sim/a.cc 'int x = rand();'
expect_caught "std::thread in model" model/a.cc 'std::thread t([]{});'
expect_caught "unordered_map in model" model/a.h 'std::unordered_map<int, int> m;'
expect_caught "model including viz" model/a.h '#include "viz/panel.h"'
expect_caught "sim including model" sim/a.h '#include "model/broker.h"'
expect_caught "file I/O in model" model/a.cc '#include <fstream>'
# And a clean tree passes.
rm -rf "${tmp:?}"/*; mkdir -p "$tmp/sim"; echo '#include "sim/time.h"' > "$tmp/sim/a.cc"
if ! "$here/check-source-rules.sh" "$tmp" >/dev/null; then
  echo "clean tree rejected"; failures=$((failures + 1))
fi
[[ $failures -eq 0 ]] && echo "every violation caught"
exit $failures

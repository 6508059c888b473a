#!/usr/bin/env bash
# Structural rules of DESIGN.md that the compiler cannot see:
#  1. determinism: no wall clocks, no unseeded or library randomness, no threads in sim/ and model/;
#  2. layering: sim <- model <- scenarios <- viz <- app; a folder includes only itself and below;
#  3. no UI or file I/O in sim/ and model/.
# Prints every violation with file and line; exits 1 if there is any.
# Usage: scripts/check-source-rules.sh [ROOT]   (default: the repository)
set -uo pipefail
cd "${1:-$(dirname "$0")/..}"
status=0

report() {  # title, grep output
  if [[ -n "$2" ]]; then
    echo "$1"
    echo "$2" | sed 's/^/  /'
    status=1
  fi
}

banned='\b(s?rand|rand_r|drand48|random)\s*\(|random_device|system_clock|steady_clock|high_resolution_clock|std::thread|std::jthread|std::async|pthread_|time\s*\(\s*(NULL|nullptr|0)?\s*\)|gettimeofday|clock_gettime|#include\s*<random>|_distribution\b|std::hash\b|unordered_(map|set)'
report "Non-deterministic or unordered API in sim/ or model/ (DESIGN.md, Determinism):" \
  "$(grep -rnE "$banned" sim model 2>/dev/null --include='*.h' --include='*.cc' | grep -v 'NOLINT(determinism)')"

report "UI or file I/O in sim/ or model/ (DESIGN.md, Layout):" \
  "$(grep -rnE '#include\s*[<"](imgui|GLFW|fstream|filesystem)' sim model 2>/dev/null --include='*.h' --include='*.cc' | grep -v 'NOLINT(io)')"

layer_check() {  # folder, allowed include prefixes (regex alternation)
  local folder=$1 allowed=$2
  [[ -d "$folder" ]] || return 0
  report "$folder/ includes a layer above it (sim <- model <- scenarios <- viz <- app):" \
    "$(grep -rnE '#include\s*"[a-z_]+/' "$folder" --include='*.h' --include='*.cc' |
       grep -vE "#include\s*\"($allowed)/")"
}
layer_check sim 'sim'
layer_check model 'sim|model'
layer_check scenarios 'sim|model|scenarios'
layer_check viz 'sim|model|scenarios|viz'
layer_check app 'sim|model|scenarios|viz|app'

[[ $status -eq 0 ]] && echo "source rules: determinism, layering and I/O rules hold"
exit $status

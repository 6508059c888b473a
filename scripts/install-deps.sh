#!/usr/bin/env bash
# Installs every Debian 12 package kafkasim needs to build, test, benchmark and show its view.
# This is the only list of the project's packages. It does nothing when all of them are present and
# runs `apt-get update` only when something is missing. Safe to run again and again.
set -euo pipefail

packages=(
  # toolchain
  g++ cmake ninja-build ccache make clang-format
  # libraries
  libboost-graph-dev        # network topology and routing (sim/)
  protobuf-compiler libprotobuf-dev  # scenario files (scenarios/)
  libimgui-dev libstb-dev libglfw3-dev libgl-dev  # the view (viz/), PNG screenshots
  libcli11-dev libfmt-dev   # command line and formatting (app/)
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  xvfb xauth                # headless view tests
  clang libclang-rt-14-dev  # libFuzzer for the scenario loader (make fuzz)
  # real Kafka clients for the tests of `kafkasim serve` (tests/real_clients/, /usr/bin/python3)
  kcat python3-kafka python3-confluent-kafka
  # distributed sweeps: kafkasim-mpi (Open MPI) and the GNU parallel recipe (docs/sweeps.md)
  openmpi-bin libopenmpi-dev parallel
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"

// Golden fingerprints: tests/golden/<name>.csv holds "seed,fingerprint" rows under a header. A
// test runs each seed and compares. To update on purpose, run the tests with
// KAFKASIM_UPDATE_GOLDENS=1 (each file is rewritten with what its seeds give now; the scenario
// library's own file with scripts/update-scenario-goldens.sh), and say in the commit what changed
// the behaviour.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "sim/trace.h"

namespace kafkasim::testing {

// The (seed, fingerprint) rows of tests/golden/<name>.csv.
inline std::vector<std::pair<uint64_t, std::string>> ReadGolden(const std::string& name) {
  std::vector<std::pair<uint64_t, std::string>> rows;
  std::ifstream in(std::string(KAFKASIM_SOURCE_DIR) + "/tests/golden/" + name + ".csv");
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const size_t comma = line.find(',');
    rows.push_back({std::stoull(line.substr(0, comma)), line.substr(comma + 1)});
  }
  return rows;
}

// Runs `run(seed)` for every row and expects its fingerprint; at least `min_rows` rows.
inline void ExpectGoldenFingerprints(const std::string& name,
                                     const std::function<uint64_t(uint64_t)>& run,
                                     size_t min_rows = 3) {
  const auto rows = ReadGolden(name);
  EXPECT_GE(rows.size(), min_rows) << "tests/golden/" << name << ".csv";
  if (std::getenv("KAFKASIM_UPDATE_GOLDENS") != nullptr) {
    std::ofstream out(std::string(KAFKASIM_SOURCE_DIR) + "/tests/golden/" + name + ".csv");
    out << "seed,fingerprint\n";
    for (const auto& [seed, fingerprint] : rows) {
      out << seed << ',' << sim::FingerprintHex(run(seed)) << '\n';
    }
    return;
  }
  for (const auto& [seed, fingerprint] : rows) {
    EXPECT_EQ(sim::FingerprintHex(run(seed)), fingerprint) << name << " seed " << seed;
  }
}

}  // namespace kafkasim::testing

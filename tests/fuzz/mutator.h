// A seeded mutator for the fuzz smoke runs in the test suite: byte flips, inserted tokens,
// deletions, splices from other corpus entries, truncations and repeats, a few at a time. The
// same seed gives the same inputs, so a failure found here is found again.
#pragma once

#include <string>
#include <vector>

#include "sim/rng.h"

namespace kafkasim::fuzz {

inline std::string Mutate(std::string s, const std::vector<std::string>& corpus,
                          const std::vector<std::string>& tokens, sim::Rng& rng) {
  const int edits = 1 + static_cast<int>(rng.Below(8));
  for (int i = 0; i < edits; ++i) {
    const size_t at = s.empty() ? 0 : rng.Below(s.size());
    switch (rng.Below(6)) {
      case 0:
        if (!s.empty()) s[at] = static_cast<char>(rng.Below(256));
        break;
      case 1:
        s.insert(at, tokens[rng.Below(tokens.size())]);
        break;
      case 2:
        if (!s.empty()) s.erase(at, 1 + rng.Below(16));
        break;
      case 3: {
        const std::string& other = corpus[rng.Below(corpus.size())];
        if (!other.empty()) s.insert(at, other.substr(rng.Below(other.size()), 1 + rng.Below(64)));
        break;
      }
      case 4:
        s.resize(at);
        break;
      case 5:
        if (!s.empty()) s.insert(at, std::string(1 + rng.Below(4), s[at]));
        break;
    }
  }
  return s;
}

}  // namespace kafkasim::fuzz

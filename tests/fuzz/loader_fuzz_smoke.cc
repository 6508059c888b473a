// A short, deterministic fuzz run for the test suite: the scenario library as the corpus, then
// seeded mutations (byte flips, insertions, deletions, splices, truncations) fed to the libFuzzer
// target. Usage: kafkasim_fuzz_loader_smoke SCENARIO_DIR [ITERATIONS] [SEED]
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sim/rng.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

std::string Mutate(std::string s, const std::vector<std::string>& corpus, sim::Rng& rng) {
  static const std::vector<std::string> kTokens = {"{",
                                                   "}",
                                                   ":",
                                                   "\"",
                                                   "topics",
                                                   "timeline",
                                                   "at: \"",
                                                   "kill: \"broker-101\"",
                                                   "check: \"",
                                                   "config { key: \"",
                                                   "replication_factor: ",
                                                   "-1",
                                                   "99999999999999999999",
                                                   "\\",
                                                   "\n",
                                                   "#"};
  const int edits = 1 + static_cast<int>(rng.Below(8));
  for (int i = 0; i < edits; ++i) {
    const size_t at = s.empty() ? 0 : rng.Below(s.size());
    switch (rng.Below(6)) {
      case 0:
        if (!s.empty()) s[at] = static_cast<char>(rng.Below(256));
        break;
      case 1:
        s.insert(at, kTokens[rng.Below(kTokens.size())]);
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

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s SCENARIO_DIR [ITERATIONS] [SEED]\n", argv[0]);
    return 2;
  }
  const long iterations = argc > 2 ? std::atol(argv[2]) : 20000;
  const uint64_t seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1;
  std::vector<std::string> corpus;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(argv[1])) {
    if (entry.path().extension() != ".textproto") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    corpus.push_back(text.str());
  }
  if (corpus.empty()) {
    std::fprintf(stderr, "no .textproto files under %s\n", argv[1]);
    return 2;
  }
  sim::Rng rng(seed);
  for (const std::string& c : corpus) {
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(c.data()), c.size());
  }
  for (long i = 0; i < iterations; ++i) {
    const std::string input = Mutate(corpus[rng.Below(corpus.size())], corpus, rng);
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
  }
  std::printf("loader fuzz smoke: %zu corpus files, %ld mutations, seed %llu, no crash\n",
              corpus.size(), iterations, static_cast<unsigned long long>(seed));
  return 0;
}

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
#include "tests/fuzz/mutator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

const std::vector<std::string> kTokens = {"{",
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
    const std::string input =
        kafkasim::fuzz::Mutate(corpus[rng.Below(corpus.size())], corpus, kTokens, rng);
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
  }
  std::printf("loader fuzz smoke: %zu corpus files, %ld mutations, seed %llu, no crash\n",
              corpus.size(), iterations, static_cast<unsigned long long>(seed));
  return 0;
}

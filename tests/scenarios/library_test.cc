// The scenario library: every lesson and replay loads, runs to a passing verdict, and gives the
// fingerprint pinned in tests/golden/scenarios.csv (rewrite it with
// scripts/update-scenario-goldens.sh and say why in the commit).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "scenarios/loader.h"
#include "scenarios/runner.h"
#include "sim/trace.h"

namespace kafkasim::scenarios {
namespace {

std::vector<std::string> LibraryFiles() {
  std::vector<std::string> files;
  for (const char* dir : {"lessons", "replays"}) {
    const std::filesystem::path root =
        std::filesystem::path(KAFKASIM_SOURCE_DIR) / "scenarios" / dir;
    if (!std::filesystem::exists(root)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(root)) {
      if (entry.path().extension() == ".textproto") {
        files.push_back(std::string(dir) + "/" + entry.path().filename().string());
      }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::map<std::string, std::string> Goldens() {
  std::map<std::string, std::string> goldens;
  std::ifstream in(std::string(KAFKASIM_SOURCE_DIR) + "/tests/golden/scenarios.csv");
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    const size_t comma = line.find(',');
    if (comma != std::string::npos) goldens[line.substr(0, comma)] = line.substr(comma + 1);
  }
  return goldens;
}

TEST(ScenarioLibrary, EveryFileLoadsRunsAndPasses) {
  const auto files = LibraryFiles();
  ASSERT_GE(files.size(), 1u);
  const auto goldens = Goldens();
  for (const std::string& file : files) {
    SCOPED_TRACE(file);
    const Loaded loaded = LoadScenarioFile(std::string(KAFKASIM_SOURCE_DIR) + "/scenarios/" + file);
    ASSERT_TRUE(loaded.ok()) << loaded.errors.front().ToString();
    ScenarioRunner runner(*loaded.scenario, {});
    const RunReport report = runner.Run();
    for (const auto& c : report.checks) EXPECT_TRUE(c.passed) << c.check << ": " << c.actual;
    const auto unexpected = report.UnexpectedViolations();
    EXPECT_TRUE(unexpected.empty()) << unexpected.front();
    EXPECT_TRUE(report.MissingViolations().empty());
    EXPECT_TRUE(report.passed());
    const auto golden = goldens.find(file);
    ASSERT_NE(golden, goldens.end()) << "no golden fingerprint for " << file;
    EXPECT_EQ(sim::FingerprintHex(report.fingerprint), golden->second);
  }
}

}  // namespace
}  // namespace kafkasim::scenarios

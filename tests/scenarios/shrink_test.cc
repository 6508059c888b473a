// Shrinking: a drawn schedule written out as explicit faults plays exactly as the nemesis did;
// a failing unsafe seed shrinks to fewer, shorter faults that still fail the same way; a passing
// seed has nothing to shrink; "the same way" means the same class and kind of failure.
#include "scenarios/shrink.h"

#include <gtest/gtest.h>

#include "scenarios/loader.h"

namespace kafkasim::scenarios {
namespace {

const std::set<std::string> kFaults = {"kill", "power", "partition"};

scenario::Scenario Load(const std::string& file) {
  const Loaded loaded =
      LoadScenarioFile(std::string(KAFKASIM_SOURCE_DIR) + "/scenarios/sweeps/" + file);
  EXPECT_TRUE(loaded.ok());
  return loaded.ok() ? *loaded.scenario : scenario::Scenario();
}

TEST(Shrink, AnExplicitScheduleRunsAsTheNemesisDrewIt) {
  const scenario::Scenario base = Load("unsafe-acks-1.textproto");
  for (const uint64_t seed : {1, 2}) {
    const NemesisSchedule drawn = DrawNemesis(base, kFaults, seed);
    EXPECT_EQ(JudgeSeed(WithSchedule(base, drawn, seed), seed).fingerprint,
              RunSweepSeed(base, kFaults, seed).fingerprint)
        << "seed " << seed;
  }
}

TEST(Shrink, AFailingUnsafeSeedShrinksAndStillFailsTheSameWay) {
  const scenario::Scenario base = Load("unsafe-acks-1.textproto");
  std::vector<std::string> heard;
  const ShrinkResult r =
      Shrink(base, kFaults, 1, [&](const std::string& line) { heard.push_back(line); });
  ASSERT_FALSE(r.original.passed);
  EXPECT_EQ(r.original.failure_class, "correctness");
  EXPECT_LT(r.smallest.faults.size(), r.drawn.faults.size());
  EXPECT_EQ(r.removed.size() + r.smallest.faults.size(), r.drawn.faults.size());
  EXPECT_FALSE(heard.empty());
  EXPECT_TRUE(FailsTheSameWay(r.original, r.last)) << r.last.first_anomaly;
  // No fault got longer, and every one that is left is still one of those drawn.
  sim::Duration drawn_total, shrunk_total;
  for (const Fault& f : r.drawn.faults) drawn_total = drawn_total + (f.end - f.start);
  for (const Fault& f : r.smallest.faults) shrunk_total = shrunk_total + (f.end - f.start);
  EXPECT_LT(shrunk_total, drawn_total);
  // The written scenario fails on its own, with no nemesis.
  const scenario::Scenario alone = WithSchedule(base, r.smallest, 1);
  EXPECT_EQ(alone.seed(), 1u);
  EXPECT_TRUE(FailsTheSameWay(r.original, JudgeSeed(alone, 1)));
}

TEST(Shrink, APassingSeedHasNothingToShrink) {
  const ShrinkResult r =
      Shrink(Load("safe-settings.textproto"), {"kill"}, 1, [](const std::string&) {});
  EXPECT_TRUE(r.original.passed);
  EXPECT_EQ(r.runs, 1);
}

TEST(Shrink, TheSameWayMeansTheSameClassAndKind) {
  SeedResult original;
  original.failure_class = "correctness";
  original.first_anomaly = "lost-write in orders-0 at offset 3, value 4 at 31s";
  SeedResult other = original;
  EXPECT_TRUE(FailsTheSameWay(original, other));
  other.first_anomaly = "inconsistent-offsets in orders-0 at offset 3, values 4,9 at 0s";
  EXPECT_FALSE(FailsTheSameWay(original, other));
  other.anomalies["lost-write"] = 2;  // still among its anomalies
  EXPECT_TRUE(FailsTheSameWay(original, other));
  other.failure_class = "liveness";
  EXPECT_FALSE(FailsTheSameWay(original, other));
  other = original;
  other.passed = true;
  EXPECT_FALSE(FailsTheSameWay(original, other));
}

}  // namespace
}  // namespace kafkasim::scenarios

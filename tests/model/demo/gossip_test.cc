// The kernel demo as a whole: reproducible from its seed (identical traces, identical
// fingerprints), different across seeds, pinned to golden fingerprints, and doing real work.
#include "model/demo/gossip.h"

#include <gtest/gtest.h>

#include "tests/golden_fingerprints.h"

#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace demo {
namespace {
using namespace sim::literals;

struct Recorded {
  GossipSummary summary;
  std::vector<sim::MemoryTraceSink::Event> events;
};

Recorded RunRecorded(uint64_t seed, GossipConfig config = {}) {
  GossipDemo demo(seed, config);
  sim::MemoryTraceSink memory;
  demo.world().trace().AddSink(&memory);
  Recorded r{demo.Run(), {}};
  r.events = memory.events();
  return r;
}

TEST(GossipDemo, SameSeedGivesIdenticalTracesAndFingerprints) {
  const Recorded one = RunRecorded(11);
  const Recorded two = RunRecorded(11);
  ASSERT_EQ(one.events.size(), two.events.size());
  for (size_t i = 0; i < one.events.size(); ++i) {
    ASSERT_EQ(one.events[i], two.events[i]) << "first difference at event " << i;
  }
  EXPECT_EQ(one.summary.fingerprint, two.summary.fingerprint);
}

TEST(GossipDemo, DifferentSeedsDiffer) {
  EXPECT_NE(RunRecorded(1).summary.fingerprint, RunRecorded(2).summary.fingerprint);
}

TEST(GossipDemo, AttachingASinkDoesNotChangeTheRun) {
  GossipDemo bare(3, {});
  EXPECT_EQ(bare.Run().fingerprint, RunRecorded(3).summary.fingerprint);
}

TEST(GossipDemo, TheNemesisUsesEveryFault) {
  const GossipSummary s = RunRecorded(1).summary;
  EXPECT_GT(s.link_cuts, 0);
  EXPECT_GT(s.splits, 0);
  EXPECT_GT(s.process_kills + s.power_losses, 0);
  EXPECT_GT(s.pauses, 0);
  EXPECT_GT(s.stats.messages_dropped, 0u);
}

TEST(GossipDemo, WithoutFaultsEveryRumourReachesEveryNode) {
  GossipConfig config;
  config.faults = false;
  config.duration = 30_s;
  GossipDemo demo(4, config);
  sim::MemoryTraceSink memory;
  demo.world().trace().AddSink(&memory);
  const GossipSummary s = demo.Run();
  EXPECT_EQ(s.stats.messages_dropped, 0u);
  // Every rumour born in the first 20 s has reached all 20 nodes by 30 s; younger ones may still
  // be spreading.
  int old_rumours = 0;
  for (const auto& born : memory.OfKind("gossip.originate")) {
    if (born.time > sim::Time::Zero() + 20_s) continue;
    ++old_rumours;
    for (uint32_t n = 0; n < 20; ++n) {
      EXPECT_TRUE(demo.world()
                      .node_as<GossipNode>(sim::NodeId{n})
                      .rumours()
                      .contains(static_cast<uint64_t>(born.Number("rumour"))))
          << "node " << n << " misses a rumour born at " << sim::ToString(born.time);
    }
  }
  EXPECT_GT(old_rumours, 50);
}

TEST(GossipDemo, PowerLossLosesOnlyUnflushedRumours) {
  // Every rumour a node logged before its last flush survives a power loss; a process kill
  // keeps the whole log (the page cache survives).
  GossipDemo demo(5, {.nodes = 3, .extra_links = 0, .duration = 60_s, .faults = false});
  demo.world().Start();
  demo.world().RunFor(10_s);
  const sim::NodeId victim{0};
  auto& node = demo.world().node_as<GossipNode>(victim);
  const size_t durable = node.durable();
  const size_t known_before = node.rumours().size();
  ASSERT_GT(durable, 0u);
  demo.world().Crash(victim, sim::CrashKind::kProcess);
  demo.world().Restart(victim);
  demo.world().RunFor(1_ns);
  EXPECT_EQ(node.rumours().size(), known_before);
  demo.world().Crash(victim, sim::CrashKind::kPowerLoss);
  demo.world().Restart(victim);
  demo.world().RunFor(1_ns);
  EXPECT_EQ(node.rumours().size(), durable);
}

// Golden fingerprints, one per seed, in tests/golden/kernel_demo.csv. To update on purpose:
// `build/kafkasim demo-kernel --seed N --quiet` for each seed, and explain why in the commit.
TEST(GossipDemo, MatchesGoldenFingerprints) {
  kafkasim::testing::ExpectGoldenFingerprints(
      "kernel_demo", [](uint64_t seed) { return GossipDemo(seed, {}).Run().fingerprint; });
}

}  // namespace
}  // namespace demo

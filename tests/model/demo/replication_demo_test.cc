// The replication demo: it passes under every release profile, a seed gives one fingerprint, and
// the fingerprints of seeds 1-3 are pinned (tests/golden/cluster_demo.csv; update with
// `build/kafkasim demo-cluster --seed N --quiet`).
#include "model/demo/replication_demo.h"

#include <gtest/gtest.h>

#include "model/common/version_profile.h"
#include "tests/golden_fingerprints.h"

namespace demo {
namespace {

TEST(ReplicationDemo, KeepsEveryAcknowledgedWriteUnderEveryRelease) {
  for (std::string_view version : kafka::VersionProfileNames()) {
    SCOPED_TRACE(version);
    ReplicationDemoConfig config;
    config.version = std::string(version);
    const ReplicationDemoSummary s = ReplicationDemo(1, config).Run();
    EXPECT_TRUE(s.ok()) << (s.violations.empty() ? "" : s.violations.front());
    EXPECT_TRUE(s.lost.empty()) << (s.lost.empty() ? "" : s.lost.front());
    // The leader was down for a while: some writes went unanswered or were refused, most not.
    EXPECT_GT(s.acked, s.sent / 2);
    EXPECT_GT(s.unanswered + s.refused, 0);
  }
}

TEST(ReplicationDemo, SameSeedSameFingerprint) {
  const uint64_t a = ReplicationDemo(7, {}).Run().fingerprint;
  const uint64_t b = ReplicationDemo(7, {}).Run().fingerprint;
  const uint64_t c = ReplicationDemo(8, {}).Run().fingerprint;
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
}

TEST(ReplicationDemo, MatchesGoldenFingerprints) {
  kafkasim::testing::ExpectGoldenFingerprints(
      "cluster_demo", [](uint64_t seed) { return ReplicationDemo(seed, {}).Run().fingerprint; });
}

}  // namespace
}  // namespace demo

// Burrow's lag rules on worked examples: each window is built so that exactly one rule decides.
#include "model/check/lag_status.h"

#include <gtest/gtest.h>

#include <vector>

namespace kafka {
namespace {

// Commits every 60 s from t = 0.
std::vector<CommitSample> Window(std::vector<std::pair<int64_t, int64_t>> offsets_and_lags) {
  std::vector<CommitSample> w;
  int64_t t = 0;
  for (auto [offset, lag] : offsets_and_lags) {
    w.push_back({t, offset, lag});
    t += 60'000;
  }
  return w;
}

TEST(LagStatus, NoCommitsIsNotFoundAndNoLagIsOk) {
  EXPECT_EQ(EvaluatePartition({}, 10, 100, 0), LagStatus::kNotFound);
  const auto w = Window({{10, 5}, {20, 5}});
  EXPECT_EQ(EvaluatePartition(w, 0, 20, 60'000), LagStatus::kOk);  // rule 1
}

TEST(LagStatus, StopWhenCommitsCeaseForLongerThanTheWindowSpans) {
  const auto w = Window({{10, 5}, {20, 5}, {30, 5}});  // spans 120 s
  EXPECT_EQ(EvaluatePartition(w, 5, 35, 120'000 + 121'000), LagStatus::kStop);
  EXPECT_NE(EvaluatePartition(w, 5, 35, 120'000 + 119'000), LagStatus::kStop);
  // Not STOP if the broker's offset shows the consumer had caught up.
  EXPECT_NE(EvaluatePartition(w, 5, 30, 120'000 + 121'000), LagStatus::kStop);
}

TEST(LagStatus, RewindUnlessALaterCommitClimbsBack) {
  EXPECT_EQ(EvaluatePartition(Window({{50, 5}, {60, 5}, {20, 40}, {30, 40}}), 40, 70, 180'000),
            LagStatus::kRewind);
  EXPECT_NE(EvaluatePartition(Window({{50, 5}, {60, 5}, {20, 40}, {60, 40}}), 40, 100, 180'000),
            LagStatus::kRewind);
}

TEST(LagStatus, StallWarnAndOkByTheWindow) {
  // Lag somewhere in the window was zero: OK (rule 4) even with lag now.
  EXPECT_EQ(EvaluatePartition(Window({{10, 0}, {20, 3}, {30, 6}}), 6, 36, 120'000), LagStatus::kOk);
  // The offset never moved: STALL.
  EXPECT_EQ(EvaluatePartition(Window({{10, 3}, {10, 6}, {10, 9}}), 9, 19, 120'000),
            LagStatus::kStall);
  // It moves but lag never falls: WARN.
  EXPECT_EQ(EvaluatePartition(Window({{10, 3}, {20, 3}, {30, 4}}), 4, 34, 120'000),
            LagStatus::kWarn);
  // It moves and lag falls once: OK (rule 7).
  EXPECT_EQ(EvaluatePartition(Window({{10, 3}, {20, 5}, {30, 4}}), 4, 34, 120'000), LagStatus::kOk);
}

TEST(LagStatus, TheGroupShowsItsWorstPartitionWithErrForStopStallRewind) {
  const std::vector<LagStatus> ok_warn = {LagStatus::kOk, LagStatus::kWarn};
  EXPECT_EQ(CombineGroup(ok_warn), LagStatus::kWarn);
  const std::vector<LagStatus> stall = {LagStatus::kWarn, LagStatus::kStall};
  EXPECT_EQ(CombineGroup(stall), LagStatus::kErr);
  EXPECT_EQ(CombineGroup({}), LagStatus::kNotFound);
  EXPECT_STREQ(ToString(LagStatus::kRewind), "REWIND");
}

}  // namespace
}  // namespace kafka

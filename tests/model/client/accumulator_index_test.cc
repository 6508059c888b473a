// The accumulator index: which queues are due, the next ready time among the others, and the
// earliest expiry, as the producer's drain asks for them.
#include "model/client/accumulator_index.h"

#include <gtest/gtest.h>

namespace kafka {
namespace {

using Keys = AccumulatorIndex::Keys;

TEST(AccumulatorIndex, DueQueuesComeInPartitionOrder) {
  AccumulatorIndex index;
  index.Set({"t", 7}, Keys{100, 100, 1000});
  index.Set({"t", 2}, Keys{AccumulatorIndex::kReadyNow, AccumulatorIndex::kReadyNow, 900});
  index.Set({"t", 5}, Keys{150, 150, 950});
  EXPECT_EQ(index.Due(120), (std::vector<TopicPartition>{{"t", 2}, {"t", 7}}));
  EXPECT_EQ(index.Due(150), (std::vector<TopicPartition>{{"t", 2}, {"t", 5}, {"t", 7}}));
}

TEST(AccumulatorIndex, NextReadySkipsTheQueuesBeingVisited) {
  AccumulatorIndex index;
  index.Set({"t", 1}, Keys{100, 100, std::nullopt});
  index.Set({"t", 2}, Keys{130, 130, std::nullopt});
  index.Set({"t", 3}, Keys{170, 170, std::nullopt});
  EXPECT_EQ(index.NextReadyAfter(100, {}), 130);
  EXPECT_EQ(index.NextReadyAfter(100, {{"t", 2}}), 170);
  EXPECT_EQ(index.NextReadyAfter(200, {}), std::nullopt);
}

TEST(AccumulatorIndex, ForgetsEmptiedQueuesAndFollowsChangedKeys) {
  AccumulatorIndex index;
  index.Set({"t", 1}, Keys{100, 100, 500});
  index.Set({"t", 2}, Keys{300, std::nullopt, std::nullopt});  // muted: only its expiry is due
  EXPECT_EQ(index.EarliestExpiry(), 500);
  index.Set({"t", 1}, Keys{400, 400, 800});
  EXPECT_EQ(index.EarliestExpiry(), 800);
  EXPECT_EQ(index.Due(350), (std::vector<TopicPartition>{{"t", 2}}));
  index.Set({"t", 1}, std::nullopt);
  EXPECT_EQ(index.EarliestExpiry(), std::nullopt);
  EXPECT_EQ(index.NextReadyAfter(0, {}), std::nullopt);
  index.Clear();
  EXPECT_TRUE(index.Due(AccumulatorIndex::kNever - 1).empty());
}

}  // namespace
}  // namespace kafka

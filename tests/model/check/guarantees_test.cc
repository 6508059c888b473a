// The course's guarantees and a group's delivery, read from hand-written histories.
#include "model/check/guarantees.h"

#include <gtest/gtest.h>

namespace kafka {
namespace {

using sim::Time;
const TopicPartition kP0{"orders", 0}, kP1{"orders", 1};

HistoryEvent At(int64_t ms, std::string client, HistoryType type, TopicPartition tp = {},
                Offset offset = -1, int64_t value = -1, std::optional<std::string> key = {}) {
  return {Time::Zero() + sim::Duration::Millis(ms),
          std::move(client),
          type,
          tp,
          offset,
          value,
          std::move(key)};
}

TEST(Guarantees, SendOrderHoldsWhenTheLogFollowsSendsAndBreaksOnARetriedDuplicate) {
  History h;
  for (int64_t v = 1; v <= 4; ++v) h.Add(At(v, "p", HistoryType::kInvoke, {"orders", -1}, -1, v));
  h.Add(At(5, "q", HistoryType::kInvoke, {"orders", -1}, -1, 100));
  // Another producer's records in between, and a lost record (3), do not matter.
  EXPECT_TRUE(SendOrderViolations(h, {{kP0, {1, 100, 2, 4}}}).empty());
  // Value 2 was retried after 3 had been appended: a duplicate, out of order.
  const auto found = SendOrderViolations(h, {{kP0, {1, 2, 3, 2, 4}}});
  const std::set<std::string> only_q = {"q"};
  EXPECT_TRUE(SendOrderViolations(h, {{kP0, {1, 2, 3, 2, 4}}}, &only_q).empty());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0],
            "p's records in orders-0 are out of send order: offset 3 holds its send #2, after "
            "send #3 at offset 2");
}

TEST(Guarantees, ReadOrderAllowsARereadOnlyAfterThePartitionWasLost) {
  History h;
  h.Add(At(1, "c-1", HistoryType::kAssign, kP0));
  h.Add(At(2, "c-1", HistoryType::kPoll, kP0, 0, 1));
  h.Add(At(3, "c-1", HistoryType::kPoll, kP0, 1, 2));
  h.Add(At(4, "c-1", HistoryType::kRevoke, kP0));
  h.Add(At(5, "c-1", HistoryType::kAssign, kP0));
  h.Add(At(6, "c-1", HistoryType::kPoll, kP0, 0, 1));  // from the committed offset again: fine
  EXPECT_TRUE(ReadOrderViolations(h).empty());
  h.Add(At(7, "c-1", HistoryType::kPoll, kP0, 0, 1));  // backwards while still owned
  ASSERT_EQ(ReadOrderViolations(h).size(), 1u);
  EXPECT_EQ(ReadOrderViolations(h)[0],
            "c-1 read orders-0 offset 0 after offset 0 without losing the partition");
}

TEST(Guarantees, AKeyInTwoPartitionsIsReported) {
  History h;
  h.Add(At(1, "p", HistoryType::kOk, kP0, 0, 1, "truck-1"));
  h.Add(At(2, "p", HistoryType::kOk, kP0, 1, 2, "truck-1"));
  h.Add(At(3, "p", HistoryType::kOk, kP1, 0, 3, "truck-2"));
  EXPECT_TRUE(KeyPartitionViolations(h).empty());
  h.Add(At(4, "p", HistoryType::kOk, kP1, 1, 4, "truck-1"));
  EXPECT_EQ(KeyPartitionViolations(h), std::vector<std::string>{"key truck-1 went to orders-0, "
                                                                "orders-1"});
  const std::set<std::string> other_topics = {"payments"};
  EXPECT_TRUE(KeyPartitionViolations(h, &other_topics).empty());
}

TEST(Guarantees, AGroupsMissedAndDuplicatedRecords) {
  History h;
  for (int64_t v = 1; v <= 3; ++v) h.Add(At(v, "p", HistoryType::kOk, kP0, v - 1, v));
  h.Add(At(9000, "p", HistoryType::kOk, kP0, 3, 4));  // after the cut-off: not counted
  h.Add(At(10, "g-1", HistoryType::kProcess, kP0, 0, 1));
  h.Add(At(11, "g-1", HistoryType::kProcess, kP0, 1, 2));
  h.Add(At(12, "g-2", HistoryType::kProcess, kP0, 1, 2));      // again, by another member
  h.Add(At(13, "other-1", HistoryType::kProcess, kP0, 2, 3));  // not a member
  const GroupDelivery d =
      SummarizeGroup(h, {"g-1", "g-2"}, {"orders"}, Time::Zero() + sim::Duration::Seconds(5));
  EXPECT_EQ(d.acknowledged, 3);
  EXPECT_EQ(d.missed, std::vector<int64_t>{3});
  EXPECT_EQ(d.duplicated, (std::map<int64_t, int>{{2, 2}}));
}

}  // namespace
}  // namespace kafka

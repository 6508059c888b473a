// The history gives back every event exactly as a client added it, though it stores names,
// partitions and keys by number.
#include "model/check/history.h"

#include <gtest/gtest.h>

namespace kafka {
namespace {

using sim::Duration;
using sim::Time;

HistoryEvent Event(int64_t ms, std::string client, HistoryType type, TopicPartition tp,
                   Offset offset, int64_t value, std::optional<std::string> key,
                   ErrorCode error = ErrorCode::kNone) {
  return {Time() + Duration::Millis(ms),
          std::move(client),
          type,
          std::move(tp),
          offset,
          value,
          std::move(key),
          error};
}

void ExpectSame(const HistoryEvent& a, const HistoryEvent& b) {
  EXPECT_EQ(a.time, b.time);
  EXPECT_EQ(a.client, b.client);
  EXPECT_EQ(a.type, b.type);
  EXPECT_EQ(a.tp, b.tp);
  EXPECT_EQ(a.offset, b.offset);
  EXPECT_EQ(a.value, b.value);
  EXPECT_EQ(a.key, b.key);
  EXPECT_EQ(a.error, b.error);
}

TEST(History, GivesBackEveryEventAsItWasAdded) {
  const std::vector<HistoryEvent> added = {
      Event(1, "producer-1", HistoryType::kInvoke, {"orders", -1}, -1, 1, "key-0"),
      Event(2, "producer-2", HistoryType::kInvoke, {"payments", -1}, -1, 1001, std::nullopt),
      Event(3, "producer-1", HistoryType::kOk, {"orders", 2}, 0, 1, "key-0"),
      Event(4, "producer-2", HistoryType::kInfo, {"payments", 0}, -1, 1001, std::nullopt,
            ErrorCode::kRequestTimedOut),
      Event(5, "consumer-with-a-name-longer-than-any-small-string", HistoryType::kPoll,
            {"orders", 2}, 0, 1, std::nullopt),
      Event(6, "producer-1", HistoryType::kOk, {"orders", 2}, 1, 2, "key-0"),
      Event(7, "producer-1", HistoryType::kCrash, {}, -1, -1, std::nullopt),
      Event(8, "producer-1", HistoryType::kFail, {"orders", 1}, -1, 3, "",
            ErrorCode::kNotEnoughReplicas),
  };
  History history;
  for (const HistoryEvent& e : added) history.Add(e);
  ASSERT_EQ(history.size(), added.size());
  size_t i = 0;
  for (const HistoryEvent& e : history.events()) ExpectSame(e, added[i++]);
  EXPECT_EQ(i, added.size());
  for (size_t j = 0; j < added.size(); ++j) ExpectSame(history[j], added[j]);
  // An empty key is a key, not the absence of one.
  ASSERT_TRUE(history[7].key.has_value());
  EXPECT_EQ(*history[7].key, "");
}

TEST(History, OfKeepsTheOrderOfOneType) {
  History history;
  history.Add(Event(1, "a", HistoryType::kInvoke, {"t", -1}, -1, 1, std::nullopt));
  history.Add(Event(2, "a", HistoryType::kOk, {"t", 0}, 7, 1, std::nullopt));
  history.Add(Event(3, "a", HistoryType::kInvoke, {"t", -1}, -1, 2, std::nullopt));
  history.Add(Event(4, "a", HistoryType::kOk, {"t", 0}, 8, 2, std::nullopt));
  const std::vector<HistoryEvent> oks = history.Of(HistoryType::kOk);
  ASSERT_EQ(oks.size(), 2u);
  EXPECT_EQ(oks[0].offset, 7);
  EXPECT_EQ(oks[1].offset, 8);
}

}  // namespace
}  // namespace kafka

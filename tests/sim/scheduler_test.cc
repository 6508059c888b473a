// Scheduler: ordering by (time, sequence), FIFO ties, O(1) cancel, run-until and step, checked
// directly and against a simple reference (a std::multimap) under random operations.
#include "sim/scheduler.h"

#include <gtest/gtest.h>

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/rng.h"

namespace sim {
namespace {
using namespace literals;

TEST(Scheduler, RunsEventsInTimeOrder) {
  Scheduler s;
  std::string order;
  s.At(Time::Zero() + 3_s, [&] { order += "c"; });
  s.At(Time::Zero() + 1_s, [&] { order += "a"; });
  s.At(Time::Zero() + 2_s, [&] { order += "b"; });
  EXPECT_EQ(s.RunUntil(Time::Never()), 3u);
  EXPECT_EQ(order, "abc");
  EXPECT_EQ(s.Now(), Time::Zero() + 3_s);
}

TEST(Scheduler, BreaksTiesInSchedulingOrder) {
  Scheduler s;
  std::string order;
  for (char c : std::string("abcdefgh")) s.At(Time::Zero() + 1_s, [&order, c] { order += c; });
  s.RunUntil(Time::Never());
  EXPECT_EQ(order, "abcdefgh");
}

TEST(Scheduler, ZeroDelayEventsRunAfterEarlierScheduledEventsAtTheSameTime) {
  Scheduler s;
  std::string order;
  s.At(Time::Zero() + 1_s, [&] {
    order += "a";
    s.After(0_s, [&] { order += "x"; });  // FIFO beside the heap
    s.After(0_s, [&] { order += "y"; });
  });
  s.At(Time::Zero() + 1_s, [&] { order += "b"; });  // in the heap, scheduled before x and y
  s.RunUntil(Time::Never());
  EXPECT_EQ(order, "abxy");
}

TEST(Scheduler, CancelIsFinalAndReportsWhetherItHit) {
  Scheduler s;
  int ran = 0;
  const EventId a = s.After(1_s, [&] { ++ran; });
  const EventId b = s.After(2_s, [&] { ++ran; });
  EXPECT_TRUE(s.IsPending(a));
  EXPECT_TRUE(s.Cancel(a));
  EXPECT_FALSE(s.Cancel(a));
  EXPECT_FALSE(s.IsPending(a));
  EXPECT_EQ(s.pending(), 1u);
  s.RunUntil(Time::Never());
  EXPECT_EQ(ran, 1);
  EXPECT_FALSE(s.Cancel(b));  // already ran
}

TEST(Scheduler, StaleIdsDoNotCancelReusedSlots) {
  Scheduler s;
  int ran = 0;
  const EventId first = s.After(1_s, [] {});
  s.RunUntil(Time::Never());
  const EventId second = s.After(1_s, [&] { ++ran; });
  EXPECT_EQ(first.slot, second.slot);  // the slot is reused...
  EXPECT_FALSE(s.Cancel(first));       // ...but the old id no longer names it
  s.RunUntil(Time::Never());
  EXPECT_EQ(ran, 1);
}

TEST(Scheduler, RunUntilStopsAtTheLimitAndAdvancesTheClock) {
  Scheduler s;
  int ran = 0;
  s.After(1_s, [&] { ++ran; });
  s.After(5_s, [&] { ++ran; });
  EXPECT_EQ(s.RunUntil(Time::Zero() + 3_s), 1u);
  EXPECT_EQ(s.Now(), Time::Zero() + 3_s);
  EXPECT_EQ(s.NextEventTime(), Time::Zero() + 5_s);
  EXPECT_EQ(s.RunUntil(Time::Zero() + 5_s), 1u);  // the limit is inclusive
  EXPECT_EQ(ran, 2);
}

TEST(Scheduler, StepRunsOneEventAndNextEventTimeSkipsCancelled) {
  Scheduler s;
  const EventId a = s.After(1_s, [] {});
  s.After(2_s, [] {});
  s.Cancel(a);
  EXPECT_EQ(s.NextEventTime(), Time::Zero() + 2_s);
  EXPECT_TRUE(s.Step());
  EXPECT_EQ(s.Now(), Time::Zero() + 2_s);
  EXPECT_FALSE(s.Step());
  EXPECT_EQ(s.NextEventTime(), Time::Never());
}

TEST(Scheduler, CurrentNamesTheRunningEvent) {
  Scheduler s;
  EventId seen;
  const EventId id = s.After(1_s, [&] { seen = s.current(); });
  s.RunUntil(Time::Never());
  EXPECT_EQ(seen, id);
}

TEST(Scheduler, SchedulingInThePastIsAnErrorInEveryBuild) {
  Scheduler s;
  s.RunUntil(Time::Zero() + 5_s);
  EXPECT_THROW(s.At(Time::Zero() + 1_s, [] {}), std::logic_error);
}

TEST(Scheduler, AnInfiniteDelaySaturatesAndNeverRuns) {
  Scheduler s;
  s.RunUntil(Time::Zero() + 5_s);
  bool ran = false;
  const EventId id = s.After(Duration::Max(), [&] { ran = true; });
  EXPECT_TRUE(s.IsPending(id));
  s.RunUntil(Time::Never());
  EXPECT_FALSE(ran);
  EXPECT_TRUE(s.Cancel(id));
}

TEST(Scheduler, CancelFreesTheSlotAndCompactsStaleKeys) {
  Scheduler s;
  std::vector<EventId> ids;
  for (int i = 0; i < 100000; ++i) ids.push_back(s.After(1_h, [] {}));
  for (const EventId& id : ids) ASSERT_TRUE(s.Cancel(id));
  EXPECT_EQ(s.pending(), 0u);
  EXPECT_LT(s.queued_keys(), 2048u);  // compacted, not 100000 stale keys
  int ran = 0;
  s.After(1_s, [&] { ++ran; });
  s.RunUntil(Time::Never());
  EXPECT_EQ(ran, 1);
}

TEST(Scheduler, ACallbackThatThrowsLeavesTheSchedulerUsable) {
  Scheduler s;
  const EventId bad = s.After(1_s, [] { throw std::runtime_error("boom"); });
  int ran = 0;
  s.After(2_s, [&] { ++ran; });
  EXPECT_THROW(s.Step(), std::runtime_error);
  EXPECT_FALSE(s.IsPending(bad));
  EXPECT_FALSE(s.Cancel(bad));
  EXPECT_TRUE(s.Step());
  EXPECT_EQ(ran, 1);
}

// Random schedules and cancels against a reference: a multimap keyed by (time, sequence).
TEST(Scheduler, MatchesAReferenceUnderRandomOperations) {
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    Rng rng(seed);
    Scheduler s;
    std::map<std::pair<int64_t, uint64_t>, int> reference;  // (time, seq) -> label
    std::vector<std::pair<EventId, std::pair<int64_t, uint64_t>>> handles;
    std::vector<int> ran;
    uint64_t seq = 0;
    int label = 0;
    for (int op = 0; op < 3000; ++op) {
      const uint64_t choice = rng.Below(10);
      if (choice < 6) {  // schedule, often at the same times, sometimes now
        const Duration delay = Duration::Millis(static_cast<int64_t>(rng.Below(5)));
        const int l = label++;
        const EventId id = s.After(delay, [&ran, l] { ran.push_back(l); });
        const auto key = std::make_pair((s.Now() + delay).nanos(), seq++);
        reference[key] = l;
        handles.push_back({id, key});
      } else if (choice < 8 && !handles.empty()) {  // cancel a random one
        const auto& [id, key] = handles[rng.Below(handles.size())];
        EXPECT_EQ(s.Cancel(id), reference.erase(key) == 1);
      } else {  // step
        const bool stepped = s.Step();
        EXPECT_EQ(stepped, !reference.empty());
        if (stepped) {
          EXPECT_EQ(ran.back(), reference.begin()->second);
          EXPECT_EQ(s.Now().nanos(), reference.begin()->first.first);
          reference.erase(reference.begin());
        }
      }
      ASSERT_EQ(s.pending(), reference.size());
    }
  }
}

}  // namespace
}  // namespace sim

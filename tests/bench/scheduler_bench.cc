// The hold model (pop the earliest event, run it, and it schedules one at now + an exponential
// increment) with 1e3, 1e5 and 1e6 pending events, for:
//  - the kernel's Scheduler (cancellable events with actions, FIFO ties);
//  - the budget baseline (DESIGN.md): a plain std::priority_queue of the same events, each a
//    (time, sequence, action) with the action a std::function, as a kernel written the obvious
//    way would hold them. The kernel must be at least as fast at every size;
//  - the floor: a std::priority_queue of bare (time, sequence) keys that runs no action at all.
//    No event queue that runs actions can fetch them for free; the ratio is shown for information.
#include <benchmark/benchmark.h>

#include <functional>
#include <queue>
#include <vector>

#include "sim/rng.h"
#include "sim/scheduler.h"
#include "tests/bench/ratio_reporter.h"

namespace {

using sim::Duration;
using sim::Time;

constexpr Duration kMeanIncrement = Duration::Millis(1);

// An event that, when it runs, schedules its successor: the hold operation.
struct HoldEvent {
  sim::Scheduler* scheduler;
  sim::Rng* rng;
  void operator()() const {
    scheduler->After(rng->Exponential(kMeanIncrement), HoldEvent{scheduler, rng});
  }
};

void BM_HoldKernel(benchmark::State& state) {
  const auto pending = static_cast<size_t>(state.range(0));
  sim::Rng rng(1);
  sim::Scheduler scheduler;
  for (size_t i = 0; i < pending; ++i) {
    scheduler.At(Time::Zero() + rng.Exponential(kMeanIncrement), HoldEvent{&scheduler, &rng});
  }
  for (auto _ : state) scheduler.Step();
  state.SetItemsProcessed(state.iterations());
}

struct BaselineEvent {
  int64_t time_ns;
  uint64_t seq;
  bool operator>(const BaselineEvent& o) const {
    return time_ns > o.time_ns || (time_ns == o.time_ns && seq > o.seq);
  }
};

void BM_HoldBaseline(benchmark::State& state) {
  const auto pending = static_cast<size_t>(state.range(0));
  sim::Rng rng(1);
  std::priority_queue<BaselineEvent, std::vector<BaselineEvent>, std::greater<>> queue;
  uint64_t seq = 0;
  for (size_t i = 0; i < pending; ++i) {
    queue.push({rng.Exponential(kMeanIncrement).nanos(), seq++});
  }
  for (auto _ : state) {
    const BaselineEvent top = queue.top();
    queue.pop();
    queue.push({top.time_ns + rng.Exponential(kMeanIncrement).nanos(), seq++});
  }
  state.SetItemsProcessed(state.iterations());
}

struct PlainEvent {
  int64_t time_ns;
  uint64_t seq;
  std::function<void()> action;
  bool operator>(const PlainEvent& o) const {
    return time_ns > o.time_ns || (time_ns == o.time_ns && seq > o.seq);
  }
};

struct PlainQueue {
  std::priority_queue<PlainEvent, std::vector<PlainEvent>, std::greater<>> events;
  uint64_t seq = 0;
  int64_t now_ns = 0;
  sim::Rng* rng = nullptr;
  void Hold() {
    events.push({now_ns + rng->Exponential(kMeanIncrement).nanos(), seq++, [this] { Hold(); }});
  }
  void Step() {
    PlainEvent next = events.top();
    events.pop();
    now_ns = next.time_ns;
    next.action();
  }
};

void BM_HoldPlainQueue(benchmark::State& state) {
  const auto pending = static_cast<size_t>(state.range(0));
  sim::Rng rng(1);
  PlainQueue queue;
  queue.rng = &rng;
  for (size_t i = 0; i < pending; ++i) queue.Hold();
  for (auto _ : state) queue.Step();
  state.SetItemsProcessed(state.iterations());
}

constexpr int64_t kSizes[] = {1'000, 100'000, 1'000'000};

BENCHMARK(BM_HoldKernel)->Arg(kSizes[0])->Arg(kSizes[1])->Arg(kSizes[2]);
BENCHMARK(BM_HoldPlainQueue)->Arg(kSizes[0])->Arg(kSizes[1])->Arg(kSizes[2]);
BENCHMARK(BM_HoldBaseline)->Arg(kSizes[0])->Arg(kSizes[1])->Arg(kSizes[2]);

const bool kRegistered = [] {
  for (int64_t n : kSizes) {
    const std::string size = std::to_string(n);
    bench::Comparisons().push_back({"hold, kernel vs priority_queue of events, n=" + size,
                                    "BM_HoldKernel/" + size, "BM_HoldPlainQueue/" + size, 1.0});
  }
  for (int64_t n : kSizes) {
    const std::string size = std::to_string(n);
    bench::Comparisons().push_back({"hold, kernel vs bare keys (floor), n=" + size,
                                    "BM_HoldKernel/" + size, "BM_HoldBaseline/" + size, 0.0});
  }
  return true;
}();

}  // namespace

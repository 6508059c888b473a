// Randomized replication test (TigerBeetle's VOPR shape): for each seed, a produce load of
// acks=all writes under safe settings (RF 3, min.insync.replicas 2, no unclean election, every
// message flushed) while a nemesis drawn from the seed kills, power-cycles, restarts, pauses and
// isolates brokers; then everything heals and the cluster must converge. The fixture checks the
// replication invariants after every event; at the end every acknowledged write must sit at its
// acknowledged offset in the leader's log, and all replicas must hold the same log.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "model/check/acknowledged.h"
#include "tests/model/cluster/cluster_fixture.h"

namespace kafka::testing {
namespace {

struct Acked {
  TopicPartition tp;
  Offset offset;
  int64_t value;
};

class Nemesis {
 public:
  Nemesis(ClusterTest& t, sim::Rng rng) : t_(t), rng_(rng) {}

  // One fault or repair. At most two brokers are down or cut off at once (RF - 1).
  void Act() {
    std::vector<int32_t> up, down;
    for (int32_t id : t_.cluster().broker_ids()) {
      (t_.cluster().IsUp(id) ? up : down).push_back(id);
    }
    const size_t faulty = down.size() + isolated_.size();
    switch (rng_.Below(6)) {
      case 0:
      case 1:
        if (faulty < 2 && !up.empty()) {
          const bool power = rng_.Below(2) == 0;
          t_.KillBroker(rng_.Pick(up),
                        power ? sim::CrashKind::kPowerLoss : sim::CrashKind::kProcess);
        }
        break;
      case 2:
      case 3:
        if (!down.empty()) t_.RestartBroker(rng_.Pick(down));
        break;
      case 4:
        if (!up.empty()) {
          t_.world().Pause(t_.cluster().BrokerNode(rng_.Pick(up)),
                           sim::Duration::Millis(rng_.Between(500, 8000)));
        }
        break;
      case 5:
        if (faulty < 2 && !up.empty()) {
          const int32_t id = rng_.Pick(up);
          if (isolated_.insert(id).second) {
            t_.IsolateFromBrokers(id, true);
            const sim::Duration d = sim::Duration::Millis(rng_.Between(2000, 20000));
            t_.world().At(t_.world().Now() + d, [this, id] { Heal(id); });
          }
        }
        break;
    }
  }
  void Heal(int32_t id) {
    if (isolated_.erase(id) > 0) t_.IsolateFromBrokers(id, false);
  }
  void HealEverything() {
    for (int32_t id : std::vector<int32_t>(isolated_.begin(), isolated_.end())) Heal(id);
    for (int32_t id : t_.cluster().broker_ids()) {
      if (!t_.cluster().IsUp(id)) t_.RestartBroker(id);
    }
  }

 private:
  ClusterTest& t_;
  sim::Rng rng_;
  std::set<int32_t> isolated_;
};

struct RunResult {
  std::vector<std::string> violations;
  size_t acked = 0;
  std::vector<std::string> lost;  // acknowledged writes missing from the final leader's log
  bool converged = false;
  bool logs_equal = false;
};

using Settings = std::map<std::string, std::string>;

const Settings kSafe = {{"min.insync.replicas", "2"},
                        {"unclean.leader.election.enable", "false"},
                        {"log.flush.interval.messages", "1"}};

RunResult RunSeed(uint64_t seed, const Settings& settings, int16_t acks) {
  RunResult result;
  ClusterSpec spec = ThreeBrokers("2.8", seed);
  spec.broker_config = settings;
  // KAFKASIM_TRACE_SEED=N writes that seed's trace to randomized-<N>.jsonl, for debugging.
  std::ofstream trace_file;
  std::optional<sim::JsonLinesTraceSink> trace_sink;
  ClusterTest t(spec);
  if (const char* traced = std::getenv("KAFKASIM_TRACE_SEED");
      traced != nullptr && std::to_string(seed) == traced) {
    trace_file.open("randomized-" + std::to_string(seed) + ".jsonl");
    trace_sink.emplace(trace_file);
    t.world().trace().AddSink(&*trace_sink);
  }
  if (!t.AwaitReady() || t.CreateTopic("orders", 2, 3) != ErrorCode::kNone) return result;
  sim::Rng rng = t.world().ForkRng("randomized-replication");
  Nemesis nemesis(t, rng.Fork("nemesis"));
  std::vector<std::pair<TopicPartition, std::shared_ptr<std::optional<ProduceOutcome>>>> sent;
  std::vector<int64_t> values;
  int64_t next_value = 1;
  const sim::Time faults_end = t.world().Now() + 60_s;
  sim::Time next_fault = t.world().Now() + 3_s;
  while (t.world().Now() < faults_end) {
    const TopicPartition tp{"orders", static_cast<int32_t>(rng.Below(2))};
    if (t.Leader(tp) >= 0) {
      sent.push_back({tp, t.ProduceAsync(tp, {next_value}, acks, -1, 5000)});
      values.push_back(next_value++);
    }
    if (t.world().Now() >= next_fault) {
      nemesis.Act();
      next_fault = t.world().Now() + sim::Duration::Millis(rng.Between(1000, 6000));
    }
    t.RunFor(sim::Duration::Millis(rng.Between(50, 400)));
  }
  nemesis.HealEverything();
  // Converged: every replica holds the leader's whole log, committed.
  result.converged = t.RunUntil(
      [&] {
        for (int32_t p = 0; p < 2; ++p) {
          const TopicPartition tp{"orders", p};
          const int32_t leader = t.Leader(tp);
          if (leader < 0 || t.Isr(tp).size() != 3) return false;
          for (int32_t id : t.cluster().broker_ids()) {
            if (t.cluster().LogEndOffset(id, tp) != t.cluster().LogEndOffset(leader, tp) ||
                t.cluster().HighWatermark(id, tp) != t.cluster().LogEndOffset(leader, tp)) {
              return false;
            }
          }
        }
        return true;
      },
      120_s);
  t.RunFor(10_s);
  result.violations = t.violations();
  for (size_t i = 0; i < sent.size(); ++i) {
    const auto& outcome = *sent[i].second;
    if (!outcome || outcome->error != ErrorCode::kNone) continue;
    ++result.acked;
    const TopicPartition& tp = sent[i].first;
    if (!AcknowledgedRecordHeld(t.cluster(), tp, outcome->base_offset, values[i])) {
      result.lost.push_back("value " + std::to_string(values[i]) + " at " + ToString(tp) +
                            " offset " + std::to_string(outcome->base_offset));
    }
  }
  result.logs_equal = true;
  for (int32_t p = 0; p < 2; ++p) {
    const TopicPartition tp{"orders", p};
    result.logs_equal = result.logs_equal && t.LogValues(101, tp) == t.LogValues(102, tp) &&
                        t.LogValues(101, tp) == t.LogValues(103, tp);
  }
  return result;
}

// KAFKASIM_SEED=N runs one seed; KAFKASIM_SEEDS=N runs seeds 1..N (20 by default).
std::vector<uint64_t> Seeds() {
  const char* only = std::getenv("KAFKASIM_SEED");
  if (only != nullptr) return {std::strtoull(only, nullptr, 10)};
  const char* count = std::getenv("KAFKASIM_SEEDS");
  const uint64_t n = count ? std::strtoull(count, nullptr, 10) : 20;
  std::vector<uint64_t> seeds;
  for (uint64_t seed = 1; seed <= n; ++seed) seeds.push_back(seed);
  return seeds;
}

TEST(RandomizedReplication, SafeSettingsKeepEveryInvariantUnderFaults) {
  for (uint64_t seed : Seeds()) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const RunResult r = RunSeed(seed, kSafe, -1);
    EXPECT_TRUE(r.converged);
    EXPECT_TRUE(r.violations.empty()) << r.violations.front();
    EXPECT_TRUE(r.lost.empty()) << "acknowledged write lost: " << r.lost.front();
    EXPECT_TRUE(r.logs_equal);
    EXPECT_GT(r.acked, 10u);
  }
}

// The negative control: with acks=1, min.insync.replicas=1, unclean election and no flushing,
// the same faults lose acknowledged writes in some seeds, and the checks say so.
TEST(RandomizedReplication, UnsafeSettingsLoseAcknowledgedWritesInSomeSeeds) {
  const Settings unsafe = {{"min.insync.replicas", "1"},
                           {"unclean.leader.election.enable", "true"}};
  int seeds_with_loss = 0;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    const RunResult r = RunSeed(seed, unsafe, 1);
    if (!r.lost.empty() || !r.violations.empty()) ++seeds_with_loss;
  }
  std::printf("unsafe settings: %d of 20 seeds lost acknowledged writes or broke an invariant\n",
              seeds_with_loss);
  EXPECT_GT(seeds_with_loss, 0);
}

}  // namespace
}  // namespace kafka::testing

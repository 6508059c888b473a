// Test fixture for the Kafka cluster: a Cluster plus a raw client node, a small DSL for the
// actions tests take (create a topic, produce, fetch, kill, restart, run for a while), and the
// replication invariants (model/check/replication_monitor.h) checked after every event.
// Violations are collected, not thrown, so that tests of the historical failures can assert that
// they happen.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "model/check/replication_monitor.h"
#include "model/client/admin_client.h"
#include "model/client/request_client.h"
#include "model/cluster.h"

namespace kafka::testing {

using namespace sim::literals;

struct ProduceOutcome {
  ErrorCode error = ErrorCode::kNone;
  Offset base_offset = -1;
};

class ClusterTest {
 public:
  explicit ClusterTest(ClusterSpec spec) : cluster_(std::move(spec)) {
    client_node_ = cluster_.AddClient("client", std::make_unique<RequestClient>(cluster_.hosts()));
    // KAFKASIM_TRACE=FILE writes the test's trace as JSON Lines (for debugging one test).
    if (const char* path = std::getenv("KAFKASIM_TRACE")) {
      trace_file_.open(path);
      trace_sink_.emplace(trace_file_);
      cluster_.world().trace().AddSink(&*trace_sink_);
    }
    cluster_.Start();
  }

  Cluster& cluster() { return cluster_; }
  sim::World& world() { return cluster_.world(); }
  RequestClient& client() { return world().node_as<RequestClient>(client_node_); }
  sim::NodeId client_node() const { return client_node_; }

  // ---- time ----
  void RunFor(sim::Duration d) {
    RunUntil([] { return false; }, d);
  }
  // Steps until `done` holds or `limit` passes; returns whether it held.
  bool RunUntil(const std::function<bool()>& done, sim::Duration limit) {
    const sim::Time deadline = world().Now() + limit;
    while (!done()) {
      if (world().scheduler().NextEventTime() > deadline || !world().Step()) {
        world().RunUntil(deadline);
        CheckInvariants();
        return done();
      }
      CheckInvariants();
    }
    return true;
  }
  // Runs until the cluster has a controller and every broker that is up has registered.
  bool AwaitReady(sim::Duration limit = 30_s) {
    return RunUntil(
        [&] {
          if (cluster_.ControllerId() < 0) return false;
          for (int32_t id : cluster_.broker_ids()) {
            if (cluster_.IsUp(id) && !cluster_.broker(id).registered()) return false;
          }
          return true;
        },
        limit);
  }

  // ---- admin ----
  // Creates a topic through the controller (explicit assignment if given) and waits for it.
  ErrorCode CreateTopic(const std::string& name, int32_t partitions, int32_t rf,
                        std::map<std::string, std::string> configs = {},
                        std::map<int32_t, std::vector<int32_t>> assignment = {}) {
    CreateTopicsRequest request;
    request.topics.push_back({name, partitions, static_cast<int16_t>(rf), assignment, configs});
    std::optional<ErrorCode> result;
    SendToController(client(), cluster_.broker_ids(), request, 30000, [&](const PacketBody* body) {
      const auto* r = body ? std::get_if<CreateTopicsResponse>(body) : nullptr;
      result = r && !r->topics.empty() ? r->topics[0].error : ErrorCode::kRequestTimedOut;
      if (r && !r->topics.empty()) last_admin_message_ = r->topics[0].message;
    });
    RunUntil([&] { return result.has_value(); }, 60_s);
    if (result == ErrorCode::kNone) {
      // The answer comes once the controller's metadata has leaders; tests also want the
      // leaders themselves to have heard (as a client would, by retrying).
      RunUntil(
          [&] {
            for (int32_t p = 0; p < partitions; ++p) {
              if (cluster_.LeaderClaims({name, p}).size() != 1) return false;
            }
            return true;
          },
          10_s);
    }
    return result.value_or(ErrorCode::kRequestTimedOut);
  }
  // Runs until a controller is active and leads `tp` to a leader that knows it.
  bool AwaitLeader(const TopicPartition& tp, sim::Duration limit = 60_s) {
    return RunUntil(
        [&] {
          const int32_t leader = cluster_.Leader(tp);
          const auto claims = cluster_.LeaderClaims(tp);
          return leader >= 0 && claims.size() == 1 && claims[0] == leader;
        },
        limit);
  }
  const std::string& last_admin_message() const { return last_admin_message_; }

  // ---- data ----
  // Sends one batch of `values` (value ids) to `broker` (the current leader if -1) and returns
  // a slot that fills when it is answered (never, for acks=0).
  std::shared_ptr<std::optional<ProduceOutcome>> ProduceAsync(const TopicPartition& tp,
                                                              std::vector<int64_t> values,
                                                              int16_t acks = -1,
                                                              int32_t broker = -1,
                                                              int32_t timeout_ms = 30000) {
    auto slot = std::make_shared<std::optional<ProduceOutcome>>();
    if (broker < 0) broker = cluster_.Leader(tp);
    ProduceRequest request;
    request.acks = acks;
    request.timeout_ms = timeout_ms;
    RecordBatch batch;
    for (int64_t v : values) {
      Record r;
      r.key = "k" + std::to_string(v);
      r.value_id = v;
      r.timestamp_ms = world().Now().SinceZero().millis();
      batch.records.push_back(r);
    }
    request.entries.push_back({tp, batch});
    RequestChannel::Done done = nullptr;
    if (acks != 0) {
      done = [slot, tp](const PacketBody* body) {
        const auto* r = body ? std::get_if<ProduceResponse>(body) : nullptr;
        if (r == nullptr || r->entries.empty()) {
          *slot = ProduceOutcome{ErrorCode::kNetworkException, -1};
        } else {
          *slot = ProduceOutcome{r->entries[0].error, r->entries[0].base_offset};
        }
      };
    }
    client().Send(broker, request, timeout_ms + 5000, std::move(done));
    return slot;
  }
  // One transactional record from producer `producer_id` at `epoch` and `sequence`, sent to the
  // leader as that producer's client would (with its transactional id, if given), acks=all: the
  // produce's error.
  struct TransactionalBatch {
    int64_t producer_id;
    int16_t epoch;
    int32_t sequence = 0;
    std::optional<std::string> transactional_id;
  };
  ErrorCode ProduceTransactional(const TopicPartition& tp, const TransactionalBatch& t) {
    RecordBatch b;
    b.producer_id = t.producer_id;
    b.producer_epoch = t.epoch;
    b.base_sequence = t.sequence;
    b.transactional = true;
    b.records.push_back(Record{"k", 99, 100, world().Now().SinceZero().millis()});
    ProduceRequest request;
    request.transactional_id = t.transactional_id;
    request.entries.push_back({tp, b});
    std::optional<ErrorCode> error;
    // The client waits longer than any broker-side timeout, so what comes back is the broker's.
    client().Send(cluster_.Leader(tp), request, 90'000, [&](const PacketBody* body) {
      const auto* r = body ? std::get_if<ProduceResponse>(body) : nullptr;
      error = r && !r->entries.empty() ? r->entries[0].error : ErrorCode::kRequestTimedOut;
    });
    RunUntil([&] { return error.has_value(); }, 100_s);
    return error.value_or(ErrorCode::kRequestTimedOut);
  }
  ProduceOutcome Produce(const TopicPartition& tp, std::vector<int64_t> values, int16_t acks = -1,
                         int32_t broker = -1) {
    auto slot = ProduceAsync(tp, std::move(values), acks, broker);
    RunUntil([&] { return slot->has_value(); }, 60_s);
    return slot->value_or(ProduceOutcome{ErrorCode::kRequestTimedOut, -1});
  }
  // A consumer's fetch (up to the HW) from `broker`; the value ids read.
  struct FetchOutcome {
    ErrorCode error = ErrorCode::kNone;
    Offset high_watermark = -1;
    std::vector<int64_t> values;
  };
  FetchOutcome Fetch(int32_t broker, const TopicPartition& tp, Offset offset) {
    FetchRequest request;
    request.max_wait_ms = 0;
    request.entries.push_back({tp, offset});
    std::optional<FetchOutcome> out;
    client().Send(broker, request, 5000, [&](const PacketBody* body) {
      FetchOutcome o;
      const auto* r = body ? std::get_if<FetchResponse>(body) : nullptr;
      if (r == nullptr || r->entries.empty()) {
        o.error = ErrorCode::kNetworkException;
      } else {
        o.error = r->entries[0].error;
        o.high_watermark = r->entries[0].high_watermark;
        for (const BatchPtr& b : r->entries[0].batches) {
          for (size_t i = 0; i < b->records.size(); ++i) {
            if (b->base_offset + static_cast<Offset>(i) >= offset)
              o.values.push_back(b->records[i].value_id);
          }
        }
      }
      out = o;
    });
    RunUntil([&] { return out.has_value(); }, 10_s);
    return out.value_or(FetchOutcome{ErrorCode::kRequestTimedOut});
  }
  // The value ids in a replica's log, in offset order.
  std::vector<int64_t> LogValues(int32_t broker, const TopicPartition& tp) const {
    std::vector<int64_t> values;
    const Partition* p = cluster_.Replica(broker, tp);
    if (p == nullptr) return values;
    for (const BatchPtr& b : p->log().AllBatches()) {
      for (const Record& r : b->records) values.push_back(r.value_id);
    }
    return values;
  }

  // ---- faults ----
  void KillBroker(int32_t id, sim::CrashKind kind = sim::CrashKind::kProcess) {
    cluster_.KillBroker(id, kind);
  }
  void RestartBroker(int32_t id) { cluster_.RestartBroker(id); }
  void StopBroker(int32_t id) { cluster_.StopBroker(id); }
  // Cuts the links between broker `id` and the other brokers (ZooKeeper and clients still
  // reach it), or heals them.
  void IsolateFromBrokers(int32_t id, bool isolated) {
    for (int32_t other : cluster_.broker_ids()) {
      if (other == id) continue;
      if (isolated) {
        world().Block(cluster_.BrokerNode(id), cluster_.BrokerNode(other));
        world().Block(cluster_.BrokerNode(other), cluster_.BrokerNode(id));
      } else {
        world().Unblock(cluster_.BrokerNode(id), cluster_.BrokerNode(other));
        world().Unblock(cluster_.BrokerNode(other), cluster_.BrokerNode(id));
      }
    }
  }

  // ---- state ----
  int32_t Leader(const TopicPartition& tp) const { return cluster_.Leader(tp); }
  std::vector<int32_t> Isr(const TopicPartition& tp) const { return cluster_.Isr(tp); }
  const std::vector<std::string>& violations() const { return monitor_.violations(); }
  bool HasViolation(const std::string& kind) const { return monitor_.Has(kind); }

 private:
  void CheckInvariants() { monitor_.Check(cluster_); }

  std::ofstream trace_file_;
  std::optional<sim::JsonLinesTraceSink> trace_sink_;
  Cluster cluster_;
  sim::NodeId client_node_;
  ReplicationMonitor monitor_;
  std::string last_admin_message_;
};

inline ClusterSpec ThreeBrokers(std::string version = "2.8", uint64_t seed = 1) {
  ClusterSpec spec;
  spec.seed = seed;
  spec.version = std::move(version);
  return spec;
}

}  // namespace kafka::testing

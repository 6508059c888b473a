// See replication_demo.h.
#include "model/demo/replication_demo.h"

#include "model/check/acknowledged.h"
#include "model/client/admin_client.h"

namespace demo {

using namespace sim::literals;
using kafka::TopicPartition;

ReplicationDemo::ReplicationDemo(uint64_t seed, ReplicationDemoConfig config)
    : config_(std::move(config)), cluster_([&] {
        kafka::ClusterSpec spec;
        spec.seed = seed;
        spec.version = config_.version;
        spec.broker_config["min.insync.replicas"] = "2";
        return spec;
      }()) {
  writer_ = cluster_.AddClient("writer", std::make_unique<kafka::RequestClient>(cluster_.hosts()));
}

void ReplicationDemo::StepUntil(sim::Time until) {
  sim::World& world = cluster_.world();
  while (world.scheduler().NextEventTime() <= until && world.Step()) monitor_.Check(cluster_);
  world.RunUntil(until);
}

void ReplicationDemo::CreateTopic() {
  auto& writer = world().node_as<kafka::RequestClient>(writer_);
  kafka::CreateTopicsRequest request;
  request.topics.push_back({"orders", kPartitions, 3});
  kafka::SendToController(writer, cluster_.broker_ids(), request, 30000,
                          [this](const kafka::PacketBody*) { topic_ready_ = true; });
}

void ReplicationDemo::ScheduleWrite() {
  world().At(world().Now() + 100_ms, [this] {
    Write();
    ScheduleWrite();
  });
}

// One acks=all record to the next partition's leader (as the controller has it: a client would
// learn it from a Metadata request).
void ReplicationDemo::Write() {
  const TopicPartition tp{"orders", next_partition_};
  next_partition_ = (next_partition_ + 1) % kPartitions;
  const int32_t leader = cluster_.Leader(tp);
  if (leader < 0) return;
  kafka::ProduceRequest request;
  request.acks = -1;
  request.timeout_ms = 5000;
  kafka::RecordBatch batch;
  kafka::Record record;
  record.key = "order-" + std::to_string(next_value_);
  record.value_id = next_value_;
  record.timestamp_ms = world().Now().SinceZero().millis();
  batch.records.push_back(record);
  request.entries.push_back({tp, batch});
  Send send{tp, next_value_++, std::make_shared<std::optional<kafka::ProduceResponse::Entry>>()};
  auto outcome = send.outcome;
  sends_.push_back(std::move(send));
  world().node_as<kafka::RequestClient>(writer_).Send(
      leader, request, 10000, [outcome](const kafka::PacketBody* body) {
        const auto* r = body ? std::get_if<kafka::ProduceResponse>(body) : nullptr;
        if (r != nullptr && !r->entries.empty()) *outcome = r->entries[0];
      });
}

ReplicationDemoSummary ReplicationDemo::Run() {
  cluster_.Start();
  sim::World& w = world();
  const sim::Time start = w.Now();
  // The cluster forms (registration, controller election), then the topic is created.
  w.At(start + 3_s, [this] { CreateTopic(); });
  w.At(start + 5_s, [this] { ScheduleWrite(); });
  if (config_.faults) {
    w.At(start + 20_s, [this] {
      victim_ = cluster_.Leader({"orders", 0});
      if (victim_ >= 0) cluster_.KillBroker(victim_);
    });
    w.At(start + 45_s, [this] {
      if (victim_ >= 0) cluster_.RestartBroker(victim_);
    });
    w.At(start + 60_s, [this] {
      const int32_t controller = cluster_.ControllerId();
      if (controller >= 0) cluster_.broker(controller).controller()->ElectPreferredLeaders({});
    });
  }
  StepUntil(start + config_.duration);

  ReplicationDemoSummary s;
  for (const Send& send : sends_) {
    ++s.sent;
    if (!send.outcome->has_value()) {
      ++s.unanswered;
      continue;
    }
    const auto& entry = **send.outcome;
    if (entry.error != kafka::ErrorCode::kNone) {
      ++s.refused;
      ++s.refusals[std::string(kafka::ErrorName(entry.error))];
      continue;
    }
    ++s.acked;
    if (!kafka::AcknowledgedRecordHeld(cluster_, send.tp, entry.base_offset, send.value)) {
      s.lost.push_back("record " + std::to_string(send.value) + " acknowledged at " +
                       kafka::ToString(send.tp) + " offset " + std::to_string(entry.base_offset));
    }
  }
  s.violations = monitor_.violations();
  s.events = w.scheduler().executed();
  s.stats = w.stats();
  s.fingerprint = w.trace().fingerprint();
  return s;
}

}  // namespace demo

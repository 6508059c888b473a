// See request_batch.h.
#include "model/controller/request_batch.h"

#include "model/controller/controller_context.h"

namespace kafka {

void RequestBatch::AddLeaderAndIsr(int32_t broker, PartitionStateEntry entry) {
  leader_and_isr_[broker].push_back(std::move(entry));
}

void RequestBatch::AddUpdateMetadata(int32_t broker, PartitionStateEntry entry) {
  Metadata& metadata = update_metadata_[broker];
  const auto [at, fresh] = metadata.position.try_emplace(entry.tp, metadata.partitions.size());
  if (fresh) {
    metadata.partitions.push_back(std::move(entry));
  } else {
    metadata.partitions[at->second] = std::move(entry);
  }
}

void RequestBatch::AddDeletedTopic(int32_t broker, const std::string& topic) {
  update_metadata_[broker].deleted_topics.push_back(topic);
}

void RequestBatch::AddStopReplica(int32_t broker, StopReplicaRequest::Entry entry,
                                  RequestChannel::Done on_response) {
  stop_replica_[broker].push_back(std::move(entry));
  if (on_response) stop_replica_callbacks_[broker].push_back(std::move(on_response));
}

bool RequestBatch::empty() const {
  return leader_and_isr_.empty() && update_metadata_.empty() && stop_replica_.empty();
}

std::vector<RequestBatch::Request> RequestBatch::Take(int32_t controller_id,
                                                      const ControllerContext& context) {
  std::vector<Request> out;
  auto broker_epoch = [&](int32_t id) {
    const auto it = context.live_brokers.find(id);
    return it == context.live_brokers.end() ? int64_t{-1} : it->second.epoch;
  };
  std::vector<BrokerEndpoint> live;
  for (const auto& [id, b] : context.live_brokers) live.push_back(b.endpoint);

  for (auto& [broker, entries] : leader_and_isr_) {
    LeaderAndIsrRequest r;
    r.controller_id = controller_id;
    r.controller_epoch = context.epoch;
    r.broker_epoch = broker_epoch(broker);
    std::set<int32_t> leaders;
    for (const auto& e : entries) leaders.insert(e.leader);
    for (const auto& b : live) {
      if (leaders.contains(b.id)) r.live_leaders.push_back(b);
    }
    r.partitions = std::move(entries);
    out.push_back({broker, std::move(r), nullptr});
  }
  for (auto& [broker, metadata] : update_metadata_) {
    UpdateMetadataRequest r;
    r.controller_id = controller_id;
    r.controller_epoch = context.epoch;
    r.broker_epoch = broker_epoch(broker);
    r.partitions = std::move(metadata.partitions);
    r.deleted_topics = std::move(metadata.deleted_topics);
    r.live_brokers = live;
    out.push_back({broker, std::move(r), nullptr});
  }
  for (auto& [broker, entries] : stop_replica_) {
    StopReplicaRequest r;
    r.controller_id = controller_id;
    r.controller_epoch = context.epoch;
    r.broker_epoch = broker_epoch(broker);
    r.entries = std::move(entries);
    std::vector<RequestChannel::Done> callbacks = std::move(stop_replica_callbacks_[broker]);
    RequestChannel::Done done = nullptr;
    if (!callbacks.empty()) {
      done = [callbacks](const PacketBody* body) {
        for (const auto& c : callbacks) c(body);
      };
    }
    out.push_back({broker, std::move(r), std::move(done)});
  }
  leader_and_isr_.clear();
  update_metadata_.clear();
  stop_replica_.clear();
  stop_replica_callbacks_.clear();
  return out;
}

void ControllerChannel::AddBroker(int32_t id, sim::NodeId node) {
  Queue& q = queues_[id];
  q = Queue{};
  q.node = node;
  q.generation = next_generation_++;
}

void ControllerChannel::RemoveBroker(int32_t id) { queues_.erase(id); }

void ControllerChannel::Send(int32_t broker, PacketBody request, RequestChannel::Done on_response) {
  const auto it = queues_.find(broker);
  if (it == queues_.end()) return;
  it->second.pending.push_back({std::move(request), std::move(on_response)});
  Pump(broker);
}

void ControllerChannel::Pump(int32_t broker) {
  const auto it = queues_.find(broker);
  if (it == queues_.end() || it->second.in_flight || it->second.pending.empty()) return;
  Queue& q = it->second;
  q.in_flight = true;
  const uint64_t generation = q.generation;
  channel_.Send(q.node, q.pending.front().first, timeout_ms_,
                [this, broker, generation](const PacketBody* body) {
                  const auto it = queues_.find(broker);
                  if (it == queues_.end() || it->second.generation != generation) return;
                  Queue& q = it->second;
                  q.in_flight = false;
                  if (body == nullptr) {  // RequestSendThread: try the same request again
                    Pump(broker);
                    return;
                  }
                  RequestChannel::Done done = std::move(q.pending.front().second);
                  q.pending.pop_front();
                  Pump(broker);
                  if (done) done(body);
                });
}

}  // namespace kafka

// How the controller talks to brokers (ControllerChannelManager.scala):
// - RequestBatch gathers, per broker, the LeaderAndIsr, UpdateMetadata and StopReplica entries
//   that one event produces, and turns them into requests in Kafka's order (LeaderAndIsr, then
//   UpdateMetadata, then StopReplica);
// - ControllerChannel keeps a queue per broker with one request in flight (RequestSendThread),
//   resending a request whose connection broke or that timed out, until the broker is removed.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <set>
#include <vector>

#include "model/common/request_channel.h"
#include "model/common/requests.h"

namespace kafka {

struct ControllerContext;

class RequestBatch {
 public:
  void AddLeaderAndIsr(int32_t broker, PartitionStateEntry entry);
  void AddUpdateMetadata(int32_t broker, PartitionStateEntry entry);
  // An UpdateMetadata for `broker` even if no partition changed (the broker list did).
  void TouchUpdateMetadata(int32_t broker) { update_metadata_[broker]; }
  void AddDeletedTopic(int32_t broker, const std::string& topic);
  void AddStopReplica(int32_t broker, StopReplicaRequest::Entry entry,
                      RequestChannel::Done on_response = nullptr);
  bool empty() const;

  struct Request {
    int32_t broker;
    PacketBody body;
    RequestChannel::Done on_response;
  };
  // The requests, stamped with the controller's id and epoch and each broker's epoch; the batch
  // is empty afterwards.
  std::vector<Request> Take(int32_t controller_id, const ControllerContext& context);

 private:
  struct Metadata {
    std::vector<PartitionStateEntry> partitions;
    // Where each partition is in `partitions`: a newer state replaces an older one in place
    // without a scan (a controller creating 10,000 partitions adds each for every broker).
    std::map<TopicPartition, size_t, PartitionNumberFirst> position;
    std::vector<std::string> deleted_topics;
  };
  std::map<int32_t, std::vector<PartitionStateEntry>> leader_and_isr_;
  std::map<int32_t, Metadata> update_metadata_;
  std::map<int32_t, std::vector<StopReplicaRequest::Entry>> stop_replica_;
  std::map<int32_t, std::vector<RequestChannel::Done>> stop_replica_callbacks_;
};

class ControllerChannel {
 public:
  ControllerChannel(RequestChannel& channel, int64_t timeout_ms)
      : channel_(channel), timeout_ms_(timeout_ms) {}

  void AddBroker(int32_t id, sim::NodeId node);
  void RemoveBroker(int32_t id);
  void Clear() { queues_.clear(); }
  void Send(int32_t broker, PacketBody request, RequestChannel::Done on_response);

 private:
  struct Queue {
    sim::NodeId node;
    std::deque<std::pair<PacketBody, RequestChannel::Done>> pending;
    bool in_flight = false;
    uint64_t generation = 0;
  };
  void Pump(int32_t broker);

  RequestChannel& channel_;
  int64_t timeout_ms_;
  std::map<int32_t, Queue> queues_;
  uint64_t next_generation_ = 1;
};

}  // namespace kafka

// See broker.h. This file: what a broker does for clients beyond produce and fetch: the group
// coordinator it hosts, FindCoordinator (creating __consumer_offsets on first use, as
// KafkaApis.getOrCreateInternalTopic does), and producer ids for idempotent producers
// (ProducerIdManager: blocks of 1000 ids claimed in /latest_producer_id_block).
#include "model/broker/broker.h"
#include "model/common/json.h"
#include "model/common/trace_kinds.h"
#include "model/group/offsets_topic.h"

namespace kafka {
namespace {

constexpr const char* kProducerIdBlockPath = "/latest_producer_id_block";
constexpr int64_t kProducerIdBlockSize = 1000;

}  // namespace

void Broker::StartGroupCoordinator() {
  GroupCoordinator::Hooks hooks;
  hooks.respond = [this](sim::NodeId to, int32_t id, PacketBody body) {
    Respond(to, id, std::move(body));
  };
  hooks.append = [this](const ProduceRequest& request, ReplicaManager::ProduceCallback done) {
    replicas_->AppendRecords(request, std::move(done));
  };
  hooks.replica = [this](const TopicPartition& tp) -> const Partition* {
    return replicas_->Find(tp);
  };
  coordinator_ = std::make_unique<GroupCoordinator>(ctx(), config_, std::move(hooks));
  // Offsets partitions this broker already leads (it led them before the coordinator started).
  for (const TopicPartition& tp : replicas_->LeaderPartitions()) {
    coordinator_->OnLeadershipChange(tp, true);
  }
}

void Broker::HandleFindCoordinator(sim::NodeId from, int32_t correlation_id,
                                   const FindCoordinatorRequest& request) {
  FindCoordinatorResponse response;
  response.error = ErrorCode::kCoordinatorNotAvailable;
  if (!metadata_.Contains(kOffsetsTopic)) {
    const int32_t alive = static_cast<int32_t>(metadata_.live_brokers().size());
    if (alive < config_.offsets_topic_replication_factor) {
      // KafkaApis.createInternalTopic (2.4), as the broker logs it.
      ctx().Trace(
          kinds::kCoordinatorUnavailable,
          {{"message", "Number of alive brokers '" + std::to_string(alive) +
                           "' does not meet the required replication factor '" +
                           std::to_string(config_.offsets_topic_replication_factor) +
                           "' for the offsets topic (configured via "
                           "'offsets.topic.replication.factor'). This error can be ignored if the "
                           "cluster is starting up and not all brokers are up yet."}});
    } else {
      CreateTopicsRequest::Topic topic;
      topic.name = kOffsetsTopic;
      topic.num_partitions = config_.offsets_topic_num_partitions;
      topic.replication_factor = static_cast<int16_t>(config_.offsets_topic_replication_factor);
      CreateTopic(topic, false, [](TopicResult) {});
    }
  } else if (const PartitionStateEntry* p =
                 metadata_.Partition({kOffsetsTopic, coordinator_->PartitionFor(request.key)})) {
    if (const auto leader = metadata_.Broker(p->leader)) {
      response.error = ErrorCode::kNone;
      response.node_id = leader->id;
      response.host = leader->host;
    }
  }
  Respond(from, correlation_id, std::move(response));
}

void Broker::HandleInitProducerId(sim::NodeId from, int32_t correlation_id) {
  producer_id_waiters_.push_back({from, correlation_id});
  if (next_producer_id_ <= producer_id_block_end_) {
    for (const auto& [to, id] : producer_id_waiters_) {
      Respond(to, id, InitProducerIdResponse{ErrorCode::kNone, next_producer_id_++, 0});
    }
    producer_id_waiters_.clear();
    return;
  }
  AllocateProducerIdBlock();
}

// ProducerIdManager.getNewProducerIdBlock: read the last block handed out, claim the next one
// with a conditional write, and try again if another broker got there first.
void Broker::AllocateProducerIdBlock() {
  if (allocating_producer_ids_ || !registered_) return;
  allocating_producer_ids_ = true;
  zk_calls_->Do(
      [this](auto d) { zk_->GetData(kProducerIdBlockPath, false, d); },
      [this](const zk::ZkResult& current) {
        int64_t start = 0;
        if (current.code == zk::Code::kOk) {
          if (const auto v = json::Parse(current.data)) {
            const json::Value* end = v->Get("block_end");
            const std::string* text = end ? end->as_string() : nullptr;
            if (text != nullptr) start = std::stoll(*text) + 1;
          }
        }
        const std::string data = "{\"version\":1,\"broker\":" + std::to_string(config_.broker_id) +
                                 ",\"block_start\":\"" + std::to_string(start) +
                                 "\",\"block_end\":\"" +
                                 std::to_string(start + kProducerIdBlockSize - 1) + "\"}";
        auto claimed = [this, start](const zk::ZkResult& r) {
          allocating_producer_ids_ = false;
          if (r.code != zk::Code::kOk) {  // lost the race: read again
            AllocateProducerIdBlock();
            return;
          }
          next_producer_id_ = start;
          producer_id_block_end_ = start + kProducerIdBlockSize - 1;
          ctx().Trace(kinds::kProducerIdBlock, {{"broker", config_.broker_id}, {"start", start}});
          auto waiters = std::move(producer_id_waiters_);
          producer_id_waiters_.clear();
          for (const auto& [to, id] : waiters) HandleInitProducerId(to, id);
        };
        if (current.code == zk::Code::kNoNode) {
          zk_calls_->Do(
              [this, data](auto d) {
                zk_->Create(kProducerIdBlockPath, data, zk::CreateMode::kPersistent, d);
              },
              claimed);
        } else {
          const int32_t version = current.stat.version;
          zk_calls_->Do([this, data,
                         version](auto d) { zk_->SetData(kProducerIdBlockPath, data, version, d); },
                        claimed);
        }
      });
}

}  // namespace kafka

// See broker.h. This file: what a broker does for clients beyond produce and fetch: the group and
// transaction coordinators it hosts, FindCoordinator (creating __consumer_offsets and
// __transaction_state on first use, as KafkaApis.getOrCreateInternalTopic does), producer ids
// (ProducerIdManager: blocks of 1000 ids claimed in /latest_producer_id_block), and the
// transaction markers it writes as a partition leader (KafkaApis.handleWriteTxnMarkersRequest).
#include "model/broker/broker.h"
#include "model/client/partitioner.h"
#include "model/common/json.h"
#include "model/common/trace_kinds.h"
#include "model/group/offsets_topic.h"
#include "model/txn/transaction_metadata.h"

namespace kafka {
namespace {

constexpr const char* kProducerIdBlockPath = "/latest_producer_id_block";
constexpr int64_t kProducerIdBlockSize = 1000;

}  // namespace

void Broker::VerifyTransaction(const std::string& id, int64_t producer_id, int16_t epoch,
                               const std::vector<TopicPartition>& partitions,
                               ReplicaManager::Hooks::VerifyDone done) {
  // Owned by the callback: the caller's list is gone by the time an answer comes.
  const auto all = [partitions](ErrorCode e) {
    std::map<TopicPartition, ErrorCode> errors;
    for (const TopicPartition& tp : partitions) errors[tp] = e;
    return errors;
  };
  // ReplicaManager.getTransactionCoordinator: the partition's leader, if it is alive.
  const TopicPartition state{
      kTransactionStateTopic,
      CoordinatorPartition(id, config_.transaction_state_log_num_partitions)};
  const PartitionStateEntry* p = metadata_.Partition(state);
  const std::optional<sim::NodeId> node =
      p != nullptr && metadata_.Broker(p->leader) ? BrokerNode(p->leader) : std::nullopt;
  if (!node) return done(all(ErrorCode::kCoordinatorNotAvailable));
  AddPartitionsToTxnRequest request;
  request.transactional_id = id;
  request.producer_id = producer_id;
  request.producer_epoch = epoch;
  request.partitions = partitions;
  request.verify_only = true;
  constexpr int64_t kRequestTimeoutMs = 30'000;  // request.timeout.ms, the manager's timeout
  channel_->Send(*node, std::move(request), kRequestTimeoutMs,
                 [done = std::move(done), all](const PacketBody* body) {
                   const auto* r = body ? std::get_if<AddPartitionsToTxnResponse>(body) : nullptr;
                   // A disconnect or a timeout: NETWORK_EXCEPTION for every partition.
                   if (r == nullptr) return done(all(ErrorCode::kNetworkException));
                   // A partition the answer leaves out is not verified (fail closed).
                   std::map<TopicPartition, ErrorCode> errors = all(ErrorCode::kInvalidTxnState);
                   for (const auto& [tp, e] : r->errors) {
                     if (e == ErrorCode::kNone) {
                       errors.erase(tp);
                     } else {
                       errors[tp] =
                           e == ErrorCode::kProducerFenced ? ErrorCode::kInvalidProducerEpoch : e;
                     }
                   }
                   done(std::move(errors));
                 });
}

void Broker::StartCoordinators() {
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

  TransactionCoordinator::Config txn_config;
  txn_config.num_partitions = config_.transaction_state_log_num_partitions;
  txn_config.max_timeout_ms = config_.transaction_max_timeout_ms;
  txn_config.abort_timed_out_interval_ms =
      config_.transaction_abort_timed_out_transaction_cleanup_interval_ms;
  TransactionCoordinator::Hooks txn_hooks;
  txn_hooks.respond = [this](sim::NodeId to, int32_t id, PacketBody body) {
    Respond(to, id, std::move(body));
  };
  txn_hooks.append = [this](const ProduceRequest& request, ReplicaManager::ProduceCallback done) {
    replicas_->AppendRecords(request, std::move(done));
  };
  txn_hooks.replica = [this](const TopicPartition& tp) -> const Partition* {
    return replicas_->Find(tp);
  };
  txn_hooks.allocate_producer_id = [this](std::function<void(int64_t)> got) {
    AllocateProducerId(std::move(got));
  };
  txn_hooks.leader_of = [this](const TopicPartition& tp) {
    const PartitionStateEntry* p = metadata_.Partition(tp);
    if (p == nullptr) return TransactionCoordinator::kPartitionUnknown;
    return metadata_.Broker(p->leader) ? p->leader : -1;
  };
  txn_hooks.send = [this](int32_t broker, PacketBody body, int64_t timeout_ms,
                          RequestChannel::Done done) {
    const std::optional<sim::NodeId> node = BrokerNode(broker);
    if (!node) return false;
    channel_->Send(*node, std::move(body), timeout_ms, std::move(done));
    return true;
  };
  txn_coordinator_ =
      std::make_unique<TransactionCoordinator>(ctx(), txn_config, std::move(txn_hooks));
  txn_coordinator_->ReportChangesTo(journal_.get(), config_.broker_id);
  txn_coordinator_->Start();
  // Internal partitions this broker already leads (it led them before the coordinators started).
  for (const TopicPartition& tp : replicas_->LeaderPartitions()) {
    coordinator_->OnLeadershipChange(tp, true);
    txn_coordinator_->OnLeadershipChange(tp, true);
  }
}

void Broker::HandleFindCoordinator(sim::NodeId from, int32_t correlation_id,
                                   const FindCoordinatorRequest& request) {
  FindCoordinatorResponse response;
  response.error = ErrorCode::kCoordinatorNotAvailable;
  const bool for_transaction = request.key_type == FindCoordinatorRequest::kTransaction;
  const std::string topic_name = for_transaction ? kTransactionStateTopic : kOffsetsTopic;
  const int32_t partition = for_transaction ? txn_coordinator_->PartitionFor(request.key)
                                            : coordinator_->PartitionFor(request.key);
  if (!metadata_.Contains(topic_name)) {
    const int32_t alive = static_cast<int32_t>(metadata_.live_brokers().size());
    const int32_t factor = for_transaction ? config_.transaction_state_log_replication_factor
                                           : config_.offsets_topic_replication_factor;
    if (alive < factor) {
      // KafkaApis.createInternalTopic (2.4), as the broker logs it.
      const std::string what =
          for_transaction ? "the transactions state topic (configured via "
                            "'transaction.state.log.replication.factor')"
                          : "the offsets topic (configured via 'offsets.topic.replication.factor')";
      ctx().Trace(kinds::kCoordinatorUnavailable,
                  {{"message", "Number of alive brokers '" + std::to_string(alive) +
                                   "' does not meet the required replication factor '" +
                                   std::to_string(factor) + "' for " + what +
                                   ". This error can be ignored if the cluster is starting up and "
                                   "not all brokers are up yet."}});
    } else {
      CreateTopicsRequest::Topic topic;
      topic.name = topic_name;
      topic.replication_factor = static_cast<int16_t>(factor);
      if (for_transaction) {
        topic.num_partitions = config_.transaction_state_log_num_partitions;
        topic.configs["min.insync.replicas"] =
            std::to_string(config_.transaction_state_log_min_isr);
        topic.configs["unclean.leader.election.enable"] = "false";
      } else {
        topic.num_partitions = config_.offsets_topic_num_partitions;
      }
      CreateTopic(topic, false, [](TopicResult) {});
    }
  } else if (const PartitionStateEntry* p = metadata_.Partition({topic_name, partition})) {
    if (const auto leader = metadata_.Broker(p->leader)) {
      response.error = ErrorCode::kNone;
      response.node_id = leader->id;
      response.host = leader->host;
    }
  }
  Respond(from, correlation_id, std::move(response));
}

void Broker::HandleInitProducerId(sim::NodeId from, int32_t correlation_id,
                                  const InitProducerIdRequest& request) {
  if (request.transactional_id) {
    if (request.transactional_id->empty()) {  // KafkaApis: an empty id is not a null one
      Respond(from, correlation_id, InitProducerIdResponse{ErrorCode::kInvalidRequest, -1, -1});
      return;
    }
    txn_coordinator_->HandleInitProducerId(from, correlation_id, request);
    return;
  }
  AllocateProducerId([this, from, correlation_id](int64_t id) {
    Respond(from, correlation_id, InitProducerIdResponse{ErrorCode::kNone, id, 0});
  });
}

void Broker::AllocateProducerId(std::function<void(int64_t)> got) {
  producer_id_waiters_.push_back(std::move(got));
  if (next_producer_id_ <= producer_id_block_end_) {
    auto waiters = std::move(producer_id_waiters_);
    producer_id_waiters_.clear();
    for (auto& waiter : waiters) waiter(next_producer_id_++);
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
          for (auto& waiter : waiters) AllocateProducerId(std::move(waiter));
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

// KafkaApis.handleWriteTxnMarkersRequest: each marker becomes a control batch appended, with
// acks=all, to every partition it names that this broker leads; the answer waits for all of them.
// A marker on a __consumer_offsets partition also settles the transaction's pending offsets.
void Broker::HandleWriteTxnMarkers(sim::NodeId from, int32_t correlation_id,
                                   const WriteTxnMarkersRequest& request) {
  struct Gather {
    WriteTxnMarkersResponse response;
    size_t outstanding = 0;
  };
  auto gather = std::make_shared<Gather>();
  gather->outstanding = request.markers.size();
  gather->response.markers.resize(request.markers.size());
  const auto finish_one = [this, from, correlation_id, gather] {
    if (--gather->outstanding == 0) Respond(from, correlation_id, gather->response);
  };
  if (request.markers.empty()) {
    Respond(from, correlation_id, WriteTxnMarkersResponse{});
    return;
  }
  for (size_t i = 0; i < request.markers.size(); ++i) {
    const WriteTxnMarkersRequest::Marker& marker = request.markers[i];
    gather->response.markers[i].producer_id = marker.producer_id;
    ProduceRequest write;
    write.acks = -1;
    write.timeout_ms = static_cast<int32_t>(config_.controller_socket_timeout_ms);
    for (const TopicPartition& tp : marker.partitions) {
      RecordBatch batch;
      batch.producer_id = marker.producer_id;
      batch.producer_epoch = marker.producer_epoch;
      batch.transactional = true;
      batch.control = marker.committed ? ControlType::kCommit : ControlType::kAbort;
      batch.coordinator_epoch = marker.coordinator_epoch;
      Record r;
      r.value_id = -1;
      r.size_bytes = 10;  // the control record's key (version, type) and value (version, epoch)
      r.timestamp_ms = ctx().LocalNow().SinceZero().millis();
      batch.records.push_back(std::move(r));
      write.entries.push_back({tp, std::move(batch)});
    }
    replicas_->AppendRecords(
        write,
        [this, gather, i, marker, finish_one](ProduceResponse r) {
          std::vector<TopicPartition> offsets_partitions;
          for (const auto& e : r.entries) {
            gather->response.markers[i].errors[e.tp] = e.error;
            if (e.error == ErrorCode::kNone && e.tp.topic == kOffsetsTopic) {
              offsets_partitions.push_back(e.tp);
            }
          }
          if (!offsets_partitions.empty() && coordinator_) {
            coordinator_->OnTransactionCompleted(marker.producer_id, marker.committed,
                                                 offsets_partitions);
          }
          finish_one();
        },
        ReplicaManager::AppendOrigin::kCoordinator);
  }
}

}  // namespace kafka

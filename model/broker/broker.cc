// See broker.h. This file: the node's life (start, ZooKeeper registration, crash, shutdown),
// request dispatch, and the ISR-change path to the controller.
#include "model/broker/broker.h"

#include <algorithm>

#include "model/common/id_text.h"
#include "model/common/trace_kinds.h"
#include "model/common/zk_data.h"
#include "model/group/offsets_topic.h"

namespace kafka {
namespace {

constexpr uint64_t kAdminBit = uint64_t{1} << 32;

// Kafka's persistent paths (KafkaZkClient.createTopLevelPaths / ZkData.PersistentZkPaths).
const std::vector<std::string>& PersistentPaths() {
  static const std::vector<std::string> paths = {"/brokers",
                                                 "/brokers/ids",
                                                 "/brokers/topics",
                                                 "/config",
                                                 "/config/topics",
                                                 "/admin",
                                                 "/admin/delete_topics",
                                                 "/cluster",
                                                 "/isr_change_notification"};
  return paths;
}

// A cluster id as Kafka makes one: 16 random bytes in URL-safe base64 without padding.
std::string MakeClusterId(sim::Rng& rng) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string id;
  for (int i = 0; i < 22; ++i) id += kAlphabet[rng.Below(64)];
  return id;
}

}  // namespace

Broker::Broker(BrokerConfig config, std::vector<sim::NodeId> zk_servers, HostDirectoryPtr hosts,
               std::shared_ptr<ChangeJournal> journal)
    : config_(std::move(config)),
      zk_servers_(std::move(zk_servers)),
      hosts_(std::move(hosts)),
      journal_(std::move(journal)),
      host_("broker-" + std::to_string(config_.broker_id)) {}

Broker::~Broker() = default;

void Broker::OnStart() {
  if (!replicas_) {  // the first start: the disk and the network stack
    channel_ = std::make_unique<RequestChannel>(ctx(), kChannelTagBase);
    ReplicaManager::Hooks hooks;
    hooks.alter_isr = [this](const TopicPartition& tp, const PartitionState& current,
                             const std::vector<int32_t>& new_isr) {
      AlterIsr(tp, current, new_isr);
    };
    hooks.resolve = [this](int32_t id) { return BrokerNode(id); };
    hooks.topic_settings = [this](const std::string& topic) { return SettingsFor(topic); };
    hooks.verify_transaction = [this](const std::string& id, int64_t producer_id, int16_t epoch,
                                      const std::vector<TopicPartition>& partitions,
                                      ReplicaManager::Hooks::VerifyDone done) {
      VerifyTransaction(id, producer_id, epoch, partitions, std::move(done));
    };
    hooks.known_partition = [this](const TopicPartition& tp) {
      return metadata_.Partition(tp) != nullptr;
    };
    hooks.leadership_changed = [this](const TopicPartition& tp, bool leader) {
      if (coordinator_) coordinator_->OnLeadershipChange(tp, leader);
      if (txn_coordinator_) txn_coordinator_->OnLeadershipChange(tp, leader);
    };
    replicas_ = std::make_unique<ReplicaManager>(ctx(), config_, *channel_, std::move(hooks));
    replicas_->ReportChangesTo(journal_.get());
    assignment_rng_ = ctx().rng().Fork("replica-assignment");
  }
  Begin();
}

void Broker::Begin() {
  shutting_down_ = false;
  shutdown_attempts_ = 0;
  registered_ = false;
  broker_epoch_ = -1;
  zk::ZkClientConfig zk_config;
  zk_config.servers = zk_servers_;
  zk_config.session_timeout_ms = config_.zookeeper_session_timeout_ms;
  zk_ = std::make_unique<zk::ZkClient>(ctx(), zk_config);
  zk_calls_ = std::make_unique<ZkCalls>(*zk_);
  controller_ = std::make_unique<Controller>(ctx(), config_, *zk_calls_, *channel_, hosts_);
  controller_->ReportChangesTo(journal_.get());
  StartCoordinators();
  zk_->on_session_event = [this](zk::SessionEvent e) { OnSessionEvent(e); };
  zk_->on_watch = [this](zk::EventType type, const std::string& path) {
    controller_->HandleWatch(type, path);
  };
  ctx().Trace(kinds::kBrokerStart, {{"broker", config_.broker_id}});
  zk_->Connect();
  replicas_->Start();
  if (config_.profile->isr_propagation == IsrPropagation::kZkNotification) {
    ctx().ScheduleAfter(sim::Duration::Millis(IsrChangePropagation::kCheckIntervalMs),
                        kTagBase | kIsrPropagation);
  }
}

void Broker::OnCrash(sim::CrashKind kind) {
  const bool power_loss = kind == sim::CrashKind::kPowerLoss;
  if (zk_) zk_->Reset();
  if (zk_calls_) zk_calls_->Invalidate();
  if (channel_) channel_->Reset();
  if (replicas_) replicas_->OnCrash(power_loss);
  controller_.reset();
  coordinator_.reset();
  txn_coordinator_.reset();
  next_producer_id_ = 0;
  producer_id_block_end_ = -1;
  allocating_producer_ids_ = false;
  producer_id_waiters_.clear();
  zk_calls_.reset();
  zk_.reset();
  metadata_.Clear();
  topic_configs_.clear();
  isr_propagation_ = IsrChangePropagation();
  pending_admin_.clear();
  registered_ = false;
}

// ---- ZooKeeper registration ------------------------------------------------------------------

void Broker::OnSessionEvent(zk::SessionEvent event) {
  switch (event) {
    case zk::SessionEvent::kSyncConnected:
      if (!registered_ && !shutting_down_) Register();
      break;
    case zk::SessionEvent::kExpired:
      // KafkaZkClient's session-expiry handler: resign, make a new session, register again.
      ctx().Trace(kinds::kBrokerZkSessionExpired, {{"broker", config_.broker_id}});
      registered_ = false;
      controller_->Resign();
      zk_calls_->Invalidate();
      if (!shutting_down_) zk_->Connect();
      break;
    case zk::SessionEvent::kDisconnected:
      break;
  }
}

void Broker::Register() {
  std::vector<ZkCalls::Call> creates;
  for (const std::string& path : PersistentPaths()) {
    creates.push_back(
        [this, path](auto d) { zk_->Create(path, "", zk::CreateMode::kPersistent, d); });
  }
  creates.push_back([this](auto d) { zk_->GetData(zkdata::kClusterIdPath, false, d); });
  zk_calls_->Gather(creates, [this](std::vector<zk::ZkResult> rs) {
    if (rs.back().code == zk::Code::kNoNode) {
      const std::string cluster_id =
          "{\"version\":\"1\",\"id\":\"" + MakeClusterId(*assignment_rng_) + "\"}";
      zk_calls_->Do(
          [this, cluster_id](auto d) {
            zk_->Create(zkdata::kClusterIdPath, cluster_id, zk::CreateMode::kPersistent, d);
          },
          [](const zk::ZkResult&) {});
    }
    CreateRegistration();
  });
}

void Broker::CreateRegistration() {
  zkdata::BrokerRegistration reg;
  reg.id = config_.broker_id;
  reg.host = host_;
  reg.rack = config_.rack;
  reg.timestamp_ms = ctx().LocalNow().SinceZero().millis();
  const std::string path = zkdata::BrokerPath(config_.broker_id);
  zk_calls_->Do(
      [this, path, data = zkdata::EncodeBroker(reg)](auto d) {
        zk_->Create(path, data, zk::CreateMode::kEphemeral, d);
      },
      [this, path](const zk::ZkResult& r) {
        if (r.code == zk::Code::kNodeExists) {
          // The previous life's session still holds it: Kafka 2.x fails startup here ("Error while
          // creating ephemeral at /brokers/ids/<id>, node already exists"); the model waits for
          // the old session to expire and tries again.
          ctx().Trace(kinds::kBrokerRegistrationConflict, {{"path", path}});
          ctx().ScheduleAfter(sim::Duration::Millis(1000), kTagBase | kRegisterRetry);
          return;
        }
        if (r.code != zk::Code::kOk) return;
        zk_calls_->Do([this, path](auto d) { zk_->Exists(path, false, d); },
                      [this](const zk::ZkResult& stat) {
                        if (stat.code != zk::Code::kOk) return;
                        registered_ = true;
                        broker_epoch_ = stat.stat.czxid.value;
                        ctx().Trace(kinds::kBrokerRegistered,
                                    {{"broker", config_.broker_id}, {"epoch", broker_epoch_}});
                        controller_->Startup();
                      });
      });
}

// ---- timers and messages ---------------------------------------------------------------------

void Broker::OnTimer(sim::TimerId, uint64_t tag) {
  if (zk_ && zk_->HandleTimer(tag)) return;
  if (channel_ && channel_->HandleTimer(tag)) return;
  if (replicas_ && replicas_->HandleTimer(tag)) return;
  if (controller_ && controller_->HandleTimer(tag)) return;
  if (coordinator_ && coordinator_->HandleTimer(tag)) return;
  if (txn_coordinator_ && txn_coordinator_->HandleTimer(tag)) return;
  if ((tag & (uint64_t{0xffff} << 48)) != kTagBase) return;
  const uint64_t low = tag & ~(uint64_t{0xffff} << 48);
  if (low & kAdminBit) {
    const uint64_t id = low & ~kAdminBit;
    const auto it = pending_admin_.find(id);
    if (it != pending_admin_.end()) {
      SendAdminResponse(it->second, true);
      pending_admin_.erase(it);
    }
    return;
  }
  switch (static_cast<Timer>(low)) {
    case kRegisterRetry:
      if (!registered_ && zk_ && zk_->connected()) CreateRegistration();
      break;
    case kIsrPropagation:
      if (const auto changed =
              isr_propagation_.MaybePropagate(ctx().LocalNow().SinceZero().millis());
          changed && registered_) {
        const std::string data = zkdata::EncodeIsrChange(*changed);
        zk_calls_->Do(
            [this, data](auto d) {
              zk_->Create(zkdata::kIsrChangePrefix, data, zk::CreateMode::kPersistentSequential, d);
            },
            [](const zk::ZkResult&) {});
      }
      ctx().ScheduleAfter(sim::Duration::Millis(IsrChangePropagation::kCheckIntervalMs),
                          kTagBase | kIsrPropagation);
      break;
    case kShutdownRetry:
      TryControlledShutdown();
      break;
    case kExitDeadline:
      ctx().Exit();
      break;
  }
}

void Broker::OnConnectionReset(sim::NodeId peer) {
  if (zk_) zk_->HandleConnectionReset(peer);
  if (channel_) channel_->HandleConnectionReset(peer);
}

void Broker::OnMessage(sim::NodeId from, const sim::MessagePtr& message) {
  if (zk_ && zk_->HandleMessage(from, message)) return;
  if (channel_ && channel_->HandleMessage(message)) return;
  if (const auto* packet = dynamic_cast<const Packet*>(message.get())) HandleRequest(from, *packet);
}

void Broker::Respond(sim::NodeId to, int32_t correlation_id, PacketBody body) {
  ctx().Send(to, std::make_shared<Packet>(correlation_id, std::move(body)));
}

void Broker::HandleRequest(sim::NodeId from, const Packet& packet) {
  const int32_t id = packet.correlation_id();
  std::visit(
      [&](const auto& body) {
        using T = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<T, ProduceRequest>) {
          replicas_->HandleProduce(from, id, body);
        } else if constexpr (std::is_same_v<T, FetchRequest>) {
          replicas_->HandleFetch(from, id, body);
        } else if constexpr (std::is_same_v<T, ListOffsetsRequest>) {
          Respond(from, id, replicas_->HandleListOffsets(body));
        } else if constexpr (std::is_same_v<T, OffsetsForLeaderEpochRequest>) {
          Respond(from, id, replicas_->HandleOffsetsForLeaderEpoch(body));
        } else if constexpr (std::is_same_v<T, MetadataRequest>) {
          HandleMetadata(from, id, body);
        } else if constexpr (std::is_same_v<T, LeaderAndIsrRequest>) {
          HandleLeaderAndIsr(from, id, body);
        } else if constexpr (std::is_same_v<T, UpdateMetadataRequest>) {
          UpdateMetadataResponse response;
          if (body.controller_epoch < replicas_->controller_epoch()) {
            response.error = ErrorCode::kStaleControllerEpoch;
          } else if (StaleBrokerEpoch(body.broker_epoch)) {
            response.error = ErrorCode::kStaleBrokerEpoch;
          } else {
            metadata_.Update(body);
            CompletePendingAdmin();
          }
          Respond(from, id, response);
        } else if constexpr (std::is_same_v<T, StopReplicaRequest>) {
          if (StaleBrokerEpoch(body.broker_epoch)) {
            Respond(from, id, StopReplicaResponse{ErrorCode::kStaleBrokerEpoch, {}});
          } else {
            Respond(from, id, replicas_->HandleStopReplica(body));
          }
        } else if constexpr (std::is_same_v<T, AlterIsrRequest>) {
          controller_->HandleAlterIsr(from, id, body);
        } else if constexpr (std::is_same_v<T, ControlledShutdownRequest>) {
          controller_->HandleControlledShutdown(from, id, body);
        } else if constexpr (std::is_same_v<T, CreateTopicsRequest>) {
          HandleCreateTopics(from, id, body);
        } else if constexpr (std::is_same_v<T, DeleteTopicsRequest>) {
          HandleDeleteTopics(from, id, body);
        } else if constexpr (std::is_same_v<T, CreatePartitionsRequest>) {
          HandleCreatePartitions(from, id, body);
        } else if constexpr (std::is_same_v<T, InitProducerIdRequest>) {
          HandleInitProducerId(from, id, body);
        } else if constexpr (std::is_same_v<T, AddPartitionsToTxnRequest>) {
          txn_coordinator_->HandleAddPartitions(from, id, body);
        } else if constexpr (std::is_same_v<T, AddOffsetsToTxnRequest>) {
          txn_coordinator_->HandleAddOffsets(
              from, id, body, {kOffsetsTopic, coordinator_->PartitionFor(body.group_id)});
        } else if constexpr (std::is_same_v<T, EndTxnRequest>) {
          txn_coordinator_->HandleEndTxn(from, id, body);
        } else if constexpr (std::is_same_v<T, TxnOffsetCommitRequest>) {
          coordinator_->HandleTxnOffsetCommit(from, id, body);
        } else if constexpr (std::is_same_v<T, WriteTxnMarkersRequest>) {
          HandleWriteTxnMarkers(from, id, body);
        } else if constexpr (std::is_same_v<T, FindCoordinatorRequest>) {
          HandleFindCoordinator(from, id, body);
        } else if constexpr (std::is_same_v<T, JoinGroupRequest>) {
          coordinator_->HandleJoinGroup(from, id, body);
        } else if constexpr (std::is_same_v<T, SyncGroupRequest>) {
          coordinator_->HandleSyncGroup(from, id, body);
        } else if constexpr (std::is_same_v<T, HeartbeatRequest>) {
          coordinator_->HandleHeartbeat(from, id, body);
        } else if constexpr (std::is_same_v<T, LeaveGroupRequest>) {
          coordinator_->HandleLeaveGroup(from, id, body);
        } else if constexpr (std::is_same_v<T, OffsetCommitRequest>) {
          coordinator_->HandleOffsetCommit(from, id, body);
        } else if constexpr (std::is_same_v<T, OffsetFetchRequest>) {
          coordinator_->HandleOffsetFetch(from, id, body);
        } else if constexpr (std::is_same_v<T, DescribeGroupsRequest>) {
          Respond(from, id, coordinator_->Describe(body));
        } else if constexpr (std::is_same_v<T, ListGroupsRequest>) {
          Respond(from, id, coordinator_->List());
        }
        // Responses were the channel's; anything else is not a request a broker serves.
      },
      packet.body());
}

// LeaderAndIsr needs each new topic's config (LogManager reads /config/topics/<t> when it creates
// a log); those are read first, then the request is applied and answered.
void Broker::HandleLeaderAndIsr(sim::NodeId from, int32_t correlation_id,
                                const LeaderAndIsrRequest& request) {
  if (StaleBrokerEpoch(request.broker_epoch)) {
    Respond(from, correlation_id, LeaderAndIsrResponse{ErrorCode::kStaleBrokerEpoch, {}});
    return;
  }
  std::vector<std::string> unknown;
  for (const auto& p : request.partitions) {
    if (!topic_configs_.contains(p.tp.topic) &&
        std::find(unknown.begin(), unknown.end(), p.tp.topic) == unknown.end()) {
      unknown.push_back(p.tp.topic);
    }
  }
  std::vector<ZkCalls::Call> reads;
  for (const std::string& t : unknown) {
    reads.push_back([this, t](auto d) { zk_->GetData(zkdata::TopicConfigPath(t), false, d); });
  }
  zk_calls_->Gather(reads, [this, from, correlation_id, request,
                            unknown](std::vector<zk::ZkResult> rs) {
    for (size_t i = 0; i < unknown.size(); ++i) {
      topic_configs_[unknown[i]] =
          rs[i].code == zk::Code::kOk
              ? zkdata::DecodeTopicConfig(rs[i].data).value_or(std::map<std::string, std::string>{})
              : std::map<std::string, std::string>{};
    }
    Respond(from, correlation_id, replicas_->HandleLeaderAndIsr(request));
  });
}

TopicSettings Broker::SettingsFor(const std::string& topic) const {
  const auto it = topic_configs_.find(topic);
  static const std::map<std::string, std::string> kNone;
  return TopicSettings::For(config_, it == topic_configs_.end() ? kNone : it->second);
}

std::optional<sim::NodeId> Broker::BrokerNode(int32_t id) const {
  if (id == config_.broker_id) return hosts_->Resolve(host_);
  const auto b = metadata_.Broker(id);
  if (b) return hosts_->Resolve(b->host);
  return hosts_->Resolve("broker-" + std::to_string(id));
}

std::optional<sim::NodeId> Broker::ControllerNode() const {
  if (metadata_.controller_id() < 0) return std::nullopt;
  return BrokerNode(metadata_.controller_id());
}

// ---- ISR changes -----------------------------------------------------------------------------

void Broker::AlterIsr(const TopicPartition& tp, const PartitionState& current,
                      const std::vector<int32_t>& new_isr) {
  if (config_.profile->isr_propagation == IsrPropagation::kZkNotification) {
    WriteIsrToZk(tp, current, new_isr);
    return;
  }
  const std::optional<sim::NodeId> controller = ControllerNode();
  if (!controller) {
    replicas_->IsrChangeCompleted(tp, std::nullopt);
    return;
  }
  AlterIsrRequest request;
  request.broker_id = config_.broker_id;
  request.broker_epoch = broker_epoch_;
  request.entries.push_back({tp, current.leader_epoch, new_isr, current.partition_epoch});
  channel_->Send(
      *controller, std::move(request), config_.controller_socket_timeout_ms,
      [this, tp](const PacketBody* body) {
        const auto* response = body ? std::get_if<AlterIsrResponse>(body) : nullptr;
        std::optional<PartitionState> accepted;
        if (response && response->error == ErrorCode::kNone) {
          for (const auto& e : response->entries) {
            if (e.tp == tp && e.error == ErrorCode::kNone) {
              accepted = PartitionState{e.leader, e.leader_epoch, e.isr, e.current_isr_version, {}};
            }
          }
        }
        replicas_->IsrChangeCompleted(tp, accepted);
      });
}

// Before 2.7: the leader writes the partition's state znode itself, conditional on the version
// it knows (ZkIsrManager / Partition.updateIsr), then announces the change.
void Broker::WriteIsrToZk(const TopicPartition& tp, const PartitionState& current,
                          const std::vector<int32_t>& new_isr) {
  if (!registered_) {
    replicas_->IsrChangeCompleted(tp, std::nullopt);
    return;
  }
  const zkdata::PartitionZkState state{current.leader, current.leader_epoch, new_isr,
                                       replicas_->controller_epoch()};
  const std::string path = zkdata::PartitionStatePath(tp);
  const std::string data = zkdata::EncodePartitionState(state);
  const int32_t version = current.partition_epoch;
  zk_calls_->Do([this, path, data, version](auto d) { zk_->SetData(path, data, version, d); },
                [this, tp, current, new_isr](const zk::ZkResult& r) {
                  if (r.code != zk::Code::kOk) {
                    ctx().Trace(kinds::kBrokerIsrWriteRefused,
                                {{"partition", ToString(tp)}, {"code", zk::CodeMessage(r.code)}});
                    replicas_->IsrChangeCompleted(tp, std::nullopt);
                    return;
                  }
                  PartitionState accepted = current;
                  accepted.isr = new_isr;
                  accepted.partition_epoch =
                      r.results.empty() ? r.stat.version : r.results[0].stat.version;
                  ctx().Trace(kinds::kBrokerIsrWritten, {{"partition", ToString(tp)},
                                                         {"leader", current.leader},
                                                         {"isr", FormatIdList(new_isr)}});
                  replicas_->IsrChangeCompleted(tp, accepted);
                  isr_propagation_.Record(tp, ctx().LocalNow().SinceZero().millis());
                });
}

// ---- shutdown --------------------------------------------------------------------------------

void Broker::BeginShutdown() {
  if (shutting_down_) return;
  shutting_down_ = true;
  ctx().Trace(kinds::kBrokerShutdownStarted, {{"broker", config_.broker_id}});
  if (config_.controlled_shutdown_enable && registered_) {
    TryControlledShutdown();
  } else {
    FinishShutdown();
  }
}

// KafkaServer.controlledShutdown: ask the controller to move leadership away; retry after
// controlled.shutdown.retry.backoff.ms until it reports nothing left, at most max.retries times.
void Broker::TryControlledShutdown() {
  if (shutdown_attempts_++ >= config_.controlled_shutdown_max_retries) {
    ctx().Trace(kinds::kBrokerControlledShutdownFailed, {{"broker", config_.broker_id}});
    FinishShutdown();
    return;
  }
  const std::optional<sim::NodeId> controller = ControllerNode();
  if (!controller) {
    ctx().ScheduleAfter(sim::Duration::Millis(config_.controlled_shutdown_retry_backoff_ms),
                        kTagBase | kShutdownRetry);
    return;
  }
  ControlledShutdownRequest request{config_.broker_id, broker_epoch_};
  channel_->Send(
      *controller, request, config_.controller_socket_timeout_ms, [this](const PacketBody* body) {
        const auto* response = body ? std::get_if<ControlledShutdownResponse>(body) : nullptr;
        if (response && response->error == ErrorCode::kNone &&
            response->remaining_partitions.empty()) {
          ctx().Trace(kinds::kBrokerControlledShutdownSucceeded, {{"broker", config_.broker_id}});
          FinishShutdown();
          return;
        }
        ctx().ScheduleAfter(sim::Duration::Millis(config_.controlled_shutdown_retry_backoff_ms),
                            kTagBase | kShutdownRetry);
      });
}

// The clean part of a shutdown: flush, checkpoint, close the session (its ephemerals go at once),
// and exit.
void Broker::FinishShutdown() {
  replicas_->OnCleanShutdown();
  if (controller_) controller_->Resign();
  ctx().ScheduleAfter(sim::Duration::Millis(2000), kTagBase | kExitDeadline);
  zk_->Close([this](const zk::ZkResult&) { ctx().Exit(); });
}

}  // namespace kafka

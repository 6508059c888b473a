// See controller.h. This file: leader elections, new partitions, ISR changes (AlterIsr and the
// pre-2.7 notifications), the preferred-leader rebalance, and the requests that tell brokers.
#include <algorithm>
#include <charconv>

#include "model/broker/broker_config.h"
#include "model/common/id_text.h"
#include "model/common/trace_kinds.h"
#include "model/common/zk_data.h"
#include "model/controller/auto_rebalance.h"
#include "model/controller/controller.h"

namespace kafka {
namespace {

const char* ToString(ElectionKind kind) {
  switch (kind) {
    case ElectionKind::kOffline:
      return "offline";
    case ElectionKind::kControlledShutdown:
      return "controlled_shutdown";
    case ElectionKind::kPreferred:
      return "preferred";
  }
  return "?";
}

}  // namespace

std::vector<int32_t> Controller::LiveReplicas(const TopicPartition& tp) const {
  std::vector<int32_t> live;
  for (int32_t r : context_.Assignment(tp)) {
    if (context_.IsLive(r)) live.push_back(r);
  }
  return live;
}

bool Controller::UncleanAllowed(const std::string& topic) const {
  const auto it = context_.topic_configs.find(topic);
  static const std::map<std::string, std::string> kNone;
  return TopicSettings::For(config_, it == context_.topic_configs.end() ? kNone : it->second)
      .unclean_leader_election_enable;
}

PartitionStateEntry Controller::StateEntry(const TopicPartition& tp) const {
  PartitionStateEntry e;
  e.tp = tp;
  const auto it = context_.partitions.find(tp);
  if (it != context_.partitions.end()) {
    e.controller_epoch = it->second.controller_epoch;
    e.leader = it->second.leadership.leader;
    e.leader_epoch = it->second.leadership.leader_epoch;
    e.isr = it->second.leadership.isr;
    e.zk_version = it->second.zk_version;
  }
  e.replicas = context_.Assignment(tp);
  for (int32_t r : e.replicas) {
    if (!context_.IsLive(r)) e.offline_replicas.push_back(r);
  }
  return e;
}

// ControllerBrokerRequestBatch.addLeaderAndIsrRequestForBrokers: the replicas hear the state, and
// every live broker's metadata follows.
void Controller::AddLeaderAndIsr(const std::vector<int32_t>& brokers, const TopicPartition& tp,
                                 bool is_new) {
  PartitionStateEntry e = StateEntry(tp);
  e.is_new = is_new;
  for (int32_t b : brokers) {
    if (context_.IsLive(b)) batch_.AddLeaderAndIsr(b, e);
  }
  AddUpdateMetadata({tp});
}

void Controller::AddUpdateMetadata(const std::vector<TopicPartition>& partitions) {
  for (const auto& [id, b] : context_.live_brokers) {
    batch_.TouchUpdateMetadata(id);
    for (const TopicPartition& tp : partitions) batch_.AddUpdateMetadata(id, StateEntry(tp));
  }
}

void Controller::SendRequests() {
  for (auto& request : batch_.Take(config_.broker_id, context_)) {
    brokers_channel_.Send(request.broker, std::move(request.body), std::move(request.on_response));
  }
}

// ---- elections -------------------------------------------------------------------------------

void Controller::Elect(std::vector<TopicPartition> partitions, ElectionKind kind,
                       std::function<void(std::vector<TopicPartition>)> done) {
  ElectAttempt(std::move(partitions), kind, 0, std::make_shared<std::vector<TopicPartition>>(),
               std::move(done));
}

// A write refused because the state znode moved on (a leader changed its ISR in ZooKeeper before
// 2.7) is re-read and elected again, as PartitionStateMachine.doElectLeaderForPartitions retries.
void Controller::ElectAttempt(std::vector<TopicPartition> partitions, ElectionKind kind,
                              int attempt, std::shared_ptr<std::vector<TopicPartition>> elected,
                              std::function<void(std::vector<TopicPartition>)> done) {
  std::map<TopicPartition, LeaderAndIsr> updates;
  std::map<TopicPartition, bool> unclean;
  const std::set<int32_t> live = context_.EligibleIds();
  for (const TopicPartition& tp : partitions) {
    const auto it = context_.partitions.find(tp);
    if (it == context_.partitions.end()) continue;
    const std::vector<int32_t>& assignment = context_.Assignment(tp);
    const LeaderAndIsr& current = it->second.leadership;
    ElectionResult result;
    switch (kind) {
      case ElectionKind::kOffline:
        result = ElectOfflinePartitionLeader(assignment, current, live, UncleanAllowed(tp.topic));
        break;
      case ElectionKind::kControlledShutdown:
        result = ElectControlledShutdownLeader(assignment, current, context_.LiveIds(),
                                               context_.shutting_down);
        break;
      case ElectionKind::kPreferred:
        result = ElectPreferredLeader(assignment, current, live);
        break;
    }
    if (!result.next) {
      if (kind == ElectionKind::kOffline) {
        ctx_.Trace(kinds::kControllerNoLeader,
                   {{"partition", kafka::ToString(tp)}, {"isr", FormatIdList(current.isr)}});
      }
      continue;
    }
    updates[tp] = *result.next;
    unclean[tp] = result.unclean;
  }
  WritePartitionStates(updates, [this, kind, unclean, done, updates, attempt,
                                 elected](std::vector<TopicPartition> written) {
    for (const TopicPartition& tp : written) {
      auto& info = context_.partitions[tp];
      info.phase = PartitionPhase::kOnline;
      ++metrics_.leader_elections;
      if (unclean.at(tp)) ++metrics_.unclean_elections;
      ctx_.Trace(kinds::kControllerLeaderElected, {{"partition", kafka::ToString(tp)},
                                                   {"leader", info.leadership.leader},
                                                   {"leader_epoch", info.leadership.leader_epoch},
                                                   {"isr", FormatIdList(info.leadership.isr)},
                                                   {"election", ToString(kind)},
                                                   {"unclean", unclean.at(tp)}});
      std::vector<int32_t> recipients = LiveReplicas(tp);
      if (kind == ElectionKind::kControlledShutdown) {
        std::erase_if(recipients, [&](int32_t r) { return context_.shutting_down.contains(r); });
      }
      AddLeaderAndIsr(recipients, tp, false);
    }
    SendRequests();
    elected->insert(elected->end(), written.begin(), written.end());
    std::vector<TopicPartition> failed;
    for (const auto& [tp, next] : updates) {
      if (std::find(written.begin(), written.end(), tp) == written.end()) failed.push_back(tp);
    }
    if (failed.empty() || attempt >= 2) {
      done(std::move(*elected));
      return;
    }
    RefreshPartitionStates(failed, [this, failed, kind, attempt, elected, done] {
      ElectAttempt(failed, kind, attempt + 1, elected, done);
    });
  });
}

void Controller::RefreshPartitionStates(const std::vector<TopicPartition>& tps, Done then) {
  std::vector<ZkCalls::Call> reads;
  for (const auto& tp : tps) {
    reads.push_back(
        [this, tp](auto d) { zk_.client().GetData(zkdata::PartitionStatePath(tp), false, d); });
  }
  zk_.Gather(reads, [this, tps, then, era = era_](std::vector<zk::ZkResult> rs) {
    if (era != era_) return;
    for (size_t i = 0; i < tps.size(); ++i) {
      const auto state = zkdata::DecodePartitionState(rs[i].data);
      if (rs[i].code != zk::Code::kOk || !state) continue;
      auto& info = context_.partitions[tps[i]];
      info.leadership = {state->leader, state->leader_epoch, state->isr};
      info.controller_epoch = state->controller_epoch;
      info.zk_version = rs[i].stat.version;
    }
    then();
  });
}

// triggerOnlinePartitionStateChange: every New or Offline partition gets a leader if it can.
void Controller::TriggerOnlinePartitionStateChange(Done done) {
  std::vector<TopicPartition> offline;
  for (const auto& [tp, info] : context_.partitions) {
    if (context_.topics_being_deleted.contains(tp.topic)) continue;
    // PartitionStateMachine.triggerOnlinePartitionStateChange (2.8) elects for Offline and New
    // partitions only; a leader that is shutting down but alive still leads until it is gone.
    const bool leaderless = !context_.IsLive(info.leadership.leader);
    if (info.phase == PartitionPhase::kOffline ||
        (info.phase == PartitionPhase::kOnline && leaderless)) {
      offline.push_back(tp);
    }
  }
  Elect(offline, ElectionKind::kOffline, [done](std::vector<TopicPartition>) { done(); });
}

// onNewPartitionCreation: NewPartition -> OnlinePartition: the first live replica leads, the live
// replicas form the ISR, and the state znode is created.
void Controller::OnNewPartitions(std::vector<TopicPartition> partitions, Done done) {
  const std::set<int32_t> live = context_.LiveIds();
  auto remaining = std::make_shared<size_t>(0);
  std::vector<std::pair<TopicPartition, LeaderAndIsr>> creates;
  for (const TopicPartition& tp : partitions) {
    context_.partitions[tp].phase = PartitionPhase::kNew;
    const auto initial = InitialLeaderAndIsr(context_.Assignment(tp), live);
    if (!initial) {
      ctx_.Trace(kinds::kControllerNoLeader, {{"partition", kafka::ToString(tp)}});
      continue;
    }
    creates.push_back({tp, *initial});
  }
  if (creates.empty()) {
    done();
    return;
  }
  *remaining = creates.size();
  for (const auto& [tp, initial] : creates) {
    const zkdata::PartitionZkState state{initial.leader, initial.leader_epoch, initial.isr,
                                         context_.epoch};
    const std::string partitions_path = zkdata::PartitionsPath(tp.topic);
    const std::string partition_path = zkdata::PartitionPath(tp);
    // The parents are not guarded (they may exist); the state znode is.
    zk_.Do(
        [this, partitions_path](auto d) {
          zk_.client().Create(partitions_path, "", zk::CreateMode::kPersistent, d);
        },
        [](const zk::ZkResult&) {});
    zk_.Do([this, partition_path](
               auto d) { zk_.client().Create(partition_path, "", zk::CreateMode::kPersistent, d); },
           [](const zk::ZkResult&) {});
    GuardedWrite(
        {zk::Op::Create(zkdata::PartitionStatePath(tp), zkdata::EncodePartitionState(state))},
        [this, tp = tp, initial = initial, remaining, done](const zk::ZkResult& r) {
          if (r.code == zk::Code::kOk) {
            auto& info = context_.partitions[tp];
            info.leadership = initial;
            info.controller_epoch = context_.epoch;
            info.zk_version = 0;
            info.phase = PartitionPhase::kOnline;
            ctx_.Trace(kinds::kControllerPartitionCreated, {{"partition", kafka::ToString(tp)},
                                                            {"leader", initial.leader},
                                                            {"isr", FormatIdList(initial.isr)}});
            AddLeaderAndIsr(LiveReplicas(tp), tp, true);
          }
          if (--*remaining == 0) {
            SendRequests();
            done();
          }
        });
  }
}

void Controller::ElectPreferredLeaders(std::vector<TopicPartition> partitions) {
  Enqueue("PreferredReplicaLeaderElection", [this, partitions](Done done) {
    std::vector<TopicPartition> targets = partitions;
    if (targets.empty()) {
      for (const auto& [tp, info] : context_.partitions) targets.push_back(tp);
    }
    std::erase_if(targets, [&](const TopicPartition& tp) {
      const auto it = context_.partitions.find(tp);
      const auto& a = context_.Assignment(tp);
      return it == context_.partitions.end() || a.empty() ||
             it->second.leadership.leader == a.front();
    });
    Elect(targets, ElectionKind::kPreferred, [done](std::vector<TopicPartition>) { done(); });
  });
}

void Controller::AutoRebalance(Done done) {
  std::map<TopicPartition, PartitionLeadership> leadership;
  for (const auto& [tp, info] : context_.partitions) {
    if (context_.topics_being_deleted.contains(tp.topic)) continue;
    leadership[tp] = {context_.Assignment(tp), info.leadership};
  }
  const std::vector<TopicPartition> targets = PartitionsToRebalance(
      leadership, context_.EligibleIds(), config_.leader_imbalance_per_broker_percentage);
  ctx_.ScheduleAfter(sim::Duration::Millis(config_.leader_imbalance_check_interval_seconds * 1000),
                     kTagBase | ((era_ & 0xffffffff) << 16) | kAutoRebalance);
  Elect(targets, ElectionKind::kPreferred, [done](std::vector<TopicPartition>) { done(); });
}

// ---- ISR changes -----------------------------------------------------------------------------

void Controller::HandleAlterIsr(sim::NodeId from, int32_t correlation_id,
                                const AlterIsrRequest& request) {
  if (!active_) {
    AlterIsrResponse response;
    response.error = ErrorCode::kNotController;
    ctx_.Send(from, std::make_shared<Packet>(correlation_id, PacketBody(std::move(response))));
    return;
  }
  Enqueue("AlterIsrReceived", [this, from, correlation_id, request](Done done) {
    DoAlterIsr(from, correlation_id, request, done);
  });
}

// KafkaController.processAlterIsr: the leader's epoch and the state's version must match what
// the controller has; then the new ISR is written with the same leader epoch.
void Controller::DoAlterIsr(sim::NodeId from, int32_t correlation_id, AlterIsrRequest request,
                            Done done) {
  auto respond = [this, from, correlation_id](AlterIsrResponse response) {
    ctx_.Send(from, std::make_shared<Packet>(correlation_id, PacketBody(std::move(response))));
  };
  AlterIsrResponse response;
  const auto broker = context_.live_brokers.find(request.broker_id);
  if (broker == context_.live_brokers.end() || broker->second.epoch != request.broker_epoch) {
    response.error = ErrorCode::kStaleBrokerEpoch;
    respond(std::move(response));
    done();
    return;
  }
  std::map<TopicPartition, LeaderAndIsr> updates;
  std::map<TopicPartition, ErrorCode> errors;
  for (const auto& e : request.entries) {
    const auto it = context_.partitions.find(e.tp);
    if (it == context_.partitions.end()) {
      errors[e.tp] = ErrorCode::kUnknownTopicOrPartition;
    } else if (it->second.leadership.leader != request.broker_id) {
      errors[e.tp] = ErrorCode::kNotLeaderOrFollower;
    } else if (e.leader_epoch != it->second.leadership.leader_epoch) {
      errors[e.tp] = ErrorCode::kFencedLeaderEpoch;
    } else if (e.current_isr_version != it->second.zk_version) {
      errors[e.tp] = ErrorCode::kInvalidUpdateVersion;
    } else if (e.new_isr == it->second.leadership.isr) {
      errors[e.tp] = ErrorCode::kNone;  // already so (a retry): answer with the current state
    } else {
      updates[e.tp] = LeaderAndIsr{it->second.leadership.leader, e.leader_epoch, e.new_isr};
    }
  }
  WritePartitionStates(
      updates, [this, errors, updates, respond, done](std::vector<TopicPartition> written) mutable {
        AlterIsrResponse response;
        for (const auto& [tp, next] : updates) {
          if (std::find(written.begin(), written.end(), tp) == written.end()) {
            errors[tp] = ErrorCode::kInvalidUpdateVersion;
          } else {
            errors[tp] = ErrorCode::kNone;
            ctx_.Trace(kinds::kControllerIsrChanged,
                       {{"partition", kafka::ToString(tp)}, {"isr", FormatIdList(next.isr)}});
          }
        }
        for (const auto& [tp, error] : errors) {
          AlterIsrResponse::Entry entry{tp, error};
          if (error == ErrorCode::kNone) {
            const auto& info = context_.partitions[tp];
            entry.leader = info.leadership.leader;
            entry.leader_epoch = info.leadership.leader_epoch;
            entry.isr = info.leadership.isr;
            entry.current_isr_version = info.zk_version;
          }
          response.entries.push_back(entry);
        }
        respond(std::move(response));
        AddUpdateMetadata(written);
        SendRequests();
        done();
      });
}

// Before 2.7 leaders write ISR changes to ZooKeeper themselves and leave a sequential znode under
// /isr_change_notification; the controller re-reads those partitions and spreads the news.
void Controller::OnIsrChangeNotification(Done done) {
  zk_.Do([this](auto d) { zk_.client().GetChildren(zkdata::kIsrChangeNotificationPath, true, d); },
         [this, done, era = era_](const zk::ZkResult& r) {
           if (era != era_) return;
           std::vector<std::string> children = r.children;
           std::sort(children.begin(), children.end());
           if (children.empty()) {
             done();
             return;
           }
           std::vector<ZkCalls::Call> reads;
           for (const std::string& c : children) {
             const std::string path = std::string(zkdata::kIsrChangeNotificationPath) + "/" + c;
             reads.push_back([this, path](auto d) { zk_.client().GetData(path, false, d); });
           }
           zk_.Gather(reads, [this, done, era, children](std::vector<zk::ZkResult> rs) {
             if (era != era_) return;
             std::set<TopicPartition> changed;
             for (const auto& r : rs) {
               for (const auto& tp :
                    zkdata::DecodeIsrChange(r.data).value_or(std::vector<TopicPartition>{})) {
                 if (context_.partitions.contains(tp)) changed.insert(tp);
               }
             }
             for (const std::string& c : children) {
               const std::string path = std::string(zkdata::kIsrChangeNotificationPath) + "/" + c;
               zk_.Do([this, path](auto d) { zk_.client().Delete(path, -1, d); },
                      [](const zk::ZkResult&) {});
             }
             const std::vector<TopicPartition> tps(changed.begin(), changed.end());
             RefreshPartitionStates(tps, [this, done, tps] {
               AddUpdateMetadata(tps);
               SendRequests();
               done();
             });
           });
         });
}

}  // namespace kafka

// See controller.h. This file: brokers joining, dying and bouncing (onBrokerStartup,
// onBrokerFailure, replicas going offline) and controlled shutdown.
#include <algorithm>
#include <charconv>

#include "model/common/id_text.h"
#include "model/common/trace_kinds.h"
#include "model/common/zk_data.h"
#include "model/controller/controller.h"

namespace kafka {
// processBrokerChange: compare /brokers/ids with the live set. A broker whose registration has
// a new czxid restarted in between (bounced): it fails and starts again.
void Controller::OnBrokerChange(Done done) {
  const uint64_t era = era_;
  zk_.Do([this](auto d) { zk_.client().GetChildren(zkdata::kBrokerIdsPath, true, d); },
         [this, done, era](const zk::ZkResult& ids) {
           if (era != era_) return;
           std::vector<ZkCalls::Call> reads;
           for (const std::string& child : ids.children) {
             const std::string path = std::string(zkdata::kBrokerIdsPath) + "/" + child;
             reads.push_back([this, path](auto d) { zk_.client().GetData(path, false, d); });
           }
           zk_.Gather(
               reads, [this, done, era, children = ids.children](std::vector<zk::ZkResult> rs) {
                 if (era != era_) return;
                 std::map<int32_t, ControllerContext::LiveBroker> registered;
                 for (size_t i = 0; i < rs.size(); ++i) {
                   const auto id = ParseInt32(children[i]);
                   if (!id || rs[i].code != zk::Code::kOk) continue;
                   const auto reg = zkdata::DecodeBroker(*id, rs[i].data);
                   const auto node = reg ? hosts_->Resolve(reg->host) : std::nullopt;
                   if (!node) continue;
                   registered[*id] = {BrokerEndpoint{*id, reg->host, reg->port, reg->rack},
                                      rs[i].stat.czxid.value, *node};
                 }
                 std::vector<int32_t> added, dead, bounced;
                 for (const auto& [id, b] : registered) {
                   const auto it = context_.live_brokers.find(id);
                   if (it == context_.live_brokers.end()) {
                     added.push_back(id);
                   } else if (it->second.epoch != b.epoch) {
                     bounced.push_back(id);
                   }
                 }
                 for (const auto& [id, b] : context_.live_brokers) {
                   if (!registered.contains(id)) dead.push_back(id);
                 }
                 ctx_.Trace(kinds::kControllerBrokerChange, {{"new", FormatIdList(added)},
                                                             {"dead", FormatIdList(dead)},
                                                             {"bounced", FormatIdList(bounced)}});
                 for (int32_t id : dead) {
                   context_.live_brokers.erase(id);
                   context_.shutting_down.erase(id);
                   brokers_channel_.RemoveBroker(id);
                 }
                 for (int32_t id : bounced) {
                   context_.live_brokers.erase(id);
                   context_.shutting_down.erase(id);
                   brokers_channel_.RemoveBroker(id);
                 }
                 std::vector<int32_t> starting = added;
                 starting.insert(starting.end(), bounced.begin(), bounced.end());
                 std::vector<int32_t> failing = dead;
                 failing.insert(failing.end(), bounced.begin(), bounced.end());
                 // Failures first (the bounced brokers' old lives end), then the starts.
                 OnBrokerFailure(failing, [this, done, era, starting, registered] {
                   if (era != era_) return;
                   for (int32_t id : starting) {
                     context_.live_brokers[id] = registered.at(id);
                     brokers_channel_.AddBroker(id, registered.at(id).node);
                   }
                   OnBrokerStartup(starting, done);
                 });
               });
         });
}

void Controller::OnBrokerStartup(const std::vector<int32_t>& ids, Done done) {
  if (ids.empty()) {
    done();
    return;
  }
  ctx_.Trace(kinds::kControllerBrokerStartup, {{"brokers", FormatIdList(ids)}});
  std::vector<TopicPartition> all;
  for (const auto& [tp, info] : context_.partitions) all.push_back(tp);
  AddUpdateMetadata(all);
  SendRequests();
  // Its replicas go online: each hears its partition's state.
  for (const auto& [tp, info] : context_.partitions) {
    const auto& replicas = context_.Assignment(tp);
    std::vector<int32_t> starting;
    for (int32_t id : ids) {
      if (std::find(replicas.begin(), replicas.end(), id) != replicas.end()) starting.push_back(id);
    }
    if (!starting.empty() && info.phase != PartitionPhase::kNew) {
      AddLeaderAndIsr(starting, tp, false);
    }
  }
  SendRequests();
  TriggerOnlinePartitionStateChange([this, done] {
    if (!context_.topics_being_deleted.empty()) {
      Enqueue("TopicDeletion", [this](Done d) { OnTopicDeletion(d); });
    }
    done();
  });
}

// onReplicasBecomeOffline: partitions the dead brokers led go offline and get new leaders where
// possible; then the dead replicas leave every ISR (except as its last member).
void Controller::OnBrokerFailure(const std::vector<int32_t>& ids, Done done) {
  if (ids.empty()) {
    done();
    return;
  }
  ctx_.Trace(kinds::kControllerBrokerFailure, {{"brokers", FormatIdList(ids)}});
  std::vector<TopicPartition> led_by_failed;
  for (const auto& [tp, info] : context_.partitions) {
    if (std::find(ids.begin(), ids.end(), info.leadership.leader) != ids.end()) {
      led_by_failed.push_back(tp);
    }
  }
  for (const TopicPartition& tp : led_by_failed) {
    context_.partitions[tp].phase = PartitionPhase::kOffline;
  }
  TriggerOnlinePartitionStateChange([this, ids, done] {
    RemoveReplicasFromIsr(ids, std::nullopt, [this, done](std::vector<TopicPartition> changed) {
      if (changed.empty()) {
        AddUpdateMetadata({});
        SendRequests();
      }
      done();
    });
  });
}

// ReplicaStateMachine, -> OfflineReplica: leader = -1 if it led, out of the ISR unless it is the
// last member; the leader epoch goes up and the remaining replicas hear of it.
void Controller::RemoveReplicasFromIsr(const std::vector<int32_t>& ids,
                                       std::optional<std::set<TopicPartition>> only,
                                       std::function<void(std::vector<TopicPartition>)> done) {
  std::map<TopicPartition, LeaderAndIsr> updates;
  for (const auto& [tp, info] : context_.partitions) {
    if (only && !only->contains(tp)) continue;
    LeaderAndIsr next = info.leadership;
    bool changed = false;
    for (int32_t id : ids) {
      const bool in_isr = std::find(next.isr.begin(), next.isr.end(), id) != next.isr.end();
      if (!in_isr && next.leader != id) continue;
      const LeaderAndIsr removed = RemoveReplicaFromIsr(next, id);
      if (removed.isr == next.isr && removed.leader == next.leader) continue;
      next = removed;
      next.leader_epoch = info.leadership.leader_epoch + 1;
      changed = true;
    }
    if (changed) updates[tp] = next;
  }
  WritePartitionStates(updates, [this, done](std::vector<TopicPartition> written) {
    for (const TopicPartition& tp : written) {
      const auto& info = context_.partitions[tp];
      if (info.leadership.leader < 0) context_.partitions[tp].phase = PartitionPhase::kOffline;
      ctx_.Trace(kinds::kControllerReplicaOffline, {{"partition", ToString(tp)},
                                                    {"leader", info.leadership.leader},
                                                    {"leader_epoch", info.leadership.leader_epoch},
                                                    {"isr", FormatIdList(info.leadership.isr)}});
      AddLeaderAndIsr(LiveReplicas(tp), tp, false);
    }
    SendRequests();
    done(std::move(written));
  });
}

void Controller::HandleControlledShutdown(sim::NodeId from, int32_t correlation_id,
                                          const ControlledShutdownRequest& request) {
  if (!active_) {
    ControlledShutdownResponse response;
    response.error = ErrorCode::kNotController;
    ctx_.Send(from, std::make_shared<Packet>(correlation_id, PacketBody(std::move(response))));
    return;
  }
  Enqueue("ControlledShutdown", [this, from, correlation_id, request](Done done) {
    DoControlledShutdown(from, correlation_id, request, done);
  });
}

// KafkaController.doControlledShutdown: the partitions it leads (with other replicas) get a new
// leader; its follower replicas stop and leave the ISR. The answer lists what it still leads.
void Controller::DoControlledShutdown(sim::NodeId from, int32_t correlation_id,
                                      ControlledShutdownRequest request, Done done) {
  const int32_t id = request.broker_id;
  auto respond = [this, from, correlation_id](ControlledShutdownResponse response) {
    ctx_.Send(from, std::make_shared<Packet>(correlation_id, PacketBody(std::move(response))));
  };
  const auto broker = context_.live_brokers.find(id);
  if (broker == context_.live_brokers.end()) {
    respond({ErrorCode::kBrokerNotAvailable, {}});
    done();
    return;
  }
  if (request.broker_epoch >= 0 && request.broker_epoch != broker->second.epoch) {
    respond({ErrorCode::kStaleBrokerEpoch, {}});
    done();
    return;
  }
  context_.shutting_down.insert(id);
  ctx_.Trace(kinds::kControllerControlledShutdown, {{"broker", id}});
  std::vector<TopicPartition> led, followed;
  for (const auto& [tp, info] : context_.partitions) {
    const auto& replicas = context_.Assignment(tp);
    if (replicas.size() <= 1 || std::find(replicas.begin(), replicas.end(), id) == replicas.end()) {
      continue;
    }
    (info.leadership.leader == id ? led : followed).push_back(tp);
  }
  Elect(led, ElectionKind::kControlledShutdown,
        [this, id, followed, respond, done](std::vector<TopicPartition>) {
          for (const TopicPartition& tp : followed) {
            batch_.AddStopReplica(id, {tp, context_.partitions[tp].leadership.leader_epoch, false});
          }
          SendRequests();
          const std::set<TopicPartition> scope(followed.begin(), followed.end());
          RemoveReplicasFromIsr(
              {id}, scope, [this, id, respond, done](std::vector<TopicPartition>) {
                ControlledShutdownResponse response;
                for (const auto& [tp, info] : context_.partitions) {
                  if (info.leadership.leader == id && context_.Assignment(tp).size() > 1) {
                    response.remaining_partitions.push_back(tp);
                  }
                }
                respond(std::move(response));
                done();
              });
        });
}

}  // namespace kafka

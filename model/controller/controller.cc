// See controller.h. This file: the event queue, the election, failover (loading the cluster from
// ZooKeeper) and the epoch-guarded writes. Brokers, partitions and topics have their own files.
#include "model/controller/controller.h"

#include <algorithm>
#include <charconv>

#include "model/common/id_text.h"
#include "model/common/trace_kinds.h"
#include "model/common/zk_data.h"

namespace kafka {
Controller::Controller(sim::Context& ctx, const BrokerConfig& config, ZkCalls& zk,
                       RequestChannel& channel, HostDirectoryPtr hosts)
    : ctx_(ctx),
      config_(config),
      zk_(zk),
      channel_(channel),
      hosts_(std::move(hosts)),
      brokers_channel_(channel, config.controller_socket_timeout_ms) {}

int64_t Controller::NowMs() const { return ctx_.LocalNow().SinceZero().millis(); }

// ---- event queue -----------------------------------------------------------------------------

void Controller::Enqueue(const char* name, std::function<void(Done)> handler) {
  queue_.push_back({name, std::move(handler)});
  RunNext();
}

void Controller::RunNext() {
  if (running_) return;  // a handler finished at once: the loop below goes on
  running_ = true;
  while (!busy_ && !queue_.empty()) {
    auto handler = std::move(queue_.front().second);
    queue_.pop_front();
    busy_ = true;
    handler([this, era = era_] {
      if (era != era_) return;
      busy_ = false;
      RunNext();
    });
  }
  running_ = false;
}

void Controller::ReportChangesTo(ChangeJournal* journal) {
  journal_ = journal;
  context_.partitions.ReportChangesTo(journal);
}

void Controller::Startup() {
  Enqueue("Startup", [this](Done done) { Elect(done); });
}

void Controller::Resign() {
  if (active_) {
    ctx_.Trace(kinds::kControllerResign, {{"epoch", context_.epoch}});
  }
  active_ = false;
  ++era_;
  busy_ = false;
  queue_.clear();
  brokers_channel_.Clear();
  batch_ = RequestBatch();
  context_ = ControllerContext();
  ReportChangesTo(journal_);
  if (journal_ != nullptr) journal_->TouchAll();  // the active controller may have changed
}

// KafkaController.elect: watch /controller; if nobody holds it, create it and bump
// /controller_epoch in one multi (registerControllerAndIncrementControllerEpoch).
void Controller::Elect(Done done) {
  const uint64_t era = era_;
  zk_.Do([this](auto d) { zk_.client().Exists(zkdata::kControllerPath, true, d); },
         [this, done, era](const zk::ZkResult& exists) {
           if (era != era_) return;
           if (exists.code == zk::Code::kOk) {
             OnControllerChange(done);
             return;
           }
           zk_.Do([this](auto d) { zk_.client().GetData(zkdata::kControllerEpochPath, false, d); },
                  [this, done, era](const zk::ZkResult& epoch_node) {
                    if (era != era_) return;
                    if (epoch_node.code == zk::Code::kNoNode) {
                      // The first controller ever: the epoch starts at 0.
                      zk_.Do(
                          [this](auto d) {
                            zk_.client().Create(zkdata::kControllerEpochPath, "0",
                                                zk::CreateMode::kPersistent, d);
                          },
                          [this, done, era](const zk::ZkResult&) {
                            if (era == era_) Elect(done);
                          });
                      return;
                    }
                    const int32_t epoch = ParseInt32(epoch_node.data).value_or(0);
                    std::vector<zk::Op> ops = {
                        zk::Op::Create(zkdata::kControllerPath,
                                       zkdata::EncodeController(config_.broker_id, NowMs()),
                                       zk::CreateMode::kEphemeral),
                        zk::Op::SetData(zkdata::kControllerEpochPath, std::to_string(epoch + 1),
                                        epoch_node.stat.version)};
                    zk_.Do([this, ops](auto d) { zk_.client().Multi(ops, d); },
                           [this, done, era, epoch](const zk::ZkResult& r) {
                             if (era != era_) return;
                             if (r.code != zk::Code::kOk) {  // someone else won
                               OnControllerChange(done);
                               return;
                             }
                             context_.epoch = epoch + 1;
                             context_.epoch_zk_version = r.results[1].stat.version;
                             BecomeActive(done);
                           });
                  });
         });
}

// The /controller znode changed: learn who holds it; resign if it is no longer this broker; run
// an election if nobody does.
void Controller::OnControllerChange(Done done) {
  const uint64_t era = era_;
  zk_.Do([this](auto d) { zk_.client().Exists(zkdata::kControllerPath, true, d); },
         [this, done, era](const zk::ZkResult& exists) {
           if (era != era_) return;
           if (exists.code == zk::Code::kNoNode) {
             active_controller_id_ = -1;
             if (active_) Resign();
             Elect(done);  // after a resignation the era moved on: Elect runs as a new era
             return;
           }
           zk_.Do([this](auto d) { zk_.client().GetData(zkdata::kControllerPath, false, d); },
                  [this, done, era](const zk::ZkResult& r) {
                    if (era != era_) return;
                    if (r.code != zk::Code::kOk) {
                      Elect(done);
                      return;
                    }
                    active_controller_id_ = zkdata::DecodeController(r.data).value_or(-1);
                    if (active_ && active_controller_id_ != config_.broker_id) {
                      Resign();
                      return;
                    }
                    done();
                  });
         });
}

void Controller::BecomeActive(Done done) {
  active_ = true;
  if (journal_ != nullptr) journal_->TouchAll();  // the active controller changed
  active_controller_id_ = config_.broker_id;
  ctx_.Trace(kinds::kControllerElected, {{"epoch", context_.epoch}});
  LoadCluster([this, done] {
    FinishFailover();
    done();
  });
}

// onControllerFailover, first half: read the brokers, topics, assignments and partition states,
// and set the watches.
void Controller::LoadCluster(Done then) {
  const uint64_t era = era_;
  auto guard = [this, era] { return era == era_; };
  zk_.Do([this](auto d) { zk_.client().GetChildren(zkdata::kBrokerIdsPath, true, d); },
         [this, then, guard](const zk::ZkResult& ids) {
           if (!guard()) return;
           std::vector<ZkCalls::Call> reads;
           for (const std::string& child : ids.children) {
             const std::string path = std::string(zkdata::kBrokerIdsPath) + "/" + child;
             reads.push_back([this, path](auto d) { zk_.client().GetData(path, false, d); });
           }
           zk_.Gather(std::move(reads), [this, then, guard,
                                         children = ids.children](std::vector<zk::ZkResult> rs) {
             if (!guard()) return;
             for (size_t i = 0; i < rs.size(); ++i) {
               const std::optional<int32_t> id = ParseInt32(children[i]);
               if (!id || rs[i].code != zk::Code::kOk) continue;
               const auto reg = zkdata::DecodeBroker(*id, rs[i].data);
               if (!reg) continue;
               const auto node = hosts_->Resolve(reg->host);
               if (!node) continue;
               context_.live_brokers[*id] = {BrokerEndpoint{*id, reg->host, reg->port, reg->rack},
                                             rs[i].stat.czxid.value, *node};
             }
             zk_.Do([this](auto d) { zk_.client().GetChildren(zkdata::kTopicsPath, true, d); },
                    [this, then, guard](const zk::ZkResult& topics) {
                      if (!guard()) return;
                      std::vector<std::string> names = topics.children;
                      std::sort(names.begin(), names.end());
                      std::vector<ZkCalls::Call> reads;
                      for (const std::string& t : names) {
                        reads.push_back([this, t](auto d) {
                          zk_.client().GetData(zkdata::TopicPath(t), true, d);
                        });
                        reads.push_back([this, t](auto d) {
                          zk_.client().GetData(zkdata::TopicConfigPath(t), false, d);
                        });
                      }
                      zk_.Gather(std::move(reads), [this, then, guard,
                                                    names](std::vector<zk::ZkResult> rs) {
                        if (!guard()) return;
                        std::vector<ZkCalls::Call> states;
                        std::vector<TopicPartition> tps;
                        for (size_t i = 0; i < names.size(); ++i) {
                          const auto assignment = zkdata::DecodeAssignment(rs[2 * i].data);
                          if (rs[2 * i].code != zk::Code::kOk || !assignment) continue;
                          context_.assignments[names[i]] = *assignment;
                          if (rs[2 * i + 1].code == zk::Code::kOk) {
                            context_.topic_configs[names[i]] =
                                zkdata::DecodeTopicConfig(rs[2 * i + 1].data)
                                    .value_or(std::map<std::string, std::string>{});
                          }
                          for (const auto& [p, replicas] : *assignment) {
                            const TopicPartition tp{names[i], p};
                            tps.push_back(tp);
                            states.push_back([this, tp](auto d) {
                              zk_.client().GetData(zkdata::PartitionStatePath(tp), false, d);
                            });
                          }
                        }
                        zk_.Gather(std::move(states), [this, then, guard,
                                                       tps](std::vector<zk::ZkResult> rs) {
                          if (!guard()) return;
                          for (size_t i = 0; i < tps.size(); ++i) {
                            ControllerContext::PartitionInfo info;
                            const auto state = rs[i].code == zk::Code::kOk
                                                   ? zkdata::DecodePartitionState(rs[i].data)
                                                   : std::nullopt;
                            if (state) {
                              info.leadership = {state->leader, state->leader_epoch, state->isr};
                              info.controller_epoch = state->controller_epoch;
                              info.zk_version = rs[i].stat.version;
                              info.phase = context_.IsLive(state->leader)
                                               ? PartitionPhase::kOnline
                                               : PartitionPhase::kOffline;
                            }
                            context_.partitions[tps[i]] = info;
                          }
                          then();
                        });
                      });
                    });
           });
         });
}

// onControllerFailover, second half: tell every broker the cluster's state, elect leaders for
// partitions that have none, and watch for deletions and ISR changes.
void Controller::FinishFailover() {
  for (const auto& [id, b] : context_.live_brokers) brokers_channel_.AddBroker(id, b.node);
  std::vector<TopicPartition> all;
  for (const auto& [tp, info] : context_.partitions) all.push_back(tp);
  AddUpdateMetadata(all);
  SendRequests();
  // ReplicaStateMachine.startup: every live replica hears its partition's state.
  for (const auto& [tp, info] : context_.partitions) {
    if (info.phase != PartitionPhase::kNew) AddLeaderAndIsr(LiveReplicas(tp), tp, false);
  }
  SendRequests();
  // ReplicaStateMachine.startup: replicas on brokers that are not registered go offline (out of
  // the ISR, unless they are its last member) before the partitions elect.
  Enqueue("OfflineReplicas", [this](Done done) {
    std::set<int32_t> dead;
    for (const auto& [topic, partitions] : context_.assignments) {
      for (const auto& [p, replicas] : partitions) {
        for (int32_t r : replicas) {
          if (!context_.IsLive(r)) dead.insert(r);
        }
      }
    }
    RemoveReplicasFromIsr(std::vector<int32_t>(dead.begin(), dead.end()), std::nullopt,
                          [done](std::vector<TopicPartition>) { done(); });
  });
  Enqueue("OnlinePartitionStateChange",
          [this](Done done) { TriggerOnlinePartitionStateChange(done); });
  Enqueue("TopicDeletion", [this](Done done) { OnTopicDeletion(done); });
  Enqueue("IsrChangeNotification", [this](Done done) { OnIsrChangeNotification(done); });
  if (config_.auto_leader_rebalance_enable) {
    ctx_.ScheduleAfter(
        sim::Duration::Millis(config_.leader_imbalance_check_interval_seconds * 1000),
        kTagBase | ((era_ & 0xffffffff) << 16) | kAutoRebalance);
  }
}

// ---- guarded writes --------------------------------------------------------------------------

void Controller::GuardedWrite(std::vector<zk::Op> ops,
                              std::function<void(const zk::ZkResult&)> done) {
  ops.insert(ops.begin(), zk::Op::Check(zkdata::kControllerEpochPath, context_.epoch_zk_version));
  const uint64_t era = era_;
  zk_.Do([this, ops](auto d) { zk_.client().Multi(ops, d); },
         [this, done, era](const zk::ZkResult& r) {
           if (era != era_) return;
           if (!r.results.empty() && r.results[0].code == zk::Code::kBadVersion) {
             // Another controller bumped the epoch: this one is deposed (ControllerMovedException).
             ctx_.Trace(kinds::kControllerFenced, {{"epoch", context_.epoch}});
             Resign();
             Startup();
             return;
           }
           done(r);
         });
}

void Controller::WritePartitionStates(
    std::map<TopicPartition, LeaderAndIsr> updates,
    std::function<void(std::vector<TopicPartition> written)> done) {
  if (updates.empty()) {
    done({});
    return;
  }
  auto written = std::make_shared<std::vector<TopicPartition>>();
  auto remaining = std::make_shared<size_t>(updates.size());
  for (const auto& [tp, next] : updates) {
    const auto& info = context_.partitions[tp];
    zkdata::PartitionZkState state{next.leader, next.leader_epoch, next.isr, context_.epoch};
    GuardedWrite({zk::Op::SetData(zkdata::PartitionStatePath(tp),
                                  zkdata::EncodePartitionState(state), info.zk_version)},
                 [this, tp = tp, next = next, written, remaining, done](const zk::ZkResult& r) {
                   if (r.code == zk::Code::kOk) {
                     auto& info = context_.partitions[tp];
                     info.leadership = next;
                     info.controller_epoch = context_.epoch;
                     info.zk_version = r.results[1].stat.version;
                     written->push_back(tp);
                   } else {
                     ctx_.Trace(kinds::kControllerWriteFailed,
                                {{"partition", ToString(tp)}, {"code", zk::CodeMessage(r.code)}});
                   }
                   if (--*remaining == 0) done(std::move(*written));
                 });
  }
}

bool Controller::HandleWatch(zk::EventType type, const std::string& path) {
  if (path == zkdata::kControllerPath) {
    Enqueue("ControllerChange", [this](Done done) { OnControllerChange(done); });
    return true;
  }
  if (!active_) return false;
  if (path == zkdata::kBrokerIdsPath && type == zk::EventType::kNodeChildrenChanged) {
    Enqueue("BrokerChange", [this](Done done) { OnBrokerChange(done); });
    return true;
  }
  if (path == zkdata::kTopicsPath && type == zk::EventType::kNodeChildrenChanged) {
    Enqueue("TopicChange", [this](Done done) { OnTopicChange(done); });
    return true;
  }
  if (path == zkdata::kDeleteTopicsPath && type == zk::EventType::kNodeChildrenChanged) {
    Enqueue("TopicDeletion", [this](Done done) { OnTopicDeletion(done); });
    return true;
  }
  if (path == zkdata::kIsrChangeNotificationPath && type == zk::EventType::kNodeChildrenChanged) {
    Enqueue("IsrChangeNotification", [this](Done done) { OnIsrChangeNotification(done); });
    return true;
  }
  const std::string topics_prefix = std::string(zkdata::kTopicsPath) + "/";
  if (path.starts_with(topics_prefix) && type == zk::EventType::kNodeDataChanged) {
    const std::string topic = path.substr(topics_prefix.size());
    Enqueue("PartitionModifications",
            [this, topic](Done done) { OnPartitionModification(topic, done); });
    return true;
  }
  return false;
}

bool Controller::HandleTimer(uint64_t tag) {
  if ((tag & (uint64_t{0xffff} << 48)) != kTagBase) return false;
  const uint64_t timer = tag & 0xffff;
  const uint64_t era = (tag >> 16) & 0xffffffff;
  if (timer == kAutoRebalance && era == (era_ & 0xffffffff) && active_) {
    Enqueue("AutoPreferredReplicaLeaderElection", [this](Done done) { AutoRebalance(done); });
  }
  return true;
}

}  // namespace kafka

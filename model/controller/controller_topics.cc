// See controller.h. This file: topics appearing (/brokers/topics), growing (their assignment
// znode changed) and being deleted (/admin/delete_topics, TopicDeletionManager.scala).
#include <algorithm>

#include "model/common/trace_kinds.h"
#include "model/common/zk_data.h"
#include "model/controller/controller.h"

namespace kafka {

void Controller::OnTopicChange(Done done) {
  const uint64_t era = era_;
  zk_.Do([this](auto d) { zk_.client().GetChildren(zkdata::kTopicsPath, true, d); },
         [this, done, era](const zk::ZkResult& r) {
           if (era != era_) return;
           std::vector<std::string> added;
           for (const std::string& t : r.children) {
             if (!context_.assignments.contains(t)) added.push_back(t);
           }
           std::sort(added.begin(), added.end());
           std::vector<ZkCalls::Call> reads;
           for (const std::string& t : added) {
             reads.push_back(
                 [this, t](auto d) { zk_.client().GetData(zkdata::TopicPath(t), true, d); });
             reads.push_back(
                 [this, t](auto d) { zk_.client().GetData(zkdata::TopicConfigPath(t), false, d); });
           }
           zk_.Gather(reads, [this, done, era, added](std::vector<zk::ZkResult> rs) {
             if (era != era_) return;
             std::vector<TopicPartition> partitions;
             for (size_t i = 0; i < added.size(); ++i) {
               const auto assignment = zkdata::DecodeAssignment(rs[2 * i].data);
               if (rs[2 * i].code != zk::Code::kOk || !assignment) continue;
               context_.assignments[added[i]] = *assignment;
               if (rs[2 * i + 1].code == zk::Code::kOk) {
                 context_.topic_configs[added[i]] =
                     zkdata::DecodeTopicConfig(rs[2 * i + 1].data)
                         .value_or(std::map<std::string, std::string>{});
               }
               ctx_.Trace(kinds::kControllerTopicCreated,
                          {{"topic", added[i]}, {"partitions", assignment->size()}});
               for (const auto& [p, replicas] : *assignment) partitions.push_back({added[i], p});
             }
             OnNewPartitions(partitions, done);
           });
         });
}

// The topic's assignment znode changed: partitions were added (CreatePartitions).
void Controller::OnPartitionModification(const std::string& topic, Done done) {
  const uint64_t era = era_;
  zk_.Do([this, topic](auto d) { zk_.client().GetData(zkdata::TopicPath(topic), true, d); },
         [this, done, era, topic](const zk::ZkResult& r) {
           if (era != era_) return;
           const auto assignment = zkdata::DecodeAssignment(r.data);
           if (r.code != zk::Code::kOk || !assignment ||
               context_.topics_being_deleted.contains(topic)) {
             done();
             return;
           }
           std::vector<TopicPartition> added;
           auto& known = context_.assignments[topic];
           for (const auto& [p, replicas] : *assignment) {
             if (!known.contains(p)) added.push_back({topic, p});
           }
           known = *assignment;
           OnNewPartitions(added, done);
         });
}

void Controller::OnTopicDeletion(Done done) {
  const uint64_t era = era_;
  zk_.Do([this](auto d) { zk_.client().GetChildren(zkdata::kDeleteTopicsPath, true, d); },
         [this, done, era](const zk::ZkResult& r) {
           if (era != era_) return;
           std::vector<std::string> names = r.children;
           std::sort(names.begin(), names.end());
           for (const std::string& t : names) {
             if (!config_.delete_topic_enable || !context_.assignments.contains(t)) {
               // Nothing to delete (or deletion is off): the request goes away.
               const std::string marker = std::string(zkdata::kDeleteTopicsPath) + "/" + t;
               zk_.Do([this, marker](auto d) { zk_.client().Delete(marker, -1, d); },
                      [](const zk::ZkResult&) {});
               continue;
             }
             context_.topics_being_deleted.insert(t);
           }
           for (const std::string& t : context_.topics_being_deleted) StartTopicDeletion(t);
           done();
         });
}

// The topic's replicas stop and delete their logs; when every one has answered, the znodes go.
// A replica on a dead broker holds the deletion up until the broker returns.
void Controller::StartTopicDeletion(const std::string& topic) {
  std::set<int32_t> waiting;
  for (const auto& [p, replicas] : context_.assignments[topic]) {
    waiting.insert(replicas.begin(), replicas.end());
  }
  const bool all_live =
      std::all_of(waiting.begin(), waiting.end(), [&](int32_t b) { return context_.IsLive(b); });
  if (!all_live) {
    ctx_.Trace(kinds::kControllerTopicDeletionWaits, {{"topic", topic}});
    return;
  }
  if (context_.replicas_deleting.contains(topic)) return;  // already under way
  context_.replicas_deleting[topic] = waiting;
  ctx_.Trace(kinds::kControllerTopicDeletionStarted, {{"topic", topic}});
  const uint64_t era = era_;
  for (const auto& [p, replicas] : context_.assignments[topic]) {
    for (int32_t b : replicas) {
      batch_.AddStopReplica(b, {{topic, p}, -1, true}, [this, era, topic, b](const PacketBody*) {
        if (era != era_) return;
        Enqueue("TopicDeletionStopReplicaResponseReceived",
                [this, topic, b](Done done) { OnStopReplicaDeleted(topic, b, done); });
      });
    }
  }
  SendRequests();
}

void Controller::OnStopReplicaDeleted(const std::string& topic, int32_t broker, Done done) {
  const auto it = context_.replicas_deleting.find(topic);
  if (it == context_.replicas_deleting.end()) {
    done();
    return;
  }
  it->second.erase(broker);
  if (!it->second.empty()) {
    done();
    return;
  }
  CompleteTopicDeletion(topic, done);
}

void Controller::CompleteTopicDeletion(const std::string& topic, Done done) {
  std::vector<zk::Op> ops;
  for (const auto& [p, replicas] : context_.assignments[topic]) {
    const TopicPartition tp{topic, p};
    ops.push_back(zk::Op::Delete(zkdata::PartitionStatePath(tp)));
    ops.push_back(zk::Op::Delete(zkdata::PartitionPath(tp)));
  }
  ops.push_back(zk::Op::Delete(zkdata::PartitionsPath(topic)));
  ops.push_back(zk::Op::Delete(zkdata::TopicPath(topic)));
  GuardedWrite(ops, [this, topic, done](const zk::ZkResult&) {
    // The config and the marker go after the topic itself, as deleteTopicZNode and
    // deleteTopicDeletions do.
    for (const std::string& path :
         {zkdata::TopicConfigPath(topic), std::string(zkdata::kDeleteTopicsPath) + "/" + topic}) {
      zk_.Do([this, path](auto d) { zk_.client().Delete(path, -1, d); },
             [](const zk::ZkResult&) {});
    }
    context_.partitions.EraseTopic(topic);
    context_.assignments.erase(topic);
    context_.topic_configs.erase(topic);
    context_.topics_being_deleted.erase(topic);
    context_.replicas_deleting.erase(topic);
    for (const auto& [id, b] : context_.live_brokers) batch_.AddDeletedTopic(id, topic);
    SendRequests();
    ctx_.Trace(kinds::kControllerTopicDeleted, {{"topic", topic}});
    done();
  });
}

}  // namespace kafka

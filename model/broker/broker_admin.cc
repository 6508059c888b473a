// See broker.h. This file: Metadata (with auto topic creation) and the admin requests
// CreateTopics, DeleteTopics and CreatePartitions (ZkAdminManager.scala, AdminZkClient.scala),
// which in ZooKeeper mode only the controller serves. Answers wait until this broker's metadata
// shows the change, as DelayedCreatePartitions and DelayedDeleteTopics do.
#include <algorithm>

#include "model/broker/broker.h"
#include "model/common/topic_name.h"
#include "model/common/zk_data.h"
#include "model/controller/replica_assignment.h"

namespace kafka {
namespace {

constexpr uint64_t kAdminBit = uint64_t{1} << 32;

}  // namespace

void Broker::HandleMetadata(sim::NodeId from, int32_t correlation_id,
                            const MetadataRequest& request) {
  MetadataResponse response = metadata_.Describe(request.topics);
  // KafkaApis.getTopicMetadata: an unknown topic is created when the client allows it and
  // auto.create.topics.enable is on; this answer says LEADER_NOT_AVAILABLE meanwhile.
  if (request.allow_auto_topic_creation && config_.auto_create_topics_enable) {
    for (auto& topic : response.topics) {
      if (topic.error != ErrorCode::kUnknownTopicOrPartition) continue;
      if (InvalidTopicNameReason(topic.name, config_.profile->topic_name_messages_3_4)) {
        topic.error = ErrorCode::kInvalidTopicException;
        continue;
      }
      topic.error = ErrorCode::kLeaderNotAvailable;
      CreateTopicsRequest::Topic create;
      create.name = topic.name;
      CreateTopic(create, false, [](TopicResult) {});
    }
  }
  Respond(from, correlation_id, std::move(response));
}

void Broker::CreateTopic(const CreateTopicsRequest::Topic& topic, bool validate_only,
                         std::function<void(TopicResult)> done) {
  TopicResult result{topic.name};
  auto fail = [&](ErrorCode error, std::string message) {
    result.error = error;
    result.message = std::move(message);
    done(result);
  };
  if (const auto reason =
          InvalidTopicNameReason(topic.name, config_.profile->topic_name_messages_3_4)) {
    return fail(ErrorCode::kInvalidTopicException, *reason);
  }
  if (metadata_.Contains(topic.name)) {
    return fail(ErrorCode::kTopicAlreadyExists, "Topic '" + topic.name + "' already exists.");
  }
  const std::vector<std::string> collisions = CollidingTopics(topic.name, metadata_.Topics());
  if (!collisions.empty()) {
    std::string names;
    for (const auto& c : collisions) names += (names.empty() ? "" : ", ") + c;
    return fail(ErrorCode::kInvalidTopicException,
                "Topic '" + topic.name + "' collides with existing topics: " + names);
  }
  if (const auto error = TopicSettings::Validate(topic.configs)) {
    return fail(ErrorCode::kInvalidConfig, *error);
  }
  std::map<int32_t, std::vector<int32_t>> assignment = topic.assignments;
  if (assignment.empty()) {
    const int32_t partitions =
        topic.num_partitions == -1 ? config_.num_partitions : topic.num_partitions;
    const int32_t rf = topic.replication_factor == -1 ? config_.default_replication_factor
                                                      : topic.replication_factor;
    if (partitions <= 0) {
      return fail(ErrorCode::kInvalidPartitions, "Number of partitions must be larger than 0.");
    }
    if (rf <= 0) {
      return fail(ErrorCode::kInvalidReplicationFactor,
                  "Replication factor must be larger than 0.");
    }
    std::vector<BrokerPlacement> brokers;
    for (const auto& [id, b] : metadata_.live_brokers()) brokers.push_back({id, b.rack});
    AssignmentRequest request;
    request.partitions = partitions;
    request.replication_factor = rf;
    const AssignmentResult assigned = AssignReplicas(brokers, request, *assignment_rng_);
    if (!assigned.ok()) return fail(ErrorCode::kInvalidReplicationFactor, assigned.error);
    assignment = assigned.replicas;
  }
  if (validate_only) {
    done(result);
    return;
  }
  // AdminZkClient.createTopicWithAssignment: the config first, then the assignment, which the
  // controller watches for.
  const std::string config = zkdata::EncodeTopicConfig(topic.configs);
  const std::string data = zkdata::EncodeAssignment(assignment);
  const std::string name = topic.name;
  zk_calls_->Do(
      [this, name, config](auto d) {
        zk_->Create(zkdata::TopicConfigPath(name), config, zk::CreateMode::kPersistent, d);
      },
      [](const zk::ZkResult&) {});
  zk_calls_->Do(
      [this, name, data](auto d) {
        zk_->Create(zkdata::TopicPath(name), data, zk::CreateMode::kPersistent, d);
      },
      [result, done, name](const zk::ZkResult& r) mutable {
        if (r.code == zk::Code::kNodeExists) {
          result.error = ErrorCode::kTopicAlreadyExists;
          result.message = "Topic '" + name + "' already exists.";
        }
        done(result);
      });
}

void Broker::HandleCreateTopics(sim::NodeId from, int32_t correlation_id,
                                const CreateTopicsRequest& request) {
  std::vector<std::string> names;
  for (const auto& t : request.topics) names.push_back(t.name);
  const std::optional<uint64_t> id = StartAdmin(
      from, correlation_id, PendingAdmin::Kind::kCreateTopics, names, request.timeout_ms);
  if (!id) return;
  pending_admin_[*id].results.resize(request.topics.size());
  auto remaining = std::make_shared<size_t>(request.topics.size());
  for (size_t i = 0; i < request.topics.size(); ++i) {
    const int32_t partitions =
        request.topics[i].assignments.empty()
            ? (request.topics[i].num_partitions == -1 ? config_.num_partitions
                                                      : request.topics[i].num_partitions)
            : static_cast<int32_t>(request.topics[i].assignments.size());
    CreateTopic(request.topics[i], request.validate_only,
                [this, id = *id, i, remaining, partitions,
                 validate = request.validate_only](TopicResult result) {
                  const auto it = pending_admin_.find(id);
                  if (it == pending_admin_.end()) return;
                  if (result.error == ErrorCode::kNone && !validate) {
                    it->second.expected_partitions[result.name] = partitions;
                  }
                  it->second.results[i] = std::move(result);
                  if (--*remaining == 0) CompletePendingAdmin();
                });
  }
  if (request.topics.empty()) CompletePendingAdmin();
}

void Broker::HandleDeleteTopics(sim::NodeId from, int32_t correlation_id,
                                const DeleteTopicsRequest& request) {
  const std::vector<std::string>& names = request.names;
  const std::optional<uint64_t> id = StartAdmin(
      from, correlation_id, PendingAdmin::Kind::kDeleteTopics, names, request.timeout_ms);
  if (!id) return;
  PendingAdmin& pending = pending_admin_[*id];
  for (const std::string& t : request.names) {
    TopicResult result{t};
    if (!metadata_.Contains(t)) {
      result.error = ErrorCode::kUnknownTopicOrPartition;
      result.message = "This server does not host this topic-partition.";
    } else if (!config_.delete_topic_enable) {
      result.error = ErrorCode::kTopicDeletionDisabled;
      result.message = "Topic deletion is disabled.";
    } else {
      pending.expected_partitions[t] = 0;  // done when the metadata no longer has it
      const std::string marker = std::string(zkdata::kDeleteTopicsPath) + "/" + t;
      zk_calls_->Do(
          [this, marker](auto d) { zk_->Create(marker, "", zk::CreateMode::kPersistent, d); },
          [](const zk::ZkResult&) {});
    }
    pending.results.push_back(std::move(result));
  }
  CompletePendingAdmin();
}

void Broker::HandleCreatePartitions(sim::NodeId from, int32_t correlation_id,
                                    const CreatePartitionsRequest& request) {
  std::vector<std::string> names;
  for (const auto& t : request.topics) names.push_back(t.name);
  const std::optional<uint64_t> id = StartAdmin(
      from, correlation_id, PendingAdmin::Kind::kCreatePartitions, names, request.timeout_ms);
  if (!id) return;
  PendingAdmin& pending = pending_admin_[*id];
  for (const auto& t : request.topics) {
    TopicResult result{t.name};
    const int32_t current = metadata_.PartitionCount(t.name);
    // AdminZkClient.addPartitions / ZkAdminManager.createPartitions wording.
    if (current == 0) {
      result.error = ErrorCode::kUnknownTopicOrPartition;
      result.message = "The topic '" + t.name + "' does not exist.";
    } else if (t.count < current) {
      result.error = ErrorCode::kInvalidPartitions;
      result.message = "Topic currently has " + std::to_string(current) +
                       " partitions, which is higher than the requested " +
                       std::to_string(t.count) + ".";
    } else if (t.count == current) {
      result.error = ErrorCode::kInvalidPartitions;
      result.message = "Topic already has " + std::to_string(current) + " partitions.";
    } else {
      std::map<int32_t, std::vector<int32_t>> assignment;
      for (int32_t p = 0; p < current; ++p) {
        if (const auto* state = metadata_.Partition({t.name, p})) assignment[p] = state->replicas;
      }
      std::vector<BrokerPlacement> brokers;
      for (const auto& [bid, b] : metadata_.live_brokers()) brokers.push_back({bid, b.rack});
      AssignmentRequest add;
      add.partitions = t.count - current;
      add.replication_factor = static_cast<int32_t>(assignment.begin()->second.size());
      add.start_partition_id = current;
      // AdminUtils.assignReplicasToBrokers for added partitions starts at the existing first
      // partition's leader index (startIndex) so that leaders keep spreading.
      const int32_t first_leader = assignment.begin()->second.front();
      for (size_t i = 0; i < brokers.size(); ++i) {
        if (brokers[i].id == first_leader) add.start_index = static_cast<int32_t>(i);
      }
      const AssignmentResult assigned = AssignReplicas(brokers, add, *assignment_rng_);
      if (!assigned.ok()) {
        result.error = ErrorCode::kInvalidReplicationFactor;
        result.message = assigned.error;
      } else {
        for (const auto& [p, replicas] : assigned.replicas) assignment[p] = replicas;
        pending.expected_partitions[t.name] = t.count;
        const std::string data = zkdata::EncodeAssignment(assignment);
        const std::string path = zkdata::TopicPath(t.name);
        zk_calls_->Do([this, path, data](auto d) { zk_->SetData(path, data, -1, d); },
                      [](const zk::ZkResult&) {});
      }
    }
    pending.results.push_back(std::move(result));
  }
  CompletePendingAdmin();
}

std::optional<uint64_t> Broker::StartAdmin(sim::NodeId from, int32_t correlation_id,
                                           PendingAdmin::Kind kind,
                                           const std::vector<std::string>& names,
                                           int32_t timeout_ms) {
  PendingAdmin pending;
  pending.from = from;
  pending.correlation_id = correlation_id;
  pending.kind = kind;
  if (!controller_->active()) {  // in ZooKeeper mode only the controller serves these
    for (const std::string& name : names) {
      pending.results.push_back({name, ErrorCode::kNotController, ""});
    }
    SendAdminResponse(pending, false);
    return std::nullopt;
  }
  const uint64_t id = next_admin_id_++;
  pending.timer = ctx().ScheduleAfter(sim::Duration::Millis(timeout_ms), kTagBase | kAdminBit | id);
  pending_admin_[id] = std::move(pending);
  return id;
}

void Broker::CompletePendingAdmin() {
  for (auto it = pending_admin_.begin(); it != pending_admin_.end();) {
    PendingAdmin& p = it->second;
    const bool results_in = std::all_of(p.results.begin(), p.results.end(),
                                        [](const TopicResult& r) { return !r.name.empty(); });
    bool ready = results_in;
    for (const auto& [topic, partitions] : p.expected_partitions) {
      if (p.kind == PendingAdmin::Kind::kDeleteTopics) {
        ready = ready && !metadata_.Contains(topic);
      } else {
        ready =
            ready && metadata_.PartitionCount(topic) >= partitions && metadata_.HasLeaders(topic);
      }
    }
    if (!ready) {
      ++it;
      continue;
    }
    ctx().Cancel(p.timer);
    SendAdminResponse(p, false);
    it = pending_admin_.erase(it);
  }
}

void Broker::SendAdminResponse(PendingAdmin& pending, bool expired) {
  for (auto& r : pending.results) {
    if (expired && r.error == ErrorCode::kNone && pending.expected_partitions.contains(r.name)) {
      r.error = ErrorCode::kRequestTimedOut;
    }
  }
  switch (pending.kind) {
    case PendingAdmin::Kind::kCreateTopics:
      Respond(pending.from, pending.correlation_id, CreateTopicsResponse{pending.results});
      break;
    case PendingAdmin::Kind::kDeleteTopics:
      Respond(pending.from, pending.correlation_id, DeleteTopicsResponse{pending.results});
      break;
    case PendingAdmin::Kind::kCreatePartitions:
      Respond(pending.from, pending.correlation_id, CreatePartitionsResponse{pending.results});
      break;
  }
}

}  // namespace kafka

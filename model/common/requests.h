// Kafka's wire protocol, as plain structs named after its requests and responses
// (clients/src/main/resources/common/message/*.json), with the fields the model uses. Every one
// travels in a kafka::Packet with a correlation id, as Kafka's request header carries one, so a
// response finds the request it answers.
//
// Batches travel by pointer (record_batch.h): a fetch response hands the follower the very batch
// its leader stored.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "model/common/error_code.h"
#include "model/common/ids.h"
#include "model/common/record_batch.h"
#include "sim/message.h"

namespace kafka {

// ---- clients -------------------------------------------------------------------------------
struct ProduceRequest {
  static constexpr sim::Kind kKind{"kafka.ProduceRequest"};
  std::optional<std::string> transactional_id;  // a transactional producer's (v3 on)
  int16_t acks = -1;
  int32_t timeout_ms = 30000;
  struct Entry {
    TopicPartition tp;
    RecordBatch batch;
  };
  std::vector<Entry> entries;
};
struct ProduceResponse {
  static constexpr sim::Kind kKind{"kafka.ProduceResponse"};
  struct Entry {
    TopicPartition tp;
    ErrorCode error = ErrorCode::kNone;
    Offset base_offset = -1;
    Offset log_start_offset = -1;
  };
  std::vector<Entry> entries;
};

struct FetchRequest {
  static constexpr sim::Kind kKind{"kafka.FetchRequest"};
  int32_t replica_id = -1;  // a broker's id for a follower; -1 for a consumer
  int32_t max_wait_ms = 500;
  int32_t min_bytes = 1;
  int32_t max_bytes = 52'428'800;
  // isolation.level: READ_UNCOMMITTED (0) reads to the high watermark; READ_COMMITTED (1) to the
  // last stable offset, with the aborted transactions it must skip.
  static constexpr int8_t kReadUncommitted = 0;
  static constexpr int8_t kReadCommitted = 1;
  int8_t isolation_level = kReadUncommitted;
  struct Entry {
    TopicPartition tp;
    Offset fetch_offset = 0;
    int32_t current_leader_epoch = -1;  // -1: not checked
    int32_t partition_max_bytes = 1'048'576;
  };
  std::vector<Entry> entries;
};
struct FetchResponse {
  static constexpr sim::Kind kKind{"kafka.FetchResponse"};
  struct Entry {
    TopicPartition tp;
    ErrorCode error = ErrorCode::kNone;
    Offset high_watermark = -1;
    Offset log_start_offset = -1;
    Offset log_end_offset = -1;  // the leader's, for followers (ListOffsets stands in for it)
    Offset last_stable_offset = -1;
    struct AbortedTransaction {
      int64_t producer_id = -1;
      Offset first_offset = -1;
      auto operator<=>(const AbortedTransaction&) const = default;
    };
    std::vector<AbortedTransaction> aborted_transactions;  // READ_COMMITTED only
    std::vector<BatchPtr> batches;
  };
  std::vector<Entry> entries;
};

struct ListOffsetsRequest {
  static constexpr sim::Kind kKind{"kafka.ListOffsetsRequest"};
  static constexpr int64_t kLatest = -1;
  static constexpr int64_t kEarliest = -2;
  int32_t replica_id = -1;
  int8_t isolation_level = 0;  // READ_COMMITTED: "latest" is the last stable offset
  struct Entry {
    TopicPartition tp;
    int64_t timestamp = kLatest;
    int32_t current_leader_epoch = -1;
  };
  std::vector<Entry> entries;
};
struct ListOffsetsResponse {
  static constexpr sim::Kind kKind{"kafka.ListOffsetsResponse"};
  struct Entry {
    TopicPartition tp;
    ErrorCode error = ErrorCode::kNone;
    Offset offset = -1;
    int32_t leader_epoch = -1;
  };
  std::vector<Entry> entries;
};

struct MetadataRequest {
  static constexpr sim::Kind kKind{"kafka.MetadataRequest"};
  std::optional<std::vector<std::string>> topics;  // nullopt: every topic
  bool allow_auto_topic_creation = false;
};
struct BrokerEndpoint {
  int32_t id = 0;
  std::string host;
  int32_t port = 9092;
  std::optional<std::string> rack;
  bool operator==(const BrokerEndpoint&) const = default;
};
struct MetadataResponse {
  static constexpr sim::Kind kKind{"kafka.MetadataResponse"};
  std::vector<BrokerEndpoint> brokers;
  int32_t controller_id = -1;
  struct Partition {
    ErrorCode error = ErrorCode::kNone;
    int32_t index = 0;
    int32_t leader = -1;
    int32_t leader_epoch = -1;
    std::vector<int32_t> replicas, isr, offline_replicas;
  };
  struct Topic {
    ErrorCode error = ErrorCode::kNone;
    std::string name;
    bool is_internal = false;
    std::vector<Partition> partitions;
  };
  std::vector<Topic> topics;
};

struct CreateTopicsRequest {
  static constexpr sim::Kind kKind{"kafka.CreateTopicsRequest"};
  struct Topic {
    std::string name;
    int32_t num_partitions = -1;      // -1: the broker's num.partitions
    int16_t replication_factor = -1;  // -1: the broker's default.replication.factor
    std::map<int32_t, std::vector<int32_t>> assignments;  // explicit, instead of the two above
    std::map<std::string, std::string> configs;
  };
  std::vector<Topic> topics;
  int32_t timeout_ms = 30000;
  bool validate_only = false;
};
struct TopicResult {
  std::string name;
  ErrorCode error = ErrorCode::kNone;
  std::string message;  // Kafka's error text, e.g. "Topic 'orders' already exists."
};
struct CreateTopicsResponse {
  static constexpr sim::Kind kKind{"kafka.CreateTopicsResponse"};
  std::vector<TopicResult> topics;
};
struct DeleteTopicsRequest {
  static constexpr sim::Kind kKind{"kafka.DeleteTopicsRequest"};
  std::vector<std::string> names;
  int32_t timeout_ms = 30000;
};
struct DeleteTopicsResponse {
  static constexpr sim::Kind kKind{"kafka.DeleteTopicsResponse"};
  std::vector<TopicResult> topics;
};
struct CreatePartitionsRequest {
  static constexpr sim::Kind kKind{"kafka.CreatePartitionsRequest"};
  struct Topic {
    std::string name;
    int32_t count = 0;  // the new total
  };
  std::vector<Topic> topics;
  int32_t timeout_ms = 30000;
};
struct CreatePartitionsResponse {
  static constexpr sim::Kind kKind{"kafka.CreatePartitionsResponse"};
  std::vector<TopicResult> topics;
};

// ---- replication -----------------------------------------------------------------------------
struct OffsetsForLeaderEpochRequest {
  static constexpr sim::Kind kKind{"kafka.OffsetsForLeaderEpochRequest"};
  int32_t replica_id = -1;
  struct Entry {
    TopicPartition tp;
    int32_t current_leader_epoch = -1;
    int32_t leader_epoch = 0;  // the epoch whose end offset the follower asks for
  };
  std::vector<Entry> entries;
};
struct OffsetsForLeaderEpochResponse {
  static constexpr sim::Kind kKind{"kafka.OffsetsForLeaderEpochResponse"};
  struct Entry {
    TopicPartition tp;
    ErrorCode error = ErrorCode::kNone;
    int32_t leader_epoch = -1;
    Offset end_offset = -1;
  };
  std::vector<Entry> entries;
};

// ---- controller to brokers -------------------------------------------------------------------
// A partition's state as the controller sends it (LeaderAndIsr and UpdateMetadata).
struct PartitionStateEntry {
  TopicPartition tp;
  int32_t controller_epoch = 0;
  int32_t leader = -1;
  int32_t leader_epoch = 0;
  std::vector<int32_t> isr;
  int32_t zk_version = 0;
  std::vector<int32_t> replicas;
  std::vector<int32_t> offline_replicas;
  bool is_new = false;
};
struct LeaderAndIsrRequest {
  static constexpr sim::Kind kKind{"kafka.LeaderAndIsrRequest"};
  int32_t controller_id = 0;
  int32_t controller_epoch = 0;
  int64_t broker_epoch = -1;  // the epoch the controller knows the receiver by
  std::vector<PartitionStateEntry> partitions;
  std::vector<BrokerEndpoint> live_leaders;
};
struct LeaderAndIsrResponse {
  static constexpr sim::Kind kKind{"kafka.LeaderAndIsrResponse"};
  ErrorCode error = ErrorCode::kNone;
  std::vector<std::pair<TopicPartition, ErrorCode>> partitions;
};
struct UpdateMetadataRequest {
  static constexpr sim::Kind kKind{"kafka.UpdateMetadataRequest"};
  int32_t controller_id = 0;
  int32_t controller_epoch = 0;
  int64_t broker_epoch = -1;
  std::vector<PartitionStateEntry> partitions;
  std::vector<BrokerEndpoint> live_brokers;
  std::vector<std::string> deleted_topics;  // removed from the cache
};
struct UpdateMetadataResponse {
  static constexpr sim::Kind kKind{"kafka.UpdateMetadataResponse"};
  ErrorCode error = ErrorCode::kNone;
};
struct StopReplicaRequest {
  static constexpr sim::Kind kKind{"kafka.StopReplicaRequest"};
  int32_t controller_id = 0;
  int32_t controller_epoch = 0;
  int64_t broker_epoch = -1;
  struct Entry {
    TopicPartition tp;
    int32_t leader_epoch = -1;
    bool delete_partition = false;
  };
  std::vector<Entry> entries;
};
struct StopReplicaResponse {
  static constexpr sim::Kind kKind{"kafka.StopReplicaResponse"};
  ErrorCode error = ErrorCode::kNone;
  std::vector<std::pair<TopicPartition, ErrorCode>> partitions;
};

// ---- brokers to the controller ---------------------------------------------------------------
// KIP-497 (2.7): a leader asks the controller to change its ISR.
struct AlterIsrRequest {
  static constexpr sim::Kind kKind{"kafka.AlterIsrRequest"};
  int32_t broker_id = 0;
  int64_t broker_epoch = -1;
  struct Entry {
    TopicPartition tp;
    int32_t leader_epoch = 0;
    std::vector<int32_t> new_isr;
    int32_t current_isr_version = 0;  // the state znode's zkVersion the leader knows
  };
  std::vector<Entry> entries;
};
struct AlterIsrResponse {
  static constexpr sim::Kind kKind{"kafka.AlterIsrResponse"};
  ErrorCode error = ErrorCode::kNone;
  struct Entry {
    TopicPartition tp;
    ErrorCode error = ErrorCode::kNone;
    int32_t leader = -1;
    int32_t leader_epoch = 0;
    std::vector<int32_t> isr;
    int32_t current_isr_version = 0;
  };
  std::vector<Entry> entries;
};
struct ControlledShutdownRequest {
  static constexpr sim::Kind kKind{"kafka.ControlledShutdownRequest"};
  int32_t broker_id = 0;
  int64_t broker_epoch = -1;
};
struct ControlledShutdownResponse {
  static constexpr sim::Kind kKind{"kafka.ControlledShutdownResponse"};
  ErrorCode error = ErrorCode::kNone;
  std::vector<TopicPartition> remaining_partitions;
};

// ---- idempotent producers ---------------------------------------------------------------------
struct InitProducerIdRequest {
  static constexpr sim::Kind kKind{"kafka.InitProducerIdRequest"};
  std::optional<std::string> transactional_id;
  int32_t transaction_timeout_ms = -1;
  // KIP-360 (v3): the producer id and epoch the client has, to bump rather than start over.
  int64_t producer_id = -1;
  int16_t producer_epoch = -1;
};
struct InitProducerIdResponse {
  static constexpr sim::Kind kKind{"kafka.InitProducerIdResponse"};
  ErrorCode error = ErrorCode::kNone;
  int64_t producer_id = -1;
  int16_t producer_epoch = -1;
};

// ---- consumer groups -------------------------------------------------------------------------
struct FindCoordinatorRequest {
  static constexpr sim::Kind kKind{"kafka.FindCoordinatorRequest"};
  static constexpr int8_t kGroup = 0;
  static constexpr int8_t kTransaction = 1;
  std::string key;  // the group id, or the transactional id
  int8_t key_type = kGroup;
};
struct FindCoordinatorResponse {
  static constexpr sim::Kind kKind{"kafka.FindCoordinatorResponse"};
  ErrorCode error = ErrorCode::kNone;
  int32_t node_id = -1;
  std::string host;
};
// The consumer protocol's subscription (ConsumerProtocolSubscription), carried as a struct rather
// than bytes: the topics, and (cooperative and sticky) what the member owns and from which
// generation.
struct Subscription {
  std::vector<std::string> topics;
  std::vector<TopicPartition> owned;
  int32_t generation = -1;
};
struct JoinGroupRequest {
  static constexpr sim::Kind kKind{"kafka.JoinGroupRequest"};
  std::string group_id;
  int32_t session_timeout_ms = 10000;
  int32_t rebalance_timeout_ms = 300000;
  std::string member_id;  // empty: a new member
  std::optional<std::string> group_instance_id;
  std::string client_id;
  std::vector<std::string> protocols;  // assignor names, in the member's order of preference
  Subscription subscription;
  // KIP-394: JoinGroup v4 on may answer a new member MEMBER_ID_REQUIRED, and the client joins
  // again with the id it was given. A client speaking v0 to v3 (kafka-python 2.0.2) cannot: the
  // coordinator adds it at once (GroupCoordinator.handleJoinGroup, requireKnownMemberId).
  bool may_require_member_id = true;
};
struct JoinGroupResponse {
  static constexpr sim::Kind kKind{"kafka.JoinGroupResponse"};
  ErrorCode error = ErrorCode::kNone;
  int32_t generation_id = -1;
  std::string protocol_name;
  std::string leader;
  std::string member_id;
  struct Member {
    std::string member_id;
    std::optional<std::string> group_instance_id;
    Subscription subscription;
  };
  std::vector<Member> members;  // for the leader only
};
struct SyncGroupRequest {
  static constexpr sim::Kind kKind{"kafka.SyncGroupRequest"};
  std::string group_id;
  int32_t generation_id = -1;
  std::string member_id;
  std::optional<std::string> group_instance_id;
  // From the leader: every member's assignment.
  std::map<std::string, std::vector<TopicPartition>> assignments;
};
struct SyncGroupResponse {
  static constexpr sim::Kind kKind{"kafka.SyncGroupResponse"};
  ErrorCode error = ErrorCode::kNone;
  std::vector<TopicPartition> assignment;
};
struct HeartbeatRequest {
  static constexpr sim::Kind kKind{"kafka.HeartbeatRequest"};
  std::string group_id;
  int32_t generation_id = -1;
  std::string member_id;
  std::optional<std::string> group_instance_id;
};
struct HeartbeatResponse {
  static constexpr sim::Kind kKind{"kafka.HeartbeatResponse"};
  ErrorCode error = ErrorCode::kNone;
};
struct LeaveGroupRequest {
  static constexpr sim::Kind kKind{"kafka.LeaveGroupRequest"};
  std::string group_id;
  std::string member_id;
  std::optional<std::string> group_instance_id;
};
struct LeaveGroupResponse {
  static constexpr sim::Kind kKind{"kafka.LeaveGroupResponse"};
  ErrorCode error = ErrorCode::kNone;
};
struct OffsetCommitRequest {
  static constexpr sim::Kind kKind{"kafka.OffsetCommitRequest"};
  std::string group_id;
  int32_t generation_id = -1;  // -1: a consumer that commits without a group membership
  std::string member_id;
  std::optional<std::string> group_instance_id;
  std::map<TopicPartition, Offset> offsets;  // the next offset to read
};
struct OffsetCommitResponse {
  static constexpr sim::Kind kKind{"kafka.OffsetCommitResponse"};
  std::map<TopicPartition, ErrorCode> errors;
};
struct OffsetFetchRequest {
  static constexpr sim::Kind kKind{"kafka.OffsetFetchRequest"};
  std::string group_id;
  std::vector<TopicPartition> partitions;  // empty: all the group has
  // KIP-447 (v7): refuse with UNSTABLE_OFFSET_COMMIT while a transaction's offsets for these
  // partitions are pending.
  bool require_stable = false;
};
struct OffsetFetchResponse {
  static constexpr sim::Kind kKind{"kafka.OffsetFetchResponse"};
  ErrorCode error = ErrorCode::kNone;
  std::map<TopicPartition, Offset> offsets;  // -1: nothing committed
};
struct DescribeGroupsRequest {
  static constexpr sim::Kind kKind{"kafka.DescribeGroupsRequest"};
  std::vector<std::string> groups;
};
struct DescribeGroupsResponse {
  static constexpr sim::Kind kKind{"kafka.DescribeGroupsResponse"};
  struct Member {
    std::string member_id;
    std::optional<std::string> group_instance_id;
    std::string client_id;
    std::string host;
    std::vector<TopicPartition> assignment;
  };
  struct Group {
    ErrorCode error = ErrorCode::kNone;
    std::string group_id;
    std::string state;  // "Stable", "Empty", ... ("Dead" for an unknown group)
    std::string protocol;
    int32_t generation_id = -1;
    std::vector<Member> members;
  };
  std::vector<Group> groups;
};
struct ListGroupsRequest {
  static constexpr sim::Kind kKind{"kafka.ListGroupsRequest"};
};
struct ListGroupsResponse {
  static constexpr sim::Kind kKind{"kafka.ListGroupsResponse"};
  ErrorCode error = ErrorCode::kNone;
  std::vector<std::string> groups;
};

// ---- transactions ------------------------------------------------------------------------------
// Client to transaction coordinator (AddPartitionsToTxn v1, AddOffsetsToTxn, EndTxn), to the
// group coordinator (TxnOffsetCommit), and coordinator to partition leaders (WriteTxnMarkers).
struct AddPartitionsToTxnRequest {
  static constexpr sim::Kind kKind{"kafka.AddPartitionsToTxnRequest"};
  std::string transactional_id;
  int64_t producer_id = -1;
  int16_t producer_epoch = -1;
  std::vector<TopicPartition> partitions;
  // v4 (KIP-890), from a partition leader: only answer whether each partition is in the
  // transaction; add nothing.
  bool verify_only = false;
};
struct AddPartitionsToTxnResponse {
  static constexpr sim::Kind kKind{"kafka.AddPartitionsToTxnResponse"};
  std::map<TopicPartition, ErrorCode> errors;
};
struct AddOffsetsToTxnRequest {
  static constexpr sim::Kind kKind{"kafka.AddOffsetsToTxnRequest"};
  std::string transactional_id;
  int64_t producer_id = -1;
  int16_t producer_epoch = -1;
  std::string group_id;
};
struct AddOffsetsToTxnResponse {
  static constexpr sim::Kind kKind{"kafka.AddOffsetsToTxnResponse"};
  ErrorCode error = ErrorCode::kNone;
};
struct TxnOffsetCommitRequest {
  static constexpr sim::Kind kKind{"kafka.TxnOffsetCommitRequest"};
  std::string transactional_id;
  std::string group_id;
  int64_t producer_id = -1;
  int16_t producer_epoch = -1;
  // KIP-447 (v3, 2.5 on): the consumer's group metadata, checked like a plain commit's.
  int32_t generation_id = -1;
  std::string member_id;
  std::optional<std::string> group_instance_id;
  std::map<TopicPartition, Offset> offsets;
};
struct TxnOffsetCommitResponse {
  static constexpr sim::Kind kKind{"kafka.TxnOffsetCommitResponse"};
  std::map<TopicPartition, ErrorCode> errors;
};
struct EndTxnRequest {
  static constexpr sim::Kind kKind{"kafka.EndTxnRequest"};
  std::string transactional_id;
  int64_t producer_id = -1;
  int16_t producer_epoch = -1;
  bool committed = true;
};
struct EndTxnResponse {
  static constexpr sim::Kind kKind{"kafka.EndTxnResponse"};
  ErrorCode error = ErrorCode::kNone;
};
struct WriteTxnMarkersRequest {
  static constexpr sim::Kind kKind{"kafka.WriteTxnMarkersRequest"};
  struct Marker {
    int64_t producer_id = -1;
    int16_t producer_epoch = -1;
    bool committed = true;
    int32_t coordinator_epoch = -1;
    std::vector<TopicPartition> partitions;
  };
  std::vector<Marker> markers;
};
struct WriteTxnMarkersResponse {
  static constexpr sim::Kind kKind{"kafka.WriteTxnMarkersResponse"};
  struct Marker {
    int64_t producer_id = -1;
    std::map<TopicPartition, ErrorCode> errors;
  };
  std::vector<Marker> markers;
};

using PacketBody = std::variant<
    ProduceRequest, ProduceResponse, FetchRequest, FetchResponse, ListOffsetsRequest,
    ListOffsetsResponse, MetadataRequest, MetadataResponse, CreateTopicsRequest,
    CreateTopicsResponse, DeleteTopicsRequest, DeleteTopicsResponse, CreatePartitionsRequest,
    CreatePartitionsResponse, OffsetsForLeaderEpochRequest, OffsetsForLeaderEpochResponse,
    LeaderAndIsrRequest, LeaderAndIsrResponse, UpdateMetadataRequest, UpdateMetadataResponse,
    StopReplicaRequest, StopReplicaResponse, AlterIsrRequest, AlterIsrResponse,
    ControlledShutdownRequest, ControlledShutdownResponse, InitProducerIdRequest,
    InitProducerIdResponse, FindCoordinatorRequest, FindCoordinatorResponse, JoinGroupRequest,
    JoinGroupResponse, SyncGroupRequest, SyncGroupResponse, HeartbeatRequest, HeartbeatResponse,
    LeaveGroupRequest, LeaveGroupResponse, OffsetCommitRequest, OffsetCommitResponse,
    OffsetFetchRequest, OffsetFetchResponse, DescribeGroupsRequest, DescribeGroupsResponse,
    ListGroupsRequest, ListGroupsResponse, AddPartitionsToTxnRequest, AddPartitionsToTxnResponse,
    AddOffsetsToTxnRequest, AddOffsetsToTxnResponse, TxnOffsetCommitRequest,
    TxnOffsetCommitResponse, EndTxnRequest, EndTxnResponse, WriteTxnMarkersRequest,
    WriteTxnMarkersResponse>;

// Requests sit at even indexes of the variant and their responses right after them.
inline bool IsResponse(const PacketBody& body) { return body.index() % 2 == 1; }

class Packet : public sim::Message {
 public:
  Packet(int32_t correlation_id, PacketBody body)
      : correlation_id_(correlation_id), body_(std::move(body)) {}
  int32_t correlation_id() const { return correlation_id_; }
  const PacketBody& body() const { return body_; }
  bool is_response() const { return IsResponse(body_); }
  const sim::Kind& kind() const override {
    return std::visit([](const auto& b) -> const sim::Kind& { return b.kKind; }, body_);
  }
  int64_t SizeBytes() const override;

 private:
  int32_t correlation_id_;
  PacketBody body_;
};

template <typename T>
sim::MessagePtr MakePacket(int32_t correlation_id, T body) {
  return std::make_shared<Packet>(correlation_id, PacketBody(std::move(body)));
}

}  // namespace kafka

// VersionProfile: what differs between the Kafka releases kafkasim replays. A scenario names one
// ("0.10.2", "0.11", "2.0", "2.4", "2.8", "3.6") and gets that release's defaults and behaviours,
// so historical failures happen as they did (KIP-101's data loss under 0.10.2, KIP-279's
// divergence under 0.11) and do not under later releases. Sources: kafka.md sections 2, 4-7.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace kafka {

// How a replica that becomes a follower decides where to truncate its log.
enum class TruncationRule {
  kToHighWatermark,       // before 0.11: its own high watermark (KIP-101's problem)
  kLeaderEpoch,           // 0.11 to 1.1: one OffsetsForLeaderEpoch round (KIP-101)
  kLeaderEpochIterative,  // 2.0 on: ask again until the epochs agree (KIP-279)
};

// How a partition leader's ISR changes reach the controller.
enum class IsrPropagation {
  kZkNotification,  // before 2.7: conditional ZK write + /isr_change_notification
  kAlterIsr,        // 2.7 on (KIP-497): AlterIsr request to the controller
};

enum class NullKeyPartitioner {
  kRoundRobin,     // up to 2.3
  kSticky,         // 2.4 to 3.2 (KIP-480)
  kUniformSticky,  // 3.3 on (KIP-794)
};

struct VersionProfile {
  std::string_view name;
  TruncationRule truncation;
  bool isr_expand_needs_epoch_start;  // 2.1 on: a follower rejoins only past the leader's epoch
                                      // start
  IsrPropagation isr_propagation;
  bool pre_2_7_error_names;      // NOT_LEADER_FOR_PARTITION
  bool topic_name_messages_3_4;  // "Topic name is invalid: ..." wording
  // Defaults that changed over time.
  bool unclean_leader_election_enable;
  int64_t replica_lag_time_max_ms;
  int64_t zookeeper_session_timeout_ms;
  std::string_view producer_acks;
  bool producer_enable_idempotence;
  int32_t producer_retries;
  bool producer_has_delivery_timeout;  // 2.1 on (KIP-91)
  NullKeyPartitioner null_key_partitioner;
  int64_t consumer_session_timeout_ms;
  bool cooperative_sticky_in_default_assignors;  // 3.0 on: [range, cooperative-sticky]
  int64_t offsets_retention_minutes;
  bool join_needs_member_id;  // JoinGroup v4 (2.2 on): MEMBER_ID_REQUIRED first
  bool static_membership;     // group.instance.id (2.3 on, KIP-345)
  // 2.3 on (KIP-320): after a leader change a consumer checks its position against the new
  // leader's log (OffsetsForLeaderEpoch) and detects truncation instead of an out-of-range reset.
  bool consumer_validates_positions;
  bool transactions;  // 0.11 on (KIP-98): transactional producers, markers, read_committed
  // 2.5 on (KIP-447): TxnOffsetCommit carries the consumer's group metadata, and read_committed
  // consumers fetch offsets with require_stable.
  bool txn_offset_commit_group_metadata;
  // 3.0 on (KIP-664): ListTransactions, DescribeTransactions and DescribeProducers, which
  // kafka-transactions needs for everything but an abort by producer id.
  bool transaction_admin_apis;
  // 3.6 on (KIP-890 part 1): a partition leader asks the transaction coordinator whether the
  // partition is in the producer's transaction before the first transactional append to it
  // (transaction.partition.verification.enable, default true).
  bool transaction_partition_verification;
};

// The profile with this name, or nullptr.
const VersionProfile* FindVersionProfile(std::string_view name);
// Every profile's name, oldest first (for error messages that list the choices).
std::vector<std::string_view> VersionProfileNames();
// The profile kafkasim uses when a scenario names none.
const VersionProfile& DefaultVersionProfile();

}  // namespace kafka

// BrokerConfig: a broker's settings under Kafka's own names and with Kafka's defaults
// (KafkaConfig.scala's Defaults, kafka.md section 6), where the version profile picks the defaults
// that changed between releases. Topic-level overrides (/config/topics/<t>) are applied per
// partition by TopicSettings.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/broker/log.h"
#include "model/broker/partition.h"
#include "model/common/version_profile.h"

namespace kafka {

struct BrokerConfig {
  int32_t broker_id = 0;
  std::optional<std::string> rack;  // broker.rack
  const VersionProfile* profile = nullptr;

  // Replication.
  int32_t min_insync_replicas = 1;
  bool unclean_leader_election_enable = false;
  int64_t replica_lag_time_max_ms = 30000;
  int32_t replica_fetch_wait_max_ms = 500;
  int32_t replica_fetch_min_bytes = 1;
  int32_t replica_fetch_max_bytes = 1'048'576;
  int64_t replica_fetch_backoff_ms = 1000;
  int64_t replica_socket_timeout_ms = 30000;
  int64_t replica_high_watermark_checkpoint_interval_ms = 5000;
  int64_t zookeeper_session_timeout_ms = 18000;
  int64_t controller_socket_timeout_ms = 30000;

  // Log.
  LogConfig log;
  int64_t log_retention_check_interval_ms = 300'000;

  // Controller.
  bool controlled_shutdown_enable = true;
  int32_t controlled_shutdown_max_retries = 3;
  int64_t controlled_shutdown_retry_backoff_ms = 5000;
  bool auto_leader_rebalance_enable = true;
  int64_t leader_imbalance_check_interval_seconds = 300;
  int32_t leader_imbalance_per_broker_percentage = 10;

  // Topics.
  int32_t num_partitions = 1;
  int32_t default_replication_factor = 1;
  bool auto_create_topics_enable = true;
  bool delete_topic_enable = true;
  int32_t offsets_topic_num_partitions = 50;
  int32_t offsets_topic_replication_factor = 3;
  int64_t group_initial_rebalance_delay_ms = 3000;

  // Transactions (TransactionConfig's defaults).
  int32_t transaction_state_log_num_partitions = 50;
  int32_t transaction_state_log_replication_factor = 3;
  int32_t transaction_state_log_min_isr = 2;
  int32_t transaction_max_timeout_ms = 900'000;
  int64_t transaction_abort_timed_out_transaction_cleanup_interval_ms = 10'000;
  // KIP-890 part 1 (3.6): verify a transactional produce with the coordinator first. Only the
  // profiles that have the check use it.
  bool transaction_partition_verification_enable = true;

  // The defaults of the release `profile` names.
  static BrokerConfig Defaults(const VersionProfile& profile);
  // Sets one setting by its Kafka name from its text. Returns Kafka's error text on a bad value
  // ("Invalid value x for configuration min.insync.replicas: Not a number of type INT") or an
  // unknown name.
  std::optional<std::string> Set(std::string_view name, std::string_view value);
  // Every name Set accepts, sorted (for listing the choices and suggesting the nearest).
  static std::vector<std::string_view> Names();
};

// A topic's effective settings: the broker's, overridden by the topic's own config.
struct TopicSettings {
  PartitionConfig partition;
  LogConfig log;
  bool unclean_leader_election_enable = false;

  static TopicSettings For(const BrokerConfig& broker,
                           const std::map<std::string, std::string>& overrides);
  // The error text for a topic config Kafka would refuse (unknown name or bad value), if any.
  static std::optional<std::string> Validate(const std::map<std::string, std::string>& overrides);
};

}  // namespace kafka

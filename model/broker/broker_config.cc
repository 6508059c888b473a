// See broker_config.h. Names, types and defaults follow KafkaConfig.scala and LogConfig.scala.
#include "model/broker/broker_config.h"

#include "model/common/config_error.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <variant>

namespace kafka {
namespace {

// How a setting's text becomes its value: the member it writes and a scale (hours to ms).
struct IntSetting {
  int32_t BrokerConfig::*member;
};
struct LongSetting {
  int64_t BrokerConfig::*member;
  int64_t scale = 1;
};
struct LogLongSetting {
  int64_t LogConfig::*member;
  int64_t scale = 1;
};
struct BoolSetting {
  bool BrokerConfig::*member;
};
using Setter = std::variant<IntSetting, LongSetting, LogLongSetting, BoolSetting>;

constexpr int64_t kHourMs = 3'600'000;

const std::map<std::string_view, Setter>& Settings() {
  static const std::map<std::string_view, Setter> settings = {
      {"min.insync.replicas", IntSetting{&BrokerConfig::min_insync_replicas}},
      {"unclean.leader.election.enable",
       BoolSetting{&BrokerConfig::unclean_leader_election_enable}},
      {"replica.lag.time.max.ms", LongSetting{&BrokerConfig::replica_lag_time_max_ms}},
      {"replica.fetch.wait.max.ms", IntSetting{&BrokerConfig::replica_fetch_wait_max_ms}},
      {"replica.fetch.min.bytes", IntSetting{&BrokerConfig::replica_fetch_min_bytes}},
      {"replica.fetch.max.bytes", IntSetting{&BrokerConfig::replica_fetch_max_bytes}},
      {"replica.fetch.backoff.ms", LongSetting{&BrokerConfig::replica_fetch_backoff_ms}},
      {"replica.socket.timeout.ms", LongSetting{&BrokerConfig::replica_socket_timeout_ms}},
      {"replica.high.watermark.checkpoint.interval.ms",
       LongSetting{&BrokerConfig::replica_high_watermark_checkpoint_interval_ms}},
      {"zookeeper.session.timeout.ms", LongSetting{&BrokerConfig::zookeeper_session_timeout_ms}},
      {"controller.socket.timeout.ms", LongSetting{&BrokerConfig::controller_socket_timeout_ms}},
      {"log.segment.bytes", LogLongSetting{&LogConfig::segment_bytes}},
      {"log.roll.hours", LogLongSetting{&LogConfig::segment_ms, kHourMs}},
      {"log.roll.ms", LogLongSetting{&LogConfig::segment_ms}},
      {"log.retention.hours", LogLongSetting{&LogConfig::retention_ms, kHourMs}},
      {"log.retention.minutes", LogLongSetting{&LogConfig::retention_ms, 60'000}},
      {"log.retention.ms", LogLongSetting{&LogConfig::retention_ms}},
      {"log.flush.interval.messages", LogLongSetting{&LogConfig::flush_interval_messages}},
      {"log.flush.interval.ms", LogLongSetting{&LogConfig::flush_interval_ms}},
      {"log.retention.check.interval.ms",
       LongSetting{&BrokerConfig::log_retention_check_interval_ms}},
      {"controlled.shutdown.enable", BoolSetting{&BrokerConfig::controlled_shutdown_enable}},
      {"controlled.shutdown.max.retries",
       IntSetting{&BrokerConfig::controlled_shutdown_max_retries}},
      {"controlled.shutdown.retry.backoff.ms",
       LongSetting{&BrokerConfig::controlled_shutdown_retry_backoff_ms}},
      {"auto.leader.rebalance.enable", BoolSetting{&BrokerConfig::auto_leader_rebalance_enable}},
      {"leader.imbalance.check.interval.seconds",
       LongSetting{&BrokerConfig::leader_imbalance_check_interval_seconds}},
      {"leader.imbalance.per.broker.percentage",
       IntSetting{&BrokerConfig::leader_imbalance_per_broker_percentage}},
      {"num.partitions", IntSetting{&BrokerConfig::num_partitions}},
      {"default.replication.factor", IntSetting{&BrokerConfig::default_replication_factor}},
      {"auto.create.topics.enable", BoolSetting{&BrokerConfig::auto_create_topics_enable}},
      {"delete.topic.enable", BoolSetting{&BrokerConfig::delete_topic_enable}},
      {"offsets.topic.num.partitions", IntSetting{&BrokerConfig::offsets_topic_num_partitions}},
      {"offsets.topic.replication.factor",
       IntSetting{&BrokerConfig::offsets_topic_replication_factor}},
      {"group.initial.rebalance.delay.ms",
       LongSetting{&BrokerConfig::group_initial_rebalance_delay_ms}},
      {"transaction.state.log.num.partitions",
       IntSetting{&BrokerConfig::transaction_state_log_num_partitions}},
      {"transaction.state.log.replication.factor",
       IntSetting{&BrokerConfig::transaction_state_log_replication_factor}},
      {"transaction.state.log.min.isr", IntSetting{&BrokerConfig::transaction_state_log_min_isr}},
      {"transaction.max.timeout.ms", IntSetting{&BrokerConfig::transaction_max_timeout_ms}},
      {"transaction.abort.timed.out.transaction.cleanup.interval.ms",
       LongSetting{&BrokerConfig::transaction_abort_timed_out_transaction_cleanup_interval_ms}},
      {"transaction.partition.verification.enable",
       BoolSetting{&BrokerConfig::transaction_partition_verification_enable}},
  };
  return settings;
}

template <typename T>
std::optional<T> ParseNumber(std::string_view text) {
  T value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// ConfigDef.parseType: booleans are "true" or "false", case-insensitively.
std::optional<bool> ParseBool(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "true") return true;
  if (lower == "false") return false;
  return std::nullopt;
}

std::string InvalidValue(std::string_view name, std::string_view value, std::string_view why) {
  return InvalidConfigValue(name, value, why);
}

}  // namespace

BrokerConfig BrokerConfig::Defaults(const VersionProfile& profile) {
  BrokerConfig c;
  c.profile = &profile;
  c.unclean_leader_election_enable = profile.unclean_leader_election_enable;
  c.replica_lag_time_max_ms = profile.replica_lag_time_max_ms;
  c.zookeeper_session_timeout_ms = profile.zookeeper_session_timeout_ms;
  return c;
}

std::optional<std::string> BrokerConfig::Set(std::string_view name, std::string_view value) {
  if (name == "broker.rack") {
    rack = std::string(value);
    return std::nullopt;
  }
  const auto it = Settings().find(name);
  if (it == Settings().end()) {
    return "Unknown configuration '" + std::string(name) + "'";
  }
  return std::visit(
      [&](const auto& setter) -> std::optional<std::string> {
        using S = std::decay_t<decltype(setter)>;
        if constexpr (std::is_same_v<S, BoolSetting>) {
          const auto parsed = ParseBool(value);
          if (!parsed)
            return InvalidValue(name, value, "Expected value to be either true or false");
          this->*setter.member = *parsed;
        } else if constexpr (std::is_same_v<S, IntSetting>) {
          const auto parsed = ParseNumber<int32_t>(value);
          if (!parsed) return InvalidValue(name, value, "Not a number of type INT");
          this->*setter.member = *parsed;
        } else {
          const auto parsed = ParseNumber<int64_t>(value);
          if (!parsed) return InvalidValue(name, value, "Not a number of type LONG");
          const int64_t scaled = *parsed * setter.scale;
          if constexpr (std::is_same_v<S, LongSetting>) {
            this->*setter.member = scaled;
          } else {
            log.*setter.member = scaled;
          }
        }
        return std::nullopt;
      },
      it->second);
}

std::vector<std::string_view> BrokerConfig::Names() {
  std::vector<std::string_view> names = {"broker.rack"};
  for (const auto& [name, setter] : Settings()) names.push_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

namespace {

// Topic-level names (LogConfig.scala) and the broker setting each overrides.
std::optional<std::string> ApplyTopicOverride(TopicSettings& s, std::string_view name,
                                              std::string_view value) {
  if (name == "unclean.leader.election.enable") {
    const auto parsed = ParseBool(value);
    if (!parsed) return InvalidValue(name, value, "Expected value to be either true or false");
    s.unclean_leader_election_enable = *parsed;
    return std::nullopt;
  }
  static const std::set<std::string_view> kNumeric = {"min.insync.replicas", "retention.ms",
                                                      "segment.bytes",       "segment.ms",
                                                      "flush.messages",      "flush.ms"};
  if (!kNumeric.contains(name)) return "Unknown topic config name: " + std::string(name);
  const auto parsed = ParseNumber<int64_t>(value);
  const bool is_int = name == "min.insync.replicas";
  if (!parsed) {
    return InvalidValue(name, value,
                        is_int ? "Not a number of type INT" : "Not a number of type LONG");
  }
  if (name == "min.insync.replicas") {
    if (*parsed < 1) return InvalidValue(name, value, "Value must be at least 1");
    s.partition.min_insync_replicas = static_cast<int32_t>(*parsed);
  } else if (name == "retention.ms") {
    s.log.retention_ms = *parsed;
  } else if (name == "segment.bytes") {
    s.log.segment_bytes = *parsed;
  } else if (name == "segment.ms") {
    s.log.segment_ms = *parsed;
  } else if (name == "flush.messages") {
    s.log.flush_interval_messages = *parsed;
  } else {  // flush.ms
    s.log.flush_interval_ms = *parsed;
  }
  return std::nullopt;
}

}  // namespace

TopicSettings TopicSettings::For(const BrokerConfig& broker,
                                 const std::map<std::string, std::string>& overrides) {
  TopicSettings s;
  s.partition.min_insync_replicas = broker.min_insync_replicas;
  s.partition.replica_lag_time_max_ms = broker.replica_lag_time_max_ms;
  s.partition.isr_expand_needs_epoch_start =
      broker.profile == nullptr || broker.profile->isr_expand_needs_epoch_start;
  s.log = broker.log;
  s.unclean_leader_election_enable = broker.unclean_leader_election_enable;
  for (const auto& [name, value] : overrides) ApplyTopicOverride(s, name, value);
  return s;
}

std::optional<std::string> TopicSettings::Validate(
    const std::map<std::string, std::string>& overrides) {
  TopicSettings scratch;
  for (const auto& [name, value] : overrides) {
    if (auto error = ApplyTopicOverride(scratch, name, value)) return error;
  }
  return std::nullopt;
}

}  // namespace kafka

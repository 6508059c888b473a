// See producer_config.h.
#include "model/client/producer_config.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <map>

#include "model/client/client_metadata.h"
#include "model/common/config_error.h"

namespace kafka {
namespace {

template <typename T>
std::optional<T> Number(std::string_view text) {
  T value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string Invalid(std::string_view name, std::string_view value, std::string_view why) {
  return InvalidConfigValue(name, value, why);
}

const std::vector<std::string_view> kNames = {
    "acks",
    "batch.size",
    "bootstrap.servers",
    "buffer.memory",
    "client.id",
    "delivery.timeout.ms",
    "enable.idempotence",
    "linger.ms",
    "max.block.ms",
    "max.in.flight.requests.per.connection",
    "metadata.max.age.ms",
    "request.timeout.ms",
    "retries",
    "retry.backoff.ms",
    "transaction.timeout.ms",
    "transactional.id",
};

}  // namespace

ProducerConfig ProducerConfig::Defaults(const VersionProfile& profile) {
  ProducerConfig c;
  c.profile = &profile;
  c.acks = profile.producer_acks == "all" ? -1 : 1;
  c.retries = profile.producer_retries;
  c.enable_idempotence = profile.producer_enable_idempotence;
  c.partitioner = profile.null_key_partitioner;
  return c;
}

std::vector<std::string_view> ProducerConfig::Names() { return kNames; }

std::optional<std::string> ProducerConfig::Set(std::string_view name, std::string_view value) {
  auto set_int = [&](auto* field, const char* type) -> std::optional<std::string> {
    const auto n = Number<std::remove_pointer_t<decltype(field)>>(value);
    if (!n) return Invalid(name, value, std::string("Not a number of type ") + type);
    *field = *n;
    return std::nullopt;
  };
  if (name == "acks") {
    acks_explicit_ = true;
    if (value == "all" || value == "-1") {
      acks = -1;
    } else if (value == "0" || value == "1") {
      acks = static_cast<int16_t>(value[0] - '0');
    } else {
      return Invalid(name, value, "String must be one of: all, -1, 0, 1");
    }
    return std::nullopt;
  }
  if (name == "enable.idempotence") {
    if (value != "true" && value != "false") {
      return Invalid(name, value, "Expected value to be either true or false");
    }
    enable_idempotence = value == "true";
    idempotence_explicit_ = true;
    return std::nullopt;
  }
  if (name == "bootstrap.servers") {
    const auto ids = ParseBootstrapServers(value);
    if (!ids)
      return Invalid(name, value, "No resolvable bootstrap urls given in bootstrap.servers");
    bootstrap = *ids;
    return std::nullopt;
  }
  if (name == "client.id") {
    client_id = std::string(value);
    return std::nullopt;
  }
  if (name == "batch.size") return set_int(&batch_size, "INT");
  if (name == "linger.ms") return set_int(&linger_ms, "LONG");
  if (name == "max.in.flight.requests.per.connection") return set_int(&max_in_flight, "INT");
  if (name == "retries") {
    retries_explicit_ = true;
    return set_int(&retries, "INT");
  }
  if (name == "transactional.id") {
    transactional_id = std::string(value);
    return std::nullopt;
  }
  if (name == "transaction.timeout.ms") return set_int(&transaction_timeout_ms, "INT");
  if (name == "retry.backoff.ms") return set_int(&retry_backoff_ms, "LONG");
  if (name == "request.timeout.ms") return set_int(&request_timeout_ms, "LONG");
  if (name == "metadata.max.age.ms") return set_int(&metadata_max_age_ms, "LONG");
  if (name == "buffer.memory" || name == "max.block.ms") {  // ConfigDef: atLeast(0)
    int64_t* field = name == "buffer.memory" ? &buffer_memory : &max_block_ms;
    if (auto error = set_int(field, "LONG")) return error;
    if (*field < 0) return Invalid(name, value, "Value must be at least 0");
    return std::nullopt;
  }
  if (name == "delivery.timeout.ms") {
    delivery_timeout_explicit_ = true;
    return set_int(&delivery_timeout_ms, "INT");
  }
  return "Unknown configuration '" + std::string(name) + "'";
}

std::optional<std::string> ProducerConfig::Validate() {
  // KafkaProducer.configureDeliveryTimeout (2.1 on).
  if (profile == nullptr || profile->producer_has_delivery_timeout) {
    if (delivery_timeout_ms < linger_ms + request_timeout_ms) {
      if (delivery_timeout_explicit_) {
        return std::string(
            "delivery.timeout.ms should be equal to or larger than linger.ms + "
            "request.timeout.ms");
      }
      delivery_timeout_ms = linger_ms + request_timeout_ms;
    }
  }
  // ProducerConfig.idempotenceEnabled and maybeOverrideAcksAndRetries (2.8).
  if (transactional_id) {
    if (idempotence_explicit_ && !enable_idempotence) {
      return std::string("Cannot set a transactional.id without also enabling idempotence.");
    }
    enable_idempotence = true;
    idempotence_explicit_ = true;
    if (!acks_explicit_) acks = -1;
    if (!retries_explicit_ && retries == 0) retries = std::numeric_limits<int32_t>::max();
  }
  // ProducerConfig.postProcessAndValidateIdempotenceConfigs (3.x wording).
  if (enable_idempotence) {
    std::optional<std::string> conflict;
    if (max_in_flight > 5) {
      conflict =
          "Must set max.in.flight.requests.per.connection to at most 5 to use the "
          "idempotent producer.";
    } else if (retries == 0) {
      conflict = "Must set retries to non-zero when using the idempotent producer.";
    } else if (acks != -1) {
      conflict =
          "Must set acks to all in order to use the idempotent producer. Otherwise we "
          "cannot guarantee idempotence.";
    }
    if (conflict) {
      if (idempotence_explicit_) return conflict;
      enable_idempotence = false;  // only the default asked for it: switched off quietly
    }
  }
  return std::nullopt;
}

}  // namespace kafka

// ProducerConfig: the producer's settings under Kafka's names with each release's defaults
// (ProducerConfig.java; kafka.md section 4), and Kafka's own checks when a producer is built:
// - delivery.timeout.ms (2.1 on) must be at least linger.ms + request.timeout.ms: an explicit
//   smaller value is a ConfigException, the default is raised silently;
// - idempotence needs acks=all, retries > 0 and max.in.flight.requests.per.connection <= 5: when
//   it was asked for, a conflict is a ConfigException; when it was only the default (3.0 on), it
//   is silently switched off;
// - transactional.id asks for idempotence (and may not be combined with enable.idempotence=false);
//   acks and retries that were left unset become all and Int.MAX.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/common/version_profile.h"

namespace kafka {

struct ProducerConfig {
  const VersionProfile* profile = nullptr;
  std::vector<int32_t> bootstrap;  // bootstrap.servers, as broker ids
  std::string client_id = "producer-1";
  int16_t acks = 1;  // -1 is "all"
  int32_t retries = 0;
  int32_t batch_size = 16384;
  int64_t linger_ms = 0;
  int32_t max_in_flight = 5;  // max.in.flight.requests.per.connection
  int64_t retry_backoff_ms = 100;
  int64_t request_timeout_ms = 30000;
  int64_t delivery_timeout_ms = 120000;
  bool enable_idempotence = false;
  int64_t metadata_max_age_ms = 300000;
  // The accumulator's memory: each open batch holds max(batch.size, its first record) of it until
  // the batch completes; a send that finds it full waits up to max.block.ms (BufferPool.allocate).
  int64_t buffer_memory = 33554432;
  int64_t max_block_ms = 60000;
  NullKeyPartitioner partitioner = NullKeyPartitioner::kSticky;
  // Transactions: transactional.id turns idempotence on (acks=all and retries follow unless set).
  std::optional<std::string> transactional_id;
  int32_t transaction_timeout_ms = 60000;

  static ProducerConfig Defaults(const VersionProfile& profile);
  // Sets one setting by its Kafka name; Kafka's error text on a bad value or unknown name.
  std::optional<std::string> Set(std::string_view name, std::string_view value);
  static std::vector<std::string_view> Names();
  // The checks KafkaProducer makes when it is built; the ConfigException's message, if any.
  std::optional<std::string> Validate();

 private:
  bool idempotence_explicit_ = false;
  bool delivery_timeout_explicit_ = false;
  bool acks_explicit_ = false;
  bool retries_explicit_ = false;
};

}  // namespace kafka

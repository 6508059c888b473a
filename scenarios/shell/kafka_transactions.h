// `kafka-transactions` inside the simulation (KIP-664's TransactionsCommand, as in Kafka 3.6):
//   list                                      every transaction the coordinators hold
//   describe --transactional-id ID            one transaction, from its coordinator
//   describe-producers --topic T --partition P [--broker-id B]
//                                             a partition's producers and their open transactions
//   find-hanging (--broker-id B | --topic T [--partition P]) [--max-transaction-timeout MIN]
//                                             open transactions their coordinator does not know
//   abort --topic T --partition P (--start-offset O | --producer-id ID --producer-epoch E
//         --coordinator-epoch C)              writes an ABORT marker to the partition's leader
// The options before the command: --bootstrap-server (required). The tables are Kafka's: each
// cell padded to its column's width and followed by a tab. Errors use argparse4j's and the
// tool's wording and fail the command. Against brokers older than 3.0, which lack the admin
// APIs the tool needs, every command but an abort by producer id fails as the admin client
// would.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace kafkasim::scenarios {

class KafkaShell;

struct TransactionsCommand {
  std::string bootstrap;
  std::string action;  // list, describe, describe-producers, find-hanging, abort
  std::optional<std::string> transactional_id, topic;
  std::optional<int32_t> partition, broker_id;
  int32_t max_transaction_timeout_minutes = 15;
  std::optional<int64_t> start_offset, producer_id;
  std::optional<int16_t> producer_epoch;
  std::optional<int32_t> coordinator_epoch;
};

// The command, or what kafka-transactions prints for a bad command line.
std::variant<TransactionsCommand, std::string> ParseTransactionsCommand(
    const std::vector<std::string>& args);

void RunTransactionsCommand(const TransactionsCommand& command, KafkaShell& shell);

}  // namespace kafkasim::scenarios

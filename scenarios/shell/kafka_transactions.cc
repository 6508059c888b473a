// See kafka_transactions.h. The tool's source: tools/.../TransactionsCommand.java and
// ToolsUtils.prettyPrintTable (Kafka 3.6); argparse4j 0.7.0 for the parser's messages.
#include "scenarios/shell/kafka_transactions.h"

#include <algorithm>
#include <map>

#include "model/broker/broker.h"
#include "model/broker/partition.h"
#include "model/common/id_text.h"
#include "model/common/requests.h"
#include "model/txn/transaction_coordinator.h"
#include "scenarios/shell/command_line.h"
#include "scenarios/shell/shell.h"

namespace kafkasim::scenarios {
namespace {

constexpr const char* kProg = "kafka-transactions.sh";
const std::vector<std::string> kActions = {"list", "describe", "describe-producers", "abort",
                                           "find-hanging"};

std::string ParserError(const std::string& what) { return std::string(kProg) + ": error: " + what; }

// ToolsUtils.prettyPrintTable: every cell left-aligned to its column's width, then a tab.
std::string Table(const std::vector<std::string>& header,
                  const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> width(header.size());
  for (size_t c = 0; c < header.size(); ++c) width[c] = header[c].size();
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  }
  std::string out;
  const auto line = [&](const std::vector<std::string>& cells) {
    for (size_t c = 0; c < cells.size(); ++c) {
      out += cells[c] + std::string(width[c] - cells[c].size(), ' ') + "\t";
    }
    out += "\n";
  };
  line(header);
  for (const auto& row : rows) line(row);
  return out;
}

// The failure line the tool prints for an exception (TransactionsCommand.printErrorAndExit).
std::string Failure(const std::string& what, const std::string& cause) {
  return what + ": " + cause + ". Enable debug logging for additional detail.";
}

std::string Str(int64_t v) { return std::to_string(v); }

int64_t NowMs(const kafka::Cluster& cluster) { return cluster.world().Now().SinceZero().millis(); }

// The coordinator that holds `id` now, and its broker, if any broker that is up does.
std::pair<int32_t, const kafka::TransactionMetadata*> Coordinator(const kafka::Cluster& cluster,
                                                                  const std::string& id) {
  for (const int32_t b : cluster.broker_ids()) {
    if (!cluster.IsUp(b)) continue;
    const kafka::TransactionCoordinator* c = cluster.broker(b).txn_coordinator();
    if (c == nullptr || !c->Owns(id)) continue;
    if (const kafka::TransactionMetadata* t = c->Find(id)) return {b, t};
  }
  return {-1, nullptr};
}

// What DescribeProducers tells of one producer of a partition.
struct ProducerView {
  int64_t producer_id;
  int16_t epoch;
  int32_t coordinator_epoch;
  int32_t last_sequence;
  int64_t last_timestamp;
  std::optional<kafka::Offset> txn_start;
};

std::vector<ProducerView> Producers(const kafka::Partition& p) {
  std::vector<ProducerView> out;
  for (const auto& [pid, e] : p.producer_state().producers()) {
    ProducerView v{pid, e.epoch, e.coordinator_epoch, -1, -1, std::nullopt};
    if (!e.batches.empty()) {
      v.last_sequence = e.batches.back().last_seq;
      if (const kafka::BatchPtr b = p.log().BatchAt(e.batches.back().last_offset)) {
        v.last_timestamp = b->max_timestamp_ms();
      }
    }
    if (e.txn_first_offset >= 0) {
      v.txn_start = e.txn_first_offset;
      if (v.last_timestamp < 0) {
        if (const kafka::BatchPtr b = p.log().BatchAt(e.txn_first_offset)) {
          v.last_timestamp = b->max_timestamp_ms();
        }
      }
    }
    out.push_back(v);
  }
  return out;
}

// The replica DescribeProducers asks: the given broker's, or the leader's.
const kafka::Partition* ProducersReplica(const kafka::Cluster& cluster,
                                         const kafka::TopicPartition& tp,
                                         std::optional<int32_t> broker) {
  const int32_t b = broker.value_or(cluster.Leader(tp));
  if (b < 0 || !cluster.IsUp(b)) return nullptr;
  return cluster.Replica(b, tp);
}

std::pair<std::string, bool> List(const kafka::Cluster& cluster) {
  std::vector<std::vector<std::string>> rows;
  for (const int32_t b : cluster.broker_ids()) {
    if (!cluster.IsUp(b)) continue;
    const kafka::TransactionCoordinator* c = cluster.broker(b).txn_coordinator();
    if (c == nullptr) continue;
    for (const auto& [id, t] : c->transactions()) {
      if (t.state == kafka::TxnState::kDead) continue;
      rows.push_back({id, Str(b), Str(t.producer_id), kafka::ToString(t.state)});
    }
  }
  return {Table({"TransactionalId", "Coordinator", "ProducerId", "TransactionState"}, rows), true};
}

std::pair<std::string, bool> Describe(const kafka::Cluster& cluster, const std::string& id) {
  const auto [broker, t] = Coordinator(cluster, id);
  if (t == nullptr || t->state == kafka::TxnState::kDead) {
    return {Failure("Failed to describe transaction state of transactional-id `" + id + "`",
                    "DescribeTransactions request for transactionalId `" + id +
                        "` failed because the ID could not be found"),
            false};
  }
  std::string start = "None", duration = "None";
  if (t->txn_start_ms >= 0) {
    start = Str(t->txn_start_ms);
    duration = Str(NowMs(cluster) - t->txn_start_ms);
  }
  std::string partitions;
  for (const kafka::TopicPartition& tp : t->partitions) {
    partitions += (partitions.empty() ? "" : ",") + kafka::ToString(tp);
  }
  return {Table({"CoordinatorId", "TransactionalId", "ProducerId", "ProducerEpoch",
                 "TransactionState", "TransactionTimeoutMs", "CurrentTransactionStartTimeMs",
                 "TransactionDurationMs", "TopicPartitions"},
                {{Str(broker), id, Str(t->producer_id), Str(t->producer_epoch),
                  kafka::ToString(t->state), Str(t->txn_timeout_ms), start, duration, partitions}}),
          true};
}

std::pair<std::string, bool> DescribeProducers(const kafka::Cluster& cluster,
                                               const TransactionsCommand& c) {
  const kafka::TopicPartition tp{*c.topic, *c.partition};
  const kafka::Partition* p = ProducersReplica(cluster, tp, c.broker_id);
  if (p == nullptr || (!c.broker_id && !p->is_leader())) {
    const std::string on = c.broker_id ? "broker " + Str(*c.broker_id) : "leader";
    return {
        Failure("Failed to describe producers for partition " + kafka::ToString(tp) + " on " + on,
                c.broker_id ? "This server does not host this topic-partition."
                            : "For requests intended only for the leader, this error "
                              "indicates that the broker is not the current leader."),
        false};
  }
  std::vector<std::vector<std::string>> rows;
  for (const ProducerView& v : Producers(*p)) {
    rows.push_back({Str(v.producer_id), Str(v.epoch), Str(v.coordinator_epoch),
                    Str(v.last_sequence), Str(v.last_timestamp),
                    v.txn_start ? Str(*v.txn_start) : "None"});
  }
  return {Table({"ProducerId", "ProducerEpoch", "LatestCoordinatorEpoch", "LastSequence",
                 "LastTimestamp", "CurrentTransactionStartOffset"},
                rows),
          true};
}

// FindHangingTransactionsCommand: open transactions whose producer has been quiet for longer
// than the longest transaction timeout, and that their coordinator does not count the partition
// in (or does not know at all).
std::pair<std::string, bool> FindHanging(const kafka::Cluster& cluster,
                                         const TransactionsCommand& c) {
  std::vector<kafka::TopicPartition> search;
  for (const kafka::TopicPartition& tp : cluster.Partitions()) {
    if (c.topic && tp.topic != *c.topic) continue;
    if (c.partition && tp.partition != *c.partition) continue;
    if (c.broker_id && !(c.topic && c.partition)) {
      const std::vector<int32_t> replicas = cluster.Replicas(tp);
      if (std::find(replicas.begin(), replicas.end(), *c.broker_id) == replicas.end()) continue;
    }
    search.push_back(tp);
  }
  const int64_t now = NowMs(cluster);
  const int64_t max_timeout_ms = int64_t{c.max_transaction_timeout_minutes} * 60'000;
  // Which transactional id each producer id belongs to (ListTransactions filtered by producer).
  std::map<int64_t, std::pair<std::string, const kafka::TransactionMetadata*>> by_producer;
  for (const int32_t b : cluster.broker_ids()) {
    if (!cluster.IsUp(b)) continue;
    if (const kafka::TransactionCoordinator* co = cluster.broker(b).txn_coordinator()) {
      for (const auto& [id, t] : co->transactions()) by_producer[t.producer_id] = {id, &t};
    }
  }
  std::vector<std::vector<std::string>> rows;
  for (const kafka::TopicPartition& tp : search) {
    const kafka::Partition* p = ProducersReplica(cluster, tp, c.broker_id);
    if (p == nullptr) continue;
    for (const ProducerView& v : Producers(*p)) {
      if (!v.txn_start || now - v.last_timestamp <= max_timeout_ms) continue;
      const auto known = by_producer.find(v.producer_id);
      const bool hanging =
          known == by_producer.end() || !known->second.second->partitions.contains(tp);
      if (!hanging) continue;
      rows.push_back({tp.topic, Str(tp.partition), Str(v.producer_id), Str(v.epoch),
                      Str(v.coordinator_epoch), Str(*v.txn_start), Str(v.last_timestamp),
                      Str((now - v.last_timestamp) / 60'000)});
    }
  }
  return {Table({"Topic", "Partition", "ProducerId", "ProducerEpoch", "CoordinatorEpoch",
                 "StartOffset", "LastTimestamp", "Duration(min)"},
                rows),
          true};
}

void Abort(const TransactionsCommand& c, KafkaShell& shell) {
  kafka::Cluster& cluster = shell.cluster();
  const kafka::TopicPartition tp{*c.topic, *c.partition};
  kafka::WriteTxnMarkersRequest::Marker marker;
  marker.committed = false;
  marker.partitions = {tp};
  if (c.start_offset) {
    const kafka::Partition* p = ProducersReplica(cluster, tp, std::nullopt);
    if (p == nullptr || !p->is_leader()) {
      shell.Say("",
                Failure("Failed to validate producer state for partition " + kafka::ToString(tp),
                        "For requests intended only for the leader, this error indicates "
                        "that the broker is not the current leader."),
                false);
      return;
    }
    const auto producers = Producers(*p);
    const auto open = std::find_if(producers.begin(), producers.end(), [&](const ProducerView& v) {
      return v.txn_start == *c.start_offset;
    });
    if (open == producers.end()) {
      shell.Say("",
                "Could not find any open transactions starting at offset " + Str(*c.start_offset) +
                    " on partition " + kafka::ToString(tp),
                false);
      return;
    }
    marker.producer_id = open->producer_id;
    marker.producer_epoch = open->epoch;
    marker.coordinator_epoch = std::max(open->coordinator_epoch, 0);
  } else {
    marker.producer_id = *c.producer_id;
    marker.producer_epoch = *c.producer_epoch;
    marker.coordinator_epoch = std::max(*c.coordinator_epoch, 0);
  }
  const std::string spec = "AbortTransactionSpec(topicPartition=" + kafka::ToString(tp) +
                           ", producerId=" + Str(marker.producer_id) +
                           ", producerEpoch=" + Str(marker.producer_epoch) +
                           ", coordinatorEpoch=" + Str(marker.coordinator_epoch) + ")";
  const int32_t leader = cluster.Leader(tp);
  if (leader < 0) {
    shell.Say("",
              Failure("Failed to abort transaction " + spec,
                      "There is no leader for this topic-partition as we are in the middle of a "
                      "leadership election."),
              false);
    return;
  }
  // The operator's marker is no coordinator's: the invariant "markers only for prepared
  // transactions" lets it pass (model/check/transaction_invariants.h).
  cluster.journal().NoteOperatorAbort(marker.producer_id, marker.producer_epoch);
  kafka::WriteTxnMarkersRequest request;
  request.markers.push_back(marker);
  shell.admin().Send(leader, request, 30'000, [&shell, tp, spec](const kafka::PacketBody* body) {
    const auto* r = body == nullptr ? nullptr : std::get_if<kafka::WriteTxnMarkersResponse>(body);
    kafka::ErrorCode error = kafka::ErrorCode::kNetworkException;
    if (r != nullptr && !r->markers.empty()) {
      const auto e = r->markers[0].errors.find(tp);
      error = e == r->markers[0].errors.end() ? kafka::ErrorCode::kNone : e->second;
    }
    if (error == kafka::ErrorCode::kNone) return shell.Say("", "", true);  // prints nothing
    std::string cause = "WriteTxnMarkers request with " + spec;
    if (error == kafka::ErrorCode::kInvalidProducerEpoch) {
      cause += " failed due an invalid producer epoch";  // sic, AbortTransactionHandler
    } else if (error == kafka::ErrorCode::kTransactionCoordinatorFenced) {
      cause +=
          " failed since the provided coordinator epoch has been fenced by the active "
          "coordinator";
    } else {
      cause += " failed due to unexpected error: " + std::string(kafka::ErrorName(error));
    }
    shell.Say("", Failure("Failed to abort transaction " + spec, cause), false);
  });
}

}  // namespace

std::variant<TransactionsCommand, std::string> ParseTransactionsCommand(
    const std::vector<std::string>& args) {
  TransactionsCommand c;
  bool bootstrap = false;
  ToolArgs words(args);
  std::string error;
  // Before the command: the tool's own options.
  std::optional<std::string> a;
  while ((a = words.Next()) && a->starts_with("--")) {
    if (*a != "--bootstrap-server" && *a != "--command-config") {
      return ParserError("unrecognized arguments: '" + *a + "'");
    }
    const auto v = words.Value(*a, &error);
    if (!v) return ParserError("argument " + *a + ": expected one argument");
    if (*a == "--bootstrap-server") {
      if (!IsBootstrapList(*v)) return kNoResolvableBootstrap;
      c.bootstrap = *v;
      bootstrap = true;
    }
  }
  if (!a) return ParserError("too few arguments");
  if (std::find(kActions.begin(), kActions.end(), *a) == kActions.end()) {
    return ParserError("invalid choice: '" + *a +
                       "' (choose from 'list', 'describe', 'describe-producers', 'abort', "
                       "'find-hanging')");
  }
  c.action = *a;
  const std::map<std::string, std::vector<std::string>> options = {
      {"list", {}},
      {"describe", {"--transactional-id"}},
      {"describe-producers", {"--topic", "--partition", "--broker-id"}},
      {"find-hanging", {"--broker-id", "--max-transaction-timeout", "--topic", "--partition"}},
      {"abort",
       {"--topic", "--partition", "--start-offset", "--producer-id", "--producer-epoch",
        "--coordinator-epoch"}},
  };
  const std::vector<std::string>& allowed = options.at(c.action);
  while (const auto o = words.Next()) {
    if (std::find(allowed.begin(), allowed.end(), *o) == allowed.end()) {
      return ParserError("unrecognized arguments: '" + *o + "'");
    }
    const auto v = words.Value(*o, &error);
    if (!v) return ParserError("argument " + *o + ": expected one argument");
    const auto bad = [&](const char* type) {
      return ParserError("argument " + *o + ": could not convert '" + *v + "' to " + type +
                         " (For input string: \"" + *v + "\")");
    };
    if (*o == "--transactional-id") {
      c.transactional_id = *v;
    } else if (*o == "--topic") {
      c.topic = *v;
    } else if (*o == "--start-offset" || *o == "--producer-id") {
      const auto n = kafka::ParseInt64(*v);
      if (!n) return bad("Long");
      (*o == "--start-offset" ? c.start_offset : c.producer_id) = *n;
    } else {
      const auto n = kafka::ParseInt64(*v);
      const bool is_short = *o == "--producer-epoch";
      const int64_t limit = is_short ? 32767 : 2147483647;
      if (!n || *n > limit || *n < -limit - 1) return bad(is_short ? "Short" : "Integer");
      if (*o == "--partition") c.partition = static_cast<int32_t>(*n);
      if (*o == "--broker-id") c.broker_id = static_cast<int32_t>(*n);
      if (*o == "--max-transaction-timeout")
        c.max_transaction_timeout_minutes = static_cast<int32_t>(*n);
      if (*o == "--producer-epoch") c.producer_epoch = static_cast<int16_t>(*n);
      if (*o == "--coordinator-epoch") c.coordinator_epoch = static_cast<int32_t>(*n);
    }
  }
  // argparse4j names the last declared required argument that is missing.
  if (c.action == "describe" && !c.transactional_id) {
    return ParserError("argument --transactional-id is required");
  }
  if (c.action == "describe-producers" || c.action == "abort") {
    if (!c.partition) return ParserError("argument --partition is required");
    if (!c.topic) return ParserError("argument --topic is required");
  }
  if (!bootstrap) return ParserError("argument --bootstrap-server is required");
  if (c.action == "find-hanging" && !c.topic && !c.broker_id) {
    return "The `find-hanging` command requires either --topic or --broker-id to limit the scope "
           "of the search";
  }
  if (c.action == "find-hanging" && c.partition && !c.topic) {
    return "The --partition argument requires --topic to be provided";
  }
  if (c.action == "abort" && !c.start_offset) {
    if (!c.producer_id) {
      return "The transaction to abort must be identified either with --start-offset (for "
             "brokers on 3.0 or above) or with --producer-id, --producer-epoch, and "
             "--coordinator-epoch (for older brokers)";
    }
    if (!c.producer_epoch) return "Missing required argument --producer-epoch";
    if (!c.coordinator_epoch) return "Missing required argument --coordinator-epoch";
  }
  return c;
}

void RunTransactionsCommand(const TransactionsCommand& command, KafkaShell& shell) {
  const auto bootstrap = shell.Bootstrap(command.bootstrap);
  if (!bootstrap) return;
  const kafka::Cluster& cluster = shell.cluster();
  const bool by_producer_id = command.action == "abort" && !command.start_offset;
  if (!cluster.profile().transaction_admin_apis && !by_producer_id) {
    // NodeApiVersions.latestUsableVersion: the brokers predate KIP-664's APIs.
    const std::map<std::string, std::pair<std::string, std::string>> needs = {
        {"list", {"Failed to list transactions", "LIST_TRANSACTIONS"}},
        {"describe",
         {"Failed to describe transaction state of transactional-id `" +
              command.transactional_id.value_or("") + "`",
          "DESCRIBE_TRANSACTIONS"}},
        {"describe-producers",
         {"Failed to describe producers for partition " + command.topic.value_or("") + "-" +
              std::to_string(command.partition.value_or(0)) + " on " +
              (command.broker_id ? "broker " + std::to_string(*command.broker_id) : "leader"),
          "DESCRIBE_PRODUCERS"}},
        {"find-hanging", {"Failed to describe producers", "DESCRIBE_PRODUCERS"}},
        {"abort", {"Failed to validate producer state", "DESCRIBE_PRODUCERS"}},
    };
    const auto& [what, api] = needs.at(command.action);
    shell.Say("", Failure(what, "The broker does not support " + api), false);
    return;
  }
  if (command.action == "abort") return Abort(command, shell);
  std::pair<std::string, bool> result;
  if (command.action == "list") result = List(cluster);
  if (command.action == "describe") result = Describe(cluster, *command.transactional_id);
  if (command.action == "describe-producers") result = DescribeProducers(cluster, command);
  if (command.action == "find-hanging") result = FindHanging(cluster, command);
  shell.Say("", result.first, result.second);
}

}  // namespace kafkasim::scenarios

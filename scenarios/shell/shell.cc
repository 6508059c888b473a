// See shell.h.
#include "scenarios/shell/shell.h"

#include "scenarios/shell/command_line.h"
#include "scenarios/shell/console_consumer.h"
#include "scenarios/shell/console_producer.h"
#include "scenarios/shell/kafka_consumer_groups.h"
#include "scenarios/shell/kafka_topics.h"
#include "scenarios/shell/kafka_transactions.h"
#include "scenarios/shell/server_scripts.h"

namespace kafkasim::scenarios {
namespace {

// The tool's name without a trailing ".sh" (the scripts are called both ways).
std::string ToolOf(const std::vector<std::string>& words) {
  if (words.empty()) return "";
  const std::string& w = words[0];
  return w.ends_with(".sh") ? w.substr(0, w.size() - 3) : w;
}

// A parse result's error, if it is one.
template <typename Command>
std::optional<std::string> ErrorOf(const std::variant<Command, std::string>& parsed) {
  if (const auto* why = std::get_if<std::string>(&parsed)) return *why;
  return std::nullopt;
}

}  // namespace

KafkaShell::KafkaShell(kafka::Cluster& cluster, sim::NodeId admin, Print print)
    : cluster_(cluster),
      admin_(admin),
      print_(std::move(print)),
      rng_(cluster.world().ForkRng("shell")) {}

kafka::RequestClient& KafkaShell::admin() {
  return cluster_.world().node_as<kafka::RequestClient>(admin_);
}

std::optional<std::string> KafkaShell::Check(const std::string& line) {
  const std::vector<std::string> words = SplitCommandLine(line);
  const std::string tool = ToolOf(words);
  if (tool == "kafka-topics") return ErrorOf(ParseTopicsCommand(words));
  if (tool == "kafka-consumer-groups") return ErrorOf(ParseGroupsCommand(words));
  if (tool == "kafka-transactions") return ErrorOf(ParseTransactionsCommand(words));
  if (tool == "kafka-console-producer") return ErrorOf(ParseConsoleProducer(words));
  if (tool == "kafka-console-consumer") return ErrorOf(ParseConsoleConsumer(words));
  if (IsServerScript(tool)) return ErrorOf(ParseServerScript(words));
  return "unknown command '" + tool +
         "'; kafkasim runs kafka-topics, kafka-consumer-groups, kafka-transactions, "
         "kafka-console-producer, kafka-console-consumer, zookeeper-server-start/-stop and "
         "kafka-server-start/-stop";
}

void KafkaShell::Run(const std::string& line, const std::string& host,
                     const std::vector<std::string>& input) {
  const std::vector<std::string> words = SplitCommandLine(line);
  const std::string tool = ToolOf(words);
  if (const auto why = Check(line)) {
    Say("", *why, false);
    return;
  }
  if (tool == "kafka-topics") {
    RunTopicsCommand(std::get<TopicsCommand>(ParseTopicsCommand(words)), cluster_, admin(),
                     [this](std::string output, bool ok) { Say("", output, ok); });
  } else if (tool == "kafka-consumer-groups") {
    const auto [output, ok] =
        RunGroupsCommand(std::get<GroupsCommand>(ParseGroupsCommand(words)), cluster_);
    Say("", output, ok);
  } else if (tool == "kafka-transactions") {
    RunTransactionsCommand(std::get<TransactionsCommand>(ParseTransactionsCommand(words)), *this);
  } else if (tool == "kafka-console-producer") {
    RunConsoleProducer(std::get<ConsoleProducerCommand>(ParseConsoleProducer(words)), input, *this);
  } else if (tool == "kafka-console-consumer") {
    RunConsoleConsumer(std::get<ConsoleConsumerCommand>(ParseConsoleConsumer(words)), *this);
  } else {
    RunServerScript(std::get<ServerScript>(ParseServerScript(words)), host, *this);
  }
}

std::optional<std::vector<int32_t>> KafkaShell::Bootstrap(const std::string& servers) {
  auto ids = ResolveBootstrap(servers, cluster_.broker_ids());
  if (!ids) ConfigError(kNoResolvableBootstrap);
  return ids;
}

void KafkaShell::NameValues(int64_t first_value, const std::string& producer) {
  producers_[first_value] = producer;
}

std::string KafkaShell::ValueText(int64_t value_id) const {
  if (const auto it = texts_.find(value_id); it != texts_.end()) return it->second;
  auto it = producers_.upper_bound(value_id);
  if (it == producers_.begin()) return std::to_string(value_id);
  --it;
  return it->second + "-" + std::to_string(value_id - it->first);
}

int64_t KafkaShell::NewValue(std::string text) {
  texts_[next_value_] = std::move(text);
  return next_value_++;
}

std::string KafkaShell::NewClientName(const std::string& tool) {
  return tool + "-" + std::to_string(++clients_[tool]);
}

}  // namespace kafkasim::scenarios

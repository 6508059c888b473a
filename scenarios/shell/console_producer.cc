// See console_producer.h.
#include "scenarios/shell/console_producer.h"

#include <memory>

#include "model/common/error_code.h"
#include "scenarios/shell/command_line.h"
#include "scenarios/shell/shell.h"

namespace kafkasim::scenarios {
namespace {

// The exception a failed send reports (org.apache.kafka.common.errors, messages from Errors.java).
std::string ExceptionFor(kafka::ErrorCode error) {
  using kafka::ErrorCode;
  const std::string p = "org.apache.kafka.common.errors.";
  switch (error) {
    case ErrorCode::kNotEnoughReplicas:
      return p + "NotEnoughReplicasException: Messages are rejected since there are fewer " +
             "in-sync replicas than required.";
    case ErrorCode::kNotEnoughReplicasAfterAppend:
      return p + "NotEnoughReplicasAfterAppendException: Messages are written to the log, but " +
             "to fewer in-sync replicas than required.";
    case ErrorCode::kRequestTimedOut:
      return p + "TimeoutException: The request timed out.";
    case ErrorCode::kNetworkException:
      return p + "NetworkException: The server disconnected before a response was received.";
    case ErrorCode::kUnknownTopicOrPartition:
      return p + "UnknownTopicOrPartitionException: This server does not host this " +
             "topic-partition.";
    case ErrorCode::kNotLeaderOrFollower:
      return p + "NotLeaderOrFollowerException: For requests intended only for the leader, " +
             "this error indicates that the broker is not the current leader.";
    default:
      return "org.apache.kafka.common.KafkaException: " + std::string(kafka::ErrorName(error));
  }
}

std::string Bytes(size_t n) { return std::to_string(n) + " bytes"; }

// What the running tool keeps: how many sends are still open, and the lines of failed ones.
struct Session {
  sim::NodeId node;
  std::string name;
  std::string topic;
  size_t open = 0;
  std::map<int64_t, std::pair<std::optional<std::string>, std::string>> lines;  // by value id
};

}  // namespace

std::variant<ConsoleProducerCommand, std::string> ParseConsoleProducer(
    const std::vector<std::string>& args) {
  ConsoleProducerCommand c;
  bool bootstrap = false, topic = false;
  ToolArgs words(args);
  std::string error;
  while (const auto a = words.Next()) {
    if (*a == "--bootstrap-server" || *a == "--broker-list" || *a == "--topic" ||
        *a == "--producer-property" || *a == "--property" || *a == "--request-required-acks") {
      const auto v = words.Value(*a, &error);
      if (!v) return error;
      if (*a == "--bootstrap-server" || *a == "--broker-list") {
        if (!IsBootstrapList(*v)) return kNoResolvableBootstrap;
        c.bootstrap = *v;
        bootstrap = true;
      } else if (*a == "--topic") {
        c.topic = *v;
        topic = true;
      } else if (*a == "--request-required-acks") {
        c.acks = *v;
      } else {
        const auto property = SplitProperty(*v);
        if (!property) return "Invalid property: " + *v + " (expected key=value)";
        if (*a == "--producer-property") {
          c.producer_properties[property->first] = property->second;
        } else if (property->first == "parse.key") {
          c.parse_key = property->second == "true";
        } else if (property->first == "key.separator") {
          c.key_separator = property->second;
        }
      }
    } else {
      return UnrecognizedOption(*a);
    }
  }
  if (!bootstrap) return "Missing required argument \"[bootstrap-server]\"";
  if (!topic) return "Missing required argument \"[topic]\"";
  return c;
}

void RunConsoleProducer(const ConsoleProducerCommand& command,
                        const std::vector<std::string>& input, KafkaShell& shell) {
  kafka::Cluster& cluster = shell.cluster();
  const auto bootstrap = shell.Bootstrap(command.bootstrap);
  if (!bootstrap) return;
  // ConsoleProducer.producerProps: an option given on the command line wins, then
  // --producer-property, then the tool's own defaults (CommandLineUtils.maybeMergeOptions).
  kafka::ProducerConfig config = cluster.ProducerDefaults();
  std::map<std::string, std::string> settings = {
      // --request-required-acks defaults to 1 in 2.x and to -1 from 3.0, when the producer's
      // own default became acks=all.
      {"acks", cluster.profile().producer_acks == "all" ? "-1" : "1"},
      {"linger.ms", "1000"},
      {"request.timeout.ms", "1500"},
      {"retries", "3"},
  };
  for (const auto& [name, value] : command.producer_properties) settings[name] = value;
  if (command.acks) settings["acks"] = *command.acks;
  for (const auto& [name, value] : settings) {
    if (const auto why = config.Set(name, value)) {
      shell.ConfigError(*why);
      return;
    }
  }
  if (const auto why = config.Validate()) {
    shell.ConfigError(*why);
    return;
  }
  config.bootstrap = *bootstrap;
  config.client_id = "console-producer";

  // LineMessageReader: one record per line, "key<separator>value" with parse.key.
  std::vector<std::pair<std::optional<std::string>, std::string>> records;
  std::string echo;
  std::optional<std::string> failure;
  for (size_t i = 0; i < input.size(); ++i) {
    const std::string& line = input[i];
    echo += ">" + line + "\n";
    if (!command.parse_key) {
      records.push_back({std::nullopt, line});
      continue;
    }
    const size_t at = line.find(command.key_separator);
    if (at == std::string::npos) {
      failure = "org.apache.kafka.common.KafkaException: No key found on line " +
                std::to_string(i + 1) + ": " + line;
      break;
    }
    records.push_back({line.substr(0, at), line.substr(at + command.key_separator.size())});
  }
  shell.Say("", echo + (failure ? *failure + "\n" : ">"), !failure);
  if (records.empty()) return;

  auto session = std::make_shared<Session>();
  session->name = shell.NewClientName("console-producer");
  session->topic = command.topic;
  session->open = records.size();
  kafka::ProducerWorkload workload;
  workload.topic = command.topic;
  workload.rate_per_s = 0;  // it sends only what it reads
  workload.start_after = sim::Duration::Zero();
  sim::World& world = cluster.world();
  workload.on_result = [session, &shell, &world](const kafka::HistoryEvent& e) {
    if (e.type != kafka::HistoryType::kOk) {
      const auto& [key, value] = session->lines[e.value];
      shell.Say(session->name,
                "ERROR Error when sending message to topic " + session->topic + " with key: " +
                    (key ? Bytes(key->size()) : "null") + ", value: " + Bytes(value.size()) +
                    " with error: (org.apache.kafka.clients.producer.internals."
                    "ErrorLoggingCallback)\n" +
                    ExceptionFor(e.error),
                false);
    }
    if (--session->open == 0) {  // stdin is done and every send answered: close, then exit
      world.At(world.Now(), [&world, node = session->node] { world.Exit(node); });
    }
  };
  session->node = cluster.AddProducer(session->name, config, std::move(workload));
  std::vector<std::pair<std::optional<std::string>, int64_t>> sends;
  for (const auto& [key, value] : records) {
    const int64_t id = shell.NewValue(value);
    session->lines[id] = {key, value};
    sends.push_back({key, id});
  }
  // Once the client has started (its start is already scheduled for now).
  world.At(world.Now(), [&world, node = session->node, topic = command.topic, sends] {
    if (world.state(node) == sim::NodeState::kDown) return;
    auto& producer = world.node_as<kafka::Producer>(node);
    for (const auto& [key, id] : sends) producer.Send(topic, key, id);
  });
}

}  // namespace kafkasim::scenarios

// See console_consumer.h.
#include "scenarios/shell/console_consumer.h"

#include <cstdio>
#include <memory>

#include "model/common/id_text.h"
#include "scenarios/shell/command_line.h"
#include "scenarios/shell/shell.h"

namespace kafkasim::scenarios {
namespace {

// DefaultMessageFormatter: the optional fields, each followed by the separator, then the value.
std::string Format(const ConsoleConsumerCommand& c, const kafka::TopicPartition& tp,
                   kafka::Offset offset, const kafka::Record& record, const std::string& value) {
  std::string line;
  if (c.print_partition) line += "Partition:" + std::to_string(tp.partition) + c.key_separator;
  if (c.print_offset) line += "Offset:" + std::to_string(offset) + c.key_separator;
  if (c.print_key) line += record.key.value_or("null") + c.key_separator;
  if (c.print_value) line += value;
  return line;
}

bool IsTrue(const std::string& v) { return v == "true"; }

}  // namespace

std::variant<ConsoleConsumerCommand, std::string> ParseConsoleConsumer(
    const std::vector<std::string>& args) {
  ConsoleConsumerCommand c;
  bool bootstrap = false, topic = false;
  ToolArgs words(args);
  std::string error;
  while (const auto a = words.Next()) {
    if (*a == "--from-beginning") {
      c.from_beginning = true;
    } else if (*a == "--bootstrap-server" || *a == "--topic" || *a == "--group" ||
               *a == "--max-messages" || *a == "--property" || *a == "--consumer-property" ||
               *a == "--isolation-level") {
      const auto v = words.Value(*a, &error);
      if (!v) return error;
      if (*a == "--bootstrap-server") {
        if (!IsBootstrapList(*v)) return kNoResolvableBootstrap;
        c.bootstrap = *v;
        bootstrap = true;
      } else if (*a == "--topic") {
        c.topic = *v;
        topic = true;
      } else if (*a == "--group") {
        c.group = *v;
      } else if (*a == "--isolation-level") {
        c.isolation_level = *v;
      } else if (*a == "--max-messages") {
        const auto n = kafka::ParseInt32(*v);
        if (!n) return "Cannot parse argument '" + *v + "' of option max-messages";
        c.max_messages = *n;
      } else {
        const auto property = SplitProperty(*v);
        if (!property) return "Invalid property: " + *v + " (expected key=value)";
        const auto& [name, value] = *property;
        if (*a == "--consumer-property") {
          c.consumer_properties[name] = value;
        } else if (name == "print.key") {
          c.print_key = IsTrue(value);
        } else if (name == "print.partition") {
          c.print_partition = IsTrue(value);
        } else if (name == "print.offset") {
          c.print_offset = IsTrue(value);
        } else if (name == "print.value") {
          c.print_value = IsTrue(value);
        } else if (name == "key.separator") {
          c.key_separator = value;
        }
      }
    } else {
      return UnrecognizedOption(*a);
    }
  }
  if (!bootstrap) return "Missing required argument \"[bootstrap-server]\"";
  if (!topic) return "Exactly one of whitelist/topic is required.";
  // ConsoleConsumer.ConsumerConfig: --from-beginning and a contrary auto.offset.reset conflict.
  if (const auto it = c.consumer_properties.find("auto.offset.reset");
      c.from_beginning && it != c.consumer_properties.end() && it->second != "earliest") {
    return "Can't simultaneously specify --from-beginning and 'auto.offset.reset=" + it->second +
           "', as the former is equivalent to 'auto.offset.reset=earliest'";
  }
  return c;
}

void RunConsoleConsumer(const ConsoleConsumerCommand& command, KafkaShell& shell) {
  kafka::Cluster& cluster = shell.cluster();
  const auto bootstrap = shell.Bootstrap(command.bootstrap);
  if (!bootstrap) return;
  // Without --group the tool makes up a group of its own (ConsoleConsumer: a random 5-digit id).
  char made_up[32];
  std::snprintf(made_up, sizeof made_up, "console-consumer-%05d",
                static_cast<int>(shell.rng().Below(100000)));
  kafka::ConsumerConfig config = cluster.ConsumerDefaults(command.group.value_or(made_up));
  config.auto_offset_reset = command.from_beginning ? "earliest" : "latest";
  // ConsoleConsumer: a made-up group will not be used again, so it commits nothing unless told.
  if (!command.group) config.enable_auto_commit = false;
  // ConsoleConsumer.consumerProps: --isolation-level, when given, wins over the properties
  // (CommandLineUtils.maybeMergeOptions).
  auto properties = command.consumer_properties;
  if (command.isolation_level) properties["isolation.level"] = *command.isolation_level;
  for (const auto& [name, value] : properties) {
    if (const auto why = config.Set(name, value)) {
      shell.ConfigError(*why);
      return;
    }
  }
  config.bootstrap = *bootstrap;
  config.client_id = "console-consumer";

  struct Session {
    sim::NodeId node;
    std::string name;
    int64_t printed = 0;
  };
  auto session = std::make_shared<Session>();
  session->name = shell.NewClientName("console-consumer");
  kafka::ConsumerWorkload workload;
  workload.topics = {command.topic};
  workload.start_after = sim::Duration::Zero();
  sim::World& world = cluster.world();
  workload.on_record = [session, command, &shell, &world](const kafka::TopicPartition& tp,
                                                          kafka::Offset offset,
                                                          const kafka::Record& record) {
    if (command.max_messages && session->printed >= *command.max_messages) return;
    ++session->printed;
    std::string text = Format(command, tp, offset, record, shell.ValueText(record.value_id));
    if (command.max_messages && session->printed == *command.max_messages) {
      text += "\nProcessed a total of " + std::to_string(session->printed) + " messages";
      world.node_as<kafka::Consumer>(session->node).Close();
    }
    shell.Say(session->name, text, true);
  };
  session->node = cluster.AddConsumer(session->name, config, std::move(workload));
}

}  // namespace kafkasim::scenarios

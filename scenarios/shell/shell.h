// KafkaShell: the terminal a user types Kafka's tools into, inside the simulation. It knows
// kafka-topics, kafka-consumer-groups, kafka-console-producer, kafka-console-consumer,
// zookeeper-server-start/-stop and kafka-server-start/-stop, parses a line as the real tool does
// (Kafka's message for a bad one), and runs it against the cluster: admin requests go from the
// shell's client node, console clients become client nodes of their own, and server scripts start
// and stop the servers. Output arrives through a callback, possibly later in simulated time (a
// console consumer prints each record as it reads it).
//
// Records carry value ids, not payloads; the shell keeps the text of each line a console producer
// sent, and names a workload producer's values "<producer>-<n>", so a console consumer prints
// something a reader can follow.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/client/request_client.h"
#include "model/cluster.h"
#include "sim/rng.h"

namespace kafkasim::scenarios {

class KafkaShell {
 public:
  // `from` is the client node printing (a console producer or consumer), or empty for the
  // command's own answer; `ok` is false for an error (the tool's non-zero exit).
  using Print = std::function<void(const std::string& from, const std::string& text, bool ok)>;

  // `admin` is a RequestClient node of the cluster for the tools' admin requests.
  KafkaShell(kafka::Cluster& cluster, sim::NodeId admin, Print print);

  // The message the tool prints for a bad command line, or nullopt if `line` is valid.
  static std::optional<std::string> Check(const std::string& line);

  // Runs a valid line typed on `host` (a node name such as "broker-102"; empty: the operator's
  // own machine), with `input` as the lines it reads from standard input.
  void Run(const std::string& line, const std::string& host = {},
           const std::vector<std::string>& input = {});

  // A workload producer's value ids from `first_value` print as "<name>-<n>".
  void NameValues(int64_t first_value, const std::string& producer);
  std::string ValueText(int64_t value_id) const;

  // For the tools.
  kafka::Cluster& cluster() { return cluster_; }
  kafka::RequestClient& admin();
  void Say(const std::string& from, const std::string& text, bool ok) { print_(from, text, ok); }
  // A client tool's configuration was refused: Kafka's ConfigException, as the tool prints it.
  void ConfigError(const std::string& why) {
    Say("", "org.apache.kafka.common.config.ConfigException: " + why, false);
  }
  // The brokers a client tool's --bootstrap-server names, or nullopt after saying why not.
  std::optional<std::vector<int32_t>> Bootstrap(const std::string& servers);
  // A fresh value id that prints as `text`.
  int64_t NewValue(std::string text);
  // "console-producer-1", "console-producer-2", ...: a node name for a new client of `tool`.
  std::string NewClientName(const std::string& tool);
  sim::Rng& rng() { return rng_; }

 private:
  kafka::Cluster& cluster_;
  sim::NodeId admin_;
  Print print_;
  sim::Rng rng_;
  std::map<int64_t, std::string> texts_;
  std::map<int64_t, std::string> producers_;  // first value id -> producer name
  std::map<std::string, int> clients_;        // tool -> clients started
  int64_t next_value_ = int64_t{1} << 60;     // above every workload producer's ids
};

}  // namespace kafkasim::scenarios

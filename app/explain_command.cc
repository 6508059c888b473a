// `kafkasim explain ...`: Kafka's algorithms worked through in the open, for learning and for
// checking kafkasim's fidelity from outside. Each prints the result and how it was reached, or with
// --json one object.
//   explain replicas: the replica assignment Kafka makes at topic creation (AdminUtils).
#include <fmt/core.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/command.h"
#include "model/controller/replica_assignment.h"
#include "sim/rng.h"

namespace kafkasim::app {
namespace {

struct ReplicasOptions {
  std::vector<int32_t> brokers;
  std::vector<std::string> racks;  // ID:RACK
  int32_t partitions = 1;
  int32_t replication_factor = 1;
  std::optional<int32_t> start_index;
  std::optional<int32_t> shift;
  uint64_t seed = 1;
  bool json = false;
};

std::string Join(const std::vector<int32_t>& v, const char* sep) {
  std::string out;
  for (size_t i = 0; i < v.size(); ++i) out += (i ? sep : "") + std::to_string(v[i]);
  return out;
}

int RunReplicas(const ReplicasOptions& o) {
  std::map<int32_t, std::string> rack_of;
  for (const std::string& spec : o.racks) {
    const size_t colon = spec.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == spec.size()) {
      fmt::print(stderr, "kafkasim explain replicas: --rack takes ID:RACK, not '{}'\n", spec);
      return kExitUsage;
    }
    try {
      rack_of[std::stoi(spec.substr(0, colon))] = spec.substr(colon + 1);
    } catch (const std::exception&) {
      fmt::print(stderr, "kafkasim explain replicas: --rack takes ID:RACK, not '{}'\n", spec);
      return kExitUsage;
    }
  }
  std::vector<kafka::BrokerPlacement> brokers;
  for (int32_t id : o.brokers) {
    const auto rack = rack_of.find(id);
    brokers.push_back({id, rack == rack_of.end() ? std::nullopt : std::optional(rack->second)});
  }
  sim::Rng rng = sim::Rng(o.seed).Fork("replica-assignment");
  const kafka::AssignmentResult r = kafka::AssignReplicas(
      brokers, {o.partitions, o.replication_factor, o.start_index, o.shift, 0}, rng);
  if (!r.ok()) {
    // As kafka-topics reports it.
    fmt::print(stderr, "Error while executing topic command : {}\n", r.error);
    return 1;
  }
  if (o.json) {
    std::string out = "{\"assignment\": {";
    bool first = true;
    for (const auto& [p, replicas] : r.replicas) {
      out += fmt::format("{}\"{}\": [{}]", first ? "" : ", ", p, Join(replicas, ", "));
      first = false;
    }
    out += fmt::format("}}, \"start_index\": {}, \"shift\": {}, \"rack_aware\": {}}}",
                       r.start_index, r.shift, r.rack_aware ? "true" : "false");
    fmt::print("{}\n", out);
    return kExitOk;
  }
  const size_t n = r.broker_order.size();
  fmt::print("Brokers, {}: {}\n", r.rack_aware ? "alternating racks" : "sorted by id",
             Join(r.broker_order, ", "));
  const bool fixed = o.start_index || o.shift;
  fmt::print("startIndex {}, shift {} ({})\n", r.start_index, r.shift,
             fixed ? "fixed" : fmt::format("drawn at random, seed {}", o.seed));
  fmt::print(
      "The first replica of partition p goes to broker number (p + startIndex) % {}; replica j+1 "
      "follows it {}at 1 + (shift + j) % {} places further on, and the shift grows by one every "
      "{} partitions, so leaders and followers spread evenly.\n\n",
      n, r.rack_aware ? "(skipping a rack or broker that already has one) " : "", n - 1, n);
  fmt::print("{:<10} {:<20} {}\n", "Partition", "Replicas", "Preferred leader");
  std::map<int32_t, int> leads;
  for (const auto& [p, replicas] : r.replicas) {
    fmt::print("{:<10} {:<20} {}\n", p, Join(replicas, ","), replicas.front());
    ++leads[replicas.front()];
  }
  std::string per_broker;
  for (int32_t b : r.broker_order) {
    per_broker += fmt::format("{}{}: {}", per_broker.empty() ? "" : ", ", b, leads[b]);
  }
  fmt::print("\nPreferred leaderships per broker: {}\n", per_broker);
  return kExitOk;
}

}  // namespace

void AddExplainCommand(CLI::App& app, RunFunction* run) {
  CLI::App* explain = app.add_subcommand("explain", "Work through one of Kafka's algorithms");
  explain->require_subcommand(1);

  auto o = std::make_shared<ReplicasOptions>();
  CLI::App* replicas = explain->add_subcommand(
      "replicas", "The replica assignment Kafka makes when it creates a topic (AdminUtils)");
  replicas->add_option("--brokers", o->brokers, "Broker ids, e.g. 101,102,103")
      ->required()
      ->delimiter(',');
  replicas->add_option("--partitions", o->partitions, "Number of partitions")->required();
  replicas->add_option("--replication-factor", o->replication_factor, "Replicas per partition")
      ->required();
  replicas->add_option("--start-index", o->start_index,
                       "Fixed start index (Kafka then uses it as the shift too)");
  replicas->add_option("--shift", o->shift, "Fixed initial shift of the followers");
  replicas->add_option("--rack", o->racks, "A broker's rack, ID:RACK (repeat for each broker)");
  replicas->add_option("--seed", o->seed, "Seed for the random start index and shift")
      ->capture_default_str();
  replicas->add_flag("--json", o->json, "Print {\"assignment\": {\"0\": [..], ...}}");
  replicas->callback([run, o] { *run = [o] { return RunReplicas(*o); }; });
}

}  // namespace kafkasim::app

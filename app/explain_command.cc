// `kafkasim explain ...`: Kafka's algorithms worked through in the open, for learning and for
// checking kafkasim's fidelity from outside. Each prints the result and how it was reached, or with
// --json one object.
//   explain replicas:    the replica assignment Kafka makes at topic creation (AdminUtils);
//   explain partition:   the partition murmur2 gives a key;
//   explain coordinator: the __consumer_offsets partition that coordinates a group;
//   explain assign:      a consumer group assignment (range, roundrobin, sticky,
//                        cooperative-sticky).
#include <fmt/core.h>

#include <algorithm>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "app/command.h"
#include "model/client/partitioner.h"
#include "model/controller/replica_assignment.h"
#include "model/group/assignor.h"
#include "model/group/sticky_assignor.h"
#include "sim/rng.h"
#include "sim/trace.h"

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

std::string Quoted(const std::string& s) {
  std::string out;
  sim::AppendJsonString(out, s);
  return out;
}

int RunPartition(const std::string& key, int32_t partitions, bool json) {
  if (partitions <= 0) {
    fmt::print(stderr, "kafkasim explain partition: --partitions must be at least 1\n");
    return kExitUsage;
  }
  const int32_t hash = kafka::Murmur2(key);
  const int32_t positive = kafka::ToPositive(hash);
  const int32_t partition = positive % partitions;
  if (json) {
    fmt::print("{{\"key\":{},\"murmur2\":{},\"positive\":{},\"partition\":{}}}\n", Quoted(key),
               hash, positive, partition);
    return kExitOk;
  }
  fmt::print("murmur2({}) = {}\n", Quoted(key), hash);
  fmt::print("toPositive: {} & 0x7fffffff = {}\n", hash, positive);
  fmt::print("partition:  {} % {} = {}\n", positive, partitions, partition);
  fmt::print("Every record with this key goes to partition {} while the topic has {} partitions.\n",
             partition, partitions);
  return kExitOk;
}

int RunCoordinator(const std::string& group, int32_t offsets_partitions, bool json) {
  if (offsets_partitions <= 0) {
    fmt::print(stderr, "kafkasim explain coordinator: --offsets-partitions must be at least 1\n");
    return kExitUsage;
  }
  const int32_t hash = kafka::JavaHashCode(group);
  const int32_t partition = kafka::KafkaAbs(hash) % offsets_partitions;
  if (json) {
    fmt::print("{{\"group\":{},\"hash_code\":{},\"partition\":{}}}\n", Quoted(group), hash,
               partition);
    return kExitOk;
  }
  fmt::print("{}.hashCode() = {}\n", Quoted(group), hash);
  fmt::print("abs({}) % {} = {}\n", hash, offsets_partitions, partition);
  fmt::print("The group's coordinator is the leader of __consumer_offsets-{}.\n", partition);
  return kExitOk;
}

struct AssignOptions {
  std::string strategy = "range";
  std::vector<std::string> topics;     // T:N
  std::vector<std::string> members;    // ID:T1,T2
  std::vector<std::string> instances;  // ID=INSTANCE
  std::vector<std::string> owned;      // ID:T-P,T-P (sticky assignors)
  bool json = false;
};

// "orders-3" -> {"orders", 3}; topics may contain '-'.
std::optional<kafka::TopicPartition> ParseTopicPartition(const std::string& s) {
  const size_t dash = s.rfind('-');
  if (dash == std::string::npos || dash == 0 || dash + 1 == s.size()) return std::nullopt;
  try {
    size_t used = 0;
    const int p = std::stoi(s.substr(dash + 1), &used);
    if (used != s.size() - dash - 1 || p < 0) return std::nullopt;
    return kafka::TopicPartition{s.substr(0, dash), p};
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

int RunAssign(const AssignOptions& o) {
  std::map<std::string, int32_t> partitions;
  for (const std::string& t : o.topics) {
    const size_t colon = t.rfind(':');
    int32_t n = 0;
    try {
      n = colon == std::string::npos ? 0 : std::stoi(t.substr(colon + 1));
    } catch (const std::exception&) {
    }
    if (colon == std::string::npos || colon == 0 || n <= 0) {
      fmt::print(stderr, "kafkasim explain assign: --topic takes TOPIC:PARTITIONS, not '{}'\n", t);
      return kExitUsage;
    }
    partitions[t.substr(0, colon)] = n;
  }
  std::map<std::string, std::string> instance_of;
  for (const std::string& spec : o.instances) {
    const size_t eq = spec.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size()) {
      fmt::print(stderr, "kafkasim explain assign: --instance takes MEMBER=INSTANCE, not '{}'\n",
                 spec);
      return kExitUsage;
    }
    instance_of[spec.substr(0, eq)] = spec.substr(eq + 1);
  }
  std::vector<kafka::GroupMember> members;
  for (const std::string& spec : o.members) {
    const size_t colon = spec.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == spec.size()) {
      fmt::print(stderr, "kafkasim explain assign: --member takes ID:TOPIC[,TOPIC...], not '{}'\n",
                 spec);
      return kExitUsage;
    }
    kafka::GroupMember m;
    m.member_id = spec.substr(0, colon);
    for (size_t start = colon + 1; start <= spec.size();) {
      const size_t comma = std::min(spec.find(',', start), spec.size());
      const std::string topic = spec.substr(start, comma - start);
      if (!partitions.contains(topic)) {
        fmt::print(stderr,
                   "kafkasim explain assign: member {} subscribes to {}, which has no --topic\n",
                   m.member_id, topic);
        return kExitUsage;
      }
      m.topics.push_back(topic);
      start = comma + 1;
    }
    if (const auto it = instance_of.find(m.member_id); it != instance_of.end())
      m.group_instance_id = it->second;
    members.push_back(std::move(m));
  }
  std::map<std::string, std::vector<kafka::TopicPartition>> owned;
  for (const std::string& spec : o.owned) {
    const size_t colon = spec.find(':');
    if (colon == std::string::npos || colon == 0) {
      fmt::print(stderr,
                 "kafkasim explain assign: --owned takes ID:TOPIC-P[,TOPIC-P...], not '{}'\n",
                 spec);
      return kExitUsage;
    }
    for (size_t start = colon + 1; start < spec.size();) {
      const size_t comma = std::min(spec.find(',', start), spec.size());
      const auto tp = ParseTopicPartition(spec.substr(start, comma - start));
      if (!tp) {
        fmt::print(stderr, "kafkasim explain assign: '{}' in --owned is not TOPIC-PARTITION\n",
                   spec.substr(start, comma - start));
        return kExitUsage;
      }
      owned[spec.substr(0, colon)].push_back(*tp);
      start = comma + 1;
    }
  }
  kafka::Assignment a;
  std::vector<kafka::TopicPartition> withheld;
  if (o.strategy == "range") {
    a = kafka::AssignRange(partitions, members);
  } else if (o.strategy == "roundrobin") {
    a = kafka::AssignRoundRobin(partitions, members);
  } else {
    std::vector<kafka::StickyMember> sticky;
    for (const kafka::GroupMember& m : members) {
      const auto it = owned.find(m.member_id);
      sticky.push_back({m, it == owned.end() ? std::vector<kafka::TopicPartition>{} : it->second,
                        it == owned.end() ? -1 : 1});
    }
    const kafka::StickyResult r =
        kafka::StickyAssign(partitions, sticky, o.strategy == "cooperative-sticky");
    if (!r.ok()) {
      fmt::print(stderr, "kafkasim explain assign: {}\n", r.error);
      return kExitUsage;
    }
    a = r.assignment;
    withheld = r.withheld;
  }
  if (o.json) {
    std::string out = "{\"assignment\": {";
    bool first_member = true;
    for (const auto& [member, tps] : a) {
      out += (first_member ? "" : ", ") + Quoted(member) + ": [";
      for (size_t i = 0; i < tps.size(); ++i)
        out += (i ? ", " : "") + Quoted(kafka::ToString(tps[i]));
      out += "]";
      first_member = false;
    }
    fmt::print("{}}}}}\n", out);
    return kExitOk;
  }
  if (!withheld.empty()) {
    std::string moving;
    for (const kafka::TopicPartition& tp : withheld)
      moving += (moving.empty() ? "" : ", ") + kafka::ToString(tp);
    fmt::print(
        "Changing owner, so only revoked in this rebalance (a second one hands them over): {}\n",
        moving);
  }
  fmt::print(
      "Members in Kafka's order (static members first, by instance id; then by member id):\n");
  for (const kafka::GroupMember& m : kafka::SortedMembers(members)) {
    std::string owned;
    for (const kafka::TopicPartition& tp : a.at(m.member_id))
      owned += (owned.empty() ? "" : ", ") + kafka::ToString(tp);
    fmt::print("  {:<20} {}\n",
               m.member_id + (m.group_instance_id ? " (" + *m.group_instance_id + ")" : ""),
               owned.empty() ? (withheld.empty() ? "(nothing: more members than partitions)"
                                                 : "(nothing yet: see above)")
                             : owned);
  }
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

  struct KeyOptions {
    std::string key;
    int32_t partitions = 1;
    bool json = false;
  };
  auto k = std::make_shared<KeyOptions>();
  CLI::App* partition = explain->add_subcommand(
      "partition", "The partition Kafka's default partitioner picks for a key (murmur2)");
  partition->add_option("--key", k->key, "The record key")->required();
  partition->add_option("--partitions", k->partitions, "Partitions of the topic")->required();
  partition->add_flag("--json", k->json,
                      "Print {\"key\":..,\"murmur2\":..,\"positive\":..,\"partition\":..}");
  partition->callback(
      [run, k] { *run = [k] { return RunPartition(k->key, k->partitions, k->json); }; });

  struct GroupOptions {
    std::string group;
    int32_t offsets_partitions = 50;
    bool json = false;
  };
  auto g = std::make_shared<GroupOptions>();
  CLI::App* coordinator = explain->add_subcommand(
      "coordinator", "The __consumer_offsets partition whose leader coordinates a group");
  coordinator->add_option("--group", g->group, "The group.id")->required();
  coordinator
      ->add_option("--offsets-partitions", g->offsets_partitions, "offsets.topic.num.partitions")
      ->capture_default_str();
  coordinator->add_flag("--json", g->json, "Print {\"partition\":..}");
  coordinator->callback([run, g] {
    *run = [g] { return RunCoordinator(g->group, g->offsets_partitions, g->json); };
  });

  auto a = std::make_shared<AssignOptions>();
  CLI::App* assign = explain->add_subcommand("assign", "A consumer group's partition assignment");
  assign->add_option("--strategy", a->strategy, "The assignor")
      ->check(CLI::IsMember({"range", "roundrobin", "sticky", "cooperative-sticky"}))
      ->capture_default_str();
  assign->add_option("--topic", a->topics, "A topic and its partitions, TOPIC:N (repeat)")
      ->required();
  assign->add_option("--member", a->members, "A member and its subscription, ID:T1,T2 (repeat)")
      ->required();
  assign->add_option("--instance", a->instances,
                     "A static member's group.instance.id, ID=INSTANCE");
  assign->add_option("--owned", a->owned,
                     "What a member owned before, ID:T-P,T-P (sticky assignors; repeat)");
  assign->add_flag("--json", a->json, "Print {\"assignment\": {\"ID\": [\"T-P\", ...], ...}}");
  assign->callback([run, a] { *run = [a] { return RunAssign(*a); }; });
}

}  // namespace kafkasim::app

// See verdicts.h.
#include "scenarios/verdicts.h"

#include <map>

#include "model/check/acknowledged.h"
#include "model/check/exactly_once.h"
#include "model/check/guarantees.h"
#include "model/common/id_text.h"

namespace kafkasim::scenarios {
namespace {

// A setting as the scenario gives it: the topic's own, else the cluster's, else `fallback`.
std::string Setting(const scenario::Scenario& s, const scenario::Topic* topic,
                    const std::string& name, const std::string& fallback) {
  if (topic != nullptr) {
    if (const auto it = topic->config().find(name); it != topic->config().end()) return it->second;
  }
  if (const auto it = s.cluster().config().find(name); it != s.cluster().config().end()) {
    return it->second;
  }
  return fallback;
}

std::string Summary(const std::vector<std::string>& found) {
  if (found.empty()) return "";
  return std::to_string(found.size()) + " broken, first: " + found.front();
}

}  // namespace

std::vector<Verdict> JudgeGuarantees(const kafka::Cluster& cluster,
                                     const scenario::Scenario& scenario,
                                     const std::set<std::string>& idempotent_producers) {
  const kafka::History& history = *cluster.history();
  std::vector<Verdict> out;

  const auto order =
      kafka::SendOrderViolations(history, kafka::PartitionLogs(cluster), &idempotent_producers);
  out.push_back({"appends keep send order (idempotent producers)", !idempotent_producers.empty(),
                 order.empty(),
                 idempotent_producers.empty() ? "no idempotent producer" : Summary(order)});

  const auto reads = kafka::ReadOrderViolations(history);
  out.push_back({"consumers read in stored order", true, reads.empty(), Summary(reads)});

  // N-1 failures: promised only under safe settings.
  bool safe = scenario.producers_size() > 0;
  for (const auto& p : scenario.producers()) {
    const auto acks = p.config().find("acks");
    const std::string value =
        acks != p.config().end() ? acks->second : std::string(cluster.profile().producer_acks);
    safe = safe && (value == "all" || value == "-1");
  }
  const std::string unclean_default =
      cluster.profile().unclean_leader_election_enable ? "true" : "false";
  for (const auto& t : scenario.topics()) {
    safe = safe &&
           kafka::ParseInt32(Setting(scenario, &t, "min.insync.replicas", "1")).value_or(1) >= 2 &&
           Setting(scenario, &t, "unclean.leader.election.enable", unclean_default) == "false";
  }
  const size_t lost = kafka::AcknowledgedWritesLost(cluster).size();
  out.push_back({"N-1 broker failures lose nothing acknowledged", safe, lost == 0,
                 lost == 0 ? std::string()
                           : std::to_string(lost) + " acknowledged writes lost" +
                                 (safe ? ""
                                       : " (not promised: acks, min.insync.replicas or "
                                         "unclean election)")});

  // Keys: only for topics that kept their partition count (as the scenario gave it, if it did).
  std::map<std::string, int32_t> counts;
  for (const auto& tp : cluster.Partitions()) ++counts[tp.topic];
  std::set<std::string> kept;
  for (const auto& [topic, count] : counts) kept.insert(topic);
  for (const auto& t : scenario.topics()) {
    if (t.partitions() > 0 && counts[t.name()] != t.partitions()) kept.erase(t.name());
  }
  const auto moved = kafka::KeyPartitionViolations(history, &kept);
  out.push_back({"a key always maps to one partition", true, moved.empty(), Summary(moved)});
  return out;
}

std::vector<Verdict> JudgeGroups(const kafka::Cluster& cluster, const scenario::Scenario& scenario,
                                 const ScenarioGroups& groups,
                                 const kafka::RetentionTimeline* retention) {
  std::vector<Verdict> out;
  const sim::Time now = cluster.world().Now();
  const sim::Time settled = kafka::SettledBefore(now, sim::Duration::Seconds(10));
  for (const auto& g : scenario.groups()) {
    const auto it = groups.find(g.group_id());
    if (it == groups.end()) continue;
    const std::string model = g.processing().empty() ? "auto-commit" : g.processing();
    const kafka::GroupDelivery d =
        kafka::SummarizeGroup(*cluster.history(), it->second.members, it->second.topics, settled,
                              it->second.sink.get(), retention);
    Verdict v;
    v.subject = "group " + g.group_id() + " (" + model + ")";
    std::string missed = std::to_string(d.missed.size()) + " of " + std::to_string(d.acknowledged) +
                         " acknowledged records missed";
    if (!d.expired.empty()) {
      missed += " (and " + std::to_string(d.expired.size()) +
                " deleted by retention before the group reached them)";
    }
    const std::string twice = std::to_string(d.duplicated.size()) + " processed more than once";
    if (model.starts_with("read-process-write") && !it->second.output_topic.empty()) {
      const kafka::PipelineOutcome p =
          kafka::CheckPipeline(cluster, *cluster.history(), it->second.topics,
                               it->second.output_topic, it->second.output_value_offset, settled);
      // With transactions the claim is exactly once into the output; without, at least once.
      v.held = model == "read-process-write" ? p.exactly_once() : p.missing.empty();
      v.detail = std::to_string(p.missing.size()) + " of " + std::to_string(p.inputs) +
                 " acknowledged inputs without a committed output in " + it->second.output_topic +
                 ", " + std::to_string(p.duplicated.size()) + " with more than one";
    } else if (model == "at-most-once") {
      v.held = d.duplicated.empty();
      v.detail = twice + ", " + missed;
    } else if (model == "exactly-once-sink") {
      v.held = d.sink_missing == 0 && d.sink_repeated == 0;
      v.detail = "its sink misses " + std::to_string(d.sink_missing) + " and holds " +
                 std::to_string(d.sink_repeated) + " more than once";
    } else {
      v.held = d.missed.empty();
      v.detail = missed + ", " + twice;
    }
    out.push_back(v);
  }
  return out;
}

}  // namespace kafkasim::scenarios

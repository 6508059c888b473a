// See checks.h.
#include "scenarios/checks.h"

#include <algorithm>
#include <sstream>
#include <tuple>

#include "model/broker/partition.h"
#include "model/check/acknowledged.h"
#include "model/check/delivery_checker.h"
#include "model/check/exactly_once.h"
#include "model/check/guarantees.h"
#include "model/check/replica_invariants.h"
#include "model/common/id_text.h"
#include "scenarios/kafka_metrics.h"

namespace kafkasim::scenarios {
namespace {

using kafka::TopicPartition;

std::vector<std::string> Words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

std::string FormatIds(const std::vector<int32_t>& ids) { return kafka::FormatIdList(ids); }

}  // namespace

std::optional<TopicPartition> ParsePartition(const std::string& text) {
  const size_t dash = text.rfind('-');
  if (dash == std::string::npos || dash == 0) return std::nullopt;
  const auto p = kafka::ParseInt32(text.substr(dash + 1));
  if (!p || *p < 0) return std::nullopt;
  return TopicPartition{text.substr(0, dash), *p};
}

std::variant<Check, std::string> ParseCheck(const std::string& text) {
  const std::vector<std::string> w = Words(text);
  Check c;
  c.text = text;
  if (w.size() == 5 && (w[0] == "leader" || w[0] == "ISR") && w[1] == "of" && w[3] == "is") {
    const auto tp = ParsePartition(w[2]);
    if (!tp) return "'" + w[2] + "' is not a partition like orders-0";
    c.tp = *tp;
    if (w[0] == "leader") {
      c.kind = Check::Kind::kLeader;
      if (w[4] == "none") return c;
      const auto id = kafka::ParseInt32(w[4]);
      if (!id) return "'" + w[4] + "' is not a broker id or none";
      c.broker = *id;
      return c;
    }
    c.kind = Check::Kind::kIsr;
    std::string list = w[4];
    if (list.size() < 2 || list.front() != '[' || list.back() != ']') {
      return "an ISR is written [101,103]";
    }
    list = list.substr(1, list.size() - 2);
    std::istringstream items(list);
    for (std::string item; std::getline(items, item, ',');) {
      const auto id = kafka::ParseInt32(item);
      if (!id) return "'" + item + "' is not a broker id";
      c.isr.push_back(*id);
    }
    return c;
  }
  if (w.size() == 8 && w[0] == "LSO" && w[1] == "of" && w[3] == "is" &&
      (w[4] == "at" || w[4] == "below") && w[5] == "the" && w[6] == "high" && w[7] == "watermark") {
    const auto tp = ParsePartition(w[2]);
    if (!tp) return "'" + w[2] + "' is not a partition like orders-0";
    c.tp = *tp;
    c.kind = Check::Kind::kLsoAtHighWatermark;
    c.negate = w[4] == "below";
    return c;
  }
  if (w.size() == 4 && w[0] == "metric" && w[2] == "is") {
    const auto value = kafka::ParseInt64(w[3]);
    if (!value) return "'" + w[3] + "' is not a number";
    if (!IsKafkaMetric(w[1])) {
      std::string known;
      for (const std::string& name : KafkaMetricNames()) {
        known += (known.empty() ? "" : ", ") + ShortMetricName(name);
      }
      return "no metric named '" + w[1] + "'; kafkasim keeps " + known;
    }
    c.kind = Check::Kind::kMetric;
    c.metric = w[1];
    c.value = *value;
    return c;
  }
  if (w.size() == 3 && w[0] == "controller" && w[1] == "is") {
    const auto id = kafka::ParseInt32(w[2]);
    if (!id) return "'" + w[2] + "' is not a broker id";
    c.kind = Check::Kind::kController;
    c.broker = *id;
    return c;
  }
  // "group G is STATE" or "group G is STATE in generation N"
  if ((w.size() == 4 || (w.size() == 7 && w[4] == "in" && w[5] == "generation")) &&
      w[0] == "group" && w[2] == "is") {
    static const std::vector<std::string> kStates = {"Empty", "PreparingRebalance",
                                                     "CompletingRebalance", "Stable", "Dead"};
    if (std::find(kStates.begin(), kStates.end(), w[3]) == kStates.end()) {
      return "a group state is one of Empty, PreparingRebalance, CompletingRebalance, Stable, Dead";
    }
    c.kind = Check::Kind::kGroupState;
    c.group = w[1];
    c.state = w[3];
    if (w.size() == 7) {
      const auto generation = kafka::ParseInt32(w[6]);
      if (!generation || *generation < 0) return "'" + w[6] + "' is not a generation number";
      c.generation = *generation;
    }
    return c;
  }
  if (text == "no acknowledged write lost") {
    c.kind = Check::Kind::kNoAcknowledgedWriteLost;
    return c;
  }
  if (text == "some acknowledged writes lost") {
    c.kind = Check::Kind::kSomeAcknowledgedWritesLost;
    return c;
  }
  // "no acknowledged write of P lost", "some acknowledged writes of P lost"
  if (w.size() == 6 && w[1] == "acknowledged" && w[3] == "of" && w[5] == "lost" &&
      ((w[0] == "no" && w[2] == "write") || (w[0] == "some" && w[2] == "writes"))) {
    c.kind = w[0] == "no" ? Check::Kind::kNoAcknowledgedWriteLost
                          : Check::Kind::kSomeAcknowledgedWritesLost;
    c.producer = w[4];
    return c;
  }
  if (w.size() >= 2 && w[0] == "group") {
    c.group = w[1];
    std::string rest;  // the words after the group's name
    for (size_t i = 2; i < w.size(); ++i) rest += (i > 2 ? " " : "") + w[i];
    static const std::map<std::string, std::pair<Check::Kind, bool>> kGroupSentences = {
        {"missed no acknowledged record", {Check::Kind::kGroupMissed, true}},
        {"missed some acknowledged records", {Check::Kind::kGroupMissed, false}},
        {"processed no record twice", {Check::Kind::kGroupDuplicates, true}},
        {"processed some records twice", {Check::Kind::kGroupDuplicates, false}},
        {"stored every acknowledged record once", {Check::Kind::kGroupSinkOnce, true}},
        {"read no aborted record", {Check::Kind::kGroupAbortedReads, true}},
        {"read some aborted records", {Check::Kind::kGroupAbortedReads, false}},
    };
    if (const auto it = kGroupSentences.find(rest); it != kGroupSentences.end()) {
      std::tie(c.kind, c.negate) = it->second;
      return c;
    }
    // "group G processed every input record exactly once into T", and its failure for an
    // at-least-once pipeline: "group G processed some input records more than once into T"
    if (w.size() == 10 && rest.starts_with("processed every input record exactly once into ")) {
      c.kind = Check::Kind::kGroupExactlyOnce;
      c.topic = w[9];
      return c;
    }
    if (w.size() == 11 && rest.starts_with("processed some input records more than once into ")) {
      c.kind = Check::Kind::kGroupExactlyOnce;
      c.negate = true;
      c.topic = w[10];
      return c;
    }
  }
  if (w.size() == 4 && w[0] == "replicas" && w[1] == "of" &&
      (w[3] == "agree" || w[3] == "disagree")) {
    const auto tp = ParsePartition(w[2]);
    if (!tp) return "'" + w[2] + "' is not a partition like orders-0";
    c.kind = Check::Kind::kReplicasAgree;
    c.tp = *tp;
    c.negate = w[3] == "disagree";
    return c;
  }
  if (text == "the checker finds no anomaly") {
    c.kind = Check::Kind::kAnomaly;
    c.negate = true;
    return c;
  }
  if (w.size() == 4 && w[0] == "the" && w[1] == "checker" && w[2] == "finds") {
    static const std::vector<std::string> kClasses = {"inconsistent-offsets",
                                                      "duplicate",
                                                      "lost-write",
                                                      "unseen",
                                                      "aborted-read",
                                                      "poll-skip",
                                                      "nonmonotonic-poll",
                                                      "int-poll-skip",
                                                      "int-nonmonotonic-poll",
                                                      "nonmonotonic-send",
                                                      "precommitted-read",
                                                      "G0",
                                                      "G1c"};
    if (std::find(kClasses.begin(), kClasses.end(), w[3]) == kClasses.end()) {
      std::string names;
      for (const auto& name : kClasses) names += (names.empty() ? "" : ", ") + name;
      return "'" + w[3] + "' is not an anomaly class; the classes are " + names;
    }
    c.kind = Check::Kind::kAnomaly;
    c.anomaly = w[3];
    return c;
  }
  static const std::map<std::string, std::pair<Check::Kind, bool>> kGuarantees = {
      {"appends kept send order", {Check::Kind::kSendOrder, true}},
      {"consumers read in stored order", {Check::Kind::kReadOrder, true}},
      {"every key stayed in one partition", {Check::Kind::kKeyPartition, true}},
      {"some keys changed partition", {Check::Kind::kKeyPartition, false}},
  };
  if (const auto it = kGuarantees.find(text); it != kGuarantees.end()) {
    std::tie(c.kind, c.negate) = it->second;
    return c;
  }
  return std::string(
      "not a check kafkasim knows; write one of: leader of T-P is N|none, ISR of T-P is [a,b], "
      "LSO of T-P is at|below the high watermark, controller is N, metric NAME is N, group G is "
      "STATE [in generation "
      "N], no acknowledged write [of P] lost, "
      "some acknowledged "
      "writes [of P] lost, group G missed no|some acknowledged record(s), group G processed "
      "no record|some records twice, group G read no aborted record|some aborted records, "
      "group G processed every input record exactly once into T (or some input records more "
      "than once into T), "
      "appends kept send order, consumers read in stored order, "
      "every key stayed in one partition, some keys changed partition");
}

CheckOutcome Evaluate(const Check& check, const kafka::Cluster& cluster,
                      const ScenarioGroups& groups) {
  CheckOutcome out;
  switch (check.kind) {
    case Check::Kind::kLeader: {
      const int32_t leader = cluster.Leader(check.tp);
      out.passed = leader == check.broker;
      out.actual = "leader of " + kafka::ToString(check.tp) + " is " +
                   (leader < 0 ? std::string("none") : std::to_string(leader));
      break;
    }
    case Check::Kind::kIsr: {
      const std::vector<int32_t> isr = cluster.Isr(check.tp);
      std::vector<int32_t> a = isr, b = check.isr;
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      out.passed = a == b;
      out.actual = "ISR of " + kafka::ToString(check.tp) + " is " + FormatIds(isr);
      break;
    }
    case Check::Kind::kLsoAtHighWatermark: {
      const int32_t leader = cluster.Leader(check.tp);
      const kafka::Partition* replica = leader < 0 ? nullptr : cluster.Replica(leader, check.tp);
      if (replica == nullptr) {
        out.actual = kafka::ToString(check.tp) + " has no leader";
        break;
      }
      const kafka::Offset lso = replica->last_stable_offset();
      const kafka::Offset hw = replica->log().high_watermark();
      out.passed = (lso == hw) != check.negate;
      out.actual = "LSO of " + kafka::ToString(check.tp) + " is " + std::to_string(lso) +
                   ", high watermark " + std::to_string(hw);
      break;
    }
    case Check::Kind::kMetric: {
      const auto reading = FindMetric(ReadKafkaMetrics(cluster), check.metric);
      out.passed = reading && reading->value == check.value;
      out.actual = "metric " + check.metric + " is " +
                   (reading ? std::to_string(reading->value) : std::string("unknown"));
      break;
    }
    case Check::Kind::kController: {
      const int32_t id = cluster.ControllerId();
      out.passed = id == check.broker;
      out.actual = "controller is " + (id < 0 ? std::string("none") : std::to_string(id));
      break;
    }
    case Check::Kind::kGroupState: {
      const kafka::GroupMetadata* g = cluster.Group(check.group);
      const std::string state = g ? kafka::ToString(g->state) : "Dead";
      out.passed = state == check.state;
      out.actual = "group " + check.group + " is " + state;
      if (check.generation >= 0) {
        const int32_t generation = g ? g->generation_id : 0;
        out.passed = out.passed && generation == check.generation;
        out.actual += " in generation " + std::to_string(generation);
      }
      break;
    }
    case Check::Kind::kNoAcknowledgedWriteLost:
    case Check::Kind::kSomeAcknowledgedWritesLost: {
      const auto lost = kafka::AcknowledgedWritesLost(cluster, check.producer);
      out.passed = lost.empty() == (check.kind == Check::Kind::kNoAcknowledgedWriteLost);
      const std::string of = check.producer.empty() ? "" : " of " + check.producer;
      out.actual = lost.empty() ? "no acknowledged write" + of + " lost"
                                : std::to_string(lost.size()) + " acknowledged writes" + of +
                                      " lost (first: value " + std::to_string(lost[0].value) +
                                      " at " + kafka::ToString(lost[0].tp) + " offset " +
                                      std::to_string(lost[0].offset) + ")";
      break;
    }
    case Check::Kind::kGroupMissed:
    case Check::Kind::kGroupDuplicates:
    case Check::Kind::kGroupAbortedReads:
    case Check::Kind::kGroupSinkOnce: {
      const auto g = groups.find(check.group);
      if (g == groups.end()) {
        out.actual = "no group " + check.group + " in this scenario";
        break;
      }
      const sim::Time now = cluster.world().Now();
      const sim::Duration grace = sim::Duration::Seconds(5);
      const kafka::GroupDelivery d =
          kafka::SummarizeGroup(*cluster.history(), g->second.members, g->second.topics,
                                kafka::SettledBefore(now, grace), g->second.sink.get());
      if (check.kind == Check::Kind::kGroupSinkOnce) {
        out.passed = d.sink_missing == 0 && d.sink_repeated == 0;
        out.actual = "group " + check.group + "'s sink misses " + std::to_string(d.sink_missing) +
                     " acknowledged records and holds " + std::to_string(d.sink_repeated) +
                     " more than once";
      } else if (check.kind == Check::Kind::kGroupAbortedReads) {
        out.passed = (d.aborted_read == 0) == check.negate;
        out.actual = "group " + check.group + " read " + std::to_string(d.aborted_read) +
                     " records of aborted transactions";
      } else if (check.kind == Check::Kind::kGroupMissed) {
        out.passed = d.missed.empty() == check.negate;
        out.actual = "group " + check.group + " missed " + std::to_string(d.missed.size()) +
                     " of " + std::to_string(d.acknowledged) + " acknowledged records";
      } else {
        out.passed = d.duplicated.empty() == check.negate;
        out.actual = "group " + check.group + " processed " + std::to_string(d.duplicated.size()) +
                     " records more than once";
      }
      break;
    }
    case Check::Kind::kGroupExactlyOnce: {
      const auto g = groups.find(check.group);
      if (g == groups.end()) {
        out.actual = "no group " + check.group + " in this scenario";
        break;
      }
      const kafka::PipelineOutcome p = kafka::CheckPipeline(
          cluster, *cluster.history(), g->second.topics, check.topic, g->second.output_value_offset,
          kafka::SettledBefore(cluster.world().Now(), sim::Duration::Seconds(5)));
      out.passed = check.negate ? !p.duplicated.empty() : p.exactly_once();
      out.actual = "of " + std::to_string(p.inputs) + " acknowledged input records, " +
                   std::to_string(p.missing.size()) + " have no committed output in " +
                   check.topic + " and " + std::to_string(p.duplicated.size()) +
                   " have more than one";
      break;
    }
    case Check::Kind::kReplicasAgree: {
      // Every replica's log (down brokers' disks too), offset by offset below the shortest end.
      std::vector<std::pair<int32_t, const kafka::Log*>> logs;
      for (int32_t id : cluster.Replicas(check.tp)) {
        if (const kafka::Partition* p = cluster.Replica(id, check.tp))
          logs.push_back({id, &p->log()});
      }
      std::optional<std::string> differ;
      if (logs.size() >= 2) {
        kafka::Offset end = logs[0].second->log_end_offset();
        kafka::Offset start = logs[0].second->log_start_offset();
        for (const auto& [id, log] : logs) {
          end = std::min(end, log->log_end_offset());
          start = std::max(start, log->log_start_offset());
        }
        for (kafka::Offset o = start; o < end && !differ; ++o) {
          const auto first = kafka::RecordAt(*logs[0].second, o);
          for (size_t i = 1; i < logs.size() && !differ; ++i) {
            const auto other = kafka::RecordAt(*logs[i].second, o);
            if (first.has_value() != other.has_value() ||
                (first && first->value_id != other->value_id)) {
              differ = "brokers " + std::to_string(logs[0].first) + " and " +
                       std::to_string(logs[i].first) + " hold different records at offset " +
                       std::to_string(o);
            }
          }
        }
      }
      out.passed = differ.has_value() == check.negate;
      out.actual = differ ? "replicas of " + kafka::ToString(check.tp) + " disagree: " + *differ
                          : "replicas of " + kafka::ToString(check.tp) + " agree";
      break;
    }
    case Check::Kind::kAnomaly: {
      const kafka::DeliveryReport r = kafka::CheckDelivery(*cluster.history());
      if (check.negate) {
        out.passed = r.ok();
        out.actual = r.ok() ? "the checker finds no anomaly"
                            : std::to_string(r.anomalies.size()) +
                                  " anomalies, first: " + r.anomalies.front().Describe();
      } else {
        // Allowed findings (G0) count too: a replay may exist to show one.
        const auto it = r.counts.find(check.anomaly);
        const auto allowed = r.allowed_counts.find(check.anomaly);
        const int n = (it == r.counts.end() ? 0 : it->second) +
                      (allowed == r.allowed_counts.end() ? 0 : allowed->second);
        out.passed = n > 0;
        out.actual = std::to_string(n) + " " + check.anomaly + " anomalies";
      }
      break;
    }
    case Check::Kind::kSendOrder:
    case Check::Kind::kReadOrder:
    case Check::Kind::kKeyPartition: {
      const kafka::History& h = *cluster.history();
      const std::vector<std::string> found =
          check.kind == Check::Kind::kSendOrder
              ? kafka::SendOrderViolations(h, kafka::PartitionLogs(cluster))
          : check.kind == Check::Kind::kReadOrder ? kafka::ReadOrderViolations(h)
                                                  : kafka::KeyPartitionViolations(h);
      out.passed = found.empty() == check.negate;
      // What held, or how often it broke, in the check's own words.
      const char* held = check.kind == Check::Kind::kSendOrder ? "appends kept send order"
                         : check.kind == Check::Kind::kReadOrder
                             ? "consumers read in stored order"
                             : "every key stayed in one partition";
      const char* broke = check.kind == Check::Kind::kSendOrder   ? " appends out of send order"
                          : check.kind == Check::Kind::kReadOrder ? " reads out of stored order"
                                                                  : " keys changed partition";
      out.actual =
          found.empty() ? held : std::to_string(found.size()) + broke + ", first: " + found[0];
      break;
    }
  }
  return out;
}

}  // namespace kafkasim::scenarios

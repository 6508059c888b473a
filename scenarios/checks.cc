// See checks.h.
#include "scenarios/checks.h"

#include <algorithm>
#include <sstream>

#include "model/check/acknowledged.h"
#include "model/common/id_text.h"

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
  if (w.size() == 3 && w[0] == "controller" && w[1] == "is") {
    const auto id = kafka::ParseInt32(w[2]);
    if (!id) return "'" + w[2] + "' is not a broker id";
    c.kind = Check::Kind::kController;
    c.broker = *id;
    return c;
  }
  if (w.size() == 4 && w[0] == "group" && w[2] == "is") {
    static const std::vector<std::string> kStates = {"Empty", "PreparingRebalance",
                                                     "CompletingRebalance", "Stable", "Dead"};
    if (std::find(kStates.begin(), kStates.end(), w[3]) == kStates.end()) {
      return "a group state is one of Empty, PreparingRebalance, CompletingRebalance, Stable, Dead";
    }
    c.kind = Check::Kind::kGroupState;
    c.group = w[1];
    c.state = w[3];
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
  return std::string(
      "not a check kafkasim knows; write one of: leader of T-P is N|none, ISR of T-P is [a,b], "
      "controller is N, group G is STATE, no acknowledged write lost, some acknowledged writes "
      "lost");
}

CheckOutcome Evaluate(const Check& check, const kafka::Cluster& cluster) {
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
      break;
    }
    case Check::Kind::kNoAcknowledgedWriteLost:
    case Check::Kind::kSomeAcknowledgedWritesLost: {
      int lost = 0;
      std::string first;
      for (const auto& e : cluster.history()->events()) {
        if (e.type != kafka::HistoryType::kOk || e.offset < 0) continue;
        if (!kafka::AcknowledgedRecordHeld(cluster, e.tp, e.offset, e.value)) {
          if (lost++ == 0) {
            first = "value " + std::to_string(e.value) + " at " + kafka::ToString(e.tp) +
                    " offset " + std::to_string(e.offset);
          }
        }
      }
      out.passed = (lost == 0) == (check.kind == Check::Kind::kNoAcknowledgedWriteLost);
      out.actual = lost == 0
                       ? "no acknowledged write lost"
                       : std::to_string(lost) + " acknowledged writes lost (first: " + first + ")";
      break;
    }
  }
  return out;
}

}  // namespace kafkasim::scenarios

// See guarantees.h.
#include "model/check/guarantees.h"

#include <algorithm>

namespace kafka {

std::vector<std::string> SendOrderViolations(const History& history) {
  // Send order per producer: the position of each value's invoke.
  std::map<std::pair<std::string, int64_t>, size_t> sent_at;
  std::map<std::pair<std::string, TopicPartition>, std::vector<std::pair<size_t, Offset>>> acked;
  const auto& events = history.events();
  for (size_t i = 0; i < events.size(); ++i) {
    const HistoryEvent& e = events[i];
    if (e.type == HistoryType::kInvoke) sent_at.try_emplace({e.client, e.value}, i);
    if (e.type == HistoryType::kOk && e.offset >= 0) {
      const auto it = sent_at.find({e.client, e.value});
      if (it != sent_at.end()) acked[{e.client, e.tp}].push_back({it->second, e.offset});
    }
  }
  std::vector<std::string> out;
  for (auto& [key, records] : acked) {
    std::sort(records.begin(), records.end());
    for (size_t i = 1; i < records.size(); ++i) {
      if (records[i].second < records[i - 1].second) {
        out.push_back(key.first + " sent a record to " + ToString(key.second) + " after another, " +
                      "but it sits before it: offset " + std::to_string(records[i].second) +
                      " after offset " + std::to_string(records[i - 1].second));
        break;
      }
    }
  }
  return out;
}

std::vector<std::string> ReadOrderViolations(const History& history) {
  std::map<std::pair<std::string, TopicPartition>, Offset> last;  // while owned
  std::vector<std::string> out;
  for (const HistoryEvent& e : history.events()) {
    switch (e.type) {
      case HistoryType::kAssign:
      case HistoryType::kRevoke:
        last.erase({e.client, e.tp});
        break;
      case HistoryType::kCrash:
        std::erase_if(last, [&](const auto& entry) { return entry.first.first == e.client; });
        break;
      case HistoryType::kPoll: {
        auto [it, added] = last.try_emplace({e.client, e.tp}, e.offset);
        if (!added) {
          if (e.offset <= it->second) {
            out.push_back(e.client + " read " + ToString(e.tp) + " offset " +
                          std::to_string(e.offset) + " after offset " + std::to_string(it->second) +
                          " without losing the partition");
          }
          it->second = e.offset;
        }
        break;
      }
      default:
        break;
    }
  }
  return out;
}

std::vector<std::string> KeyPartitionViolations(const History& history) {
  std::map<std::string, std::set<TopicPartition>> partitions;
  for (const HistoryEvent& e : history.events()) {
    if (e.type == HistoryType::kOk && e.key) partitions[*e.key].insert(e.tp);
  }
  std::vector<std::string> out;
  for (const auto& [key, tps] : partitions) {
    std::set<std::string> topics;
    for (const auto& tp : tps) topics.insert(tp.topic);
    if (tps.size() > topics.size()) {
      std::string list;
      for (const auto& tp : tps) list += (list.empty() ? "" : ", ") + ToString(tp);
      out.push_back("key " + key + " went to " + list);
    }
  }
  return out;
}

GroupDelivery SummarizeGroup(const History& history, const std::set<std::string>& members,
                             const std::set<std::string>& topics, sim::Time until_acknowledged) {
  GroupDelivery d;
  std::set<int64_t> acknowledged;
  std::map<int64_t, int> processed;
  for (const HistoryEvent& e : history.events()) {
    if (e.type == HistoryType::kOk && topics.contains(e.tp.topic) && e.time <= until_acknowledged) {
      acknowledged.insert(e.value);
    }
    if (e.type == HistoryType::kProcess && members.contains(e.client)) ++processed[e.value];
  }
  d.acknowledged = static_cast<int64_t>(acknowledged.size());
  for (int64_t v : acknowledged) {
    if (!processed.contains(v)) d.missed.push_back(v);
  }
  for (const auto& [v, n] : processed) {
    if (n > 1) d.duplicated[v] = n;
  }
  return d;
}

}  // namespace kafka

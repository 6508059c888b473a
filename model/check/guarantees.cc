// See guarantees.h.
#include "model/check/guarantees.h"

#include <algorithm>

#include "model/check/transaction_outcomes.h"

namespace kafka {

std::vector<std::string> SendOrderViolations(
    const History& history, const std::map<TopicPartition, std::vector<int64_t>>& logs,
    const std::set<std::string>* producers) {
  // Who sent each value, and when in its own sequence.
  std::map<int64_t, std::pair<std::string, size_t>> sent;
  std::map<std::string, size_t> sends;
  for (const HistoryEvent& e : history.events()) {
    if (e.type != HistoryType::kInvoke) continue;
    if (producers != nullptr && !producers->contains(e.client)) continue;
    sent.try_emplace(e.value, e.client, sends[e.client]++);
  }
  std::vector<std::string> out;
  for (const auto& [tp, values] : logs) {
    std::map<std::string, std::pair<size_t, Offset>> last;  // producer -> (send index, offset)
    std::set<std::string> reported;
    for (size_t i = 0; i < values.size(); ++i) {
      const auto it = sent.find(values[i]);
      if (it == sent.end()) continue;
      const auto& [client, index] = it->second;
      const Offset offset = static_cast<Offset>(i);
      auto [prev, first] = last.try_emplace(client, index, offset);
      if (first) continue;
      if (index <= prev->second.first && reported.insert(client).second) {
        out.push_back(client + "'s records in " + ToString(tp) + " are out of send order: offset " +
                      std::to_string(offset) + " holds its send #" + std::to_string(index + 1) +
                      ", after send #" + std::to_string(prev->second.first + 1) + " at offset " +
                      std::to_string(prev->second.second));
      }
      prev->second = {index, offset};
    }
  }
  return out;
}

std::map<TopicPartition, std::vector<int64_t>> PartitionLogs(const Cluster& cluster) {
  std::map<TopicPartition, std::vector<int64_t>> logs;
  for (const TopicPartition& tp : cluster.Partitions()) {
    if (tp.topic.starts_with("__")) continue;
    const int32_t leader = cluster.Leader(tp);
    const std::vector<int32_t> isr = cluster.Isr(tp);
    const int32_t holder = leader >= 0 ? leader : isr.empty() ? -1 : isr.front();
    const Partition* p = holder < 0 ? nullptr : cluster.Replica(holder, tp);
    if (p == nullptr) continue;
    std::vector<int64_t>& values = logs[tp];
    values.assign(static_cast<size_t>(p->log().log_start_offset()), -1);  // deleted by retention
    for (const BatchPtr& batch : p->log().AllBatches()) {
      values.resize(static_cast<size_t>(batch->base_offset), -1);
      // A transaction marker takes an offset but holds no value.
      if (batch->is_control()) {
        values.push_back(-1);
        continue;
      }
      for (const Record& r : batch->records) values.push_back(r.value_id);
    }
  }
  return logs;
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

std::vector<std::string> KeyPartitionViolations(const History& history,
                                                const std::set<std::string>* topics) {
  std::map<std::string, std::set<TopicPartition>> partitions;
  for (const HistoryEvent& e : history.events()) {
    if (e.type != HistoryType::kOk || !e.key) continue;
    if (topics != nullptr && !topics->contains(e.tp.topic)) continue;
    partitions[*e.key].insert(e.tp);
  }
  std::vector<std::string> out;
  for (const auto& [key, tps] : partitions) {
    std::set<std::string> key_topics;
    for (const auto& tp : tps) key_topics.insert(tp.topic);
    if (tps.size() > key_topics.size()) {
      std::string list;
      for (const auto& tp : tps) list += (list.empty() ? "" : ", ") + ToString(tp);
      out.push_back("key " + key + " went to " + list);
    }
  }
  return out;
}

GroupDelivery SummarizeGroup(const History& history, const std::set<std::string>& members,
                             const std::set<std::string>& topics, sim::Time until_acknowledged,
                             const ExternalSink* sink, const RetentionTimeline* retention) {
  GroupDelivery d;
  const TransactionOutcomes txns = ReadTransactionOutcomes(history);
  std::map<int64_t, std::pair<TopicPartition, Offset>> acknowledged;  // value -> where it landed
  std::map<int64_t, int> processed;
  std::map<TopicPartition, ReadReach> reached;  // how far the group's reads went, over time
  for (const HistoryEvent& e : history.events()) {
    if (e.type == HistoryType::kOk && topics.contains(e.tp.topic) && e.time <= until_acknowledged &&
        txns.Owed(e.value)) {
      acknowledged.try_emplace(e.value, e.tp, e.offset);
    }
    if (e.type == HistoryType::kProcess && members.contains(e.client)) ++processed[e.value];
    if (e.type == HistoryType::kPoll && members.contains(e.client)) {
      if (txns.AbortedRead(e.tp, e.offset, e.value)) ++d.aborted_read;
      reached[e.tp].Read(e.time, e.offset);
    }
  }
  // Deleted before the group read past it: the group never had the chance.
  const auto expired = [&](const TopicPartition& tp, Offset offset) {
    return retention != nullptr && DeletedBeforeReadPast(*retention, tp, offset, reached[tp]);
  };
  d.acknowledged = static_cast<int64_t>(acknowledged.size());
  for (const auto& [v, where] : acknowledged) {
    if (processed.contains(v)) continue;
    (expired(where.first, where.second) ? d.expired : d.missed).push_back(v);
  }
  for (const auto& [v, n] : processed) {
    if (n > 1) d.duplicated[v] = n;
  }
  if (sink != nullptr) {
    for (const auto& [v, where] : acknowledged) {
      d.sink_missing += sink->stored_counts().contains(v) ? 0 : 1;
    }
    for (const auto& [v, n] : sink->stored_counts()) d.sink_repeated += n > 1 ? 1 : 0;
  }
  return d;
}

}  // namespace kafka

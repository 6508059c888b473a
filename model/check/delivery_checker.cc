// See delivery_checker.h.
#include "model/check/delivery_checker.h"

#include <algorithm>
#include <set>
#include <tuple>

namespace kafka {
namespace {

std::string List(const std::vector<int64_t>& items) {
  std::string out;
  for (int64_t i : items) out += (out.empty() ? "" : ",") + std::to_string(i);
  return out;
}

// What a partition's history tells: values at each offset, offsets of each value, reads.
struct PartitionView {
  std::map<Offset, std::set<int64_t>> values_at;
  std::map<int64_t, std::set<Offset>> offsets_of;
  std::set<int64_t> read;
  Offset highest_read = -1;
  std::map<int64_t, std::pair<Offset, sim::Time>> acknowledged;  // value -> (offset, when)
};

}  // namespace

std::string Anomaly::Describe() const {
  std::string out = kind + " in " + ToString(tp);
  if (!offsets.empty())
    out += " at offset" + std::string(offsets.size() > 1 ? "s " : " ") + List(offsets);
  if (!values.empty())
    out += ", value" + std::string(values.size() > 1 ? "s " : " ") + List(values);
  if (!client.empty()) out += " (" + client + ")";
  return out + " at " + sim::ToString(at.SinceZero());
}

DeliveryReport CheckDelivery(const History& history, sim::Time settled) {
  std::map<TopicPartition, PartitionView> parts;
  std::set<std::string> read_topics;
  std::set<int64_t> failed;
  std::vector<Anomaly> found;
  // Consumer positions between polls of a partition it keeps: (client, tp) -> (last offset, time).
  std::map<std::pair<std::string, TopicPartition>, std::pair<Offset, sim::Time>> last_poll;
  // Sends in send order per producer, to compare with where they landed.
  std::map<std::pair<std::string, int64_t>, size_t> send_index;
  std::map<std::string, size_t> sends;
  std::map<std::pair<std::string, TopicPartition>,
           std::vector<std::tuple<size_t, Offset, int64_t, sim::Time>>>
      landed;

  for (const HistoryEvent& e : history.events()) {
    switch (e.type) {
      case HistoryType::kInvoke:
        send_index.try_emplace({e.client, e.value}, sends[e.client]++);
        break;
      case HistoryType::kOk:
        if (e.offset < 0) break;  // acks=0: no offset to place it at
        {
          PartitionView& p = parts[e.tp];
          p.values_at[e.offset].insert(e.value);
          p.offsets_of[e.value].insert(e.offset);
          p.acknowledged.try_emplace(e.value, e.offset, e.time);
          const auto idx = send_index.find({e.client, e.value});
          if (idx != send_index.end())
            landed[{e.client, e.tp}].push_back({idx->second, e.offset, e.value, e.time});
        }
        break;
      case HistoryType::kFail:
        failed.insert(e.value);
        break;
      case HistoryType::kPoll: {
        PartitionView& p = parts[e.tp];
        read_topics.insert(e.tp.topic);
        p.values_at[e.offset].insert(e.value);
        p.offsets_of[e.value].insert(e.offset);
        p.read.insert(e.value);
        p.highest_read = std::max(p.highest_read, e.offset);
        if (failed.contains(e.value)) {
          found.push_back({"aborted-read", e.tp, {e.offset}, {e.value}, e.client, e.time});
        }
        auto [it, first] = last_poll.try_emplace({e.client, e.tp}, e.offset, e.time);
        if (!first) {
          const auto [prev, prev_time] = it->second;
          const bool same_poll = prev_time == e.time;  // one poll hands out its records at once
          const std::string prefix = same_poll ? "int-" : "";
          if (e.offset - prev > 1) {
            found.push_back({prefix + "poll-skip", e.tp, {prev, e.offset}, {}, e.client, e.time});
          } else if (e.offset <= prev) {
            found.push_back(
                {prefix + "nonmonotonic-poll", e.tp, {prev, e.offset}, {}, e.client, e.time});
          }
          it->second = {e.offset, e.time};
        }
        break;
      }
      case HistoryType::kAssign:
      case HistoryType::kRevoke:
        last_poll.erase({e.client, e.tp});
        break;
      case HistoryType::kCrash:
        std::erase_if(last_poll, [&](const auto& entry) { return entry.first.first == e.client; });
        break;
      default:
        break;
    }
  }

  DeliveryReport report;
  for (const auto& [tp, p] : parts) {
    for (const auto& [offset, values] : p.values_at) {
      if (values.size() > 1) {
        found.push_back({"inconsistent-offsets",
                         tp,
                         {offset},
                         std::vector<int64_t>(values.begin(), values.end()),
                         "",
                         {}});
      }
    }
    for (const auto& [value, offsets] : p.offsets_of) {
      if (offsets.size() > 1) {
        ++report.duplicates;
        found.push_back({"duplicate",
                         tp,
                         std::vector<Offset>(offsets.begin(), offsets.end()),
                         {value},
                         "",
                         {}});
      }
    }
    const bool someone_reads = read_topics.contains(tp.topic);
    for (const auto& [value, where] : p.acknowledged) {
      if (p.read.contains(value)) continue;
      const auto [offset, when] = where;
      if (offset <= p.highest_read) {
        ++report.lost;
        found.push_back({"lost-write", tp, {offset}, {value}, "", when});
      } else if (someone_reads && when <= settled) {
        ++report.unseen;
        found.push_back({"unseen", tp, {offset}, {value}, "", when});
      }
    }
  }
  for (auto& [key, sent] : landed) {
    std::sort(sent.begin(), sent.end());
    for (size_t i = 1; i < sent.size(); ++i) {
      const auto& [index, offset, value, when] = sent[i];
      const Offset before = std::get<1>(sent[i - 1]);
      if (offset <= before) {
        found.push_back({"nonmonotonic-send",
                         key.second,
                         {before, offset},
                         {std::get<2>(sent[i - 1]), value},
                         key.first,
                         when});
      }
    }
  }
  std::stable_sort(found.begin(), found.end(), [](const Anomaly& a, const Anomaly& b) {
    return std::tie(a.kind, a.tp, a.offsets) < std::tie(b.kind, b.tp, b.offsets);
  });
  for (const Anomaly& a : found) ++report.counts[a.kind];
  report.anomalies = std::move(found);
  return report;
}

}  // namespace kafka

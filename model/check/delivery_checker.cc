// See delivery_checker.h.
#include "model/check/delivery_checker.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "model/check/transaction_cycles.h"
#include "model/check/transaction_outcomes.h"

namespace kafka {
namespace {

std::string List(const std::vector<int64_t>& items) {
  std::string out;
  for (int64_t i : items) out += (out.empty() ? "" : ",") + std::to_string(i);
  return out;
}

// What a partition's history tells, kept as flat vectors (a run at scale checks millions of
// records, and a node per record in maps and sets cost several times the history itself).
struct PartitionView {
  struct Ack {
    int64_t value;
    Offset offset;
    sim::Time when;
  };
  std::vector<std::pair<Offset, int64_t>> placed;  // (offset, value): acknowledged or read there
  std::vector<Ack> acked;                          // in history order: a value's first ack counts
  std::vector<int64_t> read;                       // values polled
  Offset highest_read = -1;
  Offset lowest_read = INT64_MAX;
  ReadReach reach;
};

// Each producer's sends in send order: the position of the first send of each value. Values
// normally rise with each send, so a sorted vector answers; a producer whose values ever went down
// falls back to a map from then on.
class SendOrder {
 public:
  void Add(const std::string& client, int64_t value) {
    Sends& s = by_client_[client];
    const size_t index = s.count++;
    if (s.fallback.empty() && (s.rising.empty() || s.rising.back().first <= value)) {
      s.rising.emplace_back(value, index);
      return;
    }
    if (s.fallback.empty()) {
      for (const auto& [v, i] : s.rising) s.fallback.try_emplace(v, i);
      s.rising.clear();
    }
    s.fallback.try_emplace(value, index);
  }
  std::optional<size_t> Find(const std::string& client, int64_t value) const {
    const auto c = by_client_.find(client);
    if (c == by_client_.end()) return std::nullopt;
    const Sends& s = c->second;
    if (!s.fallback.empty()) {
      const auto it = s.fallback.find(value);
      return it == s.fallback.end() ? std::nullopt : std::optional(it->second);
    }
    const auto it = std::lower_bound(s.rising.begin(), s.rising.end(), value,
                                     [](const auto& entry, int64_t v) { return entry.first < v; });
    return it == s.rising.end() || it->first != value ? std::nullopt : std::optional(it->second);
  }

 private:
  struct Sends {
    size_t count = 0;
    std::vector<std::pair<int64_t, size_t>> rising;  // (value, index), values not decreasing
    std::map<int64_t, size_t> fallback;              // first index of each value
  };
  std::map<std::string, Sends> by_client_;
};

}  // namespace

std::string Anomaly::Describe() const {
  if (!cycle.empty()) return kind + ": " + cycle;
  std::string out = kind + " in " + ToString(tp);
  if (!offsets.empty())
    out += " at offset" + std::string(offsets.size() > 1 ? "s " : " ") + List(offsets);
  if (!values.empty())
    out += ", value" + std::string(values.size() > 1 ? "s " : " ") + List(values);
  if (!client.empty()) out += " (" + client + ")";
  // Duplicates and inconsistent offsets are found across the whole history, not at a moment.
  if (at == sim::Time::Zero()) return out;
  return out + " at " + sim::ToString(at.SinceZero());
}

std::optional<sim::Time> ReadReach::PassedAt(Offset offset) const {
  const auto past = std::upper_bound(
      reach_.begin(), reach_.end(), offset,
      [](Offset o, const std::pair<sim::Time, Offset>& r) { return o < r.second; });
  if (past == reach_.end()) return std::nullopt;
  return past->first;
}

bool DeletedBeforeReadPast(const RetentionTimeline& retention, const TopicPartition& tp,
                           Offset offset, const ReadReach& reach) {
  const auto it = retention.find(tp);
  if (it == retention.end()) return false;
  // Log starts only grow: the first move past `offset` deleted it.
  const auto moved = std::upper_bound(
      it->second.begin(), it->second.end(), offset,
      [](Offset o, const std::pair<sim::Time, Offset>& m) { return o < m.second; });
  if (moved == it->second.end()) return false;
  const std::optional<sim::Time> passed = reach.PassedAt(offset);
  return !passed || *passed > moved->first;
}

DeliveryReport CheckDelivery(const History& history, sim::Time settled,
                             const RetentionTimeline* retention) {
  std::map<TopicPartition, PartitionView> parts;
  std::set<std::string> read_topics;
  std::set<int64_t> failed;
  // Where each acknowledged value landed: a value that failed in one send and was written by
  // another (a zombie's and its replacement's copy of one output) is read from the latter.
  std::set<std::tuple<TopicPartition, Offset, int64_t>> acked_at;
  std::vector<Anomaly> found;
  // Consumer positions between polls of a partition it keeps: (client, tp) -> (last offset, time).
  std::map<std::pair<std::string, TopicPartition>, std::pair<Offset, sim::Time>> last_poll;
  // Sends in send order per producer, to compare with where they landed.
  SendOrder send_order;
  std::map<std::pair<std::string, TopicPartition>,
           std::vector<std::tuple<size_t, Offset, int64_t, sim::Time>>>
      landed;
  // Transactions: which sends committed, aborted, or are in doubt.
  const TransactionOutcomes txns = ReadTransactionOutcomes(history);
  // Acknowledgements first: a read_uncommitted poll can see a record before its producer hears.
  for (const HistoryEvent& e : history.events()) {
    if (e.type == HistoryType::kOk && e.offset >= 0) acked_at.insert({e.tp, e.offset, e.value});
  }
  for (const HistoryEvent& e : history.events()) {
    switch (e.type) {
      case HistoryType::kInvoke:
        send_order.Add(e.client, e.value);
        break;
      case HistoryType::kSkip:
        // The consumer passed markers or aborted records: its next poll continues from there.
        if (auto it = last_poll.find({e.client, e.tp}); it != last_poll.end()) {
          it->second = {e.value - 1, e.time};
        } else {
          last_poll.try_emplace({e.client, e.tp}, e.value - 1, e.time);
        }
        break;
      case HistoryType::kOk:
        if (e.offset < 0) break;  // acks=0: no offset to place it at
        // An aborted or in-doubt transaction's write is in the log but no reader owes it: its
        // placement counts only if someone reads it.
        if (!txns.OwedWrite(e.tp, e.offset, e.value)) break;
        {
          PartitionView& p = parts[e.tp];
          p.placed.emplace_back(e.offset, e.value);
          p.acked.push_back({e.value, e.offset, e.time});
          if (const auto index = send_order.Find(e.client, e.value))
            landed[{e.client, e.tp}].push_back({*index, e.offset, e.value, e.time});
        }
        break;
      case HistoryType::kFail:
        failed.insert(e.value);
        break;
      case HistoryType::kPoll: {
        PartitionView& p = parts[e.tp];
        read_topics.insert(e.tp.topic);
        p.placed.emplace_back(e.offset, e.value);
        p.read.push_back(e.value);
        p.reach.Read(e.time, e.offset);
        p.highest_read = std::max(p.highest_read, e.offset);
        p.lowest_read = std::min(p.lowest_read, e.offset);
        if (failed.contains(e.value) && !acked_at.contains({e.tp, e.offset, e.value})) {
          found.push_back({"aborted-read", e.tp, {e.offset}, {e.value}, e.client, e.time});
        } else if (txns.AbortedRead(e.tp, e.offset, e.value)) {  // G1a: an aborted write read
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
  for (auto& [tp, p] : parts) {
    // Offsets holding more than one value, in offset order.
    std::sort(p.placed.begin(), p.placed.end());
    p.placed.erase(std::unique(p.placed.begin(), p.placed.end()), p.placed.end());
    for (size_t i = 0; i < p.placed.size();) {
      size_t j = i;
      std::vector<int64_t> values;
      for (; j < p.placed.size() && p.placed[j].first == p.placed[i].first; ++j) {
        values.push_back(p.placed[j].second);
      }
      if (values.size() > 1) {
        found.push_back({"inconsistent-offsets", tp, {p.placed[i].first}, values, "", {}});
      }
      i = j;
    }
    // Values at more than one offset, in value order.
    std::sort(p.placed.begin(), p.placed.end(), [](const auto& a, const auto& b) {
      return std::tie(a.second, a.first) < std::tie(b.second, b.first);
    });
    for (size_t i = 0; i < p.placed.size();) {
      size_t j = i;
      std::vector<Offset> offsets;
      for (; j < p.placed.size() && p.placed[j].second == p.placed[i].second; ++j) {
        offsets.push_back(p.placed[j].first);
      }
      if (offsets.size() > 1) {
        ++report.duplicates;
        found.push_back({"duplicate", tp, offsets, {p.placed[i].second}, "", {}});
      }
      i = j;
    }
    p.placed = {};
    // Acknowledged values never read, in value order, each at its first acknowledgement.
    std::sort(p.read.begin(), p.read.end());
    std::stable_sort(p.acked.begin(), p.acked.end(),
                     [](const auto& a, const auto& b) { return a.value < b.value; });
    const bool someone_reads = read_topics.contains(tp.topic);
    for (size_t i = 0; i < p.acked.size(); ++i) {
      const PartitionView::Ack& ack = p.acked[i];
      if (i > 0 && p.acked[i - 1].value == ack.value) continue;  // not its first
      if (std::binary_search(p.read.begin(), p.read.end(), ack.value)) continue;
      // Written but aborted, or in a transaction whose outcome nobody knows: no reader owes it.
      if (!txns.OwedWrite(tp, ack.offset, ack.value)) continue;
      // Lost when reads went past it from before it. Below every read, a reader may simply have
      // begun later (a group whose auto.offset.reset is latest): unseen, not lost.
      // Deleted by retention before any read went past it: nobody had the chance to read it.
      if (retention != nullptr && DeletedBeforeReadPast(*retention, tp, ack.offset, p.reach)) {
        ++report.expired;
        continue;
      }
      if (ack.offset <= p.highest_read && ack.offset >= p.lowest_read) {
        ++report.lost;
        found.push_back({"lost-write", tp, {ack.offset}, {ack.value}, "", ack.when});
      } else if (someone_reads && ack.when <= settled) {
        ++report.unseen;
        found.push_back({"unseen", tp, {ack.offset}, {ack.value}, "", ack.when});
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
  TransactionFindings cycles = FindTransactionCycles(history);
  found.insert(found.end(), cycles.anomalies.begin(), cycles.anomalies.end());
  const auto in_order = [](const Anomaly& a, const Anomaly& b) {
    return std::tie(a.kind, a.tp, a.offsets) < std::tie(b.kind, b.tp, b.offsets);
  };
  std::stable_sort(found.begin(), found.end(), in_order);
  std::stable_sort(cycles.allowed.begin(), cycles.allowed.end(), in_order);
  for (const Anomaly& a : found) ++report.counts[a.kind];
  for (const Anomaly& a : cycles.allowed) ++report.allowed_counts[a.kind];
  report.anomalies = std::move(found);
  report.allowed = std::move(cycles.allowed);
  return report;
}

}  // namespace kafka

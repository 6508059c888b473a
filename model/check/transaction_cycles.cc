// See transaction_cycles.h.
#include "model/check/transaction_cycles.h"

#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>

namespace kafka {
namespace {

constexpr size_t kNone = SIZE_MAX;

struct Placed {
  TopicPartition tp;
  Offset offset;
  int64_t value;
};

struct Transaction {
  enum class End { kOpen, kCommitted, kAborted, kInDoubt };
  std::string client;
  int number;  // the client's 1st, 2nd, ... transaction
  sim::Time began, ended;
  End end = End::kOpen;
  std::vector<Placed> writes;  // acknowledged inside it
  std::set<int64_t> sent;      // every value it sent
  std::vector<Placed> reads;   // polled or processed inside it
};

struct Edge {
  size_t from, to;
  bool wr;  // else ww
  TopicPartition tp;
  Offset from_offset, to_offset;  // ww: the two writes; wr: the record read (both)
};

// The history's transactions, one per txn-begin, with how each ended; and the precommitted reads
// seen on the way.
std::vector<Transaction> ReadTransactions(const History& history, std::vector<Anomaly>& found) {
  std::vector<Transaction> txns;
  std::map<std::string, size_t> open;  // client -> its transaction in progress
  std::map<std::string, int> begun;    // client -> how many it began
  const auto close = [&](const std::string& client, Transaction::End end, sim::Time at) {
    const auto it = open.find(client);
    if (it == open.end()) return;
    txns[it->second].end = end;
    txns[it->second].ended = at;
    open.erase(it);
  };
  for (const HistoryEvent& e : history.events()) {
    const auto it = open.find(e.client);
    Transaction* txn = it == open.end() ? nullptr : &txns[it->second];
    switch (e.type) {
      case HistoryType::kTxnBegin:
        close(e.client, Transaction::End::kInDoubt, e.time);  // the previous one never ended
        open[e.client] = txns.size();
        txns.push_back({e.client, ++begun[e.client], e.time, e.time});
        break;
      case HistoryType::kInvoke:
        if (txn) txn->sent.insert(e.value);
        break;
      case HistoryType::kOk:
        if (txn && e.offset >= 0) txn->writes.push_back({e.tp, e.offset, e.value});
        break;
      case HistoryType::kPoll:
        if (txn && txn->sent.contains(e.value)) {
          found.push_back({"precommitted-read", e.tp, {e.offset}, {e.value}, e.client, e.time});
        }
        [[fallthrough]];
      case HistoryType::kProcess:
        if (txn) txn->reads.push_back({e.tp, e.offset, e.value});
        break;
      case HistoryType::kTxnCommit:
        close(e.client, Transaction::End::kCommitted, e.time);
        break;
      case HistoryType::kTxnAbort:
        close(e.client, Transaction::End::kAborted, e.time);
        break;
      case HistoryType::kCrash:
        close(e.client, Transaction::End::kInDoubt, e.time);
        break;
      default:
        break;
    }
  }
  for (auto& [client, index] : open) txns[index].end = Transaction::End::kInDoubt;
  return txns;
}

// Which transactions are in the graph: the committed ones, and the in-doubt ones some poll read
// from (they must have committed, as Jepsen reasons).
std::vector<bool> InGraph(const History& history, const std::vector<Transaction>& txns) {
  std::vector<bool> in(txns.size(), false);
  std::map<std::tuple<TopicPartition, Offset, int64_t>, size_t> in_doubt_writes;
  for (size_t i = 0; i < txns.size(); ++i) {
    in[i] = txns[i].end == Transaction::End::kCommitted;
    if (txns[i].end != Transaction::End::kInDoubt) continue;
    for (const Placed& w : txns[i].writes)
      in_doubt_writes.try_emplace({w.tp, w.offset, w.value}, i);
  }
  if (in_doubt_writes.empty()) return in;
  for (const HistoryEvent& e : history.events()) {
    if (e.type != HistoryType::kPoll) continue;
    const auto it = in_doubt_writes.find({e.tp, e.offset, e.value});
    if (it != in_doubt_writes.end()) in[it->second] = true;
  }
  return in;
}

std::vector<Edge> Dependencies(const std::vector<Transaction>& txns, const std::vector<bool>& in) {
  std::vector<Edge> edges;
  std::map<TopicPartition, std::vector<std::pair<Offset, size_t>>> logs;  // writes by partition
  std::map<std::pair<TopicPartition, Offset>, std::pair<int64_t, size_t>> writer_at;
  std::map<int64_t, size_t> writer_of;  // by value, for a record no acknowledgement placed
  for (size_t i = 0; i < txns.size(); ++i) {
    if (!in[i]) continue;
    for (const Placed& w : txns[i].writes) {
      logs[w.tp].emplace_back(w.offset, i);
      writer_at.try_emplace({w.tp, w.offset}, w.value, i);
    }
    for (int64_t v : txns[i].sent) writer_of.try_emplace(v, i);
  }
  std::set<std::tuple<size_t, size_t, bool>> seen;
  const auto add = [&](Edge edge) {
    if (edge.from != edge.to && seen.insert({edge.from, edge.to, edge.wr}).second) {
      edges.push_back(std::move(edge));
    }
  };
  for (auto& [tp, writes] : logs) {
    std::sort(writes.begin(), writes.end());
    for (size_t k = 1; k < writes.size(); ++k) {
      add({writes[k - 1].second, writes[k].second, false, tp, writes[k - 1].first,
           writes[k].first});
    }
  }
  for (size_t i = 0; i < txns.size(); ++i) {
    if (!in[i]) continue;
    for (const Placed& r : txns[i].reads) {
      size_t writer = kNone;
      const auto at = writer_at.find({r.tp, r.offset});
      if (at != writer_at.end() && at->second.first == r.value) {
        writer = at->second.second;
      } else if (const auto by = writer_of.find(r.value); by != writer_of.end()) {
        writer = by->second;
      }
      if (writer != kNone) add({writer, i, true, r.tp, r.offset, r.offset});
    }
  }
  return edges;
}

// The dependency graph over some of its edges: strongly connected components, and a cycle in each.
class Graph {
 public:
  Graph(size_t nodes, const std::vector<Edge>& edges, std::function<bool(const Edge&)> use)
      : edges_(edges), out_(nodes) {
    for (size_t e = 0; e < edges.size(); ++e) {
      if (use(edges[e])) out_[edges[e].from].push_back(e);
    }
    Components();
  }

  // Components of more than one node, each as its nodes in increasing order.
  const std::vector<std::vector<size_t>>& components() const { return components_; }
  size_t ComponentOf(size_t node) const { return component_[node]; }

  // The fewest edges from `from` to `to` inside from's component, or nothing.
  std::optional<std::vector<size_t>> Path(size_t from, size_t to) const {
    std::map<size_t, size_t> via;  // node -> the edge that reached it
    std::deque<size_t> queue{from};
    via[from] = kNone;
    while (!queue.empty()) {
      const size_t u = queue.front();
      queue.pop_front();
      if (u == to) break;
      for (size_t e : out_[u]) {
        const size_t w = edges_[e].to;
        if (component_[w] != component_[from] || via.contains(w)) continue;
        via[w] = e;
        queue.push_back(w);
      }
    }
    if (!via.contains(to)) return std::nullopt;
    std::vector<size_t> path;
    for (size_t n = to; via.at(n) != kNone; n = edges_[via.at(n)].from) path.push_back(via.at(n));
    std::reverse(path.begin(), path.end());
    return path;
  }

  // A cycle through the component's first node.
  std::vector<size_t> Cycle(const std::vector<size_t>& component) const {
    const size_t start = component.front();
    for (size_t e : out_[start]) {
      if (component_[edges_[e].to] != component_[start]) continue;
      auto back = Path(edges_[e].to, start);
      if (!back) continue;
      back->insert(back->begin(), e);
      return *back;
    }
    return {};  // not reached: every node of a component lies on a cycle
  }

  const std::vector<size_t>& Out(size_t node) const { return out_[node]; }

 private:
  // Tarjan's algorithm, iterative (a long chain of transactions must not exhaust the stack).
  void Components() {
    const size_t n = out_.size();
    std::vector<size_t> index(n, kNone), low(n, 0);
    std::vector<bool> on_stack(n, false);
    std::vector<size_t> stack;
    std::vector<std::pair<size_t, size_t>> calls;  // (node, next edge to follow)
    component_.assign(n, kNone);
    size_t next_index = 0, next_component = 0;
    for (size_t root = 0; root < n; ++root) {
      if (index[root] != kNone) continue;
      const auto enter = [&](size_t v) {
        index[v] = low[v] = next_index++;
        stack.push_back(v);
        on_stack[v] = true;
        calls.emplace_back(v, 0);
      };
      enter(root);
      while (!calls.empty()) {
        const size_t v = calls.back().first;
        if (calls.back().second < out_[v].size()) {
          const size_t w = edges_[out_[v][calls.back().second++]].to;
          if (index[w] == kNone) {
            enter(w);
          } else if (on_stack[w]) {
            low[v] = std::min(low[v], index[w]);
          }
          continue;
        }
        calls.pop_back();
        if (!calls.empty()) low[calls.back().first] = std::min(low[calls.back().first], low[v]);
        if (low[v] != index[v]) continue;
        std::vector<size_t> members;
        for (size_t w = kNone; w != v;) {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = false;
          component_[w] = next_component;
          members.push_back(w);
        }
        ++next_component;
        if (members.size() < 2) continue;
        std::sort(members.begin(), members.end());
        components_.push_back(std::move(members));
      }
    }
    std::sort(components_.begin(), components_.end());
  }

  const std::vector<Edge>& edges_;
  std::vector<std::vector<size_t>> out_;  // edge numbers, by source node
  std::vector<size_t> component_;
  std::vector<std::vector<size_t>> components_;
};

std::string Label(const Transaction& t) {
  return t.client + "'s transaction #" + std::to_string(t.number) + " (begun " +
         sim::ToString(t.began.SinceZero()) + ")";
}

// "a -[ww orders-1 offsets 4, 5]-> b -[wr orders-0 offset 7]-> a", with a and b named by client,
// number and start, as an anomaly.
Anomaly CycleAnomaly(const std::string& kind, const std::vector<size_t>& cycle,
                     const std::vector<Edge>& edges, const std::vector<Transaction>& txns) {
  Anomaly a{kind, edges[cycle.front()].tp, {}, {}, "", sim::Time::Zero()};
  a.cycle = Label(txns[edges[cycle.front()].from]);
  for (size_t e : cycle) {
    const Edge& edge = edges[e];
    a.cycle += " -[" + std::string(edge.wr ? "wr " : "ww ") + ToString(edge.tp) +
               (edge.wr ? " offset " + std::to_string(edge.to_offset)
                        : " offsets " + std::to_string(edge.from_offset) + ", " +
                              std::to_string(edge.to_offset)) +
               "]-> " + Label(txns[edge.to]);
    a.offsets.push_back(edge.to_offset);
    a.at = std::max(a.at, txns[edge.to].ended);  // the cycle is whole once its last one ended
  }
  return a;
}

}  // namespace

TransactionFindings FindTransactionCycles(const History& history) {
  TransactionFindings out;
  const std::vector<Transaction> txns = ReadTransactions(history, out.anomalies);
  if (txns.empty()) return out;
  const std::vector<Edge> edges = Dependencies(txns, InGraph(history, txns));
  if (edges.empty()) return out;

  // G0: write cycles.
  const Graph ww(txns.size(), edges, [](const Edge& e) { return !e.wr; });
  for (const auto& component : ww.components()) {
    out.allowed.push_back(CycleAnomaly("G0", ww.Cycle(component), edges, txns));
  }
  // G1c of wr edges alone: each transaction read another's commit before its own.
  const Graph wr(txns.size(), edges, [](const Edge& e) { return e.wr; });
  std::set<size_t> reported;  // nodes already in a wr cycle
  for (const auto& component : wr.components()) {
    out.anomalies.push_back(CycleAnomaly("G1c", wr.Cycle(component), edges, txns));
    reported.insert(component.begin(), component.end());
  }
  // G1c that needs ww edges: one per component of the whole graph with a wr edge inside it and
  // no wr cycle already reported.
  const Graph all(txns.size(), edges, [](const Edge&) { return true; });
  for (const auto& component : all.components()) {
    if (std::any_of(component.begin(), component.end(),
                    [&](size_t node) { return reported.contains(node); })) {
      continue;
    }
    for (size_t node : component) {
      std::optional<std::vector<size_t>> cycle;
      for (size_t e : all.Out(node)) {
        if (!edges[e].wr || all.ComponentOf(edges[e].to) != all.ComponentOf(node)) continue;
        if ((cycle = all.Path(edges[e].to, node))) {
          cycle->insert(cycle->begin(), e);
          break;
        }
      }
      if (cycle) {
        out.allowed.push_back(CycleAnomaly("G1c", *cycle, edges, txns));
        break;
      }
    }
  }
  return out;
}

}  // namespace kafka

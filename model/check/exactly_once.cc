// See exactly_once.h.
#include "model/check/exactly_once.h"

#include <optional>

#include "model/check/transaction_outcomes.h"

namespace kafka {

std::vector<int64_t> CommittedValues(const Log& log) {
  std::vector<int64_t> out;
  std::map<int64_t, std::vector<int64_t>> open;  // producer id -> its open transaction's values
  for (const BatchPtr& b : log.AllBatches()) {
    if (b->is_control()) {
      const auto it = open.find(b->producer_id);
      if (it == open.end()) continue;
      if (b->control == ControlType::kCommit) {
        out.insert(out.end(), it->second.begin(), it->second.end());
      }
      open.erase(it);
      continue;
    }
    std::vector<int64_t>& into = b->transactional ? open[b->producer_id] : out;
    for (const Record& r : b->records) into.push_back(r.value_id);
  }
  return out;
}

PipelineOutcome CheckPipeline(const Cluster& cluster, const History& history,
                              const std::set<std::string>& input_topics,
                              const std::string& output_topic, int64_t value_offset,
                              sim::Time until) {
  PipelineOutcome o;
  const TransactionOutcomes txns = ReadTransactionOutcomes(history);
  std::set<int64_t> inputs;
  for (const HistoryEvent& e : history.events()) {
    if (e.type == HistoryType::kOk && input_topics.contains(e.tp.topic) && e.time <= until &&
        txns.Owed(e.value)) {
      inputs.insert(e.value);
    }
  }
  std::map<int64_t, int> outputs;  // input value -> committed outputs
  for (const TopicPartition& tp : cluster.Partitions()) {
    if (tp.topic != output_topic) continue;
    const int32_t leader = cluster.Leader(tp);
    const std::vector<int32_t> isr = cluster.Isr(tp);
    const int32_t holder = leader >= 0 ? leader : isr.empty() ? -1 : isr.front();
    const Partition* p = holder < 0 ? nullptr : cluster.Replica(holder, tp);
    if (p == nullptr) continue;
    for (int64_t v : CommittedValues(p->log())) ++outputs[v - value_offset];
  }
  o.inputs = static_cast<int64_t>(inputs.size());
  for (int64_t v : inputs) {
    const auto it = outputs.find(v);
    if (it == outputs.end()) {
      o.missing.push_back(v);
    } else if (it->second > 1) {
      o.duplicated[v] = it->second;
    }
  }
  return o;
}

}  // namespace kafka

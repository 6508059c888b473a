// See retention_log.h.
#include "scenarios/retention_log.h"

#include "model/common/trace_kinds.h"
#include "scenarios/checks.h"

namespace kafkasim::scenarios {

void RetentionLog::OnEvent(const sim::EventView& e) {
  if (e.kind.hash != kafka::kinds::kBrokerRetention.hash) return;
  std::optional<kafka::TopicPartition> tp;
  int64_t log_start = -1;
  for (const sim::Field& f : e.fields) {
    if (f.key == "partition") tp = ParsePartition(std::string(f.text));
    if (f.key == "log_start") log_start = f.number;
  }
  if (!tp) return;
  auto& moves = timeline_[*tp];
  if (moves.empty() || log_start > moves.back().second) moves.emplace_back(e.time, log_start);
}

}  // namespace kafkasim::scenarios

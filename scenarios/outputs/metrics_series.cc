// See metrics_series.h.
#include "scenarios/outputs/metrics_series.h"

#include <algorithm>

#include "scenarios/describe.h"
#include "scenarios/kafka_metrics.h"

namespace kafkasim::scenarios {

void MetricsSeries::Set(std::map<size_t, int64_t>& row, const std::string& column, int64_t value) {
  auto [it, added] = index_.try_emplace(column, columns_.size());
  if (added) columns_.push_back(column);
  row[it->second] = value;
}

void MetricsSeries::Sample(sim::Time at, const kafka::Cluster& cluster) {
  std::map<size_t, int64_t> row;
  int64_t up = 0;
  for (int32_t id : cluster.broker_ids()) up += cluster.IsUp(id) ? 1 : 0;
  Set(row, "brokers_up", up);
  Set(row, "controller", cluster.ControllerId());
  const auto& events = cluster.history()->events();
  for (; history_seen_ < events.size(); ++history_seen_) {
    if (events[history_seen_].type == kafka::HistoryType::kOk) ++acknowledged_;
  }
  Set(row, "acknowledged", acknowledged_);
  int64_t online = 0, offline = 0, under = 0;
  for (const kafka::TopicPartition& tp : cluster.Partitions()) {
    if (tp.topic.starts_with("__")) continue;
    const std::string name = kafka::ToString(tp);
    const int32_t leader = cluster.Leader(tp);
    const auto isr = cluster.Isr(tp);
    const auto replicas = cluster.Replicas(tp);
    (leader >= 0 ? online : offline) += 1;
    if (isr.size() < replicas.size()) ++under;
    Set(row, name + ".leader", leader);
    Set(row, name + ".isr_size", static_cast<int64_t>(isr.size()));
    if (leader >= 0) Set(row, name + ".high_watermark", cluster.HighWatermark(leader, tp));
    for (int32_t id : replicas) {
      Set(row, name + ".log_end_offset." + std::to_string(id), cluster.LogEndOffset(id, tp));
    }
  }
  Set(row, "online_partitions", online);
  Set(row, "offline_partitions", offline);
  Set(row, "under_replicated_partitions", under);
  for (const MetricReading& m : ReadKafkaMetrics(cluster)) Set(row, m.name, m.value);
  for (const std::string& group : GroupIds(cluster)) {
    int64_t lag = 0;
    for (const GroupLag& l : GroupLags(cluster, group)) {
      if (l.log_end >= 0) lag += l.log_end - std::max<int64_t>(l.committed, 0);
    }
    Set(row, group + ".lag", lag);
  }
  rows_.push_back({at, std::move(row)});
}

void MetricsSeries::WriteCsv(std::ostream& out) const {
  out << "time_s";
  // Kafka's JMX names hold commas: such a header is quoted, as RFC 4180 has it.
  for (const std::string& c : columns_) {
    out << ',' << (c.find(',') == std::string::npos ? c : '"' + c + '"');
  }
  out << '\n';
  for (const auto& [at, row] : rows_) {
    const int64_t ms = at.SinceZero().millis();
    out << ms / 1000 << '.' << char('0' + ms % 1000 / 100) << char('0' + ms % 100 / 10)
        << char('0' + ms % 10);
    for (size_t i = 0; i < columns_.size(); ++i) {
      out << ',';
      if (const auto it = row.find(i); it != row.end()) out << it->second;
    }
    out << '\n';
  }
}

}  // namespace kafkasim::scenarios

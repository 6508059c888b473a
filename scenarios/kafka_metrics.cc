// See kafka_metrics.h.
#include "scenarios/kafka_metrics.h"

#include <algorithm>

#include "model/broker/broker.h"
#include "model/client/consumer.h"
#include "model/controller/controller.h"

namespace kafkasim::scenarios {
namespace {

constexpr const char* kServer = "kafka.server:type=";
constexpr const char* kController = "kafka.controller:type=";

}  // namespace

std::vector<MetricReading> ReadKafkaMetrics(const kafka::Cluster& cluster) {
  kafka::ReplicaManagerMetrics replicas;
  kafka::ControllerMetrics controller;
  int64_t active_controllers = 0;
  std::vector<uint64_t> produce_times;  // every live broker's recent produce requests, merged
  const sim::Time now = cluster.world().Now();
  for (const int32_t id : cluster.broker_ids()) {
    if (!cluster.IsUp(id)) continue;
    const kafka::Broker& broker = cluster.broker(id);
    if (const kafka::ReplicaManager* r = broker.replicas()) {
      r->metrics().produce_total_time.AddTo(now, produce_times);
      replicas.messages_in += r->metrics().messages_in;
      replicas.bytes_in += r->metrics().bytes_in;
      replicas.failed_produce_requests += r->metrics().failed_produce_requests;
      replicas.isr_shrinks += r->metrics().isr_shrinks;
      replicas.isr_expands += r->metrics().isr_expands;
    }
    if (const kafka::Controller* c = broker.controller()) {
      controller.leader_elections += c->metrics().leader_elections;
      controller.unclean_elections += c->metrics().unclean_elections;
      active_controllers += c->active() ? 1 : 0;
    }
  }
  // Gauges, from the controller's view of each partition: a live leader with a short ISR is
  // under-replicated (counted by that leader in Kafka), no live leader is offline.
  int64_t under_replicated = 0, offline = 0;
  for (const kafka::TopicPartition& tp : cluster.Partitions()) {
    const int32_t leader = cluster.Leader(tp);
    if (leader < 0 || !cluster.IsUp(leader)) {
      ++offline;
    } else if (cluster.Isr(tp).size() < cluster.Replicas(tp).size()) {
      ++under_replicated;
    }
  }
  // records-lag-max: the largest lag, high watermark less position, of any partition a running
  // consumer holds.
  int64_t lag_max = 0;
  const sim::World& world = cluster.world();
  for (size_t i = 0; i < world.node_count(); ++i) {
    const sim::NodeId id{static_cast<uint32_t>(i)};
    const auto* consumer = dynamic_cast<const kafka::Consumer*>(&world.node(id));
    if (consumer == nullptr || world.state(id) != sim::NodeState::kUp) continue;
    for (const kafka::TopicPartition& tp : consumer->assignment()) {
      const auto position = consumer->positions().find(tp);
      const int32_t leader = cluster.Leader(tp);
      if (position == consumer->positions().end() || leader < 0 || !cluster.IsUp(leader)) continue;
      lag_max = std::max(lag_max, cluster.HighWatermark(leader, tp) - position->second);
    }
  }
  // The percentiles of produce requests' total time, in whole milliseconds (0 when none was
  // answered in the last 30 to 60 s).
  const auto percentile_ms = [&](double q) -> int64_t {
    const auto d = kafka::Quantile(produce_times, q);
    return d ? (d->nanos() + 500'000) / 1'000'000 : 0;
  };
  const int64_t values[] = {under_replicated,
                            replicas.isr_shrinks,
                            replicas.isr_expands,
                            active_controllers,
                            offline,
                            controller.leader_elections,
                            controller.unclean_elections,
                            replicas.messages_in,
                            replicas.bytes_in,
                            replicas.failed_produce_requests,
                            percentile_ms(0.5),
                            percentile_ms(0.99),
                            percentile_ms(0.999),
                            lag_max};
  std::vector<MetricReading> out;
  for (size_t i = 0; i < KafkaMetricNames().size(); ++i) {
    const std::string& name = KafkaMetricNames()[i];
    out.push_back({name, values[i], name.ends_with("PerSec") || name.ends_with("RateAndTimeMs")});
  }
  return out;
}

const std::vector<std::string>& KafkaMetricNames() {
  const std::string manager = std::string(kServer) + "ReplicaManager,name=";
  const std::string kafka_controller = std::string(kController) + "KafkaController,name=";
  const std::string stats = std::string(kController) + "ControllerStats,name=";
  const std::string topics = std::string(kServer) + "BrokerTopicMetrics,name=";
  // A histogram's attributes, after the bean's name and a colon.
  const std::string produce_time =
      "kafka.network:type=RequestMetrics,name=TotalTimeMs,request=Produce:";
  // In the order of ReadKafkaMetrics's values.
  static const std::vector<std::string> names = {
      manager + "UnderReplicatedPartitions",
      manager + "IsrShrinksPerSec",
      manager + "IsrExpandsPerSec",
      kafka_controller + "ActiveControllerCount",
      kafka_controller + "OfflinePartitionsCount",
      stats + "LeaderElectionRateAndTimeMs",
      stats + "UncleanLeaderElectionsPerSec",
      topics + "MessagesInPerSec",
      topics + "BytesInPerSec",
      topics + "FailedProduceRequestsPerSec",
      produce_time + "50thPercentile",
      produce_time + "99thPercentile",
      produce_time + "999thPercentile",
      "kafka.consumer:type=consumer-fetch-manager-metrics,name=records-lag-max",
  };
  return names;
}

bool IsKafkaMetric(const std::string& name) {
  for (const std::string& full : KafkaMetricNames()) {
    if (full == name || ShortMetricName(full) == name) return true;
  }
  return false;
}

std::string ShortMetricName(const std::string& name) {
  const size_t at = name.rfind("name=");
  std::string out = at == std::string::npos ? name : name.substr(at + 5);
  // "TotalTimeMs,request=Produce:99thPercentile" -> "ProduceTotalTimeMs.99thPercentile"
  if (const size_t request = out.find(",request="); request != std::string::npos) {
    const size_t colon = out.find(':', request);
    const std::string kind = out.substr(request + 9, colon - request - 9);
    out = kind + out.substr(0, request) +
          (colon == std::string::npos ? "" : "." + out.substr(colon + 1));
  }
  return out;
}

std::optional<MetricReading> FindMetric(const std::vector<MetricReading>& readings,
                                        const std::string& name) {
  for (const MetricReading& r : readings) {
    if (r.name == name || ShortMetricName(r.name) == name) return r;
  }
  return std::nullopt;
}

}  // namespace kafkasim::scenarios

// See zk_data.h.
#include "model/common/zk_data.h"

#include <charconv>

#include "model/common/json.h"

namespace kafka::zkdata {

using json::Array;
using json::Object;
using json::Value;

std::string BrokerPath(int32_t id) {
  return std::string(kBrokerIdsPath) + "/" + std::to_string(id);
}
std::string TopicPath(const std::string& topic) { return std::string(kTopicsPath) + "/" + topic; }
std::string PartitionsPath(const std::string& topic) { return TopicPath(topic) + "/partitions"; }
std::string PartitionPath(const TopicPartition& tp) {
  return PartitionsPath(tp.topic) + "/" + std::to_string(tp.partition);
}
std::string PartitionStatePath(const TopicPartition& tp) { return PartitionPath(tp) + "/state"; }
std::string TopicConfigPath(const std::string& topic) {
  return std::string(kConfigTopicsPath) + "/" + topic;
}

namespace {
Array Ints(const std::vector<int32_t>& v) {
  Array a;
  for (int32_t x : v) a.emplace_back(int64_t{x});
  return a;
}
std::optional<std::vector<int32_t>> IntsOf(const Value* v) {
  if (!v || !v->as_array()) return std::nullopt;
  std::vector<int32_t> out;
  for (const Value& x : *v->as_array()) {
    if (!x.as_int()) return std::nullopt;
    out.push_back(static_cast<int32_t>(*x.as_int()));
  }
  return out;
}
std::optional<int64_t> IntOf(const Value* v) {
  if (!v || !v->as_int()) return std::nullopt;
  return *v->as_int();
}
}  // namespace

std::string EncodeBroker(const BrokerRegistration& b) {
  const std::string endpoint = "PLAINTEXT://" + b.host + ":" + std::to_string(b.port);
  Object o = {{"listener_security_protocol_map", Object{{"PLAINTEXT", "PLAINTEXT"}}},
              {"endpoints", Array{endpoint}},
              {"jmx_port", -1},
              {"host", b.host},
              {"timestamp", std::to_string(b.timestamp_ms)},
              {"port", b.port}};
  if (b.rack) o.emplace_back("rack", *b.rack);
  o.emplace_back("version", 4);
  return json::Dump(o);
}

std::optional<BrokerRegistration> DecodeBroker(int32_t id, const std::string& text) {
  const std::optional<Value> v = json::Parse(text);
  if (!v || !v->Get("host") || !v->Get("host")->as_string() || !IntOf(v->Get("port"))) {
    return std::nullopt;
  }
  BrokerRegistration b;
  b.id = id;
  b.host = *v->Get("host")->as_string();
  b.port = static_cast<int32_t>(*IntOf(v->Get("port")));
  if (const Value* rack = v->Get("rack"); rack && rack->as_string()) b.rack = *rack->as_string();
  if (const Value* ts = v->Get("timestamp"); ts && ts->as_string()) {
    const std::string& t = *ts->as_string();
    std::from_chars(t.data(), t.data() + t.size(), b.timestamp_ms);  // leaves 0 if not a number
  }
  return b;
}

std::string EncodeController(int32_t broker_id, int64_t timestamp_ms) {
  return json::Dump(
      Object{{"version", 1}, {"brokerid", broker_id}, {"timestamp", std::to_string(timestamp_ms)}});
}

std::optional<int32_t> DecodeController(const std::string& text) {
  const std::optional<Value> v = json::Parse(text);
  if (!v) return std::nullopt;
  const std::optional<int64_t> id = IntOf(v->Get("brokerid"));
  if (!id) return std::nullopt;
  return static_cast<int32_t>(*id);
}

std::string EncodeAssignment(const std::map<int32_t, std::vector<int32_t>>& assignment) {
  Object partitions;
  for (const auto& [p, replicas] : assignment)
    partitions.emplace_back(std::to_string(p), Ints(replicas));
  return json::Dump(Object{{"version", 2},
                           {"partitions", partitions},
                           {"adding_replicas", Object{}},
                           {"removing_replicas", Object{}}});
}

std::optional<std::map<int32_t, std::vector<int32_t>>> DecodeAssignment(const std::string& text) {
  const std::optional<Value> v = json::Parse(text);
  if (!v || !v->Get("partitions") || !v->Get("partitions")->as_object()) return std::nullopt;
  std::map<int32_t, std::vector<int32_t>> out;
  for (const auto& [p, replicas] : *v->Get("partitions")->as_object()) {
    const std::optional<std::vector<int32_t>> r = IntsOf(&replicas);
    int32_t partition = -1;
    const auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), partition);
    if (!r || ec != std::errc() || end != p.data() + p.size() || partition < 0) return std::nullopt;
    out[partition] = *r;
  }
  return out;
}

std::string EncodePartitionState(const PartitionZkState& s) {
  return json::Dump(Object{{"controller_epoch", s.controller_epoch},
                           {"leader", s.leader},
                           {"version", 1},
                           {"leader_epoch", s.leader_epoch},
                           {"isr", Ints(s.isr)}});
}

std::optional<PartitionZkState> DecodePartitionState(const std::string& text) {
  const std::optional<Value> v = json::Parse(text);
  if (!v) return std::nullopt;
  const auto leader = IntOf(v->Get("leader"));
  const auto epoch = IntOf(v->Get("leader_epoch"));
  const auto controller_epoch = IntOf(v->Get("controller_epoch"));
  const auto isr = IntsOf(v->Get("isr"));
  if (!leader || !epoch || !controller_epoch || !isr) return std::nullopt;
  return PartitionZkState{static_cast<int32_t>(*leader), static_cast<int32_t>(*epoch), *isr,
                          static_cast<int32_t>(*controller_epoch)};
}

std::string EncodeIsrChange(const std::vector<TopicPartition>& partitions) {
  Array a;
  for (const TopicPartition& tp : partitions) {
    a.emplace_back(Object{{"topic", tp.topic}, {"partition", tp.partition}});
  }
  return json::Dump(Object{{"version", 1}, {"partitions", a}});
}

std::optional<std::vector<TopicPartition>> DecodeIsrChange(const std::string& text) {
  const std::optional<Value> v = json::Parse(text);
  if (!v || !v->Get("partitions") || !v->Get("partitions")->as_array()) return std::nullopt;
  std::vector<TopicPartition> out;
  for (const Value& e : *v->Get("partitions")->as_array()) {
    const Value* t = e.Get("topic");
    const auto p = IntOf(e.Get("partition"));
    if (!t || !t->as_string() || !p) return std::nullopt;
    out.push_back({*t->as_string(), static_cast<int32_t>(*p)});
  }
  return out;
}

std::string EncodeTopicConfig(const std::map<std::string, std::string>& config) {
  Object c;
  for (const auto& [k, v] : config) c.emplace_back(k, v);
  return json::Dump(Object{{"version", 1}, {"config", c}});
}

std::optional<std::map<std::string, std::string>> DecodeTopicConfig(const std::string& text) {
  const std::optional<Value> v = json::Parse(text);
  if (!v || !v->Get("config") || !v->Get("config")->as_object()) return std::nullopt;
  std::map<std::string, std::string> out;
  for (const auto& [k, val] : *v->Get("config")->as_object()) {
    if (!val.as_string()) return std::nullopt;
    out[k] = *val.as_string();
  }
  return out;
}

}  // namespace kafka::zkdata

// See perfetto_trace.h.
#include "scenarios/outputs/perfetto_trace.h"

#include <set>

#include "model/common/trace_kinds.h"
#include "scenarios/describe.h"
#include "sim/json_string.h"
#include "sim/world.h"

namespace kafkasim::scenarios {
namespace {

// Trace timestamps are microseconds.
std::string Micros(sim::Time t) {
  const int64_t ns = t.nanos();
  std::string out = std::to_string(ns / 1000);
  const int64_t frac = ns % 1000;
  if (frac != 0) {
    out += '.';
    out += char('0' + frac / 100);
    out += char('0' + frac / 10 % 10);
    out += char('0' + frac % 10);
  }
  return out;
}

std::string Quote(std::string_view s) {
  std::string out;
  sim::AppendJsonString(out, s);
  return out;
}

std::string Category(std::string_view kind) { return std::string(kind.substr(0, kind.find('.'))); }

std::string Slice(const std::string& name, sim::Time at, uint32_t tid, const std::string& args) {
  return "{\"name\":" + Quote(name) + ",\"cat\":\"flow\",\"ph\":\"X\",\"ts\":" + Micros(at) +
         ",\"dur\":1,\"pid\":1,\"tid\":" + std::to_string(tid) + ",\"args\":{" + args + "}}";
}

std::string FlowPoint(char phase, uint64_t id, sim::Time at, uint32_t tid) {
  return std::string("{\"name\":\"batch\",\"cat\":\"flow\",\"ph\":\"") + phase +
         "\",\"id\":" + std::to_string(id) + ",\"ts\":" + Micros(at) +
         ",\"pid\":1,\"tid\":" + std::to_string(tid) + (phase == 'f' ? ",\"bp\":\"e\"" : "") + "}";
}

}  // namespace

uint32_t PerfettoTrace::Track(const sim::EventView& e) {
  const std::string name = e.node.valid() ? std::string(e.node_name) : "world";
  const auto [it, added] = tracks_.try_emplace(name, e.node.valid() ? e.node.value + 1 : 0);
  return it->second;
}

void PerfettoTrace::OnEvent(const sim::EventView& e) {
  const std::string_view kind = e.kind.name;
  const uint32_t tid = Track(e);
  if (kind == sim::kinds::kDeliver.name || kind == sim::kinds::kTimer.name ||
      kind == sim::kinds::kDrop.name) {
    return;
  }
  std::string args;
  std::string partition;
  int64_t base = -1, records = 0;
  for (const sim::Field& f : e.fields) {
    args += (args.empty() ? "" : ",") + Quote(f.key) + ":" +
            (f.is_text ? Quote(f.text) : std::to_string(f.number));
    if (f.key == "partition") partition = f.text;
    if (f.key == "base_offset") base = f.number;
    if (f.key == "records") records = f.number;
  }
  const bool leader_append = kind == kafka::kinds::kBrokerAppend.name;
  if ((leader_append || kind == kafka::kinds::kBrokerReplicate.name) && base >= 0) {
    copies_[partition].push_back({e.time, tid, base, records, leader_append});
    return;  // drawn as flows
  }
  events_.push_back("{\"name\":" + Quote(kind) + ",\"cat\":" + Quote(Category(kind)) +
                    ",\"ph\":\"i\",\"s\":\"t\",\"ts\":" + Micros(e.time) +
                    ",\"pid\":1,\"tid\":" + std::to_string(tid) + ",\"args\":{" + args + "}}");
}

void PerfettoTrace::Sample(sim::Time at, const kafka::Cluster& cluster) {
  for (const kafka::TopicPartition& tp : cluster.Partitions()) {
    if (tp.topic.starts_with("__")) continue;
    events_.push_back("{\"name\":" + Quote("ISR size " + kafka::ToString(tp)) +
                      ",\"ph\":\"C\",\"ts\":" + Micros(at) + ",\"pid\":1,\"args\":{\"isr\":" +
                      std::to_string(cluster.Isr(tp).size()) + "}}");
  }
  for (const std::string& group : GroupIds(cluster)) {
    int64_t lag = 0;
    for (const GroupLag& l : GroupLags(cluster, group)) {
      if (l.log_end >= 0) lag += l.log_end - std::max<int64_t>(l.committed, 0);
    }
    events_.push_back("{\"name\":" + Quote("lag " + group) + ",\"ph\":\"C\",\"ts\":" + Micros(at) +
                      ",\"pid\":1,\"args\":{\"lag\":" + std::to_string(lag) + "}}");
  }
}

void PerfettoTrace::Write(std::ostream& out, const kafka::History& history) const {
  out << "{\"traceEvents\":[\n";
  out << "{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":1,\"args\":{\"name\":"
      << Quote("kafkasim: " + title_) << "}}";
  for (const auto& [name, tid] : tracks_) {
    out << ",\n{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":" << tid
        << ",\"args\":{\"name\":" << Quote(name) << "}}";
  }
  for (const std::string& e : events_) out << ",\n" << e;

  // Flows: one per acknowledged batch, keyed by the leader's append that holds it.
  std::map<int64_t, std::pair<sim::Time, std::string>> invoked;  // value -> (time, client)
  std::set<std::pair<std::string, int64_t>> drawn;               // (partition, leader base)
  uint64_t next_id = 1;
  for (const kafka::HistoryEvent& e : history.events()) {
    if (e.type == kafka::HistoryType::kInvoke) invoked.try_emplace(e.value, e.time, e.client);
    if (e.type != kafka::HistoryType::kOk || e.offset < 0 || drawn.size() >= kMaxFlows) continue;
    const std::string partition = kafka::ToString(e.tp);
    const auto copies = copies_.find(partition);
    const auto sent = invoked.find(e.value);
    const auto producer = sent == invoked.end() ? tracks_.end() : tracks_.find(sent->second.second);
    if (copies == copies_.end() || producer == tracks_.end()) continue;
    // The leader append holding the offset, the last one before the acknowledgement.
    const Copy* append = nullptr;
    for (const Copy& c : copies->second) {
      if (c.at > e.time) break;
      if (c.leader && c.base_offset <= e.offset && e.offset < c.base_offset + c.records) {
        append = &c;
      }
    }
    if (append == nullptr || !drawn.insert({partition, append->base_offset}).second) continue;
    const uint64_t id = next_id++;
    const uint32_t client = producer->second;
    const std::string args = "\"partition\":" + Quote(partition) +
                             ",\"base_offset\":" + std::to_string(append->base_offset) +
                             ",\"records\":" + std::to_string(append->records);
    out << ",\n" << Slice("produce", sent->second.first, client, args);
    out << ",\n" << FlowPoint('s', id, sent->second.first, client);
    out << ",\n" << Slice("append (leader)", append->at, append->tid, args);
    out << ",\n" << FlowPoint('t', id, append->at, append->tid);
    std::set<uint32_t> followers;
    for (const Copy& c : copies->second) {
      if (c.at < append->at || c.at > e.time || c.leader || c.base_offset > append->base_offset ||
          append->base_offset >= c.base_offset + c.records || !followers.insert(c.tid).second) {
        continue;
      }
      out << ",\n" << Slice("replicate", c.at, c.tid, args);
      out << ",\n" << FlowPoint('t', id, c.at, c.tid);
    }
    out << ",\n" << Slice("acknowledged", e.time, client, args);
    out << ",\n" << FlowPoint('f', id, e.time, client);
  }
  out << "\n],\"displayTimeUnit\":\"ms\"}\n";
}

}  // namespace kafkasim::scenarios

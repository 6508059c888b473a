// See trace.h.
#include "sim/trace.h"

#include <algorithm>
#include <cstdio>
#include <ostream>

namespace sim {

void Trace::Record(Time time, NodeId node, std::string_view node_name, const Kind& kind,
                   std::initializer_list<Field> fields) {
  Record(time, node, node_name, kind, std::span<const Field>(fields.begin(), fields.size()));
}

void Trace::Record(Time time, NodeId node, std::string_view node_name, const Kind& kind,
                   std::span<const Field> fields) {
  ++event_count_;
  Fold(static_cast<uint64_t>(time.nanos()));
  Fold(node.value);
  Fold(kind.hash);
  for (const Field& f : fields) {
    Fold(HashName(f.key));
    Fold(f.is_text ? HashName(f.text) : static_cast<uint64_t>(f.number));
  }
  if (sinks_.empty()) return;
  const EventView view{time, node, node_name, kind, fields};
  for (TraceSink* sink : sinks_) sink->OnEvent(view);
}

void Trace::RemoveSink(TraceSink* sink) { std::erase(sinks_, sink); }

std::string FingerprintHex(uint64_t fingerprint) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(fingerprint));
  return buf;
}

int64_t MemoryTraceSink::Event::Number(std::string_view key, int64_t fallback) const {
  for (const OwnedField& f : fields) {
    if (f.key == key && !f.is_text) return f.number;
  }
  return fallback;
}

std::string_view MemoryTraceSink::Event::Text(std::string_view key) const {
  for (const OwnedField& f : fields) {
    if (f.key == key && f.is_text) return f.text;
  }
  return {};
}

void MemoryTraceSink::OnEvent(const EventView& event) {
  Event e{event.time, event.node, std::string(event.kind.name), {}};
  e.fields.reserve(event.fields.size());
  for (const Field& f : event.fields) {
    e.fields.push_back({std::string(f.key), f.number, std::string(f.text), f.is_text});
  }
  events_.push_back(std::move(e));
}

std::vector<MemoryTraceSink::Event> MemoryTraceSink::OfKind(std::string_view kind) const {
  std::vector<Event> out;
  for (const Event& e : events_) {
    if (e.kind == kind) out.push_back(e);
  }
  return out;
}

void JsonLinesTraceSink::OnEvent(const EventView& event) {
  std::string line = "{\"t_ns\":" + std::to_string(event.time.nanos()) + ",\"node\":";
  AppendJsonString(line, event.node.valid() ? event.node_name : std::string_view("world"));
  line += ",\"kind\":";
  AppendJsonString(line, event.kind.name);
  for (const Field& f : event.fields) {
    line.push_back(',');
    AppendJsonString(line, f.key);
    line.push_back(':');
    if (f.is_text) {
      AppendJsonString(line, f.text);
    } else {
      line += std::to_string(f.number);
    }
  }
  line += "}\n";
  out_ << line;
}

}  // namespace sim

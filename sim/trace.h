// Trace: every state change in a run is a typed event (time, node, kind, fields). Events fold into
// a 64-bit fingerprint, as OMNeT++ fingerprints do, and go to any number of sinks (in memory for
// the view and the checkers, JSON Lines for files).
//
// The fingerprint covers the time, the node, the kind and every field (key and value, strings by
// content), so two runs have the same fingerprint exactly when they record the same events in the
// same order. Kinds are compile-time constants: `inline constexpr sim::Kind kLeaderElected{"..."};`
#pragma once

#include <cstdint>
#include <initializer_list>
#include <iosfwd>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/hash.h"
#include "sim/json_string.h"
#include "sim/node_id.h"
#include "sim/time.h"

namespace sim {

// The kind of a trace event or message: a static name with its hash computed once.
struct Kind {
  std::string_view name;
  uint64_t hash;
  constexpr explicit Kind(std::string_view n) : name(n), hash(HashName(n)) {}
};

// One key/value pair of an event. Views only: valid for the duration of the Record call.
struct Field {
  std::string_view key;
  int64_t number = 0;
  std::string_view text;
  bool is_text = false;

  constexpr Field(std::string_view k, int64_t v) : key(k), number(v) {}
  constexpr Field(std::string_view k, int v) : key(k), number(v) {}
  constexpr Field(std::string_view k, uint32_t v) : key(k), number(v) {}
  constexpr Field(std::string_view k, uint64_t v) : key(k), number(static_cast<int64_t>(v)) {}
  constexpr Field(std::string_view k, std::string_view v) : key(k), text(v), is_text(true) {}
  constexpr Field(std::string_view k, const char* v) : key(k), text(v), is_text(true) {}
  Field(std::string_view k, const std::string& v) : key(k), text(v), is_text(true) {}
  constexpr Field(std::string_view k, bool v) : key(k), number(v ? 1 : 0) {}
  constexpr Field(std::string_view k, Duration d) : key(k), number(d.nanos()) {}
};

// What a sink is shown. All views are valid only during the call.
struct EventView {
  Time time;
  NodeId node;
  std::string_view node_name;
  const Kind& kind;
  std::span<const Field> fields;
};

class TraceSink {
 public:
  virtual ~TraceSink() = default;
  virtual void OnEvent(const EventView& event) = 0;
};

class Trace {
 public:
  void Record(Time time, NodeId node, std::string_view node_name, const Kind& kind,
              std::initializer_list<Field> fields);
  void Record(Time time, NodeId node, std::string_view node_name, const Kind& kind,
              std::span<const Field> fields);

  // Sinks are not owned and must outlive the trace or be removed.
  void AddSink(TraceSink* sink) { sinks_.push_back(sink); }
  void RemoveSink(TraceSink* sink);

  uint64_t fingerprint() const { return fingerprint_; }
  uint64_t event_count() const { return event_count_; }

 private:
  void Fold(uint64_t word) { fingerprint_ = Mix64(fingerprint_ ^ word); }

  uint64_t fingerprint_ = 0x6b61666b6173696dULL;  // "kafkasim"
  uint64_t event_count_ = 0;
  std::vector<TraceSink*> sinks_;
};

// "0123456789abcdef": how fingerprints are printed and pinned.
std::string FingerprintHex(uint64_t fingerprint);

// Keeps every event, with owned copies of its strings.
class MemoryTraceSink : public TraceSink {
 public:
  struct OwnedField {
    std::string key;
    int64_t number = 0;
    std::string text;
    bool is_text = false;
    bool operator==(const OwnedField&) const = default;
  };
  struct Event {
    Time time;
    NodeId node;
    std::string kind;
    std::vector<OwnedField> fields;
    bool operator==(const Event&) const = default;
    // The value of a field, or `fallback` if absent.
    int64_t Number(std::string_view key, int64_t fallback = 0) const;
    std::string_view Text(std::string_view key) const;
  };

  void OnEvent(const EventView& event) override;
  const std::vector<Event>& events() const { return events_; }
  // The events of one kind, in order.
  std::vector<Event> OfKind(std::string_view kind) const;

 private:
  std::vector<Event> events_;
};

// Writes one JSON object per line: {"t_ns":..,"node":"..","kind":"..",<fields>}.
class JsonLinesTraceSink : public TraceSink {
 public:
  explicit JsonLinesTraceSink(std::ostream& out) : out_(out) {}
  void OnEvent(const EventView& event) override;

 private:
  std::ostream& out_;
};

}  // namespace sim

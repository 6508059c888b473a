// EventLog: the trace as the view lists it. A trace sink that keeps the latest events (time,
// node, kind, fields as text) in a bounded ring, so a long run costs bounded memory; the event
// log panel filters it by node and kind.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "sim/trace.h"

namespace kafkasim::viz {

struct LoggedEvent {
  sim::Time time;
  std::string node;
  std::string_view kind;  // the kind's static name
  std::string fields;     // "key=value key=value"
};

class EventLog : public sim::TraceSink {
 public:
  explicit EventLog(size_t capacity = 50'000) : capacity_(capacity) {}
  void OnEvent(const sim::EventView& e) override;
  void Clear();

  size_t size() const { return ring_.size(); }
  uint64_t total() const { return total_; }  // every event seen, kept or not
  // The i-th kept event, oldest first.
  const LoggedEvent& at(size_t i) const { return ring_[(head_ + i) % ring_.size()]; }

 private:
  size_t capacity_;
  std::vector<LoggedEvent> ring_;
  size_t head_ = 0;  // the oldest, once the ring is full
  uint64_t total_ = 0;
};

}  // namespace kafkasim::viz

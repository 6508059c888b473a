// See event_log.h.
#include "viz/event_log.h"

namespace kafkasim::viz {

void EventLog::OnEvent(const sim::EventView& e) {
  ++total_;
  LoggedEvent* slot;
  if (ring_.size() < capacity_) {
    slot = &ring_.emplace_back();
  } else {
    slot = &ring_[head_];
    head_ = (head_ + 1) % ring_.size();
  }
  slot->time = e.time;
  slot->node.assign(e.node_name);
  slot->kind = e.kind.name;
  slot->fields.clear();
  for (const sim::Field& f : e.fields) {
    if (!slot->fields.empty()) slot->fields += ' ';
    slot->fields += f.key;
    slot->fields += '=';
    if (f.is_text) {
      slot->fields += f.text;
    } else {
      slot->fields += std::to_string(f.number);
    }
  }
}

void EventLog::Clear() {
  ring_.clear();
  head_ = 0;
  total_ = 0;
}

}  // namespace kafkasim::viz

// RetentionLog: when retention moved each partition's log start, read from the brokers' trace
// (broker.retention), keeping the highest start any replica reached. The checkers use it to tell
// records that retention deleted before anyone read them from records the cluster or a group's
// semantics lost.
#pragma once

#include "model/check/delivery_checker.h"
#include "sim/trace.h"

namespace kafkasim::scenarios {

class RetentionLog : public sim::TraceSink {
 public:
  void OnEvent(const sim::EventView& e) override;
  const kafka::RetentionTimeline& timeline() const { return timeline_; }

 private:
  kafka::RetentionTimeline timeline_;
};

}  // namespace kafkasim::scenarios

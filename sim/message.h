// Message: what nodes send each other. Models derive plain structs named after the protocol's
// requests and responses. Messages are immutable once sent and shared by pointer, so a broadcast or
// a replicated batch is never copied.
#pragma once

#include <cstdint>
#include <memory>

#include "sim/trace.h"

namespace sim {

class Message {
 public:
  virtual ~Message() = default;
  // The message's name, e.g. "ProduceRequest"; recorded in the trace and the fingerprint.
  virtual const Kind& kind() const = 0;
  // Bytes on the wire; links with a bandwidth take size / bandwidth to transmit it.
  virtual int64_t SizeBytes() const { return 64; }
};

using MessagePtr = std::shared_ptr<const Message>;

}  // namespace sim

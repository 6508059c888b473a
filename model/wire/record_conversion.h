// Records between the wire and the model. The model's records keep what the checkers need (key,
// value id, size, timestamp), not the payload; a real client's value and headers are kept here,
// in the gateway's RecordStore under the value id the gateway gave them, and served back byte for
// byte. A record written by a modelled producer has no stored payload: a real consumer reads its
// value id as a decimal string ("42"), so that it can be told apart and matched to the history.
//
// Control batches (transaction markers) go out as Kafka writes them: one record whose key is
// (version int16 0, type int16: 0 ABORT, 1 COMMIT) and whose value is (version int16 0,
// coordinator epoch int32).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/common/record_batch.h"
#include "model/wire/record_batch_codec.h"

namespace kafka::wire {

class RecordStore {
 public:
  struct Payload {
    std::optional<std::string> value;
    std::vector<std::pair<std::string, std::optional<std::string>>> headers;
  };
  // Real clients' value ids start here, far above any modelled producer's.
  static constexpr int64_t kFirstValueId = 1'000'000'000'000;

  int64_t Put(Payload payload) {
    const int64_t id = next_++;
    payloads_.emplace(id, std::move(payload));
    return id;
  }
  const Payload* Find(int64_t value_id) const {
    const auto it = payloads_.find(value_id);
    return it == payloads_.end() ? nullptr : &it->second;
  }

 private:
  int64_t next_ = kFirstValueId;
  std::map<int64_t, Payload> payloads_;
};

// A client's batch as the model's: producer id, epoch, sequence and transactional flag kept, each
// record's value and headers put in `store`. Offsets are the broker's to assign.
RecordBatch ToModelBatch(const WireRecordBatch& wire, RecordStore& store);

// A log's batch as the wire's, ready to encode.
WireRecordBatch ToWireBatch(const RecordBatch& batch, const RecordStore& store);

}  // namespace kafka::wire

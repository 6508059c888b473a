// Committed offsets, at the versions the clients use:
//
//   OffsetCommit (8) v0-7  request: group_id, generation_id and member_id (v1 on),
//                          group_instance_id (v7), retention_time_ms (v2 to v4),
//                          [topics: name, [partitions: index, committed_offset,
//                           committed_leader_epoch (v6 on), commit_timestamp (v1 only),
//                           committed_metadata nullable string]]
//                          response: throttle_time_ms (v3 on), [topics: name, [partitions:
//                          index, error_code]]
//   OffsetFetch (9) v0-5   request: group_id, [topics: name, [partition_indexes]] (nullable
//                          from v2: null asks for all the group has)
//                          response: throttle_time_ms (v3 on), [topics: name, [partitions:
//                          index, committed_offset, committed_leader_epoch (v5), metadata,
//                          error_code]], error_code (v2 on)
//
// The model keeps offsets only: metadata is answered empty, and the leader epoch -1.
#pragma once

#include <cstdint>
#include <string>

#include "model/common/requests.h"
#include "model/wire/wire_codec.h"

namespace kafka::wire {

OffsetCommitRequest DecodeOffsetCommitRequest(WireReader& in, int16_t version);
std::string EncodeOffsetCommitResponse(const OffsetCommitResponse& response, int16_t version);

struct DecodedOffsetFetch {
  OffsetFetchRequest request;
  std::vector<TopicPartition> asked;  // answered in this order; empty: all the group has
};
DecodedOffsetFetch DecodeOffsetFetchRequest(WireReader& in, int16_t version);
std::string EncodeOffsetFetchResponse(const OffsetFetchResponse& response,
                                      const std::vector<TopicPartition>& asked, int16_t version);

}  // namespace kafka::wire

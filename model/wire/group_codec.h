// The group membership APIs, at the versions librdkafka 2.0.2 and kafka-python 2.0.2 use, to and
// from the model's own requests. Fields by version (Kafka's message schemas):
//
//   FindCoordinator (10) v0-2  request: key, key_type int8 (v1 on).
//                              response: throttle_time_ms (v1 on), error_code, error_message
//                              (v1 on), node_id, host, port
//   JoinGroup (11) v0-5        request: group_id, session_timeout_ms, rebalance_timeout_ms
//                              (v1 on), member_id, group_instance_id (v5), protocol_type,
//                              [protocols: name, metadata bytes]
//                              response: throttle_time_ms (v2 on), error_code, generation_id,
//                              protocol_name, leader, member_id,
//                              [members: member_id, group_instance_id (v5), metadata bytes]
//   SyncGroup (14) v0-3        request: group_id, generation_id, member_id, group_instance_id
//                              (v3), [assignments: member_id, assignment bytes]
//                              response: throttle_time_ms (v1 on), error_code, assignment bytes
//   Heartbeat (12) v0-3        request: group_id, generation_id, member_id, group_instance_id
//                              (v3). response: throttle_time_ms (v1 on), error_code
//   LeaveGroup (13) v0-1       request: group_id, member_id. response: throttle_time_ms (v1),
//                              error_code
//
// Only protocol_type "consumer" is spoken: its metadata and assignments are the consumer
// protocol's (consumer_protocol.h), which the model's coordinator reads.
#pragma once

#include <cstdint>
#include <string>

#include "model/common/requests.h"
#include "model/wire/wire_codec.h"

namespace kafka::wire {

FindCoordinatorRequest DecodeFindCoordinatorRequest(WireReader& in, int16_t version);
std::string EncodeFindCoordinatorResponse(const FindCoordinatorResponse& response, int32_t port,
                                          int16_t version);

struct DecodedJoinGroup {
  JoinGroupRequest request;
  std::string protocol_type;
  std::string error;  // the metadata did not parse
};
DecodedJoinGroup DecodeJoinGroupRequest(WireReader& in, int16_t version);
std::string EncodeJoinGroupResponse(const JoinGroupResponse& response, int16_t version);

struct DecodedSyncGroup {
  SyncGroupRequest request;
  std::string error;  // an assignment did not parse
};
DecodedSyncGroup DecodeSyncGroupRequest(WireReader& in, int16_t version);
std::string EncodeSyncGroupResponse(const SyncGroupResponse& response, int16_t version);

HeartbeatRequest DecodeHeartbeatRequest(WireReader& in, int16_t version);
LeaveGroupRequest DecodeLeaveGroupRequest(WireReader& in, int16_t version);
// Heartbeat's and LeaveGroup's answers: an error code, after the throttle time from `since`.
std::string EncodeErrorOnlyResponse(ErrorCode error, int16_t version, int16_t throttle_since);

}  // namespace kafka::wire

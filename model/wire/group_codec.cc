// See group_codec.h.
#include "model/wire/group_codec.h"

#include "model/wire/consumer_protocol.h"

namespace kafka::wire {

FindCoordinatorRequest DecodeFindCoordinatorRequest(WireReader& in, int16_t version) {
  FindCoordinatorRequest r;
  r.key = in.String();
  if (version >= 1) r.key_type = in.Int8();
  return r;
}

std::string EncodeFindCoordinatorResponse(const FindCoordinatorResponse& response, int32_t port,
                                          int16_t version) {
  WireWriter w;
  if (version >= 1) w.Int32(0);  // throttle_time_ms
  w.Int16(static_cast<int16_t>(response.error));
  if (version >= 1) w.NullableString(std::nullopt);  // error_message
  w.Int32(response.node_id);
  w.String(response.host);
  w.Int32(port);
  return w.Take();
}

DecodedJoinGroup DecodeJoinGroupRequest(WireReader& in, int16_t version) {
  DecodedJoinGroup out;
  JoinGroupRequest& r = out.request;
  r.group_id = in.String();
  r.session_timeout_ms = in.Int32();
  r.rebalance_timeout_ms = version >= 1 ? in.Int32() : r.session_timeout_ms;
  r.member_id = in.String();
  if (version >= 5) r.group_instance_id = in.NullableString();
  out.protocol_type = in.String();
  r.may_require_member_id = version >= 4;
  const int32_t protocols = in.ArrayLength(6);
  for (int32_t i = 0; i < protocols && in.ok(); ++i) {
    r.protocols.push_back(in.String());
    const std::string metadata = in.Bytes();
    // Each protocol carries the same subscription; the first one's is kept.
    if (i == 0 && in.ok()) r.subscription = DecodeSubscription(metadata, &out.error);
  }
  return out;
}

std::string EncodeJoinGroupResponse(const JoinGroupResponse& response, int16_t version) {
  WireWriter w;
  if (version >= 2) w.Int32(0);  // throttle_time_ms
  w.Int16(static_cast<int16_t>(response.error));
  w.Int32(response.generation_id);
  w.String(response.protocol_name);
  w.String(response.leader);
  w.String(response.member_id);
  w.ArrayLength(static_cast<int32_t>(response.members.size()));
  for (const JoinGroupResponse::Member& m : response.members) {
    w.String(m.member_id);
    if (version >= 5) w.NullableString(m.group_instance_id);
    w.Bytes(EncodeSubscription(m.subscription));
  }
  return w.Take();
}

DecodedSyncGroup DecodeSyncGroupRequest(WireReader& in, int16_t version) {
  DecodedSyncGroup out;
  SyncGroupRequest& r = out.request;
  r.group_id = in.String();
  r.generation_id = in.Int32();
  r.member_id = in.String();
  if (version >= 3) r.group_instance_id = in.NullableString();
  const int32_t assignments = in.ArrayLength(6);
  for (int32_t i = 0; i < assignments && in.ok(); ++i) {
    const std::string member = in.String();
    const std::string bytes = in.Bytes();
    if (in.ok()) r.assignments[member] = DecodeAssignment(bytes, &out.error);
  }
  return out;
}

std::string EncodeSyncGroupResponse(const SyncGroupResponse& response, int16_t version) {
  WireWriter w;
  if (version >= 1) w.Int32(0);  // throttle_time_ms
  w.Int16(static_cast<int16_t>(response.error));
  w.Bytes(response.error == ErrorCode::kNone ? EncodeAssignment(response.assignment) : "");
  return w.Take();
}

HeartbeatRequest DecodeHeartbeatRequest(WireReader& in, int16_t version) {
  HeartbeatRequest r;
  r.group_id = in.String();
  r.generation_id = in.Int32();
  r.member_id = in.String();
  if (version >= 3) r.group_instance_id = in.NullableString();
  return r;
}

LeaveGroupRequest DecodeLeaveGroupRequest(WireReader& in, int16_t /*version*/) {
  LeaveGroupRequest r;
  r.group_id = in.String();
  r.member_id = in.String();
  return r;
}

std::string EncodeErrorOnlyResponse(ErrorCode error, int16_t version, int16_t throttle_since) {
  WireWriter w;
  if (version >= throttle_since) w.Int32(0);  // throttle_time_ms
  w.Int16(static_cast<int16_t>(error));
  return w.Take();
}

}  // namespace kafka::wire

// The consumer's embedded protocol: what a member puts in JoinGroup's protocol metadata and what
// the leader puts in SyncGroup's assignments (Kafka's ConsumerProtocolSubscription and
// ConsumerProtocolAssignment). The broker never reads these bytes; the model's group coordinator
// does, so the gateway turns them into the model's Subscription and partition lists and back.
//
//   subscription  version int16, [topics string], user_data nullable bytes,
//                 [owned_partitions: topic string, [partitions int32]] (v1 on)
//   assignment    version int16, [assigned_partitions: topic string, [partitions int32]],
//                 user_data nullable bytes
//
// user_data is not kept: the model's assignors do not use it. Later versions' fields (the
// generation of v2, the rack of v3) are read past.
#pragma once

#include <string>
#include <vector>

#include "model/common/requests.h"
#include "model/wire/wire_codec.h"

namespace kafka::wire {

Subscription DecodeSubscription(std::string_view bytes, std::string* error);
std::string EncodeSubscription(const Subscription& subscription);

std::vector<TopicPartition> DecodeAssignment(std::string_view bytes, std::string* error);
std::string EncodeAssignment(const std::vector<TopicPartition>& partitions);

}  // namespace kafka::wire

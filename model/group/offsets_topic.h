// What the group coordinator writes to __consumer_offsets (GroupMetadataManager.scala): an offset
// commit record per (group, partition), and a group record per generation. Records carry their
// meaning in the key and the number in value_id (the group record also a payload), so that the
// topic replicates, survives and is truncated like any other; a coordinator that takes over a
// partition replays it.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "model/common/ids.h"
#include "model/common/record_batch.h"
#include "model/group/group_metadata.h"

namespace kafka {

inline constexpr const char* kOffsetsTopic = "__consumer_offsets";

Record OffsetCommitRecord(const std::string& group, const TopicPartition& tp, Offset offset,
                          int64_t now_ms);
// The group record holds what Kafka's GroupMetadataValue holds: generation, protocol, leader and
// each member with its timeouts, subscription and assignment. A coordinator that takes the
// partition over resumes the group from it, Stable with the same members, so moving the
// coordinator costs no rebalance (GroupMetadataManager.loadGroup).
Record GroupRecord(const GroupMetadata& group, int64_t now_ms);

// What replaying records gives: the committed offsets and the latest metadata of each group.
struct LoadedGroup {
  std::map<TopicPartition, Offset> offsets;
  std::optional<GroupMetadata> metadata;  // from the latest group record, if any
};
// Folds one record into `groups` (later records win).
void ReplayOffsetsRecord(const Record& record, std::map<std::string, LoadedGroup>* groups);

}  // namespace kafka

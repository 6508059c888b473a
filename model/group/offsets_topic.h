// What the group coordinator writes to __consumer_offsets (GroupMetadataManager.scala): an offset
// commit record per (group, partition), and a group record per generation. Records carry their
// meaning in the key and the number in value_id, so that the topic replicates, survives and is
// truncated like any other; a coordinator that takes over a partition replays it.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "model/common/ids.h"
#include "model/common/record_batch.h"

namespace kafka {

inline constexpr const char* kOffsetsTopic = "__consumer_offsets";

Record OffsetCommitRecord(const std::string& group, const TopicPartition& tp, Offset offset,
                          int64_t now_ms);
Record GroupRecord(const std::string& group, int32_t generation, int64_t now_ms);

// What replaying records gives: the committed offsets and generation of each group.
struct LoadedGroup {
  std::map<TopicPartition, Offset> offsets;
  int32_t generation = 0;
};
// Folds one record into `groups` (later records win).
void ReplayOffsetsRecord(const Record& record, std::map<std::string, LoadedGroup>* groups);

}  // namespace kafka

// See offsets_topic.h. Keys are "offset\0group\0topic\0partition" and "group\0group".
#include "model/group/offsets_topic.h"

#include <vector>

#include "model/common/id_text.h"

namespace kafka {
namespace {

std::vector<std::string> Split(const std::string& key) {
  std::vector<std::string> parts(1);
  for (char c : key) {
    if (c == '\0') {
      parts.emplace_back();
    } else {
      parts.back() += c;
    }
  }
  return parts;
}

std::string Join(std::initializer_list<std::string> parts) {
  std::string key;
  for (const std::string& p : parts) {
    if (!key.empty()) key += '\0';
    key += p;
  }
  return key;
}

}  // namespace

Record OffsetCommitRecord(const std::string& group, const TopicPartition& tp, Offset offset,
                          int64_t now_ms) {
  Record r;
  r.key = Join({"offset", group, tp.topic, std::to_string(tp.partition)});
  r.value_id = offset;
  r.size_bytes = 80;
  r.timestamp_ms = now_ms;
  return r;
}

Record GroupRecord(const std::string& group, int32_t generation, int64_t now_ms) {
  Record r;
  r.key = Join({"group", group});
  r.value_id = generation;
  r.size_bytes = 120;
  r.timestamp_ms = now_ms;
  return r;
}

void ReplayOffsetsRecord(const Record& record, std::map<std::string, LoadedGroup>* groups) {
  if (!record.key) return;
  const std::vector<std::string> parts = Split(*record.key);
  if (parts.size() == 4 && parts[0] == "offset") {
    if (const auto p = ParseInt32(parts[3])) {
      (*groups)[parts[1]].offsets[{parts[2], *p}] = record.value_id;
    }
  } else if (parts.size() == 2 && parts[0] == "group") {
    (*groups)[parts[1]].generation = static_cast<int32_t>(record.value_id);
  }
}

}  // namespace kafka

// See offsets_topic.h. Keys are "offset\0group\0topic\0partition" and "group\0group".
#include "model/group/offsets_topic.h"

#include <memory>
#include <string_view>
#include <vector>

#include "model/common/id_text.h"
#include "model/common/value_codec.h"

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

std::string EncodeGroup(const GroupMetadata& g) {
  ValueWriter w;
  w.Put(g.generation_id);
  w.Put(g.protocol);
  w.Put(g.leader);
  w.Put(static_cast<int64_t>(g.members.size()));
  for (const auto& [id, m] : g.members) {
    w.Put(id);
    w.Put(m.group_instance_id.value_or(""));
    w.Put(m.group_instance_id ? 1 : 0);
    w.Put(m.client_id);
    w.Put(m.session_timeout_ms);
    w.Put(m.rebalance_timeout_ms);
    w.Put(m.protocols);
    w.Put(m.subscription.topics);
    w.Put(m.subscription.owned);
    w.Put(m.subscription.generation);
    w.Put(m.assignment);
  }
  return w.Take();
}

std::optional<GroupMetadata> DecodeGroup(const std::string& group_id, std::string_view value) {
  ValueReader r(value);
  GroupMetadata g;
  g.group_id = group_id;
  g.generation_id = static_cast<int32_t>(r.Number());
  g.protocol = r.Text();
  g.leader = r.Text();
  for (int64_t n = r.Number(); r.ok() && n > 0; --n) {
    MemberMetadata m;
    m.member_id = r.Text();
    std::string instance = r.Text();
    if (r.Number() != 0) m.group_instance_id = std::move(instance);
    m.client_id = r.Text();
    m.session_timeout_ms = static_cast<int32_t>(r.Number());
    m.rebalance_timeout_ms = static_cast<int32_t>(r.Number());
    m.protocols = r.Texts();
    m.subscription.topics = r.Texts();
    m.subscription.owned = r.Partitions();
    m.subscription.generation = static_cast<int32_t>(r.Number());
    m.assignment = r.Partitions();
    g.members[m.member_id] = std::move(m);
  }
  if (!r.ok()) return std::nullopt;
  return g;
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

Record GroupRecord(const GroupMetadata& group, int64_t now_ms) {
  Record r;
  r.key = Join({"group", group.group_id});
  r.value_id = group.generation_id;
  r.payload = std::make_shared<const std::string>(EncodeGroup(group));
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
    LoadedGroup& loaded = (*groups)[parts[1]];
    if (record.payload) loaded.metadata = DecodeGroup(parts[1], *record.payload);
  }
}

}  // namespace kafka

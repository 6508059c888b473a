// See consumer_protocol.h.
#include "model/wire/consumer_protocol.h"

#include "model/wire/topic_grouping.h"

namespace kafka::wire {
namespace {

std::vector<TopicPartition> ReadPartitions(WireReader& in) {
  std::vector<TopicPartition> out;
  const int32_t topics = in.ArrayLength(6);
  for (int32_t t = 0; t < topics && in.ok(); ++t) {
    const std::string topic = in.String();
    const int32_t partitions = in.ArrayLength(4);
    for (int32_t p = 0; p < partitions && in.ok(); ++p) out.push_back({topic, in.Int32()});
  }
  return out;
}

void WritePartitions(WireWriter& w, const std::vector<TopicPartition>& partitions) {
  struct Entry {
    TopicPartition tp;
  };
  std::vector<Entry> entries;
  for (const TopicPartition& tp : partitions) entries.push_back({tp});
  WriteByTopic(w, entries, [&](const Entry& e) { w.Int32(e.tp.partition); });
}

}  // namespace

Subscription DecodeSubscription(std::string_view bytes, std::string* error) {
  WireReader in(bytes);
  Subscription s;
  const int16_t version = in.Int16();
  const int32_t topics = in.ArrayLength(2);
  for (int32_t i = 0; i < topics && in.ok(); ++i) s.topics.push_back(in.String());
  in.NullableBytes();  // user_data
  if (version >= 1 && in.ok() && !in.AtEnd()) s.owned = ReadPartitions(in);
  if (version >= 2 && in.ok() && !in.AtEnd()) s.generation = in.Int32();
  if (!in.ok() && error) *error = "consumer subscription: " + in.error();
  return s;
}

std::string EncodeSubscription(const Subscription& subscription) {
  WireWriter w;
  const bool owned = !subscription.owned.empty();
  w.Int16(owned ? 1 : 0);
  w.ArrayLength(static_cast<int32_t>(subscription.topics.size()));
  for (const std::string& t : subscription.topics) w.String(t);
  w.NullableBytes(std::nullopt);
  if (owned) WritePartitions(w, subscription.owned);
  return w.Take();
}

std::vector<TopicPartition> DecodeAssignment(std::string_view bytes, std::string* error) {
  if (bytes.empty()) return {};  // a member the leader gave nothing
  WireReader in(bytes);
  in.Int16();  // version
  std::vector<TopicPartition> out = ReadPartitions(in);
  if (!in.ok() && error) *error = "consumer assignment: " + in.error();
  return out;
}

std::string EncodeAssignment(const std::vector<TopicPartition>& partitions) {
  WireWriter w;
  w.Int16(0);
  WritePartitions(w, partitions);
  w.NullableBytes(std::nullopt);
  return w.Take();
}

}  // namespace kafka::wire

// Responses on the wire group partitions under their topic; the model's responses list
// (topic, partition) entries. GroupByTopic gives each topic once, in the order it first appears,
// with its entries in order; WriteByTopic writes them as the wire does:
// [topics: name string, [partitions: ...]], each partition by `write_partition`.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "model/wire/wire_codec.h"

namespace kafka::wire {

template <typename Entry>
std::vector<std::pair<std::string, std::vector<const Entry*>>> GroupByTopic(
    const std::vector<Entry>& entries) {
  std::vector<std::pair<std::string, std::vector<const Entry*>>> topics;
  std::map<std::string, size_t> index;  // topic -> its place in `topics`
  for (const Entry& e : entries) {
    const auto [it, added] = index.try_emplace(e.tp.topic, topics.size());
    if (added) topics.emplace_back(e.tp.topic, std::vector<const Entry*>{});
    topics[it->second].second.push_back(&e);
  }
  return topics;
}

template <typename Entry, typename WritePartition>
void WriteByTopic(WireWriter& w, const std::vector<Entry>& entries,
                  WritePartition write_partition) {
  const auto topics = GroupByTopic(entries);
  w.ArrayLength(static_cast<int32_t>(topics.size()));
  for (const auto& [topic, in_topic] : topics) {
    w.String(topic);
    w.ArrayLength(static_cast<int32_t>(in_topic.size()));
    for (const Entry* e : in_topic) write_partition(*e);
  }
}

}  // namespace kafka::wire

// Responses on the wire group partitions under their topic; the model's responses list
// (topic, partition) entries. GroupByTopic gives each topic once, in the order it first appears,
// with its entries in order.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

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

}  // namespace kafka::wire

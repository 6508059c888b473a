// PartitionIndex: finds what is kept for a partition in two cheap steps, the way Kafka's topic ids
// (KIP-516) spare brokers from comparing names: the topic's name once, in a map of the few topics
// there are, then the partition number as an index into that topic's vector. A lookup costs the
// same for a topic with one partition or ten thousand.
//
// It holds pointers it does not own, is only looked up (never iterated), and so carries no order
// that could show in a run.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "model/common/ids.h"

namespace kafka {

template <typename T>
class PartitionIndex {
 public:
  T* Find(const TopicPartition& tp) const {
    if (tp.partition < 0) return nullptr;
    const auto topic = topics_.find(tp.topic);
    if (topic == topics_.end()) return nullptr;
    const std::vector<T*>& slots = topic->second;
    const auto n = static_cast<size_t>(tp.partition);
    return n < slots.size() ? slots[n] : nullptr;
  }
  void Set(const TopicPartition& tp, T* value) {
    std::vector<T*>& slots = topics_[tp.topic];
    const auto n = static_cast<size_t>(tp.partition);
    if (n >= slots.size()) slots.resize(n + 1, nullptr);
    slots[n] = value;
  }
  void Erase(const TopicPartition& tp) {
    const auto topic = topics_.find(tp.topic);
    if (topic == topics_.end()) return;
    std::vector<T*>& slots = topic->second;
    const auto n = static_cast<size_t>(tp.partition);
    if (n < slots.size()) slots[n] = nullptr;
    while (!slots.empty() && slots.back() == nullptr) slots.pop_back();
    if (slots.empty()) topics_.erase(topic);
  }

 private:
  std::map<std::string, std::vector<T*>, std::less<>> topics_;
};

}  // namespace kafka

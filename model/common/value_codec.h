// ValueWriter and ValueReader: the length-prefixed text ("5:range") in which the coordinators
// keep structured values in their internal topics' records (a group's metadata in
// __consumer_offsets, a transaction's in __transaction_state), so that names and ids may hold any
// character. A reader that meets a malformed field stops and reports it through ok().
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/common/id_text.h"
#include "model/common/ids.h"

namespace kafka {

class ValueWriter {
 public:
  void Put(std::string_view field) {
    out_ += std::to_string(field.size());
    out_ += ':';
    out_ += field;
  }
  void Put(int64_t number) { Put(std::to_string(number)); }
  void Put(const std::vector<std::string>& list) {
    Put(static_cast<int64_t>(list.size()));
    for (const std::string& item : list) Put(item);
  }
  void Put(const std::vector<TopicPartition>& list) {
    Put(static_cast<int64_t>(list.size()));
    for (const TopicPartition& tp : list) {
      Put(tp.topic);
      Put(tp.partition);
    }
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

class ValueReader {
 public:
  explicit ValueReader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  std::string Text() {
    const size_t colon = in_.find(':', pos_);
    const auto size =
        colon == std::string_view::npos ? std::nullopt : ParseInt64(in_.substr(pos_, colon - pos_));
    if (!size || *size < 0 || colon + 1 + static_cast<size_t>(*size) > in_.size()) {
      ok_ = false;
      pos_ = in_.size();
      return {};
    }
    pos_ = colon + 1 + static_cast<size_t>(*size);
    return std::string(in_.substr(colon + 1, static_cast<size_t>(*size)));
  }
  int64_t Number() {
    const auto n = ParseInt64(Text());
    if (!n) ok_ = false;
    return n.value_or(0);
  }
  std::vector<std::string> Texts() {
    std::vector<std::string> list;
    for (int64_t n = Number(); ok_ && n > 0; --n) list.push_back(Text());
    return list;
  }
  std::vector<TopicPartition> Partitions() {
    std::vector<TopicPartition> list;
    for (int64_t n = Number(); ok_ && n > 0; --n) {
      std::string topic = Text();
      list.push_back({std::move(topic), static_cast<int32_t>(Number())});
    }
    return list;
  }

 private:
  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace kafka

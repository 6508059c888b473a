// History: what the clients did and saw, in the order it happened (Jepsen's history): each send
// (invoke, then ok with its partition and offset, fail when it certainly was not written, or info
// when nobody knows), each poll's records, each commit, each assignment and revocation, each
// client crash, and each transaction's begin and outcome. The clients record it themselves, as
// Jepsen's clients do; the checkers read it.
//
// A run at scale records millions of events, so the history stores each one in 40 bytes: client
// names, partitions and keys are interned once and events hold their numbers. Reading gives back
// whole HistoryEvents, one at a time, exactly as they were added.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/common/error_code.h"
#include "model/common/ids.h"
#include "sim/time.h"

namespace kafka {

enum class HistoryType : uint8_t {
  kInvoke,   // a send began
  kOk,       // acknowledged at tp/offset
  kFail,     // definitely not written
  kInfo,     // unknown: may or may not have been written
  kPoll,     // a consumer received the record at tp/offset
  kProcess,  // a consumer processed it (wrote it to its sink)
  kCommit,   // a consumer's commit of `offset` (the next to read) for tp succeeded
  kAssign,   // a consumer got tp
  kRevoke,   // a consumer gave tp up
  kCrash,    // the client's process died
  // Transactions. A producer's sends between its kTxnBegin and the next kTxnCommit or kTxnAbort
  // (recorded when the coordinator confirmed the outcome) are one transaction; one that ends
  // otherwise (a crash, a fatal error, an unknown outcome) is in doubt.
  kTxnBegin,
  kTxnCommit,
  kTxnAbort,
  kSkip,  // a consumer's position passed [offset, value): markers or aborted records, unread
};
const char* ToString(HistoryType type);

struct HistoryEvent {
  sim::Time time;
  std::string client;
  HistoryType type = HistoryType::kInvoke;
  TopicPartition tp;
  Offset offset = -1;
  int64_t value = -1;
  std::optional<std::string> key;
  ErrorCode error = ErrorCode::kNone;
};

class History {
 public:
  void Add(const HistoryEvent& event);
  size_t size() const { return entries_.size(); }
  // The i-th event, as it was added.
  HistoryEvent operator[](size_t i) const;

  // Every event in order, read one at a time (`for (const HistoryEvent& e : h.events())`).
  class Events {
   public:
    class Iterator {
     public:
      Iterator(const History* history, size_t i) : history_(history), i_(i) {}
      HistoryEvent operator*() const { return (*history_)[i_]; }
      Iterator& operator++() {
        ++i_;
        return *this;
      }
      bool operator==(const Iterator& other) const { return i_ == other.i_; }

     private:
      const History* history_;
      size_t i_;
    };
    explicit Events(const History* history) : history_(history) {}
    Iterator begin() const { return {history_, 0}; }
    Iterator end() const { return {history_, history_->size()}; }
    size_t size() const { return history_->size(); }
    HistoryEvent operator[](size_t i) const { return (*history_)[i]; }

   private:
    const History* history_;
  };
  Events events() const { return Events(this); }
  // The events of one type, in order.
  std::vector<HistoryEvent> Of(HistoryType type) const;

 private:
  // Values numbered in the order they were first seen.
  template <typename T, typename Less = std::less<T>>
  class Interner {
   public:
    uint32_t Intern(const T& value) {
      const auto [it, added] = numbers_.try_emplace(value, static_cast<uint32_t>(values_.size()));
      if (added) values_.push_back(value);
      return it->second;
    }
    const T& operator[](uint32_t number) const { return values_[number]; }

   private:
    std::map<T, uint32_t, Less> numbers_;  // looked up only, never iterated
    std::vector<T> values_;
  };
  static constexpr uint32_t kNoKey = UINT32_MAX;
  struct Entry {
    sim::Time time;
    Offset offset;
    int64_t value;
    uint32_t client;
    uint32_t tp;
    uint32_t key;  // kNoKey when the record had none
    HistoryType type;
    ErrorCode error;
  };
  static_assert(sizeof(Entry) <= 40);

  Interner<std::string> clients_;
  Interner<TopicPartition, PartitionNumberFirst> partitions_;
  Interner<std::string> keys_;
  // A deque grows in fixed chunks: no copy of millions of events, and no doubled peak, as it grows.
  std::deque<Entry> entries_;
};

}  // namespace kafka

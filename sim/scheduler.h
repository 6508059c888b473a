// The future event set: a total order on events by (time, sequence number), so events at the same
// time run in the order they were scheduled. Cancel is O(1): the event is flagged and skipped when
// it reaches the front.
//
// Structure: future events are 128-bit keys (time, sequence, slot) in a 4-ary min-heap laid out
// so that each node's four children fill one 64-byte cache line. Beside it, as in OMNeT++'s
// cEventHeap, a FIFO holds events scheduled for the current time, which are common (zero-delay
// hand-offs) and a heap's worst case. Callbacks live in a slab of fixed chunks (stable addresses,
// so a callback runs in place even while it schedules more events); the heap moves keys, never
// callbacks.
//
// Invariant behind the FIFO: every queued key at time Now() was scheduled before the clock reached
// Now(), so it has a lower sequence number than every FIFO entry, and runs first.
//
// Limits: 2^24 (16.7 million) events pending at once and 2^40 (10^12) events scheduled in one run;
// exceeding either throws std::length_error. Scheduling before Now() throws std::logic_error.
// Events at Time::Never() (an "infinite" delay) never run under RunUntil.
#pragma once

#include <cstdint>
#include <memory>
#include <type_traits>
#include <vector>

#include "sim/callback.h"
#include "sim/time.h"

namespace sim {

// Names one scheduled event. Stays unique: a slot's generation changes each time it is used.
struct EventId {
  uint32_t slot = 0;
  uint32_t generation = 0;  // 0 never names an event
  bool valid() const { return generation != 0; }
  friend bool operator==(EventId, EventId) = default;
};

class Scheduler {
 public:
  Scheduler();
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  Time Now() const { return now_; }

  // Schedules `action` (any void() callable) to run at `at`. Throws if at < Now().
  template <typename F>
  EventId At(Time at, F&& action) {
    CheckNotInPast(at);
    const uint32_t slot = AllocateSlot();
    if constexpr (std::is_same_v<std::decay_t<F>, Callback>) {
      CallbackAt(slot) = std::forward<F>(action);
    } else {
      CallbackAt(slot).Emplace(std::forward<F>(action));
    }
    return Insert(at, slot);
  }
  // Schedules after `delay` (saturating: an enormous delay means Time::Never()).
  template <typename F>
  EventId After(Duration delay, F&& action) {
    return At(SaturatingAdd(now_, delay), std::forward<F>(action));
  }
  static Time SaturatingAdd(Time t, Duration d) {
    return d >= Time::Never() - t ? Time::Never() : t + d;
  }

  // Cancels a pending event; returns false if it already ran or was cancelled. O(1).
  bool Cancel(EventId id);
  bool IsPending(EventId id) const;

  // Runs the next event, advancing the clock to its time. Returns false if none is pending.
  bool Step();
  // Runs every event at or before `until`, then sets the clock to `until` (unless it is Never).
  // Returns how many events ran.
  uint64_t RunUntil(Time until);
  // Time of the next pending event, or Time::Never() if there is none.
  Time NextEventTime();

  // The event running now (valid only inside its callback).
  EventId current() const { return current_; }

  uint64_t pending() const { return pending_; }
  // Keys in the queues, cancelled ones included until they surface or the heap is compacted.
  uint64_t queued_keys() const { return heap_size_ + fifo_.size() - fifo_head_; }
  uint64_t executed() const { return executed_; }

 private:
  static constexpr int kSlotBits = 24;
  static constexpr uint64_t kSlotMask = (uint64_t{1} << kSlotBits) - 1;
  static constexpr int kChunkBits = 10;  // callbacks per slab chunk: 1024

  // time (never negative) << 64 | sequence << kSlotBits | slot: ordering keys orders events by
  // (time, sequence) in one branch-free comparison, and the slot rides along in the low bits.
  using Key128 = unsigned __int128;
  static Key128 MakeKey(int64_t time_ns, uint64_t seq, uint32_t slot) {
    return (static_cast<Key128>(time_ns) << 64) | (seq << kSlotBits) | slot;
  }
  static int64_t TimeOf(Key128 key) { return static_cast<int64_t>(key >> 64); }
  static uint32_t SlotOf(Key128 key) { return static_cast<uint32_t>(key & kSlotMask); }
  static uint64_t SeqOf(Key128 key) { return static_cast<uint64_t>(key) >> kSlotBits; }

  // A pending event's callback, its id's generation and its key's sequence share one cache line,
  // so running an event and reusing its slot for the next one touch one line. A queued key whose
  // sequence differs from its slot's is stale: its event was cancelled.
  struct alignas(64) Slot {
    Callback callback;
    uint32_t generation = 0;
    uint64_t seq = UINT64_MAX;
  };
  static_assert(sizeof(Slot) == 64);
  Slot& SlotAt(uint32_t slot) {
    return chunks_[slot >> kChunkBits][slot & ((1u << kChunkBits) - 1)];
  }
  const Slot& SlotAt(uint32_t slot) const {
    return chunks_[slot >> kChunkBits][slot & ((1u << kChunkBits) - 1)];
  }
  Callback& CallbackAt(uint32_t slot) { return SlotAt(slot).callback; }
  uint32_t AllocateSlot();
  EventId Insert(Time at, uint32_t slot);
  void CheckNotInPast(Time at) const;
  bool IsLive(uint32_t slot, uint64_t seq) const { return SlotAt(slot).seq == seq; }
  void CompactHeap();
  void ReleaseSlot(uint32_t slot) { free_slots_.push_back(slot); }

  // The heap lives at heap_[kHeapOffset ...] so that the children of logical node i, at logical
  // 4i+1..4i+4, sit at physical 4(i+1)..4(i+1)+3: one aligned cache line.
  static constexpr size_t kArity = 4;
  static constexpr size_t kHeapOffset = 3;
  void HeapPush(Key128 key);
  Key128 HeapPop();
  Key128 HeapTop() const { return heap_[kHeapOffset]; }
  void HeapGrow();

  // Removes the next entry (heap or FIFO, in order); false if there is none.
  bool PopNext(uint32_t* slot, uint64_t* seq, int64_t* time_ns);
  void DropCancelledAtFront();

  Time now_;
  EventId current_;
  uint64_t next_seq_ = 0;
  uint64_t pending_ = 0;
  uint64_t executed_ = 0;

  struct AlignedFree {
    void operator()(Key128* p) const;
  };
  std::unique_ptr<Key128[], AlignedFree> heap_;  // events after Now()
  size_t heap_size_ = 0;
  size_t heap_capacity_ = 0;

  struct FifoEntry {
    uint32_t slot;
    uint64_t seq;
  };
  std::vector<FifoEntry> fifo_;  // in scheduling order
  size_t fifo_head_ = 0;

  std::vector<std::unique_ptr<Slot[]>> chunks_;  // slots, in chunks of 1024
  uint32_t slot_count_ = 0;
  std::vector<uint32_t> free_slots_;
  bool running_ = false;  // inside current_'s callback
  uint64_t stale_ = 0;    // keys of cancelled events still in the heap or the FIFO
};

}  // namespace sim

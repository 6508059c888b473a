// See scheduler.h for the ordering contract and the data structure.
#include "sim/scheduler.h"

#include <new>
#include <stdexcept>
#include <utility>

namespace sim {

namespace {
constexpr std::align_val_t kCacheLine{64};
}  // namespace

void Scheduler::AlignedFree::operator()(Key128* p) const { ::operator delete[](p, kCacheLine); }

Scheduler::Scheduler() { HeapGrow(); }
Scheduler::~Scheduler() = default;

void Scheduler::HeapGrow() {
  const size_t capacity = heap_capacity_ == 0 ? 1024 : heap_capacity_ * 2;
  std::unique_ptr<Key128[], AlignedFree> grown(static_cast<Key128*>(
      ::operator new[]((capacity + kHeapOffset) * sizeof(Key128), kCacheLine)));
  for (size_t i = 0; i < heap_size_; ++i) grown[i + kHeapOffset] = heap_[i + kHeapOffset];
  heap_ = std::move(grown);
  heap_capacity_ = capacity;
}

void Scheduler::HeapPush(Key128 key) {
  if (heap_size_ == heap_capacity_) HeapGrow();
  Key128* const h = heap_.get() + kHeapOffset;
  size_t i = heap_size_++;
  while (i > 0) {
    const size_t parent = (i - 1) / kArity;
    if (key >= h[parent]) break;
    h[i] = h[parent];
    i = parent;
  }
  h[i] = key;
}

Scheduler::Key128 Scheduler::HeapPop() {
  Key128* const h = heap_.get() + kHeapOffset;
  const Key128 top = h[0];
  const Key128 last = h[--heap_size_];
  const size_t n = heap_size_;
  if (n == 0) return top;
  size_t i = 0;
  while (true) {
    const size_t first = i * kArity + 1;
    size_t best = first;
    if (first + kArity <= n) {  // all four children: a branch-free minimum
      const size_t a = h[first + 1] < h[first] ? first + 1 : first;
      const size_t b = h[first + 3] < h[first + 2] ? first + 3 : first + 2;
      best = h[b] < h[a] ? b : a;
    } else if (first < n) {
      for (size_t c = first + 1; c < n; ++c) best = h[c] < h[best] ? c : best;
    } else {
      break;
    }
    if (h[best] >= last) break;
    h[i] = h[best];
    i = best;
  }
  h[i] = last;
  return top;
}

uint32_t Scheduler::AllocateSlot() {
  uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot = slot_count_++;
    if (slot > kSlotMask) throw std::length_error("sim::Scheduler: more than 2^24 pending events");
    if ((slot >> kChunkBits) == chunks_.size()) {
      chunks_.push_back(std::make_unique<Slot[]>(size_t{1} << kChunkBits));
    }
  }
  return slot;
}

void Scheduler::CheckNotInPast(Time at) const {
  if (at < now_) throw std::logic_error("sim::Scheduler: an event scheduled in the past");
}

EventId Scheduler::Insert(Time at, uint32_t slot) {
  if (next_seq_ >> (64 - kSlotBits)) {
    throw std::length_error("sim::Scheduler: more than 2^40 events in one run");
  }
  Slot& s = SlotAt(slot);
  if (++s.generation == 0) s.generation = 1;
  const uint64_t seq = next_seq_++;
  s.seq = seq;
  const uint32_t generation = s.generation;
  if (at == now_) {
    fifo_.push_back({slot, seq});
  } else {
    HeapPush(MakeKey(at.nanos(), seq, slot));
  }
  ++pending_;
  return {slot, generation};
}

bool Scheduler::IsPending(EventId id) const {
  if (id.slot >= slot_count_ || (running_ && id == current_)) return false;
  const Slot& s = SlotAt(id.slot);
  return s.generation == id.generation && static_cast<bool>(s.callback);
}

bool Scheduler::Cancel(EventId id) {
  if (!IsPending(id)) return false;
  Slot& s = SlotAt(id.slot);
  s.callback.Reset();
  if (++s.generation == 0) s.generation = 1;  // the id no longer names anything
  s.seq = UINT64_MAX;                         // its queued key is now stale
  ReleaseSlot(id.slot);
  --pending_;
  ++stale_;
  if (stale_ > 1024 && stale_ > heap_size_ / 2) CompactHeap();
  return true;
}

void Scheduler::CompactHeap() {
  Key128* const h = heap_.get() + kHeapOffset;
  size_t kept = 0;
  for (size_t i = 0; i < heap_size_; ++i) {
    if (IsLive(SlotOf(h[i]), SeqOf(h[i]))) h[kept++] = h[i];
  }
  stale_ -= heap_size_ - kept;
  heap_size_ = 0;
  for (size_t i = 0; i < kept; ++i) HeapPush(h[i]);  // h[i] is at or beyond heap_size_: unread
}

bool Scheduler::PopNext(uint32_t* slot, uint64_t* seq, int64_t* time_ns) {
  const bool fifo_has = fifo_head_ < fifo_.size();
  if (heap_size_ > 0 && (!fifo_has || TimeOf(HeapTop()) == now_.nanos())) {
    const Key128 key = HeapPop();
    *slot = SlotOf(key);
    *seq = SeqOf(key);
    *time_ns = TimeOf(key);
    return true;
  }
  if (fifo_has) {
    *slot = fifo_[fifo_head_].slot;
    *seq = fifo_[fifo_head_++].seq;
    *time_ns = now_.nanos();
    if (fifo_head_ == fifo_.size()) {
      fifo_.clear();
      fifo_head_ = 0;
    }
    return true;
  }
  return false;
}

bool Scheduler::Step() {
  uint32_t slot;
  uint64_t seq;
  int64_t time_ns;
  while (PopNext(&slot, &seq, &time_ns)) {
    if (!IsLive(slot, seq)) {  // cancelled; the slot was freed then
      --stale_;
      continue;
    }
    Slot& s = SlotAt(slot);
    now_ = Time::FromNanos(time_ns);
    current_ = {slot, s.generation};
    --pending_;
    ++executed_;
    // The next event is most likely the new front: start fetching its slot while this one runs.
    if (heap_size_ > 0) __builtin_prefetch(&SlotAt(SlotOf(HeapTop())));
    // Chunks never move, so the callback runs in place even as it schedules more events. The
    // guard leaves the scheduler consistent if the callback throws.
    struct Finish {
      Scheduler* self;
      uint32_t slot;
      ~Finish() {
        self->running_ = false;
        self->SlotAt(slot).callback.Reset();
        self->ReleaseSlot(slot);
      }
    } finish{this, slot};
    running_ = true;
    s.callback();
    return true;
  }
  return false;
}

void Scheduler::DropCancelledAtFront() {
  while (true) {
    if (fifo_head_ < fifo_.size() && (heap_size_ == 0 || TimeOf(HeapTop()) != now_.nanos())) {
      if (IsLive(fifo_[fifo_head_].slot, fifo_[fifo_head_].seq)) return;
      ++fifo_head_;
      --stale_;
      if (fifo_head_ == fifo_.size()) {
        fifo_.clear();
        fifo_head_ = 0;
      }
      continue;
    }
    if (heap_size_ == 0 || IsLive(SlotOf(HeapTop()), SeqOf(HeapTop()))) return;
    HeapPop();
    --stale_;
  }
}

Time Scheduler::NextEventTime() {
  DropCancelledAtFront();
  if (fifo_head_ < fifo_.size()) return now_;
  if (heap_size_ > 0) return Time::FromNanos(TimeOf(HeapTop()));
  return Time::Never();
}

uint64_t Scheduler::RunUntil(Time until) {
  uint64_t ran = 0;
  while (NextEventTime() <= until && NextEventTime() != Time::Never() && Step()) ++ran;
  if (until != Time::Never() && until > now_) now_ = until;
  return ran;
}

}  // namespace sim

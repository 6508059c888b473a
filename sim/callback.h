// Callback: a move-only `void()` callable with 40 bytes of inline storage, so the scheduler can
// hold the typical event (a node id, a timer id, a shared message pointer) without allocating,
// and a callback with its scheduler bookkeeping fits one 64-byte cache line.
// Larger callables are boxed on the heap. Unlike std::function it accepts move-only captures.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>

namespace sim {

class Callback {
 public:
  static constexpr size_t kInlineBytes = 40;

  Callback() = default;

  template <typename F, typename = std::enable_if_t<!std::is_same_v<std::decay_t<F>, Callback>>>
  Callback(F&& f) {  // NOLINT(google-explicit-constructor): callables convert implicitly
    Construct(std::forward<F>(f));
  }

  Callback(Callback&& other) noexcept { TakeFrom(other); }
  Callback& operator=(Callback&& other) noexcept {
    if (this != &other) {
      Reset();
      TakeFrom(other);
    }
    return *this;
  }

  // Replaces the held callable with `f`, built in place (no intermediate Callback).
  template <typename F>
  void Emplace(F&& f) {
    Reset();
    Construct(std::forward<F>(f));
  }
  Callback(const Callback&) = delete;
  Callback& operator=(const Callback&) = delete;
  ~Callback() { Reset(); }

  explicit operator bool() const { return ops_ != nullptr; }
  // REQUIRES: *this holds a callable.
  void operator()() { ops_->call(storage_); }

  void Reset() {
    if (ops_ && ops_->destroy) ops_->destroy(storage_);
    ops_ = nullptr;
  }

 private:
  // move and destroy are null for trivially copyable callables (pointers and ids, the common
  // case in the kernel): those are moved by copying bytes and need no destruction.
  struct Ops {
    void (*call)(void*);
    void (*move)(void* from, void* to);  // move-constructs at `to`, destroys `from`
    void (*destroy)(void*);
  };

  template <typename F>
  void Construct(F&& f) {
    using Fn = std::decay_t<F>;
    if constexpr (kFitsInline<Fn>) {
      ::new (static_cast<void*>(storage_)) Fn(std::forward<F>(f));
      ops_ = &kInlineOps<Fn>;
    } else {
      ::new (static_cast<void*>(storage_)) Fn*(new Fn(std::forward<F>(f)));
      ops_ = &kBoxedOps<Fn>;
    }
  }
  void TakeFrom(Callback& other) {
    ops_ = other.ops_;
    if (ops_) {
      if (ops_->move) {
        ops_->move(other.storage_, storage_);
      } else {
        std::memcpy(storage_, other.storage_, kInlineBytes);
      }
    }
    other.ops_ = nullptr;
  }

  template <typename Fn>
  static constexpr bool kFitsInline =
      sizeof(Fn) <= kInlineBytes &&
      alignof(Fn) <= alignof(std::max_align_t) && std::is_nothrow_move_constructible_v<Fn>;
  template <typename Fn>
  static constexpr bool kTrivial =
      std::is_trivially_copyable_v<Fn>&& std::is_trivially_destructible_v<Fn>;
  template <typename Fn>
  static constexpr Ops kInlineOps = {
      [](void* p) { (*static_cast<Fn*>(p))(); },
      kTrivial<Fn> ? nullptr
                   : +[](void* from, void* to) {
                       ::new (to) Fn(std::move(*static_cast<Fn*>(from)));
                       static_cast<Fn*>(from)->~Fn();
                     },
      kTrivial<Fn> ? nullptr : +[](void* p) { static_cast<Fn*>(p)->~Fn(); }};
  template <typename Fn>
  static constexpr Ops kBoxedOps = {
      [](void* p) { (**static_cast<Fn**>(p))(); },
      [](void* from, void* to) { ::new (to) Fn*(*static_cast<Fn**>(from)); },
      [](void* p) { delete *static_cast<Fn**>(p); }};

  alignas(std::max_align_t) unsigned char storage_[kInlineBytes];
  const Ops* ops_ = nullptr;
};

}  // namespace sim

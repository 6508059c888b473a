// Simulated time. `Duration` is a span and `Time` a point on the simulation's clock, both whole
// nanoseconds in an int64 (about 292 years either way). There is no floating point here: two runs
// that do the same arithmetic land on the same nanosecond on every machine and in every build.
#pragma once

#include <compare>
#include <cstdint>
#include <iosfwd>
#include <limits>
#include <string>

namespace sim {

class Duration {
 public:
  constexpr Duration() = default;
  static constexpr Duration Nanos(int64_t n) { return Duration(n); }
  static constexpr Duration Micros(int64_t n) { return Duration(n * 1'000); }
  static constexpr Duration Millis(int64_t n) { return Duration(n * 1'000'000); }
  static constexpr Duration Seconds(int64_t n) { return Duration(n * 1'000'000'000); }
  static constexpr Duration Minutes(int64_t n) { return Seconds(n * 60); }
  static constexpr Duration Hours(int64_t n) { return Seconds(n * 3600); }
  static constexpr Duration Zero() { return Duration(0); }
  static constexpr Duration Max() { return Duration(std::numeric_limits<int64_t>::max()); }

  constexpr int64_t nanos() const { return ns_; }
  constexpr int64_t micros() const { return ns_ / 1'000; }
  constexpr int64_t millis() const { return ns_ / 1'000'000; }
  constexpr int64_t seconds() const { return ns_ / 1'000'000'000; }

  constexpr auto operator<=>(const Duration&) const = default;
  constexpr Duration operator+(Duration o) const { return Duration(ns_ + o.ns_); }
  constexpr Duration operator-(Duration o) const { return Duration(ns_ - o.ns_); }
  constexpr Duration operator-() const { return Duration(-ns_); }
  constexpr Duration operator*(int64_t k) const { return Duration(ns_ * k); }
  constexpr Duration operator/(int64_t k) const { return Duration(ns_ / k); }
  constexpr int64_t operator/(Duration o) const { return ns_ / o.ns_; }
  constexpr Duration operator%(Duration o) const { return Duration(ns_ % o.ns_); }
  constexpr Duration& operator+=(Duration o) { return ns_ += o.ns_, *this; }
  constexpr Duration& operator-=(Duration o) { return ns_ -= o.ns_, *this; }

 private:
  constexpr explicit Duration(int64_t ns) : ns_(ns) {}
  int64_t ns_ = 0;
};

constexpr Duration operator*(int64_t k, Duration d) { return d * k; }

class Time {
 public:
  constexpr Time() = default;
  static constexpr Time Zero() { return Time(); }
  static constexpr Time FromNanos(int64_t ns) { return Time() + Duration::Nanos(ns); }
  // A time after every event; "run until Never" runs until the queue is empty.
  static constexpr Time Never() { return Time() + Duration::Max(); }

  constexpr int64_t nanos() const { return since_zero_.nanos(); }
  constexpr Duration SinceZero() const { return since_zero_; }

  constexpr auto operator<=>(const Time&) const = default;
  constexpr Time operator+(Duration d) const { return Time(since_zero_ + d); }
  constexpr Time operator-(Duration d) const { return Time(since_zero_ - d); }
  constexpr Duration operator-(Time o) const { return since_zero_ - o.since_zero_; }
  constexpr Time& operator+=(Duration d) { return since_zero_ += d, *this; }

 private:
  constexpr explicit Time(Duration d) : since_zero_(d) {}
  Duration since_zero_;
};

// "1.5s", "250ms", "12us", "0s": the shortest exact form, for logs and messages.
std::string ToString(Duration d);
// Seconds with millisecond precision, "12.345s", as a narrated timeline shows it.
std::string ToString(Time t);

// For test failure messages (GoogleTest prints with these).
void PrintTo(Duration d, std::ostream* out);
void PrintTo(Time t, std::ostream* out);

// Parses "30s", "5ms", "1.5s", "2m", "1h", "250us", "10ns". Returns false on anything else.
bool ParseDuration(std::string_view text, Duration* out);

namespace literals {
constexpr Duration operator""_ns(unsigned long long n) { return Duration::Nanos(int64_t(n)); }
constexpr Duration operator""_us(unsigned long long n) { return Duration::Micros(int64_t(n)); }
constexpr Duration operator""_ms(unsigned long long n) { return Duration::Millis(int64_t(n)); }
constexpr Duration operator""_s(unsigned long long n) { return Duration::Seconds(int64_t(n)); }
constexpr Duration operator""_min(unsigned long long n) { return Duration::Minutes(int64_t(n)); }
constexpr Duration operator""_h(unsigned long long n) { return Duration::Hours(int64_t(n)); }
}  // namespace literals

}  // namespace sim

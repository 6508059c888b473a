// Formatting and parsing of simulated time (see time.h).
#include "sim/time.h"

#include <cstdio>
#include <ostream>
#include <string_view>

namespace sim {

std::string ToString(Duration d) {
  struct Unit {
    int64_t ns;
    const char* suffix;
  };
  static constexpr Unit kUnits[] = {
      {3'600'000'000'000, "h"}, {60'000'000'000, "m"}, {1'000'000'000, "s"},
      {1'000'000, "ms"},        {1'000, "us"},         {1, "ns"}};
  int64_t ns = d.nanos();
  if (ns == 0) return "0s";
  std::string sign = ns < 0 ? "-" : "";
  if (ns < 0) ns = -ns;
  // Whole multiple of a unit: "3s". Otherwise seconds with a fraction: "1.5s".
  for (const Unit& u : kUnits) {
    if (ns % u.ns == 0) return sign + std::to_string(ns / u.ns) + u.suffix;
    if (u.ns == 1'000'000'000 && ns > u.ns) break;
  }
  if (ns >= 1'000'000'000) {
    std::string frac = std::to_string(1'000'000'000 + ns % 1'000'000'000).substr(1);
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    return sign + std::to_string(ns / 1'000'000'000) + "." + frac + "s";
  }
  for (const Unit& u : kUnits) {
    if (ns >= u.ns) {
      std::string frac = std::to_string(u.ns + ns % u.ns).substr(1);
      while (!frac.empty() && frac.back() == '0') frac.pop_back();
      return sign + std::to_string(ns / u.ns) + "." + frac + u.suffix;
    }
  }
  return sign + std::to_string(ns) + "ns";
}

std::string ToString(Time t) {
  int64_t ms = t.nanos() / 1'000'000;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%lld.%03llds", static_cast<long long>(ms / 1000),
                static_cast<long long>(ms % 1000));
  return buf;
}

void PrintTo(Duration d, std::ostream* out) { *out << ToString(d); }
void PrintTo(Time t, std::ostream* out) { *out << ToString(t); }

bool ParseDuration(std::string_view text, Duration* out) {
  size_t i = 0;
  int64_t whole = 0;
  bool any_digit = false;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    if (whole > (INT64_MAX - 9) / 10) return false;
    whole = whole * 10 + (text[i++] - '0');
    any_digit = true;
  }
  int64_t frac = 0, frac_scale = 1;
  if (i < text.size() && text[i] == '.') {
    ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (frac_scale < 1'000'000'000) {
        frac = frac * 10 + (text[i] - '0');
        frac_scale *= 10;
      }
      ++i;
      any_digit = true;
    }
  }
  if (!any_digit) return false;
  std::string_view unit = text.substr(i);
  int64_t unit_ns;
  if (unit == "ns")
    unit_ns = 1;
  else if (unit == "us")
    unit_ns = 1'000;
  else if (unit == "ms")
    unit_ns = 1'000'000;
  else if (unit == "s")
    unit_ns = 1'000'000'000;
  else if (unit == "m" || unit == "min")
    unit_ns = 60'000'000'000;
  else if (unit == "h")
    unit_ns = 3'600'000'000'000;
  else
    return false;
  const __int128 ns =
      static_cast<__int128>(whole) * unit_ns + static_cast<__int128>(frac) * unit_ns / frac_scale;
  if (ns > INT64_MAX) return false;
  *out = Duration::Nanos(static_cast<int64_t>(ns));
  return true;
}

}  // namespace sim

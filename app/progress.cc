// See progress.h.
#include "app/progress.h"

#include <fmt/core.h>
#include <unistd.h>

namespace kafkasim::app {
namespace {

constexpr auto kRedrawEvery = std::chrono::milliseconds(250);  // four times a second at most
constexpr size_t kWidth = 40;

}  // namespace

bool IsTerminal(std::FILE* stream) { return isatty(fileno(stream)) == 1; }

ProgressBar::ProgressBar(std::string unit, size_t total)
    : unit_(std::move(unit)), total_(total), terminal_(IsTerminal(stderr)) {}

void ProgressBar::Show(size_t done) {
  if (!terminal_ || total_ == 0) return;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_ < kRedrawEvery) return;
  last_ = now;
  drawn_ = true;
  fmt::print(stderr, "\r[{:<{}}] {}/{} {}", std::string(done * kWidth / total_, '#'), kWidth, done,
             total_, unit_);
  std::fflush(stderr);
}

void ProgressBar::Finish() {
  if (!drawn_) return;
  fmt::print(stderr, "\r[{}] {}/{} {}\n", std::string(kWidth, '#'), total_, total_, unit_);
}

ProgressLine::ProgressLine() : terminal_(IsTerminal(stderr)) {}

void ProgressLine::Show(const std::string& text) {
  if (!terminal_) return;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_ < kRedrawEvery) return;
  last_ = now;
  drawn_ = true;
  fmt::print(stderr, "\r{}\x1b[K", text);
  std::fflush(stderr);
}

void ProgressLine::Finish() {
  if (drawn_) fmt::print(stderr, "\n");
}

}  // namespace kafkasim::app

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

ProgressLine::ProgressLine() : terminal_(IsTerminal(stderr)) {}

void ProgressLine::Show(const std::string& text, bool always) {
  if (!terminal_) return;
  const auto now = std::chrono::steady_clock::now();
  if (!always && drawn_ && now - last_ < kRedrawEvery) return;
  last_ = now;
  drawn_ = true;
  fmt::print(stderr, "\r{}\x1b[K", text);
  std::fflush(stderr);
}

void ProgressLine::Finish() {
  if (drawn_) fmt::print(stderr, "\n");
}

std::string ProgressBar::Bar(size_t done) const {
  return fmt::format("[{:<{}}] {}/{} {}", std::string(done * kWidth / total_, '#'), kWidth, done,
                     total_, unit_);
}

void ProgressBar::Show(size_t done) {
  if (total_ > 0) line_.Show(Bar(done));
}

void ProgressBar::Finish() {
  if (!line_.drawn()) return;
  line_.Show(Bar(total_), /*always=*/true);
  line_.Finish();
}

}  // namespace kafkasim::app

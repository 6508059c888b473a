// Progress on standard error that fits where it goes: drawn only when standard error is a
// terminal, and redrawn at most a few times a second, so a log file or a pipe gets none of it.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <string>

namespace kafkasim::app {

// Whether `stream` is a terminal.
bool IsTerminal(std::FILE* stream);

// A one-line status ("simulated 40s of 150s (3 s wall)"), redrawn in place: only on a terminal,
// at most a few times a second.
class ProgressLine {
 public:
  ProgressLine();
  // Draws `text` unless the last draw is too recent (`always`: draws anyway, if on a terminal).
  void Show(const std::string& text, bool always = false);
  void Finish();  // a newline, if anything was drawn
  bool drawn() const { return drawn_; }

 private:
  bool terminal_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_;
};

// "[#########                ] 412/2000 seeds", as a ProgressLine.
class ProgressBar {
 public:
  ProgressBar(std::string unit, size_t total) : unit_(std::move(unit)), total_(total) {}
  void Show(size_t done);
  void Finish();  // the full bar and a newline, if anything was drawn

 private:
  std::string Bar(size_t done) const;

  std::string unit_;
  size_t total_;
  ProgressLine line_;
};

}  // namespace kafkasim::app

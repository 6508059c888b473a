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

// "[#########                ] 412/2000 seeds"
class ProgressBar {
 public:
  ProgressBar(std::string unit, size_t total);
  void Show(size_t done);  // draws if on a terminal and the last draw is old enough
  void Finish();           // the full bar and a newline, if anything was drawn

 private:
  std::string unit_;
  size_t total_;
  bool terminal_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_;
};

// A one-line status ("simulated 40s of 150s (3 s wall)"), redrawn in place under the same rules.
class ProgressLine {
 public:
  ProgressLine();
  void Show(const std::string& text);
  void Finish();  // a newline, if anything was drawn

 private:
  bool terminal_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace kafkasim::app

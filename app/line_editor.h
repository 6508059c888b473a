// LineEditor: the console's input line on a terminal, with readline's basics (readline itself is
// not among the project's packages): typing anywhere in the line, Left and Right, Home and End
// (and Ctrl-A, Ctrl-E), Backspace and Delete, Ctrl-U to clear, Up and Down through the lines
// typed before, Ctrl-C to drop the line, Ctrl-D on an empty line to end. The editing is pure
// (Feed bytes, read the line and the screen) so it is tested without a terminal;
// ReadEditedLine puts a terminal in raw mode for the one line it reads.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace kafkasim::app {

class LineEditor {
 public:
  enum class Result { kEditing, kLine, kEndOfInput, kInterrupted };

  // A new line after `prompt`.
  void Start(std::string prompt);
  // One byte of input (escape sequences arrive a byte at a time).
  Result Feed(char byte);
  // The line so far, or the line just finished (kLine).
  const std::string& line() const { return line_; }
  size_t cursor() const { return cursor_; }
  // What redraws the line in place: to the line's start, the prompt and the line, the rest of
  // the terminal line cleared, the cursor moved back to its place.
  std::string Screen() const;
  // Keeps a finished line for Up and Down (not an empty one, nor the same as the last).
  void Remember(const std::string& line);
  const std::vector<std::string>& history() const { return history_; }

 private:
  void Recall(int step);  // -1: an older line; +1: a newer one (or the line being typed)
  Result Key(char final_byte, int parameter);

  std::string prompt_, line_, typed_;  // typed_: the new line, kept while browsing history
  size_t cursor_ = 0;
  std::vector<std::string> history_;
  size_t back_ = 0;  // how far back in history (0: the new line)
  int escape_ = 0;   // 0: none; 1: after ESC; 2: after ESC [ or ESC O
  int parameter_ = 0;
};

// One line from the terminal `fd` (raw mode while reading; output on standard output), with
// `editor` (and its history); nullopt at the end of input.
std::optional<std::string> ReadEditedLine(LineEditor& editor, const std::string& prompt, int fd);

}  // namespace kafkasim::app

// See line_editor.h.
#include "app/line_editor.h"

#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>

namespace kafkasim::app {
namespace {

constexpr char kEscape = '\x1b';
constexpr char kCtrlA = '\x01', kCtrlC = '\x03', kCtrlD = '\x04', kCtrlE = '\x05', kCtrlU = '\x15',
               kBackspace = '\x7f', kCtrlH = '\x08';

}  // namespace

void LineEditor::Start(std::string prompt) {
  prompt_ = std::move(prompt);
  line_.clear();
  typed_.clear();
  cursor_ = 0;
  back_ = 0;
  escape_ = 0;
}

LineEditor::Result LineEditor::Feed(char byte) {
  if (escape_ == 1) {
    parameter_ = 0;
    if (byte == '[' || byte == 'O') {
      escape_ = 2;
      return Result::kEditing;
    }
    escape_ = 0;  // Alt and a key: the key alone
  }
  if (escape_ == 2) {
    if (byte >= '0' && byte <= '9') {
      parameter_ = std::min(parameter_ * 10 + (byte - '0'), 9999);
      return Result::kEditing;
    }
    if (byte == ';') return Result::kEditing;  // modifiers: ignored
    escape_ = 0;
    return Key(byte, parameter_);
  }
  switch (byte) {
    case kEscape:
      escape_ = 1;
      return Result::kEditing;
    case '\r':
    case '\n':
      return Result::kLine;
    case kCtrlD:
      if (line_.empty()) return Result::kEndOfInput;
      if (cursor_ < line_.size()) line_.erase(cursor_, 1);
      return Result::kEditing;
    case kCtrlC:
      return Result::kInterrupted;
    case kCtrlA:
      cursor_ = 0;
      return Result::kEditing;
    case kCtrlE:
      cursor_ = line_.size();
      return Result::kEditing;
    case kCtrlU:
      line_.erase(0, cursor_);
      cursor_ = 0;
      return Result::kEditing;
    case kBackspace:
    case kCtrlH:
      if (cursor_ > 0) line_.erase(--cursor_, 1);
      return Result::kEditing;
    default:
      if (static_cast<unsigned char>(byte) >= 0x20) line_.insert(cursor_++, 1, byte);
      return Result::kEditing;
  }
}

LineEditor::Result LineEditor::Key(char final_byte, int parameter) {
  switch (final_byte) {
    case 'A':
      Recall(-1);
      break;
    case 'B':
      Recall(+1);
      break;
    case 'C':
      if (cursor_ < line_.size()) ++cursor_;
      break;
    case 'D':
      if (cursor_ > 0) --cursor_;
      break;
    case 'H':
      cursor_ = 0;
      break;
    case 'F':
      cursor_ = line_.size();
      break;
    case '~':  // 1 and 7: Home; 4 and 8: End; 3: Delete
      if (parameter == 1 || parameter == 7) cursor_ = 0;
      if (parameter == 4 || parameter == 8) cursor_ = line_.size();
      if (parameter == 3 && cursor_ < line_.size()) line_.erase(cursor_, 1);
      break;
    default:
      break;
  }
  return Result::kEditing;
}

void LineEditor::Recall(int step) {
  if (step < 0 && back_ == history_.size()) return;  // the oldest already
  if (step > 0 && back_ == 0) return;                // the new line already
  if (back_ == 0) typed_ = line_;
  back_ = step < 0 ? back_ + 1 : back_ - 1;
  line_ = back_ == 0 ? typed_ : history_[history_.size() - back_];
  cursor_ = line_.size();
}

std::string LineEditor::Screen() const {
  std::string out = "\r" + prompt_ + line_ + "\x1b[K";
  if (const size_t left = line_.size() - cursor_; left > 0) {
    out += "\x1b[" + std::to_string(left) + "D";
  }
  return out;
}

void LineEditor::Remember(const std::string& line) {
  if (line.empty() || (!history_.empty() && history_.back() == line)) return;
  history_.push_back(line);
}

namespace {

// Raw mode for as long as it lives. TCSANOW: input typed ahead (a pasted script, keys pressed
// during a long `advance`) stays to be read.
class RawMode {
 public:
  explicit RawMode(int fd) : fd_(fd), ok_(tcgetattr(fd, &saved_) == 0) {
    if (!ok_) return;
    termios raw = saved_;
    raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO | ISIG);
    raw.c_iflag &= ~static_cast<tcflag_t>(ICRNL | IXON);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    tcsetattr(fd_, TCSANOW, &raw);
  }
  ~RawMode() {
    if (ok_) tcsetattr(fd_, TCSANOW, &saved_);
  }
  RawMode(const RawMode&) = delete;
  RawMode& operator=(const RawMode&) = delete;
  bool ok() const { return ok_; }

 private:
  int fd_;
  bool ok_;
  termios saved_{};
};

}  // namespace

std::optional<std::string> ReadEditedLine(LineEditor& editor, const std::string& prompt, int fd) {
  const RawMode raw(fd);
  if (!raw.ok()) return std::nullopt;
  editor.Start(prompt);
  const auto show = [&] {
    const std::string screen = editor.Screen();
    std::fwrite(screen.data(), 1, screen.size(), stdout);
    std::fflush(stdout);
  };
  show();
  std::optional<std::string> out;
  for (char byte = 0;;) {
    const ssize_t n = read(fd, &byte, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n != 1) break;  // the end of input
    const LineEditor::Result r = editor.Feed(byte);
    if (r == LineEditor::Result::kLine) {
      out = editor.line();
      editor.Remember(*out);
      break;
    }
    if (r == LineEditor::Result::kEndOfInput) break;
    if (r == LineEditor::Result::kInterrupted) {  // as a shell does: drop the line, ask again
      std::fputs("^C\n", stdout);
      editor.Start(prompt);
    }
    show();
  }
  std::fputs("\n", stdout);
  std::fflush(stdout);
  return out;
}

}  // namespace kafkasim::app

// See terminal_quiz.h.
#include "app/terminal_quiz.h"

#include <fmt/core.h>

namespace kafkasim::app {
namespace {

// The narration's time column ("  40.000s").
std::string TimeColumn(sim::Time t) { return fmt::format("{:>9}", sim::ToString(t)); }

}  // namespace

TerminalQuiz::TerminalQuiz(std::vector<std::string> scripted, std::FILE* input)
    : scripted_(std::move(scripted)), input_(input) {}

std::optional<std::string> TerminalQuiz::Ask(const scenarios::QuestionRecord& q) {
  const scenario::Question& question = q.question;
  fmt::print("{}  ? Question {}: {}\n", TimeColumn(q.at), q.number, question.prompt());
  for (int i = 0; i < question.choices_size(); ++i) {
    fmt::print("{:>14}. {}\n", i + 1, question.choices(i));
  }
  const std::string prompt =
      q.choice() ? fmt::format("your answer (1-{}): ", question.choices_size()) : "your answer: ";
  // A scripted answer; an empty one ("1,,3") leaves the question to the learner, if any.
  if (next_ < scripted_.size() && !scripted_[next_].empty()) {
    const std::string answer = scripted_[next_++];
    fmt::print("{:>13}{}{}\n", "", prompt, answer);
    return answer;
  }
  if (next_ < scripted_.size()) ++next_;
  if (input_ == nullptr) {
    fmt::print("{:>13}(not answered)\n", "");
    return std::nullopt;
  }
  fmt::print("{:>13}{}", "", prompt);
  std::fflush(stdout);
  std::string line;
  int c = std::fgetc(input_);
  for (; c != EOF && c != '\n'; c = std::fgetc(input_)) line += static_cast<char>(c);
  if (c == EOF) {  // the learner is done: the rest go unanswered
    fmt::print("\n");
    input_ = nullptr;
  }
  if (line.empty()) return std::nullopt;
  return line;
}

bool TerminalQuiz::Reveal(const scenarios::QuestionRecord& q) const {
  const char* mark = !q.answer ? "·" : q.right ? "✓" : "✗";
  const char* verdict = !q.answer ? "" : q.right ? "right. " : "not quite. ";
  fmt::print("{}  {} Question {}: {}{}: {}\n", TimeColumn(q.settle_at), mark, q.number, verdict,
             q.choice() ? "Answer" : "Found", q.truth);
  if (!q.unreadable.empty()) fmt::print("{:>13}({})\n", "", q.unreadable);
  if (!q.question.explain().empty()) fmt::print("{:>13}why: {}\n", "", q.question.explain());
  for (const std::string& e : q.evidence) fmt::print("{:>13}seen: {}\n", "", e);
  return false;  // the narrated run goes on
}

void TerminalQuiz::PrintScore(const std::vector<scenarios::QuestionRecord>& questions) {
  const scenarios::Score s = scenarios::ScoreOf(questions);
  if (s.asked == 0) return;
  const int unanswered = s.asked - s.answered;
  fmt::print("score      {} of {} predictions right{}\n", s.right, s.asked,
             unanswered == 0   ? ""
             : unanswered == 1 ? " (1 question unanswered)"
                               : fmt::format(" ({} questions unanswered)", unanswered));
}

}  // namespace kafkasim::app

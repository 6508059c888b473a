// TerminalQuiz: a scenario's questions in `kafkasim run`. Each question is printed in the
// narration when it is posed, with its choices; its answer comes from --answers (in order) or, on
// a terminal, from a line typed at the prompt. Each reveal says right or not, the right answer,
// why, and what the run showed; the report ends with the score.
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "scenarios/questions.h"

namespace kafkasim::app {

class TerminalQuiz {
 public:
  // `scripted`: the answers, in the questions' order; `input`: where a learner types the rest
  // (nullptr: the rest go unanswered).
  TerminalQuiz(std::vector<std::string> scripted, std::FILE* input);

  std::optional<std::string> Ask(const scenarios::QuestionRecord& q);
  // Prints the answer; false (the run goes on).
  bool Reveal(const scenarios::QuestionRecord& q) const;
  // "score      3 of 4 predictions right (1 question unanswered)"; nothing if none was asked.
  static void PrintScore(const std::vector<scenarios::QuestionRecord>& questions);

 private:
  std::vector<std::string> scripted_;
  size_t next_ = 0;
  std::FILE* input_;
};

}  // namespace kafkasim::app

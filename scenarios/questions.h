// Questions: a lesson's predictions, asked before they are shown. A question step is posed before
// anything at its time happens, and settled (judged, with its evidence) once every event up to
// its settle_at has run. Both happen between events, as observations: the book never schedules or
// records anything in the world, so a run's fingerprint is the same with or without answers, and
// with or without its questions.
//
// The runner drives the book (ScenarioRunner::AdvanceTo calls Before(next event's time)); what to
// do with a posed question is the caller's: `kafkasim run` asks in the terminal or takes
// --answers, the view pauses and shows a dialog.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "scenarios/checks.h"
#include "scenarios/scenario.pb.h"
#include "sim/time.h"

namespace kafkasim::scenarios {

struct QuestionRecord {
  int number = 0;  // 1-based, in timeline order
  sim::Time at, settle_at;
  scenario::Question question;
  bool posed = false;
  std::optional<std::string> answer;  // the learner's; nullopt: none given
  bool settled = false;
  bool right = false;                 // the answer was right (false when none was given)
  std::string truth;                  // the right answer in words: the choice, or what was found
  std::vector<std::string> evidence;  // what each evidence check found at settle time
  std::string unreadable;             // why an answer could not be judged, if it could not

  bool choice() const { return question.choices_size() > 0; }
};

// The sentence `check` with the answer in place of {answer}, the answer trimmed, "broker-102"
// read as 102 (as checks name brokers by id) and a list's spaces dropped.
std::string FillAnswer(const std::string& check, const std::string& answer);

// "1,3,[101,103],2": answers split at the commas outside brackets (as `--answers` takes them).
std::vector<std::string> SplitAnswers(const std::string& text);

// For the loader: why a question step is malformed, if it is.
std::optional<std::string> ValidateQuestion(const scenario::Question& question);

class QuestionBook {
 public:
  // Called when a question is posed: the answer if there is one yet, else nullopt.
  using Ask = std::function<std::optional<std::string>(const QuestionRecord&)>;
  // Called when a question settles; true stops the run there (the view pauses on an answer it
  // has not shown yet), as Before() returning false does.
  using Revealed = std::function<bool(const QuestionRecord&)>;
  // Evaluates a check sentence now (the runner's cluster and groups).
  using Evaluator = std::function<CheckOutcome(const Check&)>;

  QuestionBook() = default;
  // Collects the scenario's question steps; a run of `duration` settles what is left at its end.
  QuestionBook(const scenario::Scenario& scenario, sim::Duration duration);
  void Connect(Ask ask, Revealed revealed, Evaluator evaluate, bool stop_at_unanswered);

  // Everything before `t` has run and nothing at `t` has: settles the questions due before `t`
  // and poses those due at or before it. False if the run must stop here because a posed
  // question waits for its answer (stop_at_unanswered), or a reveal asked to stop. O(1) when
  // nothing is due.
  bool Before(sim::Time t) { return !waiting_ && (t < next_mark_ || Due(t)); }
  // The run ends at `now`: settles every posed question then (one that waits goes unanswered).
  void SettleAll(sim::Time now);

  // The question posed and waiting for an answer, if any.
  const QuestionRecord* waiting() const;
  // Answers the waiting question (a choice's number, or a free answer).
  void Answer(const std::string& answer);

  const std::vector<QuestionRecord>& records() const { return records_; }
  // The questions posed so far, in order.
  std::vector<QuestionRecord> Posed() const;
  bool empty() const { return records_.empty(); }

 private:
  bool Due(sim::Time t);
  bool Settle(QuestionRecord& q);  // true: stop the run here

  std::vector<QuestionRecord> records_;
  size_t next_pose_ = 0;                      // records are in time order; settle times are not
  sim::Time next_mark_ = sim::Time::Never();  // nothing is due before it
  Ask ask_;
  Revealed revealed_;
  Evaluator evaluate_;
  bool stop_at_unanswered_ = false;
  std::optional<size_t> waiting_;
};

// Right answers out of the questions asked (an unanswered one is not right).
struct Score {
  int right = 0, answered = 0, asked = 0;
};
Score ScoreOf(const std::vector<QuestionRecord>& records);

}  // namespace kafkasim::scenarios

// See questions.h.
#include "scenarios/questions.h"

#include <algorithm>
#include <cctype>

namespace kafkasim::scenarios {
namespace {

constexpr std::string_view kSlot = "{answer}";

std::string Trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A filled sentence that parses, to learn what the simulation found when no answer (or an
// unreadable one) was given: the answer slot holds a broker, a list, a state or a count.
std::optional<Check> AnyParseableFill(const std::string& check) {
  for (const char* fill : {"0", "[0]", "none", "Stable"}) {
    const auto parsed = ParseCheck(FillAnswer(check, fill));
    if (const auto* c = std::get_if<Check>(&parsed)) return *c;
  }
  return std::nullopt;
}

// The choice an answer names, by its number or its text (case and spaces aside), if any.
std::optional<int> ChoiceOf(const scenario::Question& question, const std::string& answer) {
  const std::string given = Lower(Trim(answer));
  for (int i = 0; i < question.choices_size(); ++i) {
    if (given == std::to_string(i + 1) || given == Lower(Trim(question.choices(i)))) return i + 1;
  }
  return std::nullopt;
}

sim::Time TimeOf(const std::string& text, sim::Time fallback) {
  sim::Duration d;
  return !text.empty() && sim::ParseDuration(text, &d) ? sim::Time::Zero() + d : fallback;
}

}  // namespace

std::vector<std::string> SplitAnswers(const std::string& text) {
  std::vector<std::string> out(1);
  int depth = 0;
  for (const char c : text) {
    if (c == '[') ++depth;
    if (c == ']' && depth > 0) --depth;
    if (c == ',' && depth == 0) {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

std::string FillAnswer(const std::string& check, const std::string& answer) {
  std::string value = Trim(answer);
  if (value.starts_with("broker-") && value.size() > 7 &&
      std::all_of(value.begin() + 7, value.end(), [](char c) { return std::isdigit(c); })) {
    value = value.substr(7);
  }
  if (value.starts_with("[")) {  // "[101, 103]" is the list [101,103]
    std::erase_if(value, [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
  }
  std::string out = check;
  for (size_t at = out.find(kSlot); at != std::string::npos; at = out.find(kSlot, at)) {
    out.replace(at, kSlot.size(), value);
    at += value.size();
  }
  return out;
}

std::optional<std::string> ValidateQuestion(const scenario::Question& q) {
  if (Trim(q.prompt()).empty()) return "a question needs a prompt";
  if (q.choices_size() > 0) {
    if (!q.check().empty()) return "a question has choices or a check, not both";
    if (q.choices_size() < 2) return "a multiple-choice question needs at least two choices";
    if (q.answer() < 1 || q.answer() > q.choices_size()) {
      return "answer is the right choice's number, 1 to " + std::to_string(q.choices_size());
    }
  } else {
    if (q.check().empty()) {
      return "a question needs choices (with the right answer's number) or a check with {answer}";
    }
    if (q.answer() != 0) return "answer is for multiple choice; a check judges a free answer";
    if (q.check().find(kSlot) == std::string::npos) {
      return "the check needs {answer} where the learner's answer goes";
    }
    if (!AnyParseableFill(q.check())) {
      const auto parsed = ParseCheck(FillAnswer(q.check(), "0"));
      return "the check is not a check sentence with {answer} in it: " +
             std::get<std::string>(parsed);
    }
  }
  for (const std::string& e : q.evidence()) {
    const auto parsed = ParseCheck(e);
    if (const auto* why = std::get_if<std::string>(&parsed)) return "evidence '" + e + "': " + *why;
  }
  return std::nullopt;
}

QuestionBook::QuestionBook(const scenario::Scenario& scenario, sim::Duration duration) {
  const sim::Time end = sim::Time::Zero() + duration;
  const auto& timeline = scenario.timeline();
  for (int i = 0; i < timeline.size(); ++i) {
    if (timeline[i].action_case() != scenario::Step::kQuestion) continue;
    QuestionRecord q;
    q.number = static_cast<int>(records_.size()) + 1;
    q.at = TimeOf(timeline[i].at(), sim::Time::Zero());
    q.question = timeline[i].question();
    // By default the answer shows by the next narration after the question's time.
    q.settle_at = end;
    for (int j = i + 1; j < timeline.size(); ++j) {
      const sim::Time t = TimeOf(timeline[j].at(), q.at);
      if (timeline[j].action_case() == scenario::Step::kNarrate && t > q.at) {
        q.settle_at = t;
        break;
      }
    }
    q.settle_at = TimeOf(q.question.settle_at(), q.settle_at);
    records_.push_back(std::move(q));
  }
  next_mark_ = records_.empty() ? sim::Time::Never() : records_.front().at;
}

void QuestionBook::Connect(Ask ask, Revealed revealed, Evaluator evaluate,
                           bool stop_at_unanswered) {
  ask_ = std::move(ask);
  revealed_ = std::move(revealed);
  evaluate_ = std::move(evaluate);
  stop_at_unanswered_ = stop_at_unanswered;
}

bool QuestionBook::Due(sim::Time t) {
  bool go_on = true;
  for (QuestionRecord& q : records_) {
    if (q.posed && !q.settled && q.settle_at < t && Settle(q)) go_on = false;
  }
  for (; go_on && next_pose_ < records_.size() && records_[next_pose_].at <= t; ++next_pose_) {
    QuestionRecord& q = records_[next_pose_];
    q.posed = true;
    if (ask_) q.answer = ask_(q);
    if (!q.answer && stop_at_unanswered_) {
      waiting_ = next_pose_;  // the loop steps past it
      go_on = false;
    }
  }
  // The next time anything is due: a pose at its time, a settle just after its settle_at.
  next_mark_ = next_pose_ < records_.size() ? records_[next_pose_].at : sim::Time::Never();
  for (const QuestionRecord& q : records_) {
    if (q.posed && !q.settled) {
      next_mark_ = std::min(next_mark_, q.settle_at + sim::Duration::Nanos(1));
    }
  }
  return go_on;
}

void QuestionBook::SettleAll(sim::Time now) {
  waiting_.reset();
  for (QuestionRecord& q : records_) {
    if (!q.posed || q.settled) continue;
    q.settle_at = std::min(q.settle_at, now);  // when it was judged
    Settle(q);
  }
}

std::vector<QuestionRecord> QuestionBook::Posed() const {
  std::vector<QuestionRecord> out;
  for (const QuestionRecord& q : records_) {
    if (q.posed) out.push_back(q);
  }
  return out;
}

const QuestionRecord* QuestionBook::waiting() const {
  return waiting_ ? &records_[*waiting_] : nullptr;
}

void QuestionBook::Answer(const std::string& answer) {
  if (!waiting_) return;
  records_[*waiting_].answer = answer;
  waiting_.reset();
}

bool QuestionBook::Settle(QuestionRecord& q) {
  q.settled = true;
  const scenario::Question& question = q.question;
  if (q.choice()) {
    const int right = question.answer();
    q.truth = std::to_string(right) + ". " + question.choices(right - 1);
    if (q.answer) {
      const std::optional<int> chosen = ChoiceOf(question, *q.answer);
      q.right = chosen == right;
      if (!chosen) {
        q.unreadable = "'" + Trim(*q.answer) + "' is not one of the choices 1 to " +
                       std::to_string(question.choices_size());
      }
    }
  } else if (evaluate_) {
    std::optional<Check> probe = AnyParseableFill(question.check());
    if (q.answer) {
      const auto parsed = ParseCheck(FillAnswer(question.check(), *q.answer));
      if (const auto* check = std::get_if<Check>(&parsed)) {
        const CheckOutcome outcome = evaluate_(*check);
        q.right = outcome.passed;
        q.truth = outcome.actual;
        probe.reset();
      } else {
        q.unreadable = "cannot read '" + Trim(*q.answer) + "': " + std::get<std::string>(parsed);
      }
    }
    if (probe) q.truth = evaluate_(*probe).actual;
  }
  if (evaluate_) {
    for (const std::string& e : question.evidence()) {
      const auto parsed = ParseCheck(e);
      if (const auto* check = std::get_if<Check>(&parsed)) {
        q.evidence.push_back(evaluate_(*check).actual);
      }
    }
  }
  return revealed_ && revealed_(q);
}

Score ScoreOf(const std::vector<QuestionRecord>& records) {
  Score s;
  for (const QuestionRecord& q : records) {
    if (!q.posed) continue;
    ++s.asked;
    if (q.answer) ++s.answered;
    if (q.right) ++s.right;
  }
  return s;
}

}  // namespace kafkasim::scenarios

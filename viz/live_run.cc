// See live_run.h.
#include "viz/live_run.h"

#include <google/protobuf/text_format.h>

#include <algorithm>
#include <fstream>

namespace kafkasim::viz {
namespace {

sim::Time StepTime(const scenario::Step& step) {
  sim::Duration d = sim::Duration::Zero();
  sim::ParseDuration(step.at(), &d);
  return sim::Time::Zero() + d;
}

std::string MillisText(sim::Time t) { return std::to_string(t.SinceZero().millis()) + "ms"; }
std::string NanosText(sim::Time t) { return std::to_string(t.SinceZero().nanos()) + "ns"; }

}  // namespace

LiveRun::LiveRun(scenario::Scenario scenario, std::optional<uint64_t> seed, bool check_invariants)
    : scenario_(std::move(scenario)), seed_(seed), check_invariants_(check_invariants) {
  // Narrations at one time form one page.
  for (const scenario::Step& step : scenario_.timeline()) {
    if (step.action_case() != scenario::Step::kNarrate) continue;
    if (!lesson_steps_.empty() && lesson_steps_.back().first == StepTime(step)) {
      lesson_steps_.back().second += " " + step.narrate();
    } else {
      lesson_steps_.emplace_back(StepTime(step), step.narrate());
    }
  }
  for (const scenario::Step& step : scenario_.timeline()) {
    if (step.action_case() == scenario::Step::kQuestion) ++question_count_;
  }
  Restart();
}

LiveRun::~LiveRun() {
  // The runner's trace points at the sinks below; it goes first.
  if (runner_) runner_->world().SetSendObserver(nullptr);
  runner_.reset();
}

scenario::Scenario LiveRun::RecordedScenario() const {
  scenario::Scenario out = scenario_;
  // Merge by time; at equal times the file's own steps come first, then the recorded ones in the
  // order they were made (the loader wants the timeline in order, and the runner keeps it).
  std::vector<scenario::Step> merged(scenario_.timeline().begin(), scenario_.timeline().end());
  for (const scenario::Step& step : recorded_) merged.push_back(step);
  std::stable_sort(merged.begin(), merged.end(),
                   [](const auto& a, const auto& b) { return StepTime(a) < StepTime(b); });
  out.clear_timeline();
  // It lasts until now (below), to the nanosecond, and names the seed it ran with.
  const bool ends_now = !recorded_.empty() || now() > sim::Time::Zero();
  for (scenario::Step& step : merged) {
    // A question after the end is never asked; one that would settle after it settles at the end.
    if (ends_now && step.action_case() == scenario::Step::kQuestion) {
      if (StepTime(step) > now()) continue;
      sim::Duration settle;
      if (sim::ParseDuration(step.question().settle_at(), &settle) &&
          sim::Time::Zero() + settle > now()) {
        step.mutable_question()->clear_settle_at();
      }
    }
    *out.add_timeline() = std::move(step);
  }
  if (ends_now) {
    out.set_duration(now().SinceZero().nanos() % 1'000'000 == 0 ? MillisText(now())
                                                                : NanosText(now()));
  }
  if (seed_) out.set_seed(*seed_);
  return out;
}

bool LiveRun::SaveAsScenario(const std::string& path, std::string* error) const {
  std::string text;
  if (!google::protobuf::TextFormat::PrintToString(RecordedScenario(), &text)) {
    if (error) *error = "cannot print the scenario";
    return false;
  }
  std::ofstream out(path);
  out << "# Recorded in kafkasim's view: the scenario with every action taken, at its time.\n"
      << text;
  if (!out) {
    if (error) *error = "cannot write " + path;
    return false;
  }
  return true;
}

void LiveRun::Restart() {
  if (runner_) runner_->world().SetSendObserver(nullptr);
  events_.Clear();
  narration_.clear();
  packets_.Clear();
  lag_.Clear();
  metrics_.Clear();
  ++starts_;
  scenarios::RunOptions options;
  options.seed = seed_;
  options.check_invariants = check_invariants_;
  options.sample_every = sim::Duration::Seconds(1);
  options.sample = [this](sim::Time at) {
    lag_.Sample(runner_->cluster(), at);
    metrics_.Sample(runner_->cluster(), at);
  };
  reveals_.clear();
  if (ask_questions_) {
    options.stop_at_unanswered = true;
    options.ask = [this](const scenarios::QuestionRecord& q) -> std::optional<std::string> {
      const auto it = answers_.find(q.number);
      if (it == answers_.end()) return std::nullopt;
      return it->second;
    };
    // An answer not shown yet stops the run where it settled, so the dialog shows the cluster
    // of that moment.
    options.revealed = [this](const scenarios::QuestionRecord& q) {
      if (!q.answer || shown_reveals_.contains(q.number)) return false;
      reveals_.push_back(q.number);
      return true;
    };
  }
  scenario::Scenario played = scenario_;
  if (!recorded_.empty()) {
    played = RecordedScenario();
    played.set_duration(scenario_.duration());  // the run may go on past it either way
  }
  runner_ = std::make_unique<scenarios::ScenarioRunner>(played, std::move(options));
  narrator_ = std::make_unique<scenarios::Narrator>([this](const std::string& line) {
    narration_.push_back({runner_->world().Now(), line});
  });
  runner_->world().trace().AddSink(&events_);
  runner_->world().trace().AddSink(narrator_.get());
  packets_.Observe(runner_->world());
  runner_->Begin();
}

sim::Time LiveRun::now() const { return runner_->world().Now(); }

sim::Time LiveRun::end() const { return sim::Time::Zero() + runner_->duration(); }

uint64_t LiveRun::fingerprint() const { return runner_->world().trace().fingerprint(); }

void LiveRun::AdvanceTo(sim::Time t) {
  if (t <= now()) return;
  packets_.KeepArrivingAfter(t - InFlight::kHorizon);
  runner_->AdvanceTo(t);
  AfterAdvance();
}

bool LiveRun::StepOneEvent() {
  packets_.KeepArrivingAfter(now());
  const bool stepped = runner_->StepOne();
  AfterAdvance();
  return stepped;
}

void LiveRun::RunToNextMark(sim::Duration limit) {
  // Not past the scenario's end while before it: the lesson stops there.
  sim::Time until = now() + limit;
  if (now() < end()) until = std::min(until, end());
  const size_t narrated = narration_.size();
  // One event at a time until the narrator has said something new: a narration, a step, or a
  // fault's consequence it reports.
  packets_.KeepArrivingAfter(now());
  for (uint64_t steps = 1; now() < until && narration_.size() == narrated; ++steps) {
    if (runner_->world().scheduler().NextEventTime() > until) {
      AdvanceTo(until);
      break;
    }
    if (!runner_->StepOne()) break;
    if (steps % 4096 == 0) AfterAdvance();  // keep only the packets a frame can show
  }
  AfterAdvance();
}

void LiveRun::SeekTo(sim::Time t) {
  if (live()) return;  // the wall clock moves a live run, in both directions of no
  if (t < now()) Restart();
  AdvanceTo(t);
}

void LiveRun::Act(scenario::Step step) {
  const sim::Time at = sim::Time::Zero() + sim::Duration::Millis(now().SinceZero().millis());
  step.set_at(MillisText(at));
  if (live()) {
    recorded_.push_back(step);
    live_act_(step);
    AfterAdvance();
    return;
  }
  recorded_.push_back(std::move(step));
  const sim::Time back_to = now();
  Restart();
  AdvanceTo(back_to);
}

std::optional<sim::Time> LiveRun::LastFault() const {
  std::optional<sim::Time> last;
  const auto consider = [&](const scenario::Step& step) {
    using A = scenario::Step::ActionCase;
    switch (step.action_case()) {
      case A::kKill:
      case A::kPowerLoss:
      case A::kPause:
      case A::kCut:
      case A::kSplit:
      case A::kStop:
      case A::kSlow:
      case A::kExpireSession: {
        const sim::Time at = StepTime(step);
        if (at <= now() && (!last || at > *last)) last = at;
        break;
      }
      default:
        break;
    }
  };
  for (const scenario::Step& step : scenario_.timeline()) consider(step);
  for (const scenario::Step& step : recorded_) consider(step);
  return last;
}

void LiveRun::AskQuestions(std::vector<std::string> answers) {
  ask_questions_ = true;
  for (size_t i = 0; i < answers.size(); ++i) answers_[static_cast<int>(i) + 1] = answers[i];
  Restart();
}

void LiveRun::Answer(const std::string& answer) {
  const scenarios::QuestionRecord* q = runner_->waiting_question();
  if (q == nullptr) return;
  answers_[q->number] = answer;
  runner_->Answer(answer);
}

const scenarios::QuestionRecord* LiveRun::reveal() const {
  for (const int number : reveals_) {
    if (!shown_reveals_.contains(number)) return &runner_->questions()[number - 1];
  }
  return nullptr;
}

size_t LiveRun::reveals_waiting() const {
  return static_cast<size_t>(std::count_if(reveals_.begin(), reveals_.end(), [this](int number) {
    return !shown_reveals_.contains(number);
  }));
}

void LiveRun::DismissReveal() {
  if (const scenarios::QuestionRecord* q = reveal()) shown_reveals_.insert(q->number);
}

void LiveRun::GoLive(std::function<void(const scenario::Step&)> act, std::string banner) {
  live_act_ = std::move(act);
  live_banner_ = std::move(banner);
}

void LiveRun::ApplyRequests() {
  std::vector<std::function<void(LiveRun&)>> requests;
  requests.swap(requests_);
  for (auto& change : requests) change(*this);
}

void LiveRun::AfterAdvance() { packets_.Prune(now() - InFlight::kHorizon); }

}  // namespace kafkasim::viz

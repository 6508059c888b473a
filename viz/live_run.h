// LiveRun: a scenario played under the user's hand, what the view shows. It owns the runner and
// the sinks the panels read (event log, narration, packets in flight, lag history), and moves
// simulated time: by an amount, one event at a time, to the next narration or step, or back (by
// running again from the start, which gives the same state: a run is a pure function of the file
// and the seed).
//
// Everything the user does (a fault, a Kafka command) becomes a timeline step at the current
// time, rounded down to the millisecond, and the run is replayed from the start with it. So the
// state on screen is always exactly what the recorded scenario produces, and "Save as scenario"
// writes a file that replays to the same fingerprint.
//
// A served run (`kafkasim view --serve`) is live instead: real clients and the wall clock move it,
// so it cannot be replayed from the start. Then actions go to the server at the current time, and
// time only goes forwards.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "scenarios/narrator.h"
#include "scenarios/runner.h"
#include "viz/event_log.h"
#include "viz/lag_history.h"
#include "viz/metrics_history.h"
#include "viz/packets.h"

namespace kafkasim::viz {

struct NarrationLine {
  sim::Time at;
  std::string text;  // as the text run prints it, time first
};

class LiveRun {
 public:
  // `check_invariants`: as RunOptions has it (a benchmark's huge cluster turns it off).
  LiveRun(scenario::Scenario scenario, std::optional<uint64_t> seed = std::nullopt,
          bool check_invariants = true);
  ~LiveRun();

  // ---- time ----
  sim::Time now() const;
  sim::Time end() const;        // the scenario's duration
  void AdvanceTo(sim::Time t);  // forwards only; earlier times are SeekTo's
  void AdvanceBy(sim::Duration d) { AdvanceTo(now() + d); }
  // Runs exactly one event; false if none is left.
  bool StepOneEvent();
  // Runs until the next narration, fault or command of the timeline, at most `limit`.
  void RunToNextMark(sim::Duration limit);
  // Any time: forwards by advancing, backwards by replaying from the start (a live run does not
  // seek).
  void SeekTo(sim::Time t);

  // ---- the user's actions ----
  // Records `step` at now (rounded down to the millisecond) and replays up to now with it.
  void Act(scenario::Step step);
  const std::vector<scenario::Step>& recorded() const { return recorded_; }
  // The scenario with the recorded steps in its timeline, lasting until now.
  scenario::Scenario RecordedScenario() const;
  // Writes RecordedScenario() as a text-format file; false (and `error`) if it cannot.
  bool SaveAsScenario(const std::string& path, std::string* error) const;

  // ---- questions (scenarios/questions.h) ----
  // From now on the run stops at each question the learner has not answered (the first
  // `answers` are given already, in order); off until called. Starts the run again from zero.
  void AskQuestions(std::vector<std::string> answers = {});
  bool asks_questions() const { return ask_questions_; }
  // The question the run waits at, if any; Answer gives its answer (kept for replays) and the
  // run can go on.
  const scenarios::QuestionRecord* waiting_question() const { return runner_->waiting_question(); }
  void Answer(const std::string& answer);
  // An answered question that settled and has not been shown yet, if any; Dismiss marks it shown.
  const scenarios::QuestionRecord* reveal() const;
  void DismissReveal();
  size_t reveals_waiting() const;
  const std::vector<scenarios::QuestionRecord>& questions() const { return runner_->questions(); }
  int question_count() const { return question_count_; }

  // ---- serving real clients ----
  // From now on the run is live: the user's actions go to `act` at the current time (which
  // applies them and records them in the session), seeking does nothing, and
  // `banner` (where to connect) is shown in place of the time controls.
  void GoLive(std::function<void(const scenario::Step&)> act, std::string banner);
  bool live() const { return static_cast<bool>(live_act_); }
  const std::string& live_banner() const { return live_banner_; }

  // A change asked for while a frame is being drawn (an action, a seek): the panels hold
  // references into the model, so changes wait for the frame's end (ApplyRequests).
  void Request(std::function<void(LiveRun&)> change) { requests_.push_back(std::move(change)); }
  void ApplyRequests();

  // ---- what the panels read ----
  const scenario::Scenario& scenario() const { return scenario_; }
  scenarios::ScenarioRunner& runner() { return *runner_; }
  kafka::Cluster& cluster() { return runner_->cluster(); }
  const kafka::Cluster& cluster() const { return runner_->cluster(); }
  const EventLog& events() const { return events_; }
  const std::vector<NarrationLine>& narration() const { return narration_; }
  InFlight& packets() { return packets_; }
  const LagHistory& lag() const { return lag_; }
  const MetricsHistory& metrics() const { return metrics_; }
  // When the last fault step (kill, power loss, pause, cut, split, stop, slow, session expiry) at
  // or before now took effect, if any: the metrics panel shows how each metric moved since.
  std::optional<sim::Time> LastFault() const;
  // The scenario's narrate steps, in time order (the lesson panel's pages).
  const std::vector<std::pair<sim::Time, std::string>>& lesson_steps() const {
    return lesson_steps_;
  }
  // The run's fingerprint so far.
  uint64_t fingerprint() const;
  // Ends the run as `kafkasim run` does at its end: checks the expectations now (which records
  // them in the trace) and reports. The run should not go on after it.
  scenarios::RunReport Finish() { return runner_->Finish(); }
  // How many times the run was started from zero (1 + replays).
  int starts() const { return starts_; }

 private:
  void Restart();  // a fresh runner on scenario_ + recorded_, at time zero
  void AfterAdvance();

  scenario::Scenario scenario_;
  std::optional<uint64_t> seed_;
  bool check_invariants_;
  std::vector<scenario::Step> recorded_;
  std::vector<std::pair<sim::Time, std::string>> lesson_steps_;
  std::unique_ptr<scenarios::ScenarioRunner> runner_;
  EventLog events_;
  std::vector<NarrationLine> narration_;
  std::unique_ptr<scenarios::Narrator> narrator_;
  InFlight packets_;
  LagHistory lag_;
  MetricsHistory metrics_;
  int starts_ = 0;
  std::vector<std::function<void(LiveRun&)>> requests_;
  std::function<void(const scenario::Step&)> live_act_;
  std::string live_banner_;
  bool ask_questions_ = false;
  int question_count_ = 0;
  std::map<int, std::string> answers_;  // by question number, across replays
  std::set<int> shown_reveals_;         // ... and the reveals already shown
  std::vector<int> reveals_;            // settled, answered, in the order they settled
};

}  // namespace kafkasim::viz

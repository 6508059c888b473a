// The lesson panel: the scenario's name, and the narration step the run is at, with the one
// before and the one after; Previous and Next move time to them (Previous replays from the
// start, as every move back does). Under them, a prediction waiting for its answer, or the score.
#include <string>

#include "viz/panels/panels.h"

namespace kafkasim::viz {
namespace {

// A prediction on its way to its answer (with a way to skip there), and the score so far.
void DrawPredictions(LiveRun& run, ViewState& view) {
  if (!run.asks_questions() || run.question_count() == 0) return;
  for (const scenarios::QuestionRecord& q : run.questions()) {
    if (!q.posed || q.settled || !q.answer) continue;
    ImGui::TextColored(ImVec4(0.95f, 0.8f, 0.35f, 1), "Your prediction: %s; the answer by %s.",
                       q.answer->c_str(), sim::ToString(q.settle_at.SinceZero()).c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("Skip ahead")) {
      const sim::Time to = q.settle_at + sim::Duration::Nanos(1);
      run.Request([to](LiveRun& r) { r.SeekTo(to); });
    }
    RecordHitBox(view, "question:skip");
    return;
  }
  const scenarios::Score s = scenarios::ScoreOf(run.questions());
  if (s.answered > 0) {
    ImGui::TextDisabled("Predictions: %d of %d right (%d questions in this lesson)", s.right,
                        s.asked, run.question_count());
  }
}

}  // namespace

void DrawLessonPanel(LiveRun& run, ViewState& view, const Area& area) {
  if (!BeginPanel("Lesson", area)) {
    ImGui::End();
    return;
  }
  ImGui::TextWrapped("%s", run.scenario().name().c_str());
  const auto& steps = run.lesson_steps();
  // The current step: the last one at or before now.
  int current = -1;
  for (size_t i = 0; i < steps.size(); ++i) {
    if (steps[i].first <= run.now()) current = static_cast<int>(i);
  }
  ImGui::Separator();
  if (steps.empty()) {
    ImGui::TextWrapped("%s", run.scenario().description().c_str());
  } else if (current < 0) {
    ImGui::TextDisabled("Before the first step (at %s).",
                        sim::ToString(steps[0].first.SinceZero()).c_str());
    ImGui::TextWrapped("%s", run.scenario().description().c_str());
  } else {
    ImGui::TextDisabled(
        "Step %d of %zu, at %s", current + 1, steps.size(),
        sim::ToString(steps[static_cast<size_t>(current)].first.SinceZero()).c_str());
    ImGui::TextWrapped("%s", steps[static_cast<size_t>(current)].second.c_str());
  }
  ImGui::Spacing();
  const bool has_previous = current > 0;
  const bool has_next = current + 1 < static_cast<int>(steps.size());
  ImGui::BeginDisabled(!has_previous);
  if (ImGui::Button("< Previous step")) {
    const sim::Time to = steps[static_cast<size_t>(current - 1)].first;
    run.Request([to](LiveRun& r) { r.SeekTo(to); });
    view.playing = false;
  }
  RecordHitBox(view, "lesson:previous");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(!has_next);
  if (ImGui::Button("Next step >")) {
    const sim::Time to = steps[static_cast<size_t>(current + 1)].first;
    run.Request([to](LiveRun& r) { r.SeekTo(to); });
    view.playing = false;
  }
  RecordHitBox(view, "lesson:next");
  ImGui::EndDisabled();
  if (has_next) {
    ImGui::SameLine();
    ImGui::TextDisabled("next: %s", steps[static_cast<size_t>(current + 1)].second.c_str());
  }
  DrawPredictions(run, view);
  ImGui::End();
}

}  // namespace kafkasim::viz

// The lesson panel: the scenario's name, and the narration step the run is at, with the one
// before and the one after; Previous and Next move time to them (Previous replays from the
// start, as every move back does).
#include <string>

#include "viz/panels/panels.h"

namespace kafkasim::viz {

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
  ImGui::End();
}

}  // namespace kafkasim::viz

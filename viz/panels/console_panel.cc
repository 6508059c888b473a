// The console panel: the narrated run as `kafkasim run` prints it, and a prompt that takes
// Kafka's own tools (kafka-topics, kafka-console-producer, kafka-console-consumer,
// kafka-consumer-groups, kafka-server-start/-stop, ...). A typed command becomes a step at the
// current time; a console producer reads the lines typed after it, up to an empty line, as a
// terminal reads them up to Ctrl-D. While paused, the run moves on two seconds so the answer shows.
// Up and Down recall the lines typed before, as a shell does.
#include <algorithm>
#include <cstring>
#include <string>

#include "scenarios/shell/shell.h"
#include "viz/panels/panels.h"

namespace kafkasim::viz {
namespace {

// Up and Down walk the lines typed before (newest first); Down past the newest clears the line.
int RecallHistory(ImGuiInputTextCallbackData* data) {
  auto& view = *static_cast<ViewState*>(data->UserData);
  const int count = static_cast<int>(view.console_history.size());
  if (data->EventFlag != ImGuiInputTextFlags_CallbackHistory || count == 0) return 0;
  const int before = view.history_back;
  if (data->EventKey == ImGuiKey_UpArrow) {
    view.history_back = std::min(view.history_back + 1, count - 1);
  } else if (data->EventKey == ImGuiKey_DownArrow) {
    view.history_back = std::max(view.history_back - 1, -1);
  }
  if (view.history_back == before) return 0;
  data->DeleteChars(0, data->BufTextLen);
  if (view.history_back >= 0) {
    data->InsertChars(
        0, view.console_history[static_cast<size_t>(count - 1 - view.history_back)].c_str());
  }
  return 0;
}

}  // namespace

void DrawConsolePanel(LiveRun& run, ViewState& view, const Area& area) {
  if (!BeginPanel("Console", area)) {
    ImGui::End();
    return;
  }
  const auto& lines = run.narration();
  const float input_h = ImGui::GetFrameHeightWithSpacing() + 4;
  ImGui::BeginChild("output", ImVec2(0, -input_h), false, ImGuiWindowFlags_HorizontalScrollbar);
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(lines.size()));
  while (clipper.Step()) {
    for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
      ImGui::TextUnformatted(lines[static_cast<size_t>(i)].text.c_str());
    }
  }
  if (view.console_follow) ImGui::SetScrollHereY(1.0f);
  view.console_follow = ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 1;
  ImGui::EndChild();

  const bool producing = !view.producer_command.empty();
  ImGui::TextUnformatted(producing ? ">" : "$");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(-1);
  const bool entered =
      ImGui::InputText("##command", view.console_input, sizeof view.console_input,
                       ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CallbackHistory,
                       RecallHistory, &view);
  RecordHitBox(view, "console:input");
  if (entered) {
    const std::string line = view.console_input;
    view.console_input[0] = '\0';
    view.history_back = -1;
    ImGui::SetKeyboardFocusHere(-1);
    if (producing) {
      if (line.empty()) {  // the end of the producer's input
        const bool paused = !view.playing;
        run.Request(
            [step = CommandStep(view.producer_command, view.producer_input), paused](LiveRun& r) {
              r.Act(step);
              if (paused) r.AdvanceBy(sim::Duration::Seconds(2));
            });
        view.producer_command.clear();
        view.producer_input.clear();
      } else {
        view.producer_input.push_back(line);
      }
    } else if (line.starts_with("kafka-console-producer") && !scenarios::KafkaShell::Check(line)) {
      view.producer_command = line;
      view.console_history.push_back(line);
      view.status = "type the records, one per line; an empty line ends the input";
    } else if (const auto error = scenarios::KafkaShell::Check(line); error && !line.empty()) {
      view.status = *error;  // as the tool would print it; nothing is recorded
    } else if (!line.empty()) {
      view.console_history.push_back(line);
      const bool paused = !view.playing;
      run.Request([step = CommandStep(line, {}), paused](LiveRun& r) {
        r.Act(step);
        if (paused) r.AdvanceBy(sim::Duration::Seconds(2));
      });
    }
  }
  ImGui::End();
}

}  // namespace kafkasim::viz

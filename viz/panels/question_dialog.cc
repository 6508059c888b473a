// The question dialog, over the other panels. While the run waits at a question, it asks: the
// prompt, a button per choice or a box for a free answer. Answering plays the run on to the
// moment that settles it (the lesson panel can skip there). Then it reveals: right or not, the
// answer, why, and the evidence (what the question's checks found, and the narration since it
// was asked), until Continue.
#include <imgui.h>

#include <algorithm>
#include <string>

#include "viz/palette.h"
#include "viz/panels/panels.h"

namespace kafkasim::viz {
namespace {

constexpr ImGuiWindowFlags kDialogFlags = ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoResize |
                                          ImGuiWindowFlags_NoMove |
                                          ImGuiWindowFlags_NoSavedSettings;

ImVec4 Colour(uint32_t rgba) {
  const palette::Rgb c = palette::ToRgb(rgba);
  return ImVec4(c.r / 255.0f, c.g / 255.0f, c.b / 255.0f, 1);
}

// Focused when it appears (not every frame: the console keeps the keyboard once clicked).
bool BeginDialog(ViewState& view, const std::string& key, const char* title, float width,
                 float height) {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  width = std::min(width, display.x - 40);
  ImGui::SetNextWindowPos(ImVec2((display.x - width) / 2, std::max(70.0f, display.y * 0.18f)));
  ImGui::SetNextWindowSize(ImVec2(width, height));
  if (view.question_dialog != key) ImGui::SetNextWindowFocus();
  view.question_dialog = key;
  ImGui::SetNextWindowBgAlpha(1.0f);
  return ImGui::Begin(title, nullptr, kDialogFlags);
}

void Heading(const scenarios::QuestionRecord& q, int count) {
  ImGui::TextDisabled("Question %d of %d, at %s", q.number, count,
                      sim::ToString(q.at.SinceZero()).c_str());
  ImGui::Spacing();
  ImGui::TextWrapped("%s", q.question.prompt().c_str());
  ImGui::Spacing();
}

void DrawAsk(LiveRun& run, ViewState& view, const scenarios::QuestionRecord& q) {
  view.playing = false;
  if (!BeginDialog(view, "ask " + std::to_string(q.number), "Predict###question", 620, 0)) {
    ImGui::End();
    return;
  }
  Heading(q, run.question_count());
  const auto answer = [&](std::string text) {
    run.Request([text](LiveRun& r) { r.Answer(text); });
    view.answer_input[0] = '\0';
    view.playing = true;  // on to the moment that settles it
    view.status = "Your prediction is in: watch what happens.";
  };
  if (q.choice()) {
    for (int i = 0; i < q.question.choices_size(); ++i) {
      const std::string label = std::to_string(i + 1) + ". " + q.question.choices(i);
      ImGui::PushTextWrapPos(0);
      if (ImGui::Button(label.c_str(), ImVec2(-1, 0))) answer(std::to_string(i + 1));
      ImGui::PopTextWrapPos();
      RecordHitBox(view, "question:choice:" + std::to_string(i + 1));
    }
  } else {
    ImGui::SetNextItemWidth(-90);
    const bool entered = ImGui::InputText("##answer", view.answer_input, sizeof view.answer_input,
                                          ImGuiInputTextFlags_EnterReturnsTrue);
    RecordHitBox(view, "question:input");
    ImGui::SameLine();
    if ((ImGui::Button("Answer") || entered) && view.answer_input[0] != '\0') {
      answer(view.answer_input);
    }
    RecordHitBox(view, "question:answer");
    ImGui::TextDisabled("e.g. a broker id such as 102, or a list such as [101,103]");
  }
  ImGui::End();
}

void DrawReveal(LiveRun& run, ViewState& view, const scenarios::QuestionRecord& q) {
  view.playing = false;
  if (!BeginDialog(view, "reveal " + std::to_string(q.number), "The answer###question", 680, 0)) {
    ImGui::End();
    return;
  }
  Heading(q, run.question_count());
  ImGui::PushStyleColor(ImGuiCol_Text, Colour(q.right ? palette::kLeader : palette::kOffline));
  ImGui::TextWrapped("%s You said %s.", q.right ? "Right!" : "Not quite.", q.answer->c_str());
  ImGui::PopStyleColor();
  if (!q.unreadable.empty()) ImGui::TextDisabled("(%s)", q.unreadable.c_str());
  ImGui::TextWrapped("The answer: %s", q.truth.c_str());
  if (!q.question.explain().empty()) {
    ImGui::Spacing();
    ImGui::TextWrapped("%s", q.question.explain().c_str());
  }
  // The evidence: the question's own checks, then the narration since it was asked (the last
  // few lines).
  ImGui::Spacing();
  ImGui::Separator();
  ImGui::TextUnformatted("What the run showed:");
  for (const std::string& e : q.evidence) ImGui::BulletText("%s", e.c_str());
  const auto& lines = run.narration();
  size_t first = lines.size();
  while (first > 0 && lines[first - 1].at >= q.at) --first;
  constexpr size_t kShown = 8;
  if (lines.size() - first > kShown) first = lines.size() - kShown;
  for (size_t i = first; i < lines.size(); ++i) {
    ImGui::TextDisabled("%s", lines[i].text.c_str());
  }
  ImGui::Spacing();
  if (ImGui::Button("Continue", ImVec2(120, 0))) {
    run.Request([](LiveRun& r) { r.DismissReveal(); });
    // Play on, unless another answer waits or the lesson is over.
    view.playing = run.reveals_waiting() == 1 && run.now() < run.end();
  }
  RecordHitBox(view, "question:continue");
  ImGui::End();
}

}  // namespace

void DrawQuestionDialog(LiveRun& run, ViewState& view) {
  if (const scenarios::QuestionRecord* q = run.waiting_question()) {
    DrawAsk(run, view, *q);
  } else if (const scenarios::QuestionRecord* r = run.reveal()) {
    DrawReveal(run, view, *r);
  } else {
    view.question_dialog.clear();
  }
}

}  // namespace kafkasim::viz

// The console's line editor, fed the bytes a terminal sends: typing and moving inside the line,
// deleting, clearing, Up and Down through earlier lines (the line being typed comes back), the
// redraw sequence, and the ends (Enter, Ctrl-D on an empty line, Ctrl-C).
#include "app/line_editor.h"

#include <gtest/gtest.h>

namespace kafkasim::app {
namespace {

LineEditor::Result Type(LineEditor& e, const std::string& bytes) {
  LineEditor::Result r = LineEditor::Result::kEditing;
  for (const char b : bytes) r = e.Feed(b);
  return r;
}

const std::string kUp = "\x1b[A", kDown = "\x1b[B", kLeft = "\x1b[D", kRight = "\x1b[C",
                  kHome = "\x1b[H", kEnd = "\x1b[F", kDelete = "\x1b[3~";

TEST(LineEditor, EditsInsideTheLine) {
  LineEditor e;
  e.Start("$ ");
  Type(e, "kil 102");
  Type(e, kLeft + kLeft + kLeft + kLeft);
  Type(e, "l");  // "kill 102"
  EXPECT_EQ(e.line(), "kill 102");
  Type(e, kHome + kDelete + "K" + kEnd + "\x7f" + "3");
  EXPECT_EQ(e.line(), "Kill 103");
  EXPECT_EQ(Type(e, "\r"), LineEditor::Result::kLine);
  e.Start("$ ");
  Type(e, "status\x01\x15");  // Ctrl-A then Ctrl-U: nothing before the cursor to clear
  EXPECT_EQ(e.line(), "status");
  Type(e, "\x05\x15");  // Ctrl-E, Ctrl-U: all of it
  EXPECT_EQ(e.line(), "");
}

TEST(LineEditor, UpAndDownWalkTheEarlierLinesAndComeBackToTheNewOne) {
  LineEditor e;
  e.Remember("kafka-topics --list");
  e.Remember("kill broker-102");
  e.Remember("kill broker-102");  // the same again: kept once
  e.Remember("");
  EXPECT_EQ(e.history().size(), 2u);
  e.Start("$ ");
  Type(e, "adv");
  Type(e, kUp);
  EXPECT_EQ(e.line(), "kill broker-102");
  Type(e, kUp + kUp);  // no older line than the first
  EXPECT_EQ(e.line(), "kafka-topics --list");
  EXPECT_EQ(e.cursor(), e.line().size());
  Type(e, kDown + kDown);
  EXPECT_EQ(e.line(), "adv") << "the line being typed comes back";
  Type(e, kDown);
  EXPECT_EQ(e.line(), "adv");
  Type(e, kUp + "\x7f" + "3");  // a recalled line can be edited
  EXPECT_EQ(e.line(), "kill broker-103");
}

TEST(LineEditor, TheScreenRedrawsTheLineWithTheCursorInPlace) {
  LineEditor e;
  e.Start("$ ");
  Type(e, "abc" + kLeft + kLeft);
  EXPECT_EQ(e.Screen(), "\r$ abc\x1b[K\x1b[2D");
  Type(e, kEnd);
  EXPECT_EQ(e.Screen(), "\r$ abc\x1b[K");
}

TEST(LineEditor, CtrlDEndsAnEmptyLineOnlyAndCtrlCDropsTheLine) {
  LineEditor e;
  e.Start("$ ");
  Type(e, "ab" + kLeft);
  EXPECT_EQ(Type(e, "\x04"), LineEditor::Result::kEditing);  // deletes under the cursor
  EXPECT_EQ(e.line(), "a");
  EXPECT_EQ(Type(e, "\x03"), LineEditor::Result::kInterrupted);
  e.Start("$ ");
  EXPECT_EQ(Type(e, "\x04"), LineEditor::Result::kEndOfInput);
}

}  // namespace
}  // namespace kafkasim::app

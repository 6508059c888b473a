// ViewState: what the view remembers between frames that is not the model: the selection, which
// panels are open, the time controls, the filters and the console's input. Panels read the model
// from the LiveRun each frame and keep no copy of it; only scratch buffers (reused, never
// reallocated per frame) live here beside the user's choices.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/common/ids.h"
#include "sim/node_id.h"

namespace kafkasim::viz {

struct ViewState {
  // Time.
  bool playing = false;
  double speed = 1.0;      // simulated seconds per wall second, 0.01 to 1000
  double scrub_to_s = -1;  // a pending seek from the slider

  // Selection and panels.
  std::string selected_node;  // "broker-102", "zk-1", a client; empty: none (left-click)

  // The event log's filters (substrings; empty: all).
  char node_filter[64] = "";
  char kind_filter[64] = "";
  bool node_filter_exact = false;  // set by selecting a node: "broker-1" is not "broker-10"
  bool show_timers = false;        // timers firing are hidden until asked for

  // A free answer being typed into the question dialog.
  char answer_input[128] = "";
  std::string question_dialog;  // the dialog open last frame ("ask 2", "reveal 2"), if any

  // The console.
  char console_input[512] = "";
  std::vector<std::string> console_history;  // lines typed
  int history_back = -1;                     // Up/Down: how far back in it (-1: the new line)
  std::string producer_command;              // a console producer reading its input
  std::vector<std::string> producer_input;
  bool console_follow = true;  // keep the newest output in sight
  bool events_follow = true;
  std::string status;  // the last message shown in the status bar
  char save_path[256] = "recorded.textproto";

  // Where each interactive thing was drawn in the last frame ("broker-102", "menu:Kill ..."), for
  // tests that click through ImGui's input and for the docs. Cleared each frame.
  struct HitBox {
    std::string name;
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    float cx() const { return (x0 + x1) / 2; }
    float cy() const { return (y0 + y1) / 2; }
  };
  std::vector<HitBox> hit_boxes;
  const HitBox* FindHitBox(const std::string& name) const {
    for (const HitBox& h : hit_boxes) {
      if (h.name == name) return &h;
    }
    return nullptr;
  }
  // A link the user right-clicked (its two ends), while its menu is open.
  std::string link_a, link_b;
  bool show_internal_topics = false;

  // Scratch for the panels (cleared, not freed, each frame).
  struct ReplicaChip {
    const kafka::TopicPartition* tp;
    uint32_t colour = 0;
  };
  std::vector<std::vector<ReplicaChip>> chips_by_broker;
  std::vector<std::pair<int32_t, size_t>> broker_index;  // broker id -> its box, sorted
  std::vector<size_t> filtered_events;
  // Every partition as the active controller has it (or, with no active controller, as a live
  // broker's metadata cache has it), refreshed at the start of each frame; views into the model.
  struct PartitionRow {
    const kafka::TopicPartition* tp;
    int32_t leader;
    const std::vector<int32_t>* isr;
    const std::vector<int32_t>* replicas;
  };
  std::vector<PartitionRow> partitions;
  std::string partitions_source;       // "controller 102", "broker 103's metadata cache"
  std::vector<size_t> partition_rows;  // the rows the partitions panel lists
};

}  // namespace kafkasim::viz

// The scenario loader: protobuf text format in, a checked Scenario out, or every problem found,
// each as "file:line:column: message" (1-based, as compilers print them). Unknown fields,
// settings and names come with the nearest valid choice; semantic checks cover times, node and
// topic names, settings by Kafka's names, and replication factors (with Kafka's own message).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "scenarios/scenario.pb.h"

namespace kafkasim::scenarios {

struct LoadError {
  std::string file;
  int line = 0;    // 1-based; 0 when the problem has no place (an unreadable file)
  int column = 0;  // 1-based
  std::string message;
  std::string ToString() const;  // "lessons/x.textproto:12:5: message"
};

struct Loaded {
  std::optional<scenario::Scenario> scenario;
  std::vector<LoadError> errors;
  bool ok() const { return scenario.has_value() && errors.empty(); }
};

Loaded LoadScenarioFile(const std::string& path);
// `name` stands for the file in messages.
Loaded LoadScenarioText(const std::string& text, const std::string& name);

// The candidate closest to `word` by edit distance, if it is close enough to be a likely typo.
std::optional<std::string> Nearest(const std::string& word,
                                   const std::vector<std::string>& choices);

}  // namespace kafkasim::scenarios

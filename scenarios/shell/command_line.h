// What every simulated Kafka tool shares: splitting a command line as a shell does, reading its
// options with joptsimple's messages, and resolving --bootstrap-server against the cluster.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kafkasim::scenarios {

// Splits a command line into words ("..." and '...' group).
std::vector<std::string> SplitCommandLine(const std::string& line);

// joptsimple's message for an option the tool does not know.
std::string UnrecognizedOption(const std::string& arg);

// Walks a tool's words after its name: options, and the values of those that take one.
class ToolArgs {
 public:
  explicit ToolArgs(const std::vector<std::string>& words) : words_(words) {}
  // The next word, or nullopt at the end.
  std::optional<std::string> Next() {
    if (next_ >= words_.size()) return std::nullopt;
    return words_[next_++];
  }
  // The value of `option` (the next word), or nullopt with `error` set to Kafka's message.
  std::optional<std::string> Value(const std::string& option, std::string* error) {
    if (next_ >= words_.size()) {
      *error = "Option " + option + " requires an argument";
      return std::nullopt;
    }
    return words_[next_++];
  }

 private:
  const std::vector<std::string>& words_;
  size_t next_ = 1;  // words_[0] is the tool's name
};

// Whether `value` has the form host:port[,host:port...] with a host kafkasim knows: broker-<id>,
// a bare id, localhost or 127.0.0.1.
bool IsBootstrapList(const std::string& value);

// The broker ids a bootstrap list names: broker-<id>:port (or <id>:port), and localhost:<port>
// for the brokers in id order from port 9092 (several brokers on one laptop, as in the course).
// nullopt if none of them names a broker of the cluster.
std::optional<std::vector<int32_t>> ResolveBootstrap(const std::string& value,
                                                     const std::vector<int32_t>& brokers);

// Kafka's message when no bootstrap server resolves.
inline constexpr const char* kNoResolvableBootstrap =
    "No resolvable bootstrap urls given in bootstrap.servers";

// The value of a key=value pair (--config, --producer-property, --property), split at the first
// '='; nullopt if there is none.
std::optional<std::pair<std::string, std::string>> SplitProperty(const std::string& text);

}  // namespace kafkasim::scenarios

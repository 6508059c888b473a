// See command_line.h.
#include "scenarios/shell/command_line.h"

#include <algorithm>

#include "model/common/id_text.h"

namespace kafkasim::scenarios {
namespace {

struct Endpoint {
  std::string host;
  int32_t port = 0;
};

std::optional<std::vector<Endpoint>> ParseEndpoints(const std::string& value) {
  std::vector<Endpoint> out;
  size_t start = 0;
  while (start <= value.size()) {
    const size_t comma = std::min(value.find(',', start), value.size());
    const std::string item = value.substr(start, comma - start);
    const size_t colon = item.rfind(':');
    if (colon == std::string::npos) return std::nullopt;
    const auto port = kafka::ParseInt32(item.substr(colon + 1));
    if (!port || *port <= 0 || *port > 65535) return std::nullopt;
    out.push_back({item.substr(0, colon), *port});
    start = comma + 1;
  }
  return out;
}

bool IsLocal(const std::string& host) { return host == "localhost" || host == "127.0.0.1"; }

std::optional<int32_t> BrokerIdOf(const std::string& host) {
  return kafka::ParseInt32(host.starts_with("broker-") ? host.substr(7) : host);
}

}  // namespace

std::vector<std::string> SplitCommandLine(const std::string& line) {
  std::vector<std::string> words;
  std::string word;
  char quote = 0;
  bool in_word = false;
  for (char c : line) {
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      } else {
        word += c;
      }
    } else if (c == '"' || c == '\'') {
      quote = c;
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word) words.push_back(word);
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(word);
  return words;
}

std::string UnrecognizedOption(const std::string& arg) {
  return "Exception in thread \"main\" joptsimple.UnrecognizedOptionException: " +
         (arg.starts_with("--") ? arg.substr(2) : arg) + " is not a recognized option";
}

bool IsBootstrapList(const std::string& value) {
  const auto endpoints = ParseEndpoints(value);
  if (!endpoints) return false;
  return std::all_of(endpoints->begin(), endpoints->end(), [](const Endpoint& e) {
    return IsLocal(e.host) || BrokerIdOf(e.host).has_value();
  });
}

std::optional<std::vector<int32_t>> ResolveBootstrap(const std::string& value,
                                                     const std::vector<int32_t>& brokers) {
  const auto endpoints = ParseEndpoints(value);
  if (!endpoints) return std::nullopt;
  std::vector<int32_t> ids;
  for (const Endpoint& e : *endpoints) {
    std::optional<int32_t> id;
    if (IsLocal(e.host)) {
      const int32_t index = e.port - 9092;
      if (index >= 0 && index < static_cast<int32_t>(brokers.size())) id = brokers[index];
    } else {
      id = BrokerIdOf(e.host);
    }
    if (id && std::find(brokers.begin(), brokers.end(), *id) != brokers.end()) ids.push_back(*id);
  }
  if (ids.empty()) return std::nullopt;
  return ids;
}

std::optional<std::pair<std::string, std::string>> SplitProperty(const std::string& text) {
  const size_t eq = text.find('=');
  if (eq == std::string::npos) return std::nullopt;
  return std::make_pair(text.substr(0, eq), text.substr(eq + 1));
}

}  // namespace kafkasim::scenarios

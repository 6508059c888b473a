// See kafka_consumer_groups.h.
#include "scenarios/shell/kafka_consumer_groups.h"

#include "scenarios/describe.h"
#include "scenarios/shell/command_line.h"

namespace kafkasim::scenarios {

std::variant<GroupsCommand, std::string> ParseGroupsCommand(const std::vector<std::string>& args) {
  GroupsCommand c;
  bool describe = false, bootstrap = false;
  ToolArgs words(args);
  std::string error;
  while (const auto a = words.Next()) {
    if (*a == "--list") {
      c.list = true;
    } else if (*a == "--describe") {
      describe = true;
    } else if (*a == "--group" || *a == "--bootstrap-server") {
      const auto v = words.Value(*a, &error);
      if (!v) return error;
      if (*a == "--group") {
        c.group = *v;
      } else {
        if (!IsBootstrapList(*v)) return kNoResolvableBootstrap;
        c.bootstrap = *v;
        bootstrap = true;
      }
    } else {
      return UnrecognizedOption(*a);
    }
  }
  if (c.list == describe) {
    return "Command must include exactly one action: --list, --describe, --delete, "
           "--reset-offsets, --delete-offsets";
  }
  if (!bootstrap) return "Missing required argument \"[bootstrap-server]\"";
  if (describe && !c.group)
    return "Option [describe] takes one of these options: [all-groups], [group]";
  return c;
}

std::pair<std::string, bool> RunGroupsCommand(const GroupsCommand& command,
                                              const kafka::Cluster& cluster) {
  if (!ResolveBootstrap(command.bootstrap, cluster.broker_ids())) {
    return {std::string("Error: Executing consumer group command failed due to ") +
                kNoResolvableBootstrap + "\n",
            false};
  }
  if (!command.list) return {DescribeGroup(cluster, *command.group), true};
  std::string out;
  for (const std::string& g : GroupIds(cluster)) out += g + "\n";
  return {out, true};
}

}  // namespace kafkasim::scenarios

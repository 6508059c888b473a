// See kafka_topics.h.
#include "scenarios/shell/kafka_topics.h"

#include <algorithm>

#include "model/client/admin_client.h"
#include "model/common/id_text.h"
#include "model/common/topic_name.h"
#include "scenarios/describe.h"
#include "scenarios/shell/command_line.h"

namespace kafkasim::scenarios {
namespace {

constexpr const char* kError = "Error while executing topic command : ";

}  // namespace

std::variant<TopicsCommand, std::string> ParseTopicsCommand(const std::vector<std::string>& args) {
  TopicsCommand c;
  int actions = 0;
  bool bootstrap = false;
  for (size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= args.size()) return std::nullopt;
      return args[++i];
    };
    if (a == "--create") {
      c.action = TopicsCommand::Action::kCreate, ++actions;
    } else if (a == "--list") {
      c.action = TopicsCommand::Action::kList, ++actions;
    } else if (a == "--describe") {
      c.action = TopicsCommand::Action::kDescribe, ++actions;
    } else if (a == "--delete") {
      c.action = TopicsCommand::Action::kDelete, ++actions;
    } else if (a == "--alter") {
      c.action = TopicsCommand::Action::kAlter, ++actions;
    } else if (a == "--if-not-exists") {
      c.if_not_exists = true;
    } else if (a == "--topic" || a == "--partitions" || a == "--replication-factor" ||
               a == "--bootstrap-server" || a == "--config") {
      const auto v = value();
      if (!v) return "Option " + a + " requires an argument";
      if (a == "--topic") {
        c.topic = *v;
      } else if (a == "--bootstrap-server") {
        if (!IsBootstrapList(*v)) return kNoResolvableBootstrap;
        c.bootstrap = *v;
        bootstrap = true;
      } else if (a == "--config") {
        const auto property = SplitProperty(*v);
        if (!property)
          return "Invalid topic config: all configs to be added must be in the format \"key=val\".";
        c.configs[property->first] = property->second;
      } else {
        const auto n = kafka::ParseInt32(*v);
        if (!n) return "Cannot parse argument '" + *v + "' of option " + a;
        (a == "--partitions" ? c.partitions : c.replication_factor) = *n;
      }
    } else {
      return UnrecognizedOption(a);
    }
  }
  if (actions != 1) {
    return "Command must include exactly one action: --list, --describe, --create, --alter or "
           "--delete";
  }
  if (!bootstrap) return "Missing required argument \"[bootstrap-server]\"";
  if ((c.action == TopicsCommand::Action::kCreate || c.action == TopicsCommand::Action::kDelete ||
       c.action == TopicsCommand::Action::kAlter) &&
      !c.topic) {
    return "Missing required argument \"[topic]\"";
  }
  // TopicCommand's own checks, before anything is sent.
  if (c.replication_factor && (*c.replication_factor < 1 || *c.replication_factor > 32767)) {
    return "The replication factor must be between 1 and 32767 inclusive";
  }
  if (c.partitions && *c.partitions < 1) return "The partitions must be greater than 0";
  return c;
}

void RunTopicsCommand(const TopicsCommand& command, kafka::Cluster& cluster,
                      kafka::RequestClient& client,
                      std::function<void(std::string output, bool ok)> done) {
  using Action = TopicsCommand::Action;
  const auto bootstrap = ResolveBootstrap(command.bootstrap, cluster.broker_ids());
  if (!bootstrap) {
    done(std::string(kError) + kNoResolvableBootstrap + "\n", false);
    return;
  }
  switch (command.action) {
    case Action::kList: {
      const kafka::ControllerContext* view = cluster.ControllerView();
      std::string out;
      if (view != nullptr) {
        for (const auto& [topic, assignment] : view->assignments) out += topic + "\n";
      }
      done(out, true);
      return;
    }
    case Action::kDescribe: {
      std::string out;
      const kafka::ControllerContext* view = cluster.ControllerView();
      if (command.topic) {
        out = DescribeTopic(cluster, *command.topic);
      } else if (view != nullptr) {
        for (const auto& [topic, assignment] : view->assignments) {
          if (!topic.starts_with("__")) out += DescribeTopic(cluster, topic);
        }
      }
      done(out, !out.starts_with(kError));
      return;
    }
    case Action::kCreate: {
      kafka::CreateTopicsRequest request;
      request.topics.push_back({*command.topic,
                                command.partitions.value_or(-1),
                                static_cast<int16_t>(command.replication_factor.value_or(-1)),
                                {},
                                command.configs});
      const std::string topic = *command.topic;
      const bool if_not_exists = command.if_not_exists;
      kafka::SendToController(
          client, *bootstrap, request, 30000,
          [done, topic, if_not_exists](const kafka::PacketBody* body) {
            const auto* r = body ? std::get_if<kafka::CreateTopicsResponse>(body) : nullptr;
            if (r == nullptr || r->topics.empty()) {
              done(std::string(kError) + "Call(callName=createTopics) timed out\n", false);
              return;
            }
            const kafka::TopicResult& t = r->topics[0];
            if (t.error == kafka::ErrorCode::kTopicAlreadyExists && if_not_exists) {
              done("", true);
              return;
            }
            if (t.error != kafka::ErrorCode::kNone) {
              done(std::string(kError) + t.message + "\n", false);
              return;
            }
            std::string out;
            if (kafka::HasCollisionProneCharacter(topic)) {
              out +=
                  "WARNING: Due to limitations in metric names, topics with a period ('.') or "
                  "underscore ('_') could collide. To avoid issues it is best to use either, "
                  "but not both.\n";
            }
            done(out + "Created topic " + topic + ".\n", true);
          });
      return;
    }
    case Action::kDelete: {
      const std::string topic = *command.topic;
      kafka::SendToController(
          client, *bootstrap, kafka::DeleteTopicsRequest{{topic}}, 30000,
          [done, topic](const kafka::PacketBody* body) {
            const auto* r = body ? std::get_if<kafka::DeleteTopicsResponse>(body) : nullptr;
            if (r == nullptr || r->topics.empty() ||
                r->topics[0].error != kafka::ErrorCode::kNone) {
              done(std::string(kError) + "Topic '" + topic + "' does not exist as expected\n",
                   false);
              return;
            }
            done("", true);
          });
      return;
    }
    case Action::kAlter: {
      if (!command.partitions) {
        done(std::string(kError) + "--partitions is required to alter a topic\n", false);
        return;
      }
      kafka::CreatePartitionsRequest request;
      request.topics.push_back({*command.topic, *command.partitions});
      kafka::SendToController(
          client, *bootstrap, request, 30000, [done](const kafka::PacketBody* body) {
            const auto* r = body ? std::get_if<kafka::CreatePartitionsResponse>(body) : nullptr;
            if (r == nullptr || r->topics.empty()) {
              done(std::string(kError) + "timed out\n", false);
              return;
            }
            if (r->topics[0].error != kafka::ErrorCode::kNone) {
              done(std::string(kError) + r->topics[0].message + "\n", false);
              return;
            }
            done("", true);
          });
      return;
    }
  }
}

}  // namespace kafkasim::scenarios

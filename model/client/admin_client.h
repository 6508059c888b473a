// The admin operations kafka-topics performs through the AdminClient (KafkaAdminClient.java):
// find the controller with a Metadata request to a bootstrap broker, send it the request, and on
// NOT_CONTROLLER (the controller moved) look again, a few times.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "model/client/request_client.h"

namespace kafka {

// The controller's id as `bootstrap` brokers report it (the first that answers), or nothing.
void FindController(RequestClient& client, std::vector<int32_t> bootstrap,
                    std::function<void(std::optional<int32_t>)> done);

// Sends an admin request (CreateTopics, DeleteTopics, CreatePartitions) to the controller.
// `done` gets the response, or nullptr when no controller answered.
void SendToController(RequestClient& client, std::vector<int32_t> bootstrap, PacketBody request,
                      int64_t timeout_ms, RequestChannel::Done done, int attempts = 5);

}  // namespace kafka

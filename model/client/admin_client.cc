// See admin_client.h.
#include "model/client/admin_client.h"

#include <memory>

namespace kafka {
namespace {

constexpr int64_t kMetadataTimeoutMs = 5000;
// The admin client's retry.backoff.ms; a controller election takes seconds, so it tries for
// a while (attempts x backoff).
constexpr int64_t kRetryBackoffMs = 1000;

bool AnsweredNotController(const PacketBody& body) {
  bool moved = false;
  std::visit(
      [&](const auto& r) {
        using T = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<T, CreateTopicsResponse> ||
                      std::is_same_v<T, DeleteTopicsResponse> ||
                      std::is_same_v<T, CreatePartitionsResponse>) {
          for (const auto& t : r.topics) moved = moved || t.error == ErrorCode::kNotController;
        }
      },
      body);
  return moved;
}

}  // namespace

void FindController(RequestClient& client, std::vector<int32_t> bootstrap,
                    std::function<void(std::optional<int32_t>)> done) {
  if (bootstrap.empty()) {
    done(std::nullopt);
    return;
  }
  const int32_t first = bootstrap.front();
  bootstrap.erase(bootstrap.begin());
  client.Send(first, MetadataRequest{std::vector<std::string>{}, false}, kMetadataTimeoutMs,
              [&client, bootstrap, done](const PacketBody* body) {
                const auto* r = body ? std::get_if<MetadataResponse>(body) : nullptr;
                if (r && r->controller_id >= 0) {
                  done(r->controller_id);
                  return;
                }
                FindController(client, bootstrap, done);
              });
}

void SendToController(RequestClient& client, std::vector<int32_t> bootstrap, PacketBody request,
                      int64_t timeout_ms, RequestChannel::Done done, int attempts) {
  FindController(
      client, bootstrap,
      [&client, bootstrap, request, timeout_ms, done, attempts](std::optional<int32_t> controller) {
        if (!controller) {
          if (attempts > 1) {
            client.After(sim::Duration::Millis(kRetryBackoffMs), [=, &client] {
              SendToController(client, bootstrap, request, timeout_ms, done, attempts - 1);
            });
          } else {
            done(nullptr);
          }
          return;
        }
        client.Send(
            *controller, request, timeout_ms,
            [&client, bootstrap, request, timeout_ms, done, attempts](const PacketBody* body) {
              if ((body == nullptr || AnsweredNotController(*body)) && attempts > 1) {
                // retry.backoff.ms, then look for the controller again.
                client.After(sim::Duration::Millis(kRetryBackoffMs), [=, &client] {
                  SendToController(client, bootstrap, request, timeout_ms, done, attempts - 1);
                });
                return;
              }
              done(body);
            });
      });
}

}  // namespace kafka

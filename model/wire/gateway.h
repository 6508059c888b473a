// Gateway: where real Kafka clients enter the simulation. Each TCP connection a real client opens
// to a simulated broker's port becomes a connection of this node, which sits in the simulated
// network like any client host. Bytes that arrive are cut into frames, decoded into the model's own
// requests (model/common/requests.h) and sent to that broker, which answers them with the same code
// that answers the modelled clients. The answers are encoded at the version the client asked for
// and go back in request order, as Kafka answers each connection in order.
//
// The gateway does no I/O. Whoever owns the sockets calls Open, Arrive and Closed inside events
// at the simulated time the bytes came, and gets frames back through the Outlet. So a session
// recorded as (time, connection, bytes) replays to the same run without any socket.
//
// Bad input closes only its own connection, with a reason: a frame longer than
// socket.request.max.bytes (100 MiB) or of negative length, a header or body that does not parse,
// an API or version the gateway does not speak (except ApiVersions, which answers
// UNSUPPORTED_VERSION so the client can retry lower, as Kafka's SocketServer does).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "model/check/history.h"
#include "model/client/request_client.h"
#include "model/wire/record_conversion.h"
#include "model/wire/request_header.h"

namespace kafka::wire {

class Gateway : public RequestClient {
 public:
  // Where the gateway's output goes: frames for a connection, and the order to close one.
  struct Outlet {
    std::function<void(uint64_t connection, std::string frame)> send;
    std::function<void(uint64_t connection, const std::string& reason)> close;
  };
  // How each broker is reached from outside: the host and port Metadata advertises.
  struct Listener {
    std::string host;
    int32_t port = 0;
  };
  static constexpr int32_t kMaxFrameBytes = 104'857'600;  // socket.request.max.bytes

  Gateway(HostDirectoryPtr hosts, std::map<int32_t, Listener> listeners,
          std::optional<std::string> cluster_id)
      : RequestClient(std::move(hosts)),
        listeners_(std::move(listeners)),
        cluster_id_(std::move(cluster_id)) {}

  void SetOutlet(Outlet outlet) { outlet_ = std::move(outlet); }
  // Records what real clients send, are acknowledged, read and commit into `history`, as the
  // modelled clients do, so that the delivery checker judges them alike. A client is named
  // "real:" and its client.id (give each client its own client.id to tell them apart). What a
  // consumer read is what the gateway handed it.
  void SetHistory(std::shared_ptr<History> history) { history_ = std::move(history); }

  // A client connected to broker `broker_id`'s port.
  void Open(uint64_t connection, int32_t broker_id);
  // Bytes from the client, in order.
  void Arrive(uint64_t connection, const std::string& bytes);
  // The client closed its end.
  void Closed(uint64_t connection);

  size_t open_connections() const { return connections_.size(); }
  // The consumer group each real client joined, by its history name ("real:" and client.id), for
  // the view's groups panel.
  const std::map<std::string, std::string>& group_of_client() const { return group_of_client_; }

  void OnCrash(sim::CrashKind kind) override;

 private:
  struct Connection {
    int32_t broker_id = 0;
    std::string buffer;  // bytes not yet a whole frame
    // Answers in request order: each request takes a place, filled when its answer is ready.
    std::deque<std::optional<std::string>> answers;
    uint64_t first_answer = 0;  // the number of answers[0]
  };
  void HandleFrame(uint64_t id, Connection& c, std::string_view frame);
  // Takes the next answer place of `id`; Answer fills it.
  uint64_t Reserve(Connection& c);
  void Answer(uint64_t id, uint64_t place, const RequestHeader& header, const std::string& body);
  void Close(uint64_t id, const std::string& reason);
  // Sends `request` to the connection's broker; its answer of type Response is encoded and
  // answered at `place`. No answer (the broker is down or unreachable) closes the connection, as
  // a real broker's death would.
  template <typename Response>
  void Forward(uint64_t id, uint64_t place, const RequestHeader& header, PacketBody request,
               int64_t timeout_ms, std::function<std::string(const Response&)> encode,
               std::function<void()> unanswered = nullptr);
  void Note(const RequestHeader& header, HistoryType type, const TopicPartition& tp = {},
            Offset offset = -1, int64_t value = -1, std::optional<std::string> key = {},
            ErrorCode error = ErrorCode::kNone);
  void NotePolls(const RequestHeader& header, const FetchRequest& request,
                 const FetchResponse& response);
  void NoteAssignment(const RequestHeader& header, const std::vector<TopicPartition>& assigned);
  void HandleProduce(uint64_t id, Connection& c, const RequestHeader& header, WireReader& in);

  std::map<int32_t, Listener> listeners_;
  std::optional<std::string> cluster_id_;
  Outlet outlet_;
  std::map<uint64_t, Connection> connections_;
  RecordStore store_;  // real clients' values and headers, by value id
  std::shared_ptr<History> history_;
  std::map<std::string, std::vector<TopicPartition>> assigned_;  // by history name
  std::map<std::string, std::string> group_of_client_;           // by history name
};

}  // namespace kafka::wire

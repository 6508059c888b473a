// TcpServer: the real sockets behind `kafkasim serve`. One listening socket per simulated broker,
// each accepted connection numbered in arrival order, non-blocking reads and writes, and one poll()
// that waits on all of them (and on any other descriptor, such as standard input), as OMNeT++'s
// socket scheduler waits in select(). It knows nothing of Kafka: bytes in, bytes out.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kafkasim::app {

class TcpServer {
 public:
  struct Handlers {
    std::function<void(uint64_t connection, int32_t broker)> opened;
    std::function<void(uint64_t connection, std::string bytes)> arrived;
    std::function<void(uint64_t connection)> closed;  // the client closed or the socket failed
    std::function<void()> input_ready;                // the extra descriptor can be read
  };

  TcpServer() = default;
  ~TcpServer();
  TcpServer(const TcpServer&) = delete;
  TcpServer& operator=(const TcpServer&) = delete;

  // Listens on `host`:`port` for `broker`. Returns why not, if it cannot.
  std::optional<std::string> Listen(const std::string& host, int port, int32_t broker);
  // Also waits on `fd` (standard input); Handlers::input_ready runs when it has data.
  void WatchInput(int fd) { input_fd_ = fd; }
  void StopWatchingInput() { input_fd_ = -1; }

  // Waits at most `timeout_ms` for something to happen, then handles all of it.
  void Poll(int timeout_ms, const Handlers& handlers);

  // Queues bytes for a connection; they go out as the socket takes them.
  void Send(uint64_t connection, const std::string& bytes);
  // Closes a connection once what is queued for it has gone out.
  void Close(uint64_t connection);

  size_t connections() const { return connections_.size(); }

 private:
  struct Connection {
    int fd = -1;
    int32_t broker = 0;
    std::string out;
    bool closing = false;
  };
  void Drop(uint64_t id);

  std::map<int, int32_t> listeners_;  // fd -> broker
  std::map<uint64_t, Connection> connections_;
  uint64_t next_connection_ = 1;
  int input_fd_ = -1;
};

}  // namespace kafkasim::app

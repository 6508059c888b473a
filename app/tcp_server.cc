// See tcp_server.h.
#include "app/tcp_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace kafkasim::app {
namespace {

void NonBlocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL, 0) | O_NONBLOCK); }

}  // namespace

TcpServer::~TcpServer() {
  for (const auto& [fd, broker] : listeners_) close(fd);
  for (const auto& [id, c] : connections_) close(c.fd);
}

std::optional<std::string> TcpServer::Listen(const std::string& host, int port, int32_t broker) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  if (inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1) {
    return "'" + host + "' is not an IPv4 address";
  }
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return std::string("socket: ") + std::strerror(errno);
  const int yes = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || listen(fd, 64) != 0) {
    const std::string why = std::strerror(errno);
    close(fd);
    return "cannot listen on " + host + ":" + std::to_string(port) + ": " + why;
  }
  NonBlocking(fd);
  listeners_[fd] = broker;
  return std::nullopt;
}

void TcpServer::Send(uint64_t connection, const std::string& bytes) {
  const auto it = connections_.find(connection);
  if (it != connections_.end() && !it->second.closing) it->second.out += bytes;
}

void TcpServer::Close(uint64_t connection) {
  const auto it = connections_.find(connection);
  if (it == connections_.end()) return;
  it->second.closing = true;
  if (it->second.out.empty()) Drop(connection);
}

void TcpServer::Drop(uint64_t id) {
  const auto it = connections_.find(id);
  if (it == connections_.end()) return;
  close(it->second.fd);
  connections_.erase(it);
}

void TcpServer::Poll(int timeout_ms, const Handlers& handlers) {
  std::vector<pollfd> fds;
  std::vector<uint64_t> ids;  // the connection of each entry after the listeners, 0 for input
  for (const auto& [fd, broker] : listeners_) fds.push_back({fd, POLLIN, 0});
  if (input_fd_ >= 0) {
    fds.push_back({input_fd_, POLLIN, 0});
    ids.push_back(0);
  }
  for (const auto& [id, c] : connections_) {
    fds.push_back({c.fd, static_cast<short>(POLLIN | (c.out.empty() ? 0 : POLLOUT)), 0});
    ids.push_back(id);
  }
  if (poll(fds.data(), fds.size(), timeout_ms) <= 0) return;
  size_t i = 0;
  for (; i < listeners_.size(); ++i) {
    if ((fds[i].revents & POLLIN) == 0) continue;
    while (true) {
      const int fd = accept(fds[i].fd, nullptr, nullptr);
      if (fd < 0) break;
      NonBlocking(fd);
      const int yes = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
      const uint64_t id = next_connection_++;
      const int32_t broker = listeners_.at(fds[i].fd);
      connections_[id] = Connection{fd, broker, {}, false};
      if (handlers.opened) handlers.opened(id, broker);
    }
  }
  for (; i < fds.size(); ++i) {
    const uint64_t id = ids[i - listeners_.size()];
    if (id == 0) {
      if ((fds[i].revents & (POLLIN | POLLHUP)) != 0 && handlers.input_ready) {
        handlers.input_ready();
      }
      continue;
    }
    auto it = connections_.find(id);
    if (it == connections_.end()) continue;
    if ((fds[i].revents & POLLOUT) != 0 && !it->second.out.empty()) {
      const ssize_t n =
          send(it->second.fd, it->second.out.data(), it->second.out.size(), MSG_NOSIGNAL);
      if (n > 0) it->second.out.erase(0, static_cast<size_t>(n));
      if (it->second.closing && it->second.out.empty()) {
        Drop(id);
        continue;
      }
    }
    if ((fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
    char buffer[65536];
    const ssize_t n = recv(it->second.fd, buffer, sizeof buffer, 0);
    if (n > 0) {
      if (!it->second.closing && handlers.arrived) handlers.arrived(id, std::string(buffer, n));
    } else if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
      const bool was_closing = it->second.closing;
      Drop(id);
      if (!was_closing && handlers.closed) handlers.closed(id);
    }
  }
}

}  // namespace kafkasim::app

// See real_time_server.h.
#include "app/real_time_server.h"

#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>

namespace kafkasim::app {
namespace {

std::atomic<bool> g_stop_requested{false};

void OnStopSignal(int) { g_stop_requested = true; }

}  // namespace

void InstallStopSignals() {
  std::signal(SIGINT, OnStopSignal);
  std::signal(SIGTERM, OnStopSignal);
}

bool StopRequested() { return g_stop_requested; }

std::optional<std::string> RealTimeServer::Listen(const std::string& host, int first_port,
                                                  const std::vector<int32_t>& brokers) {
  for (size_t i = 0; i < brokers.size(); ++i) {
    const int port = first_port + static_cast<int>(i);
    if (auto error = sockets_.Listen(host, port, brokers[i])) return error;
    listeners_[brokers[i]] = {host, port};
    bootstrap_ += (bootstrap_.empty() ? "" : ",") + host + ":" + std::to_string(port);
  }
  return std::nullopt;
}

std::vector<std::string> RealTimeServer::Banner() const {
  std::vector<std::string> lines;
  for (const auto& [broker, l] : listeners_) {
    lines.push_back(fmt::format("broker-{} listens on {}:{}", broker, l.host, l.port));
  }
  lines.push_back("bootstrap servers: " + bootstrap_);
  lines.push_back("try: kcat -b " + bootstrap_ + " -L");
  return lines;
}

void RealTimeServer::Start(ServedCluster& served, double speed, Print print) {
  served_ = &served;
  speed_ = speed;
  served.SetOutlet({[this](uint64_t c, std::string frame) { sockets_.Send(c, frame); },
                    [this, print](uint64_t c, const std::string& reason) {
                      print(fmt::format("[{}] connection {} closed: {}",
                                        sim::ToString(served_->world().Now()), c, reason));
                      sockets_.Close(c);
                    }});
  handlers_.opened = [this](uint64_t c, int32_t broker) { served_->Open(c, broker); };
  handlers_.arrived = [this](uint64_t c, std::string bytes) { served_->Arrive(c, bytes); };
  handlers_.closed = [this](uint64_t c) { served_->Closed(c); };
  handlers_.input_ready = [this] {
    char buffer[4096];
    const ssize_t n = read(input_fd_, buffer, sizeof buffer);
    if (n <= 0) {
      sockets_.StopWatchingInput();
      served_->EndOfInput();
      quit_ = quit_at_end_;
      return;
    }
    typed_.append(buffer, static_cast<size_t>(n));
    for (size_t end; !quit_ && (end = typed_.find('\n')) != std::string::npos;) {
      const std::string line = typed_.substr(0, end);
      typed_.erase(0, end + 1);
      if (!served_->Type(line)) quit_ = true;
    }
  };
  wall_start_ = std::chrono::steady_clock::now();
  sim_start_ = served.world().Now();
}

void RealTimeServer::TakeInput(int fd, bool quit_at_end) {
  input_fd_ = fd;
  quit_at_end_ = quit_at_end;
  sockets_.WatchInput(fd);
}

sim::Time RealTimeServer::Paced() const {
  const double elapsed_ns =
      std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - wall_start_)
          .count();
  return sim_start_ + sim::Duration::Nanos(static_cast<int64_t>(elapsed_ns * speed_));
}

bool RealTimeServer::Tick(int max_wait_ms) {
  if (advance_) {
    advance_(Paced());
  } else {
    served_->AdvanceTo(Paced());
  }
  // Sleep until the next event is due by the wall clock, `max_wait_ms` at most.
  const sim::Time next = served_->world().scheduler().NextEventTime();
  int wait_ms = max_wait_ms;
  if (next != sim::Time::Never()) {
    const double until_ns = static_cast<double>((next - Paced()).nanos()) / speed_;
    wait_ms = static_cast<int>(std::clamp(until_ns / 1e6, 0.0, static_cast<double>(max_wait_ms)));
  }
  sockets_.Poll(wait_ms, handlers_);
  return !quit_;
}

}  // namespace kafkasim::app

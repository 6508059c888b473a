// RealTimeServer: what turns a ServedCluster into a server on the wall clock, shared by `kafkasim
// serve` and `kafkasim view --serve`. It listens on one loopback port per broker (the first
// port, then the next ones, in broker id order), sends the gateway's answers out on the sockets,
// and in each Tick moves simulated time to where the wall clock (times the speed) says it is,
// then waits in poll() for bytes, connections or console input, at most until the next event is
// due, as OMNeT++'s real-time socket scheduler does. Bytes enter the simulation at the simulated
// time they came.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/served_cluster.h"
#include "app/tcp_server.h"

namespace kafkasim::app {

class RealTimeServer {
 public:
  using Print = std::function<void(const std::string&)>;

  // Listens for each of `brokers` (sorted ids) on `host`, from `first_port` on. Returns why not
  // if a port cannot be had.
  std::optional<std::string> Listen(const std::string& host, int first_port,
                                    const std::vector<int32_t>& brokers);
  // What Metadata advertises, for the ServedCluster.
  const ServedCluster::Listeners& listeners() const { return listeners_; }
  // "127.0.0.1:9092,127.0.0.1:9093,..."
  const std::string& bootstrap() const { return bootstrap_; }
  // "broker-101 listens on ...", the bootstrap servers and a first command to try.
  std::vector<std::string> Banner() const;

  // Serves `served` from now on: simulated time runs `speed` times as fast as the wall clock
  // from its current value; a connection the gateway closes is told through `print`.
  void Start(ServedCluster& served, double speed, Print print);
  // Time moves through `advance` instead of the ServedCluster's AdvanceTo (the view's LiveRun,
  // which keeps its panels' records as it goes).
  void SetAdvance(std::function<void(sim::Time)> advance) { advance_ = std::move(advance); }
  // Also takes console lines from `fd` (standard input) and types them into the cluster. At its
  // end, serving stops if `quit_at_end` (serve) or goes on without it (the view, whose window
  // is closed by hand, and whose standard input may be /dev/null).
  void TakeInput(int fd, bool quit_at_end = true);

  // Moves simulated time to the wall clock's, then waits at most `max_wait_ms` (less when an
  // event is due sooner) and hands on whatever came. False once the console asked to quit or
  // its input ended.
  bool Tick(int max_wait_ms);

 private:
  sim::Time Paced() const;

  TcpServer sockets_;
  ServedCluster::Listeners listeners_;
  std::string bootstrap_;
  ServedCluster* served_ = nullptr;
  double speed_ = 1.0;
  std::chrono::steady_clock::time_point wall_start_;
  sim::Time sim_start_;
  std::function<void(sim::Time)> advance_;
  TcpServer::Handlers handlers_;
  int input_fd_ = -1;
  bool quit_at_end_ = true;
  std::string typed_;
  bool quit_ = false;
};

// Ctrl-C and SIGTERM stop a server gracefully: after Install, Requested() turns true.
void InstallStopSignals();
bool StopRequested();

}  // namespace kafkasim::app

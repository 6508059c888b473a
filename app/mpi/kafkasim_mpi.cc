// kafkasim-mpi: a sweep spread over MPI ranks (Open MPI's mpirun, on one machine or many).
//
//   mpirun -np 8 build/kafkasim-mpi sweep FILE --seeds 1..2000 [--nemesis KINDS]
//          [--out results.jsonl] [--timeout 300] [--kafkasim PATH] [--all]
//
// Rank 0 hands out seeds one at a time to whichever rank asks (dynamic work, so slow seeds do
// not hold a fixed share back), collects each seed's record, writes the records to --out as
// they come, and prints the report of scenarios/sweep_report.h: the same text a one-process
// `kafkasim sweep` prints for the same seeds. Every other rank runs each seed it is given as a
// child process, `kafkasim sweep FILE --seeds N..N --out -`, with a wall-clock limit, so that a
// crash or a hang becomes a record (class crash or timeout) instead of a lost job. With one rank,
// rank 0 runs the seeds itself, the same way.
#include <errno.h>
#include <fcntl.h>
#include <mpi.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fmt/core.h>
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "scenarios/loader.h"
#include "scenarios/nemesis.h"
#include "scenarios/sweep.h"
#include "scenarios/sweep_report.h"

extern char** environ;

namespace kafkasim::mpi {
namespace {

constexpr int kTagReady = 1;  // worker -> rank 0: a result (or nothing, the first time)
constexpr int kTagWork = 2;   // rank 0 -> worker: a seed to run
constexpr int kTagStop = 3;   // rank 0 -> worker: no seeds left

struct Options {
  std::string file;
  std::string seeds = "1..20";
  std::string nemesis;
  std::string out;
  double timeout_s = 300;
  std::string kafkasim;
  bool all = false;
};

// The faults `seed` draws, described, so that a crash or a hang explains itself too (empty if
// the file cannot be loaded here).
std::vector<std::string> DrawnFaults(const Options& o, uint32_t seed) {
  static std::string loaded_file;
  static std::optional<kafkasim::scenario::Scenario> scenario;
  if (loaded_file != o.file) {
    loaded_file = o.file;
    const scenarios::Loaded loaded = scenarios::LoadScenarioFile(o.file);
    scenario = loaded.ok() ? std::optional(*loaded.scenario) : std::nullopt;
  }
  const auto kinds = scenarios::ParseNemesis(o.nemesis);
  if (!scenario || o.nemesis.empty() || !std::holds_alternative<std::set<std::string>>(kinds)) {
    return {};
  }
  std::vector<std::string> faults;
  for (const scenarios::Fault& f :
       scenarios::DrawNemesis(*scenario, std::get<std::set<std::string>>(kinds), seed).faults) {
    faults.push_back(f.Describe());
  }
  return faults;
}

// The record of a seed whose run gave none.
std::string FailedRecord(const Options& o, uint32_t seed, const std::string& failure_class,
                         const std::string& what, double wall) {
  sweep::SeedRecord r;
  for (const std::string& f : DrawnFaults(o, seed)) r.add_faults(f);
  r.set_file(o.file);
  r.set_nemesis(o.nemesis);
  r.set_seed(seed);
  r.set_verdict("fail");
  r.set_class_(failure_class);
  r.set_first_anomaly(what);
  r.set_wall_seconds(wall);
  r.set_replay(scenarios::ReplayCommand(o.file, seed, o.nemesis));
  return scenarios::ToJsonLine(r);
}

// Runs one seed in a child process; its record as a JSON line, whatever happens to it.
std::string RunSeed(const Options& o, uint32_t seed) {
  const auto start = std::chrono::steady_clock::now();
  const auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  int out[2];
  if (pipe(out) != 0) return FailedRecord(o, seed, "crash", "cannot make a pipe", 0);
  const std::string range = std::to_string(seed) + ".." + std::to_string(seed);
  std::vector<std::string> args = {o.kafkasim, "sweep", o.file,  "--seeds", range,
                                   "--jobs",   "1",     "--out", "-"};
  if (!o.nemesis.empty()) {
    args.push_back("--nemesis");
    args.push_back(o.nemesis);
  }
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  posix_spawn_file_actions_addclose(&actions, out[1]);
  pid_t child = 0;
  const int spawned =
      posix_spawn(&child, o.kafkasim.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  if (spawned != 0) {
    close(out[0]);
    return FailedRecord(o, seed, "crash",
                        "cannot start " + o.kafkasim + ": " + std::strerror(spawned), 0);
  }
  // Read what it prints until it closes its end, or until the wall-clock limit.
  std::string printed;
  bool timed_out = false;
  for (;;) {
    const double left = o.timeout_s - elapsed();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{out[0], POLLIN, 0};
    const int ready = poll(&p, 1, static_cast<int>(std::min(left, 1.0) * 1000) + 1);
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    char buffer[4096];
    const ssize_t n = read(out[0], buffer, sizeof buffer);
    if (n <= 0) break;
    printed.append(buffer, static_cast<size_t>(n));
  }
  close(out[0]);
  // The child has closed its output; it still has until the limit to exit.
  int status = 0;
  while (!timed_out && waitpid(child, &status, WNOHANG) == 0) {
    if (elapsed() >= o.timeout_s) {
      timed_out = true;
      break;
    }
    usleep(1000);
  }
  if (timed_out) {
    kill(child, SIGKILL);
    waitpid(child, &status, 0);
  }
  if (timed_out) {
    return FailedRecord(o, seed, "timeout",
                        fmt::format("no result after {:g} s of wall time", o.timeout_s), elapsed());
  }
  if (WIFSIGNALED(status)) {
    return FailedRecord(
        o, seed, "crash",
        fmt::format("killed by signal {} ({})", WTERMSIG(status), strsignal(WTERMSIG(status))),
        elapsed());
  }
  sweep::SeedRecord record;
  const std::string line = printed.substr(0, printed.find('\n'));
  if (scenarios::ParseJsonLine(line, &record) || record.seed() != seed) {
    return FailedRecord(o, seed, "crash",
                        fmt::format("exit code {} and no record", WEXITSTATUS(status)), elapsed());
  }
  return line;
}

std::string ReceiveString(int source, int tag, MPI_Status* status) {
  MPI_Probe(source, tag, MPI_COMM_WORLD, status);
  int length = 0;
  MPI_Get_count(status, MPI_CHAR, &length);
  std::string text(static_cast<size_t>(length), '\0');
  MPI_Recv(text.data(), length, MPI_CHAR, status->MPI_SOURCE, status->MPI_TAG, MPI_COMM_WORLD,
           MPI_STATUS_IGNORE);
  return text;
}

void Worker() {
  std::string result;  // empty the first time: "ready"
  Options options;
  for (;;) {
    MPI_Send(result.data(), static_cast<int>(result.size()), MPI_CHAR, 0, kTagReady,
             MPI_COMM_WORLD);
    MPI_Status status;
    const std::string work = ReceiveString(0, MPI_ANY_TAG, &status);
    if (status.MPI_TAG == kTagStop) return;
    // The work message carries the options the worker needs and the seed, one per line.
    std::vector<std::string> lines;
    for (size_t start = 0; start <= work.size();) {
      const size_t end = std::min(work.find('\n', start), work.size());
      lines.push_back(work.substr(start, end - start));
      start = end + 1;
    }
    options.file = lines.at(0);
    options.nemesis = lines.at(1);
    options.kafkasim = lines.at(2);
    options.timeout_s = std::stod(lines.at(3));
    result = RunSeed(options, static_cast<uint32_t>(std::stoul(lines.at(4))));
  }
}

int Coordinator(const Options& options, const std::vector<uint32_t>& seeds, int ranks) {
  std::ofstream out;
  if (!options.out.empty()) out.open(options.out);
  std::vector<sweep::SeedRecord> records;
  const auto keep = [&](const std::string& line) {
    sweep::SeedRecord record;
    if (line.empty() || scenarios::ParseJsonLine(line, &record)) return;
    if (out.is_open()) out << line << '\n' << std::flush;
    records.push_back(std::move(record));
  };
  if (ranks == 1) {
    for (const uint32_t seed : seeds) keep(RunSeed(options, seed));
  } else {
    size_t next = 0;
    int stopped = 0;
    while (stopped < ranks - 1) {
      MPI_Status status;
      keep(ReceiveString(MPI_ANY_SOURCE, kTagReady, &status));
      if (next < seeds.size()) {
        const std::string work = options.file + "\n" + options.nemesis + "\n" + options.kafkasim +
                                 "\n" + fmt::format("{}", options.timeout_s) + "\n" +
                                 std::to_string(seeds[next++]);
        MPI_Send(work.data(), static_cast<int>(work.size()), MPI_CHAR, status.MPI_SOURCE, kTagWork,
                 MPI_COMM_WORLD);
      } else {
        MPI_Send(nullptr, 0, MPI_CHAR, status.MPI_SOURCE, kTagStop, MPI_COMM_WORLD);
        ++stopped;
      }
    }
  }
  const scenarios::SweepReport report = scenarios::Report(std::move(records), options.all);
  fmt::print("{}", report.text);
  std::fflush(stdout);
  return report.failing == 0 && report.conflicts.empty() ? 0 : 1;
}

// The seeds of "A..B", or nothing if it is not a range.
std::optional<std::vector<uint32_t>> ParseSeeds(const std::string& text) {
  const size_t dots = text.find("..");
  try {
    const unsigned long first = std::stoul(text.substr(0, dots));
    const unsigned long last =
        dots == std::string::npos ? first : std::stoul(text.substr(dots + 2));
    // As `kafkasim sweep` takes them: seeds up to 2^31 - 1, and at most ten million at once.
    if (last < first || last > INT32_MAX || last - first >= 10'000'000) return std::nullopt;
    std::vector<uint32_t> seeds;
    for (unsigned long s = first; s <= last; ++s) seeds.push_back(static_cast<uint32_t>(s));
    return seeds;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace
}  // namespace kafkasim::mpi

int main(int argc, char** argv) {
  using namespace kafkasim::mpi;
  MPI_Init(&argc, &argv);
  int rank = 0, ranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  if (rank != 0) {
    Worker();
    MPI_Finalize();
    return 0;
  }
  // Only rank 0 reads the command line; the workers get what they need with each seed.
  Options options;
  CLI::App app{"kafkasim-mpi: a kafkasim sweep spread over MPI ranks"};
  app.require_subcommand(1);
  CLI::App* sweep = app.add_subcommand("sweep", "Play a scenario once per seed, across ranks");
  sweep->add_option("file", options.file, "Scenario file (protobuf text format)")->required();
  sweep->add_option("--seeds", options.seeds, "Seeds to run, e.g. 1..2000");
  sweep->add_option("--nemesis", options.nemesis,
                    "Faults drawn from each seed: kill,power,pause,partition,zk,clients");
  sweep->add_option("--out", options.out, "Write one JSON record per seed to this file");
  sweep->add_option("--timeout", options.timeout_s, "Wall-clock seconds a seed may take")
      ->check(CLI::PositiveNumber);
  sweep->add_option("--kafkasim", options.kafkasim,
                    "The kafkasim executable (default: the one beside kafkasim-mpi)");
  sweep->add_flag("--all", options.all, "List every seed in the table, not only failing ones");
  int code = 0;
  std::optional<std::vector<uint32_t>> seeds;
  try {
    app.parse(argc, argv);
    seeds = ParseSeeds(options.seeds);
    if (!seeds) {
      fmt::print(stderr, "kafkasim-mpi sweep: --seeds: '{}' is not a range like 1..100\n",
                 options.seeds);
      code = 2;
    }
  } catch (const CLI::ParseError& e) {
    code = app.exit(e) == 0 ? -1 : 2;  // -1: --help was answered
  }
  if (options.kafkasim.empty()) {
    options.kafkasim =
        (std::filesystem::read_symlink("/proc/self/exe").parent_path() / "kafkasim").string();
  }
  if (code == 0 && access(options.kafkasim.c_str(), X_OK) != 0) {
    fmt::print(stderr, "kafkasim-mpi: cannot run {} (give --kafkasim PATH)\n", options.kafkasim);
    code = 2;
  }
  if (code == 0 && !options.out.empty() && !std::ofstream(options.out)) {
    fmt::print(stderr, "kafkasim-mpi: cannot write {}\n", options.out);
    code = 2;
  }
  if (code != 0) {
    // The workers wait for work: tell each to stop.
    for (int r = 1; r < ranks; ++r) {
      MPI_Status status;
      ReceiveString(r, kTagReady, &status);
      MPI_Send(nullptr, 0, MPI_CHAR, r, kTagStop, MPI_COMM_WORLD);
    }
    MPI_Finalize();
    return code < 0 ? 0 : code;
  }
  code = Coordinator(options, *seeds, ranks);
  MPI_Finalize();
  return code;
}

// HTTP API latency under load: prefills a fresh RocksDB store with synthetic incidents
// (incident_generator.h) through trends::Aggregator, starts http::ApiServer (default config:
// 4 server threads) on a free loopback port with the aggregator's metrics, checks that each
// endpoint answers 200, then runs the wrk load generator against each endpoint in turn
// (`wrk -t2 -c<connections> -d<seconds>s --latency`). Prints requests/s and the p50, p90 and
// p99 latencies wrk reports per endpoint; asserts no timings. wrk runs on the same machine, so
// it competes with the server for CPU. Needs wrk on PATH (Debian package wrk).
// Usage: api_latency_bench [incidents=100000] [seconds=10] [connections=16]
#include <sys/resource.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "fmt/format.h"
#include "httplib.h"
#include "prometheus/registry.h"
#include "services/http/api_server.h"
#include "services/storage/claim_store.h"
#include "services/trends/aggregator.h"
#include "services/trends/trend_metrics.h"
#include "services/trends/trend_queries.h"
#include "tests/bench/incident_generator.h"
#include "tests/support/process.h"

namespace claimwatch {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kBatch = 5000;
constexpr std::array<const char*, 5> kPaths = {
    "/api/v1/series?group=ttp&interval=month&from=2022-01&to=2022-12",
    "/api/v1/trends?group=ttp&as_of=2022-10-31", "/api/v1/incidents?limit=100", "/metrics",
    "/healthz"};

double Seconds(Clock::time_point started) {
  return std::chrono::duration<double>(Clock::now() - started).count();
}

// The executable `name` on PATH, or "" when there is none.
std::string OnPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const auto candidate = std::filesystem::path(dir.empty() ? "." : dir) / name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return "";
}

// What wrk printed for one endpoint; latencies in milliseconds.
struct WrkResult {
  double requests_per_second = 0;
  double p50 = 0, p90 = 0, p99 = 0;
  int64_t non_2xx = 0;
  std::string socket_errors{};
};

// A wrk duration ("635.00us", "1.20ms", "2.00s", "1.00m") in milliseconds.
std::optional<double> Millis(const std::string& text) {
  size_t end = 0;
  double value = 0;
  try {
    value = std::stod(text, &end);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  const std::string unit = text.substr(end);
  if (unit == "us") return value / 1000;
  if (unit == "ms") return value;
  if (unit == "s") return value * 1000;
  if (unit == "m") return value * 60000;
  return std::nullopt;
}

std::optional<WrkResult> ParseWrk(const std::string& output) {
  WrkResult result;
  bool in_distribution = false, have_rate = false;
  int percentiles = 0;
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream words(line);
    std::string first, second;
    words >> first >> second;
    if (line.find("Latency Distribution") != std::string::npos) {
      in_distribution = true;
    } else if (in_distribution && !first.empty() && first.back() == '%') {
      double* percentile = first == "50%"   ? &result.p50
                           : first == "90%" ? &result.p90
                           : first == "99%" ? &result.p99
                                            : nullptr;
      if (percentile == nullptr) continue;
      auto millis = Millis(second);
      if (!millis) return std::nullopt;
      *percentile = *millis;
      ++percentiles;
    } else {
      in_distribution = false;
      if (first == "Requests/sec:") {
        result.requests_per_second = std::stod(second);
        have_rate = true;
      } else if (line.find("Non-2xx or 3xx responses:") != std::string::npos) {
        result.non_2xx = std::stoll(line.substr(line.find(':') + 1));
      } else if (first == "Socket" && second == "errors:") {
        result.socket_errors = line.substr(line.find(':') + 2);
      }
    }
  }
  if (percentiles != 3 || !have_rate) return std::nullopt;
  return result;
}

// Applies the first versions of `incidents` generated incidents in batches, as the pipeline does.
Result<> Prefill(storage::ClaimStore& store, size_t incidents, trends::TrendMetrics& metrics) {
  trends::Aggregator aggregator(store, trends::AggregateConfig{});
  for (size_t first = 0; first < incidents; first += kBatch) {
    for (size_t n = first; n < std::min(incidents, first + kBatch); ++n) {
      if (auto applied = aggregator.Apply(bench::GeneratedChange(n)); !applied.ok()) {
        return applied;
      }
    }
    auto committed = aggregator.Commit({});
    if (!committed.ok()) return committed.status();
    metrics.Count(*committed);
  }
  const trends::TrendQueries queries(store);
  auto watermark = queries.Watermark();
  if (!watermark.ok()) return watermark.status();
  return metrics.RefreshGauges(queries, watermark->value_or(trends::Today()));
}

int Run(const std::filesystem::path& path, const std::string& wrk, size_t incidents, int seconds,
        int connections) {
  auto store = storage::ClaimStore::Open({.path = path.string()});
  if (!store.ok()) {
    std::cerr << "api_latency_bench: open: " << store.status() << '\n';
    return 1;
  }
  auto registry = std::make_shared<prometheus::Registry>();
  trends::TrendMetrics metrics(
      *registry, {.groups = {bench::kIncidentGroups.begin(), bench::kIncidentGroups.end()},
                  .provinces = {bench::kProvinces.begin(), bench::kProvinces.end()}});
  const auto started = Clock::now();
  if (auto filled = Prefill(**store, incidents, metrics); !filled.ok()) {
    std::cerr << "api_latency_bench: prefill: " << filled << '\n';
    return 1;
  }
  std::cout << fmt::format("api_latency_bench: prefilled {} incidents in {:.1f} s\n", incidents,
                           Seconds(started))
            << std::flush;

  auto server =
      http::ApiServer::Start(http::ApiConfig{.port = 0}, **store, {registry}, [] { return true; });
  if (!server.ok()) {
    std::cerr << "api_latency_bench: start: " << server.status() << '\n';
    return 1;
  }
  const int port = (*server)->port();
  httplib::Client client("127.0.0.1", port);
  for (const char* endpoint : kPaths) {  // a broken endpoint would measure as fast errors
    auto response = client.Get(endpoint);
    if (!response || response->status != 200) {
      std::cerr << fmt::format(
          "api_latency_bench: GET {}: {}\n", endpoint,
          response ? fmt::format("status {}: {}", response->status, response->body.substr(0, 200))
                   : httplib::to_string(response.error()));
      return 1;
    }
  }
  std::cout << fmt::format(
      "api_latency_bench: wrk -t2 -c{} -d{}s --latency against 127.0.0.1:{} ({} server "
      "threads)\n"
      "api_latency_bench: {:<64} {:>9} {:>8} {:>8} {:>8}\n",
      connections, seconds, port, http::ApiConfig{}.threads, "path", "req/s", "p50 ms", "p90 ms",
      "p99 ms");
  for (const char* endpoint : kPaths) {
    std::string output;
    int code = 0;
    try {
      code = testing::RunToExit(
          {wrk, "-t2", fmt::format("-c{}", connections), fmt::format("-d{}s", seconds), "--latency",
           fmt::format("http://127.0.0.1:{}{}", port, endpoint)},
          &output);
    } catch (const std::exception& error) {
      std::cerr << "api_latency_bench: " << error.what() << '\n';
      return 1;
    }
    const auto result = ParseWrk(output);
    if (code != 0 || !result) {
      std::cerr << fmt::format("api_latency_bench: wrk exited {} for {}; it printed:\n{}\n", code,
                               endpoint, output);
      return 1;
    }
    std::string notes;
    if (result->non_2xx > 0) notes += fmt::format("  {} non-2xx responses", result->non_2xx);
    if (!result->socket_errors.empty()) notes += "  socket errors: " + result->socket_errors;
    std::cout << fmt::format("api_latency_bench: {:<64} {:>9.0f} {:>8.2f} {:>8.2f} {:>8.2f}{}\n",
                             endpoint, result->requests_per_second, result->p50, result->p90,
                             result->p99, notes)
              << std::flush;
  }
  return 0;
}

}  // namespace
}  // namespace claimwatch

int main(int argc, char** argv) {
  const size_t incidents = argc > 1 ? std::stoul(argv[1]) : 100000;
  const int seconds = argc > 2 ? std::stoi(argv[2]) : 10;
  const int connections = argc > 3 ? std::stoi(argv[3]) : 16;
  if (incidents == 0 || seconds < 1 || connections < 2) {
    std::cerr << "api_latency_bench: needs incidents >= 1, seconds >= 1, connections >= 2 (wrk "
                 "runs 2 threads)\n";
    return 2;
  }
  const std::string wrk = claimwatch::OnPath("wrk");
  if (wrk.empty()) {
    std::cerr << "api_latency_bench: wrk not found on PATH; install it (Debian package wrk)\n";
    return 1;
  }
  const auto path = std::filesystem::temp_directory_path() /
                    fmt::format("api_latency_bench_{}_{}", ::getpid(),
                                std::chrono::steady_clock::now().time_since_epoch().count());
  const int code = claimwatch::Run(path, wrk, incidents, seconds, connections);
  std::filesystem::remove_all(path);
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  std::cout << fmt::format("api_latency_bench: peak RSS {} MiB\n", usage.ru_maxrss / 1024);
  return code;
}

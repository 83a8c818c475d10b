// Trend aggregation throughput: applies synthetic incident.v1 changes (incident_generator.h: ten
// years of event days, 8 provinces, 6 groups, ~20% contested, ~5% month precision) to a fresh
// RocksDB store through trends::Aggregator, in batches of 5000 committed as the pipeline commits
// them, in three passes: (a) first versions of new incidents, (b) newer versions moving half of
// them to another day and province, (c) the same versions again (stale). Each pass's JSON values
// are generated before its timing starts, so the figure is the aggregator's (parse, store reads,
// counter updates, commit), not the generator's. Prints incidents/s per pass and peak RSS
// (which includes one pass of pre-generated values); asserts no timings.
// Usage: aggregate_bench [incidents=200000]
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <vector>

#include "fmt/format.h"
#include "services/storage/claim_store.h"
#include "services/trends/aggregator.h"
#include "tests/bench/incident_generator.h"

namespace claimwatch {
namespace {

using Clock = std::chrono::steady_clock;
using trends::AggregateCounts;

constexpr size_t kBatch = 5000;

double Seconds(Clock::time_point started) {
  return std::chrono::duration<double>(Clock::now() - started).count();
}

// Applies `changes` in batches, as the pipeline does; adds up the counts.
Result<AggregateCounts> Aggregate(trends::Aggregator& aggregator,
                                  const std::vector<resolution::IncidentChange>& changes) {
  AggregateCounts total;
  for (size_t first = 0; first < changes.size(); first += kBatch) {
    for (size_t i = first; i < std::min(changes.size(), first + kBatch); ++i) {
      if (auto applied = aggregator.Apply(changes[i]); !applied.ok()) return applied;
    }
    auto committed = aggregator.Commit({});
    if (!committed.ok()) return committed.status();
    trends::AddCounts(total, *committed);
  }
  return total;
}

// Times one pass of version `version` of every incident; checks the pass did what it should.
bool Pass(trends::Aggregator& aggregator, const char* name, size_t incidents, int64_t version,
          size_t AggregateCounts::*expected) {
  std::vector<resolution::IncidentChange> changes;
  changes.reserve(incidents);
  for (size_t n = 0; n < incidents; ++n) changes.push_back(bench::GeneratedChange(n, version));
  const auto started = Clock::now();
  auto counts = Aggregate(aggregator, changes);
  const double seconds = Seconds(started);
  if (!counts.ok()) {
    std::cerr << "aggregate_bench: " << name << ": " << counts.status() << '\n';
    return false;
  }
  std::cout << fmt::format(
                   "aggregate_bench: {:<15} {} incidents in {:.2f} s: {:.0f} incidents/s "
                   "(created {}, updated {}, stale {}, late beyond grace {})\n",
                   name, incidents, seconds, incidents / seconds, counts->created, counts->updated,
                   counts->stale, counts->late_beyond_grace)
            << std::flush;
  if ((*counts).*expected != incidents || counts->rejected != 0) {
    std::cerr << fmt::format("aggregate_bench: {}: expected {} incidents counted, {} rejected\n",
                             name, incidents, counts->rejected);
    return false;
  }
  return true;
}

int Run(const std::filesystem::path& path, size_t incidents) {
  auto store = storage::ClaimStore::Open({.path = path.string()});
  if (!store.ok()) {
    std::cerr << "aggregate_bench: open: " << store.status() << '\n';
    return 1;
  }
  trends::Aggregator aggregator(**store, trends::AggregateConfig{});
  const bool ok = Pass(aggregator, "first versions", incidents, 1, &AggregateCounts::created) &&
                  Pass(aggregator, "newer versions", incidents, 2, &AggregateCounts::updated) &&
                  Pass(aggregator, "stale versions", incidents, 2, &AggregateCounts::stale);
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace claimwatch

int main(int argc, char** argv) {
  const size_t incidents = argc > 1 ? std::stoul(argv[1]) : 200000;
  if (incidents == 0) {
    std::cerr << "aggregate_bench: incidents must be at least 1\n";
    return 2;
  }
  const auto path = std::filesystem::temp_directory_path() /
                    fmt::format("aggregate_bench_{}_{}", ::getpid(),
                                std::chrono::steady_clock::now().time_since_epoch().count());
  const int code = claimwatch::Run(path, incidents);
  std::filesystem::remove_all(path);
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  std::cout << fmt::format("aggregate_bench: peak RSS {} MiB\n", usage.ru_maxrss / 1024);
  return code;
}

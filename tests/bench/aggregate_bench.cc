// Trend aggregation throughput: applies synthetic incident.v1 changes (incident_generator.h: ten
// years of event days, 8 provinces, 6 groups, ~20% contested, ~5% month precision) to a fresh
// RocksDB store through trends::Aggregator, in batches of 5000 committed as the pipeline commits
// them, in three passes: (a) first versions of new incidents, (b) newer versions moving half of
// them to another day and province, (c) the same versions again (stale). Each pass's JSON values
// are generated before its timing starts, so the figure is the aggregator's (parse, store reads,
// counter updates, commit), not the generator's. Prints incidents/s per pass and peak RSS
// (which includes one pass of pre-generated values); then the alert engine: a sweep of every
// series, and a tenth more new incidents with the moved series re-evaluated after each commit.
// Asserts no timings.
// Usage: aggregate_bench [incidents=200000]
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <vector>

#include "fmt/format.h"
#include "services/alerting/alert_book.h"
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

// The alert engine over the counts: a sweep of every series (what start-up and each new day
// do), then `more` new incidents in batches, each commit followed by re-evaluating the series
// the batch moved (what the aggregate stage does).
bool Alerts(storage::ClaimStore& store, trends::Aggregator& aggregator, size_t first, size_t more) {
  alerting::AlertScope scope;
  for (const char* group : bench::kIncidentGroups) scope.groups.push_back(group);
  for (const char* province : bench::kProvinces) scope.provinces.push_back(province);
  const alerting::AlertEvaluator evaluator(store, {}, scope);
  size_t published = 0;
  alerting::AlertEngine engine(store, evaluator, [&](std::span<const std::string> alerts) {
    published += alerts.size();
    return absl::OkStatus();
  });
  const trends::Day as_of = trends::ToDay(2025, 1, 1);
  auto series = evaluator.AllSeries();
  auto started = Clock::now();
  auto swept = engine.Sweep(as_of);
  if (!swept.ok() || !series.ok()) {
    std::cerr << "aggregate_bench: sweep: " << swept.status() << '\n';
    return false;
  }
  std::cout << fmt::format("aggregate_bench: alert sweep     {} series in {:.2f} s: {} alerts\n",
                           series->size(), Seconds(started), published);
  std::vector<resolution::IncidentChange> changes;
  for (size_t n = first; n < first + more; ++n) changes.push_back(bench::GeneratedChange(n, 1));
  published = 0;
  double evaluating = 0;
  started = Clock::now();
  for (size_t batch = 0; batch < changes.size(); batch += kBatch) {
    for (size_t i = batch; i < std::min(changes.size(), batch + kBatch); ++i) {
      if (!aggregator.Apply(changes[i]).ok()) return false;
    }
    auto committed = aggregator.Commit({});
    if (!committed.ok()) return false;
    const auto evaluation = Clock::now();
    if (!engine.OnCommit(*committed, as_of).ok()) return false;
    evaluating += Seconds(evaluation);
  }
  const double seconds = Seconds(started);
  std::cout << fmt::format(
      "aggregate_bench: with alerts    {} incidents in {:.2f} s: {:.0f} incidents/s ({:.2f} s "
      "re-evaluating the moved series, {:.0f} ms a batch of {}; {} alert changes)\n",
      more, seconds, more / seconds, evaluating, 1000 * evaluating * kBatch / more, kBatch,
      published);
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
                  Pass(aggregator, "stale versions", incidents, 2, &AggregateCounts::stale) &&
                  Alerts(**store, aggregator, incidents, std::max<size_t>(kBatch, incidents / 10));
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

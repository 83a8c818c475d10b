#include "services/trends/aggregate_pipeline.h"

#include "spdlog/spdlog.h"

namespace claimwatch::trends {
namespace {

// Applies one change; an invalid incident is reported and skipped, anything else is fatal.
[[nodiscard]] Result<> ApplyOrSkip(Aggregator& aggregator, const resolution::IncidentChange& change,
                                   std::string_view where) {
  auto applied = aggregator.Apply(change);
  if (applied.ok() || !absl::IsInvalidArgument(applied)) return applied;
  spdlog::warn("aggregate: {}: incident {}: {}", where, change.id, applied.message());
  return absl::OkStatus();
}

}  // namespace

Result<size_t> AggregatePipeline::RunOnce() {
  auto batch = source_.Poll(config_.batch_max_records, config_.poll_timeout);
  if (!batch.ok()) return batch.status();
  if (batch->empty()) return size_t{0};
  const auto started = std::chrono::steady_clock::now();
  for (const auto& record : *batch) {
    const resolution::IncidentChange change{std::string(record.key), record.version,
                                            std::string(record.payload)};
    auto applied = ApplyOrSkip(aggregator_, change,
                               StrCat(record.topic, ":", record.partition, "@", record.offset));
    if (!applied.ok()) {
      aggregator_.Abandon();
      return applied;
    }
  }
  const auto positions = records::NextPositions(*batch);
  auto counts = aggregator_.Commit(positions);
  if (!counts.ok()) {
    aggregator_.Abandon();
    return counts.status();
  }
  source_.Acknowledge(positions);
  metrics_.Count(*counts);
  metrics_.batch_seconds.Observe(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  if (after_commit_) {
    if (auto after = after_commit_(*counts); !after.ok()) return after;
  }
  return batch->size();
}

Result<> LocalAggregation::Publish(std::span<const resolution::IncidentChange> changes) {
  for (const auto& change : changes) {
    if (auto applied = ApplyOrSkip(aggregator_, change, "import"); !applied.ok()) {
      aggregator_.Abandon();
      return applied;
    }
  }
  auto counts = aggregator_.Commit({});
  if (!counts.ok()) {
    aggregator_.Abandon();
    return counts.status();
  }
  metrics_.Count(*counts);
  AddCounts(totals_, *counts);
  return absl::OkStatus();
}

}  // namespace claimwatch::trends

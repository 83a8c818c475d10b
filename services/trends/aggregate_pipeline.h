#pragma once

#include <atomic>
#include <chrono>
#include <functional>

#include "services/records/record_io.h"
#include "services/resolution/resolve_pipeline.h"
#include "services/trends/aggregator.h"
#include "services/trends/trend_metrics.h"

namespace claimwatch::trends {

struct AggregatePipelineConfig {
  size_t batch_max_records = 5000;
  std::chrono::milliseconds poll_timeout{100};
};

// The aggregator as a consumer of `incidents` (key = incident id; value incident.v1, or null
// with the version in a header): per batch, counts and offsets land in one atomic store write.
// A record that is not incident.v1 is logged, counted and skipped. Not thread-safe.
class AggregatePipeline {
 public:
  AggregatePipeline(records::RecordSource& source, Aggregator& aggregator, TrendMetrics& metrics,
                    AggregatePipelineConfig config)
      : source_(source), aggregator_(aggregator), metrics_(metrics), config_(config) {}

  // Polls, applies and commits one batch; returns how many records it read.
  [[nodiscard]] Result<size_t> RunOnce();
  // Called with what each batch did, after its commit (the alerts): an error stops RunOnce,
  // with the batch committed.
  void OnCommit(std::function<Result<>(const AggregateCounts&)> after_commit) {
    after_commit_ = std::move(after_commit);
  }

 private:
  std::function<Result<>(const AggregateCounts&)> after_commit_;
  records::RecordSource& source_;
  Aggregator& aggregator_;
  TrendMetrics& metrics_;
  AggregatePipelineConfig config_;
};

// Applies and commits, in process, the incident changes resolution publishes: the embedded
// path of `import`.
class LocalAggregation : public resolution::IncidentSink {
 public:
  LocalAggregation(Aggregator& aggregator, TrendMetrics& metrics)
      : aggregator_(aggregator), metrics_(metrics) {}
  [[nodiscard]] Result<> Publish(std::span<const resolution::IncidentChange> changes) override;
  const AggregateCounts& totals() const { return totals_; }

 private:
  Aggregator& aggregator_;
  TrendMetrics& metrics_;
  AggregateCounts totals_{};
};

}  // namespace claimwatch::trends

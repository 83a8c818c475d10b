#pragma once

#include <atomic>
#include <chrono>
#include <span>

#include "services/records/record_io.h"
#include "services/resolution/resolution_metrics.h"
#include "services/resolution/resolver.h"

namespace claimwatch::resolution {

// Where incident changes go: the compacted `incidents` topic. Returns once they are durable.
class IncidentSink {
 public:
  virtual ~IncidentSink() = default;
  [[nodiscard]] virtual Result<> Publish(std::span<const IncidentChange> changes) = 0;
};

struct ResolveConfig {
  size_t batch_max_records = 5000;
  std::chrono::milliseconds poll_timeout{100};
  // Backoff while the incident sink is unavailable; the batch is retried until it lands or
  // Stop().
  std::chrono::milliseconds retry_backoff{500};
};

// The resolution stage as a consumer of `claims.normalized`: each record resolves in the scope
// of its partition ("claims.normalized:3"), so a partition's state depends on that partition
// alone and a worker that gains it rebuilds it from the partition's start. Per batch: incident
// changes are made durable first, then state and offsets land in one atomic store write; a
// crash re-reads the batch and publishes the same (incident_id, version) pairs again.
// Not thread-safe; Stop() may be called anywhere.
class ResolvePipeline {
 public:
  ResolvePipeline(records::RecordSource& source, IncidentSink& sink, Resolver& resolver,
                  ResolutionMetrics& metrics, ResolveConfig config)
      : source_(source), sink_(sink), resolver_(resolver), metrics_(metrics), config_(config) {}

  // Polls, resolves and commits one batch; returns how many records it read.
  [[nodiscard]] Result<size_t> RunOnce();
  void Stop() { stopping_ = true; }

 private:
  [[nodiscard]] Result<> Publish(std::span<const IncidentChange> changes);

  records::RecordSource& source_;
  IncidentSink& sink_;
  Resolver& resolver_;
  ResolutionMetrics& metrics_;
  ResolveConfig config_;
  std::atomic<bool> stopping_{false};
};

// "claims.normalized:3": the state scope of one input partition.
std::string PartitionScope(std::string_view topic, int32_t partition);

}  // namespace claimwatch::resolution

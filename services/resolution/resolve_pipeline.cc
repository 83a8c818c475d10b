#include "services/resolution/resolve_pipeline.h"

#include "services/result/retry.h"
#include "spdlog/spdlog.h"

namespace claimwatch::resolution {

std::string PartitionScope(std::string_view topic, int32_t partition) {
  return StrCat(topic, ":", partition);
}

Result<size_t> ResolvePipeline::RunOnce() {
  auto batch = source_.Poll(config_.batch_max_records, config_.poll_timeout);
  if (!batch.ok()) return batch.status();
  if (batch->empty()) return size_t{0};
  const auto started = std::chrono::steady_clock::now();
  for (const auto& record : *batch) {
    auto change = ChangeFromJson(record.payload);
    if (!change.ok()) {
      // Only claimwatch writes this topic; a foreign message is reported, never fatal.
      spdlog::warn("resolve: {}:{}@{}: {}", record.topic, record.partition, record.offset,
                   change.status().message());
      metrics_.invalid_messages.Increment();
      continue;
    }
    auto applied = resolver_.Apply(PartitionScope(record.topic, record.partition), *change);
    if (!applied.ok()) {
      resolver_.Abandon();
      return applied;
    }
  }
  const auto changes = resolver_.Changes();
  if (auto published = Publish(changes); !published.ok()) {
    resolver_.Abandon();
    return published;
  }
  const auto positions = records::NextPositions(*batch);
  auto counts = resolver_.Commit(positions);
  if (!counts.ok()) return counts.status();
  source_.Acknowledge(positions);
  metrics_.Count(*counts, changes);
  metrics_.batch_seconds.Observe(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  return batch->size();
}

Result<> ResolvePipeline::Publish(std::span<const IncidentChange> changes) {
  if (changes.empty()) return absl::OkStatus();
  return RetryWhileUnavailable([&] { return sink_.Publish(changes); }, config_.retry_backoff,
                               stopping_);
}

}  // namespace claimwatch::resolution

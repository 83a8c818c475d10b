#pragma once

#include <span>
#include <string>

#include "services/resolution/claim_facts.h"
#include "services/resolution/resolution_metrics.h"
#include "services/resolution/resolve_pipeline.h"
#include "services/resolution/resolver.h"

namespace claimwatch::resolution {

// A claim change on its way to the resolution stage, with the location block it belongs to
// (the key that sends every claim about one place to one partition).
struct KeyedChange {
  std::string block{};
  ClaimChange change{};
};

// Where the ingest stage hands normalised claims on: `claims.normalized` (Kafka), or a resolver
// in the same process (file import). Publish returns once the changes are durable.
class ChangeSink {
 public:
  virtual ~ChangeSink() = default;
  [[nodiscard]] virtual Result<> Publish(std::span<const KeyedChange> changes) = 0;
};

// Resolves in-process, in one scope ("local"), committing each published batch and handing its
// incident changes to `incidents` (when given): the embedded path of `import`.
class LocalResolution : public ChangeSink {
 public:
  LocalResolution(Resolver& resolver, ResolutionMetrics& metrics, IncidentSink* incidents = nullptr)
      : resolver_(resolver), metrics_(metrics), incidents_(incidents) {}
  [[nodiscard]] Result<> Publish(std::span<const KeyedChange> changes) override;
  const ResolveCounts& totals() const { return totals_; }

 private:
  Resolver& resolver_;
  ResolutionMetrics& metrics_;
  IncidentSink* incidents_;
  ResolveCounts totals_{};
};

// Adds `counts` to `totals`.
void AddCounts(ResolveCounts& totals, const ResolveCounts& counts);

}  // namespace claimwatch::resolution

#pragma once

#include "prometheus/counter.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"
#include "services/resolution/resolver.h"

namespace claimwatch::resolution {

// The resolution stage's metrics: dedup levels 2 and 3 (claimwatch_duplicates_total{level}),
// incident changes by kind and batch latency.
struct ResolutionMetrics {
  explicit ResolutionMetrics(prometheus::Registry& registry);

  // Adds what one committed batch did.
  void Count(const ResolveCounts& counts, const std::vector<IncidentChange>& changes);

  prometheus::Counter& resolved;
  prometheus::Counter& redeliveries;
  prometheus::Counter& superseded;
  prometheus::Counter& retracted;
  prometheus::Counter& reposts;
  prometheus::Counter& incident_duplicates;
  prometheus::Counter& incidents_created;
  prometheus::Counter& incidents_updated;
  prometheus::Counter& incidents_deleted;
  prometheus::Histogram& batch_seconds;
  prometheus::Counter& invalid_messages;
};

}  // namespace claimwatch::resolution

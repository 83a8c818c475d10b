#pragma once

#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"
#include "services/trends/aggregator.h"
#include "services/trends/trend_queries.h"

namespace claimwatch::trends {

// The label values the domain gauges may take, so that label sets stay bounded: the groups and
// provinces the reference data knows. Others are left out of the gauges (the API has them).
struct GaugeLabels {
  std::vector<std::string> groups{};
  std::vector<std::string> provinces{};
  std::vector<int> windows_days{7, 30, 90, 365};
};

// The aggregator's metrics: what it applied (claimwatch_aggregate_incidents_total{change}),
// late updates, batch latency, and the domain gauges read from the committed counts.
class TrendMetrics {
 public:
  TrendMetrics(prometheus::Registry& registry, GaugeLabels labels);

  void Count(const AggregateCounts& counts);
  // Sets claimwatch_attacks{group,province,window} for windows ending at `as_of`, and the newest
  // event day per group, and claimwatch_coclaims{group_a,group_b} over 365 days. A series
  // appears once it has counted an attack and stays (at 0) after.
  [[nodiscard]] Result<> RefreshGauges(const TrendQueries& queries, Day as_of);

  prometheus::Histogram& batch_seconds;

 private:
  [[nodiscard]] Result<> RefreshCoClaims(const TrendQueries& queries, Day as_of);
  prometheus::Family<prometheus::Counter>& incidents_;
  prometheus::Family<prometheus::Counter>& late_;
  prometheus::Family<prometheus::Gauge>& attacks_;
  prometheus::Family<prometheus::Gauge>& newest_;
  prometheus::Family<prometheus::Gauge>& coclaims_;
  std::set<std::pair<std::string, std::string>> shown_pairs_;
  prometheus::Gauge& watermark_;
  GaugeLabels labels_;
  std::set<std::pair<std::string, std::string>> shown_;  // (group, province) with gauges
};

}  // namespace claimwatch::trends

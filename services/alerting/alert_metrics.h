#pragma once

#include <set>
#include <string>
#include <utility>

#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"
#include "services/alerting/surge_evaluation.h"

namespace claimwatch::alerting {

// claimwatch_alerts_open{type} and claimwatch_surge_active{group,province} (1 while a surge
// alert is open), from the alerts evaluated up to today. Label values come from the scope, so
// they stay bounded; a series appears once a surge opened on it and stays (at 0) after.
class AlertMetrics {
 public:
  AlertMetrics(prometheus::Registry& registry, SurgeScope scope);
  [[nodiscard]] Result<> Refresh(const trends::TrendQueries& queries, trends::Day as_of);

 private:
  SurgeScope scope_;
  prometheus::Family<prometheus::Gauge>& open_;
  prometheus::Family<prometheus::Gauge>& surge_active_;
  std::set<std::pair<std::string, std::string>> shown_;
};

}  // namespace claimwatch::alerting

#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

#include "prometheus/collectable.h"
#include "services/alerting/alert_metrics.h"
#include "services/claimwatch/config.h"
#include "services/http/api_server.h"
#include "services/trends/trend_metrics.h"

namespace claimwatch::cli {

// The gauges' label values: the groups and provinces of the configured reference data.
[[nodiscard]] Result<trends::GaugeLabels> GaugeLabelsFor(const Config& config);

// The aggregate stage of a process: its store, its metrics, and whether it is ready (caught up
// with the incidents topic as it was at start).
struct AggregateStage {
  const Config& config;
  const trends::GaugeLabels& labels;  // the groups and provinces alerts watch
  storage::ClaimStore& store;
  trends::TrendMetrics& metrics;
  alerting::AlertMetrics& alert_metrics;
  std::atomic<bool> ready{false};
};

// What the alert policy watches: the groups and provinces of `labels`.
alerting::AlertScope AlertScopeOf(const trends::GaugeLabels& labels);

// Consumes the incidents topic into the store's trends (consumer group [aggregate] group) until
// `stop`, refreshing the gauges. With `upstream_done`, returns once it is true and every
// partition is read to its current end.
[[nodiscard]] absl::Status RunAggregateStage(AggregateStage& stage, const std::atomic<bool>& stop,
                                             const std::function<bool()>& upstream_done = nullptr);

// The HTTP API over the store ([http]), its alerts watching the groups and provinces of
// `labels`; nullptr when http.port is 0.
[[nodiscard]] Result<std::unique_ptr<http::ApiServer>> StartApi(
    const Config& config, const trends::GaugeLabels& labels, const storage::ClaimStore& store,
    std::vector<std::shared_ptr<prometheus::Collectable>> metrics, std::function<bool()> ready);

}  // namespace claimwatch::cli

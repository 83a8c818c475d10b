#pragma once

#include <set>
#include <span>
#include <string>
#include <utility>

#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"
#include "services/alerting/alert_book.h"

namespace claimwatch::alerting {

// claimwatch_alerts_open{type} and claimwatch_surge_active{group,province} (1 while a surge
// alert of any rule is open on the series), from the alert book. Label values come from the
// book's surge alerts, which only watch the reference data's groups and provinces, so they stay
// bounded; a series appears once a surge opened on it and stays (at 0) after.
class AlertMetrics {
 public:
  explicit AlertMetrics(prometheus::Registry& registry);
  void Refresh(std::span<const BookEntry> book);
  // claimwatch_alert_webhook_failures_total: a post to the Alertmanager that failed.
  void WebhookFailed() { webhook_failures_.Increment(); }

 private:
  prometheus::Family<prometheus::Gauge>& open_;
  prometheus::Family<prometheus::Gauge>& surge_active_;
  prometheus::Counter& webhook_failures_;
  std::set<std::pair<std::string, std::string>> shown_;
};

}  // namespace claimwatch::alerting

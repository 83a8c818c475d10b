#include "services/alerting/alert_metrics.h"

#include <map>

namespace claimwatch::alerting {

AlertMetrics::AlertMetrics(prometheus::Registry& registry, SurgeScope scope)
    : scope_(std::move(scope)),
      open_(prometheus::BuildGauge()
                .Name("claimwatch_alerts_open")
                .Help("Alerts open now, by type (surge, novelty; coclaim to come).")
                .Register(registry)),
      surge_active_(prometheus::BuildGauge()
                        .Name("claimwatch_surge_active")
                        .Help("1 while a surge alert is open on a group's monthly attacks "
                              "(province \"all\": overall), else 0.")
                        .Register(registry)) {
  open_.Add({{"type", "surge"}});
  open_.Add({{"type", "novelty"}});
}

Result<> AlertMetrics::Refresh(const trends::TrendQueries& queries, trends::Day as_of) {
  auto alerts = EvaluateSurges(queries, scope_, as_of, {});
  if (!alerts.ok()) return alerts.status();
  std::map<std::pair<std::string, std::string>, bool> active;
  for (const auto& alert : *alerts) {
    if (alert.state == "open") active[{alert.group, alert.province}] = true;
  }
  for (const auto& [series, on] : active) shown_.insert(series);
  for (const auto& series : shown_) {
    surge_active_.Add({{"group", series.first}, {"province", series.second}})
        .Set(active.contains(series) ? 1 : 0);
  }
  open_.Add({{"type", "surge"}}).Set(static_cast<double>(active.size()));
  auto novelty = FindNovelty(queries, {as_of, std::string("open")}, {});
  if (!novelty.ok()) return novelty.status();
  open_.Add({{"type", "novelty"}}).Set(static_cast<double>(novelty->size()));
  return absl::OkStatus();
}

}  // namespace claimwatch::alerting

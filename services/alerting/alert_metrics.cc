#include "services/alerting/alert_metrics.h"

#include <map>

namespace claimwatch::alerting {

AlertMetrics::AlertMetrics(prometheus::Registry& registry)
    : open_(prometheus::BuildGauge()
                .Name("claimwatch_alerts_open")
                .Help("Alerts open now, by type (surge, novelty, coclaim).")
                .Register(registry)),
      surge_active_(prometheus::BuildGauge()
                        .Name("claimwatch_surge_active")
                        .Help("1 while a surge alert is open on a group's attacks (province "
                              "\"all\": overall), else 0.")
                        .Register(registry)),
      webhook_failures_(prometheus::BuildCounter()
                            .Name("claimwatch_alert_webhook_failures_total")
                            .Help("Posts of alert changes to the Alertmanager webhook that failed "
                                  "(open alerts are sent again; see the log for why).")
                            .Register(registry)
                            .Add({})) {
  for (const char* type : {"surge", "novelty", "coclaim"}) open_.Add({{"type", type}});
}

void AlertMetrics::Refresh(std::span<const BookEntry> book) {
  std::map<std::string, int64_t> open = {{"surge", 0}, {"novelty", 0}, {"coclaim", 0}};
  std::set<std::pair<std::string, std::string>> active;
  for (const auto& entry : book) {
    const auto& alert = entry.alert;
    if (alert.state != "open") continue;
    ++open[alert.type];
    if (alert.type == "surge") active.insert({alert.group, alert.province});
  }
  shown_.insert(active.begin(), active.end());
  for (const auto& series : shown_) {
    surge_active_.Add({{"group", series.first}, {"province", series.second}})
        .Set(active.contains(series) ? 1 : 0);
  }
  for (const auto& [type, count] : open) {
    open_.Add({{"type", type}}).Set(static_cast<double>(count));
  }
}

}  // namespace claimwatch::alerting

#include "services/alerting/surge_alerts.h"

#include "fmt/format.h"
#include "nlohmann/json.hpp"
#include "services/trends/calendar.h"
#include "xxhash.h"

namespace claimwatch::alerting {
namespace {

using trends::FirstDayOfMonth;
using trends::FormatDay;
using trends::FormatMonth;
using trends::LastDayOfMonth;

constexpr char kDetector[] = "poisson-rate";

std::string AlertId(const std::string& group, const std::string& province, int opened_month) {
  const std::string key = fmt::format("surge\x1f{}\x1f{}\x1f{}\x1fmonth\x1f{}", group, province,
                                      kDetector, FormatMonth(opened_month));
  return fmt::format("alr-{:016x}", XXH3_64bits(key.data(), key.size()));
}

std::string Summary(const SurgeAlert& alert) {
  const auto& e = alert.evidence;
  const std::string where = alert.province == "all" ? "" : " in " + alert.province;
  return fmt::format(
      "{} attacks{} {}: {} from {} to {} against {:.1f} expected from the {} months before "
      "({}, threshold {})",
      alert.group, where, alert.state == "open" ? "are surging" : "surged", e.observed,
      e.window_from, e.window_to, e.expected, e.baseline_months, kDetector, e.threshold);
}

}  // namespace

std::vector<SurgeAlert> SurgeAlerts(const std::string& group, const std::string& province,
                                    int first_month, std::span<const int64_t> counts,
                                    const SurgeRule& rule) {
  const auto& control = rule.control;
  const int64_t history = control.w + control.g + control.b;  // 1-based first evaluable point
  std::vector<SurgeAlert> alerts;
  if (static_cast<int64_t>(counts.size()) < history) return alerts;
  std::vector<double> observed(counts.begin(), counts.end());
  std::vector<int64_t> range;
  for (int64_t t = history; t <= static_cast<int64_t>(counts.size()); ++t) range.push_back(t);
  auto detected = detection::DetectPoissonRate(observed, range, control);
  if (!detected.ok()) return alerts;  // the rule is checked when the config loads
  int quiet = 0;
  for (size_t i = 0; i < range.size(); ++i) {
    const int64_t t = range[i];
    const int month = first_month + static_cast<int>(t) - 1;
    int64_t window = 0, baseline = 0;
    for (int64_t k = t - control.w + 1; k <= t; ++k) window += counts[k - 1];
    for (int64_t k = t - control.w - control.g - control.b + 1; k <= t - control.w - control.g;
         ++k) {
      baseline += counts[k - 1];
    }
    const bool alarm = detected->alarm[i].value_or(false) && window >= rule.min_observed;
    SurgeAlert* open = alerts.empty() || alerts.back().state != "open" ? nullptr : &alerts.back();
    if (!alarm) {
      if (open && ++quiet >= rule.resolve_after) {
        open->state = "resolved";
        open->resolved_on = open->last_updated_on = FormatDay(LastDayOfMonth(month));
        open->summary = Summary(*open);
      }
      continue;
    }
    quiet = 0;
    if (!open) {
      alerts.push_back({AlertId(group, province, month), "open", group, province,
                        FormatDay(LastDayOfMonth(month))});
      open = &alerts.back();
    }
    open->last_updated_on = FormatDay(LastDayOfMonth(month));
    open->evidence = {FormatMonth(month),
                      FormatDay(FirstDayOfMonth(month - static_cast<int>(control.w) + 1)),
                      FormatDay(LastDayOfMonth(month)),
                      window,
                      static_cast<double>(control.w) * static_cast<double>(baseline) /
                          static_cast<double>(control.b),
                      static_cast<int64_t>(detected->upperbound[i].value_or(0)),
                      control.w,
                      control.b};
    open->summary = Summary(*open);
  }
  return alerts;
}

std::string SurgeAlertToJson(const SurgeAlert& alert) {
  const auto& e = alert.evidence;
  nlohmann::ordered_json json = {
      {"schema", "alert.v1"},
      {"alert_id", alert.alert_id},
      {"type", "surge"},
      {"state", alert.state},
      {"group", alert.group},
      {"province", alert.province},
      {"detector", kDetector},
      {"interval", "month"},
      {"opened_on", alert.opened_on},
      {"last_updated_on", alert.last_updated_on},
      {"resolved_on", alert.resolved_on.empty() ? nlohmann::ordered_json(nullptr)
                                                : nlohmann::ordered_json(alert.resolved_on)},
      {"evidence",
       {{"period", e.period},
        {"window", {{"from", e.window_from}, {"to", e.window_to}, {"months", e.window_months}}},
        {"baseline_months", e.baseline_months},
        {"observed", e.observed},
        {"expected", e.expected},
        {"threshold", e.threshold}}},
      {"summary", alert.summary}};
  return json.dump();
}

}  // namespace claimwatch::alerting

#include "services/alerting/surge_alerts.h"

#include <limits>
#include <numeric>

#include "fmt/format.h"
#include "nlohmann/json.hpp"
#include "services/detection/detect_command.h"
#include "xxhash.h"

namespace claimwatch::alerting {
namespace {

using trends::FormatDay;

std::string AlertId(const SurgeAlert& alert, std::string_view opened_period) {
  const std::string key =
      fmt::format("surge\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}", alert.group, alert.province,
                  alert.detector, trends::IntervalName(alert.interval), opened_period);
  // The monthly rule of the default policy keeps the ids it had before rules had names.
  const std::string named = alert.rule == "monthly" ? key : key + "\x1f" + alert.rule;
  return fmt::format("alr-{:016x}", XXH3_64bits(named.data(), named.size()));
}

std::string Summary(const SurgeAlert& alert) {
  const auto& e = alert.evidence;
  const std::string where = alert.province == "all" ? "" : " in " + alert.province;
  return fmt::format(
      "{} attacks{} {}: {} from {} to {} against {:.1f} expected from the {} {}s before "
      "({}, threshold {:g})",
      alert.group, where, alert.state == "open" ? "are surging" : "surged", e.observed,
      e.window_from, e.window_to, e.expected, e.baseline_points,
      trends::IntervalName(alert.interval), alert.detector, e.threshold);
}

// Window and baseline of a rule at each evaluated point: poisson-rate's own, otherwise the
// point itself against the year (or warmup, if shorter) before it.
struct Shape {
  int64_t window = 1;
  int64_t gap = 0;
  int64_t baseline = 0;
};
Shape ShapeOf(const SurgePolicy& policy) {
  const auto& control = policy.control;
  auto value = [&](const char* name, int64_t fallback) {
    auto it = control.is_object() ? control.find(name) : control.end();
    return control.is_object() && it != control.end() && it->is_number() ? it->get<int64_t>()
                                                                         : fallback;
  };
  if (policy.detector == "poisson-rate") return {value("w", 4), value("g", 2), value("b", 52)};
  return {1, 0, std::min(Warmup(policy), Frequency(policy.interval))};
}

SurgeEvidence EvidenceAt(const std::vector<trends::Day>& starts, std::span<const int64_t> counts,
                         size_t last, const Shape& shape, double bound, trends::Interval interval,
                         trends::Day period_end) {
  auto sum = [&](int64_t from, int64_t to) {  // [from, to) as indices into counts
    return std::accumulate(counts.begin() + from, counts.begin() + to, int64_t{0});
  };
  const auto end = static_cast<int64_t>(last) + 1;
  const int64_t window = sum(end - shape.window, end);
  const int64_t base_end = end - shape.window - shape.gap;
  const int64_t baseline = sum(base_end - shape.baseline, base_end);
  return {trends::FormatPeriod(interval, starts[last]),
          FormatDay(starts[end - shape.window]),
          FormatDay(period_end),
          window,
          static_cast<double>(shape.window) * static_cast<double>(baseline) /
              static_cast<double>(std::max<int64_t>(1, shape.baseline)),
          bound,
          shape.window,
          shape.baseline};
}

}  // namespace

std::vector<SurgeAlert> SurgeAlerts(const std::string& group, const std::string& province,
                                    trends::Day first, std::span<const int64_t> counts,
                                    const SurgePolicy& policy, std::optional<trends::Day> through) {
  const int64_t warmup = Warmup(policy);
  std::vector<SurgeAlert> alerts;
  if (static_cast<int64_t>(counts.size()) <= warmup) return alerts;
  std::vector<trends::Day> starts = {first};
  while (starts.size() < counts.size()) {
    starts.push_back(trends::NextPeriod(policy.interval, starts.back()));
  }
  const std::vector<double> observed(counts.begin(), counts.end());
  std::vector<int64_t> range;
  for (auto t = warmup + 1; t <= static_cast<int64_t>(counts.size()); ++t) range.push_back(t);
  auto detected = detection::Detect(policy.detector, observed, range, policy.control,
                                    Frequency(policy.interval));
  if (!detected.ok()) return alerts;  // the policy is checked when the config loads
  const Shape shape = ShapeOf(policy);
  int quiet = 0;
  for (size_t i = 0; i < range.size(); ++i) {
    const auto index = static_cast<size_t>(range[i] - 1);
    const trends::Day last_day =
        std::min(trends::NextPeriod(policy.interval, starts[index]) - 1,
                 through.value_or(std::numeric_limits<trends::Day>::max()));
    const std::string period_end = FormatDay(last_day);
    auto evidence = EvidenceAt(starts, counts, index, shape, detected->upperbound[i].value_or(0),
                               policy.interval, last_day);
    const bool alarm =
        detected->alarm[i].value_or(false) && evidence.observed >= policy.min_observed;
    SurgeAlert* open = alerts.empty() || alerts.back().state != "open" ? nullptr : &alerts.back();
    if (!alarm) {
      if (open && ++quiet >= policy.resolve_after) {
        open->state = "resolved";
        open->resolved_on = open->last_updated_on = period_end;
        open->summary = Summary(*open);
      }
      continue;
    }
    quiet = 0;
    if (!open) {
      alerts.push_back(
          {"", "open", policy.name, policy.detector, policy.interval, group, province, period_end});
      open = &alerts.back();
      open->alert_id = AlertId(*open, evidence.period);
    }
    open->last_updated_on = period_end;
    open->evidence = std::move(evidence);
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
      {"detector", alert.detector},
      {"interval", trends::IntervalName(alert.interval)},
      {"rule", alert.rule},
      {"opened_on", alert.opened_on},
      {"last_updated_on", alert.last_updated_on},
      {"resolved_on", alert.resolved_on.empty() ? nlohmann::ordered_json(nullptr)
                                                : nlohmann::ordered_json(alert.resolved_on)},
      {"evidence",
       {{"period", e.period},
        {"window", {{"from", e.window_from}, {"to", e.window_to}, {"points", e.window_points}}},
        {"baseline_points", e.baseline_points},
        {"observed", e.observed},
        {"expected", e.expected},
        {"threshold", e.threshold}}},
      {"summary", alert.summary}};
  return json.dump();
}

}  // namespace claimwatch::alerting

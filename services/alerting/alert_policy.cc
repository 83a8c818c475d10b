#include "services/alerting/alert_policy.h"

#include <algorithm>
#include <set>

#include "services/detection/detect_command.h"

namespace claimwatch::alerting {
namespace {

// A control value, or the detector's default when absent or null.
int64_t ControlInt(const nlohmann::json& control, const char* name, int64_t fallback) {
  if (!control.is_object()) return fallback;
  auto it = control.find(name);
  return it != control.end() && it->is_number() ? it->get<int64_t>() : fallback;
}

Result<> CheckRule(const SurgePolicy& rule) {
  if (rule.name.empty()) return InvalidInput("name: must not be empty");
  if (rule.history <= Warmup(rule)) {
    return InvalidInput(StrCat("history: must be more than the ", Warmup(rule),
                               " points the detector needs before its first evaluation"));
  }
  if (rule.resolve_after < 1) return InvalidInput("resolve_after: must be at least 1");
  const std::vector<double> quiet(static_cast<size_t>(Warmup(rule)) + 1, 1.0);
  const int64_t point = static_cast<int64_t>(quiet.size());
  auto ran = detection::Detect(rule.detector, quiet, std::span<const int64_t>(&point, 1),
                               rule.control, Frequency(rule.interval));
  if (!ran.ok()) return ran.status();
  return absl::OkStatus();
}

}  // namespace

std::vector<SurgePolicy> AlertPolicy::DefaultSurges() {
  SurgePolicy weekly{.name = "weekly", .interval = trends::Interval::kWeek};
  weekly.control = {{"w", 4}, {"b", 52}, {"g", 0}, {"alpha", 0.01}};
  weekly.history = 260;
  weekly.resolve_after = 4;
  return {SurgePolicy{}, weekly};
}

int64_t Frequency(trends::Interval interval) {
  return interval == trends::Interval::kWeek ? 52 : interval == trends::Interval::kMonth ? 12 : 1;
}

int64_t Warmup(const SurgePolicy& policy) {
  if (policy.warmup > 0) return policy.warmup;
  const auto& control = policy.control;
  const std::string& method = policy.detector;
  const int64_t frequency = Frequency(policy.interval);
  if (method == "poisson-rate") {
    return ControlInt(control, "w", 4) - 1 + ControlInt(control, "g", 2) +
           ControlInt(control, "b", 52);
  }
  if (method.starts_with("ears-")) {
    const int64_t baseline = ControlInt(control, "baseline", 7);
    return baseline + (method == "ears-c1" ? 0 : method == "ears-c2" ? 2 : 4);
  }
  if (method.starts_with("farrington")) {
    return frequency * ControlInt(control, "b", 5) + ControlInt(control, "w", 3);
  }
  return frequency;  // cusum, glr-poisson: a year to estimate the in-control mean
}

Result<> ValidatePolicy(const AlertPolicy& policy) {
  std::set<std::string> names;
  for (size_t i = 0; i < policy.surges.size(); ++i) {
    const auto& rule = policy.surges[i];
    auto checked = CheckRule(rule);
    if (checked.ok() && !names.insert(rule.name).second) {
      checked = InvalidInput("name: used by an earlier rule");
    }
    if (!checked.ok()) {
      return InvalidInput(StrCat("alerts.surge[", i, "] (", rule.name, "): ", checked.message()));
    }
  }
  if (policy.novelty.gap_days < 1) return InvalidInput("alerts.novelty_gap_days: must be >= 1");
  if (policy.coclaim.window_days < 1) {
    return InvalidInput("alerts.coclaim_window_days: must be >= 1");
  }
  if (policy.coclaim.level < 1) return InvalidInput("alerts.coclaim_level: must be >= 1");
  return absl::OkStatus();
}

}  // namespace claimwatch::alerting

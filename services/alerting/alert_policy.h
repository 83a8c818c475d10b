#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "services/result/result.h"
#include "services/trends/trend_queries.h"

namespace claimwatch::alerting {

// One surge rule ([[alerts.surge]]): a detector run on each watched group's calendar series,
// overall and, with per_province, per province.
struct SurgePolicy {
  std::string name = "monthly";           // names the rule in alert ids; unique within a policy
  std::string detector = "poisson-rate";  // a `claimwatch detect` method
  trends::Interval interval = trends::Interval::kMonth;
  bool per_province = true;
  // The detector's parameters, named as R names them (as `claimwatch detect` reads them).
  nlohmann::json control = {{"w", 2}, {"b", 12}, {"g", 0}, {"alpha", 0.01}};
  // Periods read at least, ending with the period of the evaluation day; the series is read
  // from its first attack when that is earlier, so an alert never falls out of the evaluation.
  int64_t history = 120;
  int64_t warmup = 0;  // points before the first one evaluated; 0: what the detector needs
  // Sparse counts: a window with fewer attacks never alerts, whatever its baseline (with the
  // default 3, one attack after a quiet year is not a surge; set 1 to allow it).
  int64_t min_observed = 3;
  int resolve_after = 2;  // hysteresis: periods in a row without an alarm that resolve an alert
};

// "First attack by <group> in <place|province>" and "first <attack type> attack by <group>"
// after more than gap_days without one.
struct NoveltyPolicy {
  bool enabled = true;
  int gap_days = 365;
  int open_days = 30;  // an alert stays open this long after the attack, then resolves
};

// A pair of groups claiming the same incidents: an alert while the pair's count in a rolling
// window is at or above `level`.
struct CoclaimPolicy {
  bool enabled = true;
  int window_days = 365;
  int64_t level = 5;
};

// [alerts]: which detectors watch which series, and where alerts go.
struct AlertPolicy {
  std::vector<SurgePolicy> surges = DefaultSurges();
  NoveltyPolicy novelty{};
  CoclaimPolicy coclaim{};

  // Monthly: the last 2 months against the 12 before, alpha 0.01. Weekly: the last 4 weeks
  // against the 52 before, alpha 0.01. Both Poisson rate tests with at least 3 attacks.
  static std::vector<SurgePolicy> DefaultSurges();
};

// Points per year of an interval (the detectors' `frequency`).
int64_t Frequency(trends::Interval interval);
// Points a rule's detector needs before its first evaluated point (its warmup if set).
int64_t Warmup(const SurgePolicy& policy);
// Checks every rule, running its detector once on a quiet series so that a bad parameter is
// found when the configuration loads. Errors name the rule: "alerts.surge[1] (weekly): …".
[[nodiscard]] Result<> ValidatePolicy(const AlertPolicy& policy);

}  // namespace claimwatch::alerting

#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "services/detection/poisson_rate.h"

namespace claimwatch::alerting {

// When a monthly attack count is a surge, and when the surge is over.
struct SurgeRule {
  // The recent w months against the b months before them (g months apart): P(X >= observed)
  // under the baseline's Poisson rate below alpha (services/detection/poisson_rate.h).
  detection::PoissonRateControl control{.w = 2, .b = 12, .g = 0, .alpha = 0.01};
  // Sparse counts: a window with fewer attacks never alerts, whatever its baseline (one attack
  // after a quiet year is not a surge).
  int64_t min_observed = 3;
  // Hysteresis: an open alert resolves after this many months in a row without an alarm.
  int resolve_after = 2;
};

// What an alert stands on: the last month that alarmed, or that resolved it.
struct SurgeEvidence {
  std::string period{};       // "2022-10"
  std::string window_from{};  // first day of the window, "2022-09-01"
  std::string window_to{};    // last day, "2022-10-31"
  int64_t observed = 0;       // attacks in the window
  double expected = 0;        // from the baseline's rate
  int64_t threshold = 0;      // the smallest count that alarms
  int64_t window_months = 0;
  int64_t baseline_months = 0;
};

struct SurgeAlert {
  std::string alert_id{};  // stable: series, detector and the month it opened
  std::string state{};     // "open" | "resolved"
  std::string group{};
  std::string province{};   // ISO 3166-2, or "all"
  std::string opened_on{};  // event time: the last day of the month that opened it
  std::string last_updated_on{};
  std::string resolved_on{};  // "" while open
  SurgeEvidence evidence{};
  std::string summary{};
};

// The surge alerts of one monthly series, `counts[i]` being month `first_month + i` (months as
// year * 12 + month - 1), evaluated month by month in event time. A function of the counts: a
// late change re-evaluates every month after it.
std::vector<SurgeAlert> SurgeAlerts(const std::string& group, const std::string& province,
                                    int first_month, std::span<const int64_t> counts,
                                    const SurgeRule& rule);

// alert.v1 JSON of a surge alert (one line).
std::string SurgeAlertToJson(const SurgeAlert& alert);

}  // namespace claimwatch::alerting

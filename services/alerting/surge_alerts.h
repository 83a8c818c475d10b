#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "services/alerting/alert_policy.h"
#include "services/trends/calendar.h"

namespace claimwatch::alerting {

// What an alert stands on: the last period that alarmed.
struct SurgeEvidence {
  std::string period{};       // "2022-10", "2022-W41"
  std::string window_from{};  // first day of the window, "2022-09-01"
  std::string window_to{};    // last day, "2022-10-31"
  int64_t observed = 0;       // attacks in the window
  double expected = 0;        // what the baseline leads to expect in the window
  double threshold = 0;       // the detector's bound: counts above it (poisson-rate: at it) alarm
  int64_t window_points = 0;
  int64_t baseline_points = 0;
};

struct SurgeAlert {
  std::string alert_id{};  // stable: series, rule and the period it opened
  std::string state{};     // "open" | "resolved"
  std::string rule{};      // the policy rule's name
  std::string detector{};
  trends::Interval interval = trends::Interval::kMonth;
  std::string group{};
  std::string province{};  // ISO 3166-2, or "all"
  // Event time: the last day of the period that opened it (or, while that period runs, the
  // last day evaluated).
  std::string opened_on{};
  std::string last_updated_on{};
  std::string resolved_on{};  // "" while open
  SurgeEvidence evidence{};
  std::string summary{};
};

// The surge alerts of one calendar series, `counts[i]` being the i-th period from the one
// starting on `first` (policy.interval), evaluated period by period in event time. A function
// of the counts: a late change re-evaluates every period after it. `through`, when the last
// period is still running, is the last day its count covers: its alerts are dated that day,
// not the period's end.
std::vector<SurgeAlert> SurgeAlerts(const std::string& group, const std::string& province,
                                    trends::Day first, std::span<const int64_t> counts,
                                    const SurgePolicy& policy,
                                    std::optional<trends::Day> through = std::nullopt);

// alert.v1 JSON of a surge alert (one line).
std::string SurgeAlertToJson(const SurgeAlert& alert);

}  // namespace claimwatch::alerting

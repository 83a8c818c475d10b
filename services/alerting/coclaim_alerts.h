#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "services/alerting/alert_policy.h"
#include "services/trends/calendar.h"

namespace claimwatch::alerting {

// Incidents both groups of a pair claimed, by event date (a month- or year-precision incident
// at the last day of its period: it is in a window once all of its period is).
struct PairDay {
  trends::Day day = 0;
  int64_t count = 0;
};

struct CoclaimAlert {
  std::string alert_id{};
  std::string state{};  // "open" | "resolved"
  std::string group_a{};
  std::string group_b{};    // group_a < group_b
  std::string opened_on{};  // the day the pair's rolling count reached the level
  std::string last_updated_on{};
  std::string resolved_on{};  // the day it fell below the level; "" while open
  int64_t count = 0;          // the rolling count on last_updated_on
  std::string window_from{};
  std::string window_to{};
  int64_t level = 0;
  std::string summary{};
};

// The co-claim alerts of one pair, walking its incidents (in day order) up to `as_of`: open
// while the count in the rolling window is at or above the level, updated by each new shared
// incident, resolved when old ones leave the window and the count falls below the level.
std::vector<CoclaimAlert> CoclaimAlerts(const std::string& group_a, const std::string& group_b,
                                        std::span<const PairDay> days, trends::Day as_of,
                                        const CoclaimPolicy& policy);

// alert.v1 JSON of a co-claim alert (one line): group = group_a, group_b.
std::string CoclaimAlertToJson(const CoclaimAlert& alert, const CoclaimPolicy& policy);

}  // namespace claimwatch::alerting

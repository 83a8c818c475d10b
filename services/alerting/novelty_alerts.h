#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "services/trends/calendar.h"

namespace claimwatch::alerting {

// "First attack by <group> in <place|province> since <date>": a group attacks where it had not
// for more than `gap_days`.
struct NoveltyRule {
  int gap_days = 365;
  int open_days = 30;  // a novelty alert stays open this long after the attack, then resolves
};

struct NoveltyAlert {
  std::string alert_id{};
  std::string state{};  // "open" | "resolved"
  std::string group{};
  std::string province{};
  std::string place{};  // the town; "" when the novelty is the province
  std::string incident_id{};
  std::string opened_on{};    // the attack's event date
  std::string previous_on{};  // the group's attack there before it
  std::string resolved_on{};  // "" while open
  int64_t gap_days = 0;
  std::string summary{};
};

// The novelty alerts of day-precision incidents (incident.v1 JSON, in event-date order) dated
// up to `as_of`. A function of the incidents: late data re-evaluates them.
std::vector<NoveltyAlert> NoveltyAlerts(const std::vector<std::string>& incidents,
                                        trends::Day as_of, const NoveltyRule& rule);

// alert.v1 JSON of a novelty alert (one line).
std::string NoveltyAlertToJson(const NoveltyAlert& alert);

}  // namespace claimwatch::alerting

#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "services/alerting/alert_policy.h"
#include "services/trends/calendar.h"
#include "services/trends/trend_keys.h"

namespace claimwatch::alerting {

using trends::NoveltyKey;

// One day-precision attack of a key.
struct Attack {
  trends::Day day = 0;
  std::string incident_id{};
  std::string place{};  // province keys: the town, if known
};

struct NoveltyAlert {
  std::string alert_id{};
  std::string state{};  // "open" | "resolved"
  NoveltyKey key{};
  std::string incident_id{};
  std::string opened_on{};    // the attack's event date
  std::string previous_on{};  // the group's attack of this key before it
  std::string resolved_on{};  // "" while open
  int64_t gap_days = 0;
  std::string summary{};
};

// The novelty alerts of one key's attacks (in day order) dated up to `as_of`: each attack more
// than gap_days after the one before it. A province's novelty is left to its town's alert when
// both attacks were in the same town (the same fact). A function of the attacks: late data
// re-evaluates them.
std::vector<NoveltyAlert> NoveltyAlerts(const NoveltyKey& key, std::span<const Attack> attacks,
                                        trends::Day as_of, const NoveltyPolicy& policy);

// The novelty alerts of incidents (incident.v1 JSON, any order) up to `as_of`.
std::vector<NoveltyAlert> NoveltyAlertsOf(const std::vector<std::string>& incidents,
                                          trends::Day as_of, const NoveltyPolicy& policy);

// alert.v1 JSON of a novelty alert (one line).
std::string NoveltyAlertToJson(const NoveltyAlert& alert);

}  // namespace claimwatch::alerting

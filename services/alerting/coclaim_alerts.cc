#include "services/alerting/coclaim_alerts.h"

#include <map>

#include "fmt/format.h"
#include "nlohmann/json.hpp"
#include "xxhash.h"

namespace claimwatch::alerting {
namespace {

using trends::Day;
using trends::FormatDay;

std::string AlertId(const CoclaimAlert& alert) {
  const std::string key =
      fmt::format("coclaim\x1f{}\x1f{}\x1f{}", alert.group_a, alert.group_b, alert.opened_on);
  return fmt::format("alr-{:016x}", XXH3_64bits(key.data(), key.size()));
}

std::string Summary(const CoclaimAlert& alert, int window_days) {
  return fmt::format("{} and {} {} {} incidents in the {} days to {} (level {})", alert.group_a,
                     alert.group_b, alert.state == "open" ? "have claimed" : "claimed", alert.count,
                     window_days, alert.window_to, alert.level);
}

}  // namespace

std::vector<CoclaimAlert> CoclaimAlerts(const std::string& group_a, const std::string& group_b,
                                        std::span<const PairDay> days, Day as_of,
                                        const CoclaimPolicy& policy) {
  // Day → change of the rolling count that day: arrivals, and departures window_days later.
  std::map<Day, std::pair<int64_t, int64_t>> changes;  // (arrived, left)
  for (const auto& [day, count] : days) {
    if (day > as_of) continue;
    changes[day].first += count;
    changes[day + policy.window_days].second += count;
  }
  std::vector<CoclaimAlert> alerts;
  int64_t count = 0;
  for (const auto& [day, change] : changes) {
    if (day > as_of) break;
    count += change.first - change.second;
    CoclaimAlert* open = alerts.empty() || alerts.back().state != "open" ? nullptr : &alerts.back();
    if (count >= policy.level && (change.first > 0 || !open)) {
      if (!open) {
        alerts.push_back({"", "open", group_a, group_b, FormatDay(day)});
        open = &alerts.back();
        open->alert_id = AlertId(*open);
      }
      open->last_updated_on = FormatDay(day);
      open->count = count;
      open->window_from = FormatDay(day - policy.window_days + 1);
      open->window_to = FormatDay(day);
      open->level = policy.level;
      open->summary = Summary(*open, policy.window_days);
    } else if (open && count < policy.level) {
      open->state = "resolved";
      open->resolved_on = FormatDay(day);
      open->summary = Summary(*open, policy.window_days);
    }
  }
  return alerts;
}

std::string CoclaimAlertToJson(const CoclaimAlert& alert, const CoclaimPolicy& policy) {
  using Ordered = nlohmann::ordered_json;
  Ordered json = {
      {"schema", "alert.v1"},
      {"alert_id", alert.alert_id},
      {"type", "coclaim"},
      {"state", alert.state},
      {"group", alert.group_a},
      {"group_b", alert.group_b},
      {"province", "all"},
      {"detector", "level"},
      {"interval", "day"},
      {"opened_on", alert.opened_on},
      {"last_updated_on", alert.resolved_on.empty() ? alert.last_updated_on : alert.resolved_on},
      {"resolved_on", alert.resolved_on.empty() ? Ordered(nullptr) : Ordered(alert.resolved_on)},
      {"evidence",
       {{"observed", alert.count},
        {"threshold", alert.level},
        {"window",
         {{"from", alert.window_from}, {"to", alert.window_to}, {"days", policy.window_days}}}}},
      {"summary", alert.summary}};
  return json.dump();
}

}  // namespace claimwatch::alerting

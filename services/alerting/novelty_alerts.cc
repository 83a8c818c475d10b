#include "services/alerting/novelty_alerts.h"

#include <algorithm>
#include <map>

#include "fmt/format.h"
#include "nlohmann/json.hpp"
#include "services/trends/incident_summary.h"
#include "xxhash.h"

namespace claimwatch::alerting {
namespace {

std::string AlertId(const NoveltyAlert& alert) {
  const auto& key = alert.key;
  // Towns and provinces keep the ids they had before attack types were watched.
  const std::string text = key.dimension == "attack"
                               ? fmt::format(
                                     "novelty\x1f{}\x1f"
                                     "attack\x1f{}\x1f{}",
                                     key.group, key.value, alert.incident_id)
                               : fmt::format("novelty\x1f{}\x1f{}\x1f{}\x1f{}", key.group,
                                             key.province, key.value, alert.incident_id);
  return fmt::format("alr-{:016x}", XXH3_64bits(text.data(), text.size()));
}

std::string Summary(const NoveltyAlert& alert) {
  const auto& key = alert.key;
  if (key.dimension == "attack") {
    const bool code = !key.value.empty() && std::isdigit(static_cast<unsigned char>(key.value[0]));
    return fmt::format("first {} by {} since {} ({} days)",
                       code ? "attack of GTD type " + key.value : key.value + " attack", key.group,
                       alert.previous_on, alert.gap_days);
  }
  return fmt::format("first attack by {} in {} since {} ({} days)", key.group,
                     key.value.empty() ? key.province : key.value, alert.previous_on,
                     alert.gap_days);
}

}  // namespace

std::vector<NoveltyAlert> NoveltyAlerts(const NoveltyKey& key, std::span<const Attack> attacks,
                                        trends::Day as_of, const NoveltyPolicy& policy) {
  std::vector<NoveltyAlert> alerts;
  for (size_t i = 1; i < attacks.size() && attacks[i].day <= as_of; ++i) {
    const auto& attack = attacks[i];
    const trends::Day previous = attacks[i - 1].day;
    if (attack.day - previous <= policy.gap_days) continue;
    if (key.dimension == "province" && !attack.place.empty() &&
        attack.place == attacks[i - 1].place) {
      continue;
    }
    NoveltyAlert alert{"",
                       "open",
                       key,
                       attack.incident_id,
                       trends::FormatDay(attack.day),
                       trends::FormatDay(previous)};
    alert.gap_days = attack.day - previous;
    alert.alert_id = AlertId(alert);
    if (as_of - attack.day > policy.open_days) {
      alert.state = "resolved";
      alert.resolved_on = trends::FormatDay(attack.day + policy.open_days);
    }
    alert.summary = Summary(alert);
    alerts.push_back(std::move(alert));
  }
  return alerts;
}

std::vector<NoveltyAlert> NoveltyAlertsOf(const std::vector<std::string>& incidents,
                                          trends::Day as_of, const NoveltyPolicy& policy) {
  std::map<NoveltyKey, std::vector<Attack>> attacks;
  for (const auto& text : incidents) {
    const auto incident = trends::SummaryFromJson(text);
    if (!incident.ok() || trends::KindOf(incident->bucket) != trends::BucketKind::kDay) continue;
    const trends::Day day = trends::BucketDays(incident->bucket).first;
    for (const auto& key : trends::NoveltyKeysOf(*incident)) {
      attacks[key].push_back(
          {day, incident->id, key.dimension == "province" ? incident->place : ""});
    }
  }
  std::vector<NoveltyAlert> alerts;
  for (auto& [key, list] : attacks) {
    std::stable_sort(list.begin(), list.end(),
                     [](const Attack& a, const Attack& b) { return a.day < b.day; });
    auto found = NoveltyAlerts(key, list, as_of, policy);
    alerts.insert(alerts.end(), found.begin(), found.end());
  }
  return alerts;
}

std::string NoveltyAlertToJson(const NoveltyAlert& alert) {
  using Ordered = nlohmann::ordered_json;
  const auto& key = alert.key;
  Ordered evidence = {{"incident_id", alert.incident_id},
                      {"dimension", key.dimension},
                      {"place", key.dimension == "place" ? Ordered(key.value) : Ordered(nullptr)},
                      {"previous_on", alert.previous_on},
                      {"gap_days", alert.gap_days}};
  if (key.dimension == "attack") evidence["attack"] = key.value;
  Ordered json = {
      {"schema", "alert.v1"},
      {"alert_id", alert.alert_id},
      {"type", "novelty"},
      {"state", alert.state},
      {"group", key.group},
      {"province", key.province.empty() ? "all" : key.province},
      {"detector", "gap"},
      {"interval", "day"},
      {"opened_on", alert.opened_on},
      {"last_updated_on", alert.resolved_on.empty() ? alert.opened_on : alert.resolved_on},
      {"resolved_on", alert.resolved_on.empty() ? Ordered(nullptr) : Ordered(alert.resolved_on)},
      {"evidence", evidence},
      {"summary", alert.summary}};
  return json.dump();
}

}  // namespace claimwatch::alerting

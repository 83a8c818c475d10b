#include "services/alerting/novelty_alerts.h"

#include <map>

#include "fmt/format.h"
#include "nlohmann/json.hpp"
#include "xxhash.h"

namespace claimwatch::alerting {
namespace {

using Json = nlohmann::json;

std::string Text(const Json& json, const char* field) {
  auto it = json.find(field);
  return it != json.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string AlertId(const NoveltyAlert& alert) {
  const std::string key = fmt::format("novelty\x1f{}\x1f{}\x1f{}\x1f{}", alert.group,
                                      alert.province, alert.place, alert.incident_id);
  return fmt::format("alr-{:016x}", XXH3_64bits(key.data(), key.size()));
}

}  // namespace

std::vector<NoveltyAlert> NoveltyAlerts(const std::vector<std::string>& incidents,
                                        trends::Day as_of, const NoveltyRule& rule) {
  // (group, province, place or "") → the day of the group's latest attack there.
  std::map<std::tuple<std::string, std::string, std::string>, trends::Day> last;
  std::vector<NoveltyAlert> alerts;
  for (const auto& text : incidents) {
    const Json incident = Json::parse(text, nullptr, false);
    if (incident.is_discarded() || Text(incident, "date_precision") != "day") continue;
    const auto day = trends::ParseDay(Text(incident, "event_date"));
    if (!day || *day > as_of) continue;
    const std::string province = Text(incident, "province");
    const std::string place = Text(incident, "place");
    for (const auto& claimant : incident.value("claimants", Json::array())) {
      if (!claimant.contains("group") || !claimant["group"].is_string()) continue;
      const std::string group = claimant["group"];
      for (const bool town : {true, false}) {
        if (province.empty() || (town && place.empty())) continue;
        const std::string where = town ? place : "";
        auto [it, first] = last.try_emplace({group, province, where}, *day);
        const trends::Day previous = it->second;
        it->second = *day;
        if (first || *day - previous <= rule.gap_days) continue;
        NoveltyAlert alert{"",
                           "open",
                           group,
                           province,
                           where,
                           Text(incident, "incident_id"),
                           trends::FormatDay(*day),
                           trends::FormatDay(previous)};
        alert.gap_days = *day - previous;
        alert.alert_id = AlertId(alert);
        if (as_of - *day > rule.open_days) {
          alert.state = "resolved";
          alert.resolved_on = trends::FormatDay(*day + rule.open_days);
        }
        alert.summary =
            fmt::format("first attack by {} in {} since {} ({} days)", group,
                        where.empty() ? province : where, alert.previous_on, alert.gap_days);
        alerts.push_back(std::move(alert));
      }
    }
  }
  return alerts;
}

std::string NoveltyAlertToJson(const NoveltyAlert& alert) {
  nlohmann::ordered_json json = {
      {"schema", "alert.v1"},
      {"alert_id", alert.alert_id},
      {"type", "novelty"},
      {"state", alert.state},
      {"group", alert.group},
      {"province", alert.province},
      {"detector", "gap"},
      {"interval", "day"},
      {"opened_on", alert.opened_on},
      {"last_updated_on", alert.resolved_on.empty() ? alert.opened_on : alert.resolved_on},
      {"resolved_on", alert.resolved_on.empty() ? nlohmann::ordered_json(nullptr)
                                                : nlohmann::ordered_json(alert.resolved_on)},
      {"evidence",
       {{"incident_id", alert.incident_id},
        {"place", alert.place.empty() ? nlohmann::ordered_json(nullptr)
                                      : nlohmann::ordered_json(alert.place)},
        {"previous_on", alert.previous_on},
        {"gap_days", alert.gap_days}}},
      {"summary", alert.summary}};
  return json.dump();
}

}  // namespace claimwatch::alerting

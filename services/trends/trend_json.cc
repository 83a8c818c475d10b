#include "services/trends/trend_json.h"

#include "nlohmann/json.hpp"
#include "services/trends/trend_params.h"

namespace claimwatch::trends {
namespace {

using Json = nlohmann::ordered_json;

Json SeriesFields(const SeriesKey& series) {
  return {{"group", series.group},
          {"province", series.province},
          {"attack_type", series.attack_type},
          {"target_type", series.target_type}};
}

Json ChangeRatio(const WindowCount& window) {
  if (window.previous == 0) return nullptr;
  return static_cast<double>(window.count - window.previous) / static_cast<double>(window.previous);
}

Json WindowJson(const WindowCount& window) {
  return {{"window", StrCat(window.days, "d")},
          {"from", FormatDay(window.from)},
          {"to", FormatDay(window.to)},
          {"count", window.count},
          {"previous_year",
           {{"from", FormatDay(window.previous_from)},
            {"to", FormatDay(window.previous_to)},
            {"count", window.previous}}},
          {"change", window.count - window.previous},
          {"change_ratio", ChangeRatio(window)}};
}

}  // namespace

std::string SeriesToJson(const Series& series) {
  const auto& query = series.query;
  Json json = SeriesFields(query.series);
  json["interval"] = IntervalName(query.interval);
  json["from"] = FormatPeriod(query.interval, query.first);
  json["to"] = FormatPeriod(query.interval, query.last);
  Json points = Json::array();
  for (const auto& point : series.points) {
    points.push_back({{"period", point.period}, {"count", point.count}});
  }
  json["points"] = std::move(points);
  json["coarser_than_interval"] = series.coarser;
  return json.dump();
}

std::vector<std::string> SeriesToLines(const Series& series) {
  std::vector<std::string> lines;
  for (const auto& point : series.points) {
    Json json = SeriesFields(series.query.series);
    json["interval"] = IntervalName(series.query.interval);
    json["period"] = point.period;
    json["count"] = point.count;
    lines.push_back(json.dump());
  }
  return lines;
}

std::string TrendsToJson(const Trends& trends) {
  Json json = {{"group", trends.query.series.group},
               {"province", trends.query.series.province},
               {"as_of", FormatDay(trends.query.as_of)}};
  Json windows = Json::array();
  for (const auto& window : trends.windows) windows.push_back(WindowJson(window));
  json["windows"] = std::move(windows);
  return json.dump();
}

std::vector<std::string> TrendsToLines(const Trends& trends) {
  std::vector<std::string> lines;
  for (const auto& window : trends.windows) {
    Json json = {{"group", trends.query.series.group},
                 {"province", trends.query.series.province},
                 {"as_of", FormatDay(trends.query.as_of)}};
    json.update(WindowJson(window));
    lines.push_back(json.dump());
  }
  return lines;
}

namespace {

Json PairJson(const CoClaims& coclaims, const CoClaimCount& pair) {
  const auto& query = coclaims.query;
  return {{"group_a", pair.group_a},
          {"group_b", pair.group_b},
          {"window", StrCat(query.window_days, "d")},
          {"from", FormatDay(query.as_of - query.window_days + 1)},
          {"to", FormatDay(query.as_of)},
          {"count", pair.count}};
}

}  // namespace

std::string CoClaimsToJson(const CoClaims& coclaims) {
  const auto& query = coclaims.query;
  Json json = {{"as_of", FormatDay(query.as_of)},
               {"window_days", query.window_days},
               {"from", FormatDay(query.as_of - query.window_days + 1)}};
  Json pairs = Json::array();
  for (const auto& pair : coclaims.pairs) {
    pairs.push_back({{"group_a", pair.group_a}, {"group_b", pair.group_b}, {"count", pair.count}});
  }
  json["pairs"] = std::move(pairs);
  return json.dump();
}

std::vector<std::string> CoClaimsToLines(const CoClaims& coclaims) {
  std::vector<std::string> lines;
  for (const auto& pair : coclaims.pairs) lines.push_back(PairJson(coclaims, pair).dump());
  return lines;
}

std::string IncidentPageToJson(const IncidentPage& page) {
  std::string json = R"({"incidents":[)";
  for (size_t i = 0; i < page.incidents.size(); ++i) {
    if (i > 0) json += ',';
    json += page.incidents[i];
  }
  json += R"(],"next_cursor":)";
  json += page.next.empty() ? "null" : StrCat("\"", EncodeCursor(page.next), "\"");
  json += '}';
  return json;
}

}  // namespace claimwatch::trends

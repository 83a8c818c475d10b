#include "services/alerting/surge_evaluation.h"

#include <algorithm>

namespace claimwatch::alerting {

Result<std::vector<SurgeAlert>> EvaluateSurges(const trends::TrendQueries& queries,
                                               const SurgeScope& scope, trends::Day as_of,
                                               const SurgeRule& rule) {
  const int last = trends::MonthOf(as_of);
  const int first = last - std::max(1, scope.months) + 1;
  std::vector<std::string> provinces = {std::string(trends::kAll)};
  provinces.insert(provinces.end(), scope.provinces.begin(), scope.provinces.end());
  std::vector<SurgeAlert> alerts;
  for (const auto& group : scope.groups) {
    for (const auto& province : provinces) {
      auto series = queries.GetSeries({{group, province},
                                       trends::Interval::kMonth,
                                       trends::FirstDayOfMonth(first),
                                       trends::FirstDayOfMonth(last)});
      if (!series.ok()) return series.status();
      std::vector<int64_t> counts;
      for (const auto& point : series->points) counts.push_back(point.count);
      if (std::all_of(counts.begin(), counts.end(), [](int64_t n) { return n == 0; })) continue;
      auto found = SurgeAlerts(group, province, first, counts, rule);
      alerts.insert(alerts.end(), found.begin(), found.end());
    }
  }
  return alerts;
}

Result<AlertQuery> AlertQueryFrom(const trends::Params& params, trends::Day today) {
  AlertQuery query{today};
  for (const auto& [name, value] : params) {
    if (name == "as_of") {
      auto day = trends::ParseDay(value);
      if (!day) return InvalidInput("as_of: not a date (YYYY-MM-DD)");
      query.as_of = *day;
    } else if (name == "state") {
      if (value != "open" && value != "resolved") {
        return InvalidInput("state: expected open or resolved");
      }
      query.state = value;
    } else if (name == "group") {
      query.group = value;
    } else {
      return InvalidInput(StrCat(name, ": unknown parameter"));
    }
  }
  return query;
}

Result<std::vector<SurgeAlert>> FindAlerts(const trends::TrendQueries& queries,
                                           const SurgeScope& scope, const AlertQuery& query,
                                           const SurgeRule& rule) {
  auto alerts = EvaluateSurges(queries, scope, query.as_of, rule);
  if (!alerts.ok()) return alerts.status();
  std::erase_if(*alerts, [&](const SurgeAlert& alert) {
    return (query.state && alert.state != *query.state) ||
           (query.group && alert.group != *query.group);
  });
  return alerts;
}

Result<std::vector<NoveltyAlert>> FindNovelty(const trends::TrendQueries& queries,
                                              const AlertQuery& query, const NoveltyRule& rule) {
  std::vector<std::string> incidents;
  trends::IncidentQuery page_query{.to = query.as_of, .limit = 1000};
  do {
    auto page = queries.GetIncidents(page_query);
    if (!page.ok()) return page.status();
    incidents.insert(incidents.end(), page->incidents.begin(), page->incidents.end());
    page_query.after = page->next;
  } while (!page_query.after.empty());
  auto alerts = NoveltyAlerts(incidents, query.as_of, rule);
  std::erase_if(alerts, [&](const NoveltyAlert& alert) {
    return (query.state && alert.state != *query.state) ||
           (query.group && alert.group != *query.group);
  });
  return alerts;
}

Result<std::vector<std::string>> AlertLines(const trends::TrendQueries& queries,
                                            const SurgeScope& scope, const AlertQuery& query) {
  auto surges = FindAlerts(queries, scope, query, {});
  if (!surges.ok()) return surges.status();
  auto novelty = FindNovelty(queries, query, {});
  if (!novelty.ok()) return novelty.status();
  std::vector<std::string> lines;
  for (const auto& alert : *surges) lines.push_back(SurgeAlertToJson(alert));
  for (const auto& alert : *novelty) lines.push_back(NoveltyAlertToJson(alert));
  return lines;
}

Result<std::string> AlertsToJson(const trends::TrendQueries& queries, const SurgeScope& scope,
                                 const AlertQuery& query) {
  auto lines = AlertLines(queries, scope, query);
  if (!lines.ok()) return lines.status();
  std::string json = StrCat(R"({"as_of":")", trends::FormatDay(query.as_of), R"(","alerts":[)");
  for (size_t i = 0; i < lines->size(); ++i) {
    if (i > 0) json += ',';
    json += (*lines)[i];
  }
  return json + "]}";
}

}  // namespace claimwatch::alerting

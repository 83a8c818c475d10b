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

}  // namespace claimwatch::alerting

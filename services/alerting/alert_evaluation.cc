#include "services/alerting/alert_evaluation.h"

#include <algorithm>

#include "services/alerting/coclaim_alerts.h"
#include "services/alerting/novelty_alerts.h"
#include "services/alerting/surge_alerts.h"
#include "services/trends/trend_keys.h"

namespace claimwatch::alerting {
namespace {

using trends::Day;

constexpr char kSep = '\x1f';

std::vector<std::string> Split(std::string_view text) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t end; (end = text.find(kSep, start)) != std::string_view::npos; start = end + 1) {
    parts.emplace_back(text.substr(start, end - start));
  }
  parts.emplace_back(text.substr(start));
  return parts;
}

std::string Join(std::initializer_list<std::string_view> parts) {
  std::string key;
  for (auto part : parts) {
    if (!key.empty()) key += kSep;
    key += part;
  }
  return key;
}

// The first day of the period `periods - 1` before the one holding `as_of`.
Day FirstPeriod(trends::Interval interval, Day as_of, int64_t periods) {
  if (interval == trends::Interval::kWeek) {
    return trends::IsoWeekStart(as_of) - static_cast<Day>(7 * (periods - 1));
  }
  return trends::FirstDayOfMonth(trends::MonthOf(as_of) - static_cast<int>(periods - 1));
}

}  // namespace

AlertEvaluator::AlertEvaluator(const storage::ClaimStore& store, AlertPolicy policy,
                               AlertScope scope)
    : store_(store),
      queries_(store),
      policy_(std::move(policy)),
      scope_(std::move(scope)),
      groups_(scope_.groups.begin(), scope_.groups.end()),
      provinces_(scope_.provinces.begin(), scope_.provinces.end()) {}

Result<std::vector<EvaluatedAlert>> AlertEvaluator::Evaluate(std::string_view series,
                                                             Day as_of) const {
  const auto parts = Split(series);
  if (parts[0] == "surge" && parts.size() == 4) {
    for (const auto& rule : policy_.surges) {
      if (rule.name == parts[1]) return Surge(rule, parts[2], parts[3], as_of);
    }
    return std::vector<EvaluatedAlert>{};  // a rule no longer in the policy
  }
  if (parts[0] == "novelty" && parts.size() == 5) {
    if (!policy_.novelty.enabled) return std::vector<EvaluatedAlert>{};
    return Novelty({parts[1], parts[2], parts[3], parts[4]}, as_of);
  }
  if (parts[0] == "coclaim" && parts.size() == 3) {
    if (!policy_.coclaim.enabled) return std::vector<EvaluatedAlert>{};
    return Coclaim(parts[1], parts[2], as_of);
  }
  return InvalidInput(StrCat("series: not a watched series key"));
}

Result<std::vector<EvaluatedAlert>> AlertEvaluator::Surge(const SurgePolicy& rule,
                                                          const std::string& group,
                                                          const std::string& province,
                                                          Day as_of) const {
  auto oldest = queries_.OldestDay({group, province});
  if (!oldest.ok()) return oldest.status();
  std::vector<EvaluatedAlert> alerts;
  if (!*oldest || **oldest > as_of) return alerts;
  // From the series' first period (so that an alert never drops out of the evaluation as time
  // passes), and at least `history` periods.
  const Day first = std::min(FirstPeriod(rule.interval, as_of, rule.history),
                             trends::PeriodStart(rule.interval, **oldest));
  auto series = queries_.GetSeries(
      {{group, province}, rule.interval, first, trends::PeriodStart(rule.interval, as_of)});
  if (!series.ok()) return series.status();
  std::vector<int64_t> counts;
  for (const auto& point : series->points) counts.push_back(point.count);
  auto current = CountUpTo({group, province}, rule.interval, as_of);
  if (!current.ok()) return current.status();
  if (!counts.empty()) counts.back() = *current;
  for (const auto& alert : SurgeAlerts(group, province, first, counts, rule, as_of)) {
    alerts.push_back(
        {alert.alert_id, "surge", alert.state, group, "", province, SurgeAlertToJson(alert)});
  }
  return alerts;
}

Result<int64_t> AlertEvaluator::CountUpTo(const trends::SeriesKey& series,
                                          trends::Interval interval, Day as_of) const {
  const Day start = trends::PeriodStart(interval, as_of);
  auto buckets = queries_.Buckets(series, start, as_of);
  if (!buckets.ok()) return buckets.status();
  int64_t count = 0;
  for (const auto& [bucket, n] : *buckets) {
    const auto [first, last] = trends::BucketDays(bucket);
    // Days up to as_of; a month-precision incident counts in its month's series.
    const bool in_days = trends::KindOf(bucket) == trends::BucketKind::kDay;
    const bool in_month = trends::KindOf(bucket) == trends::BucketKind::kMonth &&
                          interval == trends::Interval::kMonth;
    if (first >= start && (in_days ? last <= as_of : in_month && first == start)) count += n;
  }
  return count;
}

Result<std::vector<EvaluatedAlert>> AlertEvaluator::Novelty(const trends::NoveltyKey& key,
                                                            Day as_of) const {
  const std::string prefix = trends::NoveltyPrefix(key);
  std::vector<Attack> attacks;
  auto scanned = store_.ScanState(
      prefix, trends::PrefixEnd(prefix), [&](std::string_view index, std::string_view place) {
        auto entry = trends::ParseNoveltyEntry(index.substr(trends::kNoveltyPrefix.size()));
        auto day = entry ? trends::ParseDay(entry->day) : std::nullopt;
        if (day) attacks.push_back({*day, entry->incident_id, std::string(place)});
        return true;
      });
  if (!scanned.ok()) return scanned;
  std::vector<EvaluatedAlert> alerts;
  for (const auto& alert : NoveltyAlerts(key, attacks, as_of, policy_.novelty)) {
    alerts.push_back({alert.alert_id, "novelty", alert.state, key.group, "",
                      key.province.empty() ? "all" : key.province, NoveltyAlertToJson(alert)});
  }
  return alerts;
}

Result<std::vector<EvaluatedAlert>> AlertEvaluator::Coclaim(const std::string& group_a,
                                                            const std::string& group_b,
                                                            Day as_of) const {
  auto buckets = queries_.PairBuckets(group_a, group_b);
  if (!buckets.ok()) return buckets.status();
  std::vector<PairDay> days;
  for (const auto& [bucket, count] : *buckets) {
    days.push_back({trends::BucketDays(bucket).second, count});
  }
  std::sort(days.begin(), days.end(),
            [](const PairDay& a, const PairDay& b) { return a.day < b.day; });
  std::vector<EvaluatedAlert> alerts;
  for (const auto& alert : CoclaimAlerts(group_a, group_b, days, as_of, policy_.coclaim)) {
    alerts.push_back({alert.alert_id, "coclaim", alert.state, group_a, group_b, "all",
                      CoclaimAlertToJson(alert, policy_.coclaim)});
  }
  return alerts;
}

Result<std::vector<std::string>> AlertEvaluator::AllSeries() const {
  std::vector<std::string> series;
  for (const auto& rule : policy_.surges) {
    for (const auto& group : scope_.groups) {
      series.push_back(Join({"surge", rule.name, group, trends::kAll}));
      if (!rule.per_province) continue;
      for (const auto& province : scope_.provinces) {
        series.push_back(Join({"surge", rule.name, group, province}));
      }
    }
  }
  std::set<std::string> found;
  for (const auto prefix : {trends::kPairPrefix, trends::kNoveltyPrefix}) {
    const bool pairs = prefix == trends::kPairPrefix;
    auto scanned = store_.ScanState(
        prefix, trends::PrefixEnd(std::string(prefix)),
        [&](std::string_view key, std::string_view) {
          const std::string_view rest = key.substr(prefix.size());
          if (pairs) {
            const size_t a = rest.find('\0'), b = rest.find('\0', a + 1);
            found.insert(Join({"coclaim", rest.substr(0, a), rest.substr(a + 1, b - a - 1)}));
          } else if (auto entry = trends::ParseNoveltyEntry(rest)) {
            const auto& k = entry->key;
            found.insert(Join({"novelty", k.group, k.dimension, k.province, k.value}));
          }
          return true;
        });
    if (!scanned.ok()) return scanned;
  }
  series.insert(series.end(), found.begin(), found.end());
  return series;
}

std::vector<std::string> AlertEvaluator::SeriesOf(const trends::IncidentSummary& incident) const {
  std::vector<std::string> series;
  const auto& groups = incident.groups;
  for (const auto& rule : policy_.surges) {
    for (const auto& group : groups) {
      if (!groups_.contains(group)) continue;
      series.push_back(Join({"surge", rule.name, group, trends::kAll}));
      if (rule.per_province && provinces_.contains(incident.province)) {
        series.push_back(Join({"surge", rule.name, group, incident.province}));
      }
    }
  }
  for (const auto& key : trends::NoveltyKeysOf(incident)) {
    series.push_back(Join({"novelty", key.group, key.dimension, key.province, key.value}));
  }
  for (size_t a = 0; a < groups.size(); ++a) {
    for (size_t b = a + 1; b < groups.size(); ++b) {
      if (groups[a] == trends::kUnresolved || groups[b] == trends::kUnresolved) continue;
      series.push_back(Join({"coclaim", groups[a], groups[b]}));
    }
  }
  return series;
}

Result<std::vector<EvaluatedAlert>> AlertEvaluator::EvaluateAll(Day as_of) const {
  auto series = AllSeries();
  if (!series.ok()) return series.status();
  std::vector<EvaluatedAlert> alerts;
  for (const auto& key : *series) {
    auto found = Evaluate(key, as_of);
    if (!found.ok()) return found.status();
    alerts.insert(alerts.end(), found->begin(), found->end());
  }
  return alerts;
}

bool AlertQuery::Matches(const EvaluatedAlert& alert) const {
  return (!state || alert.state == *state) &&
         (!group || alert.group == *group || alert.group_b == *group) &&
         (!type || alert.type == *type);
}

Result<AlertQuery> AlertQueryFrom(const trends::Params& params) {
  AlertQuery query;
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
    } else if (name == "type") {
      if (value != "surge" && value != "novelty" && value != "coclaim") {
        return InvalidInput("type: expected surge, novelty or coclaim");
      }
      query.type = value;
    } else if (name == "group") {
      query.group = value;
    } else {
      return InvalidInput(StrCat(name, ": unknown parameter"));
    }
  }
  return query;
}

}  // namespace claimwatch::alerting

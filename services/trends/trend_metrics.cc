#include "services/trends/trend_metrics.h"

#include <algorithm>
#include <map>

namespace claimwatch::trends {
namespace {

double Seconds(Day day) { return static_cast<double>(day) * 86400.0; }

}  // namespace

TrendMetrics::TrendMetrics(prometheus::Registry& registry, GaugeLabels labels)
    : batch_seconds(prometheus::BuildHistogram()
                        .Name("claimwatch_aggregate_batch_seconds")
                        .Help("Time to apply one batch of incident changes to the event-time "
                              "counts and commit them with offsets.")
                        .Register(registry)
                        .Add({}, prometheus::Histogram::BucketBoundaries{0.001, 0.0025, 0.005, 0.01,
                                                                         0.025, 0.05, 0.1, 0.25,
                                                                         0.5, 1, 2.5, 5, 10})),
      incidents_(prometheus::BuildCounter()
                     .Name("claimwatch_aggregate_incidents_total")
                     .Help("Incident changes the aggregator read, by what they did: created, "
                           "updated, deleted, stale (a version already applied), rejected (not "
                           "incident.v1; logged and skipped).")
                     .Register(registry)),
      late_(prometheus::BuildCounter()
                .Name("claimwatch_late_updates_total")
                .Help("Incident changes that moved counts of event days before the newest event "
                      "day seen, by grace: within, or beyond the configured grace (still "
                      "applied).")
                .Register(registry)),
      attacks_(prometheus::BuildGauge()
                   .Name("claimwatch_attacks")
                   .Help("Attacks (incidents) by event date in the rolling window ending today "
                         "(UTC), per claimant group and province (\"all\": every one).")
                   .Register(registry)),
      newest_(prometheus::BuildGauge()
                  .Name("claimwatch_newest_event_timestamp_seconds")
                  .Help("The newest event date counted, per claimant group (Unix time of its "
                        "midnight UTC).")
                  .Register(registry)),
      coclaims_(prometheus::BuildGauge()
                    .Name("claimwatch_coclaims")
                    .Help("Incidents claimed by both groups of a pair in the 365 days ending "
                          "today (UTC), by event date; a rise signals converging networks.")
                    .Register(registry)),
      watermark_(prometheus::BuildGauge()
                     .Name("claimwatch_aggregate_watermark_timestamp_seconds")
                     .Help("The newest day-precision event date counted over all groups.")
                     .Register(registry)
                     .Add({})),
      labels_(std::move(labels)) {
  for (auto change : {"created", "updated", "deleted", "stale", "rejected"}) {
    incidents_.Add({{"change", change}});
  }
  for (auto grace : {"within", "beyond"}) late_.Add({{"grace", grace}});
}

void TrendMetrics::Count(const AggregateCounts& counts) {
  incidents_.Add({{"change", "created"}}).Increment(static_cast<double>(counts.created));
  incidents_.Add({{"change", "updated"}}).Increment(static_cast<double>(counts.updated));
  incidents_.Add({{"change", "deleted"}}).Increment(static_cast<double>(counts.deleted));
  incidents_.Add({{"change", "stale"}}).Increment(static_cast<double>(counts.stale));
  incidents_.Add({{"change", "rejected"}}).Increment(static_cast<double>(counts.rejected));
  late_.Add({{"grace", "within"}}).Increment(static_cast<double>(counts.late_within_grace));
  late_.Add({{"grace", "beyond"}}).Increment(static_cast<double>(counts.late_beyond_grace));
}

Result<> TrendMetrics::RefreshGauges(const TrendQueries& queries, Day as_of) {
  auto watermark = queries.Watermark();
  if (!watermark.ok()) return watermark.status();
  if (*watermark) watermark_.Set(Seconds(**watermark));
  std::vector<std::string> groups = labels_.groups;
  groups.emplace_back(kAll);
  std::vector<std::string> provinces = labels_.provinces;
  provinces.emplace_back(kAll);
  for (const auto& group : groups) {
    auto newest = queries.NewestDay({group});
    if (!newest.ok()) return newest.status();
    if (*newest) newest_.Add({{"group", group}}).Set(Seconds(**newest));
    for (const auto& province : provinces) {
      auto trends = queries.GetTrends({{group, province}, as_of, labels_.windows_days});
      if (!trends.ok()) return trends.status();
      bool any = false;
      for (const auto& window : trends->windows) any = any || window.count > 0;
      if (!any && !shown_.contains({group, province})) continue;
      shown_.insert({group, province});
      for (const auto& window : trends->windows) {
        attacks_
            .Add({{"group", group}, {"province", province}, {"window", StrCat(window.days, "d")}})
            .Set(static_cast<double>(window.count));
      }
    }
  }
  return RefreshCoClaims(queries, as_of);
}

Result<> TrendMetrics::RefreshCoClaims(const TrendQueries& queries, Day as_of) {
  auto coclaims = queries.GetCoClaims({as_of, 365});
  if (!coclaims.ok()) return coclaims.status();
  auto known = [&](const std::string& group) {
    return std::find(labels_.groups.begin(), labels_.groups.end(), group) != labels_.groups.end();
  };
  std::map<std::pair<std::string, std::string>, int64_t> counts;
  for (const auto& pair : coclaims->pairs) {
    if (known(pair.group_a) && known(pair.group_b)) {
      counts[{pair.group_a, pair.group_b}] = pair.count;
    }
  }
  for (const auto& [pair, count] : counts) shown_pairs_.insert(pair);
  for (const auto& pair : shown_pairs_) {
    auto it = counts.find(pair);
    coclaims_.Add({{"group_a", pair.first}, {"group_b", pair.second}})
        .Set(it == counts.end() ? 0.0 : static_cast<double>(it->second));
  }
  return absl::OkStatus();
}

}  // namespace claimwatch::trends

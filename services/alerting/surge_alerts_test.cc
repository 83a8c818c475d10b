#include "services/alerting/surge_alerts.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <random>
#include <regex>

#include "nlohmann/json.hpp"
#include "services/trends/calendar.h"
#include "tests/support/schema_fields.h"

namespace claimwatch::alerting {
namespace {

const trends::Day kJanuary2020 = trends::ToDay(2020, 1, 1);

// A year of one attack a month, then `recent` month by month.
std::vector<int64_t> Series(std::vector<int64_t> recent) {
  std::vector<int64_t> counts(12, 1);
  counts.insert(counts.end(), recent.begin(), recent.end());
  return counts;
}

TEST(SurgeAlertsTest, OpensUpdatesAndResolvesWithHysteresis) {
  // 2021:          Jan Feb Mar Apr May Jun Jul, after twelve months of one attack each.
  // Feb: Jan–Feb 6 against 2 expected, P(X >= 6) = 0.017: no alarm at alpha 0.01.
  // Mar: Feb–Mar 11 against 2: alarm (threshold 7). Apr: Mar–Apr 7 against 2.67 (the baseline
  // now holds February's 5): no alarm; May: none again, so the alert resolves at the end of May.
  auto alerts = SurgeAlerts("ispp", "all", kJanuary2020, Series({1, 5, 6, 1, 0, 0, 1}), {});
  ASSERT_EQ(alerts.size(), 1u);
  const auto& alert = alerts[0];
  EXPECT_EQ(alert.opened_on, "2021-03-31");
  EXPECT_EQ(alert.state, "resolved");
  EXPECT_EQ(alert.resolved_on, "2021-05-31");
  EXPECT_EQ(alert.last_updated_on, "2021-05-31");
  EXPECT_EQ(alert.evidence.period, "2021-03");
  EXPECT_EQ(alert.evidence.observed, 11);
  EXPECT_DOUBLE_EQ(alert.evidence.expected, 2.0);
  EXPECT_EQ(alert.evidence.threshold, 7);
  EXPECT_EQ(alert.evidence.window_from, "2021-02-01");
  EXPECT_NE(alert.summary.find("ispp attacks surged: 11 from 2021-02-01 to 2021-03-31 against "
                               "2.0 expected from the 12 months before"),
            std::string::npos)
      << alert.summary;
  // The same counts give the same alert (ids are stable); a longer surge keeps one alert open.
  EXPECT_EQ(SurgeAlerts("ispp", "all", kJanuary2020, Series({1, 5, 6, 1, 0, 0, 1}), {})[0].alert_id,
            alert.alert_id);
  auto longer = SurgeAlerts("ispp", "all", kJanuary2020, Series({1, 5, 6, 9, 9, 0, 0}), {});
  ASSERT_EQ(longer.size(), 1u);
  EXPECT_EQ(longer[0].evidence.period, "2021-05");
  EXPECT_EQ(longer[0].resolved_on, "2021-07-31");
}

TEST(SurgeAlertsTest, StaysOpenWhileTheSeriesEndsInTheSurge) {
  auto alerts = SurgeAlerts("ispp", "PK-BA", kJanuary2020, Series({0, 2, 5}), {});
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].state, "open");
  EXPECT_EQ(alerts[0].resolved_on, "");
  EXPECT_EQ(alerts[0].last_updated_on, "2021-03-31");
  auto json = nlohmann::json::parse(SurgeAlertToJson(alerts[0]));
  EXPECT_EQ(json["type"], "surge");
  EXPECT_EQ(json["province"], "PK-BA");
  EXPECT_TRUE(json["resolved_on"].is_null());
  EXPECT_EQ(json["evidence"]["observed"], 7);
  EXPECT_EQ(json["evidence"]["window"]["points"], 2);
  EXPECT_EQ(json["interval"], "month");
  EXPECT_EQ(json["rule"], "monthly");
}

TEST(SurgeAlertsTest, AlertJsonFollowsTheAlertSchema) {
  std::ifstream file("schemas/alert.v1.schema.json");
  ASSERT_TRUE(file) << "run from the repository root";
  const auto schema = nlohmann::json::parse(file);
  for (const auto& counts : {Series({0, 2, 5}), Series({1, 5, 6, 1, 0, 0, 1})}) {
    auto alerts = SurgeAlerts("ispp", "all", kJanuary2020, counts, {});
    ASSERT_EQ(alerts.size(), 1u);
    const auto json = nlohmann::json::parse(SurgeAlertToJson(alerts[0]));
    testing::ExpectMatchesSchema(json, schema);
    EXPECT_TRUE(
        std::regex_match(json["alert_id"].get<std::string>(), std::regex("alr-[0-9a-f]{16}")));
  }
}

TEST(SurgeAlertsTest, SparseCountsNeverAlertBelowTheMinimum) {
  std::vector<int64_t> quiet(14, 0);
  quiet.push_back(1);  // one attack after fourteen quiet months: expected 0, p = 0
  EXPECT_TRUE(SurgeAlerts("g", "all", kJanuary2020, quiet, {}).empty());
  quiet.back() = 3;
  EXPECT_EQ(SurgeAlerts("g", "all", kJanuary2020, quiet, {}).size(), 1u);
  EXPECT_TRUE(SurgeAlerts("g", "all", kJanuary2020, quiet, {.min_observed = 4}).empty());
}

TEST(SurgeAlertsTest, LateDataInAPastMonthChangesTheAlerts) {
  auto counts = Series({1, 1, 1, 1});
  EXPECT_TRUE(SurgeAlerts("g", "all", kJanuary2020, counts, {}).empty());
  counts[13] += 6;  // February 2021 turns out to have had six more
  auto alerts = SurgeAlerts("g", "all", kJanuary2020, counts, {});
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].opened_on, "2021-02-28");
}

TEST(SurgeAlertsTest, TooShortASeriesHasNoAlerts) {
  EXPECT_TRUE(SurgeAlerts("g", "all", kJanuary2020, std::vector<int64_t>(13, 9), {}).empty());
}

// 200 stationary Poisson series of ten years, rates 0.2–5 attacks a month: each rule of the
// default policy opens a (false) alert in at most its alpha of the periods it evaluates.
TEST(SurgeAlertsTest, DefaultPolicyKeepsItsFalseAlarmRateOnStationarySeries) {
  for (const auto& rule : AlertPolicy::DefaultSurges()) {
    std::mt19937 random(20221031);
    const bool weekly = rule.interval == trends::Interval::kWeek;
    const size_t points = weekly ? 522 : 120;
    int64_t evaluated = 0, alerts = 0;
    for (int series = 0; series < 200; ++series) {
      const double monthly_rate = 0.2 + 4.8 * series / 199.0;
      std::poisson_distribution<int64_t> attacks(weekly ? monthly_rate * 12 / 52 : monthly_rate);
      std::vector<int64_t> counts(points);
      for (auto& count : counts) count = attacks(random);
      alerts += static_cast<int64_t>(SurgeAlerts("g", "all", kJanuary2020, counts, rule).size());
      evaluated += static_cast<int64_t>(points) - Warmup(rule);
    }
    const double alert_rate = static_cast<double>(alerts) / static_cast<double>(evaluated);
    const double alpha = rule.control["alpha"];
    std::cout << rule.name << ": false alerts opened: " << alerts << " in " << evaluated
              << " periods (" << alert_rate * 100 << "%, alpha " << alpha * 100 << "%)\n";
    EXPECT_LE(alert_rate, alpha) << rule.name;
  }
}

}  // namespace
}  // namespace claimwatch::alerting

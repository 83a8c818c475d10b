#include "services/alerting/alert_policy.h"

#include <gtest/gtest.h>

#include "services/alerting/surge_alerts.h"

namespace claimwatch::alerting {
namespace {

TEST(AlertPolicyTest, DefaultsAreValidAndNeedTheirBaselines) {
  const AlertPolicy policy;
  ASSERT_TRUE(ValidatePolicy(policy).ok());
  ASSERT_EQ(policy.surges.size(), 2u);
  EXPECT_EQ(Warmup(policy.surges[0]), 13);  // w - 1 + g + b = 1 + 0 + 12 months
  EXPECT_EQ(Warmup(policy.surges[1]), 55);  // 3 + 0 + 52 weeks
  EXPECT_EQ(Warmup({.detector = "ears-c3", .control = nullptr}), 11);
  EXPECT_EQ(Warmup({.detector = "farrington", .control = {{"b", 3}, {"w", 2}}}), 38);
  EXPECT_EQ(Warmup({.detector = "cusum", .interval = trends::Interval::kWeek}), 52);
  EXPECT_EQ(Warmup({.detector = "cusum", .warmup = 30}), 30);
}

TEST(AlertPolicyTest, BadRulesAreFoundWhenThePolicyLoadsAndNamed) {
  auto error = [](SurgePolicy rule, bool twice = false) {
    AlertPolicy policy;
    policy.surges = {rule};
    if (twice) policy.surges.push_back(rule);
    return std::string(ValidatePolicy(policy).message());
  };
  EXPECT_EQ(error({.name = "x", .detector = "ears-c4"}).rfind("alerts.surge[0] (x): method: ", 0),
            0u);
  EXPECT_NE(error({.name = "x", .control = {{"alpha", 2}}}).find("alpha"), std::string::npos);
  EXPECT_NE(error({.name = "x", .control = {{"w", "two"}}}).find("control.w"), std::string::npos);
  EXPECT_EQ(error({.name = "x", .history = 10}),
            "alerts.surge[0] (x): history: must be more than the 13 points the detector needs "
            "before its first evaluation");
  EXPECT_EQ(error({.name = "x", .resolve_after = 0}),
            "alerts.surge[0] (x): resolve_after: must be at least 1");
  EXPECT_EQ(error({.name = "x"}, true), "alerts.surge[1] (x): name: used by an earlier rule");
  AlertPolicy policy;
  policy.coclaim.level = 0;
  EXPECT_EQ(ValidatePolicy(policy).message(), "alerts.coclaim_level: must be >= 1");
}

// Any detector of `claimwatch detect` can watch a series: EARS C1 on weekly counts, its
// evidence the week itself against the mean of the weeks before.
TEST(AlertPolicyTest, AnyDetectorCanWatchASeries) {
  const SurgePolicy rule{.name = "weekly-c1",
                         .detector = "ears-c1",
                         .interval = trends::Interval::kWeek,
                         .control = {{"alpha", 0.001}},
                         .min_observed = 3};
  ASSERT_TRUE(ValidatePolicy({.surges = {rule}}).ok());
  std::vector<int64_t> counts = {1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 6, 0, 0};
  auto alerts = SurgeAlerts("ttp", "all", trends::ToDay(2022, 1, 3), counts, rule);
  ASSERT_EQ(alerts.size(), 1u);
  const auto& alert = alerts[0];
  EXPECT_EQ(alert.evidence.period, "2022-W11");
  EXPECT_EQ(alert.opened_on, "2022-03-20");  // the week's Sunday
  EXPECT_EQ(alert.evidence.observed, 6);
  EXPECT_EQ(alert.evidence.window_points, 1);
  EXPECT_EQ(alert.evidence.baseline_points, 7);
  EXPECT_NEAR(alert.evidence.expected, 3.0 / 7.0, 1e-12);  // weeks 4–10: 0,1,0,1,0,1,0
  EXPECT_GT(alert.evidence.threshold, 1.0);
  EXPECT_EQ(alert.state, "resolved");  // two quiet weeks after it
  EXPECT_NE(alert.summary.find("(ears-c1, threshold "), std::string::npos) << alert.summary;
}

}  // namespace
}  // namespace claimwatch::alerting

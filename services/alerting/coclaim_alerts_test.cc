#include "services/alerting/coclaim_alerts.h"

#include <gtest/gtest.h>

#include <fstream>

#include "nlohmann/json.hpp"
#include "tests/support/schema_fields.h"

namespace claimwatch::alerting {
namespace {

using trends::ToDay;

const CoclaimPolicy kLevel3{.window_days = 365, .level = 3};

TEST(CoclaimAlertsTest, OpensAtTheLevelIsUpdatedAndResolvesWhenIncidentsLeaveTheWindow) {
  const std::vector<PairDay> days = {{ToDay(2022, 1, 10), 1},
                                     {ToDay(2022, 3, 5), 1},
                                     {ToDay(2022, 6, 1), 1},
                                     {ToDay(2022, 9, 1), 2}};
  auto alerts = CoclaimAlerts("iskp", "ttp", days, ToDay(2023, 12, 31), kLevel3);
  ASSERT_EQ(alerts.size(), 1u);
  const auto& alert = alerts[0];
  EXPECT_EQ(alert.opened_on, "2022-06-01");        // the third
  EXPECT_EQ(alert.last_updated_on, "2022-09-01");  // five then
  EXPECT_EQ(alert.count, 5);
  // 2022-01-10 and 2022-03-05 leave the window on 2023-01-10 (4) and 2023-03-05 (3); the
  // count falls below 3 on 2023-06-01.
  EXPECT_EQ(alert.state, "resolved");
  EXPECT_EQ(alert.resolved_on, "2023-06-01");
  EXPECT_EQ(alert.summary,
            "iskp and ttp claimed 5 incidents in the 365 days to 2022-09-01 (level 3)");
  // Evaluated up to an earlier day, it is open and says so; before the third, nothing.
  auto open = CoclaimAlerts("iskp", "ttp", days, ToDay(2022, 7, 1), kLevel3);
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].state, "open");
  EXPECT_EQ(open[0].alert_id, alert.alert_id);
  EXPECT_TRUE(CoclaimAlerts("iskp", "ttp", days, ToDay(2022, 5, 31), kLevel3).empty());
}

TEST(CoclaimAlertsTest, ANewCrossingIsANewAlert) {
  const std::vector<PairDay> days = {{ToDay(2020, 1, 1), 3}, {ToDay(2022, 1, 1), 3}};
  auto alerts = CoclaimAlerts("a", "b", days, ToDay(2022, 6, 30), kLevel3);
  ASSERT_EQ(alerts.size(), 2u);
  EXPECT_EQ(alerts[0].resolved_on, "2020-12-31");  // 365 days after the first day
  EXPECT_EQ(alerts[1].state, "open");
  EXPECT_NE(alerts[0].alert_id, alerts[1].alert_id);
}

TEST(CoclaimAlertsTest, AlertJsonFollowsTheAlertSchema) {
  std::ifstream file("schemas/alert.v1.schema.json");
  ASSERT_TRUE(file) << "run from the repository root";
  const auto schema = nlohmann::json::parse(file);
  auto alerts = CoclaimAlerts("iskp", "ttp", std::vector<PairDay>{{ToDay(2022, 1, 10), 3}},
                              ToDay(2022, 2, 1), kLevel3);
  ASSERT_EQ(alerts.size(), 1u);
  const auto json = nlohmann::json::parse(CoclaimAlertToJson(alerts[0], kLevel3));
  testing::ExpectMatchesSchema(json, schema);
  EXPECT_EQ(json["type"], "coclaim");
  EXPECT_EQ(json["group_b"], "ttp");
  EXPECT_EQ(json["evidence"]["threshold"], 3);
  EXPECT_EQ(json["evidence"]["window"]["days"], 365);
}

}  // namespace
}  // namespace claimwatch::alerting

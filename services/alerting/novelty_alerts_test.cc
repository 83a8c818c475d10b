#include "services/alerting/novelty_alerts.h"

#include <gtest/gtest.h>

#include <fstream>

#include "nlohmann/json.hpp"
#include "services/trends/testing/incidents.h"
#include "tests/support/schema_fields.h"

namespace claimwatch::alerting {
namespace {

std::string Incident(const std::string& id, const std::string& date, const std::string& place,
                     const std::string& province, std::vector<std::string> groups = {"ispp"}) {
  auto json = nlohmann::json::parse(trends::testing::IncidentJson(
      {.id = id, .event_date = date, .province = province, .groups = std::move(groups)}));
  json["place"] = place;
  return json.dump();
}

TEST(NoveltyAlertsTest, FirstAttackInATownAndProvinceAfterMoreThanAYear) {
  const std::vector<std::string> incidents = {
      Incident("a", "2019-05-24", "Karachi", "PK-SD"),
      Incident("b", "2020-03-01", "Quetta", "PK-BA"),
      Incident("c", "2021-01-01", "Quetta", "PK-BA"),  // 306 days: not novel
      Incident("d", "2022-10-01", "Karachi", "PK-SD"),
      Incident("e", "2022-10-02", "Karachi", "PK-SD", {"ttp"}),  // the TTP's first: no "since"
  };
  auto alerts = NoveltyAlerts(incidents, trends::ToDay(2022, 10, 31), {});
  ASSERT_EQ(alerts.size(), 2u);  // Karachi and PK-SD on 1 October; Quetta's gap is 306 days
  const auto& karachi = alerts[0];
  EXPECT_EQ(karachi.place, "Karachi");
  EXPECT_EQ(karachi.opened_on, "2022-10-01");
  EXPECT_EQ(karachi.previous_on, "2019-05-24");
  EXPECT_EQ(karachi.state, "open");
  EXPECT_EQ(karachi.summary, "first attack by ispp in Karachi since 2019-05-24 (1226 days)");
  EXPECT_EQ(alerts[1].place, "");
  EXPECT_EQ(alerts[1].province, "PK-SD");
  EXPECT_EQ(alerts[1].summary, "first attack by ispp in PK-SD since 2019-05-24 (1226 days)");
  // Thirty days on, they have resolved.
  auto later = NoveltyAlerts(incidents, trends::ToDay(2022, 12, 31), {});
  EXPECT_EQ(later[0].state, "resolved");
  EXPECT_EQ(later[0].resolved_on, "2022-10-31");
  // Before the attack, nothing; a longer gap rule, nothing either.
  EXPECT_TRUE(NoveltyAlerts(incidents, trends::ToDay(2022, 9, 30), {}).empty());
  EXPECT_TRUE(NoveltyAlerts(incidents, trends::ToDay(2022, 10, 31), {.gap_days = 2000}).empty());
}

TEST(NoveltyAlertsTest, AlertJsonFollowsTheAlertSchema) {
  std::ifstream file("schemas/alert.v1.schema.json");
  ASSERT_TRUE(file) << "run from the repository root";
  const auto schema = nlohmann::json::parse(file);
  auto alerts = NoveltyAlerts({Incident("a", "2019-05-24", "Karachi", "PK-SD"),
                               Incident("d", "2022-10-01", "Karachi", "PK-SD")},
                              trends::ToDay(2022, 10, 31), {});
  ASSERT_EQ(alerts.size(), 2u);
  for (const auto& alert : alerts) {
    const auto json = nlohmann::json::parse(NoveltyAlertToJson(alert));
    testing::ExpectMatchesSchema(json, schema);
    EXPECT_EQ(json["type"], "novelty");
  }
}

}  // namespace
}  // namespace claimwatch::alerting

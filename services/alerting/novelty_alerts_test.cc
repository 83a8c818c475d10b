#include "services/alerting/novelty_alerts.h"

#include <gtest/gtest.h>

#include <fstream>

#include "nlohmann/json.hpp"
#include "services/trends/testing/incidents.h"
#include "tests/support/schema_fields.h"

namespace claimwatch::alerting {
namespace {

std::string Incident(const std::string& id, const std::string& date, const std::string& place,
                     const std::string& province, std::vector<std::string> groups = {"ispp"},
                     const std::string& subtype = "") {
  return trends::testing::IncidentJson({.id = id,
                                        .event_date = date,
                                        .province = province,
                                        .groups = std::move(groups),
                                        .place = place,
                                        .attack_subtype = subtype});
}

// The alerts of one dimension (place, province, attack).
std::vector<NoveltyAlert> Of(const std::vector<NoveltyAlert>& alerts,
                             const std::string& dimension) {
  std::vector<NoveltyAlert> found;
  for (const auto& alert : alerts) {
    if (alert.key.dimension == dimension) found.push_back(alert);
  }
  return found;
}

TEST(NoveltyAlertsTest, FirstAttackInATownAndProvinceAfterMoreThanAYear) {
  const std::vector<std::string> incidents = {
      Incident("a", "2019-05-24", "Karachi", "PK-SD"),
      Incident("b", "2020-03-01", "Quetta", "PK-BA"),
      Incident("c", "2021-01-01", "Quetta", "PK-BA"),  // 306 days: not novel
      Incident("d", "2022-10-01", "Karachi", "PK-SD"),
      Incident("e", "2022-10-02", "Karachi", "PK-SD", {"ttp"}),  // the TTP's first: no "since"
  };
  const auto all = NoveltyAlertsOf(incidents, trends::ToDay(2022, 10, 31), {});
  const auto karachi = Of(all, "place");  // Quetta's gap is 306 days
  ASSERT_EQ(karachi.size(), 1u);
  EXPECT_EQ(karachi[0].key.value, "Karachi");
  EXPECT_EQ(karachi[0].opened_on, "2022-10-01");
  EXPECT_EQ(karachi[0].previous_on, "2019-05-24");
  EXPECT_EQ(karachi[0].state, "open");
  EXPECT_EQ(karachi[0].summary, "first attack by ispp in Karachi since 2019-05-24 (1226 days)");
  // Sindh's novelty is Karachi's (both attacks were in Karachi): left to the town's alert.
  EXPECT_TRUE(Of(all, "province").empty());
  // Every attack here is a bombing (GTD 3) without a subtype: 638 days since 1 January 2021.
  const auto bombing = Of(all, "attack");
  ASSERT_EQ(bombing.size(), 1u);
  EXPECT_EQ(bombing[0].summary, "first attack of GTD type 3 by ispp since 2021-01-01 (638 days)");
  EXPECT_EQ(all.size(), 2u);
  // Thirty days on, they have resolved.
  auto later = NoveltyAlertsOf(incidents, trends::ToDay(2022, 12, 31), {});
  EXPECT_EQ(later[0].state, "resolved");
  EXPECT_EQ(later[0].resolved_on, "2022-10-31");
  // Before the attack, nothing; a longer gap rule, nothing either.
  EXPECT_TRUE(NoveltyAlertsOf(incidents, trends::ToDay(2022, 9, 30), {}).empty());
  EXPECT_TRUE(NoveltyAlertsOf(incidents, trends::ToDay(2022, 10, 31), {.gap_days = 2000}).empty());
}

// A province attacked again, in another town than before: the province's own novelty.
TEST(NoveltyAlertsTest, AProvinceAttackedInANewTownAfterMoreThanAYear) {
  const auto all = NoveltyAlertsOf({Incident("a", "2019-05-24", "Hyderabad", "PK-SD"),
                                    Incident("d", "2022-10-01", "Karachi", "PK-SD")},
                                   trends::ToDay(2022, 10, 31), {});
  const auto sindh = Of(all, "province");
  ASSERT_EQ(sindh.size(), 1u);
  EXPECT_EQ(sindh[0].summary, "first attack by ispp in PK-SD since 2019-05-24 (1226 days)");
  EXPECT_TRUE(Of(all, "place").empty());  // Karachi's first: no "since"
}

// The seed's IED: a suicide-vest bombing in between shares the GTD code, not the subtype.
TEST(NoveltyAlertsTest, FirstAttackOfASubtypeAfterMoreThanAYear) {
  const std::vector<std::string> incidents = {
      Incident("may", "2020-05-18", "Quetta", "PK-BA", {"ispp"}, "ied"),
      Incident("march", "2022-03-08", "Sibi", "PK-BA", {"ispp"}, "suicide"),
      Incident("october", "2022-10-14", "Mastung", "PK-BA", {"ispp"}, "ied"),
  };
  const auto ied = Of(NoveltyAlertsOf(incidents, trends::ToDay(2022, 10, 31), {}), "attack");
  ASSERT_EQ(ied.size(), 1u);
  EXPECT_EQ(ied[0].incident_id, "october");
  EXPECT_EQ(ied[0].summary, "first ied attack by ispp since 2020-05-18 (879 days)");
  const auto json = nlohmann::json::parse(NoveltyAlertToJson(ied[0]));
  EXPECT_EQ(json["evidence"]["attack"], "ied");
  EXPECT_EQ(json["province"], "all");
}

TEST(NoveltyAlertsTest, AlertJsonFollowsTheAlertSchema) {
  std::ifstream file("schemas/alert.v1.schema.json");
  ASSERT_TRUE(file) << "run from the repository root";
  const auto schema = nlohmann::json::parse(file);
  auto alerts = NoveltyAlertsOf({Incident("a", "2019-05-24", "Karachi", "PK-SD", {"ispp"}, "ied"),
                                 Incident("d", "2022-10-01", "Karachi", "PK-SD", {"ispp"}, "ied")},
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

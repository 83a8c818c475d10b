#include "services/resolution/grouping.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "services/resolution/incident.h"
#include "services/resolution/testing/claims.h"

namespace claimwatch::resolution {
namespace {

using testing::Date;
using testing::RawalpindiClaim;

ClaimFacts On(const std::string& id, const std::string& date) {
  auto claim = RawalpindiClaim("s", id);
  claim.event_date = Date(date);
  return claim;
}

std::vector<std::vector<std::string>> Names(const std::vector<std::vector<ClaimFacts>>& groups) {
  std::vector<std::vector<std::string>> names;
  for (const auto& group : groups) {
    names.emplace_back();
    for (const auto& claim : group) names.back().push_back(claim.claim_id);
  }
  std::sort(names.begin(), names.end());
  return names;
}

int32_t Day(const std::string& date) { return DayRange(Date(date)).first; }

TEST(AnchorDayTest, EarliestMatchingDayWithinTheTolerance) {
  const std::vector<ClaimFacts> claims = {On("a", "2022-01-29"), On("b", "2022-01-30"),
                                          On("c", "2022-01-31")};
  const MatchRules rules;
  EXPECT_EQ(AnchorDay(claims[0], claims, rules), Day("2022-01-29"));
  EXPECT_EQ(AnchorDay(claims[1], claims, rules), Day("2022-01-29"));
  EXPECT_EQ(AnchorDay(claims[2], claims, rules), Day("2022-01-30")) << "not two days back";
  auto bombing = On("d", "2022-01-31");
  bombing.attack_type = 3;
  EXPECT_EQ(AnchorDay(bombing, claims, rules), Day("2022-01-31")) << "matches nothing earlier";
}

TEST(DayIncidentsTest, GroupsByAnchorThenByMatching) {
  auto other_town = On("t", "2022-01-30");
  other_town.place_id = "pk-taxila";
  const std::vector<ClaimFacts> claims = {On("a", "2022-01-29"), On("b", "2022-01-30"),
                                          On("c", "2022-01-31"), other_town};
  const MatchRules rules;
  EXPECT_EQ(Names(DayIncidents(claims, Day("2022-01-29"), Day("2022-01-31"), rules)),
            (std::vector<std::vector<std::string>>{{"a", "b"}, {"c"}, {"t"}}));
  // Only the anchors asked for: c's anchor (30 January) is outside [29, 29].
  EXPECT_EQ(Names(DayIncidents(claims, Day("2022-01-29"), Day("2022-01-29"), rules)),
            (std::vector<std::vector<std::string>>{{"a", "b"}}));
}

TEST(CoarseIncidentsTest, SamePeriodAndMatchingOnly) {
  auto january = On("m1", "2022-01");
  auto january_too = On("m2", "2022-01");
  auto january_bombing = On("m3", "2022-01");
  january_bombing.attack_type = 3;
  auto year = On("y", "2022");
  EXPECT_EQ(Names(CoarseIncidents({january, january_too, january_bombing, year}, MatchRules{})),
            (std::vector<std::vector<std::string>>{{"m1", "m2"}, {"m3"}, {"y"}}));
}

}  // namespace
}  // namespace claimwatch::resolution

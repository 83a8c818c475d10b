#include "services/resolution/matching.h"

#include <gtest/gtest.h>

#include "services/resolution/testing/claims.h"

namespace claimwatch::resolution {
namespace {

using testing::Date;
using testing::RawalpindiClaim;

class MatchTest : public ::testing::Test {
 protected:
  const char* Both(const ClaimFacts& a, const ClaimFacts& b) {
    const char* forward = Match(a, b, rules_);
    const char* backward = Match(b, a, rules_);
    EXPECT_EQ(forward == nullptr, backward == nullptr) << "Match is not symmetric";
    return forward;
  }
  ClaimFacts a_ = RawalpindiClaim("amaq", "1");
  ClaimFacts b_ = RawalpindiClaim("umar", "7");
  MatchRules rules_;
};

TEST_F(MatchTest, SameTownSameDayIsSamePlace) { EXPECT_STREQ(Both(a_, b_), "same_place"); }

TEST_F(MatchTest, CompetingGroupsStillMatch) {
  b_.group = "ispp";
  EXPECT_STREQ(Both(a_, b_), "same_place");
}

TEST_F(MatchTest, OneDayApartMatchesTwoDaysApartDoesNot) {
  b_.event_date = Date("2022-01-31");
  EXPECT_STREQ(Both(a_, b_), "same_place");
  b_.event_date = Date("2022-02-01");
  EXPECT_EQ(Both(a_, b_), nullptr);
}

TEST_F(MatchTest, ToleranceIsConfigurable) {
  b_.event_date = Date("2022-02-01");
  rules_.date_tolerance_days = 2;
  EXPECT_STREQ(Both(a_, b_), "same_place");
  rules_.date_tolerance_days = 0;
  b_.event_date = Date("2022-01-31");
  EXPECT_EQ(Both(a_, b_), nullptr);
}

TEST_F(MatchTest, NeighbouringTownsDoNotMatch) {
  b_.place = "Taxila";
  b_.place_id = "pk-taxila";
  EXPECT_EQ(Both(a_, b_), nullptr);
}

TEST_F(MatchTest, DifferentAttackTypesDoNotMatch) {
  b_.attack_type = 3;  // bombing/explosion vs armed assault
  EXPECT_EQ(Both(a_, b_), nullptr);
}

TEST_F(MatchTest, DifferentTargetTypesDoNotMatch) {
  b_.target_type = 14;  // private citizens vs police
  EXPECT_EQ(Both(a_, b_), nullptr);
}

TEST_F(MatchTest, UnknownTypesAreCompatible) {
  b_.attack_type.reset();
  b_.target_type = 20;  // GTD "Unknown"
  EXPECT_STREQ(Both(a_, b_), "same_place");
  b_.attack_type = 9;
  EXPECT_STREQ(Both(a_, b_), "same_place");
}

TEST_F(MatchTest, MonthPrecisionSpansItsMonth) {
  b_.event_date = Date("2022-01");
  EXPECT_STREQ(Both(a_, b_), "same_place");
  a_.event_date = Date("2022-02-01");  // within a day of the month's end
  EXPECT_STREQ(Both(a_, b_), "same_place");
  a_.event_date = Date("2022-02-02");
  EXPECT_EQ(Both(a_, b_), nullptr);
}

TEST_F(MatchTest, YearPrecisionSpansItsYear) {
  b_.event_date = Date("2022");
  EXPECT_STREQ(Both(a_, b_), "same_place");
  a_.event_date = Date("2023-01-03");
  EXPECT_EQ(Both(a_, b_), nullptr);
}

TEST_F(MatchTest, DistrictOnlyClaimMatchesTownsInItsDistrict) {
  b_.place.reset();
  b_.place_id.reset();
  EXPECT_STREQ(Both(a_, b_), "same_district");
  rules_.district_level = false;
  EXPECT_EQ(Both(a_, b_), nullptr);
}

TEST_F(MatchTest, DistrictOnlyClaimDoesNotMatchAnotherDistrict) {
  b_.place.reset();
  b_.place_id.reset();
  b_.district = "Attock";
  EXPECT_EQ(Both(a_, b_), nullptr);
}

TEST_F(MatchTest, ProvinceOnlyClaimsNeverMatch) {
  a_.place.reset();
  a_.place_id.reset();
  a_.district.reset();
  b_ = a_;
  b_.source = "other";
  EXPECT_EQ(Both(a_, b_), nullptr);
}

TEST_F(MatchTest, TownWithoutADistrictMatchesOnlyItself) {
  a_.district.reset(), b_.district.reset();
  a_.place_id = b_.place_id = "pk-karachi";
  EXPECT_STREQ(Both(a_, b_), "same_place");
  b_.place_id.reset();  // only the province left
  EXPECT_EQ(Both(a_, b_), nullptr);
}

TEST_F(MatchTest, ClaimedCoordinatesWithinDistanceMatchAcrossTownNames) {
  b_.place_id = "pk-chaklala";
  a_.lat = 33.5973, a_.lon = 73.0479;
  b_.lat = 33.6, b_.lon = 73.08;  // about 3 km east
  EXPECT_STREQ(Both(a_, b_), "within_distance");
  b_.lat = 33.6, b_.lon = 73.2;  // about 14 km east
  EXPECT_EQ(Both(a_, b_), nullptr);
  rules_.distance_km = 20;
  EXPECT_STREQ(Both(a_, b_), "within_distance");
}

TEST(DistanceKmTest, KnownDistance) {
  // Rawalpindi to Islamabad city centres: about 14 km.
  EXPECT_NEAR(DistanceKm(33.5973, 73.0479, 33.7215, 73.0433), 13.8, 0.2);
}

}  // namespace
}  // namespace claimwatch::resolution

#include "services/resolution/claim_facts.h"

#include <gtest/gtest.h>

#include "services/resolution/testing/claims.h"

namespace claimwatch::resolution {
namespace {

TEST(ClaimChangeJsonTest, RoundTrips) {
  ClaimChange change{false, testing::RawalpindiClaim("umar", "1")};
  change.claim.lat = 33.6, change.claim.lon = 73.05;
  change.claim.event_date = testing::Date("2022-01");
  auto back = ChangeFromJson(ChangeToJson(change));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(ChangeToJson(*back), ChangeToJson(change));
  EXPECT_EQ(back->claim.event_date.precision, parsing::DatePrecision::kMonth);
}

TEST(ClaimChangeJsonTest, CarriesTheAttackSubtype) {
  ClaimChange change{false, testing::RawalpindiClaim("amaq", "1")};
  change.claim.attack_type = 3;
  change.claim.attack_subtype = "ied";
  const std::string json = ChangeToJson(change);
  EXPECT_NE(json.find(R"("attack_type":3,"attack_subtype":"ied")"), std::string::npos) << json;
  auto back = ChangeFromJson(json);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->claim.attack_subtype, "ied");
  EXPECT_EQ(ChangeToJson(*back), json);

  change.claim.attack_subtype.clear();
  EXPECT_NE(ChangeToJson(change).find(R"("attack_subtype":null)"), std::string::npos);
  // Written before subtypes were carried: no field at all.
  auto old = ChangeFromJson(R"({"schema":"claim_change.v1","change":"upsert","source":"a",
      "claim_id":"1","revision":0,"event_date":"2022","date_precision":"year","attack_type":3})");
  ASSERT_TRUE(old.ok()) << old.status();
  EXPECT_EQ(old->claim.attack_subtype, "");
}

TEST(ClaimChangeJsonTest, RetractionCarriesIdentityOnly) {
  ClaimChange change{true, testing::RawalpindiClaim("umar", "1")};
  change.claim.revision = 3;
  auto back = ChangeFromJson(ChangeToJson(change));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_TRUE(back->retract);
  EXPECT_EQ(back->claim.revision, 3);
  EXPECT_FALSE(back->claim.group);
}

TEST(ClaimChangeJsonTest, ErrorsNameTheField) {
  const std::pair<const char*, const char*> cases[] = {
      {"[]", "message: not a JSON object"},
      {R"({"schema":"claim_change.v9","change":"upsert"})", "schema: unknown claim_change.v9"},
      {R"({"schema":"claim_change.v1","change":"upsert","source":"a","claim_id":"1"})",
       "revision: expected a non-negative integer"},
      {R"({"schema":"claim_change.v1","change":"upsert","source":"a","claim_id":"1",
           "revision":0,"event_date":"2022-02-30","date_precision":"day"})",
       "event_date: not a date"},
      {R"({"schema":"claim_change.v1","change":"upsert","source":"a","claim_id":"1",
           "revision":0,"event_date":"2022-02","date_precision":"day"})",
       "date_precision: does not match event_date"},
      {R"({"schema":"claim_change.v1","change":"upsert","source":"a","claim_id":"1",
           "revision":0,"killed":"many","event_date":"2022","date_precision":"year"})",
       "killed: expected integer"},
      {R"({"schema":"claim_change.v1","change":"upsert","source":"a","claim_id":"1",
           "revision":0,"attack_subtype":3,"event_date":"2022","date_precision":"year"})",
       "attack_subtype: expected string"},
      {R"({"schema":"claim_change.v1","change":"move"})",
       "change: expected \"upsert\" or \"retract\""},
  };
  for (const auto& [json, error] : cases) {
    auto change = ChangeFromJson(json);
    ASSERT_FALSE(change.ok()) << json;
    EXPECT_EQ(change.status().message(), error) << json;
  }
}

TEST(ToUtcTest, MovesOffsetsToUtc) {
  EXPECT_EQ(ToUtc("2022-01-30T10:00:00+05:00"), "2022-01-30T05:00:00Z");
  EXPECT_EQ(ToUtc("2022-01-01T01:30:00.250+04:30"), "2021-12-31T21:00:00Z");
  EXPECT_EQ(ToUtc("2022-01-30T23:00:00-02:00"), "2022-01-31T01:00:00Z");
  EXPECT_EQ(ToUtc("2022-01-30T10:00:00Z"), "2022-01-30T10:00:00Z");
  EXPECT_EQ(ToUtc("yesterday"), "");
}

TEST(DayRangeTest, CoversThePrecision) {
  EXPECT_EQ(DayRange(testing::Date("1970-01-02")), std::make_pair(1, 1));
  auto [first, last] = DayRange(testing::Date("2024-02"));
  EXPECT_EQ(last - first, 28);
  auto [year_first, year_last] = DayRange(testing::Date("2024"));
  EXPECT_EQ(year_last - year_first, 365);
}

TEST(LocationBlockTest, NamesTheDistrict) {
  auto claim = testing::RawalpindiClaim("a", "1");
  EXPECT_EQ(LocationBlock(claim), "PK/PK-PB/Rawalpindi");
  EXPECT_EQ(LocationBlockOfNormalisedJson(
                R"({"group":"ttp","district":"Rawalpindi","province":"PK-PB","country":"PK"})"),
            "PK/PK-PB/Rawalpindi");
  claim.district.reset();
  EXPECT_EQ(LocationBlock(claim), "PK/PK-PB/");
}

TEST(ContentFingerprintTest, SameContentSameFingerprint) {
  auto a = testing::RawalpindiClaim("a", "1");
  auto b = testing::RawalpindiClaim("b", "2");
  b.reported_at = "2023-01-01T00:00:00Z";
  b.claimed_by = "Tehrik-e-Taliban";
  EXPECT_EQ(ContentFingerprint(a), ContentFingerprint(b));
  b.attack_subtype = "ied";
  EXPECT_NE(ContentFingerprint(a), ContentFingerprint(b));
  b.attack_subtype.clear();
  b.killed = 2;
  EXPECT_NE(ContentFingerprint(a), ContentFingerprint(b));
  b.group.reset();
  EXPECT_FALSE(ContentFingerprint(b));
}

}  // namespace
}  // namespace claimwatch::resolution

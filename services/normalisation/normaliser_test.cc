// Behaviour of each resolution rule on a small reference set written by the test itself; the
// table of real spellings against the bundled data is in bundled_reference_test.cc.
#include "services/normalisation/normaliser.h"

#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"
#include "services/normalisation/normalised_json.h"
#include "services/parsing/claim_parser.h"

namespace claimwatch::normalisation {
namespace {

namespace fs = std::filesystem;

class NormaliserTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    const fs::path dir =
        fs::temp_directory_path() / ("normaliser_test_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::ofstream(dir / "g.ndjson")
        << R"({"id":"is","name":"Islamic State","aliases":["IS","Daesh"]})"
           "\n"
        << R"({"id":"ispp","name":"Islamic State Pakistan Province","parent":"is","aliases":["ISPP","Wilayat Pakistan","ولاية باكستان"]})"
           "\n"
        << R"({"id":"iskp","name":"Islamic State Khorasan Province","parent":"is","aliases":["ISKP","Wilayat Khurasan"]})"
           "\n";
    std::ofstream(dir / "p.ndjson")
        << R"({"kind":"country","id":"PK","name":"Pakistan","utc_offset":"+05:00"})"
           "\n"
        << R"({"kind":"province","id":"PK-BA","country":"PK","name":"Balochistan","aliases":["Baluchistan"]})"
           "\n"
        << R"({"kind":"province","id":"PK-PB","country":"PK","name":"Punjab"})"
           "\n"
        << R"({"kind":"district","id":"pk-ba-mastung","country":"PK","province":"PK-BA","name":"Mastung"})"
           "\n"
        << R"({"kind":"district","id":"pk-pb-rawalpindi","country":"PK","province":"PK-PB","name":"Rawalpindi"})"
           "\n"
        << R"({"kind":"place","id":"pk-mastung","country":"PK","province":"PK-BA","district":"pk-ba-mastung","name":"Mastung","lat":29.8,"lon":66.85})"
           "\n"
        << R"({"kind":"place","id":"pk-rawalpindi","country":"PK","province":"PK-PB","district":"pk-pb-rawalpindi","name":"Rawalpindi","lat":33.6,"lon":73.04})"
           "\n"
        << R"({"kind":"place","id":"pk-ba-shahpur","country":"PK","province":"PK-BA","name":"Shahpur"})"
           "\n"
        << R"({"kind":"place","id":"pk-pb-shahpur","country":"PK","province":"PK-PB","name":"Shahpur"})"
           "\n";
    std::ofstream(dir / "t.ndjson")
        << R"({"kind":"attack_type","code":1,"name":"Assassination","synonyms":["assassinated","shot dead"]})"
           "\n"
        << R"({"kind":"attack_type","code":3,"name":"Bombing/Explosion","subtype":"ied","synonyms":["IED","improvised explosive device"]})"
           "\n"
        << R"({"kind":"target_type","code":3,"name":"Police","synonyms":["policeman","CTD patrol"]})"
           "\n"
        << R"({"kind":"target_type","code":14,"name":"Private Citizens & Property","subtype":"religious_minority","synonyms":["Christian","Shīʿah"]})"
           "\n";
    auto data = LoadReferenceData({{(dir / "g.ndjson").string()},
                                   {(dir / "p.ndjson").string()},
                                   {(dir / "t.ndjson").string()}});
    fs::remove_all(dir);
    ASSERT_TRUE(data.ok()) << data.status();
    normaliser_ = std::move(*Normaliser::Create(std::move(*data))).release();
  }
  static void TearDownTestSuite() { delete normaliser_; }

  static NormalisedClaim Normalise(const std::string& fields) {
    parsing::ClaimParser parser;
    auto claim = parser.Parse(
        R"({"schema":"claim.v1","claim_id":"c","source":"s","reported_at":"2022-10-14T18:05:00Z",)" +
        fields + "}");
    EXPECT_TRUE(claim.ok()) << claim.status();
    return normaliser_->Normalise(*claim);
  }
  static std::string Method(const NormalisedClaim& claim, const std::string& field) {
    for (size_t i = 0; i < kFieldCount; ++i) {
      if (field == FieldName(static_cast<Field>(i)) && claim.resolution[i]) {
        return MethodName(*claim.resolution[i]);
      }
    }
    return "absent";
  }

  static inline Normaliser* normaliser_ = nullptr;
};

const std::string kWhereWhen = R"("event_date":"2022-10-14","location":{"place":"Mastung"})";

TEST_F(NormaliserTest, GroupsResolveExactlyFoldedOrFuzzy) {
  auto exact = Normalise(R"("claimed_by":"Wilayat Pakistan",)" + kWhereWhen);
  EXPECT_EQ(exact.group, "ispp");
  EXPECT_EQ(Method(exact, "group"), "exact");
  auto folded = Normalise(R"("claimed_by":"wilāyat  PAKISTAN",)" + kWhereWhen);
  EXPECT_EQ(folded.group, "ispp");
  EXPECT_EQ(Method(folded, "group"), "folded");
  auto fuzzy = Normalise(R"("claimed_by":"Wilayat Pakistn",)" + kWhereWhen);
  EXPECT_EQ(fuzzy.group, "ispp");
  EXPECT_EQ(Method(fuzzy, "group"), "fuzzy");
  auto arabic = Normalise(R"("claimed_by":"ولایہ باکستان",)" + kWhereWhen);
  EXPECT_EQ(arabic.group, "ispp");
}

TEST_F(NormaliserTest, UnknownAndAmbiguousNamesStayUnresolvedWithTheirRawText) {
  auto unknown = Normalise(R"("claimed_by":"Some New Front",)" + kWhereWhen);
  EXPECT_FALSE(unknown.group);
  EXPECT_EQ(Method(unknown, "group"), "unresolved");
  EXPECT_NE(NormalisedToJson(unknown).find(R"("resolution":{"group":"unresolved")"),
            std::string::npos);
  // "ISXP" is one edit from both ISPP and ISKP, and short names never fuzz anyway.
  EXPECT_FALSE(Normalise(R"("claimed_by":"ISXP",)" + kWhereWhen).group);
  // "Wilayat Khurasen" is one edit from ISKP only: fuzzy; "Wilayat" alone is nothing.
  EXPECT_EQ(Normalise(R"("claimed_by":"Wilayat Khurasen",)" + kWhereWhen).group, "iskp");
  EXPECT_FALSE(Normalise(R"("claimed_by":"Wilayat",)" + kWhereWhen).group);
}

TEST_F(NormaliserTest, PlacesFillDistrictProvinceCountryAndCoordinates) {
  auto claim = Normalise(R"("claimed_by":"ISPP",)" + kWhereWhen);
  EXPECT_EQ(claim.place, "Mastung");
  EXPECT_EQ(claim.district, "Mastung");
  EXPECT_EQ(claim.province, "PK-BA");
  EXPECT_EQ(claim.country, "PK");
  EXPECT_DOUBLE_EQ(*claim.lat, 29.8);
  auto province_only = Normalise(
      R"("claimed_by":"ISPP","event_date":"2022-10","location":{"province":"Baluchistan"})");
  EXPECT_FALSE(province_only.place);
  EXPECT_EQ(province_only.province, "PK-BA");
  EXPECT_EQ(Method(province_only, "province"), "exact");
}

TEST_F(NormaliserTest, AStatedProvinceSettlesATownNameTwoProvincesShare) {
  auto ambiguous =
      Normalise(R"("claimed_by":"ISPP","event_date":"2022-10-14","location":{"place":"Shahpur"})");
  EXPECT_FALSE(ambiguous.place);
  EXPECT_EQ(Method(ambiguous, "place"), "unresolved");
  auto settled = Normalise(
      R"("claimed_by":"ISPP","event_date":"2022-10-14","location":{"place":"Shahpur","province":"Punjab"})");
  EXPECT_EQ(settled.place_id, "pk-pb-shahpur");
  // A town that is not in the stated province is not moved there: it stays unresolved.
  auto conflict = Normalise(
      R"("claimed_by":"ISPP","event_date":"2022-10-14","location":{"place":"Mastung","province":"Punjab"})");
  EXPECT_FALSE(conflict.place);
  EXPECT_EQ(conflict.province, "PK-PB");
}

TEST_F(NormaliserTest, AttackAndTargetTypesKeepTheirSubtype) {
  auto claim = Normalise(R"("claimed_by":"ISPP",)" + kWhereWhen +
                         R"(,"attack_type":"IED","target":"shiah","killed":3,"wounded":null)");
  EXPECT_EQ(claim.attack_type, 3);
  EXPECT_EQ(claim.attack_subtype, "ied");
  EXPECT_EQ(claim.target_type, 14);
  EXPECT_EQ(claim.target_subtype, "religious_minority");
  EXPECT_EQ(Method(claim, "target_type"), "folded");
  EXPECT_EQ(claim.killed, 3);
  EXPECT_FALSE(claim.wounded);
  auto coded =
      Normalise(R"("claimed_by":"ISPP",)" + kWhereWhen + R"(,"attack_type":2,"target":40)");
  EXPECT_EQ(coded.attack_type, 2);
  EXPECT_FALSE(coded.target_type);
  EXPECT_EQ(Method(coded, "target_type"), "unresolved");
  auto free_text = Normalise(R"("claimed_by":"ISPP",)" + kWhereWhen + R"(,"attack_type":"drone")");
  EXPECT_FALSE(free_text.attack_type);
  EXPECT_EQ(Method(free_text, "attack_type"), "unresolved");
}

TEST_F(NormaliserTest, DateTimesMoveToTheLocalDateOfTheCountry) {
  auto late_utc = Normalise(
      R"("claimed_by":"ISPP","event_date":"2022-10-13T21:00:00Z","location":{"place":"Mastung"})");
  EXPECT_EQ(FormatEventDate(late_utc.event_date), "2022-10-14");
  auto local = Normalise(
      R"("claimed_by":"ISPP","event_date":"2022-10-13T21:00:00+05:00","location":{"place":"Mastung"})");
  EXPECT_EQ(FormatEventDate(local.event_date), "2022-10-13");
  auto month = Normalise(
      R"("claimed_by":"ISPP","event_date":"October 2022","location":{"place":"Mastung"})");
  EXPECT_EQ(FormatEventDate(month.event_date), "2022-10");
  EXPECT_NE(NormalisedToJson(month).find(R"("event_date":"2022-10","date_precision":"month")"),
            std::string::npos);
}

}  // namespace
}  // namespace claimwatch::normalisation

// Random damage to valid claims: the parser must answer every input with a claim or an
// InvalidArgument naming a field, never crash, hang or accept broken JSON silently. Seeded, so a
// failure reproduces; runs under a second in a release build.
#include <random>

#include "gtest/gtest.h"
#include "services/parsing/claim_parser.h"

namespace claimwatch::parsing {
namespace {

const std::string kClaim =
    R"({"schema":"claim.v1","claim_id":"amaq-1","source":"amaq","revision":2,)"
    R"("reported_at":"2022-10-14T18:05:00+05:00","claimed_by":"ولاية باكستان",)"
    R"("event_date":"October 14, 2022","location":{"place":"Mastung","province":"PK-BA",)"
    R"("country":"PK","lat":29.8,"lon":66.85},"attack_type":"IED","target":3,"killed":3,)"
    R"("wounded":null,"language":"ar","text":"\u0645\u0633\u062a\u0648\u0646\u06af","x":[1,{"y":[]}]})";

std::string Damage(std::string text, std::mt19937_64& random) {
  const int edits = 1 + static_cast<int>(random() % 4);
  for (int edit = 0; edit < edits && !text.empty(); ++edit) {
    const size_t at = random() % text.size();
    switch (random() % 5) {
      case 0:
        text[at] = static_cast<char>(random() % 256);  // any byte, invalid UTF-8 included
        break;
      case 1:
        text.erase(at, 1 + random() % 8);
        break;
      case 2:
        text.insert(at, 1, "{}[]\",:\\0-e."[random() % 13]);
        break;
      case 3:
        text.resize(at);  // truncated
        break;
      default:
        text.insert(at, text.substr(random() % text.size(), random() % 16));  // duplicated span
        break;
    }
  }
  return text;
}

TEST(ClaimParserRobustnessTest, AnswersEveryDamagedClaimWithAClaimOrAFieldError) {
  ClaimParser parser(ClaimParserConfig{.max_message_bytes = 4096});
  std::mt19937_64 random(20221014);
  size_t accepted = 0;
  for (int i = 0; i < 200000; ++i) {
    const std::string input = Damage(kClaim, random);
    auto claim = parser.Parse(input);
    if (claim.ok()) {
      ++accepted;
      EXPECT_FALSE(claim->claim_id.empty());
      EXPECT_FALSE(claim->location.place.value_or("x").empty() &&
                   claim->location.district.value_or("").empty() &&
                   claim->location.province.value_or("").empty());
      continue;
    }
    ASSERT_EQ(claim.status().code(), absl::StatusCode::kInvalidArgument) << input;
    ASSERT_NE(claim.status().message().find(": "), absl::string_view::npos)
        << "no field path in: " << claim.status().message();
  }
  // Some edits leave a valid claim (a changed letter inside a string); most must not.
  EXPECT_GT(accepted, 0u);
  EXPECT_LT(accepted, 200000u / 2);
}

}  // namespace
}  // namespace claimwatch::parsing

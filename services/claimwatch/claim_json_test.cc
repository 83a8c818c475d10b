#include "services/claimwatch/claim_json.h"

#include "gtest/gtest.h"
#include "services/parsing/claim_parser.h"

namespace claimwatch::cli {
namespace {

TEST(ClaimJsonTest, PrintsIdentityNormalisedFieldsAndTheLocationAsGiven) {
  parsing::ClaimParser parser;
  auto claim = parser.Parse(
      R"({"schema":"claim.v1","claim_id":"c","source":"s","revision":2,)"
      R"("reported_at":"2022-01-31T09:00:00Z","claimed_by":"TTP","event_date":"2022-01",)"
      R"("location":{"district":"Rawalpindi","lat":33.6,"lon":73.0},"attack_type":2,)"
      R"("target":"police","killed":1,"wounded":null,"language":"ur","x":1})");
  ASSERT_TRUE(claim.ok()) << claim.status();
  nlohmann::ordered_json normalised = {{"group", "ttp"}, {"event_date", "2022-01"}};
  EXPECT_EQ(ClaimToJson(*claim, normalised).dump(),
            R"({"claim_id":"c","source":"s","revision":2,"reported_at":"2022-01-31T09:00:00Z",)"
            R"("claimed_by":"TTP","group":"ttp","event_date":"2022-01",)"
            R"("location":{"district":"Rawalpindi","lat":33.6,"lon":73.0},"language":"ur"})");
}

}  // namespace
}  // namespace claimwatch::cli

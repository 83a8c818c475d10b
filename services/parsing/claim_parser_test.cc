#include "services/parsing/claim_parser.h"

#include <string>

#include "gtest/gtest.h"

namespace claimwatch::parsing {
namespace {

// A valid claim whose fields a test can replace: Build({{"killed", "-1"}}).
std::string Build(std::initializer_list<std::pair<std::string, std::string>> overrides = {},
                  std::initializer_list<std::string> drop = {}) {
  std::vector<std::pair<std::string, std::string>> fields = {
      {"schema", R"("claim.v1")"},
      {"claim_id", R"("c-1")"},
      {"source", R"("amaq")"},
      {"reported_at", R"("2022-10-14T18:05:00Z")"},
      {"claimed_by", R"("ISPP")"},
      {"event_date", R"("2022-10-14")"},
      {"location", R"({"place":"Mastung","province":"Balochistan"})"},
  };
  for (const auto& [key, value] : overrides) {
    bool replaced = false;
    for (auto& field : fields) {
      if (field.first == key) field.second = value, replaced = true;
    }
    if (!replaced) fields.emplace_back(key, value);
  }
  std::string json = "{";
  for (const auto& [key, value] : fields) {
    if (std::find(drop.begin(), drop.end(), key) != drop.end()) continue;
    if (json.size() > 1) json += ",";
    json += "\"" + key + "\":" + value;
  }
  return json + "}";
}

std::string ErrorOf(std::string_view payload, ClaimParserConfig config = {}) {
  ClaimParser parser(config);
  auto claim = parser.Parse(payload);
  return claim.ok() ? "ok" : std::string(claim.status().message());
}

TEST(ClaimParserTest, ParsesEveryField) {
  ClaimParser parser;
  auto claim = parser.Parse(Build({{"revision", "2"},
                                   {"attack_type", R"("IED")"},
                                   {"target", "3"},
                                   {"killed", "4"},
                                   {"wounded", "null"},
                                   {"language", R"("en")"},
                                   {"text", R"("t\u00e9xt")"},
                                   {"location", R"({"place":"Quetta","country":"PK",
                                      "lat":30.18,"lon":66.97})"}}));
  ASSERT_TRUE(claim.ok()) << claim.status();
  EXPECT_EQ(claim->claim_id, "c-1");
  EXPECT_EQ(claim->source, "amaq");
  EXPECT_EQ(claim->revision, 2);
  EXPECT_EQ(claim->claimed_by, "ISPP");
  EXPECT_EQ(claim->event_date.day, 14);
  EXPECT_EQ(claim->location.place, "Quetta");
  EXPECT_EQ(claim->location.country, "PK");
  EXPECT_DOUBLE_EQ(*claim->location.lat, 30.18);
  EXPECT_EQ(claim->attack_type->text, "IED");
  EXPECT_FALSE(claim->attack_type->code);
  EXPECT_EQ(claim->target->code, 3);
  EXPECT_EQ(claim->killed, 4);
  EXPECT_FALSE(claim->wounded);
  EXPECT_EQ(claim->text, "t\xc3\xa9xt");
}

TEST(ClaimParserTest, AbsentRevisionIsZeroAndUnknownFieldsAreKept) {
  EXPECT_EQ(ErrorOf(Build({{"extra", R"({"a":[1,2,{"b":null}],"c":true})"}})), "ok");
  ClaimParser parser;
  EXPECT_EQ(parser.Parse(Build())->revision, 0);
}

TEST(ClaimParserTest, ReusesItsBuffersAcrossMessages) {
  ClaimParser parser;
  auto first = parser.Parse(Build({{"claim_id", R"("a-much-longer-claim-identifier")"}}));
  auto second = parser.Parse(Build({{"claim_id", R"("b")"}}));
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->claim_id, "a-much-longer-claim-identifier");
  EXPECT_EQ(second->claim_id, "b");
}

struct InvalidCase {
  std::string name;
  std::string payload;
  std::string error;
  RejectReason reason;
};

class ClaimParserInvalidTest : public testing::TestWithParam<InvalidCase> {};

TEST_P(ClaimParserInvalidTest, RejectsWithFieldPathAndReason) {
  ClaimParser parser(ClaimParserConfig{.max_message_bytes = 600});
  auto claim = parser.Parse(GetParam().payload);
  ASSERT_FALSE(claim.ok());
  EXPECT_EQ(claim.status().message().substr(0, GetParam().error.size()), GetParam().error);
  EXPECT_EQ(RejectReasonOf(claim.status()), GetParam().reason);
  EXPECT_EQ(claim.status().code(), absl::StatusCode::kInvalidArgument);
}

const std::string kBadUtf8 = Build({{"text", "\"abc\xff\""}});

INSTANTIATE_TEST_SUITE_P(
    Cases, ClaimParserInvalidTest,
    testing::Values(
        InvalidCase{"ProvinceNotString", Build({{"location", R"({"province":1})"}}),
                    "location.province: expected string", RejectReason::kWrongType},
        InvalidCase{"NotADate", Build({{"event_date", R"("14/10/2022")"}}),
                    "event_date: not a date", RejectReason::kInvalidValue},
        InvalidCase{"InvalidUtf8", kBadUtf8,
                    "message: invalid UTF-8 at byte " + std::to_string(kBadUtf8.find('\xff')),
                    RejectReason::kInvalidUtf8},
        InvalidCase{"TooLarge", Build({{"text", "\"" + std::string(700, 'x') + "\""}}),
                    "message: larger than max_message_bytes", RejectReason::kTooLarge},
        InvalidCase{"NotJson", "not json", "message: not valid JSON", RejectReason::kInvalidJson},
        InvalidCase{"Empty", "", "message: not valid JSON", RejectReason::kInvalidJson},
        InvalidCase{"Truncated", Build().substr(0, 60), "message: not valid JSON",
                    RejectReason::kInvalidJson},
        InvalidCase{"TrailingContent", Build() + "{}", "message: not valid JSON",
                    RejectReason::kInvalidJson},
        InvalidCase{"BrokenUnknownField", Build({{"extra", "[1,2,}"}}), "message: not valid JSON",
                    RejectReason::kInvalidJson},
        InvalidCase{"NumberMessage", "42", "message: expected a JSON object",
                    RejectReason::kWrongType},
        InvalidCase{"BrokenArray", "[1,}", "message: not valid JSON", RejectReason::kInvalidJson},
        InvalidCase{"DamagedNullInUnknownField", Build({{"extra", "nul"}}),
                    "message: not valid JSON", RejectReason::kInvalidJson},
        InvalidCase{"ArrayMessage", "[1,2]", "message: expected a JSON object",
                    RejectReason::kWrongType},
        InvalidCase{"WrongSchema", Build({{"schema", R"("claim.v0")"}}),
                    "schema: expected \"claim.v1\"", RejectReason::kUnsupportedSchema},
        InvalidCase{"MissingSchema", Build({}, {"schema"}), "schema: missing",
                    RejectReason::kMissingField},
        InvalidCase{"MissingLocation", Build({}, {"location"}), "location: missing",
                    RejectReason::kMissingField},
        InvalidCase{"MissingClaimedBy", Build({}, {"claimed_by"}), "claimed_by: missing",
                    RejectReason::kMissingField},
        InvalidCase{"DuplicateField", Build().substr(0, Build().size() - 1) + R"(,"source":"b"})",
                    "source: duplicate field", RejectReason::kDuplicateField},
        InvalidCase{"EmptyClaimId", Build({{"claim_id", R"("")"}}), "claim_id: must not be empty",
                    RejectReason::kInvalidValue},
        InvalidCase{"LongSource", Build({{"source", "\"" + std::string(300, 's') + "\""}}),
                    "source: longer than 256 bytes", RejectReason::kInvalidValue},
        InvalidCase{"ClaimIdNumber", Build({{"claim_id", "12"}}), "claim_id: expected string",
                    RejectReason::kWrongType},
        InvalidCase{"ReportedAtNoZone", Build({{"reported_at", R"("2022-10-14T18:05:00")"}}),
                    "reported_at: not an RFC 3339 date-time", RejectReason::kInvalidValue},
        InvalidCase{"LocationNotObject", Build({{"location", R"("Quetta")"}}),
                    "location: expected object", RejectReason::kWrongType},
        InvalidCase{"LocationWithoutPlace", Build({{"location", R"({"country":"PK"})"}}),
                    "location: needs at least one of place, district, province",
                    RejectReason::kInvalidValue},
        InvalidCase{"LatOutOfRange", Build({{"location", R"({"place":"x","lat":91,"lon":1})"}}),
                    "location.lat: outside [-90, 90]", RejectReason::kInvalidValue},
        InvalidCase{"LatWithoutLon", Build({{"location", R"({"place":"x","lat":1})"}}),
                    "location: lat and lon come together", RejectReason::kInvalidValue},
        InvalidCase{"CountryLowercase", Build({{"location", R"({"place":"x","country":"pk"})"}}),
                    "location.country: not an ISO 3166-1 alpha-2 code",
                    RejectReason::kInvalidValue},
        InvalidCase{"KilledNegative", Build({{"killed", "-2"}}), "killed: must not be negative",
                    RejectReason::kInvalidValue},
        InvalidCase{"KilledFraction", Build({{"killed", "1.5"}}),
                    "killed: expected a non-negative integer or null", RejectReason::kWrongType},
        InvalidCase{"WoundedString", Build({{"wounded", R"("many")"}}),
                    "wounded: expected a non-negative integer or null", RejectReason::kWrongType},
        InvalidCase{"RevisionNegative", Build({{"revision", "-1"}}),
                    "revision: must not be negative", RejectReason::kInvalidValue},
        InvalidCase{"RevisionString", Build({{"revision", R"("2")"}}), "revision: expected integer",
                    RejectReason::kWrongType},
        InvalidCase{"AttackTypeZero", Build({{"attack_type", "0"}}),
                    "attack_type: code must be an integer >= 1", RejectReason::kInvalidValue},
        InvalidCase{"TargetBool", Build({{"target", "true"}}),
                    "target: expected string or integer code", RejectReason::kWrongType},
        InvalidCase{"DeepUnknownField",
                    Build({{"extra", std::string(40, '[') + std::string(40, ']')}}),
                    "extra: nested deeper than 32", RejectReason::kInvalidValue}),
    [](const testing::TestParamInfo<InvalidCase>& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace claimwatch::parsing

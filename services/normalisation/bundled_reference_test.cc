// The bundled reference data (schemas/reference) against the spellings analysts meet:
// testdata/resolution_cases.tsv holds one case a line — field, input, expected — where expected
// is a group id, "Name|PROVINCE" for places and districts, an ISO code for provinces,
// "code[/subtype]" for attack and target types, or "unresolved".
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "services/normalisation/normaliser.h"
#include "services/parsing/claim_parser.h"

namespace claimwatch::normalisation {
namespace {

struct Case {
  int line = 0;
  std::string field, input, expected;
};

std::vector<Case> ReadCases() {
  std::ifstream in("services/normalisation/testdata/resolution_cases.tsv");
  std::vector<Case> cases;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    Case entry{.line = number};
    std::getline(fields, entry.field, '\t');
    std::getline(fields, entry.input, '\t');
    std::getline(fields, entry.expected, '\t');
    cases.push_back(entry);
  }
  return cases;
}

// The claim a case describes: its input in the field under test, neutral values elsewhere.
std::string ClaimFor(const Case& test) {
  nlohmann::json claim = {{"schema", "claim.v1"},
                          {"claim_id", "c"},
                          {"source", "s"},
                          {"reported_at", "2022-10-14T18:05:00Z"},
                          {"claimed_by", "ISPP"},
                          {"event_date", "2022-10-14"},
                          {"location", {{"country", "PK"}}}};
  if (test.field == "group") claim["claimed_by"] = test.input;
  if (test.field == "place" || test.field == "district" || test.field == "province") {
    claim["location"][test.field] = test.input;
  } else {
    claim["location"]["province"] = "Punjab";
  }
  if (test.field == "attack_type") claim["attack_type"] = test.input;
  if (test.field == "target_type") claim["target"] = test.input;
  return claim.dump();
}

std::string Actual(const Case& test, const NormalisedClaim& claim) {
  auto or_unresolved = [](const std::optional<std::string>& value) {
    return value ? *value : std::string("unresolved");
  };
  auto code = [](const std::optional<int>& value, const std::string& subtype) {
    if (!value) return std::string("unresolved");
    return std::to_string(*value) + (subtype.empty() ? "" : "/" + subtype);
  };
  if (test.field == "group") return or_unresolved(claim.group);
  if (test.field == "province") return or_unresolved(claim.province);
  if (test.field == "place") {
    return claim.place ? *claim.place + "|" + or_unresolved(claim.province) : "unresolved";
  }
  if (test.field == "district") {
    return claim.district ? *claim.district + "|" + or_unresolved(claim.province) : "unresolved";
  }
  if (test.field == "attack_type") return code(claim.attack_type, claim.attack_subtype);
  return code(claim.target_type, claim.target_subtype);
}

TEST(BundledReferenceTest, ResolvesEverySpellingInTheCaseTable) {
  auto data = LoadReferenceData(BundledReferenceFiles("schemas/reference"));
  ASSERT_TRUE(data.ok()) << data.status();
  auto normaliser = Normaliser::Create(std::move(*data));
  ASSERT_TRUE(normaliser.ok());
  const auto cases = ReadCases();
  ASSERT_GE(cases.size(), 200u);
  parsing::ClaimParser parser;
  for (const auto& test : cases) {
    auto claim = parser.Parse(ClaimFor(test));
    ASSERT_TRUE(claim.ok()) << "line " << test.line << ": " << claim.status();
    auto normalised = (*normaliser)->Normalise(*claim);
    EXPECT_EQ(Actual(test, normalised), test.expected)
        << "resolution_cases.tsv:" << test.line << ": " << test.field << " \"" << test.input
        << "\" resolved by " << [&] {
             for (size_t i = 0; i < kFieldCount; ++i) {
               if (test.field == FieldName(static_cast<Field>(i)) && normalised.resolution[i]) {
                 return MethodName(*normalised.resolution[i]);
               }
             }
             return "nothing";
           }();
  }
}

TEST(BundledReferenceTest, EveryPlaceOfTheSeedReportIsInTheGazetteer) {
  auto data = LoadReferenceData(BundledReferenceFiles("schemas/reference"));
  ASSERT_TRUE(data.ok()) << data.status();
  size_t pakistani_places = 0;
  for (const auto& place : data->places) {
    pakistani_places += place.kind == PlaceKind::kPlace && place.country == "PK";
    if (place.kind == PlaceKind::kPlace) {
      EXPECT_TRUE(place.lat && place.lon) << place.id << " has no coordinates";
    }
  }
  EXPECT_GE(pakistani_places, 150u);
}

// An alias that folds to the same text as another entry's name or alias makes both ambiguous:
// the normaliser would leave them unresolved. The bundled data must have none within a kind.
TEST(BundledReferenceTest, NoTwoEntriesOfAKindShareAFoldedName) {
  auto data = LoadReferenceData(BundledReferenceFiles("schemas/reference"));
  ASSERT_TRUE(data.ok()) << data.status();
  auto folder = std::move(*TextFolder::Create());
  std::map<std::string, std::set<std::string>> owners;  // "kind|folded name" -> ids
  auto add = [&](const std::string& kind, const std::string& name, const std::string& id) {
    owners[kind + "|" + folder->Fold(name)].insert(id);
  };
  for (const auto& group : data->groups) {
    add("group", group.name, group.id);
    for (const auto& alias : group.aliases) add("group", alias, group.id);
  }
  for (const auto& place : data->places) {
    const std::string kind = "place" + std::to_string(static_cast<int>(place.kind));
    add(kind, place.name, place.id);
    for (const auto& alias : place.aliases) add(kind, alias, place.id);
  }
  for (const auto& entry : data->taxonomy) {
    const std::string kind = "taxonomy" + std::to_string(static_cast<int>(entry.kind));
    const std::string id = std::to_string(entry.code) + "/" + entry.subtype;
    if (entry.subtype.empty()) add(kind, entry.name, id);
    for (const auto& synonym : entry.synonyms) add(kind, synonym, id);
  }
  for (const auto& [name, ids] : owners) {
    EXPECT_EQ(ids.size(), 1u) << name << " belongs to " << *ids.begin() << " and " << *ids.rbegin();
  }
}

}  // namespace
}  // namespace claimwatch::normalisation

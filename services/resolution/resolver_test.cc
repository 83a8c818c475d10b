#include "services/resolution/resolver.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>

#include "nlohmann/json.hpp"
#include "services/resolution/testing/claims.h"
#include "tests/support/schema_fields.h"

namespace claimwatch::resolution {
namespace {

using testing::Date;
using testing::RawalpindiClaim;

// One incident as a test sees it: id → claim names and the published JSON.
struct Seen {
  std::vector<std::string> claims;
  nlohmann::json json;
};

class ResolverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("resolver_test_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(path_);
    Open();
  }
  void TearDown() override {
    resolver_.reset();
    store_.reset();
    std::filesystem::remove_all(path_);
  }
  void Open() {
    resolver_.reset();
    store_.reset();
    auto store = storage::ClaimStore::Open({.path = path_.string()});
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
    resolver_ = std::make_unique<Resolver>(*store_, rules_);
  }
  // Resolves `claims` as one batch and returns what it published.
  std::vector<IncidentChange> Resolve(const std::vector<ClaimFacts>& claims, bool retract = false) {
    for (const auto& claim : claims) {
      auto applied = resolver_->Apply("local", {retract, claim});
      EXPECT_TRUE(applied.ok()) << applied;
    }
    auto changes = resolver_->Changes();
    auto committed = resolver_->Commit({});
    EXPECT_TRUE(committed.ok()) << committed.status();
    if (committed.ok()) counts_ = *committed;
    for (const auto& change : changes) {
      EXPECT_GT(change.version, last_version_[change.id]) << change.id;
      last_version_[change.id] = change.version;
    }
    return changes;
  }
  std::map<std::string, Seen> Incidents() {
    std::map<std::string, Seen> incidents;
    auto visited = ForEachIncident(*store_, [&](const Incident& incident) {
      Seen& seen = incidents[incident.id];
      for (const auto& member : incident.members) seen.claims.push_back(ClaimName(member));
      seen.json = nlohmann::json::parse(IncidentToJson(incident, rules_));
      return true;
    });
    EXPECT_TRUE(visited.ok()) << visited;
    return incidents;
  }
  std::vector<std::vector<std::string>> Groups() {
    std::vector<std::vector<std::string>> groups;
    for (auto& [id, seen] : Incidents()) groups.push_back(seen.claims);
    std::sort(groups.begin(), groups.end());
    return groups;
  }

  std::filesystem::path path_;
  MatchRules rules_;
  std::unique_ptr<storage::ClaimStore> store_;
  std::unique_ptr<Resolver> resolver_;
  ResolveCounts counts_;
  std::map<std::string, int64_t> last_version_;
};

TEST_F(ResolverTest, CompetingClaimsMakeOneContestedIncident) {
  auto ttp = RawalpindiClaim("umar", "ttp-1");
  auto is = RawalpindiClaim("amaq", "is-1");
  is.group = "ispp";
  is.claimed_by = "Islamic State Pakistan Province";
  is.killed = 2;
  Resolve({ttp});
  EXPECT_EQ(counts_.created, 1u);
  Resolve({is});
  EXPECT_EQ(counts_.joined, 1u);
  auto incidents = Incidents();
  ASSERT_EQ(incidents.size(), 1u);
  const auto& json = incidents.begin()->second.json;
  EXPECT_TRUE(json["contested"]);
  EXPECT_EQ(json["version"], 2);
  EXPECT_EQ(json["killed"], 1) << "the most conservative figure";
  ASSERT_EQ(json["claimants"].size(), 2u);
  EXPECT_EQ(json["claimants"][0]["group"], "ispp");
  EXPECT_EQ(json["claimants"][0]["claim_ids"], nlohmann::json({"is-1"}));
  EXPECT_EQ(json["claimants"][0]["sources"], nlohmann::json({"amaq"}));
  EXPECT_EQ(json["claimants"][1]["group"], "ttp");
  EXPECT_EQ(json["merges"][0]["rule"], "same_place");
  EXPECT_EQ(json["claims"][0]["killed"], 2) << "per-claim figures are kept";
}

TEST_F(ResolverTest, IncidentTakesTheAttackSubtypeMostOfItsClaimsGive) {
  std::vector<ClaimFacts> claims;
  for (const char* subtype : {"ied", "suicide", "ied"}) {
    auto claim = RawalpindiClaim("s" + std::to_string(claims.size()), "1");
    claim.attack_type = 3;
    claim.attack_subtype = subtype;
    claims.push_back(claim);
  }
  Resolve(claims);
  auto incidents = Incidents();
  ASSERT_EQ(incidents.size(), 1u);
  EXPECT_EQ(incidents.begin()->second.json["attack_type"], 3);
  EXPECT_EQ(incidents.begin()->second.json["attack_subtype"], "ied");
}

TEST_F(ResolverTest, IncidentWithoutSubtypesHasNullAttackSubtype) {
  Resolve({RawalpindiClaim("umar", "1"), RawalpindiClaim("telegram", "x")});
  auto incidents = Incidents();
  ASSERT_EQ(incidents.size(), 1u);
  const auto& json = incidents.begin()->second.json;
  ASSERT_TRUE(json.contains("attack_subtype"));
  EXPECT_TRUE(json["attack_subtype"].is_null());
}

// Only the claims giving the incident's attack type count, and a tie goes to the smallest.
TEST(IncidentJsonTest, AttackSubtypeComesFromClaimsOfTheIncidentsAttackType) {
  std::vector<ClaimFacts> members;
  for (auto [type, subtype] : {std::pair{3, "ied"}, std::pair{3, "grenade"}, std::pair{3, ""},
                               std::pair{2, "ambush"}, std::pair{2, "ambush"}}) {
    auto claim = RawalpindiClaim("s" + std::to_string(members.size()), "1");
    claim.attack_type = type;
    claim.attack_subtype = subtype;
    members.push_back(claim);
  }
  const auto json = nlohmann::json::parse(IncidentToJson({"inc-1", 1, members}, MatchRules{}));
  EXPECT_EQ(json["attack_type"], 3);
  EXPECT_EQ(json["attack_subtype"], "grenade");
}

TEST_F(ResolverTest, SameGroupTwiceIsNotContested) {
  Resolve({RawalpindiClaim("umar", "1"), RawalpindiClaim("telegram", "x")});
  auto incidents = Incidents();
  ASSERT_EQ(incidents.size(), 1u);
  EXPECT_FALSE(incidents.begin()->second.json["contested"]);
}

TEST_F(ResolverTest, RepostIsCountedAndShownAsRepost) {
  Resolve({RawalpindiClaim("umar", "1")});
  auto repost = RawalpindiClaim("aggregator", "99");
  repost.reported_at = "2022-01-30T13:00:00Z";
  Resolve({repost});
  EXPECT_EQ(counts_.reposts, 1u);
  EXPECT_EQ(counts_.joined, 0u);
  auto json = Incidents().begin()->second.json;
  EXPECT_EQ(json["claims"][0]["source"], "aggregator");
  EXPECT_EQ(json["claims"][0]["repost_of"], "umar/1") << "umar reported it first";
  EXPECT_TRUE(json["claims"][1]["repost_of"].is_null());
  EXPECT_EQ(json["claimants"][0]["sources"], nlohmann::json({"aggregator", "umar"}));
  EXPECT_EQ(json["first_seen"], "2022-01-30T12:00:00Z");
  EXPECT_EQ(json["last_seen"], "2022-01-30T13:00:00Z");
}

TEST_F(ResolverTest, RedeliveryAndSupersededChangeNothing) {
  auto claim = RawalpindiClaim("umar", "1");
  claim.revision = 2;
  Resolve({claim});
  EXPECT_TRUE(Resolve({claim}).empty());
  EXPECT_EQ(counts_.redeliveries, 1u);
  claim.revision = 1;
  EXPECT_TRUE(Resolve({claim}).empty());
  EXPECT_EQ(counts_.superseded, 1u);
}

TEST_F(ResolverTest, NearMissesStayApart) {
  auto two_days = RawalpindiClaim("b", "1");
  two_days.event_date = Date("2022-02-01");
  auto next_town = RawalpindiClaim("c", "1");
  next_town.place_id = "pk-taxila";
  auto bombing = RawalpindiClaim("d", "1");
  bombing.attack_type = 3;
  Resolve({RawalpindiClaim("a", "1"), two_days, next_town, bombing});
  EXPECT_EQ(Incidents().size(), 4u);
}

TEST_F(ResolverTest, RevisionTakesTheLinkingClaimOutAndSplitsIncident) {
  // A claim naming only the district links two towns' claims of that day.
  auto a = RawalpindiClaim("a", "1");
  auto b = RawalpindiClaim("b", "1");
  b.place_id = "pk-chaklala";
  auto d = RawalpindiClaim("d", "1");
  d.place.reset(), d.place_id.reset();
  Resolve({a, b, d});
  EXPECT_EQ(Groups(), (std::vector<std::vector<std::string>>{{"a/1", "b/1", "d/1"}}));
  d.revision = 1;
  d.attack_type = 3;
  Resolve({d});
  EXPECT_EQ(Groups(), (std::vector<std::vector<std::string>>{{"a/1"}, {"b/1"}, {"d/1"}}));
  // The incident keeps its id (a is still its first claim) at a higher version.
  auto incidents = Incidents();
  const std::string id = IncidentId("PK/PK-PB/Rawalpindi", a);
  ASSERT_TRUE(incidents.contains(id));
  EXPECT_EQ(incidents[id].json["version"], 3) << "a, a+d (b merged in), a again";
}

// Claims in one town every day are not one incident for the whole run: each joins the earliest
// day, up to the tolerance before its own, with a claim it matches.
TEST_F(ResolverTest, DailyClaimsInOneTownDoNotChainIntoOneIncident) {
  std::vector<ClaimFacts> claims;
  for (int day = 1; day <= 6; ++day) {
    auto claim = RawalpindiClaim("s", std::to_string(day));
    claim.event_date = Date(fmt::format("2022-03-{:02d}", day));
    claims.push_back(claim);
  }
  Resolve(claims);
  EXPECT_EQ(Groups(), (std::vector<std::vector<std::string>>{
                          {"s/1", "s/2"}, {"s/3"}, {"s/4"}, {"s/5"}, {"s/6"}}));
}

TEST_F(ResolverTest, RetractionRemovesClaimAndDeletesEmptyIncident) {
  auto claim = RawalpindiClaim("umar", "1");
  auto created = Resolve({claim});
  ASSERT_EQ(created.size(), 1u);
  claim.revision = 1;
  auto deleted = Resolve({claim}, /*retract=*/true);
  ASSERT_EQ(deleted.size(), 1u);
  EXPECT_EQ(deleted[0].id, created[0].id);
  EXPECT_TRUE(deleted[0].value.empty()) << "a tombstone";
  EXPECT_EQ(deleted[0].version, 2);
  EXPECT_TRUE(Incidents().empty());
  // The old revision arriving late is superseded, not resurrected.
  claim.revision = 0;
  EXPECT_TRUE(Resolve({claim}).empty());
}

// A revision that moves a claim between two blocks of one scope sends a retraction and the new
// revision to the same scope; in either order, and replayed, the claim ends up at its new place.
TEST_F(ResolverTest, RetractionAndNewRevisionInOneScopeKeepTheNewRevision) {
  auto wrong = RawalpindiClaim("umar", "1");
  wrong.district = "Attock", wrong.place_id = "pk-attock";
  auto right = RawalpindiClaim("umar", "1");
  right.revision = 1;
  for (bool retraction_first : {true, false}) {
    std::filesystem::remove_all(path_);
    Open();
    last_version_.clear();
    Resolve({wrong});
    if (retraction_first) {
      Resolve({right}, /*retract=*/true);
      Resolve({right});
    } else {
      Resolve({right});
      Resolve({right}, /*retract=*/true);
    }
    Resolve({wrong});
    Resolve({right}, /*retract=*/true);
    Resolve({right});
    auto incidents = Incidents();
    ASSERT_EQ(incidents.size(), 1u) << retraction_first;
    EXPECT_EQ(incidents.begin()->second.json["district"], "Rawalpindi");
    EXPECT_EQ(incidents.begin()->second.claims, std::vector<std::string>{"umar/1"});
  }
}

TEST_F(ResolverTest, MergeKeepsTheFirstClaimsIdAndDeletesTheOther) {
  auto b = RawalpindiClaim("b", "1");
  b.event_date = Date("2022-01-31");
  auto c = RawalpindiClaim("c", "1");
  c.event_date = Date("2022-01-31");
  c.killed = 5;
  Resolve({b, c});
  ASSERT_EQ(Incidents().size(), 1u);
  auto changes = Resolve({RawalpindiClaim("a", "1")});  // a day earlier, first by key
  ASSERT_EQ(changes.size(), 2u);
  const std::string kept = IncidentId("PK/PK-PB/Rawalpindi", RawalpindiClaim("a", "1"));
  const std::string gone = IncidentId("PK/PK-PB/Rawalpindi", b);
  for (const auto& change : changes) {
    if (change.id == kept) {
      EXPECT_FALSE(change.value.empty());
      EXPECT_EQ(change.version, 3) << "goes on from the version of the incident it continues";
    } else {
      EXPECT_EQ(change.id, gone);
      EXPECT_TRUE(change.value.empty());
    }
  }
  EXPECT_EQ(Groups(), (std::vector<std::vector<std::string>>{{"a/1", "b/1", "c/1"}}));
}

TEST_F(ResolverTest, CoarseDatesJoinAndReportTheMostPreciseDate) {
  auto month = RawalpindiClaim("monthly", "1");
  month.event_date = Date("2022-01");
  auto year = RawalpindiClaim("yearly", "1");
  year.event_date = Date("2022");
  auto other_month = RawalpindiClaim("monthly", "2");
  other_month.event_date = Date("2022-03");
  other_month.attack_type = 3;
  Resolve({month, year, RawalpindiClaim("umar", "1"), other_month});
  auto groups = Groups();
  EXPECT_EQ(groups, (std::vector<std::vector<std::string>>{{"monthly/1", "umar/1", "yearly/1"},
                                                           {"monthly/2"}}));
  for (auto& [id, seen] : Incidents()) {
    if (seen.claims.size() == 3) {
      EXPECT_EQ(seen.json["event_date"], "2022-01-30");
      EXPECT_EQ(seen.json["date_precision"], "day");
    }
  }
}

TEST_F(ResolverTest, CoarseClaimMatchingTwoIncidentsStaysApart) {
  auto early = RawalpindiClaim("a", "1");
  early.event_date = Date("2022-01-05");
  auto month = RawalpindiClaim("monthly", "1");
  month.event_date = Date("2022-01");
  auto same_month = RawalpindiClaim("monthly", "2");
  same_month.event_date = Date("2022-01");
  same_month.killed = 4;
  Resolve({early, month, same_month});
  EXPECT_EQ(Groups(), (std::vector<std::vector<std::string>>{{"a/1", "monthly/1", "monthly/2"}}));
  Resolve({RawalpindiClaim("b", "1")});  // a second attack that month: which one is meant?
  EXPECT_EQ(Groups(),
            (std::vector<std::vector<std::string>>{{"a/1"}, {"b/1"}, {"monthly/1", "monthly/2"}}));
  auto b = RawalpindiClaim("b", "1");
  b.revision = 1;
  Resolve({b}, /*retract=*/true);  // moved elsewhere: the month's claims rejoin the first
  EXPECT_EQ(Groups(), (std::vector<std::vector<std::string>>{{"a/1", "monthly/1", "monthly/2"}}));
}

TEST_F(ResolverTest, ClaimsWithoutADistrictStandAlone) {
  auto a = RawalpindiClaim("a", "1");
  a.place.reset(), a.place_id.reset(), a.district.reset();
  auto b = a;
  b.source = "b";
  Resolve({a, b});
  EXPECT_EQ(Incidents().size(), 2u);
}

TEST_F(ResolverTest, ScopesAreIndependent) {
  ASSERT_TRUE(resolver_->Apply("claims.normalized:0", {false, RawalpindiClaim("a", "1")}).ok());
  ASSERT_TRUE(resolver_->Apply("claims.normalized:1", {false, RawalpindiClaim("b", "1")}).ok());
  ASSERT_TRUE(resolver_->Commit({}).ok());
  EXPECT_EQ(Incidents().size(), 2u);
}

TEST_F(ResolverTest, StateAndPositionsSurviveReopen) {
  Resolve({RawalpindiClaim("a", "1")});
  ASSERT_TRUE(resolver_->Apply("local", {false, RawalpindiClaim("b", "1")}).ok());
  const std::vector<storage::SourcePosition> positions = {{"claims.normalized", 3, 42}};
  ASSERT_TRUE(resolver_->Commit(positions).ok());
  Open();
  EXPECT_EQ(Groups(), (std::vector<std::vector<std::string>>{{"a/1", "b/1"}}));
  auto offset = store_->NextOffset("claims.normalized", 3);
  ASSERT_TRUE(offset.ok());
  EXPECT_EQ(*offset, 42);
}

TEST_F(ResolverTest, AbandonedBatchLeavesNoTrace) {
  ASSERT_TRUE(resolver_->Apply("local", {false, RawalpindiClaim("a", "1")}).ok());
  resolver_->Abandon();
  EXPECT_TRUE(Incidents().empty());
}

// Every field the published incident has is in schemas/incident.v1.schema.json and every field
// the schema requires is published.
TEST_F(ResolverTest, PublishedIncidentFollowsItsSchema) {
  auto is = RawalpindiClaim("amaq", "is-1");
  is.group = "ispp";
  Resolve({RawalpindiClaim("umar", "ttp-1"), is, RawalpindiClaim("aggregator", "r")});
  std::ifstream file("schemas/incident.v1.schema.json");
  ASSERT_TRUE(file) << "run from the repository root";
  const auto schema = nlohmann::json::parse(file);
  auto incidents = Incidents();
  ASSERT_EQ(incidents.size(), 1u);
  claimwatch::testing::ExpectMatchesSchema(incidents.begin()->second.json, schema);
}

// The final incidents are a function of the claims, not of their order or batching.
TEST_F(ResolverTest, OrderAndBatchingDoNotChangeIncidents) {
  std::vector<ClaimFacts> claims;
  std::mt19937 random(7);
  for (int i = 0; i < 240; ++i) {
    auto claim = RawalpindiClaim("src" + std::to_string(i % 5), std::to_string(i));
    claim.event_date = Date(fmt::format("2022-01-{:02d}", 1 + random() % 20));
    claim.group = i % 3 == 0 ? "ispp" : "ttp";
    claim.attack_type = 1 + static_cast<int>(random() % 3);
    if (i % 7 == 0) claim.place_id = "pk-taxila";
    if (i % 11 == 0) claim.place_id.reset();
    if (i % 13 == 0) claim.event_date = Date("2022-01");
    if (i % 17 == 0) claim.event_date = Date("2022");
    if (i % 19 == 0) claim.district = "Attock", claim.place_id = "pk-attock";
    claims.push_back(claim);
  }
  std::map<std::string, Seen> first;
  for (int round = 0; round < 5; ++round) {
    std::filesystem::remove_all(path_);
    Open();
    last_version_.clear();
    std::shuffle(claims.begin(), claims.end(), random);
    for (size_t at = 0; at < claims.size(); at += 1 + round * 20) {
      Resolve({claims.begin() + at, claims.begin() + std::min(claims.size(), at + 1 + round * 20)});
    }
    auto incidents = Incidents();
    if (round == 0) {
      first = incidents;
      EXPECT_GT(first.size(), 5u);
      EXPECT_LT(first.size(), 100u);
      continue;
    }
    ASSERT_EQ(incidents.size(), first.size());
    for (auto& [id, seen] : incidents) {
      ASSERT_TRUE(first.contains(id)) << id;
      EXPECT_EQ(seen.claims, first[id].claims);
      seen.json.erase("version"), first[id].json.erase("version");
      EXPECT_EQ(seen.json, first[id].json);
    }
  }
}

}  // namespace
}  // namespace claimwatch::resolution

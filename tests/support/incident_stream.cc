#include "tests/support/incident_stream.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <random>

#include "fmt/chrono.h"
#include "fmt/format.h"
#include "nlohmann/json.hpp"

namespace claimwatch::testing {
namespace {

constexpr const char* kGroups[] = {"Tehrik-i-Taliban Pakistan", "Wilayat Pakistan", "ISKP",
                                   "Balochistan Liberation Army"};
constexpr const char* kSources[] = {"amaq", "umar-media", "nashir"};
constexpr const char* kAttacks[] = {"IED", "armed assault", "suicide bombing"};
constexpr const char* kTargets[] = {"police", "soldiers", "civilians"};

// Town names no other gazetteer entry uses as a name or alias, so each resolves to itself.
std::vector<std::string> UniqueTowns(const std::string& gazetteer_path) {
  std::ifstream file(gazetteer_path);
  std::map<std::string, int> uses;
  std::vector<nlohmann::json> towns;
  for (std::string line; std::getline(file, line);) {
    auto entry = nlohmann::json::parse(line);
    ++uses[entry["name"].get<std::string>()];
    if (entry["aliases"].is_array()) {
      for (const auto& alias : entry["aliases"]) ++uses[alias.get<std::string>()];
    }
    if (entry["kind"] == "place" && entry["country"] == "PK" && entry["district"].is_string()) {
      towns.push_back(entry);
    }
  }
  std::vector<std::string> names;
  for (const auto& town : towns) {
    if (uses[town["name"].get<std::string>()] == 1) names.push_back(town["name"]);
  }
  return names;
}

struct ClaimText {
  std::string source, id;
  int revision = 0;
  std::string group, town, date, attack, target, reported_at;
  int killed = 0;
};

std::string Line(const ClaimText& claim) {
  return fmt::format(
      R"({{"schema":"claim.v1","claim_id":"{}","source":"{}","revision":{},)"
      R"("reported_at":"{}","claimed_by":"{}","event_date":"{}",)"
      R"("location":{{"place":"{}","country":"PK"}},"attack_type":"{}","target":"{}",)"
      R"("killed":{},"text":"synthetic claim for incident resolution tests"}})",
      claim.id, claim.source, claim.revision, claim.reported_at, claim.group, claim.date,
      claim.town, claim.attack, claim.target, claim.killed);
}

}  // namespace

IncidentStream GenerateIncidentStream(size_t count, uint64_t seed,
                                      const std::string& gazetteer_path) {
  const auto towns = UniqueTowns(gazetteer_path);
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  IncidentStream stream;
  for (size_t i = 0; stream.lines.size() < count; ++i) {
    const size_t town = i % towns.size();
    const int day = static_cast<int>(3 * (i / towns.size()));
    const auto date =
        std::chrono::sys_days{std::chrono::year{2020} / 1 / 1} + std::chrono::days{day};
    ClaimText claim{
        kSources[i % 3],        fmt::format("a{}", i), 0,
        kGroups[i % 4],         towns[town],           fmt::format("{:%F}", date),
        kAttacks[i % 3],        kTargets[(i / 3) % 3], fmt::format("{:%F}T20:00:00Z", date),
        static_cast<int>(i % 5)};
    std::set<std::string> names = {claim.source + "/" + claim.id};
    bool contested = false;
    const double draw = unit(random);
    if (draw < 0.03) {  // first told at the wrong town, then corrected
      ClaimText wrong = claim;
      wrong.town = towns[(town + 7) % towns.size()];
      stream.lines.push_back(Line(wrong));
      claim.revision = 1;
      ++stream.moved;
    } else if (draw < 0.13) {  // corrected in place
      stream.lines.push_back(Line(claim));
      claim.revision = 1;
      claim.killed += 1;
    }
    stream.lines.push_back(Line(claim));
    if (unit(random) < 0.2) {
      ClaimText repost = claim;
      repost.source = fmt::format("aggregator-{}", i % 3);
      repost.id = fmt::format("r{}", i);
      repost.revision = 0;
      repost.reported_at = fmt::format("{:%F}T22:00:00Z", date);
      stream.lines.push_back(Line(repost));
      names.insert(repost.source + "/" + repost.id);
      ++stream.reposts;
    }
    if (unit(random) < 0.2) {
      ClaimText rival = claim;
      rival.source = "rival-media";
      rival.id = fmt::format("c{}", i);
      rival.revision = 0;
      rival.group = kGroups[(i + 1) % 4];
      rival.killed = claim.killed + 2;
      stream.lines.push_back(Line(rival));
      names.insert(rival.source + "/" + rival.id);
      contested = true;
      ++stream.competing;
    }
    stream.incidents.push_back(std::move(names));
    stream.contested.push_back(contested);
  }
  const size_t unique = stream.lines.size();
  for (size_t i = 0; i < unique / 33; ++i) stream.lines.push_back(stream.lines[random() % unique]);
  std::shuffle(stream.lines.begin(), stream.lines.end(), random);
  return stream;
}

}  // namespace claimwatch::testing

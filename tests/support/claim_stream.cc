#include "tests/support/claim_stream.h"

#include <fstream>
#include <random>

#include "fmt/format.h"

namespace claimwatch::testing {
namespace {

constexpr const char* kSources[] = {"amaq", "nashir", "umar-media", "analyst-feed", "scraper-7"};
constexpr const char* kGroups[] = {"Wilayat Pakistan", "ISKP", "Tehrik-i-Taliban Pakistan",
                                   "ولاية باكستان", "Islamic State"};
constexpr const char* kPlaces[] = {"Mastung",  "Quetta", "Rawalpindi", "Karachi",
                                   "Peshawar", "Sibi",   "Lahore",     "Bajaur"};

// Each kind of damage a real feed produces, so every reject reason is exercised.
std::string Malform(const std::string& line, size_t kind) {
  switch (kind % 6) {
    case 0:
      return line.substr(0, line.size() / 2);  // truncated
    case 1: {
      std::string copy = line;
      copy.replace(copy.find("\"claim_id\""), 10, "\"claim_ix\"");  // missing claim_id
      return copy;
    }
    case 2: {
      std::string copy = line;
      copy.replace(copy.find("\"event_date\":\"") + 14, 10, "2022-02-30");
      return copy;
    }
    case 3: {
      std::string copy = line;
      copy.replace(copy.find("\"killed\":") + 9, 1, "-");  // negative count
      return copy;
    }
    case 4:
      return line + "\xff";  // invalid UTF-8
    default:
      return "{\"schema\":\"claim.v2\"," + line.substr(1);  // wrong schema (also duplicate key)
  }
}

}  // namespace

std::string ClaimLine(const std::string& source, size_t index, int64_t revision) {
  const size_t day = 1 + index % 28, month = 1 + (index / 28) % 12;
  return fmt::format(
      R"({{"schema":"claim.v1","claim_id":"{}-{:08d}","source":"{}","revision":{},)"
      R"("reported_at":"2022-{:02d}-{:02d}T18:05:00Z","claimed_by":"{}",)"
      R"("event_date":"2022-{:02d}-{:02d}","location":{{"place":"{}","country":"PK"}},)"
      R"("attack_type":"IED","target":"police","killed":{},"wounded":null,"language":"en",)"
      R"("text":"Soldiers of the caliphate detonated an explosive device on a patrol of the )"
      R"(apostate police near the town, killing and wounding several of them, and praise be to )"
      R"(God. Claim number {} of the synthetic integration stream, padded to the size of a real )"
      R"(claim message with its translation and metadata.","tags":["synthetic","test"]}})",
      source, index, source, revision, month, day, kGroups[index % std::size(kGroups)], month, day,
      kPlaces[index % std::size(kPlaces)], index % 7, index);
}

ClaimStream GenerateClaimStream(size_t count, double malformed_share, double redelivery_share,
                                uint64_t seed) {
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  ClaimStream stream;
  std::vector<std::string> valid;
  for (size_t i = 0; i < count; ++i) {
    const double draw = unit(random);
    if (draw < malformed_share) {
      std::string line = Malform(ClaimLine("bad", i, 0), i);
      stream.malformed.insert(line);
      stream.lines.push_back(std::move(line));
    } else if (draw < malformed_share + redelivery_share && !valid.empty()) {
      stream.lines.push_back(valid[random() % valid.size()]);
      ++stream.redeliveries;
    } else {
      const std::string source = kSources[i % std::size(kSources)];
      const int64_t revision = static_cast<int64_t>(i % 3 == 0);
      valid.push_back(ClaimLine(source, i, revision));
      stream.unique_claims.insert({source, fmt::format("{}-{:08d}", source, i), revision});
      stream.lines.push_back(valid.back());
    }
  }
  return stream;
}

void WriteLines(const std::string& path, const std::vector<std::string>& lines) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  for (const auto& line : lines) out << line << '\n';
}

}  // namespace claimwatch::testing

#include "services/resolution/incident.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

#include "fmt/format.h"
#include "services/normalisation/normalised_json.h"
#include "services/resolution/facts_json.h"
#include "xxhash.h"

namespace claimwatch::resolution {
namespace {

constexpr size_t kMaxListedMerges = 64;

// The most frequent value among the members that have one; ties go to the smallest.
template <typename T, typename Get>
std::optional<T> MostCommon(const std::vector<ClaimFacts>& members, Get get,
                            std::optional<T> unknown = std::nullopt) {
  std::map<T, size_t> counts;
  for (const auto& member : members) {
    if (const auto& value = get(member); value && value != unknown) ++counts[*value];
  }
  if (counts.empty()) {
    for (const auto& member : members) {
      if (get(member) == unknown && unknown) return unknown;
    }
    return std::nullopt;
  }
  return std::max_element(counts.begin(), counts.end(),
                          [](const auto& a, const auto& b) { return a.second < b.second; })
      ->first;
}

// ACLED's rule: of the figures the claimants give, the most conservative one.
std::optional<int64_t> Fewest(const std::vector<ClaimFacts>& members,
                              std::optional<int64_t> ClaimFacts::*field) {
  std::optional<int64_t> fewest;
  for (const auto& member : members) {
    if (const auto& value = member.*field; value && (!fewest || *value < *fewest)) fewest = value;
  }
  return fewest;
}

// The most precise event date, earliest first among equally precise ones.
const ClaimFacts& DatedBy(const std::vector<ClaimFacts>& members) {
  return *std::min_element(members.begin(), members.end(), [](const auto& a, const auto& b) {
    return std::pair(a.event_date.precision, DayRange(a.event_date).first) <
           std::pair(b.event_date.precision, DayRange(b.event_date).first);
  });
}

void WriteStrings(JsonWriter& writer, const char* key, const std::set<std::string>& values) {
  writer.Key(key);
  writer.StartArray();
  for (const auto& value : values) writer.String(value.c_str());
  writer.EndArray();
}

struct Claimant {
  std::set<std::string> claimed_by{}, claim_ids{}, sources{};
};

void WriteClaimants(JsonWriter& writer, const std::vector<ClaimFacts>& members) {
  std::map<std::optional<std::string>, Claimant> claimants;
  for (const auto& member : members) {
    auto& claimant = claimants[member.group];
    claimant.claimed_by.insert(member.claimed_by);
    claimant.claim_ids.insert(member.claim_id);
    claimant.sources.insert(member.source);
  }
  writer.Key("claimants");
  writer.StartArray();
  // Resolved groups by id, then the claims whose group is unknown (std::nullopt sorts first).
  auto write = [&](const std::optional<std::string>& group, const Claimant& claimant) {
    writer.StartObject();
    WriteOptionalText(writer, "group", group);
    WriteStrings(writer, "claimed_by", claimant.claimed_by);
    WriteStrings(writer, "claim_ids", claimant.claim_ids);
    WriteStrings(writer, "sources", claimant.sources);
    writer.EndObject();
  };
  for (const auto& [group, claimant] : claimants) {
    if (group) write(group, claimant);
  }
  if (auto unknown = claimants.find(std::nullopt); unknown != claimants.end()) {
    write(std::nullopt, unknown->second);
  }
  writer.EndArray();
}

void WriteClaims(JsonWriter& writer, const std::vector<ClaimFacts>& members) {
  // Content fingerprint → the claim that told it first (earliest reported, then by key); the
  // others telling the same are its reposts.
  std::map<uint64_t, const ClaimFacts*> original;
  for (const auto& member : members) {
    auto fingerprint = ContentFingerprint(member);
    if (!fingerprint) continue;
    auto [it, added] = original.emplace(*fingerprint, &member);
    if (!added && member.reported_at < it->second->reported_at) it->second = &member;
  }
  writer.Key("claims");
  writer.StartArray();
  for (const auto& member : members) {
    writer.StartObject();
    WriteText(writer, "source", member.source);
    WriteText(writer, "claim_id", member.claim_id);
    writer.Key("revision");
    writer.Int64(member.revision);
    WriteOptionalText(writer, "group", member.group);
    WriteText(writer, "event_date", normalisation::FormatEventDate(member.event_date));
    WriteOptionalText(writer, "place", member.place);
    WriteOptional(writer, "killed", member.killed);
    WriteOptional(writer, "wounded", member.wounded);
    std::optional<std::string> repost_of;
    if (auto fingerprint = ContentFingerprint(member)) {
      if (const ClaimFacts* first = original[*fingerprint]; first != &member) {
        repost_of = ClaimName(*first);
      }
    }
    WriteOptionalText(writer, "repost_of", repost_of);
    writer.EndObject();
  }
  writer.EndArray();
}

void WriteMerges(JsonWriter& writer, const std::vector<ClaimFacts>& members,
                 const MatchRules& rules) {
  writer.Key("merges");
  writer.StartArray();
  size_t listed = 0;
  for (size_t i = 0; i < members.size() && listed < kMaxListedMerges; ++i) {
    for (size_t j = i + 1; j < members.size() && listed < kMaxListedMerges; ++j) {
      const char* rule = Match(members[i], members[j], rules);
      if (rule == nullptr) continue;
      writer.StartObject();
      writer.Key("claims");
      writer.StartArray();
      writer.String(ClaimName(members[i]).c_str());
      writer.String(ClaimName(members[j]).c_str());
      writer.EndArray();
      WriteText(writer, "rule", rule);
      writer.EndObject();
      ++listed;
    }
  }
  writer.EndArray();
}

void WriteSeen(JsonWriter& writer, const std::vector<ClaimFacts>& members) {
  std::set<std::string> times;
  for (const auto& member : members) {
    if (!member.reported_at.empty()) times.insert(member.reported_at);
  }
  WriteOptionalText(writer, "first_seen",
                    times.empty() ? std::nullopt : std::optional(*times.begin()));
  WriteOptionalText(writer, "last_seen",
                    times.empty() ? std::nullopt : std::optional(*times.rbegin()));
}

}  // namespace

bool ByClaimKey(const ClaimFacts& a, const ClaimFacts& b) {
  return std::tie(a.source, a.claim_id) < std::tie(b.source, b.claim_id);
}

std::string IncidentId(std::string_view block, const ClaimFacts& anchor) {
  const std::string identity = StrCat(block, std::string_view("\0", 1), anchor.source,
                                      std::string_view("\0", 1), anchor.claim_id);
  return fmt::format("inc-{:016x}", XXH3_64bits(identity.data(), identity.size()));
}

std::string IncidentIdOf(const std::vector<ClaimFacts>& members) {
  // The first day-precise claim names the incident: coarse claims join and leave a day
  // incident as others arrive (see grouping.h), and its id must not follow them.
  auto anchor = std::find_if(members.begin(), members.end(), [](const ClaimFacts& member) {
    return member.event_date.precision == parsing::DatePrecision::kDay;
  });
  return IncidentId(LocationBlock(members.front()),
                    anchor != members.end() ? *anchor : members.front());
}

std::vector<std::vector<ClaimFacts>> ConnectedGroups(std::vector<ClaimFacts> claims,
                                                     const MatchRules& rules) {
  std::sort(claims.begin(), claims.end(), ByClaimKey);
  std::vector<size_t> parent(claims.size());
  std::iota(parent.begin(), parent.end(), 0);
  auto root = [&](size_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  };
  for (size_t i = 0; i < claims.size(); ++i) {
    for (size_t j = i + 1; j < claims.size(); ++j) {
      if (root(i) != root(j) && Match(claims[i], claims[j], rules)) {
        parent[std::max(root(i), root(j))] = std::min(root(i), root(j));
      }
    }
  }
  std::vector<std::vector<ClaimFacts>> groups;
  std::map<size_t, size_t> group_of_root;
  for (size_t i = 0; i < claims.size(); ++i) {
    auto [it, added] = group_of_root.emplace(root(i), groups.size());
    if (added) groups.emplace_back();
    groups[it->second].push_back(std::move(claims[i]));
  }
  return groups;
}

std::string IncidentToJson(const Incident& incident, const MatchRules& rules) {
  const auto& members = incident.members;
  const ClaimFacts& dated = DatedBy(members);
  const ClaimFacts& first = members.front();
  auto place_id = MostCommon<std::string>(members, [](const auto& m) { return m.place_id; });
  std::optional<std::string> place;
  for (const auto& member : members) {
    if (place_id && member.place_id == place_id) place = member.place;
  }
  std::set<std::string> groups;
  for (const auto& member : members) {
    if (member.group) groups.insert(*member.group);
  }
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  writer.StartObject();
  WriteText(writer, "schema", "incident.v1");
  WriteText(writer, "incident_id", incident.id);
  writer.Key("version");
  writer.Int64(incident.version);
  WriteText(writer, "event_date", normalisation::FormatEventDate(dated.event_date));
  WriteText(writer, "date_precision", parsing::DatePrecisionName(dated.event_date.precision));
  WriteOptionalText(writer, "place", place);
  WriteOptionalText(writer, "place_id", place_id);
  WriteOptionalText(writer, "district", first.district);
  WriteOptionalText(writer, "province", first.province);
  WriteOptionalText(writer, "country", first.country);
  const auto attack_type = MostCommon<int>(
      members, [](const auto& m) { return m.attack_type; }, 9);
  // Of the claims that give the incident's attack type only: a claim calling it an IED does not
  // make an armed assault an IED attack.
  const auto attack_subtype = MostCommon<std::string>(members, [&](const auto& m) {
    return attack_type && m.attack_type == attack_type && !m.attack_subtype.empty()
               ? std::optional(m.attack_subtype)
               : std::nullopt;
  });
  WriteOptional(writer, "attack_type", attack_type);
  WriteOptionalText(writer, "attack_subtype", attack_subtype);
  WriteOptional(writer, "target_type",
                MostCommon<int>(
                    members, [](const auto& m) { return m.target_type; }, 20));
  WriteOptional(writer, "killed", Fewest(members, &ClaimFacts::killed));
  WriteOptional(writer, "wounded", Fewest(members, &ClaimFacts::wounded));
  WriteText(writer, "casualty_rule", "fewest_claimed");
  writer.Key("contested");
  writer.Bool(groups.size() > 1);
  WriteClaimants(writer, members);
  WriteClaims(writer, members);
  WriteMerges(writer, members, rules);
  WriteSeen(writer, members);
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string EncodeIncident(const Incident& incident) {
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  writer.StartObject();
  writer.Key("version");
  writer.Int64(incident.version);
  writer.Key("members");
  writer.StartArray();
  for (const auto& member : incident.members) {
    writer.StartObject();
    WriteFacts(writer, member);
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

Result<Incident> DecodeIncident(std::string_view id, std::string_view value) {
  rapidjson::Document document;
  document.Parse(value.data(), value.size());
  if (document.HasParseError() || !document.IsObject() || !document.HasMember("version") ||
      !document["version"].IsInt64() || !document.HasMember("members") ||
      !document["members"].IsArray()) {
    return FailedPrecondition(StrCat("store: corrupt incident ", id));
  }
  Incident incident{std::string(id), document["version"].GetInt64(), {}};
  for (const auto& member : document["members"].GetArray()) {
    auto facts = ReadFacts(member);
    if (!facts.ok()) {
      return FailedPrecondition(
          StrCat("store: corrupt incident ", id, ": ", facts.status().message()));
    }
    incident.members.push_back(std::move(*facts));
  }
  return incident;
}

}  // namespace claimwatch::resolution

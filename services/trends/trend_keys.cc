#include "services/trends/trend_keys.h"

#include <charconv>

#include "services/storage/counter_merge.h"

namespace claimwatch::trends {

std::string SeriesPrefix(const SeriesKey& series) {
  std::string key = storage::kCounterPrefix;
  key.reserve(2 + series.group.size() + series.province.size() + series.attack_type.size() +
              series.target_type.size() + 4 + 10);
  for (const std::string* part :
       {&series.group, &series.province, &series.attack_type, &series.target_type}) {
    key += *part;
    key += '\0';
  }
  return key;
}

std::string CounterKey(const SeriesKey& series, std::string_view bucket) {
  std::string key = SeriesPrefix(series);
  key += bucket;
  return key;
}

std::vector<std::string> CounterKeysOf(const IncidentSummary& incident) {
  std::vector<std::string> groups = incident.groups;
  groups.emplace_back(kAll);
  std::vector<std::string> keys;
  keys.reserve(groups.size() * 8);
  for (const auto& group : groups) {
    for (int mask = 0; mask < 8; ++mask) {
      const SeriesKey series{group, std::string(mask & 1 ? incident.province : kAll),
                             std::string(mask & 2 ? incident.attack_type : kAll),
                             std::string(mask & 4 ? incident.target_type : kAll)};
      keys.push_back(CounterKey(series, incident.bucket));
    }
  }
  return keys;
}

std::vector<std::string> PairKeysOf(const IncidentSummary& incident) {
  std::vector<std::string> keys;
  const auto& groups = incident.groups;  // sorted, unique
  for (size_t a = 0; a < groups.size(); ++a) {
    for (size_t b = a + 1; b < groups.size(); ++b) {
      if (groups[a] == kUnresolved || groups[b] == kUnresolved) continue;
      std::string key(kPairPrefix);
      key += groups[a];
      key += '\0';
      key += groups[b];
      key += '\0';
      key += incident.bucket;
      keys.push_back(std::move(key));
    }
  }
  return keys;
}

std::vector<NoveltyKey> NoveltyKeysOf(const std::vector<std::string>& groups,
                                      const std::string& province, const std::string& place,
                                      const std::string& attack_type,
                                      const std::string& attack_subtype) {
  const bool known_type = !attack_type.empty() && attack_type != kUnknown && attack_type != "9";
  const std::string attack = !attack_subtype.empty() ? attack_subtype
                             : known_type            ? attack_type
                                                     : "";
  const bool known_province = !province.empty() && province != kUnknown;
  std::vector<NoveltyKey> keys;
  for (const auto& group : groups) {
    if (group == kUnresolved) continue;
    if (known_province && !place.empty()) keys.push_back({group, "place", province, place});
    if (known_province) keys.push_back({group, "province", province, ""});
    if (!attack.empty()) keys.push_back({group, "attack", "", attack});
  }
  return keys;
}

std::vector<NoveltyKey> NoveltyKeysOf(const IncidentSummary& incident) {
  return NoveltyKeysOf(incident.groups, incident.province, incident.place, incident.attack_type,
                       incident.attack_subtype);
}

std::string NoveltyPrefix(const NoveltyKey& key) {
  std::string prefix(kNoveltyPrefix);
  for (const std::string* part : {&key.group, &key.dimension, &key.province, &key.value}) {
    prefix += *part;
    prefix += '\0';
  }
  return prefix;
}

std::vector<std::pair<std::string, std::string>> NoveltyIndexOf(const IncidentSummary& incident) {
  std::vector<std::pair<std::string, std::string>> entries;
  if (KindOf(incident.bucket) != BucketKind::kDay) return entries;
  for (const auto& key : NoveltyKeysOf(incident)) {
    entries.emplace_back(
        StrCat(NoveltyPrefix(key), incident.bucket, std::string_view("\0", 1), incident.id),
        key.dimension == "province" ? incident.place : "");
  }
  return entries;
}

std::optional<NoveltyEntry> ParseNoveltyEntry(std::string_view key) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    const size_t end = key.find('\0', start);
    if (end == std::string_view::npos) return std::nullopt;
    parts.emplace_back(key.substr(start, end - start));
    start = end + 1;
  }
  return NoveltyEntry{
      {parts[0], parts[1], parts[2], parts[3]}, parts[4], std::string(key.substr(start))};
}

std::string IncidentRecordKey(std::string_view id) { return StrCat("Ai", id); }

std::string ListingKey(std::string_view bucket, std::string_view id) {
  return StrCat(kListingPrefix, bucket, std::string_view("\0", 1), id);
}

std::string EncodeRecord(const IncidentRecord& record) {
  return StrCat(record.version, " ", record.bucket);
}

Result<IncidentRecord> DecodeRecord(std::string_view value) {
  IncidentRecord record;
  const size_t space = value.find(' ');
  if (space == std::string_view::npos) return FailedPrecondition("store: corrupt trend record");
  auto [end, error] = std::from_chars(value.data(), value.data() + space, record.version);
  if (error != std::errc() || end != value.data() + space) {
    return FailedPrecondition("store: corrupt trend record");
  }
  record.bucket = std::string(value.substr(space + 1));
  return record;
}

std::string PrefixEnd(std::string prefix) {
  while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xff) prefix.pop_back();
  if (!prefix.empty()) prefix.back() = static_cast<char>(prefix.back() + 1);
  return prefix;
}

}  // namespace claimwatch::trends

#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/storage/counter_merge.h"
#include "services/trends/incident_summary.h"

namespace claimwatch::trends {

// Keys of the trends in the store's state family; 'A' never starts a resolution key:
//   "Ac" series\0bucket            → count (decimal, merged; 0 = none) series =
//   group\0province\0attack\0target "Ai" incident id               → IncidentRecord "Al"
//   bucket\0incident id       → incident.v1 JSON (the listing, in event-date order) "Aw" →
//   watermark: the newest day-precision event day
// Each series dimension is a value or kAll, so any roll-up is one range of buckets.
struct SeriesKey {
  std::string group{kAll};
  std::string province{kAll};
  std::string attack_type{kAll};
  std::string target_type{kAll};
};

// The prefix of a series' buckets, then one bucket.
std::string SeriesPrefix(const SeriesKey& series);
std::string CounterKey(const SeriesKey& series, std::string_view bucket);
// Every counter an incident adds one to: each of its groups and kAll, crossed with its
// province, attack type and target type each either given or kAll.
std::vector<std::string> CounterKeysOf(const IncidentSummary& incident);
// The co-claim counters an incident adds one to: "Ap" group_a\0group_b\0bucket for each pair
// of its resolved claimant groups, group_a < group_b.
std::vector<std::string> PairKeysOf(const IncidentSummary& incident);
inline constexpr std::string_view kPairPrefix = storage::kPairCounterPrefix;

// What a group attacked, for novelty alerts: a town, a province, or a kind of attack. Indexed as
//   "An" group\0dimension\0province\0value\0day\0incident id → "" (day-precision attacks only)
struct NoveltyKey {
  std::string group{};
  std::string dimension{};  // "place" | "province" | "attack"
  std::string province{};   // place and province; "" for attack
  std::string value{};      // the town (place), "" (province), the attack subtype or GTD code
  auto operator<=>(const NoveltyKey&) const = default;
};
// The keys of an incident, for each resolved claimant group: its town and province (when
// known), and its attack subtype ("ied") or, without one, its GTD attack code (not unknown).
std::vector<NoveltyKey> NoveltyKeysOf(const std::vector<std::string>& groups,
                                      const std::string& province, const std::string& place,
                                      const std::string& attack_type,
                                      const std::string& attack_subtype);
std::vector<NoveltyKey> NoveltyKeysOf(const IncidentSummary& incident);
inline constexpr std::string_view kNoveltyPrefix = "An";
std::string NoveltyPrefix(const NoveltyKey& key);
// Every index entry (key, value) of a day-precision incident; none for coarser dates. A
// province entry's value is the town (so a province novelty that a town's repeats can be told
// apart), others are "".
std::vector<std::pair<std::string, std::string>> NoveltyIndexOf(const IncidentSummary& incident);
// The key of an index entry (after kNoveltyPrefix), and its day and incident id.
struct NoveltyEntry {
  NoveltyKey key{};
  std::string day{};
  std::string incident_id{};
};
std::optional<NoveltyEntry> ParseNoveltyEntry(std::string_view key);

std::string IncidentRecordKey(std::string_view id);
std::string ListingKey(std::string_view bucket, std::string_view id);
inline constexpr std::string_view kListingPrefix = "Al";
inline constexpr std::string_view kWatermarkKey = "Aw";

// What the aggregate holds of an incident: its version, and its listing bucket ("" once deleted;
// the record stays so that older versions arriving later change nothing).
struct IncidentRecord {
  int64_t version = 0;
  std::string bucket{};
};
std::string EncodeRecord(const IncidentRecord& record);
[[nodiscard]] Result<IncidentRecord> DecodeRecord(std::string_view value);

// The smallest key greater than every key starting with `prefix`.
std::string PrefixEnd(std::string prefix);

}  // namespace claimwatch::trends

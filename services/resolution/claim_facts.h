#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "services/normalisation/normaliser.h"
#include "services/parsing/claim.h"
#include "services/result/result.h"
#include "services/storage/key_encoding.h"

namespace claimwatch::resolution {

// What incident resolution knows of one claim revision: its identity and its normalised fields.
// This is the value of a `claims.normalized` message (claim_change.v1) and of a member of an
// incident in the store.
struct ClaimFacts {
  std::string source{};
  std::string claim_id{};
  int64_t revision = 0;
  std::string reported_at{};  // UTC, "2022-01-30T10:00:00Z"
  std::string claimed_by{};   // as the claim gave it
  std::optional<std::string> group{};
  std::optional<std::string> place{};
  std::optional<std::string> place_id{};
  std::optional<std::string> district{};
  std::optional<std::string> province{};
  std::optional<std::string> country{};
  // Coordinates the claim itself gave (not a gazetteer centroid): only these feed the distance
  // rule, so that two neighbouring towns never merge through their centroids.
  std::optional<double> lat{};
  std::optional<double> lon{};
  parsing::EventDate event_date{};
  std::optional<int> attack_type{};
  std::string attack_subtype{};  // "ied", "suicide", … of attack_type; empty = none
  std::optional<int> target_type{};
  std::optional<int64_t> killed{};
  std::optional<int64_t> wounded{};
};

// A change to resolve: a claim revision, or the retraction of a claim whose newer revision moved
// to another location block (only identity and revision are set then).
struct ClaimChange {
  bool retract = false;
  ClaimFacts claim{};
};

ClaimFacts FactsOf(const parsing::Claim& claim, const normalisation::NormalisedClaim& normalised);

// Where claims about one attack meet: "PK-PB/Rawalpindi" (district), "PK-PB/" (province only),
// "PK//" (country only), "//" (nothing resolved). The key of `claims.normalized`.
std::string LocationBlock(const ClaimFacts& claim);
// The block a stored normalised-claim JSON (NormalisedToJson) belongs to, for retractions.
std::string LocationBlockOfNormalisedJson(std::string_view json);

// "source/claim_id", how incidents name their claims; sorts like (source, claim_id).
std::string ClaimName(const ClaimFacts& claim);
// source NUL claim_id, ordered by (source, claim_id): the claim store's key, and the state's.
using storage::ClaimKey;

// The same attack told the same way: group, place, date, types (with the attack subtype) and
// casualties. nullopt when the claim lacks a resolved group, a known date or a place at district
// level or finer (too little to call two claims reposts of each other).
std::optional<uint64_t> ContentFingerprint(const ClaimFacts& claim);

// First and last day (days since 1970-01-01) the event date can mean: a day, a month or a year.
std::pair<int32_t, int32_t> DayRange(const parsing::EventDate& date);

// "2022-01-30T05:00:00Z" for an RFC 3339 date-time in any offset; "" when it is not one.
std::string ToUtc(std::string_view rfc3339);

// claim_change.v1 JSON and back. Parsing errors name the field: "event_date: not a date".
std::string ChangeToJson(const ClaimChange& change);
[[nodiscard]] Result<ClaimChange> ChangeFromJson(std::string_view json);

}  // namespace claimwatch::resolution

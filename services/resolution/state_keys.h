#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "services/resolution/claim_facts.h"

namespace claimwatch::resolution {

// Keys of the resolution state: [kind][scope]\0[rest]. Kinds:
//   'C' claim      rest = source\0claim_id                → ClaimEntry
//   'B' block day  rest = block\0[class][day+2^31, BE 4]source\0claim_id → claim facts JSON
//   'F' content    rest = [fingerprint, BE 8]source\0claim_id → ""
//   'I' incident   rest = incident id                     → EncodeIncident
// A scope never contains NUL.
enum class StateKind : char { kClaim = 'C', kBlockDay = 'B', kContent = 'F', kIncident = 'I' };

std::string StateKey(StateKind kind, std::string_view scope, std::string_view rest);

// The block-day index entry of a claim: day-precision claims (class 0) apart from coarser ones
// (class 1), so that a search for same-day claims never walks a year of month-precision ones.
std::string BlockDayPrefix(std::string_view scope, std::string_view block, bool coarse);
std::string BlockDayKey(std::string_view scope, const ClaimFacts& claim);
void AppendDay(std::string& key, int32_t day);

std::string ContentKeyPrefix(std::string_view scope, uint64_t fingerprint);

// The smallest key greater than every key starting with `prefix`.
std::string PrefixEnd(std::string prefix);

// The revision of a claim a scope has resolved and the incident it is in ("" = retracted).
struct ClaimEntry {
  int64_t revision = 0;
  std::string incident_id{};
};
std::string EncodeClaimEntry(const ClaimEntry& entry);
std::optional<ClaimEntry> DecodeClaimEntry(std::string_view value);

}  // namespace claimwatch::resolution

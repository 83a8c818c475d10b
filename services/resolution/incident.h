#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "services/resolution/claim_facts.h"
#include "services/resolution/matching.h"

namespace claimwatch::resolution {

// One attack: the claims about it, as the store keeps them. Everything an incident reports
// (date, place, types, casualties, claimants) is derived from its members, so the same claims
// give the same incident whatever order they arrived in.
struct Incident {
  std::string id{};
  int64_t version = 0;
  std::vector<ClaimFacts> members{};  // sorted by (source, claim_id); empty once merged away
};

// "inc-" and 16 hex digits of a hash of the block and the incident's first claim by
// (source, claim_id), its first day-precise claim when it has one: the same claims give the same
// id on every replay and every worker.
std::string IncidentId(std::string_view block, const ClaimFacts& anchor);
// IncidentId of `members` (sorted, non-empty).
std::string IncidentIdOf(const std::vector<ClaimFacts>& members);

// Splits `claims` into the groups that Match() links, directly or through other claims
// (connected components). Each group comes back sorted by (source, claim_id), the groups in the
// order of their first claim.
std::vector<std::vector<ClaimFacts>> ConnectedGroups(std::vector<ClaimFacts> claims,
                                                     const MatchRules& rules);

// incident.v1 JSON: the published value of an incident (see schemas/incident.v1.schema.json).
std::string IncidentToJson(const Incident& incident, const MatchRules& rules);

// The store's form of an incident, and back.
std::string EncodeIncident(const Incident& incident);
[[nodiscard]] Result<Incident> DecodeIncident(std::string_view id, std::string_view value);

bool ByClaimKey(const ClaimFacts& a, const ClaimFacts& b);

}  // namespace claimwatch::resolution

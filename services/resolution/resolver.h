#pragma once

#include <map>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "services/resolution/claim_facts.h"
#include "services/resolution/incident.h"
#include "services/resolution/matching.h"
#include "services/storage/claim_store.h"

namespace claimwatch::resolution {

// A change to publish on `incidents`: the incident's new version, or its deletion (empty value:
// its claims moved to another incident, or were retracted).
struct IncidentChange {
  std::string id{};
  int64_t version = 0;
  std::string value{};  // incident.v1 JSON; empty = deleted (a tombstone)
};

// What one batch did, by dedup level and outcome.
struct ResolveCounts {
  size_t claims = 0;        // claim revisions resolved into incidents
  size_t redeliveries = 0;  // level 1: same (source, claim_id, revision) again
  size_t superseded = 0;    // a lower revision than the one resolved
  size_t reposts = 0;       // level 2: same content as a claim already resolved
  size_t joined = 0;        // level 3: another claim about an incident already known
  size_t created = 0;       // claims that started an incident of their own
  size_t retracted = 0;     // claims that moved to another location block
};

// Dedup levels 2 and 3 over the store's state: claims about the same attack form one incident
// (the rules are in grouping.h). State is kept per scope (one input partition, or one
// file import), so a scope can be rebuilt from its input alone; each scope must see every claim
// of its location blocks. Results do not depend on the order claims arrive in.
// Use: Apply() any number of changes, publish Changes(), then Commit() with the input positions.
// Not thread-safe.
class Resolver {
 public:
  Resolver(storage::ClaimStore& store, MatchRules rules);

  [[nodiscard]] Result<> Apply(std::string_view scope, const ClaimChange& change);
  // The last change of each incident touched since the last commit, by id.
  std::vector<IncidentChange> Changes() const;
  // Writes the state and `positions` atomically, and starts a new batch.
  [[nodiscard]] Result<ResolveCounts> Commit(std::span<const storage::SourcePosition> positions);
  // Forgets everything since the last commit.
  void Abandon();

 private:
  [[nodiscard]] Result<> Insert(std::string_view scope, const ClaimFacts& claim);
  [[nodiscard]] Result<> Remove(std::string_view scope, const ClaimFacts& claim,
                                const std::string& incident_id);
  // The key of a resolved claim with the same content (ContentFingerprint), or "".
  [[nodiscard]] Result<std::string> RepostOf(std::string_view scope, const ClaimFacts& claim);
  // Adds `claim` to the incident of its twin; false when the twin is in none.
  [[nodiscard]] Result<bool> JoinTwin(std::string_view scope, const ClaimFacts& claim,
                                      const std::string& twin_key);
  // The incident a claim is in now ("" when none).
  [[nodiscard]] Result<std::string> CurrentIncident(std::string_view scope,
                                                    const ClaimFacts& claim);
  [[nodiscard]] Result<Incident> LoadIncident(std::string_view scope, const std::string& id);
  void PutIncident(std::string_view scope, Incident incident);
  void PutClaimEntry(std::string_view scope, const ClaimFacts& claim,
                     const std::string& incident_id);
  // Regrouping after `changed` entered or left the index (regroup.cc).
  [[nodiscard]] Result<> Regroup(std::string_view scope, const ClaimFacts& changed,
                                 std::set<std::string> touched, const std::string& removed);
  [[nodiscard]] Result<> WriteIncidents(std::string_view scope,
                                        std::vector<std::vector<ClaimFacts>> incidents,
                                        const std::set<std::string>& touched);
  // The indexed claims of `block` whose first day is in [first_day, last_day].
  [[nodiscard]] Result<std::vector<ClaimFacts>> Scan(std::string_view scope,
                                                     const std::string& block, bool coarse,
                                                     int32_t first_day, int32_t last_day);
  // Coarse claims overlapping [first_day, last_day], with every coarse claim of their periods.
  [[nodiscard]] Result<std::vector<ClaimFacts>> CoarseAround(std::string_view scope,
                                                             const std::string& block,
                                                             int32_t first_day, int32_t last_day);
  // The day incidents a coarse claim matches among `day_claims` (its period's), with
  // `new_incident` overriding stored ones.
  [[nodiscard]] Result<std::set<std::string>> MatchedDayIncidents(
      std::string_view scope, const ClaimFacts& claim, const std::vector<ClaimFacts>& day_claims,
      const std::map<std::string, std::string>& new_incident);
  // Stores `members` as the incident they identify, unless it already holds exactly them, at a
  // version above its own and those of the incidents its members come from.
  [[nodiscard]] Result<std::string> StoreIfChanged(std::string_view scope,
                                                   std::vector<ClaimFacts> members);
  [[nodiscard]] Result<> DeleteIfLive(std::string_view scope, const std::string& id);
  void IndexClaim(std::string_view scope, const ClaimFacts& claim, bool add);

  storage::ClaimStore& store_;
  MatchRules rules_;
  std::unique_ptr<storage::StateBatch> batch_;
  std::map<std::string, std::string> changes_;  // incidents changed in this batch: key → id
  // What this batch has read or written of incidents and claims' incidents, by state key:
  // decoding an incident once per batch rather than once per claim that touches it.
  std::map<std::string, Incident> incidents_;
  std::map<std::string, std::string> incident_of_claim_;
  std::map<std::string, ClaimFacts, std::less<>> facts_;  // parsed block-day index entries
  ResolveCounts counts_{};
};

// The incidents a store holds (import, or one worker's partitions), in id order; deleted ones are
// skipped. `visit` returns false to stop.
[[nodiscard]] Result<> ForEachIncident(const storage::ClaimStore& store,
                                       const std::function<bool(const Incident&)>& visit);

}  // namespace claimwatch::resolution

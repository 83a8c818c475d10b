#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>

#include "services/resolution/resolver.h"
#include "services/storage/claim_store.h"
#include "services/trends/trend_keys.h"

namespace claimwatch::trends {

struct AggregateConfig {
  // A change to an event day more than this many days before the newest event day seen is
  // "late beyond grace": still applied, and counted apart.
  int grace_days = 30;
};

// What one batch did.
struct AggregateCounts {
  size_t created = 0;   // incidents counted for the first time
  size_t updated = 0;   // a newer version moved or kept an incident's counts
  size_t deleted = 0;   // tombstones: the incident's counts removed
  size_t stale = 0;     // a version at or below the one applied: nothing changed
  size_t rejected = 0;  // not a valid incident.v1: nothing changed
  size_t late_within_grace = 0;
  size_t late_beyond_grace = 0;
  std::set<std::string> groups{};  // groups whose counts moved
  // Each incident version whose counts or novelty keys moved, before and after (not summed by
  // AddCounts): what the alerts re-evaluate.
  std::vector<IncidentSummary> moved{};
};
void AddCounts(AggregateCounts& totals, const AggregateCounts& counts);

// Event-time counts of incidents in the store's state family (see trend_keys.h), kept equal to
// a recomputation from the incidents applied: each incident's latest version counts once per
// claimant group and once in kAll, in its event date's bucket. Idempotent by (id, version): a
// repeated or older version changes nothing, a newer one moves its counts.
// Use: Apply() any number of changes, then Commit() with the input positions. Not thread-safe.
class Aggregator {
 public:
  Aggregator(storage::ClaimStore& store, AggregateConfig config);

  // One change from the `incidents` topic: an incident.v1 value, or a tombstone (empty value;
  // version 0 when unknown). An invalid value is InvalidInput naming the field; nothing changes.
  [[nodiscard]] Result<> Apply(const resolution::IncidentChange& change);
  // Writes the counts, the incidents and `positions` atomically, and starts a new batch.
  [[nodiscard]] Result<AggregateCounts> Commit(std::span<const storage::SourcePosition> positions);
  // Forgets everything since the last commit.
  void Abandon();

 private:
  // The incident a change carries; nullopt for a tombstone.
  [[nodiscard]] static Result<std::optional<IncidentSummary>> Parse(
      const resolution::IncidentChange& change);
  // Moves the counts of `change.id` from `old_bucket` ("" = none) to `incident` (none = deleted).
  [[nodiscard]] Result<> Recount(const resolution::IncidentChange& change,
                                 std::string_view old_bucket,
                                 const std::optional<IncidentSummary>& incident);
  // Removes what the incident at `bucket` counted; returns its summary.
  [[nodiscard]] Result<IncidentSummary> Uncount(std::string_view id, std::string_view bucket);
  void Count(const IncidentSummary& incident, int64_t delta);
  [[nodiscard]] Result<Day> Watermark();
  void CountLateness(std::optional<Day> old_day, std::optional<Day> new_day, Day watermark);

  storage::ClaimStore& store_;
  AggregateConfig config_;
  std::unique_ptr<storage::StateBatch> batch_;
  std::map<std::string, int64_t> deltas_;  // counter key → change in this batch
  std::optional<Day> watermark_;           // loaded on first use in a batch
  AggregateCounts counts_{};
};

}  // namespace claimwatch::trends

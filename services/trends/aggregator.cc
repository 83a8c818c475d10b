#include "services/trends/aggregator.h"

#include <algorithm>

namespace claimwatch::trends {
namespace {

constexpr Day kNoDay = std::numeric_limits<Day>::min();

// The last day a bucket covers, for lateness: a month counts as late once all of it is.
Day LastDay(std::string_view bucket) { return BucketDays(bucket).second; }

}  // namespace

void AddCounts(AggregateCounts& totals, const AggregateCounts& counts) {
  totals.created += counts.created;
  totals.updated += counts.updated;
  totals.deleted += counts.deleted;
  totals.stale += counts.stale;
  totals.rejected += counts.rejected;
  totals.late_within_grace += counts.late_within_grace;
  totals.late_beyond_grace += counts.late_beyond_grace;
  totals.groups.insert(counts.groups.begin(), counts.groups.end());
}

Aggregator::Aggregator(storage::ClaimStore& store, AggregateConfig config)
    : store_(store), config_(config), batch_(store.NewStateBatch()) {}

Result<std::optional<IncidentSummary>> Aggregator::Parse(const resolution::IncidentChange& change) {
  if (change.value.empty()) return std::optional<IncidentSummary>();
  auto summary = SummaryFromJson(change.value);
  if (!summary.ok()) return summary.status();
  if (summary->id != change.id) {
    return InvalidInput(
        StrCat("incident_id: \"", summary->id, "\" is not the record key \"", change.id, "\""));
  }
  return std::optional<IncidentSummary>(std::move(*summary));
}

Result<> Aggregator::Apply(const resolution::IncidentChange& change) {
  auto incident = Parse(change);
  if (!incident.ok()) {
    ++counts_.rejected;
    return incident.status();
  }
  const int64_t version = *incident ? (*incident)->version : change.version;
  auto stored = batch_->Get(IncidentRecordKey(change.id));
  if (!stored.ok()) return stored.status();
  IncidentRecord record;
  if (*stored) {
    auto decoded = DecodeRecord(**stored);
    if (!decoded.ok()) return decoded.status();
    record = std::move(*decoded);
  }
  // A tombstone of unknown version (0) deletes whatever is there: partition order is kept.
  const bool unknown_tombstone = !*incident && version <= 0;
  if (*stored && version <= record.version && !unknown_tombstone) {
    ++counts_.stale;
    return absl::OkStatus();
  }
  if (!*incident && record.bucket.empty()) {  // nothing counted: only the version moves on
    record.version = std::max({record.version, version, int64_t{0}});
    batch_->Put(IncidentRecordKey(change.id), EncodeRecord(record));
    ++(*stored ? counts_.stale : counts_.deleted);
    return absl::OkStatus();
  }
  if (auto moved = Recount(change, record.bucket, *incident); !moved.ok()) return moved;
  record.version = std::max(version, record.version);
  record.bucket = *incident ? (*incident)->bucket : "";
  batch_->Put(IncidentRecordKey(change.id), EncodeRecord(record));
  return absl::OkStatus();
}

Result<> Aggregator::Recount(const resolution::IncidentChange& change, std::string_view old_bucket,
                             const std::optional<IncidentSummary>& incident) {
  std::optional<IncidentSummary> old;
  if (!old_bucket.empty()) {
    auto uncounted = Uncount(change.id, old_bucket);
    if (!uncounted.ok()) return uncounted.status();
    old = std::move(*uncounted);
  }
  if (incident) {
    Count(*incident, +1);
    batch_->Put(ListingKey(incident->bucket, change.id), change.value);
  }
  ++(incident ? (old ? counts_.updated : counts_.created) : counts_.deleted);
  if (old && incident && CounterKeysOf(*old) == CounterKeysOf(*incident) &&
      NoveltyIndexOf(*old) == NoveltyIndexOf(*incident)) {
    return absl::OkStatus();
  }
  // Counts moved: which groups, and how late.
  auto watermark = Watermark();
  if (!watermark.ok()) return watermark.status();
  CountLateness(old ? std::optional(LastDay(old->bucket)) : std::nullopt,
                incident ? std::optional(LastDay(incident->bucket)) : std::nullopt, *watermark);
  if (incident && KindOf(incident->bucket) == BucketKind::kDay) {
    watermark_ = std::max(*watermark, LastDay(incident->bucket));
  }
  for (const auto& summary : {old, incident}) {
    if (!summary) continue;
    counts_.groups.insert(summary->groups.begin(), summary->groups.end());
    counts_.moved.push_back(*summary);
  }
  return absl::OkStatus();
}

Result<IncidentSummary> Aggregator::Uncount(std::string_view id, std::string_view bucket) {
  const std::string key = ListingKey(bucket, id);
  auto listed = batch_->Get(key);
  if (!listed.ok()) return listed.status();
  if (!*listed) return FailedPrecondition(StrCat("store: trend record of ", id, " has no listing"));
  auto summary = SummaryFromJson(**listed);
  if (!summary.ok()) {
    return FailedPrecondition(
        StrCat("store: corrupt listing of ", id, ": ", summary.status().message()));
  }
  Count(*summary, -1);
  batch_->Delete(key);
  return summary;
}

void Aggregator::Count(const IncidentSummary& incident, int64_t delta) {
  for (auto& key : CounterKeysOf(incident)) deltas_[std::move(key)] += delta;
  for (auto& key : PairKeysOf(incident)) deltas_[std::move(key)] += delta;
  for (const auto& [key, place] : NoveltyIndexOf(incident)) {
    delta > 0 ? batch_->Put(key, place) : batch_->Delete(key);
  }
}

Result<Day> Aggregator::Watermark() {
  if (watermark_) return *watermark_;
  auto stored = batch_->Get(kWatermarkKey);
  if (!stored.ok()) return stored.status();
  watermark_ = kNoDay;
  if (*stored) {
    auto day = ParseDay(**stored);
    if (!day) return FailedPrecondition("store: corrupt trend watermark");
    watermark_ = *day;
  }
  return *watermark_;
}

void Aggregator::CountLateness(std::optional<Day> old_day, std::optional<Day> new_day,
                               Day watermark) {
  if (watermark == kNoDay) return;
  Day earliest = std::numeric_limits<Day>::max();
  if (old_day) earliest = *old_day;
  if (new_day) earliest = std::min(earliest, *new_day);
  if (earliest >= watermark) return;
  ++(earliest < watermark - config_.grace_days ? counts_.late_beyond_grace
                                               : counts_.late_within_grace);
}

Result<AggregateCounts> Aggregator::Commit(std::span<const storage::SourcePosition> positions) {
  for (const auto& [key, delta] : deltas_) {
    if (delta != 0) batch_->Add(key, delta);  // merged by the store: no read before the write
  }
  if (watermark_ && *watermark_ != kNoDay) batch_->Put(kWatermarkKey, FormatDay(*watermark_));
  if (auto committed = store_.CommitState(*batch_, positions); !committed.ok()) return committed;
  AggregateCounts counts = std::move(counts_);
  Abandon();
  return counts;
}

void Aggregator::Abandon() {
  batch_ = store_.NewStateBatch();
  deltas_.clear();
  watermark_.reset();
  counts_ = {};
}

}  // namespace claimwatch::trends

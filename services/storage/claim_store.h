#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "services/result/result.h"
#include "services/storage/state_batch.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
class Statistics;
class WriteBatch;
class WriteBatchBase;
}  // namespace rocksdb

namespace claimwatch::storage {

struct StoreOptions {
  std::string path = "data/claimwatch.db";
  size_t block_cache_bytes = 128 << 20;
  size_t write_buffer_bytes = 64 << 20;
  // fsync the WAL on every batch. Off by default: a process crash loses nothing either way, and
  // after a machine crash claims and offsets still roll back together (one atomic batch).
  bool sync = false;
};

// Where a consumer resumes: the offset of the next record to read from topic/partition.
struct SourcePosition {
  std::string topic{};
  int32_t partition = 0;
  int64_t next_offset = 0;
};

// A validated claim as stored: identity, revision, the original message bytes and the
// normalised fields (JSON) the pipeline resolved them to.
struct StoredClaim {
  std::string source{};
  std::string claim_id{};
  int64_t revision = 0;
  std::string payload{};
  std::string normalised{};
};

// RocksDB's own view of the store, for metrics: counters since open, and current sizes.
struct StoreStats {
  uint64_t block_cache_hits = 0;
  uint64_t block_cache_misses = 0;
  uint64_t bloom_filter_useful = 0;  // lookups a Bloom filter answered without reading a block
  uint64_t bytes_written = 0;
  uint64_t wal_bytes = 0;
  uint64_t write_stall_micros = 0;
  uint64_t estimated_claims = 0;
  uint64_t sst_bytes = 0;
  uint64_t memtable_bytes = 0;
  uint64_t pending_compaction_bytes = 0;
};

enum class ClaimOutcome {
  kStored,      // first time this (source, claim_id) is seen
  kRevised,     // a higher revision replaced the stored one
  kRedelivery,  // same (source, claim_id, revision) again: dropped
  kSuperseded,  // a lower revision than the stored one: dropped
};

// What Apply will do with each claim of a batch.
struct ClaimPlan {
  std::vector<ClaimOutcome> outcomes{};
  // For kRevised: the normalised JSON of the revision it replaces (the store's, or an earlier
  // claim's in the same batch); empty otherwise.
  std::vector<std::string> replaced{};
};

// The claim store on RocksDB: claims, incident-resolution state and consumed positions; whatever a
// batch of input produced is written together with its positions in one atomic WriteBatch.
// Thread-compatible: claims have one writer at a time; state batches of different writers may
// commit concurrently when they keep to disjoint keys (resolution's scopes, the trends' 'A'
// keys), and reads may run alongside.
class ClaimStore {
 public:
  [[nodiscard]] static Result<std::unique_ptr<ClaimStore>> Open(const StoreOptions& options);
  ~ClaimStore();
  ClaimStore(const ClaimStore&) = delete;
  ClaimStore& operator=(const ClaimStore&) = delete;

  // Decides the outcome of each claim against the store and the claims before it in `claims`,
  // then writes the kept claims and `positions` atomically. Outcomes align with `claims`.
  [[nodiscard]] Result<std::vector<ClaimOutcome>> Apply(std::span<const StoredClaim> claims,
                                                        std::span<const SourcePosition> positions);
  // Apply in two steps, for callers that act on the outcomes before the write (and then must
  // not let another claims writer in between).
  [[nodiscard]] Result<ClaimPlan> Plan(std::span<const StoredClaim> claims) const;
  [[nodiscard]] Result<> Write(std::span<const StoredClaim> claims, const ClaimPlan& plan,
                               std::span<const SourcePosition> positions);

  [[nodiscard]] Result<std::optional<int64_t>> NextOffset(std::string_view topic,
                                                          int32_t partition) const;
  [[nodiscard]] Result<std::optional<StoredClaim>> Get(std::string_view source,
                                                       std::string_view claim_id) const;
  // Visits every claim in (source, claim_id) order until `visit` returns false.
  [[nodiscard]] Result<> ForEachClaim(const std::function<bool(const StoredClaim&)>& visit) const;
  [[nodiscard]] Result<std::vector<SourcePosition>> Positions() const;

  // Incident-resolution state: a batch of changes over the store, committed with `positions`
  // in one atomic write.
  std::unique_ptr<StateBatch> NewStateBatch() const;
  [[nodiscard]] Result<> CommitState(StateBatch& batch, std::span<const SourcePosition> positions);
  // Visits the committed state keys in [from, to) in order (to = "": to the end).
  [[nodiscard]] Result<> ScanState(std::string_view from, std::string_view to,
                                   const StateVisitor& visit) const;

  StoreStats Stats() const;

 private:
  ClaimStore() = default;
  void PutPositions(rocksdb::WriteBatchBase& batch, std::span<const SourcePosition> positions);
  [[nodiscard]] Result<> WriteBatch(rocksdb::WriteBatch& batch);

  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // default, claims, offsets, state
  std::shared_ptr<rocksdb::Statistics> statistics_;
  bool sync_ = false;
};

}  // namespace claimwatch::storage

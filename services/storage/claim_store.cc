#include "services/storage/claim_store.h"

#include <filesystem>
#include <unordered_map>

#include "rocksdb/db.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/statistics.h"
#include "rocksdb/table.h"
#include "rocksdb/write_batch.h"
#include "services/storage/counter_merge.h"
#include "services/storage/key_encoding.h"
#include "services/storage/rocks_status.h"

namespace claimwatch::storage {
namespace {

constexpr std::string_view kFormatKey = "claimwatch.format";
constexpr std::string_view kFormat = "claimwatch.store.v1";

}  // namespace

absl::Status FromRocks(const rocksdb::Status& status, std::string_view what) {
  std::string message = StrCat("store: ", what, ": ", status.ToString());
  if (status.IsIOError() || status.IsBusy() || status.IsTimedOut() || status.IsTryAgain()) {
    return Unavailable(message);
  }
  if (status.IsCorruption() || status.IsInvalidArgument() || status.IsNotSupported()) {
    return FailedPrecondition(message);
  }
  return Internal(message);
}

namespace {

// `scanned`: the family is read by many short range scans (incident resolution), each of which
// opens an iterator on every table file; their index blocks then stay in table readers rather
// than compete with data blocks in the cache (profiled: re-reading them took 17% of the time at
// a million incidents).
rocksdb::ColumnFamilyOptions ClaimsFamilyOptions(const StoreOptions& options, bool scanned) {
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  // Most lookups are for keys that do not exist yet: Bloom filters answer those without I/O.
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table.cache_index_and_filter_blocks = !scanned;
  table.pin_l0_filter_and_index_blocks_in_cache = true;
  rocksdb::ColumnFamilyOptions family;
  family.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  family.write_buffer_size = options.write_buffer_bytes;
  family.memtable_prefix_bloom_size_ratio = 0.1;
  family.memtable_whole_key_filtering = true;
  family.compression = rocksdb::kLZ4Compression;
  family.level_compaction_dynamic_level_bytes = true;
  return family;
}

}  // namespace

ClaimStore::~ClaimStore() {
  for (auto* handle : handles_) db_->DestroyColumnFamilyHandle(handle);
}

Result<std::unique_ptr<ClaimStore>> ClaimStore::Open(const StoreOptions& options) {
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.max_background_jobs = 2;
  db_options.statistics = rocksdb::CreateDBStatistics();
  db_options.statistics->set_stats_level(rocksdb::StatsLevel::kExceptTimers);
  db_options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;

  rocksdb::ColumnFamilyOptions small;
  std::vector<rocksdb::ColumnFamilyDescriptor> families = {
      {rocksdb::kDefaultColumnFamilyName, small},
      {"claims", ClaimsFamilyOptions(options, false)},
      {"offsets", small},
      {"state", ClaimsFamilyOptions(options, true)},
  };
  families[3].options.merge_operator = NewCounterMergeOperator();
  families[3].options.compaction_filter = ZeroCounterFilter();
  // RocksDB creates the store's own directory but not its parents ("data/claimwatch.db").
  std::error_code created;
  std::filesystem::create_directories(options.path, created);
  if (created) {
    return Unavailable(StrCat("store: cannot create ", options.path, ": ", created.message()));
  }
  std::unique_ptr<ClaimStore> store(new ClaimStore());
  rocksdb::DB* db = nullptr;
  auto status = rocksdb::DB::Open(db_options, options.path, families, &store->handles_, &db);
  if (status.IsIOError() && status.ToString().find("/LOCK") != std::string::npos) {
    return Unavailable(StrCat("store: ", options.path,
                              " is already open in a claimwatch process (one process per store): "
                              "stop it, or ask its HTTP API"));
  }
  if (!status.ok()) return FromRocks(status, StrCat("open ", options.path));
  store->db_.reset(db);
  store->statistics_ = db_options.statistics;
  store->sync_ = options.sync;

  std::string format;
  status = db->Get(rocksdb::ReadOptions(), kFormatKey, &format);
  if (status.IsNotFound()) {
    status = db->Put(rocksdb::WriteOptions(), kFormatKey, kFormat);
  } else if (status.ok() && format != kFormat) {
    return FailedPrecondition(
        StrCat("store: ", options.path, " has format ", format, ", expected ", kFormat));
  }
  if (!status.ok()) return FromRocks(status, "format marker");
  return store;
}

Result<std::vector<ClaimOutcome>> ClaimStore::Apply(std::span<const StoredClaim> claims,
                                                    std::span<const SourcePosition> positions) {
  auto plan = Plan(claims);
  if (!plan.ok()) return plan.status();
  if (auto written = Write(claims, *plan, positions); !written.ok()) return written;
  return std::move(plan->outcomes);
}

Result<ClaimPlan> ClaimStore::Plan(std::span<const StoredClaim> claims) const {
  std::vector<std::string> keys;
  keys.reserve(claims.size());
  for (const auto& claim : claims) keys.push_back(ClaimKey(claim.source, claim.claim_id));

  // The stored revision of every distinct key, read in one MultiGet.
  std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
  std::vector<rocksdb::PinnableSlice> values(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  db_->MultiGet(rocksdb::ReadOptions(), handles_[kClaims], slices.size(), slices.data(),
                values.data(), statuses.data());

  // key -> newest revision so far in this batch, and which claim holds it
  std::unordered_map<std::string_view, std::pair<int64_t, size_t>> latest;
  ClaimPlan plan;
  plan.outcomes.reserve(claims.size());
  plan.replaced.resize(claims.size());
  for (size_t i = 0; i < claims.size(); ++i) {
    std::optional<int64_t> known;
    std::string_view known_normalised;
    if (auto it = latest.find(keys[i]); it != latest.end()) {
      known = it->second.first;
      known_normalised = claims[it->second.second].normalised;
    } else if (statuses[i].ok()) {
      auto decoded = DecodeClaimValue(values[i].ToStringView());
      if (!decoded) return FailedPrecondition(StrCat("store: corrupt claim value"));
      known = decoded->revision;
      known_normalised = decoded->normalised;
    } else if (!statuses[i].IsNotFound()) {
      return FromRocks(statuses[i], "read claims");
    }
    const int64_t revision = claims[i].revision;
    ClaimOutcome outcome = !known               ? ClaimOutcome::kStored
                           : revision > *known  ? ClaimOutcome::kRevised
                           : revision == *known ? ClaimOutcome::kRedelivery
                                                : ClaimOutcome::kSuperseded;
    plan.outcomes.push_back(outcome);
    if (outcome == ClaimOutcome::kRevised) plan.replaced[i].assign(known_normalised);
    if (outcome == ClaimOutcome::kStored || outcome == ClaimOutcome::kRevised) {
      latest[keys[i]] = {revision, i};
    }
  }
  return plan;
}

Result<> ClaimStore::Write(std::span<const StoredClaim> claims, const ClaimPlan& plan,
                           std::span<const SourcePosition> positions) {
  // Sized up front: growing a multi-megabyte batch by doubling costs copies and page faults.
  size_t bytes = 64 * positions.size();
  for (const auto& claim : claims) {
    bytes += claim.source.size() + claim.claim_id.size() + claim.payload.size() +
             claim.normalised.size() + 32;
  }
  rocksdb::WriteBatch batch(bytes);
  for (size_t i = 0; i < claims.size(); ++i) {
    const auto outcome = plan.outcomes[i];
    if (outcome != ClaimOutcome::kStored && outcome != ClaimOutcome::kRevised) continue;
    // The value goes in as parts, so payload and normalised fields are copied once, into the
    // batch.
    const std::string key = ClaimKey(claims[i].source, claims[i].claim_id);
    const std::string header = EncodeClaimHeader(claims[i].revision, claims[i].payload.size());
    const rocksdb::Slice key_slice(key);
    const rocksdb::Slice parts[] = {header, claims[i].payload, claims[i].normalised};
    batch.Put(handles_[kClaims], rocksdb::SliceParts(&key_slice, 1), rocksdb::SliceParts(parts, 3));
  }
  PutPositions(batch, positions);
  return WriteBatch(batch);
}

void ClaimStore::PutPositions(rocksdb::WriteBatchBase& batch,
                              std::span<const SourcePosition> positions) {
  for (const auto& position : positions) {
    std::string offset;
    AppendBigEndian64(offset, static_cast<uint64_t>(position.next_offset));
    batch.Put(handles_[kOffsets], PositionKey(position.topic, position.partition), offset);
  }
}

Result<> ClaimStore::WriteBatch(rocksdb::WriteBatch& batch) {
  rocksdb::WriteOptions write_options;
  write_options.sync = sync_;
  if (auto status = db_->Write(write_options, &batch); !status.ok()) {
    return FromRocks(status, "write batch");
  }
  return absl::OkStatus();
}

Result<std::optional<int64_t>> ClaimStore::NextOffset(std::string_view topic,
                                                      int32_t partition) const {
  std::string value;
  auto status =
      db_->Get(rocksdb::ReadOptions(), handles_[kOffsets], PositionKey(topic, partition), &value);
  if (status.IsNotFound()) return std::optional<int64_t>{};
  if (!status.ok()) return FromRocks(status, "read offset");
  if (value.size() != 8) return FailedPrecondition("store: corrupt offset value");
  return std::optional<int64_t>{static_cast<int64_t>(ReadBigEndian64(value))};
}

Result<std::optional<StoredClaim>> ClaimStore::Get(std::string_view source,
                                                   std::string_view claim_id) const {
  std::string value;
  auto status =
      db_->Get(rocksdb::ReadOptions(), handles_[kClaims], ClaimKey(source, claim_id), &value);
  if (status.IsNotFound()) return std::optional<StoredClaim>{};
  if (!status.ok()) return FromRocks(status, "read claim");
  auto decoded = DecodeClaimValue(value);
  if (!decoded) return FailedPrecondition("store: corrupt claim value");
  return std::optional<StoredClaim>{StoredClaim{std::string(source), std::string(claim_id),
                                                decoded->revision, std::string(decoded->payload),
                                                std::string(decoded->normalised)}};
}

Result<> ClaimStore::ForEachClaim(const std::function<bool(const StoredClaim&)>& visit) const {
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), handles_[kClaims]));
  StoredClaim claim;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    std::string_view key = it->key().ToStringView();
    size_t separator = key.find('\0');
    auto decoded = DecodeClaimValue(it->value().ToStringView());
    if (separator == std::string_view::npos || !decoded) {
      return FailedPrecondition("store: corrupt claim entry");
    }
    claim.source.assign(key.substr(0, separator));
    claim.claim_id.assign(key.substr(separator + 1));
    claim.revision = decoded->revision;
    claim.payload.assign(decoded->payload);
    claim.normalised.assign(decoded->normalised);
    if (!visit(claim)) break;
  }
  if (!it->status().ok()) return FromRocks(it->status(), "scan claims");
  return absl::OkStatus();
}

Result<std::vector<SourcePosition>> ClaimStore::Positions() const {
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), handles_[kOffsets]));
  std::vector<SourcePosition> positions;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    auto key = DecodePositionKey(it->key().ToStringView());
    if (!key || it->value().size() != 8) return FailedPrecondition("store: corrupt offset entry");
    positions.push_back(
        SourcePosition{std::move(key->first), key->second,
                       static_cast<int64_t>(ReadBigEndian64(it->value().ToStringView()))});
  }
  if (!it->status().ok()) return FromRocks(it->status(), "scan offsets");
  return positions;
}

StoreStats ClaimStore::Stats() const {
  auto ticker = [&](rocksdb::Tickers name) { return statistics_->getTickerCount(name); };
  auto property = [&](const std::string& name, rocksdb::ColumnFamilyHandle* family) {
    uint64_t value = 0;
    db_->GetIntProperty(family, name, &value);
    return value;
  };
  return StoreStats{
      .block_cache_hits = ticker(rocksdb::BLOCK_CACHE_HIT),
      .block_cache_misses = ticker(rocksdb::BLOCK_CACHE_MISS),
      .bloom_filter_useful = ticker(rocksdb::BLOOM_FILTER_USEFUL),
      .bytes_written = ticker(rocksdb::BYTES_WRITTEN),
      .wal_bytes = ticker(rocksdb::WAL_FILE_BYTES),
      .write_stall_micros = ticker(rocksdb::STALL_MICROS),
      .estimated_claims = property("rocksdb.estimate-num-keys", handles_[kClaims]),
      .sst_bytes = property("rocksdb.live-sst-files-size", handles_[kClaims]),
      .memtable_bytes = property("rocksdb.cur-size-all-mem-tables", handles_[kClaims]),
      .pending_compaction_bytes =
          property("rocksdb.estimate-pending-compaction-bytes", handles_[kClaims]),
  };
}

}  // namespace claimwatch::storage

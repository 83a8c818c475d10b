#include "services/storage/state_batch.h"

#include "rocksdb/db.h"
#include "rocksdb/utilities/write_batch_with_index.h"
#include "services/storage/claim_store.h"
#include "services/storage/rocks_status.h"

namespace claimwatch::storage {

struct StateBatch::Parts {
  rocksdb::DB* db = nullptr;
  rocksdb::ColumnFamilyHandle* family = nullptr;
  // overwrite_key: a key written twice in the batch is read (and later written) once, as its
  // last value.
  rocksdb::WriteBatchWithIndex batch{rocksdb::BytewiseComparator(), 0, true};
};

StateBatch::StateBatch(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}
StateBatch::~StateBatch() = default;

Result<std::optional<std::string>> StateBatch::Get(std::string_view key) {
  std::string value;
  auto status = parts_->batch.GetFromBatchAndDB(parts_->db, rocksdb::ReadOptions(), parts_->family,
                                                key, &value);
  if (status.IsNotFound()) return std::optional<std::string>{};
  if (!status.ok()) return FromRocks(status, "read state");
  return std::optional<std::string>{std::move(value)};
}

void StateBatch::Put(std::string_view key, std::string_view value) {
  parts_->batch.Put(parts_->family, key, value);
}

void StateBatch::Delete(std::string_view key) { parts_->batch.Delete(parts_->family, key); }

void StateBatch::Add(std::string_view key, int64_t delta) {
  parts_->batch.Merge(parts_->family, key, std::to_string(delta));
}

Result<> StateBatch::Scan(std::string_view from, std::string_view to, const StateVisitor& visit) {
  rocksdb::Slice upper(to);
  rocksdb::ReadOptions options;
  if (!to.empty()) options.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(parts_->batch.NewIteratorWithBase(
      parts_->family, parts_->db->NewIterator(options, parts_->family)));
  for (it->Seek(from); it->Valid(); it->Next()) {
    // The batch's own entries are not bounded by the base iterator's upper bound.
    if (!to.empty() && it->key().ToStringView() >= to) break;
    if (!visit(it->key().ToStringView(), it->value().ToStringView())) break;
  }
  if (!it->status().ok()) return FromRocks(it->status(), "scan state");
  return absl::OkStatus();
}

size_t StateBatch::size() const { return parts_->batch.GetWriteBatch()->Count(); }

std::unique_ptr<StateBatch> ClaimStore::NewStateBatch() const {
  auto parts = std::make_unique<StateBatch::Parts>();
  parts->db = db_.get();
  parts->family = handles_[kState];
  return std::unique_ptr<StateBatch>(new StateBatch(std::move(parts)));
}

Result<> ClaimStore::CommitState(StateBatch& batch, std::span<const SourcePosition> positions) {
  PutPositions(batch.parts_->batch, positions);
  auto written = WriteBatch(*batch.parts_->batch.GetWriteBatch());
  batch.parts_->batch.Clear();
  return written;
}

Result<> ClaimStore::ScanState(std::string_view from, std::string_view to,
                               const StateVisitor& visit) const {
  rocksdb::Slice upper(to);
  rocksdb::ReadOptions options;
  if (!to.empty()) options.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(options, handles_[kState]));
  for (it->Seek(from); it->Valid(); it->Next()) {
    if (!visit(it->key().ToStringView(), it->value().ToStringView())) break;
  }
  if (!it->status().ok()) return FromRocks(it->status(), "scan state");
  return absl::OkStatus();
}

}  // namespace claimwatch::storage

#include "services/storage/counter_merge.h"

#include <charconv>
#include <string>

#include "rocksdb/compaction_filter.h"
#include "rocksdb/merge_operator.h"

namespace claimwatch::storage {
namespace {

bool ParseCount(const rocksdb::Slice& text, int64_t& count) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), count);
  return error == std::errc() && end == text.data() + text.size();
}

class CounterMergeOperator : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice&, const rocksdb::Slice* existing, const rocksdb::Slice& value,
             std::string* merged, rocksdb::Logger*) const override {
    int64_t base = 0, delta = 0;
    if ((existing != nullptr && !ParseCount(*existing, base)) || !ParseCount(value, delta)) {
      return false;  // RocksDB reports corruption
    }
    *merged = std::to_string(base + delta);
    return true;
  }
  const char* Name() const override { return "claimwatch.CounterMerge"; }
};

class ZeroCounters : public rocksdb::CompactionFilter {
 public:
  bool Filter(int, const rocksdb::Slice& key, const rocksdb::Slice& value, std::string*,
              bool*) const override {
    return (key.starts_with(kCounterPrefix) || key.starts_with(kPairCounterPrefix)) && value == "0";
  }
  const char* Name() const override { return "claimwatch.ZeroCounters"; }
};

}  // namespace

std::shared_ptr<rocksdb::MergeOperator> NewCounterMergeOperator() {
  return std::make_shared<CounterMergeOperator>();
}

const rocksdb::CompactionFilter* ZeroCounterFilter() {
  static const ZeroCounters filter;
  return &filter;
}

}  // namespace claimwatch::storage

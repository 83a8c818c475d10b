#pragma once

#include <memory>

namespace rocksdb {
class MergeOperator;
class CompactionFilter;
}  // namespace rocksdb

namespace claimwatch::storage {

// Counters in the state family are decimal int64 values that StateBatch::Add merges into (no
// read before the write). Keys under these prefixes whose value is 0 are dropped at compaction:
// 0 and absent mean the same. "Ac": trend series; "Ap": co-claimed incidents per group pair.
inline constexpr char kCounterPrefix[] = "Ac";
inline constexpr char kPairCounterPrefix[] = "Ap";

std::shared_ptr<rocksdb::MergeOperator> NewCounterMergeOperator();
const rocksdb::CompactionFilter* ZeroCounterFilter();

}  // namespace claimwatch::storage

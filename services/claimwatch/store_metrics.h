#pragma once

#include <vector>

#include "prometheus/collectable.h"
#include "prometheus/metric_family.h"
#include "services/storage/claim_store.h"

namespace claimwatch::cli {

// Exposes the store's RocksDB statistics as claimwatch_rocksdb_* metrics, read at scrape time.
// Must not outlive the store. Thread-safe (RocksDB's counters and properties are).
class StoreMetrics : public prometheus::Collectable {
 public:
  explicit StoreMetrics(const storage::ClaimStore& store) : store_(store) {}
  std::vector<prometheus::MetricFamily> Collect() const override;

 private:
  const storage::ClaimStore& store_;
};

}  // namespace claimwatch::cli

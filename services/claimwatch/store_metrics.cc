#include "services/claimwatch/store_metrics.h"

namespace claimwatch::cli {
namespace {

prometheus::MetricFamily Family(const char* name, const char* help, prometheus::MetricType type,
                                double value) {
  prometheus::ClientMetric metric;
  if (type == prometheus::MetricType::Counter) {
    metric.counter.value = value;
  } else {
    metric.gauge.value = value;
  }
  return {name, help, type, {metric}};
}

}  // namespace

std::vector<prometheus::MetricFamily> StoreMetrics::Collect() const {
  const storage::StoreStats stats = store_.Stats();
  using prometheus::MetricType;
  auto d = [](uint64_t value) { return static_cast<double>(value); };
  return {
      Family("claimwatch_rocksdb_block_cache_hits_total", "Block cache hits.", MetricType::Counter,
             d(stats.block_cache_hits)),
      Family("claimwatch_rocksdb_block_cache_misses_total", "Block cache misses.",
             MetricType::Counter, d(stats.block_cache_misses)),
      Family("claimwatch_rocksdb_bloom_filter_useful_total",
             "Lookups a Bloom filter answered without reading a block.", MetricType::Counter,
             d(stats.bloom_filter_useful)),
      Family("claimwatch_rocksdb_written_bytes_total", "Bytes written to the store.",
             MetricType::Counter, d(stats.bytes_written)),
      Family("claimwatch_rocksdb_wal_bytes_total", "Bytes written to the write-ahead log.",
             MetricType::Counter, d(stats.wal_bytes)),
      Family("claimwatch_rocksdb_write_stall_seconds_total",
             "Time writes waited for flushes or compactions.", MetricType::Counter,
             d(stats.write_stall_micros) / 1e6),
      Family("claimwatch_rocksdb_estimated_claims", "RocksDB's estimate of stored claims.",
             MetricType::Gauge, d(stats.estimated_claims)),
      Family("claimwatch_rocksdb_sst_bytes", "Size of the claims' live SST files.",
             MetricType::Gauge, d(stats.sst_bytes)),
      Family("claimwatch_rocksdb_memtable_bytes", "Size of the claims' memtables.",
             MetricType::Gauge, d(stats.memtable_bytes)),
      Family("claimwatch_rocksdb_pending_compaction_bytes",
             "Bytes RocksDB estimates compaction still has to rewrite.", MetricType::Gauge,
             d(stats.pending_compaction_bytes)),
  };
}

}  // namespace claimwatch::cli

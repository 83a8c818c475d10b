#pragma once

#include <memory>

#include "prometheus/exposer.h"
#include "prometheus/registry.h"
#include "services/claimwatch/config.h"

namespace claimwatch::cli {

// Serves `registry` on http://bind:port/metrics for as long as it lives; port 0 serves nothing.
class MetricsEndpoint {
 public:
  // `more` are further collectables read at scrape time (e.g. the store's RocksDB statistics).
  [[nodiscard]] static Result<std::unique_ptr<MetricsEndpoint>> Start(
      const MetricsConfig& config, std::shared_ptr<prometheus::Registry> registry,
      std::shared_ptr<prometheus::Collectable> more = nullptr);

 private:
  std::unique_ptr<prometheus::Exposer> exposer_;
};

}  // namespace claimwatch::cli

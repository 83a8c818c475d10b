#include "services/claimwatch/metrics_endpoint.h"

#include "spdlog/spdlog.h"

namespace claimwatch::cli {

Result<std::unique_ptr<MetricsEndpoint>> MetricsEndpoint::Start(
    const MetricsConfig& config, std::shared_ptr<prometheus::Registry> registry,
    std::shared_ptr<prometheus::Collectable> more) {
  auto endpoint = std::make_unique<MetricsEndpoint>();
  if (config.port == 0) return endpoint;
  const std::string address = StrCat(config.bind, ":", config.port);
  try {
    endpoint->exposer_ = std::make_unique<prometheus::Exposer>(address);
  } catch (const std::exception& error) {
    return FailedPrecondition(StrCat("metrics: cannot listen on ", address, ": ", error.what()));
  }
  endpoint->exposer_->RegisterCollectable(registry);
  if (more) endpoint->exposer_->RegisterCollectable(more);
  spdlog::info("metrics on http://{}/metrics", address);
  return endpoint;
}

}  // namespace claimwatch::cli

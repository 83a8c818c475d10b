#pragma once

#include <span>
#include <string>

#include "services/result/result.h"

namespace claimwatch::alerting {

// Where alert changes go (the alerts topic, an Alertmanager). Publish gets alert.v1 JSON lines
// (schemas/alert.v1.schema.json), one alert each; a failed Publish may be retried with the same
// lines.
class AlertSink {
 public:
  virtual ~AlertSink() = default;
  [[nodiscard]] virtual Result<> Publish(std::span<const std::string> alerts) = 0;
};

}  // namespace claimwatch::alerting

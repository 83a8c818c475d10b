#pragma once

#include <map>
#include <memory>
#include <string>

#include "librdkafka/rdkafkacpp.h"
#include "services/result/result.h"

namespace claimwatch::kafka {

using Properties = std::map<std::string, std::string>;

// Builds a librdkafka configuration from plain properties ("bootstrap.servers", "sasl.*",
// "ssl.*" …): any librdkafka setting passes through without code changes. An unknown name or bad
// value is a FailedPrecondition naming the property.
[[nodiscard]] Result<std::unique_ptr<RdKafka::Conf>> BuildConf(const Properties& properties);

}  // namespace claimwatch::kafka

#pragma once

#include <string>
#include <vector>

#include "services/kafka/kafka_config.h"

namespace claimwatch::kafka {

struct TopicSpec {
  std::string name{};
  int partitions = -1;  // -1: the broker's num.partitions
  Properties config{};  // topic configs: "cleanup.policy" = "compact", "retention.ms" = "-1"
};

// Creates the topics that do not exist yet (existing ones are left as they are) and waits for
// the broker's answer. Unavailable when no broker answers within `timeout`.
[[nodiscard]] Result<> EnsureTopics(const Properties& properties,
                                    const std::vector<TopicSpec>& topics,
                                    std::chrono::milliseconds timeout = std::chrono::seconds(60));

}  // namespace claimwatch::kafka

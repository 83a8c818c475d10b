#pragma once

#include <array>
#include <map>
#include <string>
#include <utility>

#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"
#include "services/parsing/claim_parser.h"

namespace claimwatch::ingest {

// The ingest service's metrics, built once from a registry and passed by reference.
struct IngestMetrics {
  explicit IngestMetrics(prometheus::Registry& registry);

  prometheus::Counter& consumed;
  prometheus::Counter& stored;
  prometheus::Counter& revised;
  prometheus::Counter& superseded;
  prometheus::Counter& redeliveries;
  prometheus::Counter& dead_lettered;
  std::array<prometheus::Counter*, std::size(parsing::kAllRejectReasons)> rejected{};
  prometheus::Histogram& batch_commit_seconds;
  prometheus::Histogram& batch_size;
  prometheus::Family<prometheus::Gauge>& consumer_lag;
  prometheus::Family<prometheus::Counter>& unresolved;
  // From librdkafka's statistics, labelled by client ("rdkafka#consumer-1") and broker.
  prometheus::Family<prometheus::Gauge>& kafka_broker_rtt_seconds;
  prometheus::Family<prometheus::Gauge>& kafka_broker_up;
  prometheus::Family<prometheus::Gauge>& kafka_queued_messages;

  // claimwatch_unresolved_total{field}: a value normalisation kept raw. Fields are a fixed set.
  prometheus::Counter& Unresolved(const std::string& field) {
    auto it = unresolved_by_field.find(field);
    return it != unresolved_by_field.end() ? *it->second : unresolved.Add({{"field", field}});
  }
  std::map<std::string, prometheus::Counter*, std::less<>> unresolved_by_field{};

  prometheus::Counter& Rejected(parsing::RejectReason reason) {
    return *rejected[static_cast<size_t>(reason)];
  }
};

}  // namespace claimwatch::ingest

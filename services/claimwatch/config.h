#pragma once

#include <optional>
#include <string>
#include <vector>

#include "services/alerting/alert_policy.h"
#include "services/http/api_server.h"
#include "services/ingest/ingest_pipeline.h"
#include "services/kafka/kafka_config.h"
#include "services/resolution/matching.h"
#include "services/result/result.h"
#include "services/storage/claim_store.h"
#include "services/trends/aggregator.h"

namespace claimwatch::cli {

struct KafkaConfig {
  std::string brokers = "127.0.0.1:9092";
  std::string group = "claimwatch-ingest";
  std::string claims_topic = "claims";
  std::string dlq_topic = "claims.dlq";
  // Normalised claims keyed by location block, read back by the resolution stage. Created with
  // unlimited retention: a worker that gains a partition rebuilds its state from the start.
  std::string normalized_topic = "claims.normalized";
  std::string incidents_topic = "incidents";  // compacted; key = incident id
  int resolution_partitions = 0;              // for topics claimwatch creates; 0 = broker default
  kafka::Properties properties{};             // [kafka.properties]: every client
  kafka::Properties consumer_properties{};    // [kafka.consumer]
  kafka::Properties producer_properties{};    // [kafka.producer]

  kafka::Properties Consumer() const;
  kafka::Properties Producer() const;
};

struct MetricsConfig {
  std::string bind = "127.0.0.1";
  int port = 9464;  // 0 = no metrics endpoint
};

// Reference data for normalisation: the bundled files, then deployment extensions.
struct NormalisationConfig {
  // Empty: $CLAIMWATCH_REFERENCE_DIR, else schemas/reference beside the binary's source tree,
  // else /usr/share/claimwatch/schemas/reference.
  std::string reference_dir{};
  std::vector<std::string> extra_groups{};
  std::vector<std::string> extra_gazetteer{};
  std::vector<std::string> extra_taxonomy{};
};

// [aggregate]: the trends the aggregator keeps from the incidents topic.
struct AggregateSettings {
  trends::AggregateConfig counts{};               // grace_days
  std::vector<int> windows_days{7, 30, 90, 365};  // rolling windows of the API and gauges
  int gauge_refresh_seconds = 5;                  // how often claimwatch_attacks is recomputed
  // Each aggregator keeps the complete counts, so each needs every partition: its own consumer
  // group. Empty: "<kafka.group>.aggregate".
  std::string group{};
};

// [alerts] and [[alerts.surge]]: the alerting policy the aggregator applies, and where alerts go.
struct AlertsSettings {
  alerting::AlertPolicy policy{};
  std::string topic = "alerts";     // alert.v1, key = alert_id; "" = none
  std::string webhook{};            // an Alertmanager's base URL; "" = none
  int webhook_resend_seconds = 60;  // open alerts are re-sent this often (Alertmanager expects it)
};

// Everything a claimwatch process reads from its TOML file. Defaults are what runs with no file.
struct Config {
  KafkaConfig kafka{};
  storage::StoreOptions store{};
  ingest::IngestConfig ingest{};
  MetricsConfig metrics{};
  NormalisationConfig normalisation{};
  resolution::MatchRules rules{};  // [resolution]
  AggregateSettings aggregate{};
  http::ApiConfig http{};  // [http]; the token also from CLAIMWATCH_HTTP_TOKEN
  AlertsSettings alerts{};
};

// Reads `path` (none: defaults), then CLAIMWATCH_KAFKA_* environment variables as librdkafka
// properties (CLAIMWATCH_KAFKA_SASL_PASSWORD=… sets sasl.password) and CLAIMWATCH_HTTP_TOKEN as
// the API's bearer token, so secrets stay out of files.
// Unknown keys and wrong types are errors that name the file, the key and the reason.
[[nodiscard]] Result<Config> LoadConfig(const std::optional<std::string>& path);

}  // namespace claimwatch::cli

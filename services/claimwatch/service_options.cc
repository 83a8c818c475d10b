#include <iostream>

#include "services/claimwatch/commands.h"

namespace claimwatch::cli {

void ServiceOptions::AddTo(CLI::App& command, bool with_kafka, bool with_metrics_port) {
  command.add_option("--config", config_path, "TOML config file (see README: Configuration)")
      ->check(CLI::ExistingFile);
  command.add_option("--db", db, "RocksDB directory [store.path]");
  if (!with_kafka) return;
  command.add_option("--brokers", brokers, "Kafka bootstrap servers [kafka.brokers]");
  command.add_option("--group", group, "Kafka consumer group [kafka.group]");
  command.add_option("--topic", topic, "Claims topic [kafka.claims_topic]");
  command.add_option("--dlq-topic", dlq_topic, "Dead-letter topic [kafka.dlq_topic]");
  command.add_option("--normalized-topic", normalized_topic,
                     "Normalised claims, keyed by location block [kafka.normalized_topic]");
  command.add_option("--incidents-topic", incidents_topic,
                     "Incident changes, compacted [kafka.incidents_topic]");
  if (!with_metrics_port) {  // the aggregating commands (their metrics are on the HTTP API)
    command.add_option("--alerts-topic", alerts_topic,
                       "Alert changes, compacted; \"\" = none [alerts.topic]");
    return;
  }
  command
      .add_option("--metrics-port", metrics_port,
                  "Port of the /metrics endpoint, 0 = off [metrics.port]")
      ->check(CLI::Range(0, 65535));
}

Result<Config> ServiceOptions::Load() const {
  auto config = LoadConfig(config_path);
  if (!config.ok()) return config;
  if (brokers) config->kafka.brokers = *brokers;
  if (db) config->store.path = *db;
  if (group) config->kafka.group = *group;
  if (metrics_port) config->metrics.port = *metrics_port;
  if (topic) config->kafka.claims_topic = *topic;
  if (dlq_topic) config->kafka.dlq_topic = *dlq_topic;
  if (normalized_topic) config->kafka.normalized_topic = *normalized_topic;
  if (incidents_topic) config->kafka.incidents_topic = *incidents_topic;
  if (alerts_topic) config->alerts.topic = *alerts_topic;
  return config;
}

Result<std::istream*> OpenInput(const std::string& path, std::ifstream& file) {
  if (path == "-") return &std::cin;
  file.open(path, std::ios::binary);
  if (!file) return InvalidInput("--input: cannot open " + path);
  return &file;
}

int ExitCodeFor(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kOk:
      return 0;
    case absl::StatusCode::kInvalidArgument:
      return 2;
    case absl::StatusCode::kFailedPrecondition:
      return 3;
    default:
      return 1;
  }
}

}  // namespace claimwatch::cli

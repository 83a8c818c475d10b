#include "services/claimwatch/config.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>

#include "nlohmann/json.hpp"
#include "toml++/toml.h"

extern char** environ;

namespace claimwatch::cli {
namespace {

// Reads one TOML table into typed fields, remembering which keys it understood.
class TableReader {
 public:
  TableReader(const toml::table* table, std::string path) : table_(table), path_(std::move(path)) {}

  template <typename T>
  absl::Status Read(std::string_view key, T& out) {
    seen_.insert(std::string(key));
    if (table_ == nullptr) return absl::OkStatus();
    const toml::node* node = table_->get(key);
    if (node == nullptr) return absl::OkStatus();
    using Stored = std::conditional_t<std::is_same_v<T, std::string>, std::string,
                                      std::conditional_t<std::is_same_v<T, bool>, bool, int64_t>>;
    auto value = node->value<Stored>();
    if (!value || !node->is<Stored>()) return Error(key, ExpectedName<Stored>());
    if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
      if (*value < 0) return Error(key, "must not be negative");
    }
    out = static_cast<T>(*value);
    return absl::OkStatus();
  }

  absl::Status ReadNumber(std::string_view key, double& out) {
    seen_.insert(std::string(key));
    const toml::node* node = table_ ? table_->get(key) : nullptr;
    if (node == nullptr) return absl::OkStatus();
    auto value = node->value<double>();
    if (!value || !(node->is_floating_point() || node->is_integer())) {
      return Error(key, "expected a number");
    }
    if (*value < 0) return Error(key, "must not be negative");
    out = *value;
    return absl::OkStatus();
  }

  absl::Status ReadTexts(std::string_view key, std::vector<std::string>& out) {
    seen_.insert(std::string(key));
    const toml::node* node = table_ ? table_->get(key) : nullptr;
    if (node == nullptr) return absl::OkStatus();
    const toml::array* array = node->as_array();
    if (array == nullptr) return Error(key, "expected an array of strings");
    out.clear();
    for (const auto& element : *array) {
      if (!element.is_string()) return Error(key, "expected an array of strings");
      out.push_back(*element.value<std::string>());
    }
    return absl::OkStatus();
  }

  absl::Status ReadInts(std::string_view key, std::vector<int>& out) {
    seen_.insert(std::string(key));
    const toml::node* node = table_ ? table_->get(key) : nullptr;
    if (node == nullptr) return absl::OkStatus();
    const toml::array* array = node->as_array();
    if (array == nullptr || array->empty()) return Error(key, "expected an array of integers");
    out.clear();
    for (const auto& element : *array) {
      if (!element.is_integer() || *element.value<int64_t>() < 1 ||
          *element.value<int64_t>() > 3660) {
        return Error(key, "expected an array of integers from 1 to 3660");
      }
      out.push_back(static_cast<int>(*element.value<int64_t>()));
    }
    return absl::OkStatus();
  }

  void Known(std::string_view key) { seen_.insert(std::string(key)); }

  absl::Status ReadProperties(std::string_view key, kafka::Properties& out) {
    seen_.insert(std::string(key));
    const toml::table* sub = table_ ? table_->get_as<toml::table>(key) : nullptr;
    if (table_ && table_->get(key) && !sub) return Error(key, "expected a table");
    if (!sub) return absl::OkStatus();
    for (const auto& [name, node] : *sub) {
      if (auto text = node.value<std::string>(); text && node.is_string()) {
        out[std::string(name.str())] = *text;
      } else if (node.is_integer() || node.is_boolean()) {
        out[std::string(name.str())] = node.is_boolean() ? (*node.value<bool>() ? "true" : "false")
                                                         : std::to_string(*node.value<int64_t>());
      } else {
        return Error(StrCat(key, ".", name.str()), "expected a string, integer or boolean");
      }
    }
    return absl::OkStatus();
  }

  absl::Status CheckUnknown() const {
    if (table_ == nullptr) return absl::OkStatus();
    for (const auto& [key, node] : *table_) {
      if (!seen_.contains(std::string(key.str()))) {
        return FailedPrecondition(StrCat(Path(key.str()), ": unknown key"));
      }
    }
    return absl::OkStatus();
  }

 private:
  template <typename Stored>
  static const char* ExpectedName() {
    if constexpr (std::is_same_v<Stored, std::string>) return "expected a string";
    if constexpr (std::is_same_v<Stored, bool>) return "expected a boolean";
    return "expected an integer";
  }
  std::string Path(std::string_view key) const {
    return path_.empty() ? std::string(key) : StrCat(path_, ".", key);
  }
  absl::Status Error(std::string_view key, std::string_view reason) const {
    return FailedPrecondition(StrCat(Path(key), ": ", reason));
  }

  const toml::table* table_;
  std::string path_;
  std::set<std::string> seen_;
};

absl::Status ReadKafka(const toml::table* table, KafkaConfig& kafka) {
  TableReader reader(table, "kafka");
  for (auto status :
       {reader.Read("brokers", kafka.brokers), reader.Read("group", kafka.group),
        reader.Read("claims_topic", kafka.claims_topic), reader.Read("dlq_topic", kafka.dlq_topic),
        reader.Read("normalized_topic", kafka.normalized_topic),
        reader.Read("incidents_topic", kafka.incidents_topic),
        reader.Read("resolution_partitions", kafka.resolution_partitions),
        reader.ReadProperties("properties", kafka.properties),
        reader.ReadProperties("consumer", kafka.consumer_properties),
        reader.ReadProperties("producer", kafka.producer_properties), reader.CheckUnknown()}) {
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

absl::Status ReadStoreAndIngest(const toml::table& root, Config& config) {
  TableReader store(root.get_as<toml::table>("store"), "store");
  size_t cache_mb = config.store.block_cache_bytes >> 20;
  size_t buffer_mb = config.store.write_buffer_bytes >> 20;
  TableReader ingest(root.get_as<toml::table>("ingest"), "ingest");
  int64_t poll_ms = config.ingest.poll_timeout.count();
  TableReader metrics(root.get_as<toml::table>("metrics"), "metrics");
  for (auto status :
       {store.Read("path", config.store.path), store.Read("block_cache_mb", cache_mb),
        store.Read("write_buffer_mb", buffer_mb), store.Read("sync", config.store.sync),
        store.CheckUnknown(), ingest.Read("batch_max_records", config.ingest.batch_max_records),
        ingest.Read("poll_timeout_ms", poll_ms),
        ingest.Read("max_message_bytes", config.ingest.parser.max_message_bytes),
        ingest.CheckUnknown(), metrics.Read("bind", config.metrics.bind),
        metrics.Read("port", config.metrics.port), metrics.CheckUnknown()}) {
    if (!status.ok()) return status;
  }
  config.store.block_cache_bytes = cache_mb << 20;
  config.store.write_buffer_bytes = buffer_mb << 20;
  config.ingest.poll_timeout = std::chrono::milliseconds(poll_ms);
  if (config.ingest.batch_max_records == 0) {
    return FailedPrecondition("ingest.batch_max_records: must be at least 1");
  }
  return absl::OkStatus();
}

absl::Status ReadNormalisation(const toml::table* table, NormalisationConfig& config) {
  TableReader reader(table, "normalisation");
  for (auto status :
       {reader.Read("reference_dir", config.reference_dir),
        reader.ReadTexts("extra_groups", config.extra_groups),
        reader.ReadTexts("extra_gazetteer", config.extra_gazetteer),
        reader.ReadTexts("extra_taxonomy", config.extra_taxonomy), reader.CheckUnknown()}) {
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

absl::Status ReadResolution(const toml::table* table, resolution::MatchRules& rules) {
  TableReader reader(table, "resolution");
  for (auto status : {reader.Read("date_tolerance_days", rules.date_tolerance_days),
                      reader.ReadNumber("distance_km", rules.distance_km),
                      reader.Read("district_level", rules.district_level), reader.CheckUnknown()}) {
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

absl::Status ReadAggregateAndHttp(const toml::table& root, Config& config) {
  TableReader aggregate(root.get_as<toml::table>("aggregate"), "aggregate");
  TableReader http(root.get_as<toml::table>("http"), "http");
  auto& settings = config.aggregate;
  for (auto status :
       {aggregate.Read("grace_days", settings.counts.grace_days),
        aggregate.ReadInts("windows_days", settings.windows_days),
        aggregate.Read("gauge_refresh_seconds", settings.gauge_refresh_seconds),
        aggregate.Read("group", settings.group), aggregate.CheckUnknown(),
        http.Read("bind", config.http.bind), http.Read("port", config.http.port),
        http.Read("token", config.http.token), http.Read("threads", config.http.threads),
        http.Read("max_body_bytes", config.http.max_body_bytes), http.CheckUnknown()}) {
    if (!status.ok()) return status;
  }
  config.http.windows_days = settings.windows_days;
  if (config.http.port > 65535) return FailedPrecondition("http.port: must be at most 65535");
  return absl::OkStatus();
}

// A TOML value as JSON: a detector's control table, named as R names its parameters.
nlohmann::json ToJson(const toml::node& node) {
  if (const auto* table = node.as_table()) {
    nlohmann::json json = nlohmann::json::object();
    for (const auto& [key, value] : *table) json[std::string(key.str())] = ToJson(value);
    return json;
  }
  if (const auto* array = node.as_array()) {
    nlohmann::json json = nlohmann::json::array();
    for (const auto& value : *array) json.push_back(ToJson(value));
    return json;
  }
  if (node.is_integer()) return *node.value<int64_t>();
  if (node.is_floating_point()) return *node.value<double>();
  if (node.is_boolean()) return *node.value<bool>();
  if (node.is_string()) return *node.value<std::string>();
  return nullptr;
}

absl::Status ReadSurgeRule(const toml::table* table, std::string path,
                           alerting::SurgePolicy& rule) {
  TableReader reader(table, path);
  std::string interval = std::string(trends::IntervalName(rule.interval));
  reader.Known("control");
  for (auto status :
       {reader.Read("name", rule.name), reader.Read("detector", rule.detector),
        reader.Read("interval", interval), reader.Read("per_province", rule.per_province),
        reader.Read("history", rule.history), reader.Read("warmup", rule.warmup),
        reader.Read("min_observed", rule.min_observed),
        reader.Read("resolve_after", rule.resolve_after), reader.CheckUnknown()}) {
    if (!status.ok()) return status;
  }
  if (interval != "week" && interval != "month") {
    return FailedPrecondition(StrCat(path, ".interval: expected week or month"));
  }
  rule.interval = interval == "week" ? trends::Interval::kWeek : trends::Interval::kMonth;
  if (const toml::node* control = table->get("control")) {
    if (!control->is_table()) return FailedPrecondition(StrCat(path, ".control: expected a table"));
    rule.control = ToJson(*control);
  }
  return absl::OkStatus();
}

absl::Status ReadAlerts(const toml::table* table, AlertsSettings& alerts) {
  TableReader reader(table, "alerts");
  auto& policy = alerts.policy;
  for (auto status : {reader.Read("topic", alerts.topic), reader.Read("webhook", alerts.webhook),
                      reader.Read("webhook_resend_seconds", alerts.webhook_resend_seconds),
                      reader.Read("novelty", policy.novelty.enabled),
                      reader.Read("novelty_gap_days", policy.novelty.gap_days),
                      reader.Read("novelty_open_days", policy.novelty.open_days),
                      reader.Read("coclaim", policy.coclaim.enabled),
                      reader.Read("coclaim_level", policy.coclaim.level),
                      reader.Read("coclaim_window_days", policy.coclaim.window_days)}) {
    if (!status.ok()) return status;
  }
  reader.Known("surge");
  if (const toml::node* surge = table ? table->get("surge") : nullptr) {
    const toml::array* rules = surge->as_array();
    if (rules == nullptr)
      return FailedPrecondition("alerts.surge: expected [[alerts.surge]] tables");
    policy.surges.clear();
    for (size_t i = 0; i < rules->size(); ++i) {
      const std::string path = StrCat("alerts.surge[", i, "]");
      const toml::table* rule = rules->get(i)->as_table();
      if (rule == nullptr) return FailedPrecondition(StrCat(path, ": expected a table"));
      policy.surges.emplace_back();
      if (auto read = ReadSurgeRule(rule, path, policy.surges.back()); !read.ok()) return read;
    }
  }
  if (auto status = reader.CheckUnknown(); !status.ok()) return status;
  if (alerts.webhook_resend_seconds < 1) {
    return FailedPrecondition("alerts.webhook_resend_seconds: must be at least 1");
  }
  if (auto valid = alerting::ValidatePolicy(policy); !valid.ok()) {
    return FailedPrecondition(std::string(valid.message()));
  }
  return absl::OkStatus();
}

void ReadEnvironment(KafkaConfig& kafka) {
  constexpr std::string_view kPrefix = "CLAIMWATCH_KAFKA_";
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string_view variable(*entry);
    size_t equals = variable.find('=');
    if (!variable.starts_with(kPrefix) || equals == std::string_view::npos) continue;
    std::string name(variable.substr(kPrefix.size(), equals - kPrefix.size()));
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) {
      return c == '_' ? '.' : static_cast<char>(std::tolower(c));
    });
    kafka.properties[name] = std::string(variable.substr(equals + 1));
  }
}

}  // namespace

kafka::Properties KafkaConfig::Consumer() const {
  kafka::Properties merged = {{"bootstrap.servers", brokers}, {"group.id", group}};
  for (const auto& layer : {properties, consumer_properties}) {
    for (const auto& [name, value] : layer) merged[name] = value;
  }
  return merged;
}

kafka::Properties KafkaConfig::Producer() const {
  kafka::Properties merged = {{"bootstrap.servers", brokers}};
  for (const auto& layer : {properties, producer_properties}) {
    for (const auto& [name, value] : layer) merged[name] = value;
  }
  return merged;
}

Result<Config> LoadConfig(const std::optional<std::string>& path) {
  Config config;
  if (path) {
    toml::table root;
    try {
      root = toml::parse_file(*path);
    } catch (const toml::parse_error& error) {
      return FailedPrecondition(
          StrCat("config ", *path, ":", error.source().begin.line, ": ", error.description()));
    }
    TableReader top(&root, "");
    for (const char* section : {"kafka", "store", "ingest", "metrics", "normalisation",
                                "resolution", "aggregate", "http", "alerts"}) {
      if (root.get(section) && !root.get_as<toml::table>(section)) {
        return FailedPrecondition(StrCat("config ", *path, ": ", section, ": expected a table"));
      }
      top.Known(section);
    }
    absl::Status status = top.CheckUnknown();
    if (status.ok()) status = ReadKafka(root.get_as<toml::table>("kafka"), config.kafka);
    if (status.ok()) status = ReadStoreAndIngest(root, config);
    if (status.ok()) {
      status = ReadNormalisation(root.get_as<toml::table>("normalisation"), config.normalisation);
    }
    if (status.ok()) status = ReadResolution(root.get_as<toml::table>("resolution"), config.rules);
    if (status.ok()) status = ReadAggregateAndHttp(root, config);
    if (status.ok()) status = ReadAlerts(root.get_as<toml::table>("alerts"), config.alerts);
    if (!status.ok()) return FailedPrecondition(StrCat("config ", *path, ": ", status.message()));
  }
  ReadEnvironment(config.kafka);
  if (const char* token = std::getenv("CLAIMWATCH_HTTP_TOKEN"); token && *token) {
    config.http.token = token;
  }
  return config;
}

}  // namespace claimwatch::cli

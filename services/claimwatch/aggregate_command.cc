// `claimwatch aggregate`: incidents → event-time trends in the store, served over HTTP.
#include <csignal>

#include "services/claimwatch/aggregate_stage.h"
#include "services/claimwatch/alert_stage.h"
#include "services/claimwatch/commands.h"
#include "services/claimwatch/normaliser_loading.h"
#include "services/claimwatch/store_metrics.h"
#include "services/kafka/kafka_record_source.h"
#include "services/trends/aggregate_pipeline.h"
#include "spdlog/spdlog.h"

namespace claimwatch::cli {
namespace {

std::atomic<bool> g_stop{false};

extern "C" void OnAggregateStopSignal(int) { g_stop = true; }

struct AggregateRun {
  ServiceOptions options;
  std::optional<int> http_port{};
  bool until_caught_up = false;
};

absl::Status RunAggregate(const AggregateRun& run) {
  auto config = run.options.Load();
  if (!config.ok()) return config.status();
  if (run.http_port) config->http.port = *run.http_port;
  auto labels = GaugeLabelsFor(*config);
  if (!labels.ok()) return labels.status();
  auto store = storage::ClaimStore::Open(config->store);
  if (!store.ok()) return store.status();
  auto registry = std::make_shared<prometheus::Registry>();
  trends::TrendMetrics metrics(*registry, *labels);
  alerting::AlertMetrics alert_metrics(*registry);
  AggregateStage stage{*config, *labels, **store, metrics, alert_metrics};
  auto api =
      StartApi(*config, *labels, **store, {registry, std::make_shared<StoreMetrics>(**store)},
               [&stage] { return stage.ready.load(); });
  if (!api.ok()) return api.status();
  std::signal(SIGTERM, OnAggregateStopSignal);
  std::signal(SIGINT, OnAggregateStopSignal);
  spdlog::info("aggregate: {} → {} (HTTP on {}:{})", config->kafka.incidents_topic,
               config->store.path, config->http.bind, *api ? (*api)->port() : 0);
  auto status = RunAggregateStage(
      stage, g_stop, run.until_caught_up ? std::function<bool()>([] { return true; }) : nullptr);
  spdlog::info("aggregate: stopped");
  return status;
}

}  // namespace

Result<trends::GaugeLabels> GaugeLabelsFor(const Config& config) {
  auto reference = LoadReference(config.normalisation);
  if (!reference.ok()) return reference.status();
  trends::GaugeLabels labels;
  for (const auto& group : reference->groups) labels.groups.push_back(group.id);
  for (const auto& place : reference->places) {
    if (place.kind == normalisation::PlaceKind::kProvince) labels.provinces.push_back(place.id);
  }
  labels.windows_days = config.aggregate.windows_days;
  return labels;
}

absl::Status RunAggregateStage(AggregateStage& stage, const std::atomic<bool>& stop,
                               const std::function<bool()>& upstream_done) {
  const auto& config = stage.config;
  auto consumer = config.kafka.Consumer();
  consumer["group.id"] =
      config.aggregate.group.empty() ? config.kafka.group + ".aggregate" : config.aggregate.group;
  auto source = kafka::KafkaRecordSource::Create(consumer, {config.kafka.incidents_topic},
                                                 [&](const std::string& topic, int32_t partition) {
                                                   return stage.store.NextOffset(topic, partition);
                                                 });
  if (!source.ok()) return source.status();
  trends::Aggregator aggregator(stage.store, config.aggregate.counts);
  trends::AggregatePipeline pipeline(**source, aggregator, stage.metrics,
                                     {.batch_max_records = config.ingest.batch_max_records,
                                      .poll_timeout = config.ingest.poll_timeout});
  auto alerts =
      AlertStage::Create(config, AlertScopeOf(stage.labels), stage.store, stage.alert_metrics);
  if (!alerts.ok()) return alerts.status();
  if (auto ticked = (*alerts)->Tick(); !ticked.ok()) return ticked;
  pipeline.OnCommit([&alerts = **alerts](const trends::AggregateCounts& counts) {
    return alerts.AfterCommit(counts);
  });
  const trends::TrendQueries queries(stage.store);
  const auto refresh_every = std::chrono::seconds(config.aggregate.gauge_refresh_seconds);
  auto next_refresh = std::chrono::steady_clock::now();
  absl::Status status;
  while (!stop) {
    auto read = pipeline.RunOnce();
    if (!read.ok()) {
      status = read.status();
      break;
    }
    if (!stage.ready && (*source)->CaughtUp()) {
      stage.ready = true;
      spdlog::info("aggregate: caught up with {}; ready", config.kafka.incidents_topic);
    }
    if (std::chrono::steady_clock::now() >= next_refresh) {
      if (auto refreshed = stage.metrics.RefreshGauges(queries, trends::Today()); !refreshed.ok()) {
        spdlog::warn("aggregate: gauges: {}", refreshed.message());
      }
      next_refresh = std::chrono::steady_clock::now() + refresh_every;
    }
    if (auto ticked = (*alerts)->Tick(); !ticked.ok()) {
      status = ticked;
      break;
    }
    // A batch short of the maximum drained what was queued: not catching up, so the series
    // gathered so far are evaluated now rather than after the pacing delay.
    if (*read < config.ingest.batch_max_records) {
      if (auto flushed = (*alerts)->Flush(); !flushed.ok()) {
        status = flushed;
        break;
      }
    }
    if (upstream_done && *read == 0 && upstream_done()) {
      auto reached = (*source)->ReachedHighWatermarks();
      if (reached.ok() && *reached) break;
    }
  }
  if (status.ok()) status = (*alerts)->Flush();
  (*source)->Close();
  return status;
}

alerting::AlertScope AlertScopeOf(const trends::GaugeLabels& labels) {
  return {labels.groups, labels.provinces};
}

Result<std::unique_ptr<http::ApiServer>> StartApi(
    const Config& config, const trends::GaugeLabels& labels, const storage::ClaimStore& store,
    std::vector<std::shared_ptr<prometheus::Collectable>> metrics, std::function<bool()> ready) {
  if (config.http.port == 0) return std::unique_ptr<http::ApiServer>();
  auto api = config.http;
  api.alert_scope = AlertScopeOf(labels);
  api.alert_policy = config.alerts.policy;
  return http::ApiServer::Start(api, store, std::move(metrics), std::move(ready));
}

void AddAggregateCommand(CLI::App& app, int& exit_code) {
  auto run = std::make_shared<AggregateRun>();
  auto* command = app.add_subcommand(
      "aggregate",
      "Count incidents from the incidents topic by event time into the store, and serve the "
      "trends over HTTP (/api/v1/…, /metrics, /healthz, /readyz)");
  run->options.AddTo(*command, true, false);
  command->add_option("--http-port", run->http_port, "Port of the HTTP API, 0 = off [http.port]")
      ->check(CLI::Range(0, 65535));
  command->add_flag("--until-caught-up", run->until_caught_up,
                    "Exit once every incidents partition has been read to its end");
  command->callback([run, &exit_code] {
    auto status = RunAggregate(*run);
    if (!status.ok()) spdlog::error("aggregate: {}", status.message());
    exit_code = ExitCodeFor(status);
  });
}

}  // namespace claimwatch::cli

// `claimwatch ingest`: the Kafka consumer-group worker. Two stages, each a consumer group of its
// own on its own thread: ingest (claims → store + claims.normalized) and resolution
// (claims.normalized → incidents + store).
#include <csignal>
#include <map>
#include <thread>

#include "services/claimwatch/aggregate_stage.h"
#include "services/claimwatch/commands.h"
#include "services/claimwatch/metrics_endpoint.h"
#include "services/claimwatch/normaliser_loading.h"
#include "services/claimwatch/store_metrics.h"
#include "services/ingest/ingest_pipeline.h"
#include "services/kafka/kafka_dead_letter_sink.h"
#include "services/kafka/kafka_record_source.h"
#include "services/kafka/kafka_resolution_sinks.h"
#include "services/kafka/kafka_topics.h"
#include "spdlog/spdlog.h"

namespace claimwatch::cli {
namespace {

std::atomic<ingest::IngestPipeline*> g_pipeline{nullptr};
std::atomic<resolution::ResolvePipeline*> g_resolve{nullptr};
std::atomic<bool> g_stop{false};

extern "C" void OnStopSignal(int) {
  g_stop = true;
  if (auto* pipeline = g_pipeline.load()) pipeline->Stop();
  if (auto* resolve = g_resolve.load()) resolve->Stop();
}

// Keeps claimwatch_consumer_lag{topic,partition} to exactly the partitions `source` is assigned,
// refreshed at most once a second (Lag() asks librdkafka for every partition's watermarks).
class LagGauges {
 public:
  LagGauges(prometheus::Family<prometheus::Gauge>& family, kafka::KafkaRecordSource& source)
      : family_(family), source_(source) {}
  void Refresh() {
    const auto now = std::chrono::steady_clock::now();
    if (now < next_update_) return;
    next_update_ = now + std::chrono::seconds(1);
    Update(source_.Lag());
  }

 private:
  void Update(const std::vector<kafka::PartitionLag>& lags) {
    std::map<std::pair<std::string, int32_t>, prometheus::Gauge*> current;
    for (const auto& lag : lags) {
      auto key = std::pair{lag.topic, lag.partition};
      auto it = gauges_.find(key);
      auto* gauge =
          it != gauges_.end()
              ? it->second
              : &family_.Add({{"topic", lag.topic}, {"partition", std::to_string(lag.partition)}});
      gauge->Set(static_cast<double>(lag.lag));
      current[key] = gauge;
    }
    for (const auto& [key, gauge] : gauges_) {
      if (!current.contains(key)) family_.Remove(gauge);
    }
    gauges_ = std::move(current);
  }

  prometheus::Family<prometheus::Gauge>& family_;
  kafka::KafkaRecordSource& source_;
  std::chrono::steady_clock::time_point next_update_{};
  std::map<std::pair<std::string, int32_t>, prometheus::Gauge*> gauges_;
};

// librdkafka statistics → claimwatch_kafka_* gauges (any client's thread may call it).
kafka::StatsHandler KafkaGauges(ingest::IngestMetrics& metrics) {
  return [&metrics](const kafka::ClientStats& stats) {
    metrics.kafka_queued_messages.Add({{"client", stats.client}})
        .Set(static_cast<double>(stats.queued_messages));
    for (const auto& broker : stats.brokers) {
      const std::map<std::string, std::string> labels = {{"client", stats.client},
                                                         {"broker", broker.name}};
      metrics.kafka_broker_rtt_seconds.Add(labels).Set(broker.rtt_seconds);
      metrics.kafka_broker_up.Add(labels).Set(broker.up ? 1 : 0);
    }
  };
}

struct IngestRun {
  ServiceOptions options;
  bool until_caught_up = false;
  bool aggregate = false;  // `run`: the aggregate stage and the HTTP API too
  std::optional<int> http_port{};
};

// What both stages share: config, store, metrics.
struct Worker {
  Config config;
  storage::ClaimStore& store;
  ingest::IngestMetrics& metrics;
  resolution::ResolutionMetrics& resolution_metrics;
  bool until_caught_up = false;
  std::atomic<bool> ingest_done{false};
};

// The topics claimwatch writes and reads back: normalised claims are kept for ever (a worker that
// gains a partition rebuilds its state from them), incidents are compacted.
absl::Status CreateStageTopics(const KafkaConfig& kafka) {
  const int partitions = kafka.resolution_partitions > 0 ? kafka.resolution_partitions : -1;
  return kafka::EnsureTopics(
      kafka.Producer(),
      {{kafka.normalized_topic, partitions, {{"retention.ms", "-1"}, {"retention.bytes", "-1"}}},
       {kafka.incidents_topic, partitions, {{"cleanup.policy", "compact"}}}});
}

// The resolution stage: claims.normalized → incidents, until stopped (or, with
// --until-caught-up, until the ingest stage is done and everything it published is resolved).
absl::Status RunResolveStage(Worker& worker) {
  const auto& kafka = worker.config.kafka;
  auto writer = kafka::KafkaWriter::Create(kafka.Producer(), KafkaGauges(worker.metrics));
  if (!writer.ok()) return writer.status();
  kafka::KafkaIncidentSink incidents(**writer, kafka.incidents_topic);
  auto consumer = kafka.Consumer();
  consumer["group.id"] = kafka.group + ".resolve";
  auto source = kafka::KafkaRecordSource::Create(
      consumer, {kafka.normalized_topic},
      [&](const std::string& topic, int32_t partition) {
        return worker.store.NextOffset(topic, partition);
      },
      KafkaGauges(worker.metrics));
  if (!source.ok()) return source.status();
  resolution::Resolver resolver(worker.store, worker.config.rules);
  resolution::ResolvePipeline pipeline(**source, incidents, resolver, worker.resolution_metrics,
                                       {.batch_max_records = worker.config.ingest.batch_max_records,
                                        .poll_timeout = worker.config.ingest.poll_timeout});
  g_resolve = &pipeline;
  LagGauges lag(worker.metrics.consumer_lag, **source);
  absl::Status status;
  while (!g_stop) {
    auto read = pipeline.RunOnce();
    if (!read.ok()) {
      status = read.status();
      break;
    }
    lag.Refresh();
    if (worker.until_caught_up && worker.ingest_done && *read == 0) {
      auto reached = (*source)->ReachedHighWatermarks();
      if (reached.ok() && *reached) break;
    }
  }
  g_resolve = nullptr;
  (*source)->Close();
  return status;
}

// The ingest stage: claims → store, dead letters and claims.normalized.
absl::Status RunIngestStage(Worker& worker, const normalisation::Normaliser& normaliser) {
  const auto& kafka = worker.config.kafka;
  auto writer = kafka::KafkaWriter::Create(kafka.Producer(), KafkaGauges(worker.metrics));
  if (!writer.ok()) return writer.status();
  kafka::KafkaDeadLetterSink dead_letters(**writer, kafka.dlq_topic);
  kafka::KafkaChangeSink changes(**writer, kafka.normalized_topic);
  auto source = kafka::KafkaRecordSource::Create(
      kafka.Consumer(), {kafka.claims_topic},
      [&](const std::string& topic, int32_t partition) {
        return worker.store.NextOffset(topic, partition);
      },
      KafkaGauges(worker.metrics));
  if (!source.ok()) return source.status();
  auto ingest_config = worker.config.ingest;
  ingest_config.pipelined = true;
  ingest::IngestPipeline pipeline(**source, dead_letters, normaliser, worker.store, worker.metrics,
                                  ingest_config, &changes);
  g_pipeline = &pipeline;
  LagGauges lag(worker.metrics.consumer_lag, **source);
  absl::Status status;
  while (!g_stop) {
    auto summary = pipeline.RunOnce();
    if (!summary.ok()) {
      status = summary.status();
      break;
    }
    lag.Refresh();
    if (worker.until_caught_up && (*source)->CaughtUp()) break;
  }
  // The batch still committing lands (or gives up once Stop() was called) before we leave.
  if (auto last = pipeline.Flush(); !last.ok() && status.ok()) status = last.status();
  g_pipeline = nullptr;
  (*source)->Close();
  return status;
}

absl::Status RunIngest(const IngestRun& run) {
  auto config = run.options.Load();
  if (!config.ok()) return config.status();
  if (run.http_port) config->http.port = *run.http_port;
  auto normaliser = LoadNormaliser(config->normalisation);
  if (!normaliser.ok()) return normaliser.status();
  auto store = storage::ClaimStore::Open(config->store);
  if (!store.ok()) return store.status();
  auto registry = std::make_shared<prometheus::Registry>();
  ingest::IngestMetrics metrics(*registry);
  resolution::ResolutionMetrics resolution_metrics(*registry);
  auto store_metrics = std::make_shared<StoreMetrics>(**store);
  auto labels = GaugeLabelsFor(*config);
  if (!labels.ok()) return labels.status();
  trends::TrendMetrics trend_metrics(*registry, *labels);
  alerting::AlertMetrics alert_metrics(*registry);
  AggregateStage aggregate{*config, *labels, **store, trend_metrics, alert_metrics};
  // `run` serves /metrics with the API; `ingest` on its own metrics port.
  auto endpoint = MetricsEndpoint::Start(run.aggregate ? MetricsConfig{.port = 0} : config->metrics,
                                         registry, store_metrics);
  if (!endpoint.ok()) return endpoint.status();
  auto api = run.aggregate ? StartApi(*config, *labels, **store, {registry, store_metrics},
                                      [&aggregate] { return aggregate.ready.load(); })
                           : std::unique_ptr<http::ApiServer>();
  if (!api.ok()) return api.status();
  if (auto created = CreateStageTopics(config->kafka); !created.ok()) return created;
  Worker worker{*config, **store, metrics, resolution_metrics, run.until_caught_up};

  std::signal(SIGTERM, OnStopSignal);
  std::signal(SIGINT, OnStopSignal);
  spdlog::info("ingest: {} → {} → {} (store {}, groups {} and {}.resolve, dead letters to {})",
               config->kafka.claims_topic, config->kafka.normalized_topic,
               config->kafka.incidents_topic, config->store.path, config->kafka.group,
               config->kafka.group, config->kafka.dlq_topic);
  absl::Status resolved, aggregated;
  std::atomic<bool> resolve_done{false};
  std::thread resolve_stage([&] {
    resolved = RunResolveStage(worker);
    resolve_done = true;
    if (!resolved.ok()) OnStopSignal(0);  // one stage failing stops the worker
  });
  std::thread aggregate_stage;
  if (run.aggregate) {
    aggregate_stage = std::thread([&] {
      aggregated = RunAggregateStage(
          aggregate, g_stop,
          run.until_caught_up ? std::function<bool()>([&] { return resolve_done.load(); })
                              : nullptr);
      if (!aggregated.ok()) OnStopSignal(0);
    });
  }
  absl::Status status = RunIngestStage(worker, **normaliser);
  worker.ingest_done = true;
  if (!status.ok()) OnStopSignal(0);
  resolve_stage.join();
  if (aggregate_stage.joinable()) aggregate_stage.join();
  if (status.ok()) status = resolved;
  if (status.ok()) status = aggregated;
  spdlog::info(
      "ingest: stopped after {} messages ({} stored, {} rejected, {} redeliveries); {} claims "
      "resolved ({} reposts, {} joined an incident)",
      metrics.consumed.Value(), metrics.stored.Value() + metrics.revised.Value(),
      metrics.dead_lettered.Value(), metrics.redeliveries.Value(),
      resolution_metrics.resolved.Value(), resolution_metrics.reposts.Value(),
      resolution_metrics.incident_duplicates.Value());
  return status;
}

}  // namespace

void AddIngestCommand(CLI::App& app, int& exit_code) {
  auto run = std::make_shared<IngestRun>();
  auto* command = app.add_subcommand(
      "ingest",
      "Consume claims from Kafka into the store and resolve them into incidents; malformed "
      "messages go to the dead-letter topic");
  run->options.AddTo(*command, true);
  command->add_flag("--until-caught-up", run->until_caught_up,
                    "Exit once every assigned claims partition has been read to its end and "
                    "everything it produced is resolved");
  command->callback([run, &exit_code] {
    auto status = RunIngest(*run);
    if (!status.ok()) spdlog::error("ingest: {}", status.message());
    exit_code = ExitCodeFor(status);
  });
}

void AddRunCommand(CLI::App& app, int& exit_code) {
  auto run = std::make_shared<IngestRun>();
  run->aggregate = true;
  auto* command = app.add_subcommand(
      "run",
      "Ingest, resolve and aggregate in one process on one store, for a single machine: "
      "`ingest` and `aggregate` together, with the HTTP API (and /metrics) on [http] port");
  run->options.AddTo(*command, true, false);
  command->add_option("--http-port", run->http_port, "Port of the HTTP API, 0 = off [http.port]")
      ->check(CLI::Range(0, 65535));
  command->add_flag("--until-caught-up", run->until_caught_up,
                    "Exit once every claim has been ingested, resolved and counted");
  command->callback([run, &exit_code] {
    auto status = RunIngest(*run);
    if (!status.ok()) spdlog::error("run: {}", status.message());
    exit_code = ExitCodeFor(status);
  });
}

}  // namespace claimwatch::cli

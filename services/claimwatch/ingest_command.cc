// `claimwatch ingest`: the Kafka consumer-group worker.
#include <csignal>
#include <map>

#include "services/claimwatch/commands.h"
#include "services/claimwatch/metrics_endpoint.h"
#include "services/claimwatch/normaliser_loading.h"
#include "services/claimwatch/store_metrics.h"
#include "services/ingest/ingest_pipeline.h"
#include "services/kafka/kafka_dead_letter_sink.h"
#include "services/kafka/kafka_record_source.h"
#include "spdlog/spdlog.h"

namespace claimwatch::cli {
namespace {

std::atomic<ingest::IngestPipeline*> g_pipeline{nullptr};
std::atomic<bool> g_stop{false};

extern "C" void OnStopSignal(int) {
  g_stop = true;
  if (auto* pipeline = g_pipeline.load()) pipeline->Stop();
}

// Keeps claimwatch_consumer_lag{topic,partition} to exactly the assigned partitions.
class LagGauges {
 public:
  explicit LagGauges(prometheus::Family<prometheus::Gauge>& family) : family_(family) {}
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

 private:
  prometheus::Family<prometheus::Gauge>& family_;
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
};

absl::Status RunIngest(const IngestRun& run) {
  auto config = run.options.Load();
  if (!config.ok()) return config.status();
  auto normaliser = LoadNormaliser(config->normalisation);
  if (!normaliser.ok()) return normaliser.status();
  auto store = storage::ClaimStore::Open(config->store);
  if (!store.ok()) return store.status();
  auto registry = std::make_shared<prometheus::Registry>();
  ingest::IngestMetrics metrics(*registry);
  auto store_metrics = std::make_shared<StoreMetrics>(**store);
  auto endpoint = MetricsEndpoint::Start(config->metrics, registry, store_metrics);
  if (!endpoint.ok()) return endpoint.status();
  auto writer = kafka::KafkaWriter::Create(config->kafka.Producer(), KafkaGauges(metrics));
  if (!writer.ok()) return writer.status();
  kafka::KafkaDeadLetterSink dead_letters(**writer, config->kafka.dlq_topic);
  auto source = kafka::KafkaRecordSource::Create(
      config->kafka.Consumer(), {config->kafka.claims_topic},
      [&](const std::string& topic, int32_t partition) {
        return (*store)->NextOffset(topic, partition);
      },
      KafkaGauges(metrics));
  if (!source.ok()) return source.status();
  auto ingest_config = config->ingest;
  ingest_config.pipelined = true;
  ingest::IngestPipeline pipeline(**source, dead_letters, **normaliser, **store, metrics,
                                  ingest_config);

  g_pipeline = &pipeline;
  std::signal(SIGTERM, OnStopSignal);
  std::signal(SIGINT, OnStopSignal);
  spdlog::info("ingest: {} → {} (group {}, dead letters to {})", config->kafka.claims_topic,
               config->store.path, config->kafka.group, config->kafka.dlq_topic);
  LagGauges lag(metrics.consumer_lag);
  auto next_lag_update = std::chrono::steady_clock::now();
  absl::Status status;
  while (!g_stop) {
    auto summary = pipeline.RunOnce();
    if (!summary.ok()) {
      status = summary.status();
      break;
    }
    if (std::chrono::steady_clock::now() >= next_lag_update) {
      lag.Update((*source)->Lag());
      next_lag_update = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    }
    if (run.until_caught_up && (*source)->CaughtUp()) break;
  }
  // The batch still committing lands (or gives up once Stop() was called) before we leave.
  if (auto last = pipeline.Flush(); !last.ok() && status.ok()) status = last.status();
  g_pipeline = nullptr;
  (*source)->Close();
  spdlog::info("ingest: stopped after {} messages ({} stored, {} rejected, {} redeliveries)",
               metrics.consumed.Value(), metrics.stored.Value() + metrics.revised.Value(),
               metrics.dead_lettered.Value(), metrics.redeliveries.Value());
  return status;
}

}  // namespace

void AddIngestCommand(CLI::App& app, int& exit_code) {
  auto run = std::make_shared<IngestRun>();
  auto* command = app.add_subcommand(
      "ingest",
      "Consume claims from Kafka into the store; malformed messages go to the dead-letter topic");
  run->options.AddTo(*command, true);
  command->add_flag("--until-caught-up", run->until_caught_up,
                    "Exit once every assigned partition has been read to its end");
  command->callback([run, &exit_code] {
    auto status = RunIngest(*run);
    if (!status.ok()) spdlog::error("ingest: {}", status.message());
    exit_code = ExitCodeFor(status);
  });
}

}  // namespace claimwatch::cli

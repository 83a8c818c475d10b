// `claimwatch import`: the ingest path from NDJSON without Kafka.
#include <fstream>
#include <iostream>

#include "nlohmann/json.hpp"
#include "services/alerting/alert_book.h"
#include "services/claimwatch/aggregate_stage.h"
#include "services/claimwatch/commands.h"
#include "services/claimwatch/normaliser_loading.h"
#include "services/ingest/ndjson_source.h"
#include "services/ingest/reject_file_sink.h"
#include "services/trends/aggregate_pipeline.h"

namespace claimwatch::cli {
namespace {

struct ImportRun {
  ServiceOptions options;
  std::string input;
  std::optional<std::string> rejects_path;
  std::string format = "table";
};

// The alert book after an import: every alert, and those open today.
struct AlertTally {
  size_t total = 0;
  size_t open = 0;
};

// Evaluates the alert policy over everything imported into the book (nothing is published).
Result<AlertTally> BookAlerts(const Config& config, const trends::GaugeLabels& labels,
                              storage::ClaimStore& store) {
  alerting::AlertEvaluator evaluator(store, config.alerts.policy, AlertScopeOf(labels));
  alerting::AlertEngine engine(store, evaluator,
                               [](std::span<const std::string>) { return absl::OkStatus(); });
  if (auto swept = engine.Sweep(trends::Today()); !swept.ok()) return swept.status();
  auto book = engine.book().All();
  if (!book.ok()) return book.status();
  AlertTally tally{book->size()};
  for (const auto& entry : *book) tally.open += entry.alert.state == "open";
  return tally;
}

void PrintSummary(const ingest::BatchSummary& total, const resolution::ResolveCounts& resolved,
                  const trends::AggregateCounts& counted, const AlertTally& alerts,
                  ingest::IngestMetrics& metrics, const std::string& format) {
  nlohmann::ordered_json by_reason = nlohmann::ordered_json::object();
  for (auto reason : parsing::kAllRejectReasons) {
    if (auto count = metrics.Rejected(reason).Value(); count > 0) {
      by_reason[parsing::RejectReasonLabel(reason)] = static_cast<int64_t>(count);
    }
  }
  if (format == "json") {
    nlohmann::ordered_json summary = {{"read", total.read},
                                      {"stored", total.stored},
                                      {"revised", total.revised},
                                      {"duplicates",
                                       {{"redelivery", total.redeliveries},
                                        {"repost", resolved.reposts},
                                        {"incident", resolved.joined}}},
                                      {"incidents_created", resolved.created},
                                      {"trend_changes",
                                       {{"created", counted.created},
                                        {"updated", counted.updated},
                                        {"deleted", counted.deleted},
                                        {"late_beyond_grace", counted.late_beyond_grace}}},
                                      {"alerts", {{"total", alerts.total}, {"open", alerts.open}}},
                                      {"superseded", total.superseded},
                                      {"rejected", total.rejected},
                                      {"rejected_by_reason", by_reason}};
    std::cout << summary.dump() << '\n';
    return;
  }
  std::cout << "read        " << total.read << "\nstored      " << total.stored << "\nrevised     "
            << total.revised << "\nduplicates  " << total.redeliveries << " (redelivery), "
            << resolved.reposts << " (repost), " << resolved.joined << " (incident)\nincidents   "
            << resolved.created << " created\ntrends      " << counted.created << " counted, "
            << counted.updated << " updated, " << counted.deleted << " deleted\nalerts      "
            << alerts.total << " (" << alerts.open << " open)\nsuperseded  " << total.superseded
            << "\nrejected    " << total.rejected << '\n';
  for (const auto& [reason, count] : by_reason.items()) {
    std::cout << "  " << reason << ": " << count.get<int64_t>() << '\n';
  }
}

absl::Status RunImport(const ImportRun& run) {
  auto config = run.options.Load();
  if (!config.ok()) return config.status();
  std::ifstream file;
  auto input = OpenInput(run.input, file);
  if (!input.ok()) return input.status();
  std::ofstream rejects;
  if (run.rejects_path) {
    rejects.open(*run.rejects_path, std::ios::binary | std::ios::trunc);
    if (!rejects) return InvalidInput("--rejects: cannot write " + *run.rejects_path);
  }
  auto normaliser = LoadNormaliser(config->normalisation);
  if (!normaliser.ok()) return normaliser.status();
  auto store = storage::ClaimStore::Open(config->store);
  if (!store.ok()) return store.status();
  prometheus::Registry registry;
  ingest::IngestMetrics metrics(registry);
  ingest::NdjsonRecordSource source(**input, run.input == "-" ? "stdin" : run.input);
  ingest::RejectFileSink sink(run.rejects_path ? &rejects : nullptr);
  auto ingest_config = config->ingest;
  ingest_config.record_positions = false;
  ingest_config.pipelined = true;
  resolution::Resolver resolver(**store, config->rules);
  resolution::ResolutionMetrics resolution_metrics(registry);
  auto labels = GaugeLabelsFor(*config);
  if (!labels.ok()) return labels.status();
  trends::TrendMetrics trend_metrics(registry, *labels);
  trends::Aggregator aggregator(**store, config->aggregate.counts);
  trends::LocalAggregation aggregate(aggregator, trend_metrics);
  resolution::LocalResolution resolve(resolver, resolution_metrics, &aggregate);
  ingest::IngestPipeline pipeline(source, sink, **normaliser, **store, metrics, ingest_config,
                                  &resolve);

  ingest::BatchSummary total;
  while (!source.AtEnd()) {
    auto batch = pipeline.RunOnce();
    if (!batch.ok()) return batch.status();
    total += *batch;
  }
  auto last = pipeline.Flush();
  if (!last.ok()) return last.status();
  total += *last;
  auto alerts = BookAlerts(*config, *labels, **store);
  if (!alerts.ok()) return alerts.status();
  PrintSummary(total, resolve.totals(), aggregate.totals(), *alerts, metrics, run.format);
  return absl::OkStatus();
}

}  // namespace

void AddImportCommand(CLI::App& app, int& exit_code) {
  auto run = std::make_shared<ImportRun>();
  auto* command = app.add_subcommand(
      "import",
      "Parse, validate, store and resolve into incidents NDJSON claims from a file or stdin, "
      "without Kafka");
  run->options.AddTo(*command, false);
  command->add_option("--input", run->input, "NDJSON file, or - for stdin")->required();
  command->add_option("--rejects", run->rejects_path,
                      "Write rejected lines here, one JSON object a line: line, reason, error, "
                      "input");
  command->add_option("--format", run->format, "Summary format")
      ->check(CLI::IsMember({"table", "json"}));
  command->callback([run, &exit_code] {
    auto status = RunImport(*run);
    if (!status.ok()) std::cerr << "import: " << status.message() << '\n';
    exit_code = ExitCodeFor(status);
  });
}

}  // namespace claimwatch::cli

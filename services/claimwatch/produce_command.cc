// `claimwatch produce`: publishes NDJSON lines, as they are, one message each, keyed by
// "source/claim_id" so that every revision of a claim goes to one partition (and so to one
// worker, which can tell a revision that moved the claim from a new claim).
#include <fstream>
#include <iostream>

#include "services/claimwatch/commands.h"
#include "services/kafka/kafka_writer.h"
#include "services/parsing/claim_parser.h"

namespace claimwatch::cli {
namespace {

struct ProduceRun {
  ServiceOptions options;
  std::string input;
};

absl::Status RunProduce(const ProduceRun& run) {
  auto config = run.options.Load();
  if (!config.ok()) return config.status();
  std::ifstream file;
  auto opened = OpenInput(run.input, file);
  if (!opened.ok()) return opened.status();
  std::istream& input = **opened;
  const std::string& topic = config->kafka.claims_topic;
  auto writer = kafka::KafkaWriter::Create(config->kafka.Producer());
  if (!writer.ok()) return writer.status();
  parsing::ClaimParser parser;
  std::string line;
  size_t sent = 0;
  while (std::getline(input, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    // Lines go out as they are: producing malformed claims is how the dead-letter path is tested.
    auto claim = parser.Parse(line);
    const std::string key = claim.ok() ? StrCat(claim->source, "/", claim->claim_id) : "";
    if (auto status = (*writer)->Send(topic, key, line); !status.ok()) return status;
    ++sent;
  }
  if (auto status = (*writer)->Flush(std::chrono::seconds(60)); !status.ok()) return status;
  std::cout << "produced " << sent << " messages to " << topic << '\n';
  return absl::OkStatus();
}

}  // namespace

void AddProduceCommand(CLI::App& app, int& exit_code) {
  auto run = std::make_shared<ProduceRun>();
  auto* command = app.add_subcommand("produce", "Publish NDJSON claims to a Kafka topic");
  command->add_option("--input", run->input, "NDJSON file, or - for stdin")->required();
  command->add_option("--topic", run->options.topic, "Topic [kafka.claims_topic]");
  command->add_option("--config", run->options.config_path, "TOML config file")
      ->check(CLI::ExistingFile);
  command->add_option("--brokers", run->options.brokers, "Kafka bootstrap servers");
  command->callback([run, &exit_code] {
    auto status = RunProduce(*run);
    if (!status.ok()) std::cerr << "produce: " << status.message() << '\n';
    exit_code = ExitCodeFor(status);
  });
}

}  // namespace claimwatch::cli

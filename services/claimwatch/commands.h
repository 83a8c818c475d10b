#pragma once

#include <fstream>
#include <optional>
#include <string>

#include "CLI/CLI.hpp"
#include "services/claimwatch/config.h"

namespace claimwatch::cli {

// Options every service subcommand takes on the command line, over the config file.
struct ServiceOptions {
  std::optional<std::string> config_path{};
  std::optional<std::string> brokers{};
  std::optional<std::string> db{};
  std::optional<std::string> group{};
  std::optional<int> metrics_port{};
  std::optional<std::string> topic{};
  std::optional<std::string> dlq_topic{};
  std::optional<std::string> normalized_topic{};
  std::optional<std::string> incidents_topic{};
  std::optional<std::string> alerts_topic{};

  // `with_metrics_port`: the command serves /metrics on its own port; without, it aggregates
  // and serves them with its HTTP API (and takes --alerts-topic).
  void AddTo(CLI::App& command, bool with_kafka, bool with_metrics_port = true);
  // LoadConfig(config_path) with the command-line values applied on top.
  [[nodiscard]] Result<Config> Load() const;
};

// Each Add*Command registers a subcommand whose callback stores its exit code in `exit_code`.
void AddIngestCommand(CLI::App& app, int& exit_code);
void AddAggregateCommand(CLI::App& app, int& exit_code);
void AddRunCommand(CLI::App& app, int& exit_code);
void AddImportCommand(CLI::App& app, int& exit_code);
void AddProduceCommand(CLI::App& app, int& exit_code);
void AddQueryCommand(CLI::App& app, int& exit_code);
void AddNormaliseCommand(CLI::App& app, int& exit_code);
void AddDetectCommand(CLI::App& app, int& exit_code);

// The stream `--input PATH` names: stdin for "-", else `file` opened on PATH (binary).
[[nodiscard]] Result<std::istream*> OpenInput(const std::string& path, std::ifstream& file);

// Exit codes: 0 done, 1 runtime failure, 2 bad usage or input, 3 bad config or stored state.
int ExitCodeFor(const absl::Status& status);

}  // namespace claimwatch::cli

// The claimwatch command: one binary, one subcommand per service or tool.
#include <cstdio>

#include "CLI/CLI.hpp"
#include "services/claimwatch/commands.h"
#include "spdlog/sinks/stdout_color_sinks.h"
#include "spdlog/spdlog.h"

int main(int argc, char** argv) {
  spdlog::set_default_logger(spdlog::stderr_color_mt("claimwatch"));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v");

  CLI::App app{
      "claimwatch: attack claims from Kafka or NDJSON → validated, deduplicated store → trends "
      "and alerts",
      "claimwatch"};
  app.set_version_flag("--version", "claimwatch 0.1.0");
  app.require_subcommand(1);
  int exit_code = 0;
  claimwatch::cli::AddIngestCommand(app, exit_code);
  claimwatch::cli::AddAggregateCommand(app, exit_code);
  claimwatch::cli::AddRunCommand(app, exit_code);
  claimwatch::cli::AddImportCommand(app, exit_code);
  claimwatch::cli::AddProduceCommand(app, exit_code);
  claimwatch::cli::AddNormaliseCommand(app, exit_code);
  claimwatch::cli::AddDetectCommand(app, exit_code);
  claimwatch::cli::AddQueryCommand(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : 2;  // --help and --version exit 0
  }
  return exit_code;
}

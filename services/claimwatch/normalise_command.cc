// `claimwatch normalise`: NDJSON claims in, normalised NDJSON out, one object a line, so an
// analyst can see why a claim landed where it did.
#include <fstream>
#include <iostream>

#include "services/claimwatch/claim_json.h"
#include "services/claimwatch/commands.h"
#include "services/claimwatch/normaliser_loading.h"
#include "services/normalisation/normalised_json.h"
#include "services/parsing/claim_parser.h"

namespace claimwatch::cli {
namespace {

struct NormaliseRun {
  std::optional<std::string> config_path;
  std::string input = "-";
};

void NormaliseLines(std::istream& input, const normalisation::Normaliser& normaliser,
                    parsing::ClaimParser& parser) {
  std::string line;
  for (int64_t number = 1; std::getline(input, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    nlohmann::ordered_json out;
    auto claim = parser.Parse(line);
    if (claim.ok()) {
      out = ClaimToJson(*claim, nlohmann::ordered_json::parse(
                                    normalisation::NormalisedToJson(normaliser.Normalise(*claim))));
    } else {
      out = {{"line", number},
             {"error", std::string(claim.status().message())},
             {"reason", parsing::RejectReasonLabel(parsing::RejectReasonOf(claim.status()))}};
    }
    std::cout << out.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
  }
}

absl::Status RunNormalise(const NormaliseRun& run) {
  auto config = LoadConfig(run.config_path);
  if (!config.ok()) return config.status();
  auto normaliser = LoadNormaliser(config->normalisation);
  if (!normaliser.ok()) return normaliser.status();
  parsing::ClaimParser parser(config->ingest.parser);
  std::ifstream file;
  auto input = OpenInput(run.input, file);
  if (!input.ok()) return input.status();
  NormaliseLines(**input, **normaliser, parser);
  return absl::OkStatus();
}

}  // namespace

void AddNormaliseCommand(CLI::App& app, int& exit_code) {
  auto run = std::make_shared<NormaliseRun>();
  auto* command = app.add_subcommand(
      "normalise",
      "Resolve NDJSON claims (stdin) to canonical group, place, date and taxonomy codes (stdout); "
      "an invalid line prints {line, error, reason} in its place");
  command->add_option("--config", run->config_path, "TOML config file ([normalisation])")
      ->check(CLI::ExistingFile);
  command->add_option("--input", run->input, "NDJSON file, or - for stdin (default)");
  command->callback([run, &exit_code] {
    auto status = RunNormalise(*run);
    if (!status.ok()) std::cerr << "normalise: " << status.message() << '\n';
    exit_code = ExitCodeFor(status);
  });
}

}  // namespace claimwatch::cli

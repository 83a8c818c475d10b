// `claimwatch detect`: one detector on a count series given as JSON (see detection/README.md).
#include "services/detection/detect_command.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "services/claimwatch/commands.h"

namespace claimwatch::cli {
namespace {

struct DetectRun {
  std::string method;
  std::string input;
};

absl::Status RunDetect(const DetectRun& run) {
  std::ifstream file;
  auto input = OpenInput(run.input, file);
  if (!input.ok()) return input.status();
  std::stringstream text;
  text << (*input)->rdbuf();
  auto output = detection::RunDetectCommand(run.method, text.str());
  if (!output.ok()) return output.status();
  std::cout << *output << '\n';
  return absl::OkStatus();
}

}  // namespace

void AddDetectCommand(CLI::App& app, int& exit_code) {
  auto run = std::make_shared<DetectRun>();
  auto* command = app.add_subcommand(
      "detect",
      "Run a surge detector on a count series: JSON with observed, range (1-based) and control "
      "(R surveillance parameter names); prints method, range, alarm and upperbound");
  command
      ->add_option("--method", run->method,
                   "ears-c1, ears-c2, ears-c3, farrington, farrington-flexible, cusum, "
                   "glr-poisson or poisson-rate")
      ->required()
      ->check(CLI::IsMember({"ears-c1", "ears-c2", "ears-c3", "farrington", "farrington-flexible",
                             "cusum", "glr-poisson", "poisson-rate"}));
  command->add_option("--input", run->input, "JSON file, or - for stdin")->required();
  command->callback([run, &exit_code] {
    auto status = RunDetect(*run);
    if (!status.ok()) std::cerr << "detect: " << status.message() << '\n';
    exit_code = ExitCodeFor(status);
  });
}

}  // namespace claimwatch::cli

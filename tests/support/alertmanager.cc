#include "tests/support/alertmanager.h"

#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <fstream>

namespace claimwatch::testing {

void TestAlertmanager::Stop() {
  if (!process_) return;
  process_->Kill(SIGTERM);
  process_->Wait();
  process_.reset();
}

std::string TestAlertmanager::Start(const std::filesystem::path& dir) {
  const char* configured = std::getenv("CLAIMWATCH_ALERTMANAGER");
  const std::string binary = configured ? configured : "/usr/bin/prometheus-alertmanager";
  if (::access(binary.c_str(), X_OK) != 0) {
    return binary + " is missing: install prometheus-alertmanager (deploy/local/setup does)";
  }
  dir_ = dir;
  std::filesystem::create_directories(dir_ / "alertmanager");
  std::ofstream(dir_ / "alertmanager.yml") << "route:\n"
                                              "  receiver: \"null\"\n"
                                              "receivers:\n"
                                              "  - name: \"null\"\n";
  port_ = FreePort();
  process_ = std::make_unique<Process>(
      std::vector<std::string>{binary, "--config.file=" + (dir_ / "alertmanager.yml").string(),
                               "--storage.path=" + (dir_ / "alertmanager").string(),
                               "--web.listen-address=127.0.0.1:" + std::to_string(port_),
                               "--cluster.listen-address="},
      log(), log());
  const bool ready =
      Eventually([&] { return HttpGet(port_, "/-/ready").starts_with("HTTP/1.1 200"); },
                 std::chrono::seconds(20));
  return ready
             ? ""
             : "alertmanager not ready on port " + std::to_string(port_) + ":\n" + ReadFile(log());
}

}  // namespace claimwatch::testing

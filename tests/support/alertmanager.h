#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "tests/support/process.h"

namespace claimwatch::testing {

// A real Prometheus Alertmanager for one test (Debian's prometheus-alertmanager, which
// deploy/local/setup installs; CLAIMWATCH_ALERTMANAGER names another binary): on a free loopback
// port, without clustering, its config (one "null" receiver), storage and log under `dir`.
class TestAlertmanager {
 public:
  TestAlertmanager() = default;
  ~TestAlertmanager() { Stop(); }
  TestAlertmanager(const TestAlertmanager&) = delete;
  TestAlertmanager& operator=(const TestAlertmanager&) = delete;

  // Starts it and waits until /-/ready answers 200: "" then, else why (a missing binary is an
  // error, never a reason to skip; the log is included).
  std::string Start(const std::filesystem::path& dir);

  // SIGTERM, and waits (before its directory is removed).
  void Stop();

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string log() const { return (dir_ / "alertmanager.log").string(); }

 private:
  std::unique_ptr<Process> process_;
  std::filesystem::path dir_;
  int port_ = 0;
};

}  // namespace claimwatch::testing

#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace claimwatch::testing {

// A child process started with posix_spawn; stdout and stderr go to files (or are inherited).
class Process {
 public:
  Process(const std::vector<std::string>& argv, const std::string& stdout_path = "",
          const std::string& stderr_path = "");
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  // Waits for exit; returns the exit code, or 128 + signal.
  int Wait();
  void Kill(int signal);
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int status_ = -1;
};

// Runs to completion; returns the exit code and fills `out` with stdout.
int RunToExit(const std::vector<std::string>& argv, std::string* out = nullptr);

std::string ReadFile(const std::string& path);

}  // namespace claimwatch::testing

namespace claimwatch::testing {

// GET `path` from 127.0.0.1:port (HTTP/1.1, 2 s timeout): the whole response, status line
// first, or "" when nothing answers.
std::string HttpGet(int port, const std::string& path);
// The value of an unlabelled sample `name` on http://127.0.0.1:port/metrics, or -1 when the
// endpoint does not answer or lacks it.
double ScrapeMetric(int port, const std::string& name);
// The sum of every sample of `name` (all its label sets) on http://127.0.0.1:port/metrics; 0
// when the endpoint does not answer.
double SumMetric(int port, const std::string& name);

}  // namespace claimwatch::testing

namespace claimwatch::testing {

// A loopback TCP port that was free a moment ago (bind to port 0, read it back, close).
int FreePort();

// Polls `done` every 100 ms until it holds or `timeout` passes; returns whether it held.
template <typename Predicate>
bool Eventually(Predicate done, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return true;
}

}  // namespace claimwatch::testing

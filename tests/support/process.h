#pragma once

#include <sys/types.h>

#include <string>
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

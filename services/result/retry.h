#pragma once

#include <atomic>
#include <chrono>
#include <thread>

#include "services/result/result.h"

namespace claimwatch {

// Calls `attempt` (returning Result<> or Result<T>) until it succeeds, fails with anything but
// Unavailable, or `stopping` is set, sleeping `backoff` between attempts. For sinks and stores
// that come back: a broker restart, a full disk being cleared.
template <typename Attempt>
auto RetryWhileUnavailable(Attempt attempt, std::chrono::milliseconds backoff,
                           const std::atomic<bool>& stopping) {
  while (true) {
    auto result = attempt();
    absl::Status status;
    if constexpr (std::is_same_v<decltype(result), absl::Status>) {
      status = result;
    } else {
      status = result.status();
    }
    if (status.ok() || !absl::IsUnavailable(status) || stopping) return result;
    std::this_thread::sleep_for(backoff);
  }
}

}  // namespace claimwatch

#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace claimwatch::testing {

// A reproducible claim stream for integration tests and benchmarks: unique valid claims
// (~580 bytes each), some malformed lines of several kinds, and exact re-deliveries of earlier
// valid lines, shuffled by `seed`.
struct ClaimStream {
  std::vector<std::string> lines{};
  std::set<std::tuple<std::string, std::string, int64_t>> unique_claims{};  // source, id, rev
  std::set<std::string> malformed{};                                        // the exact lines
  size_t redeliveries = 0;
};

ClaimStream GenerateClaimStream(size_t count, double malformed_share, double redelivery_share,
                                uint64_t seed);

// One valid claim line, for benchmarks that need a payload.
std::string ClaimLine(const std::string& source, size_t index, int64_t revision);

// Writes `lines` as NDJSON.
void WriteLines(const std::string& path, const std::vector<std::string>& lines);

}  // namespace claimwatch::testing

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace claimwatch::storage {

// Keys and values of the claim store. Identifiers never contain NUL (the parser rejects control
// characters), so NUL separates them and keys sort by (source, claim_id).
std::string ClaimKey(std::string_view source, std::string_view claim_id);
std::string PositionKey(std::string_view topic, int32_t partition);
// (topic, partition) of a PositionKey, or nullopt when `key` is not one.
std::optional<std::pair<std::string, int32_t>> DecodePositionKey(std::string_view key);

// [version 1][revision: 8 bytes][payload length: 4 bytes][payload][normalised JSON]
std::string EncodeClaimValue(int64_t revision, std::string_view payload,
                             std::string_view normalised);
// The fixed 13-byte prefix of EncodeClaimValue.
std::string EncodeClaimHeader(int64_t revision, size_t payload_bytes);
struct ClaimValue {
  int64_t revision = 0;
  std::string_view payload{};
  std::string_view normalised{};
};
std::optional<ClaimValue> DecodeClaimValue(std::string_view value);

void AppendBigEndian64(std::string& out, uint64_t value);
uint64_t ReadBigEndian64(std::string_view bytes);

}  // namespace claimwatch::storage

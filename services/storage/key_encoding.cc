#include "services/storage/key_encoding.h"

namespace claimwatch::storage {
namespace {
constexpr char kClaimValueVersion = 1;
}

void AppendBigEndian64(std::string& out, uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(value >> shift));
}

uint64_t ReadBigEndian64(std::string_view bytes) {
  uint64_t value = 0;
  for (size_t i = 0; i < 8; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[i]);
  return value;
}

std::string ClaimKey(std::string_view source, std::string_view claim_id) {
  std::string key;
  key.reserve(source.size() + claim_id.size() + 1);
  key.append(source).push_back('\0');
  key.append(claim_id);
  return key;
}

std::string PositionKey(std::string_view topic, int32_t partition) {
  std::string key(topic);
  key.push_back('\0');
  for (int shift = 24; shift >= 0; shift -= 8) {
    key.push_back(static_cast<char>(static_cast<uint32_t>(partition) >> shift));
  }
  return key;
}

std::optional<std::pair<std::string, int32_t>> DecodePositionKey(std::string_view key) {
  if (key.size() < 5 || key[key.size() - 5] != '\0') return std::nullopt;
  uint32_t partition = 0;
  for (size_t i = key.size() - 4; i < key.size(); ++i) {
    partition = (partition << 8) | static_cast<unsigned char>(key[i]);
  }
  return std::pair{std::string(key.substr(0, key.size() - 5)), static_cast<int32_t>(partition)};
}

std::string EncodeClaimHeader(int64_t revision, size_t payload_bytes) {
  std::string header;
  header.reserve(13);
  header.push_back(kClaimValueVersion);
  AppendBigEndian64(header, static_cast<uint64_t>(revision));
  const auto length = static_cast<uint32_t>(payload_bytes);
  for (int shift = 24; shift >= 0; shift -= 8) header.push_back(static_cast<char>(length >> shift));
  return header;
}

std::string EncodeClaimValue(int64_t revision, std::string_view payload,
                             std::string_view normalised) {
  std::string value = EncodeClaimHeader(revision, payload.size());
  value.reserve(13 + payload.size() + normalised.size());
  value.append(payload);
  value.append(normalised);
  return value;
}

std::optional<ClaimValue> DecodeClaimValue(std::string_view value) {
  if (value.size() < 13 || value[0] != kClaimValueVersion) return std::nullopt;
  uint32_t length = 0;
  for (size_t i = 9; i < 13; ++i) length = (length << 8) | static_cast<unsigned char>(value[i]);
  if (value.size() - 13 < length) return std::nullopt;
  return ClaimValue{static_cast<int64_t>(ReadBigEndian64(value.substr(1))),
                    value.substr(13, length), value.substr(13 + length)};
}

}  // namespace claimwatch::storage

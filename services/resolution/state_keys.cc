#include "services/resolution/state_keys.h"

namespace claimwatch::resolution {
namespace {

void AppendBigEndian(std::string& out, uint64_t value, int bytes) {
  for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
    out.push_back(static_cast<char>((value >> shift) & 0xff));
  }
}

}  // namespace

std::string StateKey(StateKind kind, std::string_view scope, std::string_view rest) {
  std::string key;
  key.reserve(2 + scope.size() + rest.size());
  key.push_back(static_cast<char>(kind));
  key.append(scope).push_back('\0');
  key.append(rest);
  return key;
}

std::string BlockDayPrefix(std::string_view scope, std::string_view block, bool coarse) {
  std::string key = StateKey(StateKind::kBlockDay, scope, block);
  key.push_back('\0');
  key.push_back(coarse ? '\1' : '\0');
  return key;
}

void AppendDay(std::string& key, int32_t day) {
  AppendBigEndian(key, static_cast<uint32_t>(static_cast<int64_t>(day) + (int64_t{1} << 31)), 4);
}

std::string BlockDayKey(std::string_view scope, const ClaimFacts& claim) {
  std::string key = BlockDayPrefix(scope, LocationBlock(claim),
                                   claim.event_date.precision != parsing::DatePrecision::kDay);
  AppendDay(key, DayRange(claim.event_date).first);
  key.append(ClaimKey(claim.source, claim.claim_id));
  return key;
}

std::string ContentKeyPrefix(std::string_view scope, uint64_t fingerprint) {
  std::string rest;
  AppendBigEndian(rest, fingerprint, 8);
  return StateKey(StateKind::kContent, scope, rest);
}

std::string PrefixEnd(std::string prefix) {
  while (!prefix.empty()) {
    if (static_cast<unsigned char>(prefix.back()) != 0xff) {
      prefix.back() = static_cast<char>(static_cast<unsigned char>(prefix.back()) + 1);
      return prefix;
    }
    prefix.pop_back();
  }
  return prefix;  // every key: callers treat "" as "to the end"
}

std::string EncodeClaimEntry(const ClaimEntry& entry) {
  std::string value;
  AppendBigEndian(value, static_cast<uint64_t>(entry.revision), 8);
  value.append(entry.incident_id);
  return value;
}

std::optional<ClaimEntry> DecodeClaimEntry(std::string_view value) {
  if (value.size() < 8) return std::nullopt;
  uint64_t revision = 0;
  for (size_t i = 0; i < 8; ++i) revision = (revision << 8) | static_cast<unsigned char>(value[i]);
  return ClaimEntry{static_cast<int64_t>(revision), std::string(value.substr(8))};
}

}  // namespace claimwatch::resolution

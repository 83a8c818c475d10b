#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "services/parsing/claim.h"
#include "services/result/result.h"
#include "simdjson.h"

namespace claimwatch::parsing {

// Why a message was rejected; the label is the `reason` of claimwatch_claims_rejected_total.
enum class RejectReason {
  kTooLarge,
  kInvalidUtf8,
  kInvalidJson,
  kUnsupportedSchema,
  kMissingField,
  kDuplicateField,
  kWrongType,
  kInvalidValue,
};
inline constexpr RejectReason kAllRejectReasons[] = {
    RejectReason::kTooLarge,          RejectReason::kInvalidUtf8,  RejectReason::kInvalidJson,
    RejectReason::kUnsupportedSchema, RejectReason::kMissingField, RejectReason::kDuplicateField,
    RejectReason::kWrongType,         RejectReason::kInvalidValue,
};
const char* RejectReasonLabel(RejectReason reason);

// The reason carried by a status that ClaimParser::Parse returned (kInvalidJson if none).
RejectReason RejectReasonOf(const absl::Status& status);

struct ClaimParserConfig {
  size_t max_message_bytes = 256 * 1024;
  size_t max_id_bytes = 256;  // claim_id and source
  size_t max_depth = 32;      // nesting of unknown fields
};

// Parses and validates claim.v1 messages with simdjson On-Demand. Reports the first error as
// "field.path: reason". Reuses its buffers across calls: one instance per thread.
class ClaimParser {
 public:
  explicit ClaimParser(ClaimParserConfig config = {});

  [[nodiscard]] Result<Claim> Parse(std::string_view payload);

 private:
  // The rejection for a document that is not an object: wrong type if it is valid JSON.
  absl::Status NotAnObject(simdjson::padded_string_view json);

  ClaimParserConfig config_;
  simdjson::ondemand::parser parser_;
  std::vector<char> buffer_;  // payload copy plus SIMDJSON_PADDING
};

}  // namespace claimwatch::parsing

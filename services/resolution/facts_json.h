#pragma once

#include "rapidjson/document.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"
#include "services/resolution/claim_facts.h"

namespace claimwatch::resolution {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// The fields of a claim as members of one JSON object (no braces), shared by claim_change.v1
// messages and the incidents the store keeps.
void WriteFacts(JsonWriter& writer, const ClaimFacts& claim);
// Reads what WriteFacts wrote (and claim_change.v1 from other producers); errors name the field.
[[nodiscard]] Result<ClaimFacts> ReadFacts(const rapidjson::Value& object);

void WriteText(JsonWriter& writer, const char* key, std::string_view text);
void WriteOptionalText(JsonWriter& writer, const char* key, const std::optional<std::string>& text);
template <typename Number>
void WriteOptional(JsonWriter& writer, const char* key, const std::optional<Number>& number) {
  writer.Key(key);
  if (!number) {
    writer.Null();
  } else if constexpr (std::is_floating_point_v<Number>) {
    writer.Double(*number);
  } else {
    writer.Int64(*number);
  }
}

}  // namespace claimwatch::resolution

#pragma once

#include "rapidjson/document.h"
#include "services/normalisation/json_fields.h"
#include "services/resolution/claim_facts.h"

namespace claimwatch::resolution {

using normalisation::JsonWriter;
using normalisation::WriteOptional;
using normalisation::WriteOptionalText;
using normalisation::WriteText;
using normalisation::WriteTextOrNull;

// The fields of a claim as members of one JSON object (no braces), shared by claim_change.v1
// messages and the incidents the store keeps.
void WriteFacts(JsonWriter& writer, const ClaimFacts& claim);
// Reads what WriteFacts wrote (and claim_change.v1 from other producers); errors name the field.
[[nodiscard]] Result<ClaimFacts> ReadFacts(const rapidjson::Value& object);

}  // namespace claimwatch::resolution

#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace claimwatch::parsing {

// Offset (0-based) of the first byte that breaks UTF-8 in `text`, or nullopt when it is valid.
// The common valid case costs one SIMD pass (simdjson::validate_utf8).
std::optional<size_t> FirstInvalidUtf8Byte(std::string_view text);

}  // namespace claimwatch::parsing

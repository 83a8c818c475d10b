#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace claimwatch::normalisation {

// Members of a JSON object written with RapidJSON's streaming writer, for the records written
// once per claim (normalised fields, claim changes, incidents).
using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

inline void WriteText(JsonWriter& writer, const char* key, std::string_view text) {
  writer.Key(key);
  writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

// An empty text as null.
inline void WriteTextOrNull(JsonWriter& writer, const char* key, std::string_view text) {
  if (text.empty()) {
    writer.Key(key);
    writer.Null();
  } else {
    WriteText(writer, key, text);
  }
}

inline void WriteOptionalText(JsonWriter& writer, const char* key,
                              const std::optional<std::string>& text) {
  if (text) {
    WriteText(writer, key, *text);
  } else {
    writer.Key(key);
    writer.Null();
  }
}

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

}  // namespace claimwatch::normalisation

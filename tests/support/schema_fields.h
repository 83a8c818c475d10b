#pragma once

#include <gtest/gtest.h>

#include <string>

#include "nlohmann/json.hpp"

namespace claimwatch::testing {

// Every field `value` has is in `schema` and every field the schema requires is present, in
// nested objects and in array items too, wherever the schema lists their properties. (Field
// names only: types are checked by the tests of each value.)
inline void ExpectMatchesSchema(const nlohmann::json& value, const nlohmann::json& schema,
                                const std::string& path = "") {
  if (schema.contains("required")) {
    for (const auto& key : schema["required"]) {
      EXPECT_TRUE(value.contains(key.get<std::string>())) << path << key << ": missing";
    }
  }
  if (!schema.contains("properties")) return;
  for (const auto& [key, field] : value.items()) {
    ASSERT_TRUE(schema["properties"].contains(key)) << path << key << ": not in the schema";
    const auto& property = schema["properties"][key];
    if (field.is_object()) ExpectMatchesSchema(field, property, path + key + ".");
    if (field.is_array() && property.contains("items")) {
      for (const auto& item : field) {
        if (item.is_object()) ExpectMatchesSchema(item, property["items"], path + key + ".");
      }
    }
  }
}

}  // namespace claimwatch::testing

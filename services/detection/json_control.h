#pragma once

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "services/result/result.h"

namespace claimwatch::detection {

// Reads a detector's `control` object, named as R names the parameters. Absent and null fields
// (R's NULL) leave the target at its default. The first type error is kept in status(), with
// the field named ("control.alpha: must be a number"); later reads are then skipped.
// Holds a reference to the JSON: it must outlive the reader. Not thread-safe.
class JsonControl {
 public:
  explicit JsonControl(const nlohmann::json& control) : control_(control) {}

  void Read(std::string_view name, double& target);
  void Read(std::string_view name, int64_t& target);
  void Read(std::string_view name, bool& target);
  void Read(std::string_view name, std::optional<double>& target);
  void Read(std::string_view name, std::optional<int64_t>& target);
  void Read(std::string_view name, std::vector<double>& target);

  // Maps a string field to an enumerator; any other string is an error listing the choices.
  template <typename Enum>
  void ReadChoice(std::string_view name,
                  std::initializer_list<std::pair<std::string_view, Enum>> choices, Enum& target) {
    std::string text;
    if (!ReadString(name, text)) return;
    for (const auto& [choice, value] : choices) {
      if (text == choice) {
        target = value;
        return;
      }
    }
    std::string names;
    for (const auto& choice : choices)
      names += StrCat(names.empty() ? "" : ", ", "\"", choice.first, "\"");
    Fail(name, StrCat("must be one of ", names));
  }

  // Fails unless the field is absent, null, or equal to `expected` (an option claimwatch
  // implements only in R's default form).
  void RequireIfPresent(std::string_view name, const nlohmann::json& expected,
                        std::string_view reason);

  // The field if present and not null.
  const nlohmann::json* Find(std::string_view name) const;

  // Records an error about a field unless one is already recorded.
  void Fail(std::string_view name, std::string_view reason);

  const absl::Status& status() const { return status_; }

 private:
  // False if the field is absent, null, or not a string (then an error is recorded).
  bool ReadString(std::string_view name, std::string& target);
  // The field as a finite number; nullopt if absent or null (or after an error).
  std::optional<double> Number(std::string_view name);

  const nlohmann::json& control_;
  absl::Status status_{};
};

}  // namespace claimwatch::detection

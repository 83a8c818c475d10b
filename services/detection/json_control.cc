#include "services/detection/json_control.h"

#include <cmath>

namespace claimwatch::detection {
namespace {

// Exactly representable integers only: larger doubles are not counts or lengths.
constexpr double kLargestInteger = 9007199254740992.0;

}  // namespace

const nlohmann::json* JsonControl::Find(std::string_view name) const {
  if (!control_.is_object()) return nullptr;
  const auto it = control_.find(name);
  if (it == control_.end() || it->is_null()) return nullptr;
  return &*it;
}

void JsonControl::Fail(std::string_view name, std::string_view reason) {
  if (status_.ok()) status_ = InvalidInput(StrCat("control.", name, ": ", reason));
}

std::optional<double> JsonControl::Number(std::string_view name) {
  const nlohmann::json* field = status_.ok() ? Find(name) : nullptr;
  if (field == nullptr) return std::nullopt;
  if (!field->is_number() || !std::isfinite(field->get<double>())) {
    Fail(name, "must be a finite number");
    return std::nullopt;
  }
  return field->get<double>();
}

void JsonControl::Read(std::string_view name, std::optional<double>& target) {
  if (const auto value = Number(name)) target = *value;
}

void JsonControl::Read(std::string_view name, double& target) {
  if (const auto value = Number(name)) target = *value;
}

void JsonControl::Read(std::string_view name, std::optional<int64_t>& target) {
  const auto value = Number(name);
  if (!value) return;
  if (std::trunc(*value) != *value || std::fabs(*value) > kLargestInteger) {
    Fail(name, "must be an integer");
    return;
  }
  target = static_cast<int64_t>(*value);
}

void JsonControl::Read(std::string_view name, int64_t& target) {
  std::optional<int64_t> value;
  Read(name, value);
  if (value) target = *value;
}

void JsonControl::Read(std::string_view name, bool& target) {
  const nlohmann::json* field = status_.ok() ? Find(name) : nullptr;
  if (field == nullptr) return;
  if (field->is_boolean()) {
    target = field->get<bool>();
  } else if (field->is_number() && (field->get<double>() == 0 || field->get<double>() == 1)) {
    target = field->get<double>() == 1;  // R treats 0/1 as FALSE/TRUE
  } else {
    Fail(name, "must be true or false");
  }
}

void JsonControl::Read(std::string_view name, std::vector<double>& target) {
  const nlohmann::json* field = status_.ok() ? Find(name) : nullptr;
  if (field == nullptr) return;
  if (field->is_number()) {
    target.assign(1, field->get<double>());
  } else if (field->is_array()) {
    target.clear();
    for (const auto& element : *field) {
      if (!element.is_number()) {
        Fail(name, "must be an array of numbers");
        return;
      }
      target.push_back(element.get<double>());
    }
  } else {
    Fail(name, "must be a number or an array of numbers");
    return;
  }
  for (double value : target) {
    if (!std::isfinite(value)) Fail(name, "must hold finite numbers");
  }
}

bool JsonControl::ReadString(std::string_view name, std::string& target) {
  const nlohmann::json* field = status_.ok() ? Find(name) : nullptr;
  if (field == nullptr) return false;
  if (!field->is_string()) {
    Fail(name, "must be a string");
    return false;
  }
  target = field->get<std::string>();
  return true;
}

void JsonControl::RequireIfPresent(std::string_view name, const nlohmann::json& expected,
                                   std::string_view reason) {
  const nlohmann::json* field = status_.ok() ? Find(name) : nullptr;
  if (field == nullptr || *field == expected) return;
  Fail(name, reason);
}

}  // namespace claimwatch::detection

#include "services/detection/detect_command.h"

#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "services/detection/cusum.h"
#include "services/detection/ears.h"
#include "services/detection/farrington.h"
#include "services/detection/farrington_flexible.h"
#include "services/detection/glr_poisson.h"
#include "services/detection/json_control.h"
#include "services/detection/poisson_rate.h"

namespace claimwatch::detection {
namespace {

using nlohmann::json;

// Exactly representable integers only.
constexpr double kLargestInteger = 9007199254740992.0;

struct Series {
  std::vector<double> observed{};
  std::vector<int64_t> range{};  // empty: not given
  int64_t frequency = 52;
};

Result<std::vector<double>> ReadObserved(const json& input) {
  const auto it = input.find("observed");
  if (it == input.end() || it->is_null()) return InvalidInput("observed: missing");
  if (!it->is_array()) return InvalidInput("observed: must be an array of counts");
  std::vector<double> observed;
  for (size_t i = 0; i < it->size(); ++i) {
    const json& value = (*it)[i];
    if (!value.is_number()) return InvalidInput(StrCat("observed[", i, "]: must be a number"));
    observed.push_back(value.get<double>());
  }
  return observed;
}

Result<std::vector<int64_t>> ReadRange(const json& input) {
  const json* field = nullptr;
  if (const auto it = input.find("range"); it != input.end() && !it->is_null()) {
    field = &*it;
  } else if (const auto control = input.find("control");
             control != input.end() && control->is_object()) {
    if (const auto inner = control->find("range"); inner != control->end() && !inner->is_null()) {
      field = &*inner;
    }
  }
  std::vector<int64_t> range;
  if (field == nullptr) return range;
  // R's jsonlite writes a one-point range as a bare number (auto_unbox).
  const json points = field->is_number() ? json::array({*field}) : *field;
  if (!points.is_array()) return InvalidInput("range: must be an array of 1-based indices");
  for (size_t i = 0; i < points.size(); ++i) {
    const json& value = points[i];
    const double index = value.is_number() ? value.get<double>() : std::nan("");
    if (!(std::trunc(index) == index && std::fabs(index) <= kLargestInteger)) {
      return InvalidInput(StrCat("range[", i, "]: must be an integer"));
    }
    range.push_back(static_cast<int64_t>(index));
  }
  return range;
}

Result<Series> ReadSeries(const json& input) {
  Series series;
  auto observed = ReadObserved(input);
  if (!observed.ok()) return observed.status();
  series.observed = *std::move(observed);
  auto range = ReadRange(input);
  if (!range.ok()) return range.status();
  series.range = *std::move(range);
  if (const auto it = input.find("frequency"); it != input.end() && !it->is_null()) {
    if (!it->is_number_integer() || it->get<int64_t>() < 1) {
      return InvalidInput("frequency: must be a positive integer");
    }
    series.frequency = it->get<int64_t>();
  }
  return series;
}

Result<> RequireRange(const Series& series, std::string_view method) {
  if (!series.range.empty()) return absl::OkStatus();
  return InvalidInput(StrCat("range: missing (required by ", method, ")"));
}

// Farrington reference weeks are index-based: date-based selection (R's epochAsDate) differs.
Result<> RequireIndexEpochs(const json& input) {
  if (const auto it = input.find("epochAsDate"); it != input.end() && *it == true) {
    return InvalidInput(
        "epochAsDate: date-based reference weeks are not supported; give "
        "index-based series (epochAsDate false)");
  }
  return absl::OkStatus();
}

void ReadLimit54(JsonControl& reader, Limit54& target) {
  std::vector<double> values;
  reader.Read("limit54", values);
  if (values.empty()) return;
  if (values.size() != 2 || std::trunc(values[1]) != values[1]) {
    reader.Fail("limit54", "must be [cases, period] with an integer period");
    return;
  }
  target = {values[0], static_cast<int64_t>(values[1])};
}

void ReadPowerTransform(JsonControl& reader, PowerTransform& target) {
  reader.ReadChoice<PowerTransform>("powertrans",
                                    {{"2/3", PowerTransform::kTwoThirds},
                                     {"1/2", PowerTransform::kSquareRoot},
                                     {"none", PowerTransform::kNone}},
                                    target);
}

Result<DetectorOutput> RunEars(EarsVariant variant, const Series& series, JsonControl& reader) {
  static constexpr std::string_view kNames[] = {"C1", "C2", "C3"};
  const std::string_view name = kNames[static_cast<int>(variant)];
  reader.RequireIfPresent("method", json(name), StrCat("must be \"", name, "\" for this method"));
  EarsControl control;
  reader.Read("baseline", control.baseline);
  reader.Read("minSigma", control.min_sigma);
  reader.Read("alpha", control.alpha);
  if (!reader.status().ok()) return reader.status();
  std::vector<int64_t> range = series.range;
  const int64_t n = static_cast<int64_t>(series.observed.size());
  if (range.empty()) {
    for (int64_t t = EarsRequiredHistory(variant, control) + 1; t <= n; ++t) range.push_back(t);
  }
  if (range.empty()) return InvalidInput("observed: too short for the default range");
  return DetectEars(variant, series.observed, range, control);
}

// The parameters both Farrington methods take, named as R names them.
template <typename Control>
void ReadFarringtonCommon(const Series& series, JsonControl& reader, Control& control) {
  control.frequency = series.frequency;
  reader.Read("b", control.b);
  reader.Read("w", control.w);
  reader.Read("reweight", control.reweight);
  reader.Read("alpha", control.alpha);
  reader.Read("trend", control.trend);
  ReadLimit54(reader, control.limit54);
  ReadPowerTransform(reader, control.powertrans);
}

Result<DetectorOutput> RunFarrington(const Series& series, JsonControl& reader) {
  FarringtonControl control;
  ReadFarringtonCommon(series, reader, control);
  reader.RequireIfPresent("fitFun", "algo.farrington.fitGLM.fast",
                          "only \"algo.farrington.fitGLM.fast\" is implemented");
  if (!reader.status().ok()) return reader.status();
  return DetectFarrington(series.observed, series.range, control);
}

Result<DetectorOutput> RunFarringtonFlexible(const Series& series, JsonControl& reader) {
  FarringtonFlexibleControl control;
  ReadFarringtonCommon(series, reader, control);
  reader.Read("weightsThreshold", control.weights_threshold);
  reader.Read("pThresholdTrend", control.p_threshold_trend);
  reader.Read("noPeriods", control.no_periods);
  reader.Read("pastWeeksNotIncluded", control.past_weeks_not_included);
  reader.ReadChoice<ThresholdMethod>("thresholdMethod",
                                     {{"delta", ThresholdMethod::kDelta},
                                      {"nbPlugin", ThresholdMethod::kNbPlugin},
                                      {"muan", ThresholdMethod::kMuan}},
                                     control.threshold_method);
  reader.RequireIfPresent("fitFun", "algo.farrington.fitGLM.flexible",
                          "only \"algo.farrington.fitGLM.flexible\" is implemented");
  reader.RequireIfPresent("populationOffset", false, "a population offset is not implemented");
  if (!reader.status().ok()) return reader.status();
  return DetectFarringtonFlexible(series.observed, series.range, control);
}

Result<DetectorOutput> RunCusum(const Series& series, JsonControl& reader) {
  CusumControl control;
  reader.Read("k", control.k);
  reader.Read("h", control.h);
  if (const json* m = reader.Find("m"); m != nullptr && !m->is_number()) {
    reader.Fail("m", "must be a number or null (\"glm\" is not implemented)");
  }
  reader.Read("m", control.m);
  reader.RequireIfPresent("trans", "standard", "only \"standard\" is implemented");
  if (!reader.status().ok()) return reader.status();
  return DetectCusum(series.observed, series.range, control);
}

// The in-control model spec: R's mu0 given as a list, or the mu0Model record of an oracle file.
void ReadMu0Model(JsonControl& reader, const json& model, std::string_view name,
                  GlrPoissonControl& control) {
  JsonControl spec(model);
  int64_t harmonics = control.harmonics;
  spec.Read("S", harmonics);
  spec.Read("trend", control.trend);
  spec.RequireIfPresent("refit", false, "refitting after alarms is not implemented");
  if (!spec.status().ok()) {
    const std::string message(spec.status().message());  // "control.S: …" → "S: …"
    reader.Fail(name, std::string_view(message).substr(std::string_view("control.").size()));
  }
  control.harmonics = static_cast<int>(harmonics);
}

Result<DetectorOutput> RunGlrPoisson(const Series& series, JsonControl& reader) {
  GlrPoissonControl control;
  control.frequency = series.frequency;
  reader.Read("c.ARL", control.c_arl);
  reader.ReadChoice<GlrReturn>("ret", {{"value", GlrReturn::kValue}, {"cases", GlrReturn::kCases}},
                               control.ret);
  if (const json* model = reader.Find("mu0Model"); model != nullptr && model->is_object()) {
    ReadMu0Model(reader, *model, "mu0Model", control);
  }
  if (const json* mu0 = reader.Find("mu0"); mu0 != nullptr && mu0->is_object()) {
    ReadMu0Model(reader, *mu0, "mu0", control);
  } else {
    reader.Read("mu0", control.mu0);
  }
  reader.RequireIfPresent("alpha", 0, "must be 0 (the Poisson GLR; NB is not implemented)");
  reader.RequireIfPresent("Mtilde", 1, "only 1 is implemented");
  if (const json* m = reader.Find("M"); m != nullptr && !(m->is_number() && *m <= 0)) {
    reader.Fail("M", "only M <= 0 (no window limit) is implemented");
  }
  reader.RequireIfPresent("change", "intercept", "only \"intercept\" is implemented");
  reader.RequireIfPresent("dir", "inc", "only \"inc\" is implemented");
  if (reader.Find("theta") != nullptr) reader.Fail("theta", "only null (GLR) is implemented");
  if (!reader.status().ok()) return reader.status();
  return DetectGlrPoisson(series.observed, series.range, control);
}

Result<DetectorOutput> RunPoissonRate(const Series& series, JsonControl& reader) {
  PoissonRateControl control;
  reader.Read("w", control.w);
  reader.Read("b", control.b);
  reader.Read("g", control.g);
  reader.Read("alpha", control.alpha);
  if (!reader.status().ok()) return reader.status();
  return DetectPoissonRate(series.observed, series.range, control);
}

Result<DetectorOutput> Dispatch(std::string_view method, const Series& series,
                                JsonControl& reader) {
  if (method == "ears-c1") return RunEars(EarsVariant::kC1, series, reader);
  if (method == "ears-c2") return RunEars(EarsVariant::kC2, series, reader);
  if (method == "ears-c3") return RunEars(EarsVariant::kC3, series, reader);
  if (auto valid = RequireRange(series, method); !valid.ok()) return valid;
  if (method == "farrington") return RunFarrington(series, reader);
  if (method == "farrington-flexible") return RunFarringtonFlexible(series, reader);
  if (method == "cusum") return RunCusum(series, reader);
  if (method == "glr-poisson") return RunGlrPoisson(series, reader);
  return RunPoissonRate(series, reader);
}

Result<> CheckMethod(std::string_view method) {
  for (std::string_view known : {"ears-c1", "ears-c2", "ears-c3", "farrington",
                                 "farrington-flexible", "cusum", "glr-poisson", "poisson-rate"}) {
    if (method == known) return absl::OkStatus();
  }
  return InvalidInput(StrCat("method: unknown \"", method,
                             "\" (ears-c1, ears-c2, ears-c3, farrington, farrington-flexible, "
                             "cusum, glr-poisson, poisson-rate)"));
}

std::string FormatNumber(double value) {
  if (!std::isfinite(value)) return "null";
  return fmt::format("{:.17g}", value);
}

std::string FormatOutput(std::string_view method, const std::vector<int64_t>& range,
                         const DetectorOutput& output) {
  std::string out = StrCat("{\"method\":", json(method).dump(), ",\"range\":[");
  for (size_t i = 0; i < range.size(); ++i) out += StrCat(i ? "," : "", range[i]);
  out += "],\"alarm\":[";
  for (size_t i = 0; i < output.alarm.size(); ++i) {
    const auto& alarm = output.alarm[i];
    out += StrCat(i ? "," : "", alarm ? (*alarm ? "1" : "0") : "null");
  }
  out += "],\"upperbound\":[";
  for (size_t i = 0; i < output.upperbound.size(); ++i) {
    const auto& bound = output.upperbound[i];
    out += StrCat(i ? "," : "", bound ? FormatNumber(*bound) : "null");
  }
  out += "]}";
  return out;
}

}  // namespace

Result<DetectorOutput> Detect(std::string_view method, std::span<const double> observed,
                              std::span<const int64_t> range, const nlohmann::json& control,
                              int64_t frequency) {
  if (auto known = CheckMethod(method); !known.ok()) return known;
  if (!control.is_null() && !control.is_object()) return InvalidInput("control: must be an object");
  const Series series{{observed.begin(), observed.end()}, {range.begin(), range.end()}, frequency};
  JsonControl reader(control);
  return Dispatch(method, series, reader);
}

Result<std::string> RunDetectCommand(std::string_view method, std::string_view input_json) {
  if (auto known = CheckMethod(method); !known.ok()) return known;
  const json input = json::parse(input_json, nullptr, /*allow_exceptions=*/false);
  if (input.is_discarded()) return InvalidInput("input: not valid JSON");
  if (!input.is_object()) return InvalidInput("input: must be a JSON object");
  auto series = ReadSeries(input);
  if (!series.ok()) return series.status();
  const auto control_it = input.find("control");
  json control = control_it == input.end() ? json(nullptr) : *control_it;
  if (control.is_array() && control.empty()) control = nullptr;  // R's list() as jsonlite writes it
  if (!control.is_null() && !control.is_object()) return InvalidInput("control: must be an object");
  if (method.starts_with("farrington")) {
    if (auto valid = RequireIndexEpochs(input); !valid.ok()) return valid;
  }
  JsonControl reader(control);
  auto output = Dispatch(method, *series, reader);
  if (!output.ok()) return output.status();
  std::vector<int64_t> range = series->range;
  if (range.empty()) {  // an EARS default range: the last output.size() points
    const auto n = static_cast<int64_t>(series->observed.size());
    for (auto t = n - static_cast<int64_t>(output->alarm.size()) + 1; t <= n; ++t) {
      range.push_back(t);
    }
  }
  return FormatOutput(method, range, *output);
}

}  // namespace claimwatch::detection

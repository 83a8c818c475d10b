#pragma once

#include <memory>

#include "services/claimwatch/config.h"
#include "services/normalisation/normaliser.h"

namespace claimwatch::cli {

// Finds the bundled reference data (see NormalisationConfig), appends the configured extra
// files, loads and checks them, and builds the normaliser. Errors name the file and line.
[[nodiscard]] Result<normalisation::ReferenceData> LoadReference(const NormalisationConfig& config);
[[nodiscard]] Result<std::unique_ptr<normalisation::Normaliser>> LoadNormaliser(
    const NormalisationConfig& config);

}  // namespace claimwatch::cli

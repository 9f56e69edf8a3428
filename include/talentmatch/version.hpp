#pragma once

// The one version number of talentmatch. CMake (project VERSION) and pyproject.toml (the regex metadata
// provider of scikit-build-core) both read the line below; change it here only.
#define TALENTMATCH_VERSION "0.1.0"

#define TALENTMATCH_VERSION_MAJOR 0
#define TALENTMATCH_VERSION_MINOR 1
#define TALENTMATCH_VERSION_PATCH 0

namespace talentmatch {
inline constexpr const char* version = TALENTMATCH_VERSION;
}  // namespace talentmatch

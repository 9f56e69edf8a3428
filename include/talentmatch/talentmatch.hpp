#pragma once

// The umbrella header: includes only.

#include "talentmatch/error.hpp"
#include "talentmatch/solver/batch.hpp"
#include "talentmatch/solver/certificate.hpp"
#include "talentmatch/solver/dense.hpp"
#include "talentmatch/solver/eigen.hpp"
#include "talentmatch/solver/kbest.hpp"
#include "talentmatch/solver/matrix_view.hpp"
#include "talentmatch/solver/solution.hpp"
#include "talentmatch/version.hpp"

#pragma once

// Views on Eigen matrices (and maps, blocks, Refs) for the solvers: no copy, any storage order and strides.

#include <Eigen/Core>

#include "talentmatch/solver/matrix_view.hpp"

namespace talentmatch::solver {

template <class Derived>
matrix_view<typename Derived::Scalar> make_view(const Eigen::DenseBase<Derived>& m) {
  static_assert(bool(Eigen::internal::traits<Derived>::Flags & Eigen::DirectAccessBit),
                "make_view needs an expression with direct access to its coefficients (a matrix, map, block or "
                "Ref); evaluate other expressions first");
  const Derived& d = m.derived();
  if constexpr (bool(Derived::IsRowMajor)) {
    return {d.data(), d.rows(), d.cols(), d.outerStride(), d.innerStride()};
  } else {
    return {d.data(), d.rows(), d.cols(), d.innerStride(), d.outerStride()};
  }
}

}  // namespace talentmatch::solver

#pragma once

// Input checks shared by every solver (dense, sparse, flow, k-best): the scalar types they take, NaN and the wrong
// infinity in a matrix, unassigned costs in the minimisation form, and the magnitude limit that keeps every sum a
// solver forms inside its working type.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "talentmatch/detail/numeric.hpp"
#include "talentmatch/detail/simd.hpp"
#include "talentmatch/error.hpp"
#include "talentmatch/solver/matrix_view.hpp"
#include "talentmatch/solver/solution.hpp"

namespace talentmatch::detail {

using solver::matrix_view;
using solver::work_t;

template <class T>
constexpr bool supported_scalar = std::is_same_v<T, float> || std::is_same_v<T, double> ||
                                  std::is_same_v<T, std::int32_t> || std::is_same_v<T, std::int64_t>;

inline std::string short_number(double x) {
  std::ostringstream o;
  o << x;
  return o.str();
}

// The largest magnitude a cost (or unassigned cost) may have in a problem of size k so that no sum a solver forms
// overflows its working type. A potential is a sum of at most about 2 (k + 1) costs (each augmentation moves it by
// one path length, which alternates at most k + 1 costs in and k out), and the solvers add and subtract two
// potentials and a cost per reduced cost: 8 (k + 2) |c| bounds every intermediate. For integer costs (worked in
// int64) this keeps the arithmetic exact; beyond it, solve in float64 as scipy does.
//
// For float costs (worked in double) the limit is DBL_MAX / (8 (k + 2)), about 1.8e308 / (8 (k + 2)): 2.2e304 at
// k = 1000, 2.2e302 at k = 10^5. Larger costs are refused rather than solved, because the potentials could
// overflow to inf and a certificate over inf proves nothing; scale the matrix down (divide it by its largest
// magnitude: the optimal assignment does not change) to solve it.
template <class T>
double cost_magnitude_limit(std::ptrdiff_t k) {
  const double top = std::is_floating_point_v<work_t<T>>
                         ? std::numeric_limits<double>::max()
                         : static_cast<double>(std::numeric_limits<std::int64_t>::max());
  return top / (8.0 * (static_cast<double>(k) + 2.0));
}

// The refusal of a cost of magnitude max_abs beyond `limit`, worded for the working type: for integers the limit is
// exact int64 arithmetic, for floats the range of double (see cost_magnitude_limit).
template <class T>
error magnitude_error(const std::string& what, double max_abs, double limit) {
  if constexpr (std::is_floating_point_v<work_t<T>>) {
    return error(what + ": magnitude " + short_number(max_abs) + " exceeds " + short_number(limit) +
                 ", the largest floating-point cost at this size (the dual potentials are sums of up to 2 (k + 1) "
                 "costs and would overflow double); scale the matrix down, e.g. divide it by its largest magnitude");
  } else {
    return error(what + ": magnitude " + short_number(max_abs) + " exceeds " + short_number(limit) +
                 ", the limit for exact int64 arithmetic at this size (convert the matrix to float64)");
  }
}

// Throws when a cost (or unassigned cost) of magnitude max_abs could overflow the solver's sums.
template <class T>
void check_magnitude(double max_abs, std::ptrdiff_t k) {
  const double limit = cost_magnitude_limit<T>(k);
  if (max_abs > limit) throw magnitude_error<T>("costs too large", max_abs, limit);
}

inline std::string where(bool transposed, std::ptrdiff_t i) {
  return (transposed ? "column " : "row ") + std::to_string(i);
}

// Checks one side's unassigned costs (caller's sign) and returns them in the minimisation form.
template <class W>
std::vector<W> min_form_costs(const std::vector<W>& x, std::ptrdiff_t n, bool maximize, const char* side,
                              bool& any_must_match, double& max_abs) {
  if (static_cast<std::ptrdiff_t>(x.size()) != n) {
    throw error("unassigned_cost: " + std::string(side) + " costs have length " + std::to_string(x.size()) +
                ", expected " + std::to_string(n));
  }
  std::vector<W> out(x.size());
  any_must_match = false;
  for (std::size_t k = 0; k < x.size(); ++k) {
    if (is_nan(x[k])) {
      throw error("unassigned_cost: " + std::string(side) + " cost " + std::to_string(k) + " is NaN");
    }
    const W y = unassigned_min_form(x[k], maximize);
    if (is_neg_inf(y)) {
      throw error("unassigned_cost: " + std::string(side) + " cost " + std::to_string(k) + " is " +
                  (maximize ? "+inf" : "-inf") + ", which no assignment can beat");
    }
    if (is_inf(y)) {
      any_must_match = true;
    } else {
      max_abs = std::max(max_abs, std::abs(static_cast<double>(y)));
    }
    out[k] = y;
  }
  return out;
}

#if TALENTMATCH_SAP_AVX2
// scan_row's accumulation for n contiguous doubles: the largest finite |c|, and whether some entry is NaN or equals
// `wrong`.
__attribute__((target("avx2"))) inline double scan_doubles_avx2(const double* row, std::ptrdiff_t n, double wrong,
                                                                bool& bad) {
  avx2_checker<true> x(wrong), y(wrong);
  std::ptrdiff_t j = 0;
  for (; j + 8 <= n; j += 8) {
    x.add(_mm256_loadu_pd(row + j));
    y.add(_mm256_loadu_pd(row + j + 4));
  }
  for (; j < n; ++j) x.add(row[j]);
  bad = false;
  double out = 0.0;
  x.finish(bad, out);
  y.finish(bad, out);
  return out;
}
#endif

// The largest finite |cost| of row i; throws on NaN or the wrong infinity, naming the first such entry. The hot
// loop only accumulates (no branch per entry); the position is looked up when something was found.
template <class T>
double scan_row(const matrix_view<T>& cost, std::ptrdiff_t i, bool maximize) {
  const T* row = cost.data + i * cost.row_stride;
  if constexpr (std::is_floating_point_v<T>) {
    constexpr T inf = std::numeric_limits<T>::infinity();
    const T wrong = maximize ? inf : -inf;
    // Four independent lanes, and a separate loop for unit stride, so that the compiler vectorises it.
    const auto scan = [&](auto stride, bool& bad_out) {
      bool b[4] = {false, false, false, false};
      T mxl[4] = {0, 0, 0, 0};
      const auto one = [&](int l, T c) {
        b[l] |= (c != c) | (c == wrong);
        const T ac = std::abs(c);
        mxl[l] = (ac > mxl[l] && ac != inf) ? ac : mxl[l];
      };
      std::ptrdiff_t j = 0;
      for (; j + 4 <= cost.cols; j += 4) {
        for (int l = 0; l < 4; ++l) one(l, row[(j + l) * stride]);
      }
      for (; j < cost.cols; ++j) one(0, row[j * stride]);
      bad_out = b[0] | b[1] | b[2] | b[3];
      return std::max(std::max(mxl[0], mxl[1]), std::max(mxl[2], mxl[3]));
    };
    bool bad = false;
    T mx;
#if TALENTMATCH_SAP_AVX2
    if (std::is_same_v<T, double> && cost.col_stride == 1 && use_avx2()) {
      mx = static_cast<T>(scan_doubles_avx2(reinterpret_cast<const double*>(row), cost.cols, wrong, bad));
    } else
#endif
      mx = cost.col_stride == 1 ? scan(std::integral_constant<std::ptrdiff_t, 1>{}, bad) : scan(cost.col_stride, bad);
    if (bad) {
      for (std::ptrdiff_t j = 0; j < cost.cols; ++j) {
        const T c = row[j * cost.col_stride];
        const std::string at = " at row " + std::to_string(i) + ", column " + std::to_string(j);
        // scipy's words ("contains invalid numeric entries"), so that code written for scipy's ValueError matches
        // ours, then what the entry is and where.
        const std::string invalid = "cost matrix contains invalid numeric entries: ";
        if (std::isnan(c)) throw error(invalid + "NaN" + at);
        if (c == wrong) {
          throw error(invalid + (maximize ? "+inf" : "-inf") + at +
                      (maximize ? " (with maximize, -inf marks a forbidden pair)" : " (+inf marks a forbidden pair)"));
        }
      }
    }
    return static_cast<double>(mx);
  } else {
    (void)maximize;
    double mx = 0.0;
    for (std::ptrdiff_t j = 0; j < cost.cols; ++j)
      mx = std::max(mx, std::abs(static_cast<double>(row[j * cost.col_stride])));
    return mx;
  }
}

// scan_row over every row: the largest finite |cost|.
template <class T>
double scan_matrix(const matrix_view<T>& cost, bool maximize) {
  double max_abs = 0.0;
  for (std::ptrdiff_t i = 0; i < cost.rows; ++i) max_abs = std::max(max_abs, scan_row(cost, i, maximize));
  return max_abs;
}

}  // namespace talentmatch::detail

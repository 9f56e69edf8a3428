#pragma once

// Dense rectangular linear assignment: talentmatch::solver::solve_dense.
//
// Shortest augmenting paths in Crouse's form (see detail/sap.hpp for the paper and the generalisation to
// unassigned costs), reading the caller's matrix in place through a strided view. The orientation the solver
// works in depends only on the shape and the unassigned costs, never on the memory layout, so a C-ordered and a
// Fortran-ordered copy of one matrix give the same answer, ties included.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "talentmatch/detail/numeric.hpp"
#include "talentmatch/detail/sap.hpp"
#include "talentmatch/error.hpp"
#include "talentmatch/solver/matrix_view.hpp"
#include "talentmatch/solver/solution.hpp"

namespace talentmatch::solver {

// The largest magnitude a cost (or unassigned cost) may have in a problem with k = min(rows, cols) so that no sum
// the solver forms overflows its working type: a potential is at most about 2 (k + 1) times the cost range. For
// integer costs that is the limit of exact int64 arithmetic (beyond it, solve in double as scipy does).
template <class T>
double cost_magnitude_limit(std::ptrdiff_t k) {
  const double top = std::is_floating_point_v<work_t<T>>
                         ? std::numeric_limits<double>::max()
                         : static_cast<double>(std::numeric_limits<std::int64_t>::max());
  return top / (8.0 * (static_cast<double>(k) + 2.0));
}

namespace detail_dense {

inline std::string short_number(double x) {
  std::ostringstream o;
  o << x;
  return o.str();
}

template <class T>
constexpr bool supported_scalar = std::is_same_v<T, float> || std::is_same_v<T, double> ||
                                  std::is_same_v<T, std::int32_t> || std::is_same_v<T, std::int64_t>;

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
    if (talentmatch::detail::is_nan(x[k])) {
      throw error("unassigned_cost: " + std::string(side) + " cost " + std::to_string(k) + " is NaN");
    }
    const W y = talentmatch::detail::unassigned_min_form(x[k], maximize);
    if (talentmatch::detail::is_neg_inf(y)) {
      throw error("unassigned_cost: " + std::string(side) + " cost " + std::to_string(k) + " is " +
                  (maximize ? "+inf" : "-inf") + ", which no assignment can beat");
    }
    if (talentmatch::detail::is_inf(y)) {
      any_must_match = true;
    } else {
      max_abs = std::max(max_abs, std::abs(static_cast<double>(y)));
    }
    out[k] = y;
  }
  return out;
}

// Returns the largest finite |cost|; throws on NaN or the wrong infinity, naming the first such entry. The hot
// loop only accumulates (no branch per entry); the position is looked up when something was found.
template <class T>
double scan_matrix(const matrix_view<T>& cost, bool maximize) {
  double max_abs = 0.0;
  for (std::ptrdiff_t i = 0; i < cost.rows; ++i) {
    const T* row = cost.data + i * cost.row_stride;
    if constexpr (std::is_floating_point_v<T>) {
      constexpr T inf = std::numeric_limits<T>::infinity();
      const T wrong = maximize ? inf : -inf;
      bool bad = false;
      T mx = 0;
      for (std::ptrdiff_t j = 0; j < cost.cols; ++j) {
        const T c = row[j * cost.col_stride];
        bad |= (c != c) | (c == wrong);
        const T ac = std::abs(c);
        mx = (ac > mx && ac != inf) ? ac : mx;
      }
      max_abs = std::max(max_abs, static_cast<double>(mx));
      if (!bad) continue;
      for (std::ptrdiff_t j = 0; j < cost.cols; ++j) {
        const T c = row[j * cost.col_stride];
        const std::string at = " at row " + std::to_string(i) + ", column " + std::to_string(j);
        if (std::isnan(c)) throw error("cost matrix contains NaN" + at);
        if (c == wrong) {
          throw error("cost matrix contains " + std::string(maximize ? "+inf" : "-inf") + at +
                      (maximize ? " (with maximize, -inf marks a forbidden pair)" : " (+inf marks a forbidden pair)"));
        }
      }
    } else {
      (void)maximize;
      for (std::ptrdiff_t j = 0; j < cost.cols; ++j) {
        max_abs = std::max(max_abs, std::abs(static_cast<double>(row[j * cost.col_stride])));
      }
    }
  }
  return max_abs;
}

template <class T, class W, bool Negate>
void run_sap(const matrix_view<T>& m, bool transposed, const W* a, const W* b, solution<W>& out) {
  talentmatch::detail::sap_solver<T, W, Negate> s(m.data, m.rows, m.cols, m.row_stride, m.col_stride, a, b);
  // Jonker-Volgenant's initialisation applies to the square full matching; elsewhere (rectangular, unassigned
  // costs) the potentials must start at the unassigned costs, and every row is augmented in turn.
  const bool jv = m.rows == m.cols && a == nullptr && b == nullptr && m.rows > 1;
  for (const std::ptrdiff_t cur : jv ? s.jv_initialize() : s.all_rows()) {
    if (!s.augment(cur)) {
      throw infeasible_error("cost matrix is infeasible: " + where(transposed, cur) +
                             " cannot be matched together with the " + (transposed ? "columns" : "rows") +
                             " before it (no complete assignment avoids the forbidden pairs)");
    }
  }
  out.col4row = std::move(s.col4row);
  out.row4col = std::move(s.row4col);
  out.u = std::move(s.u);
  out.v = std::move(s.v);
}

template <class T>
solution<work_t<T>> solve(const matrix_view<T>& cost, const dense_options& opt,
                          const unassigned_costs<work_t<T>>* unassigned) {
  static_assert(supported_scalar<T>, "solve_dense supports float, double, int32_t and int64_t costs");
  using W = work_t<T>;
  namespace td = talentmatch::detail;
  const std::ptrdiff_t n = cost.rows, m = cost.cols;
  if (n < 0 || m < 0) throw error("cost matrix has a negative dimension");
  if (n > 0 && m > 0 && cost.data == nullptr) throw error("cost matrix data is null");

  // Unassigned costs, in the minimisation form.
  const bool partial = unassigned != nullptr && !(unassigned->row.empty() && unassigned->col.empty());
  std::vector<W> a, b;
  bool a_must = false, b_must = false;
  double max_abs = 0.0;
  if (partial) {
    a = min_form_costs(unassigned->row, n, opt.maximize, "row", a_must, max_abs);
    b = min_form_costs(unassigned->col, m, opt.maximize, "column", b_must, max_abs);
    if (a_must && b_must) {
      throw error(
          "unassigned_cost: infinite costs (\"must be matched\") are supported on the rows or on the columns, not "
          "on both");
    }
  }

  // One pass over the matrix: NaN and the wrong infinity are rejected, with their position.
  max_abs = std::max(max_abs, scan_matrix(cost, opt.maximize));
  const std::ptrdiff_t k = std::min(n, m);
  if (max_abs > cost_magnitude_limit<T>(k)) {
    throw error("costs too large: magnitude " + short_number(max_abs) + " exceeds " +
                short_number(cost_magnitude_limit<T>(k)) + ", the limit for exact arithmetic at this size" +
                (std::is_floating_point_v<W> ? "" : " (convert the matrix to float64)"));
  }

  // Orientation: the side that is augmented row by row. Unmatched-column costs must be finite (they are folded
  // into the starting potentials), so a side with must-match entries becomes the rows; otherwise the smaller side.
  bool transpose;
  if (partial) {
    transpose = b_must || (!a_must && n > m);
  } else {
    transpose = n > m;
  }
  const matrix_view<T> view = transpose ? cost.transposed() : cost;
  const W* pa = nullptr;
  const W* pb = nullptr;
  if (partial) {
    pa = transpose ? b.data() : a.data();
    pb = transpose ? a.data() : b.data();
  }

  solution<W> out;
  if (opt.maximize) {
    run_sap<T, W, true>(view, transpose, pa, pb, out);
  } else {
    run_sap<T, W, false>(view, transpose, pa, pb, out);
  }
  if (transpose) {
    std::swap(out.col4row, out.row4col);
    std::swap(out.u, out.v);
  }

  // The objective in the caller's sign.
  W obj = W(0);
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    const std::ptrdiff_t j = out.col4row[i];
    if (j >= 0) {
      obj += static_cast<W>(cost(i, j));
    } else if (partial) {
      obj += unassigned->row[i];
    }
  }
  if (partial) {
    for (std::ptrdiff_t j = 0; j < m; ++j) {
      if (out.row4col[j] < 0) obj += unassigned->col[j];
    }
  }
  out.objective = obj;
  return out;
}

}  // namespace detail_dense

// Solves min (or max) sum cost(i, col4row[i]) over full matchings of min(rows, cols) pairs. +inf entries (-inf with
// maximize) are forbidden pairs. Throws talentmatch::error on NaN or the wrong infinity (naming the entry) and
// talentmatch::infeasible_error when every full matching uses a forbidden pair (naming a row or column that cannot
// be matched).
template <class T>
solution<work_t<T>> solve_dense(const matrix_view<T>& cost, const dense_options& opt = {}) {
  return detail_dense::solve<T>(cost, opt, nullptr);
}

// The same with a cost for leaving each row and each column unmatched: minimises the matched costs plus the
// unassigned costs paid. A pair is matched only when that is strictly cheaper than leaving both ends unmatched.
template <class T>
solution<work_t<T>> solve_dense(const matrix_view<T>& cost, const unassigned_costs<work_t<T>>& unassigned,
                                const dense_options& opt = {}) {
  return detail_dense::solve<T>(cost, opt, &unassigned);
}

}  // namespace talentmatch::solver

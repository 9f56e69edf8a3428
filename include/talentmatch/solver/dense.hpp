#pragma once

// Dense rectangular linear assignment: talentmatch::solver::solve_dense.
//
// Shortest augmenting paths in Crouse's form (see detail/sap.hpp for the paper and the generalisation to
// unassigned costs), reading the caller's matrix in place through a strided view. The orientation the solver
// works in depends only on the shape and the unassigned costs, never on the memory layout, so a C-ordered and a
// Fortran-ordered copy of one matrix give the same answer, ties included.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
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

// What changed since an earlier solve, for resolve_dense: for each row of the new matrix, the row of the old one it
// continues, or -1 when the row is new or any of its costs changed; the same for columns. Every entry whose row
// and column both carry over must be unchanged.
struct edits {
  std::vector<std::ptrdiff_t> row_origin;
  std::vector<std::ptrdiff_t> col_origin;
};

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

// The largest finite |cost| of row i; throws on NaN or the wrong infinity, naming the first such entry. The hot
// loop only accumulates (no branch per entry); the position is looked up when something was found.
template <class T>
double scan_row(const matrix_view<T>& cost, std::ptrdiff_t i, bool maximize) {
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
    if (bad) {
      for (std::ptrdiff_t j = 0; j < cost.cols; ++j) {
        const T c = row[j * cost.col_stride];
        const std::string at = " at row " + std::to_string(i) + ", column " + std::to_string(j);
        if (std::isnan(c)) throw error("cost matrix contains NaN" + at);
        if (c == wrong) {
          throw error("cost matrix contains " + std::string(maximize ? "+inf" : "-inf") + at +
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

// Throws when a cost (or unassigned cost) of magnitude max_abs could overflow the solver's sums.
template <class T>
void check_magnitude(double max_abs, std::ptrdiff_t k) {
  if (max_abs > cost_magnitude_limit<T>(k)) {
    throw error("costs too large: magnitude " + short_number(max_abs) + " exceeds " +
                short_number(cost_magnitude_limit<T>(k)) + ", the limit for exact arithmetic at this size" +
                (std::is_floating_point_v<work_t<T>> ? "" : " (convert the matrix to float64)"));
  }
}

// A warm start in the solver's orientation: potentials and the part of an earlier matching that still holds.
template <class W>
struct warm_state {
  std::vector<W> u, v;
  std::vector<std::ptrdiff_t> col4row;
};

// The warm start for `m` (solver orientation, full mode) from an earlier solution `prev` (also in the solver's
// orientation) and the origins of m's rows and columns in it. Kept entries are unchanged, so the earlier reduced
// costs stay valid on them; a new column gets the largest potential that keeps every matched row's reduced costs
// non-negative; and, for a rectangular problem, column potentials must be at most 0 and exactly 0 on unmatched
// columns (complementary slackness): raising an unmatched one to 0 releases the matched rows that would then have a
// negative reduced cost there, which may release further columns, until none is left below 0.
template <class T, class W, bool Negate>
warm_state<W> make_warm_state(const matrix_view<T>& m, const solution<W>& prev,
                              const std::vector<std::ptrdiff_t>& row_origin,
                              const std::vector<std::ptrdiff_t>& col_origin) {
  namespace td = talentmatch::detail;
  const std::ptrdiff_t nr = m.rows, nc = m.cols;
  auto c = [&](std::ptrdiff_t i, std::ptrdiff_t j) {
    const W x = static_cast<W>(m(i, j));
    return Negate ? -x : x;
  };
  auto forbidden = [&](std::ptrdiff_t i, std::ptrdiff_t j) {
    if constexpr (std::is_floating_point_v<T>) {
      return std::isinf(m(i, j));
    } else {
      (void)i;
      (void)j;
      return false;
    }
  };
  warm_state<W> w{std::vector<W>(nr, W(0)), std::vector<W>(nc, W(0)), std::vector<std::ptrdiff_t>(nr, -1)};
  std::vector<std::ptrdiff_t> new_col(prev.v.size(), -1);
  for (std::ptrdiff_t j = 0; j < nc; ++j) {
    if (col_origin[j] >= 0) {
      w.v[j] = prev.v[col_origin[j]];
      new_col[col_origin[j]] = j;
    }
  }
  for (std::ptrdiff_t i = 0; i < nr; ++i) {
    const std::ptrdiff_t oi = row_origin[i];
    if (oi < 0) continue;
    w.u[i] = prev.u[oi];
    const std::ptrdiff_t oj = prev.col4row[oi];
    if (oj >= 0 && new_col[oj] >= 0) w.col4row[i] = new_col[oj];
  }
  const bool rectangular = nr < nc;
  for (std::ptrdiff_t j = 0; j < nc; ++j) {
    if (col_origin[j] >= 0) continue;
    W lo = td::infinity<W>();
    for (std::ptrdiff_t i = 0; i < nr; ++i) {
      if (w.col4row[i] >= 0 && !forbidden(i, j)) lo = std::min(lo, c(i, j) - w.u[i]);
    }
    w.v[j] = td::is_inf(lo) ? W(0) : lo;
    if (rectangular) w.v[j] = std::min(w.v[j], W(0));
  }
  if (rectangular) {
    // Column potentials are at most 0 here (a square earlier problem may have left some above): lowering one to 0
    // loosens its matched pair, whose row is released.
    std::vector<std::ptrdiff_t> row_of(nc, -1);
    for (std::ptrdiff_t i = 0; i < nr; ++i) {
      if (w.col4row[i] >= 0) row_of[w.col4row[i]] = i;
    }
    for (std::ptrdiff_t j = 0; j < nc; ++j) {
      if (w.v[j] > W(0)) {
        w.v[j] = W(0);
        if (row_of[j] >= 0) w.col4row[row_of[j]] = -1;
      }
    }
    std::vector<char> matched(nc, 0);
    for (std::ptrdiff_t i = 0; i < nr; ++i) {
      if (w.col4row[i] >= 0) matched[w.col4row[i]] = 1;
    }
    std::vector<std::ptrdiff_t> low;
    for (std::ptrdiff_t j = 0; j < nc; ++j) {
      if (!matched[j] && w.v[j] < W(0)) low.push_back(j);
    }
    while (!low.empty()) {
      const std::ptrdiff_t j = low.back();
      low.pop_back();
      w.v[j] = W(0);
      for (std::ptrdiff_t i = 0; i < nr; ++i) {
        const std::ptrdiff_t jj = w.col4row[i];
        if (jj < 0 || forbidden(i, j) || !(c(i, j) - w.u[i] < W(0))) continue;
        w.col4row[i] = -1;
        matched[jj] = 0;
        if (w.v[jj] < W(0)) low.push_back(jj);
      }
    }
  }
  return w;
}

// Validates the origins of one side of a re-solve: one per row (column), each -1 or a distinct index below `old`.
inline std::vector<std::ptrdiff_t> check_origins(const std::vector<std::ptrdiff_t>& origin, std::ptrdiff_t n,
                                                 std::size_t old, const char* side) {
  if (static_cast<std::ptrdiff_t>(origin.size()) != n) {
    throw error(std::string("resolve_dense: ") + side + "_origin has length " + std::to_string(origin.size()) +
                ", expected " + std::to_string(n));
  }
  std::vector<char> seen(old, 0);
  for (std::size_t k = 0; k < origin.size(); ++k) {
    const std::ptrdiff_t o = origin[k];
    if (o < -1 || o >= static_cast<std::ptrdiff_t>(old)) {
      throw error(std::string("resolve_dense: ") + side + "_origin[" + std::to_string(k) + "] = " + std::to_string(o) +
                  " is not -1 or an index below " + std::to_string(old));
    }
    if (o >= 0 && seen[o]++) {
      throw error(std::string("resolve_dense: ") + side + "_origin[" + std::to_string(k) + "] repeats " +
                  std::to_string(o));
    }
  }
  return origin;
}

// Jonker-Volgenant's initialisation applies to the square full matching; elsewhere (rectangular, unassigned costs)
// the potentials must start at the unassigned costs, and every row is augmented in turn. A warm start augments only
// the rows it leaves unmatched.
inline bool uses_jv(std::ptrdiff_t rows, std::ptrdiff_t cols, bool partial, bool warm) {
  return rows == cols && !partial && !warm && rows > 1;
}

// check_matrix: the matrix is not validated yet (see solve); the initialisation validates each row as it first
// reads it, then the magnitude limit is checked, before any search.
template <class T, class W, bool Negate>
void run_sap(const matrix_view<T>& m, bool transposed, const W* a, const W* b, solution<W>& out,
             const warm_state<W>* warm, bool maximize, bool check_matrix) {
  talentmatch::detail::sap_solver<T, W, Negate> s(m.data, m.rows, m.cols, m.row_stride, m.col_stride, a, b);
  std::vector<std::ptrdiff_t> rows;
  if (warm != nullptr) {
    rows = s.warm_start(warm->u, warm->v, warm->col4row);
  } else if (uses_jv(m.rows, m.cols, a != nullptr || b != nullptr, false)) {
    if (check_matrix) {
      double max_abs = 0.0;
      rows = s.jv_initialize([&](std::ptrdiff_t i) { max_abs = std::max(max_abs, scan_row(m, i, maximize)); });
      check_magnitude<T>(max_abs, m.rows);
    } else {
      rows = s.jv_initialize();
    }
  } else {
    rows = s.all_rows();
  }
  for (const std::ptrdiff_t cur : rows) {
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
                          const unassigned_costs<work_t<T>>* unassigned, const solution<work_t<T>>* previous = nullptr,
                          const edits* changes = nullptr) {
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

  // One pass over the matrix: NaN and the wrong infinity are rejected, with their position (row by row, the first
  // bad row first), then magnitudes that could overflow. For a square floating-point matrix solved from scratch,
  // the initialisation's first pass does this as it reads each row (run_sap): the same checks in the same order,
  // before any arithmetic that depends on them, with one read of the matrix less.
  const bool fused_check = std::is_floating_point_v<T> && uses_jv(n, m, partial, previous != nullptr);
  if (!fused_check) {
    max_abs = std::max(max_abs, scan_matrix(cost, opt.maximize));
    check_magnitude<T>(max_abs, std::min(n, m));
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

  // A warm start, in the solver's orientation.
  std::optional<warm_state<W>> warm;
  if (previous != nullptr) {
    const std::vector<std::ptrdiff_t> origin_r = check_origins(changes->row_origin, n, previous->col4row.size(), "row");
    const std::vector<std::ptrdiff_t> origin_c =
        check_origins(changes->col_origin, m, previous->row4col.size(), "column");
    if (previous->u.size() != previous->col4row.size() || previous->v.size() != previous->row4col.size()) {
      throw error("resolve_dense: the previous solution's potentials and matching have different sizes");
    }
    solution<W> prev = *previous;
    if (transpose) {
      std::swap(prev.col4row, prev.row4col);
      std::swap(prev.u, prev.v);
    }
    warm = opt.maximize ? make_warm_state<T, W, true>(view, prev, transpose ? origin_c : origin_r,
                                                      transpose ? origin_r : origin_c)
                        : make_warm_state<T, W, false>(view, prev, transpose ? origin_c : origin_r,
                                                       transpose ? origin_r : origin_c);
  }

  solution<W> out;
  const warm_state<W>* pw = warm ? &*warm : nullptr;
  if (opt.maximize) {
    run_sap<T, W, true>(view, transpose, pa, pb, out, pw, opt.maximize, fused_check);
  } else {
    run_sap<T, W, false>(view, transpose, pa, pb, out, pw, opt.maximize, fused_check);
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

// Re-solves a full assignment after rows or columns were added, removed or changed (see `edits`), starting from
// the earlier solution's potentials and keeping every pair whose row and column both carry over: only the rows left
// unmatched are augmented, so a small edit costs a few shortest-path searches instead of a whole solve. Same
// results and certificate as solve_dense on the new matrix (ties may resolve differently: the start differs).
template <class T>
solution<work_t<T>> resolve_dense(const matrix_view<T>& cost, const solution<work_t<T>>& previous, const edits& changes,
                                  const dense_options& opt = {}) {
  return detail_dense::solve<T>(cost, opt, nullptr, &previous, &changes);
}

}  // namespace talentmatch::solver

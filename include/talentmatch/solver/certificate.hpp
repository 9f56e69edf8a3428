#pragma once

// The optimality certificate of an assignment: LP duality for
//
//     min  sum c[i][j] x[i][j] + sum_i a[i] (1 - sum_j x[i][j]) + sum_j b[j] (1 - sum_i x[i][j])
//     s.t. sum_j x[i][j] <= 1, sum_i x[i][j] <= 1, x >= 0
//
// (a = +inf for a row that must be matched; a full matching of the smaller side has a = +inf on it and b = 0 on the
// larger side). Its dual is max sum u + sum v subject to u[i] + v[j] <= c[i][j], u[i] <= a[i], v[j] <= b[j]; a
// matching and duals are both optimal exactly when both are feasible and complementary slackness holds: equality on
// matched pairs, u[i] = a[i] on unmatched rows, v[j] = b[j] on unmatched columns. Then the objectives agree.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "talentmatch/detail/numeric.hpp"
#include "talentmatch/error.hpp"
#include "talentmatch/solver/matrix_view.hpp"
#include "talentmatch/solver/solution.hpp"

namespace talentmatch::solver {

struct certificate {
  bool ok = false;
  double gap = 0;               // |primal objective - dual objective|, minimisation form
  double min_reduced_cost = 0;  // most negative c[i][j] - u[i] - v[j] over allowed pairs (>= -tolerance)
  double max_slackness = 0;     // largest complementary-slackness violation
  double tolerance = 0;         // the absolute tolerance used (0 for integer costs)
  std::string message;          // what failed and where, empty when ok
};

}  // namespace talentmatch::solver

namespace talentmatch::detail {

using solver::certificate;

template <class W>
double as_double(W x) {
  return static_cast<double>(x);
}

// The unassigned costs a (rows) and b (columns) in the minimisation form, +inf = must be matched: the caller's, or
// for the plain problem a full matching of the smaller side (+inf on it, 0 on the larger side). Returns false (and a
// message) when the unassigned costs do not fit the shape or are NaN.
template <class W>
bool side_costs(std::ptrdiff_t n, std::ptrdiff_t m, bool maximize, const solver::unassigned_costs<W>* unassigned,
                std::vector<W>& a, std::vector<W>& b, std::string& message) {
  const bool partial = unassigned != nullptr && !(unassigned->row.empty() && unassigned->col.empty());
  a.assign(n, infinity<W>());
  b.assign(m, infinity<W>());
  if (partial) {
    if (static_cast<std::ptrdiff_t>(unassigned->row.size()) != n ||
        static_cast<std::ptrdiff_t>(unassigned->col.size()) != m) {
      message = "unassigned_cost has " + std::to_string(unassigned->row.size()) + " row and " +
                std::to_string(unassigned->col.size()) + " column costs for a " + std::to_string(n) + " x " +
                std::to_string(m) + " problem";
      return false;
    }
    for (std::ptrdiff_t i = 0; i < n; ++i) a[i] = unassigned_min_form(unassigned->row[i], maximize);
    for (std::ptrdiff_t j = 0; j < m; ++j) b[j] = unassigned_min_form(unassigned->col[j], maximize);
    for (const W x : a) {
      if (is_nan(x) || is_neg_inf(x)) message = "an unassigned row cost is NaN or the wrong infinity";
    }
    for (const W x : b) {
      if (is_nan(x) || is_neg_inf(x)) message = "an unassigned column cost is NaN or the wrong infinity";
    }
    return message.empty();
  } else if (n < m) {
    std::fill(b.begin(), b.end(), W(0));
  } else if (n > m) {
    std::fill(a.begin(), a.end(), W(0));
  }
  return true;
}

// The certificate of `s` for the problem with unassigned costs a, b (minimisation form, +inf = must be matched),
// whatever stores the costs: scan_row(i, f) calls f(j, c) with the minimisation-form cost c of every allowed pair
// (i, j) of row i (a pair listed twice may be offered twice); pair_cost(i, j) returns {allowed, c} for one pair.
// `reported_offset` (minimisation form) is added to the solution's reported objective before comparing it with the
// primal objective: costs the primal counts that the reported objective leaves out.
// A corrupted solution (wrong sizes, indices out of range, NaN or inf potentials, integers whose sums overflow)
// fails the certificate; nothing here can crash or overflow.
template <class W, class ScanRow, class PairCost>
certificate assignment_certificate(std::ptrdiff_t n, std::ptrdiff_t m, const solver::solution<W>& s, bool maximize,
                                   const std::vector<W>& a, const std::vector<W>& b, W reported_offset, double rtol,
                                   const std::string& what, ScanRow&& scan_row, PairCost&& pair_cost) {
  namespace td = talentmatch::detail;
  certificate cert;
  auto fail = [&](const std::string& msg) {
    if (cert.message.empty()) cert.message = msg;
  };
  if (static_cast<std::ptrdiff_t>(s.col4row.size()) != n || static_cast<std::ptrdiff_t>(s.row4col.size()) != m ||
      static_cast<std::ptrdiff_t>(s.u.size()) != n || static_cast<std::ptrdiff_t>(s.v.size()) != m) {
    cert.message = "solution sizes do not match the " + std::to_string(n) + " x " + std::to_string(m) + " " + what;
    return cert;
  }

  if constexpr (std::is_floating_point_v<W>) {
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      if (!std::isfinite(s.u[i])) fail("u[" + std::to_string(i) + "] is " + std::to_string(as_double(s.u[i])));
    }
    for (std::ptrdiff_t j = 0; j < m; ++j) {
      if (!std::isfinite(s.v[j])) fail("v[" + std::to_string(j) + "] is " + std::to_string(as_double(s.v[j])));
    }
    if (!std::isfinite(s.objective)) fail("the objective is " + std::to_string(as_double(s.objective)));
    if (!cert.message.empty()) return cert;
  }
  td::guarded<W> g;

  // Scale for the tolerance.
  double scale = 1.0;
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    scale = std::max(scale, std::abs(as_double(s.u[i])));
    if (!td::is_inf(a[i])) scale = std::max(scale, std::abs(as_double(a[i])));
  }
  for (std::ptrdiff_t j = 0; j < m; ++j) {
    scale = std::max(scale, std::abs(as_double(s.v[j])));
    if (!td::is_inf(b[j])) scale = std::max(scale, std::abs(as_double(b[j])));
  }
  if constexpr (std::is_floating_point_v<W>) {
    // And the largest cost: the solver's potentials carry rounding at the scale of every cost a search passed
    // through, so on a matrix that mixes 1e300 with 1 only the digits double holds at 1e300 can be certified.
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      scan_row(i, [&](std::ptrdiff_t, W c) { scale = std::max(scale, std::abs(as_double(c))); });
    }
  }
  const double tol = std::is_floating_point_v<W> ? rtol * scale : 0.0;
  cert.tolerance = tol;

  // The matching: consistent, allowed pairs only.
  W primal = W(0), dual = W(0);  // exact for integer costs
  double primal_abs = 0.0;
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    const std::ptrdiff_t j = s.col4row[i];
    if (j < -1 || j >= m || (j >= 0 && s.row4col[j] != i)) {
      fail("row " + std::to_string(i) + " and column " + std::to_string(j) + " disagree on the matching");
      return cert;
    }
    if (j >= 0 && !pair_cost(i, j).first)
      fail("row " + std::to_string(i) + " is matched to forbidden column " + std::to_string(j));
  }
  for (std::ptrdiff_t j = 0; j < m; ++j) {
    const std::ptrdiff_t i = s.row4col[j];
    if (i < -1 || i >= n || (i >= 0 && s.col4row[i] != j)) {
      fail("column " + std::to_string(j) + " and row " + std::to_string(i) + " disagree on the matching");
      return cert;
    }
  }
  if (!cert.message.empty()) return cert;

  // Dual feasibility and complementary slackness.
  double min_red = 0.0, max_slack = 0.0;
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    const double ui = as_double(s.u[i]);
    dual = g.add(dual, s.u[i]);
    scan_row(i, [&](std::ptrdiff_t j, W c) {
      const double red = as_double(g.sub(g.sub(c, s.u[i]), s.v[j]));
      if (red < min_red) {
        min_red = red;
        if (red < -tol) {
          fail("reduced cost " + std::to_string(red) + " < 0 at row " + std::to_string(i) + ", column " +
               std::to_string(j));
        }
      }
    });
    const std::ptrdiff_t j = s.col4row[i];
    if (j >= 0) {
      const W cij = pair_cost(i, j).second;
      const double red = std::abs(as_double(g.sub(g.sub(cij, s.u[i]), s.v[j])));
      const double c = as_double(cij);
      primal = g.add(primal, cij);
      primal_abs += std::abs(c);
      max_slack = std::max(max_slack, red);
      if (red > tol) {
        fail("matched pair (" + std::to_string(i) + ", " + std::to_string(j) + ") has reduced cost " +
             std::to_string(red) + " != 0");
      }
    } else if (td::is_inf(a[i])) {
      fail("row " + std::to_string(i) + " must be matched but is not");
    } else {
      const double ai = as_double(a[i]);
      primal = g.add(primal, a[i]);
      primal_abs += std::abs(ai);
      max_slack = std::max(max_slack, std::abs(ui - ai));
      if (std::abs(ui - ai) > tol) {
        fail("unmatched row " + std::to_string(i) + " has u = " + std::to_string(ui) + " != its unassigned cost " +
             std::to_string(ai));
      }
    }
    if (!td::is_inf(a[i]) && ui > as_double(a[i]) + tol) {
      fail("row " + std::to_string(i) + " has u = " + std::to_string(ui) + " above its unassigned cost");
    }
  }
  for (std::ptrdiff_t j = 0; j < m; ++j) {
    const double vj = as_double(s.v[j]);
    dual = g.add(dual, s.v[j]);
    if (s.row4col[j] < 0) {
      if (td::is_inf(b[j])) {
        fail("column " + std::to_string(j) + " must be matched but is not");
      } else {
        const double bj = as_double(b[j]);
        primal = g.add(primal, b[j]);
        primal_abs += std::abs(bj);
        max_slack = std::max(max_slack, std::abs(vj - bj));
        if (std::abs(vj - bj) > tol) {
          fail("unmatched column " + std::to_string(j) + " has v = " + std::to_string(vj) + " != its unassigned cost " +
               std::to_string(bj));
        }
      }
    }
    if (!td::is_inf(b[j]) && vj > as_double(b[j]) + tol) {
      fail("column " + std::to_string(j) + " has v = " + std::to_string(vj) + " above its unassigned cost");
    }
  }
  cert.min_reduced_cost = min_red;
  cert.max_slackness = max_slack;
  cert.gap = std::abs(as_double(g.sub(primal, dual)));
  const double gap_tol = std::is_floating_point_v<W> ? rtol * std::max({1.0, primal_abs, scale}) : 0.0;
  if (!(cert.gap <= gap_tol)) {
    fail("primal objective " + std::to_string(as_double(primal)) + " != dual objective " +
         std::to_string(as_double(dual)));
  }
  const W reported = g.add(maximize ? g.sub(W(0), s.objective) : s.objective, reported_offset);
  if (!(std::abs(as_double(g.sub(reported, primal))) <= gap_tol)) {
    const W paid = g.sub(primal, reported_offset);
    fail("reported objective " + std::to_string(as_double(s.objective)) + " != the cost of the matching " +
         std::to_string(as_double(maximize ? g.sub(W(0), paid) : paid)));
  }
  if (g.overflow) {
    cert.message = "the certificate's sums overflow " + std::string(std::is_floating_point_v<W> ? "double" : "int64") +
                   ": the costs or potentials are out of range";
  }
  cert.ok = cert.message.empty();
  return cert;
}

}  // namespace talentmatch::detail

namespace talentmatch::solver {

// Checks `s` against `cost` (and the unassigned costs, if any). rtol scales with the magnitude of the costs and
// potentials; integer problems are checked exactly.
template <class T, class W>
certificate check_certificate(const matrix_view<T>& cost, const solution<W>& s, const dense_options& opt = {},
                              const unassigned_costs<W>* unassigned = nullptr, double rtol = 1e-9) {
  std::vector<W> a, b;
  certificate bad;
  if (cost.rows < 0 || cost.cols < 0 || (cost.rows > 0 && cost.cols > 0 && cost.data == nullptr)) {
    bad.message = "the cost matrix is malformed (negative dimension or null data)";
    return bad;
  }
  if (!detail::side_costs(cost.rows, cost.cols, opt.maximize, unassigned, a, b, bad.message)) return bad;
  auto allowed = [&](std::ptrdiff_t i, std::ptrdiff_t j) {
    if constexpr (std::is_floating_point_v<T>) {
      const T c = cost(i, j);
      return !(std::isinf(c) || std::isnan(c));
    } else {
      (void)i, (void)j;
      return true;
    }
  };
  auto c_min = [&](std::ptrdiff_t i, std::ptrdiff_t j) -> W {
    const W c = static_cast<W>(cost(i, j));
    if constexpr (!std::is_floating_point_v<W>) {
      if (c == std::numeric_limits<W>::lowest()) return c;  // never a valid cost: fails the check, no overflow
    }
    return opt.maximize ? -c : c;
  };
  return detail::assignment_certificate(
      cost.rows, cost.cols, s, opt.maximize, a, b, W(0), rtol, "matrix",
      [&](std::ptrdiff_t i, auto&& f) {
        for (std::ptrdiff_t j = 0; j < cost.cols; ++j) {
          if (allowed(i, j)) f(j, c_min(i, j));
        }
      },
      [&](std::ptrdiff_t i, std::ptrdiff_t j) {
        const bool ok = allowed(i, j);
        return std::pair<bool, W>(ok, ok ? c_min(i, j) : W(0));
      });
}

// Throws talentmatch::error with the certificate's message when it fails.
template <class T, class W>
void verify(const matrix_view<T>& cost, const solution<W>& s, const dense_options& opt = {},
            const unassigned_costs<W>* unassigned = nullptr, double rtol = 1e-9) {
  const certificate cert = check_certificate(cost, s, opt, unassigned, rtol);
  if (!cert.ok) throw error("certificate check failed: " + cert.message);
}

}  // namespace talentmatch::solver

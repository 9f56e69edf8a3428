#pragma once

// The certificate of a capacitated assignment (solver/flow.hpp): check_certificate and verify, with the same
// names and argument order as those of the dense, sparse and k-best solvers.
//
// LP duality for the flow problem: with the effective bounds of every row, column and quota (detail/laminar.hpp),
// a plan is optimal when it meets them, the duals are feasible and complementary (see flow_solution), and the dual
// objective, sum of the Lagrangian terms of every bounded quantity, equals the primal one. In maximum cardinality
// mode, a breadth-first search also proves that no augmenting path is left.
//
// A corrupted solution (wrong sizes, indices out of range, pairs that disagree with the degrees, NaN or inf duals,
// values whose sums overflow int64) gives a failed certificate, never a crash or undefined behaviour.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "talentmatch/detail/csr_graph.hpp"
#include "talentmatch/detail/flow_network.hpp"
#include "talentmatch/detail/input_checks.hpp"
#include "talentmatch/detail/laminar.hpp"
#include "talentmatch/detail/numeric.hpp"
#include "talentmatch/error.hpp"
#include "talentmatch/solver/certificate.hpp"
#include "talentmatch/solver/csr_view.hpp"
#include "talentmatch/solver/flow.hpp"
#include "talentmatch/solver/matrix_view.hpp"

namespace talentmatch::detail {

// One dual term of a bounded quantity x in [lo, hi] priced at `a` per unit below hi: the Lagrangian lower bound
// y * hi when y <= a, else a * hi + (y - a) * lo.
template <class W>
W bound_term(guarded<W>& g, W y, W a, std::ptrdiff_t lo, std::ptrdiff_t hi) {
  if (y <= a) return g.mul(y, hi);
  return g.add(g.mul(a, hi), g.mul(g.sub(y, a), lo));
}

}  // namespace talentmatch::detail

namespace talentmatch::detail {

// The check itself, on any reader of the allowed pairs: row_pairs(i, f) calls f(j, cost) for each allowed pair of
// row i (minimisation form, any column order, each pair once). `overflow` is set by the reader when an entry is out
// of range for exact arithmetic (it is read after every pass).
template <class W, class RowPairs>
solver::certificate check_flow_certificate(std::ptrdiff_t n, std::ptrdiff_t m, RowPairs&& row_pairs,
                                           const bool& overflow, const solver::flow_solution<W>& s,
                                           const solver::flow_options<W>& opt, double rtol) {
  using idx = std::ptrdiff_t;
  namespace td = talentmatch::detail;
  using solver::certificate;
  using solver::quota;
  certificate cert;
  auto fail = [&](const std::string& msg) {
    if (cert.message.empty()) cert.message = msg;
  };
  td::side_bounds rb, cb;
  std::vector<W> a(n, W(0)), b(m, W(0));
  try {
    rb = td::laminar_bounds(n, m, opt.row_capacity, opt.row_min, opt.row_groups, true);
    cb = td::laminar_bounds(m, n, opt.col_capacity, opt.col_min, opt.col_groups, false);
    if (opt.priced()) {
      std::vector<W> ra, ca;
      double ignored = 0;
      td::side_prices(opt.unassigned->row, opt.maximize, rb, ra, ignored, "row");
      td::side_prices(opt.unassigned->col, opt.maximize, cb, ca, ignored, "column");
      for (idx i = 0; i < n; ++i) a[i] = -ra[i];
      for (idx j = 0; j < m; ++j) b[j] = -ca[j];
    } else {
      std::fill(a.begin(), a.end(), s.row_price);
      std::fill(b.begin(), b.end(), s.col_price);
    }
  } catch (const error& e) {
    cert.message = e.what();
    return cert;
  }
  const idx gr = static_cast<idx>(opt.row_groups.size()), gc = static_cast<idx>(opt.col_groups.size());
  if (static_cast<idx>(s.u.size()) != n || static_cast<idx>(s.v.size()) != m || s.rows.size() != s.cols.size() ||
      static_cast<idx>(s.row_group_dual.size()) != gr || static_cast<idx>(s.col_group_dual.size()) != gc ||
      (!s.row_degree.empty() && static_cast<idx>(s.row_degree.size()) != n) ||
      (!s.col_degree.empty() && static_cast<idx>(s.col_degree.size()) != m)) {
    cert.message = "solution sizes do not match the " + std::to_string(n) + " x " + std::to_string(m) +
                   " problem with " + std::to_string(gr) + " row and " + std::to_string(gc) + " column quotas";
    return cert;
  }
  if constexpr (std::is_floating_point_v<W>) {
    auto finite = [&](const std::vector<W>& x, const char* name) {
      for (std::size_t k = 0; k < x.size(); ++k) {
        if (!std::isfinite(x[k])) {
          fail(std::string(name) + "[" + std::to_string(k) + "] is " + td::short_number(static_cast<double>(x[k])));
        }
      }
    };
    finite(s.u, "u");
    finite(s.v, "v");
    finite(s.row_group_dual, "row_group_dual");
    finite(s.col_group_dual, "col_group_dual");
    if (!std::isfinite(s.row_price) || !std::isfinite(s.col_price)) fail("row_price or col_price is not finite");
    if (!std::isfinite(s.objective)) fail("objective is not finite");
    if (!cert.message.empty()) return cert;
  }
  td::guarded<W> g;

  // The pairs: in range, distinct, allowed, and what the degrees say.
  std::vector<idx> deg_r(n, 0), deg_c(m, 0);
  std::vector<std::pair<idx, idx>> pairs;
  for (std::size_t k = 0; k < s.rows.size(); ++k) {
    const idx i = s.rows[k], j = s.cols[k];
    if (i < 0 || i >= n || j < 0 || j >= m) {
      cert.message = "pair " + std::to_string(k) + " (" + std::to_string(i) + ", " + std::to_string(j) +
                     ") is outside the " + std::to_string(n) + " x " + std::to_string(m) + " matrix";
      return cert;
    }
    pairs.emplace_back(i, j);
    ++deg_r[i];
    ++deg_c[j];
  }
  std::sort(pairs.begin(), pairs.end());
  for (std::size_t k = 1; k < pairs.size(); ++k) {
    if (pairs[k] == pairs[k - 1]) {
      fail("pair (" + std::to_string(pairs[k].first) + ", " + std::to_string(pairs[k].second) + ") is used twice");
    }
  }
  // Row i's pairs are pairs[row_ptr[i], row_ptr[i + 1]); mark[j] is the index of (i, j) among them while row i is
  // read (-1 otherwise).
  std::vector<idx> row_ptr(n + 1, 0), mark(m, -1);
  for (const auto& pr : pairs) ++row_ptr[pr.first + 1];
  for (idx i = 0; i < n; ++i) row_ptr[i + 1] += row_ptr[i];
  auto with_row = [&](idx i, auto&& f) {
    for (idx k = row_ptr[i]; k < row_ptr[i + 1]; ++k) mark[pairs[k].second] = k;
    row_pairs(i, f);
    for (idx k = row_ptr[i]; k < row_ptr[i + 1]; ++k) mark[pairs[k].second] = -1;
  };
  // The costs of the pairs used (a pair the matrix does not allow is forbidden).
  std::vector<W> used_cost(pairs.size(), W(0));
  std::vector<char> allowed(pairs.size(), 0);
  for (idx i = 0; i < n; ++i) {
    if (row_ptr[i] == row_ptr[i + 1]) continue;
    with_row(i, [&](idx j, W c) {
      const idx k = mark[j];
      if (k >= 0 && !allowed[k]) {
        used_cost[k] = c;
        allowed[k] = 1;
      }
    });
  }
  W primal = W(0);
  double primal_abs = 0;
  for (std::size_t k = 0; k < pairs.size(); ++k) {
    if (!allowed[k]) {
      fail("pair (" + std::to_string(pairs[k].first) + ", " + std::to_string(pairs[k].second) + ") is forbidden");
      continue;
    }
    primal = g.add(primal, used_cost[k]);
    primal_abs += std::abs(static_cast<double>(used_cost[k]));
  }
  // The degrees, when given (a solution rebuilt from its pairs alone may leave them empty), must be the pairs'.
  for (idx i = 0; i < static_cast<idx>(s.row_degree.size()); ++i) {
    if (s.row_degree[i] != deg_r[i]) {
      fail("row_degree[" + std::to_string(i) + "] = " + std::to_string(s.row_degree[i]) + " but the pairs give row " +
           std::to_string(i) + " " + std::to_string(deg_r[i]));
    }
  }
  for (idx j = 0; j < static_cast<idx>(s.col_degree.size()); ++j) {
    if (s.col_degree[j] != deg_c[j]) {
      fail("col_degree[" + std::to_string(j) + "] = " + std::to_string(s.col_degree[j]) +
           " but the pairs give column " + std::to_string(j) + " " + std::to_string(deg_c[j]));
    }
  }
  if (!cert.message.empty()) return cert;

  // Bounds and quotas (the effective ones: a capacity above the other side's size is that size).
  auto check_side = [&](const std::vector<idx>& deg, const td::side_bounds& sb, const std::vector<quota>& gs, bool rows,
                        std::vector<idx>& load) {
    const std::string side = td::side_name(rows);
    for (std::size_t k = 0; k < deg.size(); ++k) {
      if (deg[k] < sb.lo[k] || deg[k] > sb.hi[k]) {
        fail(side + " " + std::to_string(k) + " takes " + std::to_string(deg[k]) + " pairs, outside [" +
             std::to_string(sb.lo[k]) + ", " + std::to_string(sb.hi[k]) + "]");
      }
    }
    load.assign(gs.size(), 0);
    for (std::size_t q = 0; q < gs.size(); ++q) {
      for (idx e : gs[q].members) load[q] += deg[e];
      if (load[q] < sb.group_lo[q] || load[q] > sb.group_hi[q]) {
        fail(side + " group " + std::to_string(q) + " takes " + std::to_string(load[q]) + " pairs, outside its quota");
      }
    }
  };
  std::vector<idx> load_r, load_c;
  check_side(deg_r, rb, opt.row_groups, true, load_r);
  check_side(deg_c, cb, opt.col_groups, false, load_c);
  if (!cert.message.empty()) return cert;

  // Scale for the tolerance.
  double scale = 1.0;
  for (idx i = 0; i < n; ++i) scale = std::max({scale, std::abs(double(s.u[i])), std::abs(double(a[i]))});
  for (idx j = 0; j < m; ++j) scale = std::max({scale, std::abs(double(s.v[j])), std::abs(double(b[j]))});
  for (W w : s.row_group_dual) scale = std::max(scale, std::abs(double(w)));
  for (W w : s.col_group_dual) scale = std::max(scale, std::abs(double(w)));
  if constexpr (std::is_floating_point_v<W>) {
    // And the largest cost, as in the assignment certificate (certificate.hpp): rounding in the potentials is at
    // the scale of the costs the searches passed through.
    for (idx i = 0; i < n; ++i) {
      row_pairs(i, [&](idx, W c) { scale = std::max(scale, std::abs(static_cast<double>(c))); });
    }
  }
  const double tol = std::is_floating_point_v<W> ? rtol * scale : 0.0;
  cert.tolerance = tol;

  // Group duals summed per member.
  std::vector<W> zr(n, W(0)), zc(m, W(0));
  for (idx q = 0; q < gr; ++q) {
    for (idx e : opt.row_groups[q].members) zr[e] = g.add(zr[e], s.row_group_dual[q]);
  }
  for (idx q = 0; q < gc; ++q) {
    for (idx e : opt.col_groups[q].members) zc[e] = g.add(zc[e], s.col_group_dual[q]);
  }

  // Pair reduced costs: >= 0 when unused, <= 0 when used; the used ones' negative parts enter the dual objective.
  W dual = W(0);
  double dual_abs = 0, min_red = 0, max_slack = 0;
  for (idx i = 0; i < n; ++i) {
    with_row(i, [&](idx j, W c) {
      const bool used = mark[j] >= 0;
      const W r = g.sub(g.sub(g.sub(g.sub(c, s.u[i]), s.v[j]), zr[i]), zc[j]);
      const double rd = static_cast<double>(r);
      if (used) {
        if (!(rd <= tol)) {
          fail("used pair (" + std::to_string(i) + ", " + std::to_string(j) + ") has reduced cost " +
               std::to_string(rd) + " > 0");
        }
        max_slack = std::max(max_slack, std::max(0.0, rd));
        if (r < W(0)) {
          dual = g.add(dual, r);
          dual_abs += std::abs(rd);
        }
      } else if (!(rd >= -tol)) {
        fail("unused pair (" + std::to_string(i) + ", " + std::to_string(j) + ") has reduced cost " +
             std::to_string(rd) + " < 0");
      }
      min_red = std::min(min_red, used ? 0.0 : rd);
    });
  }

  // Members and groups: complementary slackness, and their dual terms.
  auto node_terms = [&](const std::vector<W>& y, const std::vector<W>& price, const std::vector<idx>& deg,
                        const td::side_bounds& sb, bool rows) {
    const std::string side = td::side_name(rows);
    for (std::size_t k = 0; k < y.size(); ++k) {
      const double d = static_cast<double>(g.sub(y[k], price[k]));
      if (d < -tol && deg[k] != sb.hi[k]) {
        fail(side + " " + std::to_string(k) + " has a dual below its unassigned cost but room left");
      }
      if (d > tol && deg[k] != sb.lo[k]) {
        fail(side + " " + std::to_string(k) + " has a dual above its unassigned cost but is above its minimum");
      }
      max_slack = std::max(max_slack, (deg[k] != sb.hi[k] && deg[k] != sb.lo[k]) ? std::abs(d) : 0.0);
      const W term = td::bound_term(g, y[k], price[k], sb.lo[k], sb.hi[k]);
      dual = g.add(dual, term);
      dual_abs += std::abs(static_cast<double>(term));
      const W paid = g.mul(price[k], sb.hi[k] - deg[k]);
      primal = g.add(primal, paid);
      primal_abs += std::abs(static_cast<double>(paid));
    }
  };
  node_terms(s.u, a, deg_r, rb, true);
  node_terms(s.v, b, deg_c, cb, false);
  auto group_terms = [&](const std::vector<W>& w, const std::vector<idx>& load, const td::side_bounds& sb, bool rows) {
    const std::string side = td::side_name(rows);
    for (std::size_t q = 0; q < w.size(); ++q) {
      const double d = static_cast<double>(w[q]);
      if (d < -tol && load[q] != sb.group_hi[q]) {
        fail(side + " group " + std::to_string(q) + " has a negative dual but is below its max");
      }
      if (d > tol && load[q] != sb.group_lo[q]) {
        fail(side + " group " + std::to_string(q) + " has a positive dual but is above its min");
      }
      if (w[q] < W(0) && sb.group_hi[q] == td::unlimited) continue;  // reported above
      const W term = td::bound_term(g, w[q], W(0), sb.group_lo[q], sb.group_hi[q]);
      dual = g.add(dual, term);
      dual_abs += std::abs(static_cast<double>(term));
    }
  };
  group_terms(s.row_group_dual, load_r, rb, true);
  group_terms(s.col_group_dual, load_c, cb, false);
  cert.min_reduced_cost = min_red;
  cert.max_slackness = max_slack;
  cert.gap = std::abs(static_cast<double>(g.sub(primal, dual)));
  const double gap_tol = std::is_floating_point_v<W> ? rtol * std::max({1.0, primal_abs, dual_abs, scale}) : 0.0;
  if (!(cert.gap <= gap_tol)) {
    fail("primal objective " + std::to_string(static_cast<double>(primal)) + " != dual objective " +
         std::to_string(static_cast<double>(dual)));
  }

  // The reported objective: the pairs' costs plus the unassigned costs paid on the caller's capacities (caller's
  // sign).
  W reported = W(0);
  for (std::size_t k = 0; k < pairs.size(); ++k) reported = g.add(reported, used_cost[k]);
  if (opt.priced()) {
    for (idx i = 0; i < n; ++i) reported = g.add(reported, g.mul(a[i], rb.cap[i] - deg_r[i]));
    for (idx j = 0; j < m; ++j) reported = g.add(reported, g.mul(b[j], cb.cap[j] - deg_c[j]));
  }
  const W claimed = opt.maximize ? g.sub(W(0), s.objective) : s.objective;
  const double off = std::abs(static_cast<double>(g.sub(claimed, reported)));
  if (!(off <= gap_tol)) {
    fail("reported objective " + std::to_string(static_cast<double>(s.objective)) + " != the cost of the plan " +
         std::to_string(static_cast<double>(opt.maximize ? g.sub(W(0), reported) : reported)));
  }
  if (g.overflow || overflow) {
    cert.message = "the certificate's sums overflow " + std::string(std::is_floating_point_v<W> ? "double" : "int64") +
                   ": the costs or duals are out of range";
    cert.ok = false;
    return cert;
  }

  // Maximum cardinality: no path s -> t in the residual network (breadth-first, bounds respected).
  if (!opt.priced() && cert.message.empty()) {
    // Nodes: 0 = s, rows 1..n, columns n+1..n+m, row groups, column groups, t. Tree parents as in solve_flow.
    const idx off_c = 1 + n, off_rg = off_c + m, off_cg = off_rg + gr, t = off_cg + gc, total = t + 1;
    std::vector<idx> parent(total, -1), flow(total, 0), lo(total, 0), hi(total, 0);
    for (idx i = 0; i < n; ++i) {
      parent[1 + i] = rb.member_parent[i] < 0 ? 0 : off_rg + rb.member_parent[i];
      flow[1 + i] = deg_r[i], lo[1 + i] = rb.lo[i], hi[1 + i] = rb.hi[i];
    }
    for (idx q = 0; q < gr; ++q) {
      parent[off_rg + q] = rb.group_parent[q] < 0 ? 0 : off_rg + rb.group_parent[q];
      flow[off_rg + q] = load_r[q], lo[off_rg + q] = rb.group_lo[q], hi[off_rg + q] = rb.group_hi[q];
    }
    for (idx j = 0; j < m; ++j) {
      parent[off_c + j] = cb.member_parent[j] < 0 ? t : off_cg + cb.member_parent[j];
      flow[off_c + j] = deg_c[j], lo[off_c + j] = cb.lo[j], hi[off_c + j] = cb.hi[j];
    }
    for (idx q = 0; q < gc; ++q) {
      parent[off_cg + q] = cb.group_parent[q] < 0 ? t : off_cg + cb.group_parent[q];
      flow[off_cg + q] = load_c[q], lo[off_cg + q] = cb.group_lo[q], hi[off_cg + q] = cb.group_hi[q];
    }
    std::vector<std::vector<idx>> kids(total);
    for (idx x = 0; x < total; ++x) {
      if (parent[x] >= 0) kids[parent[x]].push_back(x);
    }
    std::vector<std::vector<idx>> used_by_col(m);
    for (auto [i, j] : pairs) used_by_col[j].push_back(i);
    auto row_side = [&](idx x) { return x < off_c || (x >= off_rg && x < off_cg); };
    std::vector<char> seen(total, 0);
    std::vector<idx> queue{0};
    seen[0] = 1;
    auto visit = [&](idx y) {
      if (!seen[y]) {
        seen[y] = 1;
        queue.push_back(y);
      }
    };
    for (std::size_t q = 0; q < queue.size() && !seen[t]; ++q) {
      const idx x = queue[q];
      if (row_side(x)) {
        for (idx c : kids[x]) {
          if (flow[c] < hi[c]) visit(c);
        }
        if (x != 0 && flow[x] > lo[x]) visit(parent[x]);
        if (x >= 1 && x < off_c) {
          const idx i = x - 1;
          with_row(i, [&](idx j, W) {
            if (mark[j] < 0) visit(off_c + j);
          });
        }
      } else {
        if (x != t && flow[x] < hi[x]) visit(parent[x]);
        for (idx c : kids[x]) {
          if (flow[c] > lo[c]) visit(c);
        }
        if (x >= off_c && x < off_rg) {
          for (idx i : used_by_col[x - off_c]) visit(1 + i);
        }
      }
    }
    if (seen[t]) fail("an augmenting path is left: the plan does not have the most pairs the constraints allow");
  }
  cert.ok = cert.message.empty();
  return cert;
}

}  // namespace talentmatch::detail

namespace talentmatch::solver {

// Checks a capacitated solution against `cost` and `opt`: the pairs are allowed and distinct, agree with the
// degrees, every bound and quota holds, the duals are feasible and complementary (see flow_solution), the dual
// objective equals the primal one and the reported objective is the cost of the plan (unassigned costs on the
// caller's capacities); in maximum cardinality mode also that no augmenting path is left (so no plan meeting the
// constraints has more pairs). rtol scales with the magnitudes; integer problems are exact.
template <class T, class W>
certificate check_certificate(const matrix_view<T>& cost, const flow_solution<W>& s, const flow_options<W>& opt,
                              double rtol = 1e-9) {
  namespace td = talentmatch::detail;
  if (cost.rows < 0 || cost.cols < 0 || (cost.rows > 0 && cost.cols > 0 && cost.data == nullptr)) {
    certificate cert;
    cert.message = "the cost matrix is malformed (negative dimension or null data)";
    return cert;
  }
  bool overflow = false;
  // The allowed pairs of row i in the minimisation form: every finite entry (an infinity or NaN is not a pair).
  auto row_pairs = [&](std::ptrdiff_t i, auto&& f) {
    const T* row = cost.data + i * cost.row_stride;
    for (std::ptrdiff_t j = 0; j < cost.cols; ++j) {
      const T raw = row[j * cost.col_stride];
      if constexpr (std::is_floating_point_v<T>) {
        if (std::isinf(raw) || std::isnan(raw)) continue;
      }
      const W c = static_cast<W>(raw);
      if constexpr (!std::is_floating_point_v<W>) {
        if (opt.maximize && c == std::numeric_limits<W>::lowest()) {
          overflow = true;
          continue;
        }
      }
      f(j, opt.maximize ? -c : c);
    }
  };
  return td::check_flow_certificate(cost.rows, cost.cols, row_pairs, overflow, s, opt, rtol);
}

// The same check on sparse candidates (solve_flow's CSR form): the allowed pairs are the stored entries, read as
// the solver reads them; no array of rows x columns is formed.
template <class T, class W>
certificate check_certificate(const csr_view<T>& cost, const flow_solution<W>& s, const flow_options<W>& opt,
                              double rtol = 1e-9) {
  namespace td = talentmatch::detail;
  td::csr_graph<W> graph;
  try {
    double ignored = 0;
    graph = td::build_csr_graph<T, W>(cost, opt.maximize, ignored);
  } catch (const error& e) {
    certificate cert;
    cert.message = e.what();
    return cert;
  }
  const bool overflow = false;
  auto row_pairs = [&](std::ptrdiff_t i, auto&& f) {
    for (std::int64_t p = graph.ptr[i]; p < graph.ptr[i + 1]; ++p)
      f(static_cast<std::ptrdiff_t>(graph.idx[p]), graph.cost[p]);
  };
  return td::check_flow_certificate(cost.rows, cost.cols, row_pairs, overflow, s, opt, rtol);
}

template <class T, class W>
void verify(const csr_view<T>& cost, const flow_solution<W>& s, const flow_options<W>& opt, double rtol = 1e-9) {
  const certificate cert = check_certificate(cost, s, opt, rtol);
  if (!cert.ok) throw error("certificate check failed: " + cert.message);
}
// Throws talentmatch::error with the certificate's message when it fails.
template <class T, class W>
void verify(const matrix_view<T>& cost, const flow_solution<W>& s, const flow_options<W>& opt, double rtol = 1e-9) {
  const certificate cert = check_certificate(cost, s, opt, rtol);
  if (!cert.ok) throw error("certificate check failed: " + cert.message);
}

}  // namespace talentmatch::solver

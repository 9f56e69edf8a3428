// Tests of talentmatch::solver::solve_dense against oracles that share no code with it: an exhaustive search over
// every full (or partial) matching for all shapes up to 7 x 7, a dynamic programme over subsets of the larger side for
// shapes up to 14, a textbook Hungarian algorithm for larger shapes, and hand-worked examples. Every solver result must
// also pass its optimality certificate (LP duality, solver/certificate.hpp), and the certificate itself is shown to
// reject corrupted solutions.

#include <gtest/gtest.h>

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <bitset>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "support/brute_force.hpp"
#include "support/expect_error.hpp"
#include "talentmatch/talentmatch.hpp"

namespace {

namespace ts = talentmatch::solver;

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t int64_lowest = std::numeric_limits<std::int64_t>::lowest();

static_assert(std::is_base_of_v<talentmatch::error, talentmatch::infeasible_error>,
              "an infeasible problem is one kind of rejected input");

// ---------------------------------------------------------------------------------------------------------------------
// Test matrices

// A dense row-major matrix owned by the test: the logical entries that a view is expected to show.
template <class T>
struct matrix {
  std::ptrdiff_t n = 0, m = 0;
  std::vector<T> a;

  matrix() = default;
  matrix(std::ptrdiff_t rows, std::ptrdiff_t cols, T fill = T(0)) : n(rows), m(cols), a(rows * cols, fill) {}
  matrix(std::ptrdiff_t rows, std::ptrdiff_t cols, std::initializer_list<T> values) : n(rows), m(cols), a(values) {}

  T& operator()(std::ptrdiff_t i, std::ptrdiff_t j) { return a[i * m + j]; }
  const T& operator()(std::ptrdiff_t i, std::ptrdiff_t j) const { return a[i * m + j]; }

  ts::matrix_view<T> view() const { return ts::row_major_view(a.data(), n, m); }

  std::vector<T> col_major() const {
    std::vector<T> out(a.size());
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      for (std::ptrdiff_t j = 0; j < m; ++j) out[j * n + i] = (*this)(i, j);
    }
    return out;
  }

  matrix transposed() const {
    matrix out(m, n);
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      for (std::ptrdiff_t j = 0; j < m; ++j) out(j, i) = (*this)(i, j);
    }
    return out;
  }
};

template <class T>
std::string describe(const matrix<T>& c) {
  std::ostringstream os;
  os.precision(std::numeric_limits<T>::max_digits10);
  os << c.n << " x " << c.m << " matrix {";
  for (std::ptrdiff_t i = 0; i < c.n; ++i) {
    os << (i ? ", {" : "{");
    for (std::ptrdiff_t j = 0; j < c.m; ++j) os << (j ? ", " : "") << c(i, j);
    os << "}";
  }
  os << "}";
  return os.str();
}

template <class W>
std::string describe(const std::vector<W>& x) {
  std::ostringstream os;
  os.precision(std::numeric_limits<W>::max_digits10);
  os << "{";
  for (std::size_t k = 0; k < x.size(); ++k) os << (k ? ", " : "") << x[k];
  os << "}";
  return os.str();
}

template <class W>
std::string describe(const ts::unassigned_costs<W>& un) {
  return "row costs " + describe(un.row) + ", column costs " + describe(un.col);
}

template <class T>
T uniform(std::mt19937& rng, T lo, T hi) {
  if constexpr (std::is_floating_point_v<T>) {
    return std::uniform_real_distribution<T>(lo, hi)(rng);
  } else {
    return std::uniform_int_distribution<T>(lo, hi)(rng);
  }
}

template <class T>
matrix<T> random_matrix(std::mt19937& rng, std::ptrdiff_t n, std::ptrdiff_t m, T lo, T hi) {
  matrix<T> c(n, m);
  for (T& x : c.a) x = uniform<T>(rng, lo, hi);
  return c;
}

// Integer values in [0, hi] stored as T: many ties.
template <class T>
matrix<T> small_int_matrix(std::mt19937& rng, std::ptrdiff_t n, std::ptrdiff_t m, int hi) {
  matrix<T> c(n, m);
  std::uniform_int_distribution<int> dist(0, hi);
  for (T& x : c.a) x = static_cast<T>(dist(rng));
  return c;
}

// Replaces each entry by `forbidden` with probability p.
template <class T>
void forbid_random(std::mt19937& rng, matrix<T>& c, double p, T forbidden) {
  std::bernoulli_distribution coin(p);
  for (T& x : c.a) {
    if (coin(rng)) x = forbidden;
  }
}

template <class W>
std::vector<W> random_vector(std::mt19937& rng, std::ptrdiff_t n, W lo, W hi) {
  std::vector<W> x(n);
  for (W& y : x) y = uniform<W>(rng, lo, hi);
  return x;
}

// Sets each entry to `must` with probability p.
template <class W>
void must_match_random(std::mt19937& rng, std::vector<W>& x, double p, W must) {
  std::bernoulli_distribution coin(p);
  for (W& y : x) {
    if (coin(rng)) y = must;
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Oracles

// The oracles' copy of a problem: costs in the caller's sign, in the working type, forbidden pairs marked.
template <class W>
struct oracle_problem {
  std::ptrdiff_t n = 0, m = 0;
  std::vector<W> cost;
  std::vector<char> allowed;

  W at(std::ptrdiff_t i, std::ptrdiff_t j) const { return cost[i * m + j]; }
  bool ok(std::ptrdiff_t i, std::ptrdiff_t j) const { return allowed[i * m + j] != 0; }
};

template <class T>
oracle_problem<ts::work_t<T>> oracle_of(const matrix<T>& c) {
  using W = ts::work_t<T>;
  oracle_problem<W> p;
  p.n = c.n;
  p.m = c.m;
  p.cost.resize(c.a.size());
  p.allowed.resize(c.a.size());
  for (std::size_t k = 0; k < c.a.size(); ++k) {
    bool forbidden = false;
    if constexpr (std::is_floating_point_v<T>) forbidden = std::isinf(c.a[k]);
    p.allowed[k] = forbidden ? 0 : 1;
    p.cost[k] = forbidden ? W(0) : static_cast<W>(c.a[k]);
  }
  return p;
}

template <class W>
bool better(W x, W y, bool maximize) {
  return maximize ? x > y : x < y;
}

// Exhaustive search over all injections of the smaller side into the larger: the best full matching of
// min(n, m) pairs, or nullopt when every one uses a forbidden pair.
template <class W>
class full_search {
 public:
  full_search(const oracle_problem<W>& p, bool maximize)
      : p_(p),
        maximize_(maximize),
        rows_small_(p.n <= p.m),
        k_(std::min(p.n, p.m)),
        big_(std::max(p.n, p.m)),
        used_(big_, 0) {
    step(0, W(0));
  }
  std::optional<W> best() const { return best_; }

 private:
  void step(std::ptrdiff_t s, W acc) {
    if (s == k_) {
      if (!best_ || better(acc, *best_, maximize_)) best_ = acc;
      return;
    }
    for (std::ptrdiff_t b = 0; b < big_; ++b) {
      const std::ptrdiff_t i = rows_small_ ? s : b, j = rows_small_ ? b : s;
      if (used_[b] || !p_.ok(i, j)) continue;
      used_[b] = 1;
      step(s + 1, acc + p_.at(i, j));
      used_[b] = 0;
    }
  }

  const oracle_problem<W>& p_;
  bool maximize_, rows_small_;
  std::ptrdiff_t k_, big_;
  std::vector<char> used_;
  std::optional<W> best_;
};

template <class W>
std::optional<W> brute_force_full(const oracle_problem<W>& p, bool maximize) {
  return full_search<W>(p, maximize).best();
}

// Exhaustive search over every matching (of any size): matched costs plus row_cost[i] for each unmatched row and
// col_cost[j] for each unmatched column; nullopt there means "must be matched". nullopt when nothing is feasible.
template <class W>
class partial_search {
 public:
  partial_search(const oracle_problem<W>& p, const std::vector<std::optional<W>>& row_cost,
                 const std::vector<std::optional<W>>& col_cost, bool maximize)
      : p_(p), row_cost_(row_cost), col_cost_(col_cost), maximize_(maximize), used_(p.m, 0) {
    step(0, W(0));
  }
  std::optional<W> best() const { return best_; }

 private:
  void step(std::ptrdiff_t i, W acc) {
    if (i == p_.n) {
      for (std::ptrdiff_t j = 0; j < p_.m; ++j) {
        if (used_[j]) continue;
        if (!col_cost_[j]) return;
        acc += *col_cost_[j];
      }
      if (!best_ || better(acc, *best_, maximize_)) best_ = acc;
      return;
    }
    if (row_cost_[i]) step(i + 1, acc + *row_cost_[i]);
    for (std::ptrdiff_t j = 0; j < p_.m; ++j) {
      if (used_[j] || !p_.ok(i, j)) continue;
      used_[j] = 1;
      step(i + 1, acc + p_.at(i, j));
      used_[j] = 0;
    }
  }

  const oracle_problem<W>& p_;
  const std::vector<std::optional<W>>& row_cost_;
  const std::vector<std::optional<W>>& col_cost_;
  bool maximize_;
  std::vector<char> used_;
  std::optional<W> best_;
};

// The oracle's reading of unassigned costs: +inf (-inf with maximize; for integers the largest, with maximize the
// lowest value) means "must be matched".
template <class W>
std::vector<std::optional<W>> oracle_side(const std::vector<W>& x, bool maximize) {
  std::vector<std::optional<W>> out;
  for (const W y : x) {
    bool must;
    if constexpr (std::is_floating_point_v<W>) {
      must = maximize ? y == -inf : y == inf;
    } else {
      must = maximize ? y == std::numeric_limits<W>::lowest() : y == std::numeric_limits<W>::max();
    }
    out.push_back(must ? std::nullopt : std::optional<W>(y));
  }
  return out;
}

template <class W>
std::optional<W> brute_force_partial(const oracle_problem<W>& p, const ts::unassigned_costs<W>& un, bool maximize) {
  const auto a = oracle_side(un.row, maximize), b = oracle_side(un.col, maximize);
  return partial_search<W>(p, a, b, maximize).best();
}

// Dynamic programme over subsets of the larger side, for shapes beyond the exhaustive search: dp[mask] is the best
// cost of matching the first popcount(mask) items of the smaller side to the items of the larger side in mask.
template <class W>
std::optional<W> subset_dp_full(const oracle_problem<W>& p, bool maximize) {
  const bool rows_small = p.n <= p.m;
  const std::ptrdiff_t k = std::min(p.n, p.m), big = std::max(p.n, p.m);
  std::vector<std::optional<W>> dp(std::size_t{1} << big);
  dp[0] = W(0);
  std::optional<W> best;
  for (std::size_t mask = 0; mask < dp.size(); ++mask) {
    if (!dp[mask]) continue;
    const auto s = static_cast<std::ptrdiff_t>(std::bitset<64>(mask).count());
    if (s == k) {
      if (!best || better(*dp[mask], *best, maximize)) best = dp[mask];
      continue;
    }
    for (std::ptrdiff_t b = 0; b < big; ++b) {
      const std::size_t bit = std::size_t{1} << b;
      const std::ptrdiff_t i = rows_small ? s : b, j = rows_small ? b : s;
      if ((mask & bit) != 0 || !p.ok(i, j)) continue;
      const W val = *dp[mask] + p.at(i, j);
      std::optional<W>& next = dp[mask | bit];
      if (!next || better(val, *next, maximize)) next = val;
    }
  }
  return best;
}

// The objective of the solver's matching, summed here from the problem, or nullopt (with a failure recorded) when it
// is not a valid matching of the kind asked for: a column used twice, a forbidden pair, a must-match row or column
// left unmatched, or (no unassigned costs) fewer than min(n, m) pairs.
template <class W>
std::optional<W> recomputed_objective(const oracle_problem<W>& p, const ts::solution<W>& s,
                                      const ts::unassigned_costs<W>* un, bool maximize) {
  if (static_cast<std::ptrdiff_t>(s.col4row.size()) != p.n) {
    ADD_FAILURE() << "col4row has " << s.col4row.size() << " entries for " << p.n << " rows";
    return std::nullopt;
  }
  std::vector<std::optional<W>> a, b;
  if (un != nullptr) {
    a = oracle_side(un->row, maximize);
    b = oracle_side(un->col, maximize);
  }
  std::vector<char> used(p.m, 0);
  W total = W(0);
  std::ptrdiff_t pairs = 0;
  for (std::ptrdiff_t i = 0; i < p.n; ++i) {
    const std::ptrdiff_t j = s.col4row[i];
    if (j < 0) {
      if (un == nullptr) continue;
      if (!a[i]) {
        ADD_FAILURE() << "row " << i << " must be matched but is not";
        return std::nullopt;
      }
      total += *a[i];
      continue;
    }
    if (j >= p.m || used[j]) {
      ADD_FAILURE() << "row " << i << " has column " << j << ", out of range or already taken";
      return std::nullopt;
    }
    if (!p.ok(i, j)) {
      ADD_FAILURE() << "row " << i << " is matched to forbidden column " << j;
      return std::nullopt;
    }
    used[j] = 1;
    ++pairs;
    total += p.at(i, j);
  }
  if (un == nullptr) {
    if (pairs != std::min(p.n, p.m)) {
      ADD_FAILURE() << "only " << pairs << " pairs, expected " << std::min(p.n, p.m);
      return std::nullopt;
    }
    return total;
  }
  for (std::ptrdiff_t j = 0; j < p.m; ++j) {
    if (used[j]) continue;
    if (!b[j]) {
      ADD_FAILURE() << "column " << j << " must be matched but is not";
      return std::nullopt;
    }
    total += *b[j];
  }
  return total;
}

template <class W>
void expect_same_objective(W got, W want, const std::string& context) {
  if constexpr (std::is_floating_point_v<W>) {
    EXPECT_NEAR(got, want, 1e-9 * (1.0 + std::abs(want))) << context;
  } else {
    EXPECT_EQ(got, want) << context;
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// The solver under test, always followed by its certificate

// Checks the certificate of `s` and its basic shape: sizes, col4row and row4col agreeing, pairs() rows ascending.
template <class T, class W>
void expect_certified(const ts::matrix_view<T>& view, const ts::solution<W>& s, const ts::dense_options& opt,
                      const ts::unassigned_costs<W>* un) {
  const ts::certificate cert = ts::check_certificate(view, s, opt, un);
  EXPECT_TRUE(cert.ok) << "certificate failed: " << cert.message;
  EXPECT_NO_THROW(ts::verify(view, s, opt, un));
  ASSERT_EQ(static_cast<std::ptrdiff_t>(s.col4row.size()), view.rows);
  ASSERT_EQ(static_cast<std::ptrdiff_t>(s.row4col.size()), view.cols);
  ASSERT_EQ(static_cast<std::ptrdiff_t>(s.u.size()), view.rows);
  ASSERT_EQ(static_cast<std::ptrdiff_t>(s.v.size()), view.cols);
  std::ptrdiff_t matched = 0;
  for (std::ptrdiff_t i = 0; i < view.rows; ++i) {
    const std::ptrdiff_t j = s.col4row[i];
    if (j < 0) continue;
    ++matched;
    ASSERT_LT(j, view.cols);
    EXPECT_EQ(s.row4col[j], i);
  }
  for (std::ptrdiff_t j = 0; j < view.cols; ++j) {
    if (s.row4col[j] >= 0) {
      EXPECT_EQ(s.col4row[s.row4col[j]], j);
    }
  }
  EXPECT_EQ(s.size(), matched);
  const auto [rows, cols] = s.pairs();
  ASSERT_EQ(static_cast<std::ptrdiff_t>(rows.size()), matched);
  ASSERT_EQ(cols.size(), rows.size());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    if (k > 0) {
      EXPECT_LT(rows[k - 1], rows[k]);
    }
    EXPECT_EQ(s.col4row[rows[k]], cols[k]);
  }
}

template <class T>
ts::solution<ts::work_t<T>> solve_certified(const ts::matrix_view<T>& view, const ts::dense_options& opt = {}) {
  ts::solution<ts::work_t<T>> s = ts::solve_dense(view, opt);
  expect_certified(view, s, opt, static_cast<const ts::unassigned_costs<ts::work_t<T>>*>(nullptr));
  return s;
}

template <class T>
ts::solution<ts::work_t<T>> solve_certified(const ts::matrix_view<T>& view,
                                            const ts::unassigned_costs<ts::work_t<T>>& un,
                                            const ts::dense_options& opt = {}) {
  ts::solution<ts::work_t<T>> s = ts::solve_dense(view, un, opt);
  expect_certified(view, s, opt, &un);
  return s;
}

ts::dense_options options(bool maximize) {
  ts::dense_options opt;
  opt.maximize = maximize;
  return opt;
}

// Solves `view`, whose logical entries are `expected`, and compares with the oracle's best objective `best`
// (nullopt: infeasible): the same feasibility, a valid matching of optimal cost, the right reported objective, a valid
// certificate. Returns the solution when there is one.
template <class T>
std::optional<ts::solution<ts::work_t<T>>> check_full(const ts::matrix_view<T>& view, const matrix<T>& expected,
                                                      bool maximize, std::optional<ts::work_t<T>> best) {
  using W = ts::work_t<T>;
  const ts::dense_options opt = options(maximize);
  if (!best) {
    EXPECT_THROW(ts::solve_dense(view, opt), talentmatch::infeasible_error)
        << "the oracle finds no full matching of " << describe(expected);
    return std::nullopt;
  }
  ts::solution<W> s;
  try {
    s = solve_certified(view, opt);
  } catch (const std::exception& e) {
    ADD_FAILURE() << "solver threw '" << e.what() << "' on the feasible " << describe(expected)
                  << (maximize ? " (maximize)" : "");
    return std::nullopt;
  }
  const std::optional<W> own = recomputed_objective<W>(oracle_of(expected), s, nullptr, maximize);
  if (!own) {
    ADD_FAILURE() << "invalid matching for " << describe(expected);
    return std::nullopt;
  }
  const std::string context = describe(expected) + (maximize ? " (maximize)" : "");
  expect_same_objective(*own, *best, "matching cost vs oracle for " + context);
  expect_same_objective(s.objective, *best, "reported objective vs oracle for " + context);
  return s;
}

template <class T>
std::optional<ts::solution<ts::work_t<T>>> check_full(const ts::matrix_view<T>& view, const matrix<T>& expected,
                                                      bool maximize = false) {
  return check_full(view, expected, maximize, brute_force_full(oracle_of(expected), maximize));
}

template <class T>
std::optional<ts::solution<ts::work_t<T>>> check_full(const matrix<T>& c, bool maximize = false) {
  return check_full(c.view(), c, maximize);
}

// The same for the problem with unassigned costs, against the exhaustive search over all partial matchings.
template <class T>
std::optional<ts::solution<ts::work_t<T>>> check_partial(const ts::matrix_view<T>& view, const matrix<T>& expected,
                                                         const ts::unassigned_costs<ts::work_t<T>>& un,
                                                         bool maximize = false) {
  using W = ts::work_t<T>;
  const ts::dense_options opt = options(maximize);
  const oracle_problem<W> p = oracle_of(expected);
  const std::optional<W> best = brute_force_partial(p, un, maximize);
  const std::string context = describe(expected) + ", " + describe(un) + (maximize ? " (maximize)" : "");
  if (!best) {
    EXPECT_THROW(ts::solve_dense(view, un, opt), talentmatch::infeasible_error)
        << "the oracle finds no feasible matching of " << context;
    return std::nullopt;
  }
  ts::solution<W> s;
  try {
    s = solve_certified(view, un, opt);
  } catch (const std::exception& e) {
    ADD_FAILURE() << "solver threw '" << e.what() << "' on the feasible " << context;
    return std::nullopt;
  }
  const std::optional<W> own = recomputed_objective(p, s, &un, maximize);
  if (!own) {
    ADD_FAILURE() << "invalid matching for " << context;
    return std::nullopt;
  }
  expect_same_objective(*own, *best, "matching cost vs oracle for " + context);
  expect_same_objective(s.objective, *best, "reported objective vs oracle for " + context);
  return s;
}

template <class T>
std::optional<ts::solution<ts::work_t<T>>> check_partial(const matrix<T>& c,
                                                         const ts::unassigned_costs<ts::work_t<T>>& un,
                                                         bool maximize = false) {
  return check_partial(c.view(), c, un, maximize);
}

// A textbook Hungarian algorithm (Kuhn-Munkres with potentials, O(n^2 m), the e-maxx formulation), written here
// independently of the solver, as the reference for shapes too large to enumerate. No forbidden pairs.
template <class W>
W hungarian_full(const oracle_problem<W>& p0, bool maximize) {
  oracle_problem<W> p = p0;
  if (p.n > p.m) {  // the algorithm wants rows <= columns
    p.n = p0.m;
    p.m = p0.n;
    for (std::ptrdiff_t i = 0; i < p0.n; ++i) {
      for (std::ptrdiff_t j = 0; j < p0.m; ++j) p.cost[j * p0.n + i] = p0.at(i, j);
    }
  }
  const std::ptrdiff_t n = p.n, m = p.m;
  auto a = [&](std::ptrdiff_t i, std::ptrdiff_t j) { return maximize ? -p.at(i - 1, j - 1) : p.at(i - 1, j - 1); };
  const W big = std::numeric_limits<W>::max() / 4;
  std::vector<W> u(n + 1, W(0)), v(m + 1, W(0));
  std::vector<std::ptrdiff_t> match(m + 1, 0), way(m + 1, 0);  // match[j]: row of column j (1-based, 0 = none)
  for (std::ptrdiff_t i = 1; i <= n; ++i) {
    match[0] = i;
    std::ptrdiff_t j0 = 0;
    std::vector<W> minv(m + 1, big);
    std::vector<char> used(m + 1, 0);
    do {
      used[j0] = 1;
      const std::ptrdiff_t i0 = match[j0];
      W delta = big;
      std::ptrdiff_t j1 = 0;
      for (std::ptrdiff_t j = 1; j <= m; ++j) {
        if (used[j]) continue;
        const W cur = a(i0, j) - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (std::ptrdiff_t j = 0; j <= m; ++j) {
        if (used[j]) {
          u[match[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (match[j0] != 0);
    do {
      const std::ptrdiff_t j1 = way[j0];
      match[j0] = match[j1];
      j0 = j1;
    } while (j0 != 0);
  }
  W total = W(0);
  for (std::ptrdiff_t j = 1; j <= m; ++j) {
    if (match[j] != 0) total += p.at(match[j] - 1, j - 1);
  }
  return total;
}

// Number of injections of the smaller side into the larger (the leaves of the exhaustive search).
std::ptrdiff_t injections(std::ptrdiff_t n, std::ptrdiff_t m) {
  std::ptrdiff_t count = 1;
  const std::ptrdiff_t big = std::max(n, m);
  for (std::ptrdiff_t k = 0; k < std::min(n, m); ++k) count *= big - k;
  return count;
}

// Number of matchings of any size in the complete n x m bipartite graph.
std::ptrdiff_t partial_matchings(std::ptrdiff_t n, std::ptrdiff_t m) {
  std::ptrdiff_t total = 0;
  for (std::ptrdiff_t k = 0; k <= std::min(n, m); ++k) {
    std::ptrdiff_t c = 1;  // C(n, k) C(m, k) k! = n! m! / ((n - k)! (m - k)! k!)
    for (std::ptrdiff_t t = 0; t < k; ++t) c = c * (n - t) * (m - t) / (t + 1);
    total += c;
  }
  return total;
}

// Random trials per shape: about `budget` search leaves in all, but at least lo and at most hi.
int trials_for(std::ptrdiff_t leaves, std::ptrdiff_t budget, int lo, int hi) {
  return static_cast<int>(std::clamp<std::ptrdiff_t>(budget / std::max<std::ptrdiff_t>(leaves, 1), lo, hi));
}

#define TALENTMATCH_STOP_ON_FAILURE() \
  if (::testing::Test::HasFailure()) return

// ---------------------------------------------------------------------------------------------------------------------
// Hand-worked examples

TEST(DenseSolver, SolvesHandWorkedSquareExample) {
  // The example of scipy's documentation. Of the six permutations (0,1,2) 6, (0,2,1) 11, (1,0,2) 5, (1,2,0) 9,
  // (2,0,1) 7, (2,1,0) 6, the cheapest is (1,0,2) and the dearest (0,2,1).
  const matrix<double> c(3, 3, {4, 1, 3, 2, 0, 5, 3, 2, 2});
  const auto s = solve_certified(c.view());
  EXPECT_EQ(s.col4row, (std::vector<std::ptrdiff_t>{1, 0, 2}));
  EXPECT_EQ(s.row4col, (std::vector<std::ptrdiff_t>{1, 0, 2}));
  EXPECT_EQ(s.objective, 5.0);
  const auto t = solve_certified(c.view(), options(true));
  EXPECT_EQ(t.col4row, (std::vector<std::ptrdiff_t>{0, 2, 1}));
  EXPECT_EQ(t.objective, 11.0);
}

TEST(DenseSolver, SolvesHandWorkedRectangularExample) {
  // Pairs for rows (0, 1): (0,1) 5, (0,2) 7, (1,0) 4, (1,2) 8, (2,0) 5, (2,1) 7: the best is (1, 0).
  const matrix<std::int64_t> c(2, 3, {1, 2, 3, 2, 4, 6});
  const auto s = solve_certified(c.view());
  EXPECT_EQ(s.col4row, (std::vector<std::ptrdiff_t>{1, 0}));
  EXPECT_EQ(s.row4col, (std::vector<std::ptrdiff_t>{1, 0, -1}));
  EXPECT_EQ(s.objective, 4);
  // The transpose has the same optimum, seen from the other side.
  const matrix<std::int64_t> ct = c.transposed();
  const auto st = solve_certified(ct.view());
  EXPECT_EQ(st.col4row, (std::vector<std::ptrdiff_t>{1, 0, -1}));
  EXPECT_EQ(st.objective, 4);
}

// ---------------------------------------------------------------------------------------------------------------------
// Exhaustive comparison, every shape up to 7 x 7

TEST(DenseSolver, MatchesBruteForceAllShapesUpTo7) {
  std::mt19937 rng(20240601);
  for (std::ptrdiff_t n = 0; n <= 7; ++n) {
    for (std::ptrdiff_t m = 0; m <= 7; ++m) {
      const int trials = trials_for(injections(n, m), 300000, 15, 150);
      for (int t = 0; t < trials; ++t) {
        SCOPED_TRACE(::testing::Message() << n << " x " << m << ", trial " << t);
        check_full(random_matrix<double>(rng, n, m, -50.0, 100.0));
        TALENTMATCH_STOP_ON_FAILURE();
      }
    }
  }
}

TEST(DenseSolver, MatchesBruteForceWithTiesAllShapesUpTo7) {
  std::mt19937 rng(11602);
  for (std::ptrdiff_t n = 0; n <= 7; ++n) {
    for (std::ptrdiff_t m = 0; m <= 7; ++m) {
      const int trials = trials_for(injections(n, m), 200000, 10, 100);
      for (int t = 0; t < trials; ++t) {
        SCOPED_TRACE(::testing::Message() << n << " x " << m << ", trial " << t);
        check_full(small_int_matrix<double>(rng, n, m, 2));
        check_full(small_int_matrix<std::int64_t>(rng, n, m, 2), t % 2 == 1);
        TALENTMATCH_STOP_ON_FAILURE();
      }
    }
  }
}

TEST(DenseSolver, NegativeCostsMatchBruteForceAllShapesUpTo7) {
  std::mt19937 rng(7);
  for (std::ptrdiff_t n = 0; n <= 7; ++n) {
    for (std::ptrdiff_t m = 0; m <= 7; ++m) {
      const int trials = trials_for(injections(n, m), 100000, 8, 60);
      for (int t = 0; t < trials; ++t) {
        SCOPED_TRACE(::testing::Message() << n << " x " << m << ", trial " << t);
        check_full(random_matrix<double>(rng, n, m, -1000.0, -1.0));
        check_full(random_matrix<std::int64_t>(rng, n, m, -1000, -1));
        TALENTMATCH_STOP_ON_FAILURE();
      }
    }
  }
}

TEST(DenseSolver, MaximizeMatchesBruteForceAllShapesUpTo7) {
  std::mt19937 rng(42);
  for (std::ptrdiff_t n = 0; n <= 7; ++n) {
    for (std::ptrdiff_t m = 0; m <= 7; ++m) {
      const int trials = trials_for(injections(n, m), 150000, 10, 100);
      for (int t = 0; t < trials; ++t) {
        SCOPED_TRACE(::testing::Message() << n << " x " << m << ", trial " << t);
        matrix<double> c = random_matrix<double>(rng, n, m, -20.0, 50.0);
        check_full(c, true);
        // -inf marks a forbidden pair when maximising.
        forbid_random(rng, c, 0.1 * (t % 6), -inf);
        check_full(c, true);
        check_full(small_int_matrix<std::int64_t>(rng, n, m, 2), true);
        TALENTMATCH_STOP_ON_FAILURE();
      }
    }
  }
}

TEST(DenseSolver, ForbiddenPairsMatchBruteForceFeasibilityAllShapesUpTo7) {
  std::mt19937 rng(31337);
  int infeasible = 0, feasible = 0;
  for (std::ptrdiff_t n = 0; n <= 7; ++n) {
    for (std::ptrdiff_t m = 0; m <= 7; ++m) {
      const int trials = trials_for(injections(n, m), 300000, 20, 200);
      for (int t = 0; t < trials; ++t) {
        SCOPED_TRACE(::testing::Message() << n << " x " << m << ", trial " << t);
        matrix<double> c = random_matrix<double>(rng, n, m, 0.0, 10.0);
        forbid_random(rng, c, 0.1 * (t % 9), inf);
        const auto best = brute_force_full(oracle_of(c), false);
        (best ? feasible : infeasible) += 1;
        check_full(c.view(), c, false, best);
        TALENTMATCH_STOP_ON_FAILURE();
      }
    }
  }
  // The patterns cover both outcomes well.
  EXPECT_GT(infeasible, 500);
  EXPECT_GT(feasible, 1000);
}

TEST(DenseSolver, MatchesSubsetDynamicProgrammeUpTo14) {
  std::mt19937 rng(1234);
  const std::vector<std::pair<std::ptrdiff_t, std::ptrdiff_t>> shapes = {
      {8, 8}, {9, 12}, {12, 9}, {10, 10}, {12, 12}, {4, 14}, {14, 4}, {11, 14}, {14, 13}, {13, 13}};
  for (const auto& [n, m] : shapes) {
    for (int t = 0; t < 8; ++t) {
      SCOPED_TRACE(::testing::Message() << n << " x " << m << ", trial " << t);
      const bool maximize = t % 2 == 1;
      matrix<double> c = random_matrix<double>(rng, n, m, -10.0, 100.0);
      forbid_random(rng, c, 0.15 * (t % 4), maximize ? -inf : inf);
      check_full(c.view(), c, maximize, subset_dp_full(oracle_of(c), maximize));
      const matrix<std::int64_t> ci = small_int_matrix<std::int64_t>(rng, n, m, 3);
      check_full(ci.view(), ci, maximize, subset_dp_full(oracle_of(ci), maximize));
      TALENTMATCH_STOP_ON_FAILURE();
    }
  }
}

TEST(DenseSolver, MatchesHungarianReferenceOnLargerShapes) {
  std::mt19937 rng(1955);
  const std::vector<std::pair<std::ptrdiff_t, std::ptrdiff_t>> shapes = {{20, 20}, {33, 33}, {64, 64}, {30, 45},
                                                                         {45, 30}, {1, 60},  {60, 1},  {80, 80}};
  for (const auto& [n, m] : shapes) {
    for (int t = 0; t < 4; ++t) {
      SCOPED_TRACE(::testing::Message() << n << " x " << m << ", trial " << t);
      const bool maximize = t % 2 == 1;
      const matrix<double> c = random_matrix<double>(rng, n, m, -100.0, 1000.0);
      check_full(c.view(), c, maximize, hungarian_full(oracle_of(c), maximize));
      // Heavy ties, where the initialisation and the searches have the most choices.
      const matrix<std::int64_t> ci = small_int_matrix<std::int64_t>(rng, n, m, t < 2 ? 1 : 4);
      check_full(ci.view(), ci, maximize, hungarian_full(oracle_of(ci), maximize));
      // Row and column offsets (one row cheaper everywhere) plus small noise.
      matrix<std::int64_t> offsets(n, m);
      const auto row_off = random_vector<std::int64_t>(rng, n, 0, 1000),
                 col_off = random_vector<std::int64_t>(rng, m, 0, 1000);
      for (std::ptrdiff_t i = 0; i < n; ++i) {
        for (std::ptrdiff_t j = 0; j < m; ++j)
          offsets(i, j) = row_off[i] + col_off[j] + uniform<std::int64_t>(rng, 0, 3);
      }
      check_full(offsets.view(), offsets, maximize, hungarian_full(oracle_of(offsets), maximize));
      const matrix<std::int32_t> c32 = random_matrix<std::int32_t>(rng, n, m, -1'000'000'000, 1'000'000'000);
      check_full(c32.view(), c32, maximize, hungarian_full(oracle_of(c32), maximize));
      TALENTMATCH_STOP_ON_FAILURE();
    }
  }
}

// Deep-search classes (every augmentation scans most columns, so the scan moves to its compacted list and compacts
// it again) at sizes past the list threshold of 64 columns, against the O(n^3) Hungarian reference.
template <class T>
matrix<T> deep_search_matrix(std::mt19937& rng, int kind, std::ptrdiff_t n, std::ptrdiff_t m) {
  matrix<T> c(n, m);
  const auto row_off = random_vector<std::int64_t>(rng, n, 0, 10000),
             col_off = random_vector<std::int64_t>(rng, m, 0, 10000);
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    for (std::ptrdiff_t j = 0; j < m; ++j) {
      if (kind == 0) {
        c(i, j) = static_cast<T>((i + 1) * (j + 1));  // Machol-Wien
      } else if (kind == 1) {
        c(i, j) = static_cast<T>(row_off[i] + col_off[j] + uniform<std::int64_t>(rng, 0, 9));  // shifted
      } else {
        c(i, j) = static_cast<T>(std::abs(i * 7 - j * 5) % 23);  // structured, with many ties
      }
    }
  }
  return c;
}

TEST(DenseSolver, DeepSearchClassesMatchHungarianReference) {
  std::mt19937 rng(1976);
  const std::vector<std::pair<std::ptrdiff_t, std::ptrdiff_t>> shapes = {{70, 70}, {96, 96}, {65, 130}, {130, 65}};
  for (const auto& [n, m] : shapes) {
    for (int kind = 0; kind < 3; ++kind) {
      for (const bool maximize : {false, true}) {
        SCOPED_TRACE(::testing::Message() << n << " x " << m << ", kind " << kind << ", maximize " << maximize);
        const matrix<double> c = deep_search_matrix<double>(rng, kind, n, m);
        check_full(c.view(), c, maximize, hungarian_full(oracle_of(c), maximize));
        const matrix<float> cf = deep_search_matrix<float>(rng, kind, n, m);
        check_full(cf.view(), cf, maximize, hungarian_full(oracle_of(cf), maximize));
        const matrix<std::int32_t> c32 = deep_search_matrix<std::int32_t>(rng, kind, n, m);
        check_full(c32.view(), c32, maximize, hungarian_full(oracle_of(c32), maximize));
        const matrix<std::int64_t> c64 = deep_search_matrix<std::int64_t>(rng, kind, n, m);
        check_full(c64.view(), c64, maximize, hungarian_full(oracle_of(c64), maximize));
        TALENTMATCH_STOP_ON_FAILURE();
      }
    }
  }
}

// The scan has two implementations, AVX2 (used where the processor has it, for rows read with unit stride) and a
// scalar loop (everywhere else); both must give the same matching and the same potentials to the last bit, ties
// included. Each instance is solved both ways.
template <class T>
void expect_same_with_and_without_avx2(const matrix<T>& c, bool maximize,
                                       const ts::unassigned_costs<ts::work_t<T>>* un) {
  const ts::dense_options opt = options(maximize);
  auto solve = [&] { return un != nullptr ? ts::solve_dense(c.view(), *un, opt) : ts::solve_dense(c.view(), opt); };
  talentmatch::detail::avx2_scan_allowed() = true;
  const auto fast = solve();
  talentmatch::detail::avx2_scan_allowed() = false;
  const auto plain = solve();
  talentmatch::detail::avx2_scan_allowed() = true;
  EXPECT_EQ(fast.col4row, plain.col4row);
  EXPECT_EQ(fast.row4col, plain.row4col);
  EXPECT_EQ(fast.u, plain.u);  // exact: the same operations in the same order
  EXPECT_EQ(fast.v, plain.v);
  EXPECT_EQ(fast.objective, plain.objective);
  expect_certified(c.view(), fast, opt, un);
}

template <class T>
void same_with_and_without_avx2_cases(std::mt19937& rng) {
  using W = ts::work_t<T>;
  const std::vector<std::pair<std::ptrdiff_t, std::ptrdiff_t>> shapes = {{7, 7},    {13, 29},  {100, 100}, {120, 120},
                                                                         {70, 150}, {150, 70}, {203, 203}};
  for (const auto& [n, m] : shapes) {
    for (int kind = 0; kind < 5; ++kind) {
      const bool maximize = (kind + n) % 2 == 1;
      SCOPED_TRACE(::testing::Message() << n << " x " << m << ", kind " << kind << ", maximize " << maximize);
      matrix<T> c = kind < 3    ? deep_search_matrix<T>(rng, kind, n, m)
                    : kind == 3 ? small_int_matrix<T>(rng, n, m, 2)
                                : random_matrix<T>(rng, n, m, T(-1000), T(1000));
      if constexpr (std::is_floating_point_v<T>) {
        if (kind == 4)
          forbid_random(rng, c, 0.3,
                        maximize ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::infinity());
      }
      try {
        expect_same_with_and_without_avx2<T>(c, maximize, nullptr);
      } catch (const talentmatch::infeasible_error&) {
        ADD_FAILURE() << "infeasible";
      }
      ts::unassigned_costs<W> un{random_vector<W>(rng, n, W(0), W(3000)), random_vector<W>(rng, m, W(0), W(3000))};
      expect_same_with_and_without_avx2<T>(c, maximize, &un);
      TALENTMATCH_STOP_ON_FAILURE();
    }
  }
}

TEST(DenseScan, Avx2AndScalarLoopsGiveIdenticalResults) {
  std::mt19937 rng(2019);
  same_with_and_without_avx2_cases<double>(rng);
  same_with_and_without_avx2_cases<float>(rng);
  same_with_and_without_avx2_cases<std::int32_t>(rng);
  same_with_and_without_avx2_cases<std::int64_t>(rng);
}

// Where the augmenting row reduction's two smallest tie (integer-valued costs: most of its scans), the AVX2 path
// picks among the tied columns in a second pass (tied_columns_avx2); the choice must be the scalar loop's, to the
// last tie. Values with few levels at sizes where most columns get matched, square and wide, both signs.
TEST(DenseScan, TheReductionsTiedColumnChoiceIsTheScalarLoops) {
  std::mt19937 rng(77);
  for (const auto& [n, m] :
       std::vector<std::pair<std::ptrdiff_t, std::ptrdiff_t>>{{257, 257}, {300, 300}, {180, 361}}) {
    for (const int hi : {2, 9}) {
      for (const bool maximize : {false, true}) {
        SCOPED_TRACE(::testing::Message() << n << " x " << m << ", 0.." << hi << ", maximize " << maximize);
        expect_same_with_and_without_avx2<double>(small_int_matrix<double>(rng, n, m, hi), maximize, nullptr);
        expect_same_with_and_without_avx2<float>(small_int_matrix<float>(rng, n, m, hi), maximize, nullptr);
        const matrix<double> c = small_int_matrix<double>(rng, n, m, hi);
        check_full(c.view(), c, maximize, hungarian_full(oracle_of(c), maximize));
        TALENTMATCH_STOP_ON_FAILURE();
      }
    }
  }
}

// The auction phase (sap_solver::auction) runs on square cold solves where the initialisation leaves more than a
// quarter of the rows unmatched: the deep-search classes. Its result must be the exact optimum (the Hungarian
// reference), certified, and equal in cost to the searches alone (auction_allowed() off); the classes meant to take
// it must take it (auction_runs() counts the solves that did).
template <class T>
void auction_cases(std::mt19937& rng) {
  int took[3] = {0, 0, 0};
  for (const std::ptrdiff_t n : {64, 97, 150, 211}) {
    for (int kind = 0; kind < 3; ++kind) {
      for (const bool maximize : {false, true}) {
        SCOPED_TRACE(::testing::Message() << n << " x " << n << ", kind " << kind << ", maximize " << maximize);
        const matrix<T> c = deep_search_matrix<T>(rng, kind, n, n);
        const auto before = talentmatch::detail::auction_runs().load();
        const auto s = check_full(c.view(), c, maximize, hungarian_full(oracle_of(c), maximize));
        if (talentmatch::detail::auction_runs().load() > before) ++took[kind];
        talentmatch::detail::auction_allowed() = false;
        const auto plain = ts::solve_dense(c.view(), options(maximize));
        talentmatch::detail::auction_allowed() = true;
        ASSERT_TRUE(s.has_value());
        expect_same_objective(s->objective, plain.objective, "auction vs searches alone");
        TALENTMATCH_STOP_ON_FAILURE();
      }
    }
  }
  // Machol-Wien minimised leaves almost every row unmatched after the initialisation at every size (maximised it is
  // the easy orientation); the integer offsets do at some sizes.
  EXPECT_GE(took[0], 4);
  EXPECT_GE(took[1], 1);
}

TEST(DenseAuction, DeepClassesMatchTheHungarianReferenceAndTheSearchesAlone) {
  std::mt19937 rng(2026);
  auction_cases<double>(rng);
  auction_cases<float>(rng);
  auction_cases<std::int32_t>(rng);
  auction_cases<std::int64_t>(rng);
}

TEST(DenseAuction, FloatOffsetsWithNoiseAndTiesStayExact) {
  // Real-valued offsets much larger than the noise (the benchmark's shifted class), and the same with the noise
  // rounded to a few values so that ties abound, against the Hungarian reference.
  std::mt19937 rng(7);
  for (const std::ptrdiff_t n : {80, 160}) {
    for (const int levels : {0, 3}) {
      SCOPED_TRACE(::testing::Message() << "n " << n << ", levels " << levels);
      matrix<double> c(n, n);
      const auto ro = random_vector<double>(rng, n, 0.0, 100.0), co = random_vector<double>(rng, n, 0.0, 100.0);
      for (std::ptrdiff_t i = 0; i < n; ++i) {
        for (std::ptrdiff_t j = 0; j < n; ++j) {
          const double e = uniform<double>(rng, 0.0, 1.0);
          c(i, j) = ro[i] + co[j] + (levels > 0 ? std::floor(e * levels) : e);
        }
      }
      check_full(c.view(), c, false, hungarian_full(oracle_of(c), false));
      TALENTMATCH_STOP_ON_FAILURE();
    }
  }
}

TEST(DenseAuction, SkippedWithForbiddenPairsAndNearTheInt64Limit) {
  // A forbidden pair rules the auction out (a phase could bid forever where no full matching exists); the result
  // is still the exact optimum, by the searches alone.
  std::mt19937 rng(11);
  const std::ptrdiff_t n = 96;
  matrix<double> c = deep_search_matrix<double>(rng, 0, n, n);
  c(3, 5) = inf;
  auto before = talentmatch::detail::auction_runs().load();
  check_full(c.view(), c, false, hungarian_full(oracle_of(c), false));
  EXPECT_EQ(talentmatch::detail::auction_runs().load(), before);
  // Every column forbidden to all rows but one: infeasible, reported as before.
  matrix<double> h = deep_search_matrix<double>(rng, 0, n, n);
  for (std::ptrdiff_t i = 1; i < n; ++i) h(i, 0) = h(i, 1) = inf;
  EXPECT_THROW(ts::solve_dense(h.view()), talentmatch::infeasible_error);
  // int64 costs near the magnitude limit: prices could leave int64, so the auction is skipped; still exact.
  matrix<std::int64_t> big = deep_search_matrix<std::int64_t>(rng, 0, n, n);
  const auto lim = static_cast<std::int64_t>(ts::cost_magnitude_limit<std::int64_t>(n));
  const std::int64_t scale = lim / static_cast<std::int64_t>(n * n + 1);
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    for (std::ptrdiff_t j = 0; j < n; ++j) big(i, j) *= scale;
  }
  before = talentmatch::detail::auction_runs().load();
  check_full(big.view(), big, false, hungarian_full(oracle_of(big), false));
  EXPECT_EQ(talentmatch::detail::auction_runs().load(), before);
}

TEST(DenseSolver, LargerForbiddenPatternsPassTheCertificate) {
  // Beyond the reach of the exhaustive search, with forbidden pairs: the certificate (LP duality) is the oracle.
  std::mt19937 rng(2016);
  for (const auto& [n, m] : std::vector<std::pair<std::ptrdiff_t, std::ptrdiff_t>>{{40, 40}, {25, 60}, {60, 25}}) {
    for (int t = 0; t < 10; ++t) {
      SCOPED_TRACE(::testing::Message() << n << " x " << m << ", trial " << t);
      matrix<double> c = random_matrix<double>(rng, n, m, 0.0, 100.0);
      forbid_random(rng, c, 0.1 * t, inf);
      try {
        solve_certified(c.view());
      } catch (const talentmatch::infeasible_error&) {
        // Only plausible when many pairs are forbidden.
        EXPECT_GE(t, 5) << describe(c);
      }
      TALENTMATCH_STOP_ON_FAILURE();
    }
  }
}

TEST(Oracles, AgreeWithEachOther) {
  // The exhaustive search, the subset programme and the Hungarian reference check each other.
  std::mt19937 rng(99);
  for (std::ptrdiff_t n = 0; n <= 6; ++n) {
    for (std::ptrdiff_t m = 0; m <= 6; ++m) {
      for (int t = 0; t < 6; ++t) {
        const bool maximize = t % 2 == 1;
        matrix<std::int64_t> c = random_matrix<std::int64_t>(rng, n, m, -9, 9);
        const auto p = oracle_of(c);
        const auto best = brute_force_full(p, maximize);
        ASSERT_TRUE(best);
        EXPECT_EQ(best, subset_dp_full(p, maximize)) << describe(c);
        EXPECT_EQ(*best, hungarian_full(p, maximize)) << describe(c);
        matrix<double> f = small_int_matrix<double>(rng, n, m, 9);
        forbid_random(rng, f, 0.15 * t, inf);
        EXPECT_EQ(brute_force_full(oracle_of(f), false), subset_dp_full(oracle_of(f), false)) << describe(f);
      }
    }
  }
  // And the partial search, with every row forced and free columns, is the full search.
  for (std::ptrdiff_t n = 0; n <= 5; ++n) {
    for (std::ptrdiff_t m = n; m <= 6; ++m) {
      const auto c = random_matrix<std::int64_t>(rng, n, m, -9, 9);
      const ts::unassigned_costs<std::int64_t> un{std::vector<std::int64_t>(n, int64_max),
                                                  std::vector<std::int64_t>(m, 0)};
      EXPECT_EQ(brute_force_partial(oracle_of(c), un, false), brute_force_full(oracle_of(c), false));
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Infeasible patterns

TEST(DenseSolver, AllForbiddenRowIsInfeasible) {
  for (const auto& [n, m] : std::vector<std::pair<std::ptrdiff_t, std::ptrdiff_t>>{{4, 4}, {3, 5}, {1, 1}}) {
    matrix<double> c(n, m, 1.0);
    for (std::ptrdiff_t j = 0; j < m; ++j) c(n - 1, j) = inf;
    EXPECT_THROW(ts::solve_dense(c.view()), talentmatch::infeasible_error) << describe(c);
    // infeasible_error is-a talentmatch::error, and the message names the row that cannot be matched.
    try {
      ts::solve_dense(c.view());
      ADD_FAILURE() << "no exception for " << describe(c);
    } catch (const talentmatch::error& e) {
      EXPECT_NE(std::string(e.what()).find("row " + std::to_string(n - 1)), std::string::npos) << e.what();
    }
    EXPECT_FALSE(brute_force_full(oracle_of(c), false));
  }
}

TEST(DenseSolver, AllForbiddenColumnInSquareIsInfeasible) {
  for (std::ptrdiff_t col = 0; col < 4; ++col) {
    matrix<double> c(4, 4, 2.0);
    for (std::ptrdiff_t i = 0; i < 4; ++i) c(i, col) = inf;
    EXPECT_THROW(ts::solve_dense(c.view()), talentmatch::infeasible_error) << describe(c);
    EXPECT_THROW(ts::solve_dense(c.view()), talentmatch::error);
  }
  // In a tall matrix every column must be matched, too.
  matrix<double> tall(5, 3, 1.0);
  for (std::ptrdiff_t i = 0; i < 5; ++i) tall(i, 1) = inf;
  EXPECT_THROW(ts::solve_dense(tall.view()), talentmatch::infeasible_error);
}

TEST(DenseSolver, AllForbiddenColumnInWideMatrixIsFeasible) {
  // With more columns than rows a column may stay unmatched.
  matrix<double> c(3, 5, 1.0);
  for (std::ptrdiff_t i = 0; i < 3; ++i) c(i, 2) = inf;
  const auto s = check_full(c);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->row4col[2], -1);
  EXPECT_EQ(s->objective, 3.0);
}

TEST(DenseSolver, HallViolationIsInfeasible) {
  // Rows 0, 1, 2 may only use columns 0 and 1: three rows, two neighbours, though no row or column is all forbidden.
  matrix<double> c(4, 4, 1.0);
  for (std::ptrdiff_t i = 0; i < 3; ++i) {
    for (std::ptrdiff_t j = 2; j < 4; ++j) c(i, j) = inf;
  }
  EXPECT_FALSE(brute_force_full(oracle_of(c), false));
  EXPECT_THROW(ts::solve_dense(c.view()), talentmatch::infeasible_error);

  // Rectangular, both orientations: the three rows (then the three columns) share two neighbours.
  matrix<double> w(3, 5, 1.0);
  for (std::ptrdiff_t i = 0; i < 3; ++i) {
    for (std::ptrdiff_t j = 2; j < 5; ++j) w(i, j) = inf;
  }
  EXPECT_THROW(ts::solve_dense(w.view()), talentmatch::infeasible_error);
  const matrix<double> tall = w.transposed();
  EXPECT_THROW(ts::solve_dense(tall.view()), talentmatch::infeasible_error);

  // The same with maximize and -inf.
  matrix<double> neg = c;
  for (double& x : neg.a) x = std::isinf(x) ? -inf : x;
  EXPECT_THROW(ts::solve_dense(neg.view(), options(true)), talentmatch::infeasible_error);
}

// ---------------------------------------------------------------------------------------------------------------------
// Ties and determinism

TEST(DenseSolver, ConstantMatrixGivesIdentity) {
  const matrix<double> c(8, 8, 3.5);
  const auto s = solve_certified(c.view());
  for (std::ptrdiff_t i = 0; i < 8; ++i) EXPECT_EQ(s.col4row[i], i);
  EXPECT_EQ(s.objective, 28.0);

  const matrix<std::int64_t> ci(8, 8, 7);
  const auto si = solve_certified(ci.view(), options(true));
  for (std::ptrdiff_t i = 0; i < 8; ++i) EXPECT_EQ(si.col4row[i], i);
  EXPECT_EQ(si.objective, 56);

  // Rectangular: the first min(n, m) rows and columns pair up in order.
  const matrix<double> wide(5, 8, 1.0);
  const auto sw = solve_certified(wide.view());
  for (std::ptrdiff_t i = 0; i < 5; ++i) EXPECT_EQ(sw.col4row[i], i);
  const matrix<double> tall(8, 5, 1.0);
  const auto st = solve_certified(tall.view());
  for (std::ptrdiff_t j = 0; j < 5; ++j) EXPECT_EQ(st.row4col[j], j);
}

TEST(DenseSolver, DeterministicAcrossRepeatsAndMemoryOrder) {
  std::mt19937 rng(5);
  for (std::ptrdiff_t n = 1; n <= 7; ++n) {
    for (std::ptrdiff_t m = 1; m <= 7; ++m) {
      for (int t = 0; t < 6; ++t) {
        SCOPED_TRACE(::testing::Message() << n << " x " << m << ", trial " << t);
        const bool maximize = t % 2 == 1;
        const matrix<double> c = small_int_matrix<double>(rng, n, m, 2);
        const std::vector<double> f = c.col_major();
        const auto first = solve_certified(c.view(), options(maximize));
        const auto again = solve_certified(c.view(), options(maximize));
        const auto fortran = solve_certified(ts::col_major_view(f.data(), n, m), options(maximize));
        EXPECT_EQ(first.col4row, again.col4row) << describe(c);
        EXPECT_EQ(first.col4row, fortran.col4row) << describe(c);
        EXPECT_EQ(first.row4col, fortran.row4col) << describe(c);
        EXPECT_EQ(first.objective, fortran.objective);

        // With unassigned costs as well.
        ts::unassigned_costs<double> un{std::vector<double>(n, 1.0), std::vector<double>(m, 1.0)};
        const auto p1 = solve_certified(c.view(), un, options(maximize));
        const auto p2 = solve_certified(c.view(), un, options(maximize));
        const auto pf = solve_certified(ts::col_major_view(f.data(), n, m), un, options(maximize));
        EXPECT_EQ(p1.col4row, p2.col4row) << describe(c);
        EXPECT_EQ(p1.col4row, pf.col4row) << describe(c);
        TALENTMATCH_STOP_ON_FAILURE();
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Shapes and scalar types

TEST(DenseSolver, EmptyShapesGiveEmptyResults) {
  for (const auto& [n, m] : std::vector<std::pair<std::ptrdiff_t, std::ptrdiff_t>>{{0, 0}, {0, 3}, {3, 0}}) {
    SCOPED_TRACE(::testing::Message() << n << " x " << m);
    // No storage at all: the data pointer may be null when there is nothing to read.
    const auto s = solve_certified(ts::row_major_view<double>(nullptr, n, m));
    EXPECT_EQ(s.col4row, std::vector<std::ptrdiff_t>(n, -1));
    EXPECT_EQ(s.row4col, std::vector<std::ptrdiff_t>(m, -1));
    EXPECT_EQ(s.objective, 0.0);
    EXPECT_EQ(s.size(), 0);
    EXPECT_TRUE(s.pairs().first.empty());

    const auto si = solve_certified(ts::col_major_view<std::int32_t>(nullptr, n, m), options(true));
    EXPECT_EQ(si.col4row, std::vector<std::ptrdiff_t>(n, -1));
    EXPECT_EQ(si.objective, 0);
  }
}

TEST(DenseSolver, RejectsMalformedViews) {
  EXPECT_THROW(ts::solve_dense(ts::row_major_view<double>(nullptr, 2, 2)), talentmatch::error);
  const std::vector<double> x(4, 1.0);
  EXPECT_THROW(ts::solve_dense(ts::matrix_view<double>{x.data(), -1, 2, 2, 1}), talentmatch::error);
}

template <class T>
class DenseScalarTypes : public ::testing::Test {};

using scalar_types = ::testing::Types<float, double, std::int32_t, std::int64_t>;
TYPED_TEST_SUITE(DenseScalarTypes, scalar_types);

TYPED_TEST(DenseScalarTypes, MatchesBruteForceAllShapesUpTo6) {
  using T = TypeParam;
  std::mt19937 rng(2718);
  for (std::ptrdiff_t n = 0; n <= 6; ++n) {
    for (std::ptrdiff_t m = 0; m <= 6; ++m) {
      const int trials = trials_for(injections(n, m), 60000, 8, 40);
      for (int t = 0; t < trials; ++t) {
        SCOPED_TRACE(::testing::Message() << n << " x " << m << ", trial " << t);
        const bool maximize = t % 2 == 1;
        matrix<T> c = random_matrix<T>(rng, n, m, T(-100), T(1000));
        if constexpr (std::is_floating_point_v<T>) {
          forbid_random(rng, c, 0.1 * (t % 4),
                        maximize ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::infinity());
        }
        check_full(c, maximize);
        check_full(small_int_matrix<T>(rng, n, m, 2), maximize);
        TALENTMATCH_STOP_ON_FAILURE();
      }
    }
  }
}

TYPED_TEST(DenseScalarTypes, WorksInDoubleOrInt64) {
  using T = TypeParam;
  const matrix<T> c(2, 2, {T(1), T(2), T(3), T(5)});
  const ts::solution<ts::work_t<T>> s = solve_certified(c.view());
  static_assert(std::is_same_v<decltype(s.objective), std::conditional_t<std::is_integral_v<T>, std::int64_t, double>>);
  EXPECT_EQ(s.objective, ts::work_t<T>(5));  // 2 + 3 beats 1 + 5
  EXPECT_EQ(s.col4row, (std::vector<std::ptrdiff_t>{1, 0}));
}

TEST(DenseSolver, Int32CostsNearTheirLimitsAreExact) {
  // Sums of int32 costs overflow int32; the solver works in int64 and so does the oracle.
  std::mt19937 rng(32);
  for (std::ptrdiff_t n = 1; n <= 6; ++n) {
    for (std::ptrdiff_t m = 1; m <= 6; ++m) {
      for (int t = 0; t < 6; ++t) {
        SCOPED_TRACE(::testing::Message() << n << " x " << m << ", trial " << t);
        const auto c = random_matrix<std::int32_t>(rng, n, m, std::numeric_limits<std::int32_t>::lowest(),
                                                   std::numeric_limits<std::int32_t>::max());
        check_full(c, t % 2 == 1);
        TALENTMATCH_STOP_ON_FAILURE();
      }
    }
  }
  const matrix<std::int32_t> top(3, 3, std::numeric_limits<std::int32_t>::max());
  const auto s = check_full(top, true);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->objective, 3 * std::int64_t{std::numeric_limits<std::int32_t>::max()});
}

TEST(DenseSolver, Int64CostsAreExactBelowTheMagnitudeLimit) {
  std::mt19937 rng(64);
  for (std::ptrdiff_t n = 1; n <= 6; ++n) {
    for (std::ptrdiff_t m = 1; m <= 6; ++m) {
      for (int t = 0; t < 6; ++t) {
        SCOPED_TRACE(::testing::Message() << n << " x " << m << ", trial " << t);
        // Wide range, and a huge base with small differences (which a double could not tell apart beyond 2^53).
        check_full(random_matrix<std::int64_t>(rng, n, m, -10'000'000'000'000'000, 10'000'000'000'000'000), t % 2);
        check_full(random_matrix<std::int64_t>(rng, n, m, 10'000'000'000'000'000, 10'000'000'000'000'020), t % 2);
        TALENTMATCH_STOP_ON_FAILURE();
      }
    }
  }
}

TEST(DenseSolver, RejectsInt64CostsThatCouldOverflow) {
  const matrix<std::int64_t> c(2, 2, {1, 2, 3, 1'000'000'000'000'000'000});
  try {
    ts::solve_dense(c.view());
    ADD_FAILURE() << "no exception";
  } catch (const talentmatch::error& e) {
    EXPECT_NE(std::string(e.what()).find("too large"), std::string::npos) << e.what();
  }
}

TEST(DenseSolver, HugeDoubleCostsWithSmallDifferencesStayOptimal) {
  // Around 1e15 a double still holds every integer (2^53 ~ 9e15), so every sum here is exact and the optimum must be
  // found exactly, although the certificate's relative tolerance (1e-9 * 1e15) would not notice a small loss.
  std::mt19937 rng(1015);
  for (std::ptrdiff_t n = 1; n <= 6; ++n) {
    for (std::ptrdiff_t m = 1; m <= 6; ++m) {
      for (int t = 0; t < 10; ++t) {
        SCOPED_TRACE(::testing::Message() << n << " x " << m << ", trial " << t);
        const double base = (t % 3 == 2 ? -1.0 : 1.0) * 1e15;
        matrix<double> c = small_int_matrix<double>(rng, n, m, 1000);
        for (double& x : c.a) x += base;
        const auto best = brute_force_full(oracle_of(c), t % 2 == 1);
        const auto s = check_full(c.view(), c, t % 2 == 1, best);
        ASSERT_TRUE(s);
        double own = 0;
        for (std::ptrdiff_t i = 0; i < n; ++i) {
          if (s->col4row[i] >= 0) own += c(i, s->col4row[i]);
        }
        EXPECT_EQ(own, *best) << describe(c);
        EXPECT_EQ(s->objective, *best) << describe(c);
        TALENTMATCH_STOP_ON_FAILURE();
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Rejected inputs

TEST(DenseSolver, RejectsPlusInfWithMaximize) {
  const matrix<double> c(2, 3, {1, 2, inf, 4, 5, 6});
  try {
    ts::solve_dense(c.view(), options(true));
    ADD_FAILURE() << "no exception";
  } catch (const talentmatch::infeasible_error& e) {
    ADD_FAILURE() << "+inf with maximize is an input error, not infeasibility: " << e.what();
  } catch (const talentmatch::error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("+inf"), std::string::npos) << what;
    EXPECT_NE(what.find("row 0"), std::string::npos) << what;
    EXPECT_NE(what.find("column 2"), std::string::npos) << what;
  }
  // And -inf when minimising.
  const matrix<float> d(2, 2, {1.0f, -std::numeric_limits<float>::infinity(), 3.0f, 4.0f});
  try {
    ts::solve_dense(d.view());
    ADD_FAILURE() << "no exception";
  } catch (const talentmatch::error& e) {
    EXPECT_NE(std::string(e.what()).find("-inf"), std::string::npos) << e.what();
  }
}

TEST(DenseSolver, RejectsNanNamingRowAndColumn) {
  matrix<double> c(3, 4, 1.0);
  c(2, 1) = std::numeric_limits<double>::quiet_NaN();
  matrix<float> tall(5, 3, 1.0f);
  tall(3, 0) = std::numeric_limits<float>::quiet_NaN();
  const auto expect_named = [](auto&& solve, const std::string& row, const std::string& col) {
    try {
      solve();
      ADD_FAILURE() << "no exception";
    } catch (const talentmatch::infeasible_error& e) {
      ADD_FAILURE() << "NaN is an input error, not infeasibility: " << e.what();
    } catch (const talentmatch::error& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("NaN"), std::string::npos) << what;
      EXPECT_NE(what.find(row), std::string::npos) << what;
      EXPECT_NE(what.find(col), std::string::npos) << what;
    }
  };
  expect_named([&] { ts::solve_dense(c.view()); }, "row 2", "column 1");
  expect_named([&] { ts::solve_dense(c.view(), options(true)); }, "row 2", "column 1");
  // Tall matrices are solved transposed; the message still uses the caller's indices.
  expect_named([&] { ts::solve_dense(tall.view()); }, "row 3", "column 0");
  // So do transposed views.
  expect_named([&] { ts::solve_dense(c.view().transposed()); }, "row 1", "column 2");
}

// Square floating-point matrices are checked row by row inside the initialisation's first pass instead of in a
// pass of their own: the same errors, in the same order (the first bad row, NaN and the wrong infinity before any
// magnitude), also when the pass meets an all-forbidden row or column first.
TEST(DenseSolver, SquareMatricesAreCheckedLikeTheOthers) {
  const auto message = [](const matrix<double>& c, bool maximize) -> std::string {
    try {
      ts::solve_dense(c.view(), options(maximize));
    } catch (const talentmatch::infeasible_error& e) {
      return std::string("infeasible: ") + e.what();
    } catch (const talentmatch::error& e) {
      return e.what();
    }
    return "no exception";
  };
  const auto expect_has = [](const std::string& what, std::initializer_list<const char*> parts) {
    for (const char* p : parts) EXPECT_NE(what.find(p), std::string::npos) << what;
  };
  for (const bool maximize : {false, true}) {
    SCOPED_TRACE(::testing::Message() << "maximize " << maximize);
    const double forbidden = maximize ? -inf : inf;
    matrix<double> c(5, 5, 1.0);
    c(0, 0) = 1e307;  // too large, but the NaN below is reported first, as for any other shape
    c(3, 2) = std::numeric_limits<double>::quiet_NaN();
    expect_has(message(c, maximize), {"NaN", "row 3", "column 2"});
    c(3, 2) = -forbidden;  // the wrong infinity
    expect_has(message(c, maximize), {maximize ? "+inf" : "-inf", "row 3", "column 2"});
    c(3, 2) = 1.0;
    expect_has(message(c, maximize), {"too large"});
    // An all-forbidden row (skipped by the row reduction) and an all-forbidden column (which ends the
    // initialisation early) do not hide a bad entry after them.
    matrix<double> d(6, 6, 2.0);
    for (std::ptrdiff_t j = 0; j < 6; ++j) d(1, j) = forbidden;
    for (std::ptrdiff_t i = 0; i < 6; ++i) d(i, 4) = forbidden;
    d(5, 5) = std::numeric_limits<double>::quiet_NaN();
    expect_has(message(d, maximize), {"NaN", "row 5", "column 5"});
    d(5, 5) = 2.0;
    expect_has(message(d, maximize), {"infeasible"});
    // float and a transposed (strided) view of a square matrix take the same path.
    matrix<float> f(4, 4, 1.0f);
    f(2, 3) = std::numeric_limits<float>::quiet_NaN();
    try {
      ts::solve_dense(f.view().transposed(), options(maximize));
      ADD_FAILURE() << "no exception";
    } catch (const talentmatch::error& e) {
      expect_has(e.what(), {"NaN", "row 3", "column 2"});
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Strided views and Eigen

TEST(MatrixView, SubmatrixOfLargerBuffer) {
  std::mt19937 rng(8);
  const std::ptrdiff_t R = 9, C = 11;
  const matrix<double> buf = random_matrix<double>(rng, R, C, 0.0, 10.0);
  for (const auto& [r0, c0, n, m] : std::vector<std::array<std::ptrdiff_t, 4>>{
           {2, 3, 5, 6}, {0, 0, 7, 4}, {1, 5, 3, 6}, {4, 0, 5, 11}, {0, 10, 6, 1}}) {
    SCOPED_TRACE(::testing::Message() << "block at " << r0 << ", " << c0 << " of " << n << " x " << m);
    matrix<double> expected(n, m);
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      for (std::ptrdiff_t j = 0; j < m; ++j) expected(i, j) = buf.a[(r0 + i) * C + (c0 + j)];
    }
    const ts::matrix_view<double> view{buf.a.data() + r0 * C + c0, n, m, C, 1};
    const auto s = check_full(view, expected);
    // The answer does not depend on where the entries live.
    const auto dense = solve_certified(expected.view());
    ASSERT_TRUE(s);
    EXPECT_EQ(s->col4row, dense.col4row);
    // Every other row and every third column: strides in both directions.
    const std::ptrdiff_t n2 = (R - r0 + 1) / 2, m2 = (C - c0 + 2) / 3;
    matrix<double> every(n2, m2);
    for (std::ptrdiff_t i = 0; i < n2; ++i) {
      for (std::ptrdiff_t j = 0; j < m2; ++j) every(i, j) = buf.a[(r0 + 2 * i) * C + (c0 + 3 * j)];
    }
    check_full(ts::matrix_view<double>{buf.a.data() + r0 * C + c0, n2, m2, 2 * C, 3}, every);
  }
}

TEST(MatrixView, TransposedViews) {
  std::mt19937 rng(9);
  for (std::ptrdiff_t n = 1; n <= 7; ++n) {
    for (std::ptrdiff_t m = 1; m <= 7; ++m) {
      SCOPED_TRACE(::testing::Message() << n << " x " << m);
      const matrix<double> c = random_matrix<double>(rng, n, m, 0.0, 10.0);
      const auto s = check_full(c);
      const auto st = check_full(c.view().transposed(), c.transposed());
      ASSERT_TRUE(s && st);
      // Random costs have one optimum: the transposed problem finds the same pairs.
      EXPECT_EQ(st->col4row, s->row4col) << describe(c);
      EXPECT_EQ(st->row4col, s->col4row) << describe(c);
      // A transposed view of a Fortran-ordered copy is a C-ordered view of the transpose.
      const std::vector<double> f = c.col_major();
      check_full(ts::col_major_view(f.data(), n, m).transposed(), c.transposed());
      TALENTMATCH_STOP_ON_FAILURE();
    }
  }
}

TEST(MatrixView, NegativeStrides) {
  std::mt19937 rng(10);
  for (std::ptrdiff_t n = 1; n <= 7; ++n) {
    for (std::ptrdiff_t m = 1; m <= 7; ++m) {
      SCOPED_TRACE(::testing::Message() << n << " x " << m);
      const matrix<double> buf = random_matrix<double>(rng, n, m, -5.0, 5.0);
      const double* last = buf.a.data() + (n * m - 1);
      // Both axes reversed (numpy's c[::-1, ::-1]).
      matrix<double> flipped(n, m);
      for (std::ptrdiff_t i = 0; i < n; ++i) {
        for (std::ptrdiff_t j = 0; j < m; ++j) flipped(i, j) = buf(n - 1 - i, m - 1 - j);
      }
      check_full(ts::matrix_view<double>{last, n, m, -m, -1}, flipped);
      // Only the rows reversed (c[::-1]).
      matrix<double> rows_flipped(n, m);
      for (std::ptrdiff_t i = 0; i < n; ++i) {
        for (std::ptrdiff_t j = 0; j < m; ++j) rows_flipped(i, j) = buf(n - 1 - i, j);
      }
      check_full(ts::matrix_view<double>{buf.a.data() + (n - 1) * m, n, m, -m, 1}, rows_flipped, true);
      // Reversed and transposed at once.
      check_full(ts::matrix_view<double>{last, n, m, -m, -1}.transposed(), flipped.transposed());
      TALENTMATCH_STOP_ON_FAILURE();
    }
  }
}

TEST(MatrixView, ZeroStrideBroadcastsOneRow) {
  // Every row reads the same m costs (numpy's broadcast_to): any n <= m distinct columns; the best are the n
  // cheapest.
  const std::vector<double> row = {5, 1, 4, 2, 3};
  for (std::ptrdiff_t n = 1; n <= 5; ++n) {
    matrix<double> expected(n, 5);
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      for (std::ptrdiff_t j = 0; j < 5; ++j) expected(i, j) = row[j];
    }
    const auto s = check_full(ts::matrix_view<double>{row.data(), n, 5, 0, 1}, expected);
    ASSERT_TRUE(s);
    const double cheapest[] = {1, 3, 6, 10, 15};
    EXPECT_EQ(s->objective, cheapest[n - 1]);
  }
}

template <class M>
matrix<typename M::Scalar> from_eigen(const M& e) {
  matrix<typename M::Scalar> out(e.rows(), e.cols());
  for (Eigen::Index i = 0; i < e.rows(); ++i) {
    for (Eigen::Index j = 0; j < e.cols(); ++j) out(i, j) = e(i, j);
  }
  return out;
}

TEST(EigenView, ColumnMajorRowMajorAndBlocks) {
  using row_major = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  std::mt19937 rng(11);
  for (const auto& [n, m] : std::vector<std::pair<Eigen::Index, Eigen::Index>>{{5, 7}, {7, 5}, {6, 6}, {1, 4}}) {
    SCOPED_TRACE(::testing::Message() << n << " x " << m);
    Eigen::MatrixXd col(n, m);
    for (Eigen::Index i = 0; i < n; ++i) {
      for (Eigen::Index j = 0; j < m; ++j) col(i, j) = uniform<double>(rng, 0.0, 10.0);
    }
    const row_major row = col;
    const auto sc = check_full(ts::make_view(col), from_eigen(col));
    const auto sr = check_full(ts::make_view(row), from_eigen(row));
    ASSERT_TRUE(sc && sr);
    EXPECT_EQ(sc->col4row, sr->col4row);
    // Blocks of a larger matrix, both storage orders.
    Eigen::MatrixXd big = Eigen::MatrixXd::Zero(n + 3, m + 4);
    big.block(2, 1, n, m) = col;
    const row_major big_row = big;
    const auto sb = check_full(ts::make_view(big.block(2, 1, n, m)), from_eigen(col));
    const auto sbr = check_full(ts::make_view(big_row.block(2, 1, n, m)), from_eigen(col));
    ASSERT_TRUE(sb && sbr);
    EXPECT_EQ(sb->col4row, sc->col4row);
    EXPECT_EQ(sbr->col4row, sc->col4row);
    // A map with inner and outer strides, and a transposed expression.
    std::vector<double> storage(static_cast<std::size_t>(2 * n * m + 2 * n + m), -1.0);
    Eigen::Map<Eigen::MatrixXd, 0, Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>> strided(
        storage.data(), n, m, Eigen::Stride<Eigen::Dynamic, Eigen::Dynamic>(2 * n + 1, 2));
    strided = col;
    check_full(ts::make_view(strided), from_eigen(col), true);
    check_full(ts::make_view(col.transpose()), from_eigen(col).transposed());
    TALENTMATCH_STOP_ON_FAILURE();
  }
}

TEST(EigenView, IntegerAndFloatMatrices) {
  std::mt19937 rng(12);
  Eigen::MatrixXi mi(4, 6);
  Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> ml(6, 4);
  Eigen::MatrixXf mf(5, 5);
  for (Eigen::Index k = 0; k < mi.size(); ++k) mi.data()[k] = uniform<int>(rng, -50, 50);
  for (Eigen::Index k = 0; k < ml.size(); ++k) ml.data()[k] = uniform<std::int64_t>(rng, -50, 50);
  for (Eigen::Index k = 0; k < mf.size(); ++k) mf.data()[k] = uniform<float>(rng, -5.0f, 5.0f);
  check_full(ts::make_view(mi), from_eigen(mi));
  check_full(ts::make_view(ml), from_eigen(ml), true);
  check_full(ts::make_view(mf), from_eigen(mf));
}

// ---------------------------------------------------------------------------------------------------------------------
// Unassigned costs

TEST(UnassignedCosts, MatchesBruteForceAllShapesUpTo6) {
  std::mt19937 rng(777);
  std::ptrdiff_t partially_matched = 0;
  for (std::ptrdiff_t n = 0; n <= 6; ++n) {
    for (std::ptrdiff_t m = 0; m <= 6; ++m) {
      const int trials = trials_for(partial_matchings(n, m), 300000, 10, 120);
      for (int t = 0; t < trials; ++t) {
        SCOPED_TRACE(::testing::Message() << n << " x " << m << ", trial " << t);
        const bool negative = t % 3 == 2;
        matrix<double> c = random_matrix<double>(rng, n, m, negative ? -10.0 : 0.0, 20.0);
        forbid_random(rng, c, 0.1 * (t % 4), inf);
        const ts::unassigned_costs<double> un{random_vector<double>(rng, n, negative ? -5.0 : 0.0, 10.0),
                                              random_vector<double>(rng, m, negative ? -5.0 : 0.0, 10.0)};
        const auto s = check_partial(c, un);
        ASSERT_TRUE(s);  // finite unassigned costs: always feasible
        partially_matched += s->size() > 0 && s->size() < std::min(n, m);
        // Small integer costs: many ties between matching and not.
        const matrix<std::int64_t> ci = small_int_matrix<std::int64_t>(rng, n, m, 4);
        const ts::unassigned_costs<std::int64_t> ui{random_vector<std::int64_t>(rng, n, 0, 2),
                                                    random_vector<std::int64_t>(rng, m, 0, 2)};
        check_partial(ci, ui);
        TALENTMATCH_STOP_ON_FAILURE();
      }
    }
  }
  EXPECT_GT(partially_matched, 200);
}

TEST(UnassignedCosts, MustMatchRowsMatchBruteForce) {
  std::mt19937 rng(778);
  int infeasible = 0;
  for (std::ptrdiff_t n = 0; n <= 6; ++n) {
    for (std::ptrdiff_t m = 0; m <= 6; ++m) {
      const int trials = trials_for(partial_matchings(n, m), 200000, 10, 100);
      for (int t = 0; t < trials; ++t) {
        SCOPED_TRACE(::testing::Message() << n << " x " << m << ", trial " << t);
        matrix<double> c = random_matrix<double>(rng, n, m, 0.0, 20.0);
        forbid_random(rng, c, 0.1 * (t % 6), inf);
        ts::unassigned_costs<double> un{random_vector<double>(rng, n, 0.0, 10.0),
                                        random_vector<double>(rng, m, 0.0, 10.0)};
        must_match_random(rng, un.row, 0.2 * (t % 5 + 1), inf);
        infeasible += !check_partial(c, un);
        TALENTMATCH_STOP_ON_FAILURE();
      }
    }
  }
  EXPECT_GT(infeasible, 100);
}

TEST(UnassignedCosts, MustMatchColumnsMatchBruteForce) {
  std::mt19937 rng(779);
  int infeasible = 0;
  for (std::ptrdiff_t n = 0; n <= 6; ++n) {
    for (std::ptrdiff_t m = 0; m <= 6; ++m) {
      const int trials = trials_for(partial_matchings(n, m), 200000, 10, 100);
      for (int t = 0; t < trials; ++t) {
        SCOPED_TRACE(::testing::Message() << n << " x " << m << ", trial " << t);
        matrix<double> c = random_matrix<double>(rng, n, m, -5.0, 20.0);
        forbid_random(rng, c, 0.1 * (t % 6), inf);
        ts::unassigned_costs<double> un{random_vector<double>(rng, n, -2.0, 10.0),
                                        random_vector<double>(rng, m, -2.0, 10.0)};
        must_match_random(rng, un.col, 0.2 * (t % 5 + 1), inf);
        infeasible += !check_partial(c, un);
        TALENTMATCH_STOP_ON_FAILURE();
      }
    }
  }
  EXPECT_GT(infeasible, 100);
}

TEST(UnassignedCosts, MaximizeMatchesBruteForce) {
  // With maximize the unassigned costs are rewards for staying unmatched, and -inf means "must be matched".
  std::mt19937 rng(780);
  for (std::ptrdiff_t n = 0; n <= 6; ++n) {
    for (std::ptrdiff_t m = 0; m <= 6; ++m) {
      const int trials = trials_for(partial_matchings(n, m), 150000, 8, 80);
      for (int t = 0; t < trials; ++t) {
        SCOPED_TRACE(::testing::Message() << n << " x " << m << ", trial " << t);
        matrix<double> c = random_matrix<double>(rng, n, m, 0.0, 20.0);
        forbid_random(rng, c, 0.1 * (t % 4), -inf);
        ts::unassigned_costs<double> un{random_vector<double>(rng, n, 0.0, 10.0),
                                        random_vector<double>(rng, m, 0.0, 10.0)};
        if (t % 3 == 1) must_match_random(rng, un.row, 0.4, -inf);
        if (t % 3 == 2) must_match_random(rng, un.col, 0.4, -inf);
        check_partial(c, un, true);
        TALENTMATCH_STOP_ON_FAILURE();
      }
    }
  }
}

TEST(UnassignedCosts, IntegerMustMatchIsInt64Max) {
  std::mt19937 rng(781);
  for (std::ptrdiff_t n = 0; n <= 6; ++n) {
    for (std::ptrdiff_t m = 0; m <= 6; ++m) {
      const int trials = trials_for(partial_matchings(n, m), 150000, 8, 80);
      for (int t = 0; t < trials; ++t) {
        SCOPED_TRACE(::testing::Message() << n << " x " << m << ", trial " << t);
        const bool maximize = t % 4 == 3;
        const std::int64_t must = maximize ? int64_lowest : int64_max;
        const auto c = random_matrix<std::int64_t>(rng, n, m, -3, 12);
        ts::unassigned_costs<std::int64_t> un{random_vector<std::int64_t>(rng, n, 0, 6),
                                              random_vector<std::int64_t>(rng, m, 0, 6)};
        if (t % 2 == 0) {
          must_match_random(rng, un.row, 0.5, must);
        } else {
          must_match_random(rng, un.col, 0.5, must);
        }
        check_partial(c, un, maximize);
        // The same problem stored as int32.
        matrix<std::int32_t> c32(n, m);
        for (std::size_t k = 0; k < c.a.size(); ++k) c32.a[k] = static_cast<std::int32_t>(c.a[k]);
        check_partial(c32, un, maximize);
        TALENTMATCH_STOP_ON_FAILURE();
      }
    }
  }
}

TEST(UnassignedCosts, AllRowsMustMatchIsTheFullMatching) {
  // Rows that must be matched and free columns: exactly the plain problem with n <= m.
  std::mt19937 rng(782);
  for (std::ptrdiff_t n = 1; n <= 6; ++n) {
    for (std::ptrdiff_t m = n; m <= 7; ++m) {
      const matrix<double> c = random_matrix<double>(rng, n, m, -10.0, 10.0);
      const ts::unassigned_costs<double> un{std::vector<double>(n, inf), std::vector<double>(m, 0.0)};
      const auto s = check_partial(c, un);
      const auto best = brute_force_full(oracle_of(c), false);
      ASSERT_TRUE(s && best);
      EXPECT_NEAR(s->objective, *best, 1e-9 * (1 + std::abs(*best)));
      EXPECT_EQ(s->size(), n);
    }
  }
}

TEST(UnassignedCosts, TieLeavesPairUnmatched) {
  // Matching costs 5, leaving both ends unmatched 2 + 3: a pair is matched only when strictly cheaper.
  const matrix<std::int64_t> c(1, 1, {5});
  const auto s = check_partial(c, ts::unassigned_costs<std::int64_t>{{2}, {3}});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->col4row[0], -1);
  EXPECT_EQ(s->objective, 5);
  const auto t = check_partial(c, ts::unassigned_costs<std::int64_t>{{2}, {4}});
  ASSERT_TRUE(t);
  EXPECT_EQ(t->col4row[0], 0);
  EXPECT_EQ(t->objective, 5);
}

TEST(UnassignedCosts, EmptyShapesPayTheUnassignedCosts) {
  const auto s0 = solve_certified(ts::row_major_view<double>(nullptr, 0, 0), ts::unassigned_costs<double>{});
  EXPECT_EQ(s0.objective, 0.0);
  const auto s1 =
      solve_certified(ts::row_major_view<double>(nullptr, 0, 3), ts::unassigned_costs<double>{{}, {1, 2, 3}});
  EXPECT_EQ(s1.row4col, std::vector<std::ptrdiff_t>(3, -1));
  EXPECT_EQ(s1.objective, 6.0);
  const auto s2 = solve_certified(ts::row_major_view<std::int64_t>(nullptr, 3, 0),
                                  ts::unassigned_costs<std::int64_t>{{1, 2, 4}, {}});
  EXPECT_EQ(s2.col4row, std::vector<std::ptrdiff_t>(3, -1));
  EXPECT_EQ(s2.objective, 7);
  EXPECT_THROW(
      ts::solve_dense(ts::row_major_view<double>(nullptr, 3, 0), ts::unassigned_costs<double>{{1, inf, 2}, {}}),
      talentmatch::infeasible_error);
  EXPECT_THROW(ts::solve_dense(ts::row_major_view<double>(nullptr, 0, 2), ts::unassigned_costs<double>{{}, {inf, 2}}),
               talentmatch::infeasible_error);
}

TEST(UnassignedCosts, RejectsMustMatchOnBothSides) {
  const matrix<double> c(2, 2, 1.0);
  const auto expect_rejected = [&](const auto& view, const auto& un, bool maximize) {
    try {
      ts::solve_dense(view, un, options(maximize));
      ADD_FAILURE() << "no exception";
    } catch (const talentmatch::infeasible_error& e) {
      ADD_FAILURE() << "must-match on both sides is unsupported input, not infeasibility: " << e.what();
    } catch (const talentmatch::error& e) {
      EXPECT_NE(std::string(e.what()).find("both"), std::string::npos) << e.what();
    }
  };
  expect_rejected(c.view(), ts::unassigned_costs<double>{{inf, 1}, {1, inf}}, false);
  expect_rejected(c.view(), ts::unassigned_costs<double>{{-inf, 1}, {1, -inf}}, true);
  const matrix<std::int64_t> ci(2, 2, std::int64_t{1});
  expect_rejected(ci.view(), ts::unassigned_costs<std::int64_t>{{int64_max, 1}, {int64_max, 1}}, false);
}

TEST(UnassignedCosts, RejectsWrongLengthsAndBadValues) {
  const matrix<double> c(2, 3, 1.0);
  const auto expect_message = [&](const ts::unassigned_costs<double>& un, bool maximize, const char* part) {
    try {
      ts::solve_dense(c.view(), un, options(maximize));
      ADD_FAILURE() << "no exception for " << describe(un);
    } catch (const talentmatch::infeasible_error& e) {
      ADD_FAILURE() << "an input error, not infeasibility: " << e.what();
    } catch (const talentmatch::error& e) {
      EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
    }
  };
  expect_message({{1, 1, 1}, {1, 1, 1}}, false, "row");
  expect_message({{1}, {1, 1, 1}}, false, "row");
  expect_message({{}, {1, 1, 1}}, false, "row");
  expect_message({{1, 1}, {1, 1}}, false, "column");
  expect_message({{1, 1}, {}}, false, "column");
  expect_message({{1, std::numeric_limits<double>::quiet_NaN()}, {1, 1, 1}}, false, "NaN");
  expect_message({{1, 1}, {-inf, 1, 1}}, false, "-inf");
  expect_message({{1, 1}, {inf, 1, 1}}, true, "+inf");
  const matrix<std::int64_t> ci(2, 3, std::int64_t{1});
  EXPECT_THROW(ts::solve_dense(ci.view(), ts::unassigned_costs<std::int64_t>{{1, 1}, {1, 1}}), talentmatch::error);
}

TEST(UnassignedCosts, StridedAndTransposedViews) {
  std::mt19937 rng(783);
  for (std::ptrdiff_t n = 1; n <= 5; ++n) {
    for (std::ptrdiff_t m = 1; m <= 5; ++m) {
      SCOPED_TRACE(::testing::Message() << n << " x " << m);
      const matrix<double> c = random_matrix<double>(rng, n, m, 0.0, 10.0);
      ts::unassigned_costs<double> un{random_vector<double>(rng, n, 0.0, 6.0), random_vector<double>(rng, m, 0.0, 6.0)};
      const auto s = check_partial(c, un);
      const std::vector<double> f = c.col_major();
      const auto sf = check_partial(ts::col_major_view(f.data(), n, m), c, un);
      const auto st =
          check_partial(c.view().transposed(), c.transposed(), ts::unassigned_costs<double>{un.col, un.row});
      ASSERT_TRUE(s && sf && st);
      EXPECT_EQ(s->col4row, sf->col4row);
      EXPECT_EQ(st->col4row, s->row4col);  // random costs: one optimum
      TALENTMATCH_STOP_ON_FAILURE();
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// The certificate itself

TEST(Certificate, AcceptsHandMadeOptimalDuals) {
  // [[1, 2], [3, 4]]: both permutations cost 5; u = (1, 3), v = (0, 1) makes every reduced cost 0.
  const matrix<double> c(2, 2, {1, 2, 3, 4});
  ts::solution<double> s;
  s.col4row = {0, 1};
  s.row4col = {0, 1};
  s.u = {1, 3};
  s.v = {0, 1};
  s.objective = 5;
  EXPECT_TRUE(ts::check_certificate(c.view(), s).ok);
  EXPECT_NO_THROW(ts::verify(c.view(), s));
}

TEST(Certificate, RejectsSuboptimalMatching) {
  // [[1, 10], [10, 1]]: the anti-diagonal (20) is no optimum, and no duals can prove it one.
  const matrix<std::int64_t> c(2, 2, {1, 10, 10, 1});
  ts::solution<std::int64_t> s;
  s.col4row = {1, 0};
  s.row4col = {1, 0};
  s.u = {10, 10};
  s.v = {0, 0};
  s.objective = 20;
  const ts::certificate cert = ts::check_certificate(c.view(), s);
  EXPECT_FALSE(cert.ok);
  EXPECT_FALSE(cert.message.empty());
  EXPECT_THROW(ts::verify(c.view(), s), talentmatch::error);
}

TEST(Certificate, RejectsCorruptedSolverResults) {
  std::mt19937 rng(4242);
  for (std::ptrdiff_t n = 2; n <= 7; ++n) {
    for (std::ptrdiff_t m = 2; m <= 7; ++m) {
      SCOPED_TRACE(::testing::Message() << n << " x " << m);
      const matrix<double> c = random_matrix<double>(rng, n, m, 0.0, 10.0);
      const auto view = c.view();
      const auto s = check_full(c);
      ASSERT_TRUE(s);
      std::vector<std::ptrdiff_t> matched;  // rows with a column (all of them only when n <= m)
      for (std::ptrdiff_t i = 0; i < n; ++i) {
        if (s->col4row[i] >= 0) matched.push_back(i);
      }
      ASSERT_EQ(static_cast<std::ptrdiff_t>(matched.size()), std::min(n, m));
      const auto expect_rejected = [&](const ts::solution<double>& bad, const char* what) {
        const ts::certificate cert = ts::check_certificate(view, bad);
        EXPECT_FALSE(cert.ok) << what;
        EXPECT_FALSE(cert.message.empty()) << what;
        EXPECT_THROW(ts::verify(view, bad), talentmatch::error) << what;
      };
      {
        auto bad = *s;
        bad.u[0] += 1.0;
        expect_rejected(bad, "u[0] + 1");
      }
      {
        auto bad = *s;
        bad.v[m - 1] -= 0.5;
        expect_rejected(bad, "v[m-1] - 0.5");
      }
      {
        // Swap the columns of two matched rows (random costs: the result is worse, and the duals no longer fit).
        auto bad = *s;
        const std::ptrdiff_t r0 = matched[0], r1 = matched[1];
        std::swap(bad.col4row[r0], bad.col4row[r1]);
        bad.row4col[bad.col4row[r0]] = r0;
        bad.row4col[bad.col4row[r1]] = r1;
        expect_rejected(bad, "swapped assignments");
        bad.objective = 0;
        for (std::ptrdiff_t i = 0; i < n; ++i) {
          if (bad.col4row[i] >= 0) bad.objective += c(i, bad.col4row[i]);
        }
        expect_rejected(bad, "swapped assignments with their true objective");
      }
      {
        auto bad = *s;
        bad.objective += 1.0;
        expect_rejected(bad, "objective + 1");
      }
      {
        auto bad = *s;
        bad.row4col[bad.col4row[matched[0]]] = -1;
        expect_rejected(bad, "col4row and row4col disagree");
      }
      {
        auto bad = *s;
        bad.u.pop_back();
        expect_rejected(bad, "wrong size");
      }
      {
        // Drop a pair: the matching is no longer full.
        auto bad = *s;
        const std::ptrdiff_t i = matched[0], j = bad.col4row[i];
        bad.objective -= c(i, j);
        bad.col4row[i] = -1;
        bad.row4col[j] = -1;
        expect_rejected(bad, "a pair dropped");
      }
      TALENTMATCH_STOP_ON_FAILURE();
    }
  }
}

TEST(Certificate, RejectsForbiddenPairsAndIntegerSlack) {
  // A matching through a forbidden pair, whatever the duals.
  const matrix<double> c(2, 2, {1, inf, 2, 3});
  const auto s = check_full(c);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->col4row, (std::vector<std::ptrdiff_t>{0, 1}));
  auto bad = *s;
  bad.col4row = {1, 0};
  bad.row4col = {1, 0};
  EXPECT_FALSE(ts::check_certificate(c.view(), bad).ok);
  EXPECT_THROW(ts::verify(c.view(), bad), talentmatch::error);

  // Integer certificates are exact: an off-by-one potential fails.
  std::mt19937 rng(4343);
  const auto ci = random_matrix<std::int64_t>(rng, 5, 5, 0, 100);
  const auto si = check_full(ci);
  ASSERT_TRUE(si);
  auto off = *si;
  off.u[2] += 1;
  EXPECT_FALSE(ts::check_certificate(ci.view(), off).ok);
  EXPECT_THROW(ts::verify(ci.view(), off), talentmatch::error);
}

TEST(Certificate, RejectsCorruptedPartialSolutions) {
  std::mt19937 rng(4444);
  const matrix<double> c = random_matrix<double>(rng, 5, 6, 0.0, 10.0);
  const ts::unassigned_costs<double> un{std::vector<double>(5, 4.0), std::vector<double>(6, 3.0)};
  const auto s = check_partial(c, un);
  ASSERT_TRUE(s);
  ASSERT_GT(s->size(), 0);
  std::ptrdiff_t i = 0;
  while (s->col4row[i] < 0) ++i;
  // Unmatch a pair whose cost 4 + 3 exceeds it, paying the unassigned costs instead.
  auto bad = *s;
  const std::ptrdiff_t j = bad.col4row[i];
  bad.objective += 7.0 - c(i, j);
  bad.col4row[i] = -1;
  bad.row4col[j] = -1;
  EXPECT_FALSE(ts::check_certificate(c.view(), bad, {}, &un).ok);
  EXPECT_THROW(ts::verify(c.view(), bad, {}, &un), talentmatch::error);
  // The right solution checked against other unassigned costs fails too.
  const ts::unassigned_costs<double> other{std::vector<double>(5, 0.0), std::vector<double>(6, 0.0)};
  EXPECT_FALSE(ts::check_certificate(c.view(), *s, {}, &other).ok);
}

}  // namespace

// Costs near the top of the double range: refused, with a message that gives the real limit for floating-point
// input (the potentials, sums of up to 2 (k + 1) costs, would overflow double; scale the matrix down), never "exact
// arithmetic", which is the integer limit and keeps its own message. Every solver says the same. Just below the
// limit, the problem is solved and certified (the oracle: brute force).
TEST(DenseMagnitude, FloatLimitIsExplainedInEverySolver) {
  const double limit = ts::cost_magnitude_limit<double>(2);
  EXPECT_EQ(limit, std::numeric_limits<double>::max() / 32.0);  // 8 (k + 2) with k = 2
  const std::vector<double> big = {1e308, 1, 1, 1e308};
  const auto view = ts::row_major_view(big.data(), 2, 2);
  const std::initializer_list<std::string> float_words = {"largest floating-point cost", "overflow double",
                                                          "scale the matrix down"};
  auto no_exact = [](auto&& fn) {
    try {
      fn();
    } catch (const talentmatch::error& e) {
      EXPECT_EQ(std::string(e.what()).find("exact"), std::string::npos) << e.what();
    }
  };
  talentmatch::test::expect_error([&] { ts::solve_dense(view); }, float_words);
  no_exact([&] { ts::solve_dense(view); });
  talentmatch::test::expect_error([&] { ts::k_best(view, 2); }, float_words);
  talentmatch::test::expect_error([&] { ts::solve_flow(view, ts::flow_options<double>{}); }, float_words);
  no_exact([&] { ts::solve_flow(view, ts::flow_options<double>{}); });
  const std::vector<std::int64_t> ptr = {0, 2, 4}, ind = {0, 1, 0, 1};
  const ts::csr_view<double> csr{2, 2, ptr.data(), ind.data(), big.data(), 4};
  talentmatch::test::expect_error([&] { ts::solve_sparse(csr); }, float_words);
  // float32 input is worked in double: the same limit.
  const std::vector<float> f = {3e38f, 1, 1, 3e38f};
  const auto fs = ts::solve_dense(ts::row_major_view(f.data(), 2, 2));
  EXPECT_EQ(fs.col4row, (std::vector<std::ptrdiff_t>{1, 0}));
  // Just below the limit: solved, certified, and the brute-force optimum.
  const std::vector<double> ok = {limit, 1, 1, limit / 2};
  const auto s = ts::solve_dense(ts::row_major_view(ok.data(), 2, 2));
  EXPECT_EQ(s.objective, *talentmatch::test::brute_force_assignment(ok, 2, 2));
  EXPECT_TRUE(ts::check_certificate(ts::row_major_view(ok.data(), 2, 2), s).ok);
  // Integers keep the exact-arithmetic message and its remedy.
  const std::vector<std::int64_t> bi = {std::int64_t{1} << 62, 1, 1, 1};
  talentmatch::test::expect_error([&] { ts::solve_dense(ts::row_major_view(bi.data(), 2, 2)); },
                                  {"exact int64 arithmetic", "convert the matrix to float64"});
}

// NaN and the wrong infinity: our position, then scipy's words ("contains invalid numeric entries"), in every solver
// that reads a matrix, so that code written against scipy's ValueError matches ours (issue 9, scipy fidelity).
TEST(DenseInput, InvalidEntriesUseScipysWordsAndKeepThePosition) {
  for (const double bad : {std::numeric_limits<double>::quiet_NaN(), -std::numeric_limits<double>::infinity()}) {
    std::vector<double> c(9, 1.0);
    c[1 * 3 + 2] = bad;
    const auto view = ts::row_major_view(c.data(), 3, 3);
    const std::initializer_list<std::string> words = {"row 1, column 2", "contains invalid numeric entries"};
    talentmatch::test::expect_error([&] { ts::solve_dense(view); }, words);
    talentmatch::test::expect_error([&] { ts::k_best(view, 2); }, words);
    talentmatch::test::expect_error([&] { ts::solve_flow(view, ts::flow_options<double>{}); }, words);
    const std::vector<std::int64_t> ptr = {0, 3, 6, 9}, ind = {0, 1, 2, 0, 1, 2, 0, 1, 2};
    const ts::csr_view<double> csr{3, 3, ptr.data(), ind.data(), c.data(), 9};
    talentmatch::test::expect_error([&] { ts::solve_sparse(csr); },
                                    {"row 1, entry 5, column 2", "contains invalid numeric entries"});
  }
}

// The initialisation validates each row as it first reads it (a vector scan where it can, the scalar check
// elsewhere): every shape and orientation, both signs, float32 and float64, the vector and the scalar paths, and
// every position of the bad entry give the first bad entry's position (row by row), as a separate check would.
template <class T>
void expect_first_bad_entry_named(std::ptrdiff_t n, std::ptrdiff_t m, bool maximize) {
  const T wrong = maximize ? std::numeric_limits<T>::infinity() : -std::numeric_limits<T>::infinity();
  std::mt19937 rng(static_cast<unsigned>(n * 131 + m));
  for (int trial = 0; trial < 6; ++trial) {
    matrix<T> c = random_matrix<T>(rng, n, m, T(-5), T(5));
    const std::ptrdiff_t i = uniform<std::int64_t>(rng, 0, n - 1), j = uniform<std::int64_t>(rng, 0, m - 1);
    c(i, j) = trial % 2 == 0 ? std::numeric_limits<T>::quiet_NaN() : wrong;
    if (trial >= 4 && i + 1 < n) c(i + 1, 0) = std::numeric_limits<T>::quiet_NaN();  // a later one is not named
    const std::string at = "at row " + std::to_string(i) + ", column " + std::to_string(j);
    for (const bool avx2 : {true, false}) {
      SCOPED_TRACE(::testing::Message() << n << " x " << m << " trial " << trial << " avx2 " << avx2);
      talentmatch::detail::avx2_scan_allowed() = avx2;
      talentmatch::test::expect_error([&] { ts::solve_dense(c.view(), options(maximize)); },
                                      {at, "contains invalid numeric entries"});
    }
    talentmatch::detail::avx2_scan_allowed() = true;
  }
}

TEST(DenseInput, TheFusedRowCheckNamesTheFirstBadEntryInEveryShape) {
  const std::vector<std::pair<std::ptrdiff_t, std::ptrdiff_t>> shapes = {{2, 2},   {3, 17},  {17, 3},   {40, 40},
                                                                         {37, 91}, {91, 37}, {130, 130}};
  for (const auto& [n, m] : shapes) {
    for (const bool maximize : {false, true}) {
      expect_first_bad_entry_named<double>(n, m, maximize);
      expect_first_bad_entry_named<float>(n, m, maximize);
      TALENTMATCH_STOP_ON_FAILURE();
    }
  }
}

// The magnitude limit is checked from the same fused scan: an entry past it is rejected in every shape, on both
// paths.
TEST(DenseInput, TheFusedRowCheckEnforcesTheMagnitudeLimit) {
  for (const auto& [n, m] : std::vector<std::pair<std::ptrdiff_t, std::ptrdiff_t>>{{40, 40}, {37, 91}, {91, 37}}) {
    matrix<double> c(n, m, 1.0);
    c(n - 1, m - 1) = 1e307;  // past max double / (8 (k + 2))
    for (const bool avx2 : {true, false}) {
      talentmatch::detail::avx2_scan_allowed() = avx2;
      EXPECT_THROW(ts::solve_dense(c.view()), talentmatch::error) << n << " x " << m << " avx2 " << avx2;
    }
    talentmatch::detail::avx2_scan_allowed() = true;
  }
}

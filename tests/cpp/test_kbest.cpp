// Tests of talentmatch::solver::k_best against an oracle that shares no code with it: the objectives of every full
// assignment, enumerated and sorted. For all shapes up to 6 x 6 (and some 7 x 7), k = 1, 5, 20 and k beyond the
// number of assignments: the same objectives in the same order, all assignments distinct and valid, each with the
// objective it states, and every solution's duals certifying it for its Murty subproblem.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include "talentmatch/solver/kbest.hpp"

namespace {

namespace ts = talentmatch::solver;

constexpr double inf = std::numeric_limits<double>::infinity();

template <class T>
struct matrix {
  std::ptrdiff_t n = 0, m = 0;
  std::vector<T> a;
  T& operator()(std::ptrdiff_t i, std::ptrdiff_t j) { return a[i * m + j]; }
  ts::matrix_view<T> view() const { return ts::row_major_view(a.data(), n, m); }
};

template <class T>
bool is_forbidden(T x, bool maximize) {
  if constexpr (std::is_floating_point_v<T>) {
    return maximize ? x == -std::numeric_limits<T>::infinity() : x == std::numeric_limits<T>::infinity();
  } else {
    (void)x;
    (void)maximize;
    return false;
  }
}

// Every full assignment's objective (caller's sign), best first: rows matched to distinct columns when n <= m,
// columns to distinct rows otherwise, by recursive enumeration.
template <class T>
std::vector<ts::work_t<T>> brute_objectives(const matrix<T>& c, bool maximize) {
  using W = ts::work_t<T>;
  const bool t = c.n > c.m;
  const std::ptrdiff_t nr = t ? c.m : c.n, nc = t ? c.n : c.m;
  auto at = [&](std::ptrdiff_t i, std::ptrdiff_t j) { return t ? c.a[j * c.m + i] : c.a[i * c.m + j]; };
  std::vector<W> out;
  std::vector<char> used(nc, 0);
  auto rec = [&](auto&& self, std::ptrdiff_t i, W sum) -> void {
    if (i == nr) {
      out.push_back(sum);
      return;
    }
    for (std::ptrdiff_t j = 0; j < nc; ++j) {
      if (used[j] || is_forbidden(at(i, j), maximize)) continue;
      used[j] = 1;
      self(self, i + 1, sum + static_cast<W>(at(i, j)));
      used[j] = 0;
    }
  };
  rec(rec, 0, W(0));
  if (maximize) {
    std::sort(out.begin(), out.end(), [](W a, W b) { return a > b; });
  } else {
    std::sort(out.begin(), out.end());
  }
  return out;
}

template <class T>
void check_k_best(const matrix<T>& c, std::size_t k, bool maximize, const std::string& what) {
  using W = ts::work_t<T>;
  SCOPED_TRACE(what + " k=" + std::to_string(k) + (maximize ? " max" : " min"));
  const std::vector<W> expect = brute_objectives(c, maximize);
  if (expect.empty()) {
    EXPECT_THROW(ts::k_best(c.view(), k, ts::dense_options{maximize}), talentmatch::infeasible_error);
    return;
  }
  const auto got = ts::k_best(c.view(), k, ts::dense_options{maximize});
  ASSERT_EQ(got.size(), std::min(k, expect.size()));
  const std::ptrdiff_t pairs = std::min(c.n, c.m);
  std::set<std::vector<std::ptrdiff_t>> seen;
  for (std::size_t t = 0; t < got.size(); ++t) {
    SCOPED_TRACE("solution " + std::to_string(t));
    const auto& s = got[t];
    // The same objective as the t-th best assignment.
    if constexpr (std::is_floating_point_v<W>) {
      EXPECT_NEAR(s.objective, expect[t], 1e-9 * (1.0 + std::abs(expect[t])));
    } else {
      EXPECT_EQ(s.objective, expect[t]);
    }
    // A valid full assignment with the stated objective, and new.
    ASSERT_EQ(static_cast<std::ptrdiff_t>(s.col4row.size()), c.n);
    ASSERT_EQ(static_cast<std::ptrdiff_t>(s.row4col.size()), c.m);
    EXPECT_EQ(s.size(), pairs);
    W sum = W(0);
    for (std::ptrdiff_t i = 0; i < c.n; ++i) {
      const std::ptrdiff_t j = s.col4row[i];
      if (j < 0) continue;
      ASSERT_LT(j, c.m);
      EXPECT_EQ(s.row4col[j], i);
      EXPECT_FALSE(is_forbidden(c.a[i * c.m + j], maximize));
      sum += static_cast<W>(c.a[i * c.m + j]);
    }
    if constexpr (std::is_floating_point_v<W>) {
      EXPECT_NEAR(s.objective, sum, 1e-12 * (1.0 + std::abs(sum)));
    } else {
      EXPECT_EQ(s.objective, sum);
    }
    EXPECT_TRUE(seen.insert(s.col4row).second) << "assignment repeated";
    // The order is by objective.
    if (t > 0) {
      const W prev = got[t - 1].objective;
      if constexpr (std::is_floating_point_v<W>) {
        EXPECT_TRUE(maximize ? s.objective <= prev + 1e-9 : s.objective >= prev - 1e-9);
      } else {
        EXPECT_TRUE(maximize ? s.objective <= prev : s.objective >= prev);
      }
    }
    // The duals certify it for its subproblem; the first is the plain optimum.
    if (t == 0) {
      EXPECT_TRUE(s.fixed.empty() && s.forbidden.empty());
      EXPECT_TRUE(
          ts::check_certificate(c.view(), static_cast<const ts::solution<W>&>(s), ts::dense_options{maximize}).ok);
    }
    const ts::certificate cert = ts::check_certificate(c.view(), s, ts::dense_options{maximize});
    EXPECT_TRUE(cert.ok) << cert.message;
  }
}

template <class T>
matrix<T> random_matrix(std::mt19937_64& rng, std::ptrdiff_t n, std::ptrdiff_t m, int lo, int hi, double forbid_p = 0.0,
                        bool maximize = false) {
  matrix<T> c{n, m, std::vector<T>(n * m)};
  std::uniform_real_distribution<double> u01(0.0, 1.0);
  std::uniform_int_distribution<int> small(lo, hi);
  for (auto& x : c.a) {
    if constexpr (std::is_floating_point_v<T>) {
      x = static_cast<T>(lo + (hi - lo) * u01(rng));
      if (u01(rng) < forbid_p) x = maximize ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::infinity();
    } else {
      x = static_cast<T>(small(rng));
    }
  }
  return c;
}

std::string shape(std::ptrdiff_t n, std::ptrdiff_t m) { return std::to_string(n) + "x" + std::to_string(m); }

TEST(KBest, MatchesEnumerationOnAllShapesUpTo6) {
  std::mt19937_64 rng(11);
  for (std::ptrdiff_t n = 1; n <= 6; ++n) {
    for (std::ptrdiff_t m = 1; m <= 6; ++m) {
      for (int rep = 0; rep < 3; ++rep) {
        const auto c = random_matrix<double>(rng, n, m, -5, 10);
        const std::size_t total = brute_objectives(c, false).size();
        for (const std::size_t k : {std::size_t{1}, std::size_t{5}, std::size_t{20}, total + 3}) {
          check_k_best(c, k, false, shape(n, m));
        }
      }
    }
  }
}

TEST(KBest, MatchesEnumerationWhenMaximizing) {
  std::mt19937_64 rng(12);
  for (std::ptrdiff_t n = 1; n <= 6; ++n) {
    for (std::ptrdiff_t m = 1; m <= 6; ++m) {
      const auto c = random_matrix<double>(rng, n, m, 0, 100);
      const std::size_t total = brute_objectives(c, true).size();
      for (const std::size_t k : {std::size_t{1}, std::size_t{5}, std::size_t{20}, total + 1}) {
        check_k_best(c, k, true, shape(n, m));
      }
    }
  }
}

TEST(KBest, MatchesEnumerationOn7x7AndRectangles) {
  std::mt19937_64 rng(13);
  for (const auto& [n, m] : {std::pair<int, int>{7, 7}, {7, 7}, {5, 7}, {7, 4}, {3, 7}}) {
    const auto c = random_matrix<double>(rng, n, m, 0, 1);
    for (const std::size_t k : {std::size_t{1}, std::size_t{5}, std::size_t{20}, std::size_t{200}}) {
      check_k_best(c, k, false, shape(n, m));
    }
  }
  const auto c = random_matrix<double>(rng, 7, 7, 0, 1);
  check_k_best(c, 5040 + 10, false, "7x7 all");
}

TEST(KBest, ForbiddenEntriesAndInfeasibleProblems) {
  std::mt19937_64 rng(14);
  for (const bool maximize : {false, true}) {
    for (std::ptrdiff_t n = 1; n <= 6; ++n) {
      for (std::ptrdiff_t m = 1; m <= 6; ++m) {
        for (int rep = 0; rep < 3; ++rep) {
          const auto c = random_matrix<double>(rng, n, m, -3, 3, 0.35, maximize);
          const std::size_t total = brute_objectives(c, maximize).size();
          for (const std::size_t k : {std::size_t{1}, std::size_t{5}, std::size_t{20}, total + 2}) {
            check_k_best(c, k, maximize, shape(n, m) + " with forbidden pairs");
          }
        }
      }
    }
  }
}

TEST(KBest, SmallIntegerTies) {
  std::mt19937_64 rng(15);
  for (const bool maximize : {false, true}) {
    for (std::ptrdiff_t n = 1; n <= 6; ++n) {
      for (std::ptrdiff_t m = 1; m <= 6; ++m) {
        const auto c = random_matrix<std::int64_t>(rng, n, m, 0, 2);
        const std::size_t total = brute_objectives(c, maximize).size();
        for (const std::size_t k : {std::size_t{1}, std::size_t{5}, std::size_t{20}, total + 1}) {
          check_k_best(c, k, maximize, shape(n, m) + " int64");
        }
        const auto d = random_matrix<std::int32_t>(rng, n, m, -2, 2);
        check_k_best(d, 20, maximize, shape(n, m) + " int32");
      }
    }
  }
  // A constant matrix: every assignment ties.
  const matrix<std::int64_t> flat{4, 5, std::vector<std::int64_t>(20, 7)};
  check_k_best(flat, 200, false, "constant 4x5");
}

TEST(KBest, FloatCosts) {
  std::mt19937_64 rng(16);
  const auto c = random_matrix<float>(rng, 5, 6, 0, 10, 0.2);
  check_k_best(c, 50, false, "float 5x6");
}

TEST(KBest, TiesComeInAFixedOrder) {
  std::mt19937_64 rng(17);
  const auto c = random_matrix<std::int64_t>(rng, 6, 6, 0, 1);
  const auto a = ts::k_best(c.view(), 40);
  const auto b = ts::k_best(c.view(), 40);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t t = 0; t < a.size(); ++t) EXPECT_EQ(a[t].col4row, b[t].col4row);
}

TEST(KBest, FirstSolutionIsTheDenseOptimum) {
  std::mt19937_64 rng(18);
  const auto c = random_matrix<double>(rng, 8, 11, 0, 1);
  const auto s = ts::solve_dense(c.view());
  const auto r = ts::k_best(c.view(), 3);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].col4row, s.col4row);
  EXPECT_EQ(r[0].u, s.u);
  EXPECT_EQ(r[0].v, s.v);
}

TEST(KBest, CertificateRejectsACorruptedSubproblemSolution) {
  std::mt19937_64 rng(19);
  const auto c = random_matrix<double>(rng, 5, 5, 0, 1);
  auto r = ts::k_best(c.view(), 3);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_TRUE(ts::check_certificate(c.view(), r[1]).ok);
  // Without its subproblem the second-best assignment is not optimal.
  EXPECT_FALSE(ts::check_certificate(c.view(), static_cast<const ts::solution<double>&>(r[1])).ok);
  auto bad = r[2];
  bad.forbidden.clear();
  EXPECT_FALSE(ts::check_certificate(c.view(), bad).ok);
  EXPECT_THROW(ts::verify(c.view(), bad), talentmatch::error);
}

TEST(KBest, EdgeCases) {
  const matrix<double> empty{0, 3, {}};
  const auto e = ts::k_best(empty.view(), 4);
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].size(), 0);
  const matrix<double> one{2, 2, {1, 2, 3, 4}};
  EXPECT_TRUE(ts::k_best(one.view(), 0).empty());
  const matrix<double> nan{1, 2, {1, std::nan("")}};
  EXPECT_THROW(ts::k_best(nan.view(), 2), talentmatch::error);
  const matrix<std::int64_t> huge{2, 2, {std::int64_t{1} << 60, 0, 0, 0}};
  EXPECT_THROW(ts::k_best(huge.view(), 2), talentmatch::error);
  (void)inf;
}

}  // namespace

// resolve_dense: re-solving after rows and columns were added, removed or changed gives an optimal assignment of
// the new matrix (the objective of a cold solve_dense, the oracle being tested elsewhere against brute force), with
// a certificate that holds.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "support/brute_force.hpp"
#include "support/expect_error.hpp"
#include "talentmatch/solver/certificate.hpp"
#include "talentmatch/solver/dense.hpp"

namespace ts = talentmatch::solver;

namespace {

template <class T>
struct problem {
  std::ptrdiff_t n = 0, m = 0;
  std::vector<T> c;
  ts::matrix_view<T> view() const { return ts::row_major_view(c.data(), n, m); }
};

template <class T>
T draw(std::mt19937& rng, int kind) {
  if constexpr (std::is_floating_point_v<T>) {
    if (kind == 1) return static_cast<T>(rng() % 3);  // ties
    return std::uniform_real_distribution<T>(-5, 20)(rng);
  } else {
    return static_cast<T>(static_cast<int>(rng() % (kind == 1 ? 3 : 100)) - 10);
  }
}

// A random edit of `old`: some rows and columns removed, some changed, some added (appended).
template <class T>
problem<T> edit(std::mt19937& rng, const problem<T>& old, int kind, ts::edits& e, bool forbid) {
  std::vector<std::ptrdiff_t> rows, cols;
  for (std::ptrdiff_t i = 0; i < old.n; ++i) {
    if (rng() % 10 != 0) rows.push_back(i);
  }
  for (std::ptrdiff_t j = 0; j < old.m; ++j) {
    if (rng() % 10 != 0) cols.push_back(j);
  }
  const std::ptrdiff_t add_r = rng() % 3, add_c = rng() % 3;
  problem<T> p;
  p.n = static_cast<std::ptrdiff_t>(rows.size()) + add_r;
  p.m = static_cast<std::ptrdiff_t>(cols.size()) + add_c;
  p.c.resize(static_cast<std::size_t>(p.n * p.m));
  e.row_origin.assign(p.n, -1);
  e.col_origin.assign(p.m, -1);
  for (std::size_t i = 0; i < rows.size(); ++i) e.row_origin[i] = rng() % 8 == 0 ? -1 : rows[i];  // -1: changed
  for (std::size_t j = 0; j < cols.size(); ++j) e.col_origin[j] = rng() % 8 == 0 ? -1 : cols[j];
  for (std::ptrdiff_t i = 0; i < p.n; ++i) {
    for (std::ptrdiff_t j = 0; j < p.m; ++j) {
      T x;
      if (e.row_origin[i] >= 0 && e.col_origin[j] >= 0) {
        x = old.c[static_cast<std::size_t>(e.row_origin[i] * old.m + e.col_origin[j])];
      } else {
        x = draw<T>(rng, kind);
        if constexpr (std::is_floating_point_v<T>) {
          if (forbid && rng() % 5 == 0) x = std::numeric_limits<T>::infinity();
        }
      }
      p.c[static_cast<std::size_t>(i * p.m + j)] = x;
    }
  }
  return p;
}

template <class T>
void run_edits(unsigned seed, bool maximize, int kind, bool forbid, int trials) {
  std::mt19937 rng(seed);
  int compared = 0;
  for (int t = 0; t < trials; ++t) {
    problem<T> p;
    p.n = 1 + rng() % 9;
    p.m = 1 + rng() % 9;
    p.c.resize(static_cast<std::size_t>(p.n * p.m));
    for (auto& x : p.c) x = draw<T>(rng, kind);
    const ts::dense_options opt{maximize};
    ts::solution<ts::work_t<T>> s;
    try {
      s = ts::solve_dense(p.view(), opt);
    } catch (const talentmatch::infeasible_error&) {
      continue;
    }
    // A chain of edits, each warm-started from the previous result.
    for (int step = 0; step < 4; ++step) {
      ts::edits e;
      const problem<T> q = edit(rng, p, kind, e, forbid && !maximize);
      SCOPED_TRACE(::testing::Message() << "trial " << t << " step " << step << ": " << q.n << " x " << q.m);
      bool cold_ok = true;
      ts::solution<ts::work_t<T>> cold;
      try {
        cold = ts::solve_dense(q.view(), opt);
      } catch (const talentmatch::infeasible_error&) {
        cold_ok = false;
      }
      if (!cold_ok) {
        EXPECT_THROW(ts::resolve_dense(q.view(), s, e, opt), talentmatch::infeasible_error);
        break;
      }
      const auto warm = ts::resolve_dense(q.view(), s, e, opt);
      const auto cert = ts::check_certificate(q.view(), warm, opt);
      ASSERT_TRUE(cert.ok) << cert.message;
      if constexpr (std::is_floating_point_v<T>) {
        ASSERT_NEAR(warm.objective, cold.objective, 1e-9 * (1 + std::abs(cold.objective)));
      } else {
        ASSERT_EQ(warm.objective, cold.objective);
      }
      ASSERT_EQ(warm.size(), std::min(q.n, q.m));
      ++compared;
      p = q;
      s = warm;
    }
  }
  EXPECT_GT(compared, trials);
}

}  // namespace

TEST(ResolveDense, RandomEditsMatchColdSolve) { run_edits<double>(11, false, 0, false, 400); }
TEST(ResolveDense, RandomEditsWithTiesMatchColdSolve) { run_edits<double>(12, false, 1, false, 400); }
TEST(ResolveDense, RandomEditsMaximizeMatchColdSolve) { run_edits<double>(13, true, 0, false, 400); }
TEST(ResolveDense, ForbiddenPairsAndInfeasibleEdits) { run_edits<double>(14, false, 0, true, 400); }
TEST(ResolveDense, IntegerCostsExact) {
  run_edits<std::int64_t>(15, false, 0, false, 300);
  run_edits<std::int32_t>(16, true, 1, false, 300);
}

TEST(ResolveDense, NothingChangedKeepsTheAssignment) {
  std::mt19937 rng(17);
  problem<double> p;
  p.n = 30;
  p.m = 40;
  p.c.resize(1200);
  for (auto& x : p.c) x = draw<double>(rng, 0);
  const auto s = ts::solve_dense(p.view());
  ts::edits e;
  for (std::ptrdiff_t i = 0; i < p.n; ++i) e.row_origin.push_back(i);
  for (std::ptrdiff_t j = 0; j < p.m; ++j) e.col_origin.push_back(j);
  const auto w = ts::resolve_dense(p.view(), s, e);
  EXPECT_EQ(w.col4row, s.col4row);
  EXPECT_TRUE(ts::check_certificate(p.view(), w).ok);
}

TEST(ResolveDense, RejectsBadOrigins) {
  std::vector<double> c(9, 1.0);
  const auto v = ts::row_major_view(c.data(), 3, 3);
  const auto s = ts::solve_dense(v);
  EXPECT_THROW(ts::resolve_dense(v, s, ts::edits{{0, 1}, {0, 1, 2}}), talentmatch::error);      // wrong length
  EXPECT_THROW(ts::resolve_dense(v, s, ts::edits{{0, 1, 3}, {0, 1, 2}}), talentmatch::error);   // out of range
  EXPECT_THROW(ts::resolve_dense(v, s, ts::edits{{0, 1, 1}, {0, 1, 2}}), talentmatch::error);   // repeated
  EXPECT_THROW(ts::resolve_dense(v, s, ts::edits{{0, 1, -2}, {0, 1, 2}}), talentmatch::error);  // below -1
}

// A corrupted `previous` is refused before anything reads it, with the array and the index in the message: out of
// range entries (which indexed out of bounds: a crash under the sanitizers, garbage without), a col4row and row4col
// that disagree, a partial matching, potentials of the wrong length, NaN or inf, and potentials that are not the
// duals of that solution (which started the searches from an infeasible point and gave a silently wrong optimum).
namespace {

struct resolve_case {
  std::vector<double> c;
  ts::solution<double> s;
  ts::edits same;
  ts::matrix_view<double> view() const { return ts::row_major_view(c.data(), 3, 4); }
};

resolve_case small_case() {
  resolve_case r;
  r.c = {4, 1, 3, 9, 2, 0, 5, 8, 3, 2, 2, 7};
  r.s = ts::solve_dense(r.view());
  r.same = ts::edits{{0, 1, 2}, {0, 1, 2, 3}};
  return r;
}

}  // namespace

TEST(ResolveDense, PreviousIndicesOutOfRangeAreNamed) {
  resolve_case r = small_case();
  auto bad = r.s;
  bad.col4row[1] = 99;
  talentmatch::test::expect_error([&] { ts::resolve_dense(r.view(), bad, r.same); },
                                  {"previous.col4row[1] = 99 is outside -1..3"});
  bad = r.s;
  bad.row4col[3] = -7;
  talentmatch::test::expect_error([&] { ts::resolve_dense(r.view(), bad, r.same); },
                                  {"previous.row4col[3] = -7 is outside -1..2"});
}

TEST(ResolveDense, PreviousMustBeAFullMatching) {
  resolve_case r = small_case();
  auto bad = r.s;
  std::swap(bad.col4row[0], bad.col4row[1]);  // row4col still says otherwise
  talentmatch::test::expect_error([&] { ts::resolve_dense(r.view(), bad, r.same); }, {"not a matching"});
  bad = r.s;
  bad.row4col[bad.col4row[2]] = -1;
  bad.col4row[2] = -1;
  talentmatch::test::expect_error([&] { ts::resolve_dense(r.view(), bad, r.same); },
                                  {"previous matches 2 pairs, not min(3, 4) = 3"});
  bad = r.s;
  bad.u.pop_back();
  talentmatch::test::expect_error([&] { ts::resolve_dense(r.view(), bad, r.same); },
                                  {"previous.u has length 2 but previous.col4row has 3"});
}

TEST(ResolveDense, PreviousPotentialsMustBeItsDuals) {
  resolve_case r = small_case();
  // Hand-checked optimum of the 3 x 4 matrix: (0, 1) + (1, 0) + (2, 2) = 1 + 2 + 2 = 5 (brute force agrees).
  ASSERT_EQ(*talentmatch::test::brute_force_assignment(r.c, 3, 4), 5.0);
  ASSERT_EQ(r.s.objective, 5.0);
  auto bad = r.s;
  bad.u[0] += 3;  // the sum no longer equals the objective
  talentmatch::test::expect_error([&] { ts::resolve_dense(r.view(), bad, r.same); },
                                  {"previous potentials sum to 8", "not the previous objective 5"});
  bad = r.s;
  bad.u[0] += 3;  // the same sum, but row 0 now has negative reduced costs
  bad.u[1] -= 3;
  talentmatch::test::expect_error([&] { ts::resolve_dense(r.view(), bad, r.same); }, {"reduced cost", "entry (0, "});
  bad = r.s;
  bad.v[2] = std::numeric_limits<double>::quiet_NaN();
  talentmatch::test::expect_error([&] { ts::resolve_dense(r.view(), bad, r.same); },
                                  {"previous.v[2] = nan is not a finite potential"});
  bad = r.s;
  bad.objective = std::numeric_limits<double>::infinity();
  talentmatch::test::expect_error([&] { ts::resolve_dense(r.view(), bad, r.same); }, {"previous.objective is inf"});
  // A carried-over entry that changed (against the contract of edits) is caught where it breaks the duals.
  resolve_case changed = r;
  changed.c[1] = 100;  // (0, 1) was matched at reduced cost 0; now it is 99
  talentmatch::test::expect_error([&] { ts::resolve_dense(changed.view(), r.s, r.same); },
                                  {"kept matched pair (must be 0)"});
  // The valid previous solution, on the matrix with one row edited (origin -1): the optimum of brute force.
  changed.c = r.c;
  changed.c[4] = 0;  // row 1 now (0, 0, 5, 8)
  const auto w = ts::resolve_dense(changed.view(), r.s, ts::edits{{0, -1, 2}, {0, 1, 2, 3}});
  EXPECT_EQ(w.objective, *talentmatch::test::brute_force_assignment(changed.c, 3, 4));
  EXPECT_TRUE(ts::check_certificate(changed.view(), w).ok);
}

TEST(ResolveDense, MaximizeAndIntegerPreviousAreAccepted) {
  // Duals are in the minimisation form, so the check must negate the objective with maximize.
  const std::vector<std::int64_t> c = {4, 1, 3, 2, 0, 5, 3, 2, 2};
  const auto v = ts::row_major_view(c.data(), 3, 3);
  const ts::dense_options mx{true};
  const auto s = ts::solve_dense(v, mx);
  const auto w = ts::resolve_dense(v, s, ts::edits{{0, 1, 2}, {0, 1, 2}}, mx);
  EXPECT_EQ(w.objective, s.objective);
  auto bad = s;
  bad.v[0] += 1;  // exact for integers: off by one is refused
  talentmatch::test::expect_error(
      [&] {
        ts::resolve_dense(v, bad, ts::edits{{0, 1, 2}, {0, 1, 2}}, mx);
      },
      {"previous potentials sum to"});
}

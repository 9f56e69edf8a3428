// Tests of talentmatch::solver::solve_batch: on any number of threads, every result is exactly what solve_dense gives
// for that problem alone (and passes its certificate); failures name the lowest failing index and keep their kind.

#include <gtest/gtest.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "talentmatch/talentmatch.hpp"

namespace {

namespace ts = talentmatch::solver;

constexpr double inf = std::numeric_limits<double>::infinity();

// Random problems of mixed shapes (empty, thin, square, wide, up to 60 x 60), with some forbidden pairs in the
// floating-point ones, that stay feasible: the diagonal of the smaller side is never forbidden.
template <class T>
std::vector<std::vector<T>> random_problems(std::size_t count,
                                            std::vector<std::pair<std::ptrdiff_t, std::ptrdiff_t>>& shapes,
                                            unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<std::ptrdiff_t> dim(0, 60);
  std::uniform_int_distribution<int> small(-50, 50);
  std::uniform_real_distribution<double> real(-100.0, 100.0);
  std::bernoulli_distribution forbid(0.2);
  std::vector<std::vector<T>> out;
  shapes.clear();
  for (std::size_t k = 0; k < count; ++k) {
    const std::ptrdiff_t n = k % 10 == 0 ? dim(rng) % 3 : dim(rng);
    const std::ptrdiff_t m = k % 7 == 0 ? n : dim(rng);
    std::vector<T> a(static_cast<std::size_t>(n * m));
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      for (std::ptrdiff_t j = 0; j < m; ++j) {
        T& c = a[static_cast<std::size_t>(i * m + j)];
        if constexpr (std::is_floating_point_v<T>) {
          c = (i != j && forbid(rng)) ? static_cast<T>(inf) : static_cast<T>(real(rng));
        } else {
          c = static_cast<T>(small(rng));
        }
      }
    }
    shapes.emplace_back(n, m);
    out.push_back(std::move(a));
  }
  return out;
}

template <class T>
std::vector<ts::matrix_view<T>> views_of(const std::vector<std::vector<T>>& data,
                                         const std::vector<std::pair<std::ptrdiff_t, std::ptrdiff_t>>& shapes) {
  std::vector<ts::matrix_view<T>> v;
  for (std::size_t k = 0; k < data.size(); ++k) {
    v.push_back(ts::row_major_view(data[k].data(), shapes[k].first, shapes[k].second));
  }
  return v;
}

template <class W>
void expect_same(const ts::solution<W>& got, const ts::solution<W>& want, std::size_t k) {
  EXPECT_EQ(got.col4row, want.col4row) << "problem " << k;
  EXPECT_EQ(got.row4col, want.row4col) << "problem " << k;
  EXPECT_EQ(got.u, want.u) << "problem " << k;
  EXPECT_EQ(got.v, want.v) << "problem " << k;
  EXPECT_EQ(got.objective, want.objective) << "problem " << k;
}

template <class T>
void check_against_solve_dense(bool maximize, unsigned seed) {
  std::vector<std::pair<std::ptrdiff_t, std::ptrdiff_t>> shapes;
  auto data = random_problems<T>(50, shapes, seed);
  if constexpr (std::is_floating_point_v<T>) {
    for (auto& a : data) {
      for (auto& c : a) {
        if (maximize && c == std::numeric_limits<T>::infinity()) c = -c;  // forbidden with maximize
      }
    }
  }
  const auto views = views_of(data, shapes);
  const ts::dense_options opt{maximize};
  for (unsigned threads : {1u, 2u, 8u, 0u}) {
    const auto got = ts::solve_batch(views, opt, threads);
    ASSERT_EQ(got.size(), views.size());
    for (std::size_t k = 0; k < views.size(); ++k) {
      expect_same(got[k], ts::solve_dense(views[k], opt), k);
      const ts::certificate cert = ts::check_certificate(views[k], got[k], opt);
      EXPECT_TRUE(cert.ok) << "problem " << k << " with " << threads << " threads: " << cert.message;
    }
  }
}

TEST(Batch, EqualsSolveDenseOnEachProblemDouble) { check_against_solve_dense<double>(false, 1); }
TEST(Batch, EqualsSolveDenseOnEachProblemDoubleMaximize) { check_against_solve_dense<double>(true, 2); }
TEST(Batch, EqualsSolveDenseOnEachProblemFloat) { check_against_solve_dense<float>(false, 3); }
TEST(Batch, EqualsSolveDenseOnEachProblemInt64) { check_against_solve_dense<std::int64_t>(false, 4); }
TEST(Batch, EqualsSolveDenseOnEachProblemInt32) { check_against_solve_dense<std::int32_t>(true, 5); }

TEST(Batch, UnassignedCostsPerProblem) {
  std::vector<std::pair<std::ptrdiff_t, std::ptrdiff_t>> shapes;
  const auto data = random_problems<double>(50, shapes, 6);
  const auto views = views_of(data, shapes);
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> real(-20.0, 60.0);
  std::vector<ts::unassigned_costs<double>> un(views.size());
  for (std::size_t k = 0; k < views.size(); ++k) {
    if (k % 5 == 0) continue;  // both empty: the plain full matching
    for (std::ptrdiff_t i = 0; i < shapes[k].first; ++i) un[k].row.push_back(real(rng));
    for (std::ptrdiff_t j = 0; j < shapes[k].second; ++j) un[k].col.push_back(real(rng));
  }
  for (unsigned threads : {1u, 2u, 8u}) {
    const auto got = ts::solve_batch(views, un, {}, threads);
    ASSERT_EQ(got.size(), views.size());
    for (std::size_t k = 0; k < views.size(); ++k) {
      expect_same(got[k], ts::solve_dense(views[k], un[k]), k);
      const ts::certificate cert = ts::check_certificate(views[k], got[k], {}, &un[k]);
      EXPECT_TRUE(cert.ok) << "problem " << k << ": " << cert.message;
    }
  }
  un.pop_back();
  try {
    ts::solve_batch(views, un);
    FAIL() << "expected talentmatch::error";
  } catch (const talentmatch::error& e) {
    EXPECT_NE(std::string(e.what()).find("49 unassigned costs for 50 problems"), std::string::npos) << e.what();
  }
}

TEST(Batch, EmptyBatch) {
  const std::vector<ts::matrix_view<double>> none;
  for (unsigned threads : {0u, 1u, 8u}) {
    EXPECT_TRUE(ts::solve_batch(none, {}, threads).empty());
    EXPECT_TRUE(ts::solve_batch(none, std::vector<ts::unassigned_costs<double>>{}, {}, threads).empty());
  }
}

// 20 feasible 3 x 3 problems with an infeasible one at index 11 (row 1 has no allowed column) and a NaN at 15.
struct failing_batch {
  std::vector<std::vector<double>> data;
  std::vector<ts::matrix_view<double>> views;

  failing_batch() {
    for (int k = 0; k < 20; ++k) {
      std::vector<double> a{4, 1, 3, 2, 0, 5, 3, 2, 2};
      a[0] += k;
      if (k == 11) a[3] = a[4] = a[5] = inf;
      if (k == 15) a[7] = std::numeric_limits<double>::quiet_NaN();
      data.push_back(a);
    }
    for (const auto& a : data) views.push_back(ts::row_major_view(a.data(), 3, 3));
  }
};

TEST(Batch, InfeasibleProblemNamesItsIndex) {
  failing_batch b;
  for (unsigned threads : {1u, 2u, 8u}) {
    try {
      ts::solve_batch(b.views, {}, threads);
      FAIL() << "expected talentmatch::infeasible_error";
    } catch (const talentmatch::infeasible_error& e) {
      const std::string msg = e.what();
      // The lowest failing index, with solve_dense's own message after it.
      EXPECT_EQ(msg.rfind("problem 11: cost matrix is infeasible: row 1", 0), 0u) << msg;
    }
  }
}

TEST(Batch, InvalidInputKeepsItsKind) {
  failing_batch b;
  b.views.erase(b.views.begin() + 11);  // the NaN problem is now index 14, and the only failure
  try {
    ts::solve_batch(b.views, {}, 4);
    FAIL() << "expected talentmatch::error";
  } catch (const talentmatch::infeasible_error& e) {
    FAIL() << "NaN is not infeasibility: " << e.what();
  } catch (const talentmatch::error& e) {
    EXPECT_EQ(std::string(e.what()).rfind(
                  "problem 14: cost matrix contains invalid numeric entries: NaN at row 2, column 1", 0),
              0u)
        << e.what();
  }
}

TEST(Batch, EveryProblemIsAttemptedExactlyOnceEvenAfterFailures) {
  std::vector<std::atomic<int>> calls(100);
  try {
    ts::for_each_problem(calls.size(), 8, [&](std::size_t k) {
      calls[k].fetch_add(1);
      if (k % 9 == 4) throw talentmatch::error("bad " + std::to_string(k));
    });
    FAIL() << "expected talentmatch::error";
  } catch (const talentmatch::error& e) {
    EXPECT_STREQ(e.what(), "problem 4: bad 4");
  }
  for (std::size_t k = 0; k < calls.size(); ++k) EXPECT_EQ(calls[k].load(), 1) << "problem " << k;
}

TEST(Batch, ThreadCount) {
  EXPECT_EQ(talentmatch::detail::thread_count(0, 8), 1u);
  EXPECT_EQ(talentmatch::detail::thread_count(3, 8), 3u);
  EXPECT_EQ(talentmatch::detail::thread_count(100, 8), 8u);
  EXPECT_GE(talentmatch::detail::thread_count(100, 0), 1u);
}

}  // namespace

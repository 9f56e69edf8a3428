// Tests of talentmatch::solver::solve_sparse and maximum_matching against oracles that share no search code with
// them: the dense solver on the same problem with +inf (-inf with maximize) for every missing entry, an exhaustive
// search over all partial matchings for the maximum-cardinality mode and for the size of a maximum matching, and
// hand-worked examples. Every result must pass its certificate (check_certificate on the CSR).

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "talentmatch/solver/certificate.hpp"
#include "talentmatch/solver/dense.hpp"
#include "talentmatch/solver/matching.hpp"
#include "talentmatch/solver/sparse.hpp"

namespace {

namespace ts = talentmatch::solver;

constexpr double inf = std::numeric_limits<double>::infinity();

// A CSR matrix owned by the test, and the dense matrix it stands for (missing entries forbidden).
template <class T>
struct instance {
  std::ptrdiff_t n = 0, m = 0;
  std::vector<std::int64_t> ptr{0}, idx;
  std::vector<T> data;
  ts::csr_view<T> view() const {
    return {n, m, ptr.data(), idx.data(), data.data(), static_cast<std::ptrdiff_t>(idx.size())};
  }
};

template <class T>
T forbidden_value(bool maximize) {
  if constexpr (std::is_floating_point_v<T>) {
    return maximize ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::infinity();
  } else {
    (void)maximize;
    return T(0);  // integer dense matrices cannot forbid: the tests use double for the dense oracle
  }
}

// Random instance: each pair present with probability `density`; some pairs are listed twice, as two entries that
// sum to the cost (duplicates are summed, as scipy.sparse does), and every row's entries are shuffled. `dense`
// receives the effective costs as double with the forbidden infinity for missing pairs.
template <class T>
instance<T> random_instance(std::mt19937_64& rng, std::ptrdiff_t n, std::ptrdiff_t m, double density, bool maximize,
                            std::vector<double>& dense, int range = 20) {
  instance<T> in;
  in.n = n;
  in.m = m;
  dense.assign(n * m, maximize ? -inf : inf);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::uniform_int_distribution<int> cost(-range, range);
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    std::vector<std::pair<std::int64_t, T>> row;
    for (std::ptrdiff_t j = 0; j < m; ++j) {
      if (unit(rng) >= density) continue;
      T c;
      if constexpr (std::is_floating_point_v<T>) {
        c = static_cast<T>(unit(rng) * range * 2 - range);
      } else {
        c = static_cast<T>(cost(rng));
      }
      if (unit(rng) < 0.15) {
        // Split into duplicates that sum to the cost, as scipy.sparse sums them (in T, in the caller's order).
        const T part = static_cast<T>(3);
        row.emplace_back(j, static_cast<T>(c - part));
        row.emplace_back(j, part);
        c = static_cast<T>(static_cast<T>(c - part) + part);
      } else {
        row.emplace_back(j, c);
      }
      dense[i * m + j] = static_cast<double>(c);
    }
    std::shuffle(row.begin(), row.end(), rng);
    for (const auto& [j, c] : row) {
      in.idx.push_back(j);
      in.data.push_back(c);
    }
    in.ptr.push_back(static_cast<std::int64_t>(in.idx.size()));
  }
  return in;
}

template <class T, class W>
void expect_certified(const instance<T>& in, const ts::solution<W>& s, const ts::sparse_options& opt,
                      const ts::unassigned_costs<W>* un = nullptr) {
  const ts::certificate cert = ts::check_certificate(in.view(), s, opt, un);
  EXPECT_TRUE(cert.ok) << cert.message;
}

template <class T>
void compare_full(std::mt19937_64& rng, std::ptrdiff_t n, std::ptrdiff_t m, double density, bool maximize) {
  std::vector<double> dense;
  const instance<T> in = random_instance<T>(rng, n, m, density, maximize, dense);
  const ts::matrix_view<double> dv = ts::row_major_view(dense.data(), n, m);
  bool dense_infeasible = false, sparse_infeasible = false;
  ts::solution<double> ds;
  ts::solution<ts::work_t<T>> ss;
  try {
    ds = ts::solve_dense(dv, ts::dense_options{maximize});
  } catch (const talentmatch::infeasible_error&) {
    dense_infeasible = true;
  }
  try {
    ss = ts::solve_sparse(in.view(), ts::sparse_options{maximize});
  } catch (const talentmatch::infeasible_error&) {
    sparse_infeasible = true;
  }
  ASSERT_EQ(dense_infeasible, sparse_infeasible) << n << " x " << m << " density " << density;
  if (dense_infeasible) return;
  EXPECT_NEAR(static_cast<double>(ss.objective), ds.objective, 1e-9 * (1 + std::abs(ds.objective))) << n << " x " << m;
  EXPECT_EQ(ss.size(), std::min(n, m));
  expect_certified(in, ss, ts::sparse_options{maximize});
}

TEST(Sparse, MatchesDenseOnAllSmallShapes) {
  std::mt19937_64 rng(1);
  for (std::ptrdiff_t n = 0; n <= 8; ++n) {
    for (std::ptrdiff_t m = 0; m <= 8; ++m) {
      for (const double density : {0.25, 0.5, 0.9}) {
        for (int rep = 0; rep < 3; ++rep) {
          compare_full<double>(rng, n, m, density, rep == 1);
          compare_full<std::int64_t>(rng, n, m, density, rep == 2);
          compare_full<std::int32_t>(rng, n, m, density, false);
          compare_full<float>(rng, n, m, density, true);
        }
      }
    }
  }
}

TEST(Sparse, MatchesDenseOnLargerShapes) {
  std::mt19937_64 rng(2);
  for (int rep = 0; rep < 6; ++rep) {
    compare_full<double>(rng, 50, 80, 0.1, rep % 2 == 1);
    compare_full<double>(rng, 80, 50, 0.1, rep % 2 == 0);
    compare_full<std::int64_t>(rng, 50, 80, 0.05, false);
    compare_full<std::int64_t>(rng, 60, 60, 0.04, rep % 2 == 0);  // often infeasible
    compare_full<double>(rng, 60, 60, 0.3, false);
  }
}

TEST(Sparse, IntegerTiesMatchDenseObjective) {
  // Small integer ranges give many ties: the objective must still agree, and the result be deterministic.
  std::mt19937_64 rng(3);
  for (int rep = 0; rep < 200; ++rep) {
    std::vector<double> dense;
    const auto in = random_instance<std::int64_t>(rng, 7, 7, 0.7, false, dense, 2);
    try {
      const auto a = ts::solve_sparse(in.view());
      const auto b = ts::solve_sparse(in.view());
      EXPECT_EQ(a.col4row, b.col4row);
      expect_certified(in, a, {});
      const auto d = ts::solve_dense(ts::row_major_view(dense.data(), 7, 7));
      EXPECT_EQ(static_cast<double>(a.objective), d.objective);
    } catch (const talentmatch::infeasible_error&) {
      EXPECT_THROW(ts::solve_dense(ts::row_major_view(dense.data(), 7, 7)), talentmatch::infeasible_error);
    }
  }
}

TEST(Sparse, ConstantMatrixGivesIdentity) {
  instance<double> in;
  in.n = in.m = 4;
  for (int i = 0; i < 4; ++i) {
    for (int j = 3; j >= 0; --j) {
      in.idx.push_back(j);
      in.data.push_back(1.0);
    }
    in.ptr.push_back(static_cast<std::int64_t>(in.idx.size()));
  }
  const auto s = ts::solve_sparse(in.view());
  EXPECT_EQ(s.col4row, (std::vector<std::ptrdiff_t>{0, 1, 2, 3}));
}

TEST(Sparse, ExplicitZerosAreEdges) {
  instance<double> in;
  in.n = in.m = 2;
  in.ptr = {0, 1, 2};
  in.idx = {1, 0};
  in.data = {0.0, 0.0};
  const auto s = ts::solve_sparse(in.view());
  EXPECT_EQ(s.col4row, (std::vector<std::ptrdiff_t>{1, 0}));
  EXPECT_EQ(s.objective, 0.0);
  expect_certified(in, s, {});
}

// Duplicates are summed, as scipy.sparse sums them (hand-checked): row 0 lists column 1 three times (9 + 2 + 7 = 18),
// so the minimum is (0, 0) + (1, 1) = 5 + 10 and the maximum (0, 1) + (1, 0) = 18 + 4. Keeping the cheapest (2), as
// the solver once did, would give the minimum 2 + 4 and the maximum 5 + 10.
TEST(SparseCsr, DuplicatesAreSummedLikeScipy) {
  instance<std::int64_t> in;
  in.n = in.m = 2;
  in.ptr = {0, 4, 6};
  in.idx = {1, 0, 1, 1, 1, 0};  // row 0: (1, 9), (0, 5), (1, 2), (1, 7); row 1: (1, 10), (0, 4)
  in.data = {9, 5, 2, 7, 10, 4};
  const auto s = ts::solve_sparse(in.view());
  EXPECT_EQ(s.col4row, (std::vector<std::ptrdiff_t>{0, 1}));
  EXPECT_EQ(s.objective, 5 + 10);
  expect_certified(in, s, {});
  const auto mx = ts::solve_sparse(in.view(), ts::sparse_options{true});
  EXPECT_EQ(mx.col4row, (std::vector<std::ptrdiff_t>{1, 0}));
  EXPECT_EQ(mx.objective, 18 + 4);
  expect_certified(in, mx, ts::sparse_options{true});
  // The certificate reads the summed costs too: the cheapest-entry reading is not optimal under it.
  auto wrong = s;
  wrong.col4row = {1, 0};
  wrong.row4col = {1, 0};
  wrong.objective = 2 + 4;
  EXPECT_FALSE(ts::check_certificate(in.view(), wrong).ok);
  // maximum_matching reads the same graph.
  EXPECT_EQ(ts::maximum_matching(in.view()).size, 2);
}

// A forbidden entry among duplicates forbids the pair (the sum is +inf, as in scipy); float32 duplicates are summed
// in float32, so two entries of 3e38 make +inf there (forbidden), as scipy's conversion does.
TEST(SparseCsr, ForbiddenDuplicateForbidsThePair) {
  instance<double> in;
  in.n = in.m = 2;
  in.ptr = {0, 3, 5};
  in.idx = {0, 0, 1, 0, 1};  // row 0: (0, 1), (0, +inf), (1, 50); row 1: (0, 1), (1, 1)
  in.data = {1, inf, 50, 1, 1};
  const auto s = ts::solve_sparse(in.view());
  EXPECT_EQ(s.col4row, (std::vector<std::ptrdiff_t>{1, 0}));  // (0, 0) is forbidden: 50 + 1
  EXPECT_EQ(s.objective, 51.0);
  expect_certified(in, s, {});
  instance<float> f;
  f.n = f.m = 2;
  f.ptr = {0, 3, 5};
  f.idx = {0, 0, 1, 0, 1};
  f.data = {3e38f, 3e38f, 50, 1, 1};
  const auto fs = ts::solve_sparse(f.view());
  EXPECT_EQ(fs.col4row, (std::vector<std::ptrdiff_t>{1, 0}));
  expect_certified(f, fs, {});
}

// Integer duplicates that sum beyond int64 are our error, naming the pair; no wrap-around, no UB.
TEST(SparseCsr, IntegerDuplicateOverflowIsAnError) {
  instance<std::int64_t> in;
  in.n = in.m = 1;
  in.ptr = {0, 2};
  in.idx = {0, 0};
  in.data = {std::numeric_limits<std::int64_t>::max(), 1};
  try {
    ts::solve_sparse(in.view());
    ADD_FAILURE() << "expected an error";
  } catch (const talentmatch::error& e) {
    EXPECT_NE(std::string(e.what()).find("row 0, column 0 sum beyond int64"), std::string::npos) << e.what();
  }
}

// Column indices in any order within a row: the same answer as the sorted, canonical input (every row reversed).
TEST(SparseCsr, UnsortedRowsGiveTheCanonicalAnswer) {
  std::mt19937_64 rng(91);
  for (int rep = 0; rep < 200; ++rep) {
    const std::ptrdiff_t n = 1 + rep % 7, m = 1 + (rep / 7) % 7;
    std::vector<double> dense;
    instance<double> in = random_instance<double>(rng, n, m, 0.7, rep % 2 == 1, dense);
    // Canonical: sorted by column within each row, duplicates summed.
    instance<double> canon;
    canon.n = n;
    canon.m = m;
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      for (std::ptrdiff_t j = 0; j < m; ++j) {
        const double c = dense[i * m + j];
        if (std::isinf(c)) continue;
        canon.idx.push_back(j);
        canon.data.push_back(c);
      }
      canon.ptr.push_back(static_cast<std::int64_t>(canon.idx.size()));
    }
    const ts::sparse_options opt{rep % 2 == 1, ts::sparse_mode::max_cardinality};
    const auto a = ts::solve_sparse(in.view(), opt);
    const auto b = ts::solve_sparse(canon.view(), opt);
    EXPECT_EQ(a.col4row, b.col4row) << n << " x " << m;
    EXPECT_NEAR(a.objective, b.objective, 1e-9 * (1 + std::abs(b.objective)));
    expect_certified(in, a, opt);
  }
}

TEST(Sparse, InfEntriesAreForbidden) {
  instance<double> in;
  in.n = in.m = 2;
  in.ptr = {0, 2, 3};
  in.idx = {0, 1, 0};
  in.data = {inf, 1.0, 2.0};
  const auto s = ts::solve_sparse(in.view());
  EXPECT_EQ(s.objective, 3.0);
  in.data = {1.0, inf, 2.0};
  EXPECT_THROW(ts::solve_sparse(in.view()), talentmatch::infeasible_error);
  in.data = {-inf, 1.0, 2.0};
  EXPECT_EQ(ts::solve_sparse(in.view(), ts::sparse_options{true}).objective, 3.0);  // with maximize -inf is forbidden
  in.data = {inf, 1.0, 2.0};
  EXPECT_THROW(ts::solve_sparse(in.view(), ts::sparse_options{true}), talentmatch::error);
  in.data = {-inf, 1.0, 2.0};
  try {
    ts::solve_sparse(in.view());
    FAIL() << "-inf accepted";
  } catch (const talentmatch::error& e) {
    EXPECT_NE(std::string(e.what()).find("-inf at row 0, entry 0"), std::string::npos) << e.what();
  }
}

std::string message_of(const instance<double>& in) {
  try {
    ts::solve_sparse(in.view());
  } catch (const talentmatch::infeasible_error& e) {
    return std::string("infeasible: ") + e.what();
  } catch (const talentmatch::error& e) {
    return e.what();
  }
  return "";
}

TEST(Sparse, MalformedInputIsRejected) {
  instance<double> good;
  good.n = 2;
  good.m = 3;
  good.ptr = {0, 2, 3};
  good.idx = {0, 2, 1};
  good.data = {1, 2, 3};
  EXPECT_EQ(message_of(good), "");
  auto expect = [](instance<double> in, const std::string& part) {
    const std::string msg = message_of(in);
    EXPECT_NE(msg.find(part), std::string::npos) << "message: " << msg;
    EXPECT_EQ(msg.rfind("infeasible", 0), std::string::npos) << msg;
  };
  auto in = good;
  in.ptr = {1, 2, 3};
  expect(in, "indptr[0] is 1");
  in = good;
  in.ptr = {0, 3, 2};
  expect(in, "not non-decreasing at row 1");
  in = good;
  in.ptr = {0, 2, 4};
  expect(in, "indptr[2] = 4 but indices and data have 3 entries");
  in = good;
  in.idx = {0, 3, 1};
  expect(in, "column index 3 out of range [0, 3) at row 0, entry 1");
  in = good;
  in.idx = {0, 2, -1};
  expect(in, "column index -1 out of range [0, 3) at row 1, entry 2");
  in = good;
  in.data = {1, std::nan(""), 3};
  expect(in, "NaN at row 0, entry 1, column 2");
  in = good;
  in.n = -1;
  expect(in, "negative dimension");
}

TEST(Sparse, InfeasibilityNamesRows) {
  // Rows 1, 2 and 3 all reach column 0 only: two of them cannot be matched.
  instance<double> in;
  in.n = 4;
  in.m = 5;
  in.ptr = {0, 2, 3, 4, 5};
  in.idx = {0, 4, 0, 0, 0};
  in.data = {1, 1, 1, 1, 1};
  const std::string msg = message_of(in);
  EXPECT_NE(msg.find("infeasible: no full matching exists: at most 2 of the 4 rows can be matched; 2 cannot"),
            std::string::npos)
      << msg;
  EXPECT_NE(msg.find("rows 2, 3"), std::string::npos) << msg;
  // Transposed (more rows than columns): columns are named.
  instance<double> t;
  t.n = 3;
  t.m = 2;
  t.ptr = {0, 1, 2, 3};
  t.idx = {0, 0, 0};
  t.data = {1, 2, 3};
  EXPECT_NE(message_of(t).find("of the 2 columns can be matched; 1 cannot, e.g. column 1"), std::string::npos)
      << message_of(t);
  // Many unmatched rows: at most ten are listed.
  instance<double> big;
  big.n = big.m = 30;
  for (int i = 0; i < 30; ++i) {
    big.idx.push_back(0);
    big.data.push_back(1);
    big.ptr.push_back(i + 1);
  }
  const std::string many = message_of(big);
  EXPECT_NE(many.find("29 cannot"), std::string::npos) << many;
  EXPECT_NE(many.find(", ..."), std::string::npos) << many;
}

TEST(Sparse, UnassignedCostsMatchDense) {
  std::mt19937_64 rng(4);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int rep = 0; rep < 400; ++rep) {
    const std::ptrdiff_t n = 1 + static_cast<std::ptrdiff_t>(unit(rng) * 7);
    const std::ptrdiff_t m = 1 + static_cast<std::ptrdiff_t>(unit(rng) * 7);
    const bool maximize = rep % 2 == 1;
    std::vector<double> dense;
    const auto in = random_instance<double>(rng, n, m, 0.5, maximize, dense);
    ts::unassigned_costs<double> un;
    const int must = rep % 5;  // 1: some rows must match, 2: some columns must match
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      un.row.push_back(must == 1 && unit(rng) < 0.3 ? (maximize ? -inf : inf) : unit(rng) * 20 - 5);
    }
    for (std::ptrdiff_t j = 0; j < m; ++j) {
      un.col.push_back(must == 2 && unit(rng) < 0.3 ? (maximize ? -inf : inf) : unit(rng) * 10 - 5);
    }
    const auto dv = ts::row_major_view(dense.data(), n, m);
    bool dense_inf = false, sparse_inf = false;
    ts::solution<double> ds, ss;
    try {
      ds = ts::solve_dense(dv, un, ts::dense_options{maximize});
    } catch (const talentmatch::infeasible_error&) {
      dense_inf = true;
    }
    try {
      ss = ts::solve_sparse(in.view(), un, ts::sparse_options{maximize});
    } catch (const talentmatch::infeasible_error&) {
      sparse_inf = true;
    }
    ASSERT_EQ(dense_inf, sparse_inf) << rep;
    if (dense_inf) continue;
    EXPECT_NEAR(ss.objective, ds.objective, 1e-9 * (1 + std::abs(ds.objective))) << rep;
    expect_certified(in, ss, ts::sparse_options{maximize}, &un);
  }
}

// Exhaustive: the best (most pairs, then cheapest) partial matching; returns {pairs, min-form cost}.
std::pair<std::ptrdiff_t, double> brute_max_cardinality(const std::vector<double>& c, std::ptrdiff_t n,
                                                        std::ptrdiff_t m, bool maximize) {
  std::pair<std::ptrdiff_t, double> best{-1, inf};
  std::vector<char> used(m, 0);
  auto rec = [&](auto&& self, std::ptrdiff_t i, std::ptrdiff_t k, double cost) -> void {
    if (i == n) {
      if (k > best.first || (k == best.first && cost < best.second)) best = {k, cost};
      return;
    }
    self(self, i + 1, k, cost);
    for (std::ptrdiff_t j = 0; j < m; ++j) {
      const double x = c[i * m + j];
      if (used[j] || std::isinf(x)) continue;
      used[j] = 1;
      self(self, i + 1, k + 1, cost + (maximize ? -x : x));
      used[j] = 0;
    }
  };
  rec(rec, 0, 0, 0.0);
  return best;
}

TEST(Sparse, MaxCardinalityMatchesBruteForce) {
  std::mt19937_64 rng(5);
  for (std::ptrdiff_t n = 0; n <= 6; ++n) {
    for (std::ptrdiff_t m = 0; m <= 6; ++m) {
      for (int rep = 0; rep < 8; ++rep) {
        const bool maximize = rep % 2 == 1;
        const ts::sparse_options opt{maximize, ts::sparse_mode::max_cardinality};
        std::vector<double> dense;
        const double density = rep < 4 ? 0.3 : 0.6;
        const auto in = random_instance<double>(rng, n, m, density, maximize, dense);
        const auto s = ts::solve_sparse(in.view(), opt);
        const auto [k, cost] = brute_max_cardinality(dense, n, m, maximize);
        EXPECT_EQ(s.size(), k) << n << " x " << m;
        EXPECT_NEAR(maximize ? -s.objective : s.objective, cost, 1e-9 * (1 + std::abs(cost))) << n << " x " << m;
        expect_certified(in, s, opt);
        // Integer costs: exact.
        std::vector<double> idense;
        const auto iin = random_instance<std::int64_t>(rng, n, m, density, maximize, idense);
        const auto is = ts::solve_sparse(iin.view(), opt);
        const auto [ik, icost] = brute_max_cardinality(idense, n, m, maximize);
        EXPECT_EQ(is.size(), ik);
        EXPECT_EQ(static_cast<double>(maximize ? -is.objective : is.objective), icost);
        expect_certified(iin, is, opt);
      }
    }
  }
}

TEST(Sparse, MaxCardinalityPrefersMorePairsOverCost) {
  // Row 0 alone could take column 0 at cost 1; matching both rows costs 100 + 100.
  instance<double> in;
  in.n = in.m = 2;
  in.ptr = {0, 2, 3};
  in.idx = {0, 1, 0};
  in.data = {1, 100, 100};
  const ts::sparse_options opt{false, ts::sparse_mode::max_cardinality};
  const auto s = ts::solve_sparse(in.view(), opt);
  EXPECT_EQ(s.size(), 2);
  EXPECT_EQ(s.objective, 200.0);
  expect_certified(in, s, opt);
  // A certificate with a too small penalty is refused.
  in.ptr = {0, 1, 2};
  in.idx = {0, 0};
  in.data = {1, 100};
  const auto t = ts::solve_sparse(in.view(), opt);
  EXPECT_EQ(t.size(), 1);
  EXPECT_EQ(t.objective, 1.0);
  expect_certified(in, t, opt);
  auto bad = t;
  bad.u[1] = 1.0;
  EXPECT_FALSE(ts::check_certificate(in.view(), bad, opt).ok);
}

TEST(Matching, HopcroftKarpSizeMatchesBruteForce) {
  std::mt19937_64 rng(6);
  for (std::ptrdiff_t n = 0; n <= 7; ++n) {
    for (std::ptrdiff_t m = 0; m <= 7; ++m) {
      for (int rep = 0; rep < 10; ++rep) {
        std::vector<double> dense;
        const auto in = random_instance<double>(rng, n, m, 0.1 + 0.08 * rep, false, dense);
        const ts::matching mt = ts::maximum_matching(in.view());
        EXPECT_EQ(mt.size, brute_max_cardinality(dense, n, m, false).first);
        std::ptrdiff_t k = 0;
        for (std::ptrdiff_t i = 0; i < n; ++i) {
          const std::ptrdiff_t j = mt.col4row[i];
          if (j < 0) continue;
          ++k;
          EXPECT_EQ(mt.row4col[j], i);
          EXPECT_FALSE(std::isinf(dense[i * m + j]));
        }
        EXPECT_EQ(k, mt.size);
      }
    }
  }
}

TEST(Matching, HopcroftKarpOnLongPaths) {
  // A chain where the greedy start is wrong everywhere: row i reaches columns i and i + 1; row n - 1 only column 0...
  const std::ptrdiff_t n = 20000;
  instance<double> in;
  in.n = in.m = n;
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    if (i + 1 < n) {
      in.idx.push_back(i);
      in.idx.push_back(i + 1);
      in.data.insert(in.data.end(), {1.0, 1.0});
    } else {
      in.idx.push_back(0);
      in.data.push_back(1.0);
    }
    in.ptr.push_back(static_cast<std::int64_t>(in.idx.size()));
  }
  EXPECT_EQ(ts::maximum_matching(in.view()).size, n);
  const auto s = ts::solve_sparse(in.view());
  EXPECT_EQ(s.size(), n);
  expect_certified(in, s, {});
}

TEST(Sparse, CertificateRejectsCorruptedSolutions) {
  std::mt19937_64 rng(7);
  std::vector<double> dense;
  const auto in = random_instance<double>(rng, 6, 6, 0.8, false, dense);
  ts::solution<double> s;
  try {
    s = ts::solve_sparse(in.view());
  } catch (const talentmatch::infeasible_error&) {
    GTEST_SKIP();
  }
  auto bad = s;
  bad.u[0] += 1.0;
  EXPECT_FALSE(ts::check_certificate(in.view(), bad).ok);
  bad = s;
  bad.objective += 1.0;
  EXPECT_FALSE(ts::check_certificate(in.view(), bad).ok);
  bad = s;
  std::swap(bad.col4row[0], bad.col4row[1]);
  EXPECT_FALSE(ts::check_certificate(in.view(), bad).ok);
  EXPECT_THROW(ts::verify(in.view(), bad), talentmatch::error);
}

// Past sparse_auction_min_rows a square full matching starts from the auction (ssp::auction) and its exact warm start.
// The instances: row i lists column p[i] of a random permutation p (so that a full matching exists) and k - 1 random
// columns, costs uniform or small integers (many ties). The oracle is the dense solver on the same matrix with +inf
// for every missing pair; sparse_auction_runs() shows the path was taken.
template <class T>
instance<T> permutation_instance(std::mt19937_64& rng, std::ptrdiff_t n, int k, double range,
                                 std::vector<double>& dense, bool sorted) {
  std::vector<std::int64_t> p(n);
  for (std::ptrdiff_t i = 0; i < n; ++i) p[i] = i;
  std::shuffle(p.begin(), p.end(), rng);
  std::uniform_int_distribution<std::int64_t> col(0, n - 1);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  instance<T> in;
  in.n = in.m = n;
  dense.assign(n * n, inf);
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    std::vector<std::int64_t> cols{p[i]};
    for (int t = 1; t < k; ++t) cols.push_back(col(rng));
    std::sort(cols.begin(), cols.end());
    cols.erase(std::unique(cols.begin(), cols.end()), cols.end());
    if (!sorted) std::shuffle(cols.begin(), cols.end(), rng);
    for (const std::int64_t j : cols) {
      T c;
      if constexpr (std::is_floating_point_v<T>) {
        c = static_cast<T>(unit(rng) * range);
      } else {
        c = static_cast<T>(std::floor(unit(rng) * (range + 1)));
      }
      in.idx.push_back(j);
      in.data.push_back(c);
      dense[i * n + j] = static_cast<double>(c);
    }
    in.ptr.push_back(static_cast<std::int64_t>(in.idx.size()));
  }
  return in;
}

// Appends row i of `from` to `to` (its entries only; the caller closes the row with a ptr entry).
template <class T>
void append_row(const instance<T>& from, std::ptrdiff_t i, instance<T>& to) {
  for (std::int64_t q = from.ptr[i]; q < from.ptr[i + 1]; ++q) {
    to.idx.push_back(from.idx[q]);
    to.data.push_back(from.data[q]);
  }
}

template <class T>
void expect_auction_matches_dense(std::mt19937_64& rng, std::ptrdiff_t n, int k, double range, bool maximize) {
  std::vector<double> dense;
  const instance<T> in = permutation_instance<T>(rng, n, k, range, dense, false);
  if (maximize) {
    for (double& c : dense) c = std::isinf(c) ? -inf : c;
  }
  const auto before = talentmatch::detail::sparse_auction_runs().load();
  const ts::sparse_options opt{maximize};
  const auto s = ts::solve_sparse(in.view(), opt);
  EXPECT_GT(talentmatch::detail::sparse_auction_runs().load(), before) << n << " k " << k << " range " << range;
  const auto d = ts::solve_dense(ts::row_major_view(dense.data(), n, n), ts::dense_options{maximize});
  EXPECT_NEAR(static_cast<double>(s.objective), d.objective, 1e-9 * (1 + std::abs(d.objective)))
      << n << " k " << k << " range " << range << " maximize " << maximize;
  EXPECT_EQ(s.size(), n);
  expect_certified(in, s, opt);
}

TEST(SparseAuction, MatchesDensePastTheSwitch) {
  std::mt19937_64 rng(101);
  for (const std::ptrdiff_t n :
       {talentmatch::detail::sparse_auction_min_rows, std::ptrdiff_t{400}, std::ptrdiff_t{700}}) {
    for (const int k : {2, 5, 12}) {
      for (const bool maximize : {false, true}) {
        expect_auction_matches_dense<double>(rng, n, k, 1.0, maximize);
        expect_auction_matches_dense<float>(rng, n, k, 100.0, maximize);
        expect_auction_matches_dense<std::int64_t>(rng, n, k, 3.0, maximize);  // ties everywhere
        expect_auction_matches_dense<std::int32_t>(rng, n, k, 1e6, maximize);
      }
    }
  }
}

// The vector bid scan (AVX2, where the processor has it) and the scalar one make the same choices: the same
// assignment either way, on rows long enough for the vector loop and with many tied costs.
TEST(SparseAuction, VectorAndScalarBidScansAgree) {
  std::mt19937_64 rng(102);
  for (int rep = 0; rep < 6; ++rep) {
    std::vector<double> dense;
    const auto in = permutation_instance<double>(rng, 500, 9 + 7 * rep, rep % 2 == 0 ? 1.0 : 4.0, dense, false);
    const auto a = ts::solve_sparse(in.view());
    talentmatch::detail::avx2_scan_allowed() = false;
    const auto b = ts::solve_sparse(in.view());
    talentmatch::detail::avx2_scan_allowed() = true;
    EXPECT_EQ(a.col4row, b.col4row) << rep;
    EXPECT_EQ(a.objective, b.objective) << rep;
  }
}

// The order of a row's entries does not change the answer (the bid scan breaks ties by column, not by position).
TEST(SparseAuction, EntryOrderDoesNotChangeTheAnswer) {
  std::mt19937_64 rng(103);
  for (const double range : {1.0, 2.0}) {
    std::vector<double> dense;
    const auto sorted = permutation_instance<std::int64_t>(rng, 600, 8, range, dense, true);
    instance<std::int64_t> shuffled = sorted;
    for (std::ptrdiff_t i = 0; i < shuffled.n; ++i) {
      std::vector<std::pair<std::int64_t, std::int64_t>> row;
      for (std::int64_t q = sorted.ptr[i]; q < sorted.ptr[i + 1]; ++q) row.emplace_back(sorted.idx[q], sorted.data[q]);
      std::reverse(row.begin(), row.end());
      for (std::size_t t = 0; t < row.size(); ++t) {
        shuffled.idx[sorted.ptr[i] + t] = row[t].first;
        shuffled.data[sorted.ptr[i] + t] = row[t].second;
      }
    }
    const auto a = ts::solve_sparse(shuffled.view());
    const auto b = ts::solve_sparse(sorted.view());
    EXPECT_EQ(a.col4row, b.col4row) << range;
    EXPECT_EQ(a.objective, b.objective) << range;
  }
}

// Half of the rows have one edge (their column is forced); the auction's bid for such a row has no second column.
TEST(SparseAuction, RowsWithOneEdge) {
  std::mt19937_64 rng(104);
  const std::ptrdiff_t n = 400;
  std::vector<double> dense;
  instance<double> in = permutation_instance<double>(rng, n, 10, 1.0, dense, true);
  instance<double> cut;
  cut.n = cut.m = n;
  std::vector<double> cut_dense(n * n, inf);
  std::vector<std::int64_t> p(n);
  for (std::ptrdiff_t i = 0; i < n; ++i) p[i] = i;
  std::shuffle(p.begin(), p.end(), rng);
  std::vector<char> forced_col(n, 0);
  for (std::ptrdiff_t i = 0; i < n / 2; ++i) forced_col[p[i]] = 1;
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    if (i < n / 2) {
      cut.idx.push_back(p[i]);  // rows 0 .. n/2 - 1: only column p[i]
      cut.data.push_back(0.5);
      cut_dense[i * n + p[i]] = 0.5;
    } else {
      append_row(in, i, cut);
      for (std::int64_t q = in.ptr[i]; q < in.ptr[i + 1]; ++q) cut_dense[i * n + in.idx[q]] = in.data[q];
      for (std::ptrdiff_t j = 0; j < n; ++j) {  // and every unforced column, so that a full matching exists
        if (!forced_col[j] && std::isinf(cut_dense[i * n + j]) && (i + j) % 7 == 0) {
          cut.idx.push_back(j);
          cut.data.push_back(0.25 + 0.001 * static_cast<double>((i * 31 + j) % 97));
          cut_dense[i * n + j] = cut.data.back();
        }
      }
    }
    cut.ptr.push_back(static_cast<std::int64_t>(cut.idx.size()));
  }
  const auto before = talentmatch::detail::sparse_auction_runs().load();
  const auto s = ts::solve_sparse(cut.view());
  EXPECT_GT(talentmatch::detail::sparse_auction_runs().load(), before);
  const auto d = ts::solve_dense(ts::row_major_view(cut_dense.data(), n, n));
  EXPECT_NEAR(s.objective, d.objective, 1e-9 * (1 + std::abs(d.objective)));
  for (std::ptrdiff_t i = 0; i < n / 2; ++i) EXPECT_EQ(s.col4row[i], p[i]);
  expect_certified(cut, s, {});
}

// Without a full matching, though every row and column has an edge, the auction gives up within its budget and
// the error is the one Hopcroft-Karp words: how many rows can be matched, naming one that cannot.
TEST(SparseAuction, WithoutAFullMatchingTheErrorNamesTheRows) {
  std::mt19937_64 rng(105);
  const std::ptrdiff_t n = 300;
  std::vector<double> dense;
  instance<double> in = permutation_instance<double>(rng, n, 6, 1.0, dense, true);
  // Rows 0, 1 and 2 may take only columns 0 and 1: one of them stays unmatched.
  instance<double> bad;
  bad.n = bad.m = n;
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    if (i < 3) {
      bad.idx.insert(bad.idx.end(), {0, 1});
      bad.data.insert(bad.data.end(), {0.1 * static_cast<double>(i), 0.2});
    } else {
      append_row(in, i, bad);
    }
    bad.ptr.push_back(static_cast<std::int64_t>(bad.idx.size()));
  }
  try {
    (void)ts::solve_sparse(bad.view());
    ADD_FAILURE() << "no error";
  } catch (const talentmatch::infeasible_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("no full matching exists: at most 299 of the 300 rows can be matched"), std::string::npos)
        << what;
  }
}

// Integer costs so large that the auction's potentials could leave int64: it declines, and Jonker-Volgenant's
// initialisation and the searches solve the problem as before. The costs are multiples of 2^20 below 2^50, so that
// the dense oracle's double sums are exact.
TEST(SparseAuction, HugeIntegersTakeTheSearchesPath) {
  std::mt19937_64 rng(106);
  std::vector<double> dense;
  instance<std::int64_t> in = permutation_instance<std::int64_t>(rng, 300, 6, 1.0, dense, true);
  std::uniform_int_distribution<std::int64_t> big(0, (std::int64_t{1} << 30) - 1);
  for (std::ptrdiff_t i = 0; i < 300; ++i) {
    for (std::int64_t q = in.ptr[i]; q < in.ptr[i + 1]; ++q) {
      in.data[q] = big(rng) << 20;
      dense[i * 300 + in.idx[q]] = static_cast<double>(in.data[q]);
    }
  }
  const auto before = talentmatch::detail::sparse_auction_runs().load();
  const auto s = ts::solve_sparse(in.view());
  EXPECT_EQ(talentmatch::detail::sparse_auction_runs().load(), before);
  const auto d = ts::solve_dense(ts::row_major_view(dense.data(), 300, 300));
  EXPECT_EQ(static_cast<double>(s.objective), d.objective);
  expect_certified(in, s, {});
}

}  // namespace

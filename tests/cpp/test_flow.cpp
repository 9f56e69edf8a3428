// Capacitated assignment (solve_flow) against independent oracles: exhaustive search over every set of pairs on
// small instances (capacities, minimums, nested quotas, unassigned costs, both modes), the dense solver on
// slot-replicated matrices, and hand-checked cases. Every result's certificate is checked.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "support/expect_error.hpp"
#include "talentmatch/error.hpp"
#include "talentmatch/solver/dense.hpp"
#include "talentmatch/solver/flow.hpp"

namespace ts = talentmatch::solver;
using idx = std::ptrdiff_t;

namespace {

constexpr double inf = std::numeric_limits<double>::infinity();

template <class T, class W>
void expect_certified(const ts::matrix_view<T>& view, const ts::flow_options<W>& opt, const ts::flow_solution<W>& s) {
  const ts::certificate cert = ts::check_certificate(view, s, opt);
  EXPECT_TRUE(cert.ok) << cert.message;
}

// The best plan by exhaustive search over subsets of allowed pairs: {pairs, cost} in the minimisation form, or
// nullopt when no subset meets the bounds. Maximum cardinality mode compares (pairs desc, cost asc).
struct brute_result {
  idx pairs;
  double cost;
};

std::optional<brute_result> brute_force(const std::vector<double>& c, idx n, idx m, const ts::flow_options<double>& o) {
  std::vector<idx> rcap = o.row_capacity.empty() ? std::vector<idx>(n, 1) : o.row_capacity;
  std::vector<idx> ccap = o.col_capacity.empty() ? std::vector<idx>(m, 1) : o.col_capacity;
  std::vector<idx> rlo = o.row_min.empty() ? std::vector<idx>(n, 0) : o.row_min;
  std::vector<idx> clo = o.col_min.empty() ? std::vector<idx>(m, 0) : o.col_min;
  const bool priced = o.priced();
  std::vector<double> a(n, 0), b(m, 0);
  if (priced) {
    for (idx i = 0; i < n; ++i) {
      a[i] = o.maximize ? -o.unassigned->row[i] : o.unassigned->row[i];
      if (std::isinf(a[i])) rlo[i] = rcap[i], a[i] = 0;
    }
    for (idx j = 0; j < m; ++j) {
      b[j] = o.maximize ? -o.unassigned->col[j] : o.unassigned->col[j];
      if (std::isinf(b[j])) clo[j] = ccap[j], b[j] = 0;
    }
  }
  std::vector<std::pair<idx, idx>> allowed;
  for (idx i = 0; i < n; ++i) {
    for (idx j = 0; j < m; ++j) {
      if (!std::isinf(c[i * m + j])) allowed.emplace_back(i, j);
    }
  }
  std::optional<brute_result> best;
  const idx k = static_cast<idx>(allowed.size());
  for (std::uint64_t mask = 0; mask < (std::uint64_t{1} << k); ++mask) {
    std::vector<idx> dr(n, 0), dc(m, 0);
    double cost = 0;
    idx pairs = 0;
    for (idx e = 0; e < k; ++e) {
      if (mask >> e & 1) {
        auto [i, j] = allowed[e];
        ++dr[i], ++dc[j], ++pairs;
        const double x = c[i * m + j];
        cost += o.maximize ? -x : x;
      }
    }
    bool ok = true;
    for (idx i = 0; i < n && ok; ++i) ok = dr[i] >= rlo[i] && dr[i] <= rcap[i];
    for (idx j = 0; j < m && ok; ++j) ok = dc[j] >= clo[j] && dc[j] <= ccap[j];
    auto quota_ok = [&](const std::vector<ts::quota>& gs, const std::vector<idx>& d) {
      for (const auto& g : gs) {
        idx load = 0;
        for (idx e : g.members) load += d[e];
        if (load < g.min || (g.max >= 0 && load > g.max)) return false;
      }
      return true;
    };
    ok = ok && quota_ok(o.row_groups, dr) && quota_ok(o.col_groups, dc);
    if (!ok) continue;
    if (priced) {
      for (idx i = 0; i < n; ++i) cost += a[i] * static_cast<double>(rcap[i] - dr[i]);
      for (idx j = 0; j < m; ++j) cost += b[j] * static_cast<double>(ccap[j] - dc[j]);
    }
    const bool better = !best || (priced ? cost < best->cost - 1e-9
                                         : (pairs > best->pairs || (pairs == best->pairs && cost < best->cost - 1e-9)));
    if (better) best = brute_result{pairs, cost};
  }
  return best;
}

// A random nested family over 0..n-1: a group, a group inside it, and a group disjoint from the first.
std::vector<ts::quota> random_groups(std::mt19937& rng, idx n, idx max_cap_sum) {
  std::vector<ts::quota> out;
  std::vector<idx> perm(n);
  for (idx k = 0; k < n; ++k) perm[k] = k;
  std::shuffle(perm.begin(), perm.end(), rng);
  std::uniform_int_distribution<idx> pick(0, n);
  const idx a = pick(rng), b = a == 0 ? 0 : std::uniform_int_distribution<idx>(0, a)(rng);
  const idx c = std::uniform_int_distribution<idx>(a, n)(rng);
  auto make = [&](idx from, idx to) {
    ts::quota q;
    q.members.assign(perm.begin() + from, perm.begin() + to);
    std::uniform_int_distribution<idx> bound(0, std::max<idx>(1, max_cap_sum / 2));
    q.min = rng() % 3 == 0 ? bound(rng) : 0;
    q.max = rng() % 2 == 0 ? q.min + bound(rng) : -1;
    return q;
  };
  if (a > 0) out.push_back(make(0, a));
  if (b > 0) out.push_back(make(0, b));
  if (c > a) out.push_back(make(a, c));
  std::shuffle(out.begin(), out.end(), rng);
  return out;
}

struct instance {
  idx n, m;
  std::vector<double> c;
  ts::flow_options<double> opt;
};

// Which sides get quotas.
enum class quota_sides { none, both, rows, cols };

instance random_instance(std::mt19937& rng, bool priced, quota_sides quotas) {
  instance in;
  in.n = std::uniform_int_distribution<idx>(0, 4)(rng);
  in.m = std::uniform_int_distribution<idx>(0, 4)(rng);
  while (in.n * in.m > 12) --in.m;
  std::uniform_int_distribution<int> cost(-3, 9);
  in.c.resize(in.n * in.m);
  for (auto& x : in.c) x = rng() % 7 == 0 ? inf : cost(rng);
  auto caps = [&](idx k, std::vector<idx>& cap, std::vector<idx>& lo) {
    cap.resize(k);
    lo.resize(k);
    for (idx e = 0; e < k; ++e) {
      cap[e] = std::uniform_int_distribution<idx>(0, 3)(rng);
      lo[e] = rng() % 4 == 0 ? std::uniform_int_distribution<idx>(0, cap[e])(rng) : 0;
    }
  };
  caps(in.n, in.opt.row_capacity, in.opt.row_min);
  caps(in.m, in.opt.col_capacity, in.opt.col_min);
  if (quotas == quota_sides::both || quotas == quota_sides::rows) in.opt.row_groups = random_groups(rng, in.n, 4);
  if (quotas == quota_sides::both || quotas == quota_sides::cols) in.opt.col_groups = random_groups(rng, in.m, 4);
  in.opt.maximize = rng() % 3 == 0;
  if (in.opt.maximize) {
    for (auto& x : in.c) x = std::isinf(x) ? -inf : x;
  }
  if (priced) {
    std::uniform_int_distribution<int> un(-2, 6);
    const double must = in.opt.maximize ? -inf : inf;
    in.opt.unassigned.emplace();
    for (idx i = 0; i < in.n; ++i) in.opt.unassigned->row.push_back(rng() % 9 == 0 ? must : un(rng));
    for (idx j = 0; j < in.m; ++j) in.opt.unassigned->col.push_back(rng() % 9 == 0 ? must : un(rng));
  }
  return in;
}

// The instance's allowed pairs as CSR, the way a caller might store them: columns shuffled within each row, some
// entries split into duplicates that sum to the cost, and forbidden pairs sometimes stored as the infinity.
struct csr_copy {
  std::vector<std::int64_t> indptr{0}, indices;
  std::vector<double> data;
  ts::csr_view<double> view;
};

csr_copy sparse_copy(const instance& in, std::mt19937& rng) {
  csr_copy out;
  for (idx i = 0; i < in.n; ++i) {
    std::vector<std::pair<std::int64_t, double>> row;
    for (idx j = 0; j < in.m; ++j) {
      const double x = in.c[i * in.m + j];
      if (std::isinf(x)) {
        if (rng() % 4 == 0) row.emplace_back(j, x);
        continue;
      }
      if (rng() % 3 == 0) {
        const double part = std::uniform_int_distribution<int>(-4, 4)(rng);
        row.emplace_back(j, part);
        row.emplace_back(j, x - part);
      } else {
        row.emplace_back(j, x);
      }
    }
    std::shuffle(row.begin(), row.end(), rng);
    for (const auto& [j, x] : row) {
      out.indices.push_back(j);
      out.data.push_back(x);
    }
    out.indptr.push_back(static_cast<std::int64_t>(out.indices.size()));
  }
  out.view = {in.n, in.m, out.indptr.data(), out.indices.data(), out.data.data(), static_cast<idx>(out.data.size())};
  return out;
}

// The CSR form gives the dense form's plan exactly (ties included) and its own certificate passes.
void expect_sparse_agrees(const instance& in, const ts::flow_solution<double>& dense, std::mt19937& rng) {
  const csr_copy sp = sparse_copy(in, rng);
  ts::flow_solution<double> s;
  ASSERT_NO_THROW(s = ts::solve_flow(sp.view, in.opt));
  EXPECT_EQ(s.rows, dense.rows);
  EXPECT_EQ(s.cols, dense.cols);
  EXPECT_NEAR(s.objective, dense.objective, 1e-9);
  const ts::certificate cert = ts::check_certificate(sp.view, s, in.opt);
  EXPECT_TRUE(cert.ok) << cert.message;
}

void check_against_brute_force(std::uint32_t seed, bool priced, quota_sides quotas) {
  std::mt19937 rng(seed);
  instance in = random_instance(rng, priced, quotas);
  const auto view = ts::row_major_view(in.c.data(), in.n, in.m);
  const auto want = brute_force(in.c, in.n, in.m, in.opt);
  SCOPED_TRACE("seed " + std::to_string(seed) + " " + std::to_string(in.n) + "x" + std::to_string(in.m));
  if (!want) {
    EXPECT_THROW(ts::solve_flow(view, in.opt), talentmatch::infeasible_error);
    return;
  }
  ts::flow_solution<double> s;
  ASSERT_NO_THROW(s = ts::solve_flow(view, in.opt));
  const double got = in.opt.maximize ? -s.objective : s.objective;
  EXPECT_NEAR(got, want->cost, 1e-9);
  if (!priced) {
    EXPECT_EQ(s.size(), want->pairs);
  }
  expect_certified(view, in.opt, s);
  expect_sparse_agrees(in, s, rng);
}

}  // namespace

TEST(FlowBruteForce, MaximumCardinalityWithCapacitiesAndMinimums) {
  for (std::uint32_t seed = 0; seed < 400; ++seed) check_against_brute_force(seed, false, quota_sides::none);
}

TEST(FlowBruteForce, MaximumCardinalityWithQuotas) {
  for (std::uint32_t seed = 1000; seed < 1400; ++seed) check_against_brute_force(seed, false, quota_sides::both);
}

// Quotas on one side: the other side is scanned, one member at a time, even when it cannot be saturated.
TEST(FlowBruteForce, MaximumCardinalityWithQuotasOnOneSide) {
  for (std::uint32_t seed = 4000; seed < 4400; ++seed) check_against_brute_force(seed, false, quota_sides::cols);
  for (std::uint32_t seed = 4400; seed < 4800; ++seed) check_against_brute_force(seed, false, quota_sides::rows);
}

TEST(FlowBruteForce, PricedWithCapacitiesAndMinimums) {
  for (std::uint32_t seed = 2000; seed < 2400; ++seed) check_against_brute_force(seed, true, quota_sides::none);
}

TEST(FlowBruteForce, PricedWithQuotas) {
  for (std::uint32_t seed = 3000; seed < 3400; ++seed) check_against_brute_force(seed, true, quota_sides::both);
}

// With every capacity 1 and no other constraint, the plain problem: the dense solver's objective.
TEST(Flow, UnitCapacitiesMatchTheDenseSolver) {
  std::mt19937 rng(7);
  for (int rep = 0; rep < 60; ++rep) {
    const idx n = 1 + rng() % 30, m = 1 + rng() % 30;
    std::vector<double> c(n * m);
    for (auto& x : c) x = std::uniform_real_distribution<double>(-5, 20)(rng);
    const auto view = ts::row_major_view(c.data(), n, m);
    ts::flow_options<double> opt;
    const auto s = ts::solve_flow(view, opt);
    const auto d = ts::solve_dense(view);
    EXPECT_NEAR(s.objective, d.objective, 1e-9 * (1 + std::abs(d.objective)));
    EXPECT_EQ(s.size(), std::min(n, m));
    expect_certified(view, opt, s);
  }
}

// Column capacities k_j: replicate column j k_j times and solve the plain rectangular problem (every row has
// capacity 1, so no pair can repeat).
TEST(Flow, ColumnCapacitiesMatchSlotReplication) {
  std::mt19937 rng(11);
  for (int rep = 0; rep < 60; ++rep) {
    const idx n = 1 + rng() % 40, m = 1 + rng() % 12;
    std::vector<std::int64_t> c(n * m);
    for (auto& x : c) x = std::uniform_int_distribution<std::int64_t>(0, 50)(rng);
    ts::flow_options<std::int64_t> opt;
    opt.col_capacity.resize(m);
    std::vector<idx> slot_col;
    for (idx j = 0; j < m; ++j) {
      opt.col_capacity[j] = 1 + rng() % 5;
      for (idx k = 0; k < opt.col_capacity[j]; ++k) slot_col.push_back(j);
    }
    const idx slots = static_cast<idx>(slot_col.size());
    std::vector<std::int64_t> rep_c(n * slots);
    for (idx i = 0; i < n; ++i) {
      for (idx k = 0; k < slots; ++k) rep_c[i * slots + k] = c[i * m + slot_col[k]];
    }
    const auto view = ts::row_major_view(c.data(), n, m);
    const auto s = ts::solve_flow(view, opt);
    const auto d = ts::solve_dense(ts::row_major_view(rep_c.data(), n, slots));
    EXPECT_EQ(s.objective, d.objective) << "rep " << rep;
    EXPECT_EQ(s.size(), std::min(n, slots));
    expect_certified(view, opt, s);
  }
}

TEST(Flow, HandCheckedQuotaAndShadowPrice) {
  // Three experts, two posts of one department. Post 0 is cheap for everyone; the department may take at most 2.
  // Each post has 2 slots. Maximum cardinality is 2 (the quota binds), the cheapest two pairs cost 1 + 2.
  std::vector<std::int64_t> c = {1, 5, 2, 6, 3, 7};
  const auto view = ts::row_major_view(c.data(), 3, 2);
  ts::flow_options<std::int64_t> opt;
  opt.col_capacity = {2, 2};
  opt.col_groups = {ts::quota{{0, 1}, 0, 2}};
  const auto s = ts::solve_flow(view, opt);
  EXPECT_EQ(s.objective, 3);
  EXPECT_EQ(s.rows, (std::vector<idx>{0, 1}));
  EXPECT_EQ(s.cols, (std::vector<idx>{0, 0}));
  expect_certified(view, opt, s);

  // With a minimum of 1 on post 1, the department's two pairs must include post 1: 1 + 5 (expert 0 to post 1 and
  // expert 1 to post 0 costs 5 + 2 = 7).
  opt.col_min = {0, 1};
  const auto s2 = ts::solve_flow(view, opt);
  EXPECT_EQ(s2.objective, 7);
  expect_certified(view, opt, s2);
  // The minimum binds: its shadow price (the column's dual above its zero unassigned price) is positive.
  EXPECT_GT(s2.v[1] - s2.col_price, 0);
}

TEST(Flow, PricedLeavesExpensivePairsOut) {
  std::vector<double> c = {1, 9, 9, 2};
  const auto view = ts::row_major_view(c.data(), 2, 2);
  ts::flow_options<double> opt;
  opt.unassigned = ts::unassigned_costs<double>{{3, 1}, {0, 0}};
  const auto s = ts::solve_flow(view, opt);
  // Row 0 takes column 0 (1 < 3); row 1 stays out (2 > 1).
  EXPECT_EQ(s.rows, (std::vector<idx>{0}));
  EXPECT_EQ(s.cols, (std::vector<idx>{0}));
  EXPECT_DOUBLE_EQ(s.objective, 1 + 1);
  expect_certified(view, opt, s);
}

TEST(Flow, InfeasibleMinimumNamesTheColumn) {
  std::vector<double> c = {1, inf, 2, inf};
  const auto view = ts::row_major_view(c.data(), 2, 2);
  ts::flow_options<double> opt;
  opt.col_min = {0, 1};
  try {
    ts::solve_flow(view, opt);
    FAIL() << "expected infeasible_error";
  } catch (const talentmatch::infeasible_error& e) {
    EXPECT_NE(std::string(e.what()).find("column 1"), std::string::npos) << e.what();
  }
}

TEST(Flow, InfeasibleQuotaNamesTheGroup) {
  std::vector<double> c(6, 1.0);
  const auto view = ts::row_major_view(c.data(), 2, 3);
  ts::flow_options<double> opt;
  opt.col_groups = {ts::quota{{0, 1}, 3, -1}};  // two rows of capacity 1 cannot give 3
  try {
    ts::solve_flow(view, opt);
    FAIL() << "expected infeasible_error";
  } catch (const talentmatch::infeasible_error& e) {
    EXPECT_NE(std::string(e.what()).find("column group 0"), std::string::npos) << e.what();
  }
  opt.col_groups = {ts::quota{{0, 1}, 0, 1}};
  opt.col_min = {1, 1, 0};
  try {
    ts::solve_flow(view, opt);
    FAIL() << "expected infeasible_error";
  } catch (const talentmatch::infeasible_error& e) {
    EXPECT_NE(std::string(e.what()).find("column group 0"), std::string::npos) << e.what();
  }
}

TEST(Flow, CrossingGroupsAreRejectedNamingBoth) {
  std::vector<double> c(12, 1.0);
  const auto view = ts::row_major_view(c.data(), 3, 4);
  ts::flow_options<double> opt;
  opt.col_groups = {ts::quota{{0, 1, 2}, 0, -1}, ts::quota{{3}, 0, -1}, ts::quota{{2, 3}, 0, -1}};
  try {
    ts::solve_flow(view, opt);
    FAIL() << "expected error";
  } catch (const talentmatch::error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("groups 0 and 2"), std::string::npos) << msg;
    EXPECT_NE(msg.find("nest"), std::string::npos) << msg;
  }
}

TEST(Flow, BadArgumentsAreRejected) {
  std::vector<double> c(6, 1.0);
  const auto view = ts::row_major_view(c.data(), 2, 3);
  auto expect_error = [&](const ts::flow_options<double>& opt, const std::string& part) {
    talentmatch::test::expect_error([&] { ts::solve_flow(view, opt); }, {part});
  };
  ts::flow_options<double> o;
  o.row_capacity = {1};
  expect_error(o, "row_capacity has length 1");
  o = {};
  o.col_capacity = {1, -1, 1};
  expect_error(o, "col_capacity[1] is negative");
  o = {};
  o.col_min = {2, 0, 0};
  expect_error(o, "col_min[0] = 2 exceeds col_capacity[0] = 1");
  o = {};
  o.col_groups = {ts::quota{{0, 5}, 0, -1}};
  expect_error(o, "lists column 5");
  o = {};
  o.row_groups = {ts::quota{{1, 1}, 0, -1}};
  expect_error(o, "lists row 1 twice");
  o = {};
  o.row_groups = {ts::quota{{0}, 3, 2}};
  expect_error(o, "min 3 exceeds max 2");
  o = {};
  o.unassigned = ts::unassigned_costs<double>{{1, 1}, {}};
  expect_error(o, "column costs have length 0");
  std::vector<double> bad = {1, std::nan(""), 1, 1, 1, 1};
  EXPECT_THROW(ts::solve_flow(ts::row_major_view(bad.data(), 2, 3), ts::flow_options<double>{}), talentmatch::error);
}

TEST(Flow, CorruptedCertificatesFail) {
  std::vector<double> c = {4, 1, 3, 2, 0, 5, 3, 2, 2};
  const auto view = ts::row_major_view(c.data(), 3, 3);
  ts::flow_options<double> opt;
  opt.col_capacity = {2, 1, 1};
  opt.col_groups = {ts::quota{{0, 1}, 1, 2}};
  const auto s = ts::solve_flow(view, opt);
  expect_certified(view, opt, s);
  auto bad = s;
  bad.u[0] += 1;
  EXPECT_FALSE(ts::check_certificate(view, bad, opt).ok);
  bad = s;
  bad.objective += 1;
  EXPECT_FALSE(ts::check_certificate(view, bad, opt).ok);
  bad = s;
  bad.rows.pop_back();
  bad.cols.pop_back();
  EXPECT_FALSE(ts::check_certificate(view, bad, opt).ok);
  bad = s;
  bad.col_group_dual[0] -= 1;
  EXPECT_FALSE(ts::check_certificate(view, bad, opt).ok);
}

TEST(Flow, TransposedOrientationAndEveryScalarAgree) {
  std::mt19937 rng(5);
  for (int rep = 0; rep < 30; ++rep) {
    const idx n = 1 + rng() % 15, m = 1 + rng() % 15;
    std::vector<std::int32_t> c(n * m);
    for (auto& x : c) x = std::uniform_int_distribution<std::int32_t>(0, 20)(rng);
    std::vector<double> cd(c.begin(), c.end());
    std::vector<float> cf(c.begin(), c.end());
    ts::flow_options<std::int64_t> oi;
    ts::flow_options<double> od;
    for (idx i = 0; i < n; ++i) oi.row_capacity.push_back(1 + rng() % 3);
    for (idx j = 0; j < m; ++j) oi.col_capacity.push_back(1 + rng() % 3);
    od.row_capacity = oi.row_capacity;
    od.col_capacity = oi.col_capacity;
    const auto vi = ts::row_major_view(c.data(), n, m);
    const auto si = ts::solve_flow(vi, oi);
    const auto sd = ts::solve_flow(ts::row_major_view(cd.data(), n, m), od);
    const auto sf = ts::solve_flow(ts::row_major_view(cf.data(), n, m), od);
    // The transposed problem: the same plan cost.
    ts::flow_options<std::int64_t> ot;
    ot.row_capacity = oi.col_capacity;
    ot.col_capacity = oi.row_capacity;
    const auto st = ts::solve_flow(vi.transposed(), ot);
    EXPECT_EQ(si.objective, static_cast<std::int64_t>(sd.objective));
    EXPECT_EQ(sd.objective, sf.objective);
    EXPECT_EQ(si.objective, st.objective);
    EXPECT_EQ(si.size(), st.size());
    expect_certified(vi, oi, si);
    expect_certified(vi.transposed(), ot, st);
  }
}

TEST(Flow, EmptyShapes) {
  std::vector<double> c;
  for (auto [n, m] : {std::pair<idx, idx>{0, 0}, {0, 3}, {3, 0}}) {
    const auto view = ts::row_major_view(c.data(), n, m);
    ts::flow_options<double> opt;
    const auto s = ts::solve_flow(view, opt);
    EXPECT_EQ(s.size(), 0);
    EXPECT_EQ(s.objective, 0);
    expect_certified(view, opt, s);
  }
}

// Bounds near or beyond int64: each pair is used at most once, so a capacity above the other side's size means that
// size; every sum is overflow-safe; a minimum that can never be reached is an infeasibility with the caller's number.
namespace {

constexpr idx big = std::numeric_limits<idx>::max();

std::vector<double> small_matrix() { return {4, 1, 3, 2, 0, 5, 3, 2, 2, 6, 1, 4}; }  // 3 x 4

}  // namespace

TEST(FlowBounds, HugeCapacitiesMeanTheOtherSidesSize) {
  const std::vector<double> c = small_matrix();
  const auto view = ts::row_major_view(c.data(), 3, 4);
  for (const idx cap : {idx{4}, idx{1} << 40, big}) {
    ts::flow_options<double> o;
    o.col_capacity.assign(4, cap);
    o.row_capacity.assign(3, cap);
    const auto s = ts::solve_flow(view, o);
    const auto want = brute_force(c, 3, 4, o);  // enumerates subsets: the caps bind nothing, all 12 pairs fit
    ASSERT_TRUE(want);
    EXPECT_EQ(s.size(), 12) << cap;
    EXPECT_EQ(s.size(), want->pairs);
    EXPECT_NEAR(s.objective, want->cost, 1e-9);
    expect_certified(view, o, s);
  }
}

TEST(FlowBounds, QuotaMaximumAtInt64IsNoLimit) {
  const std::vector<double> c = small_matrix();
  const auto view = ts::row_major_view(c.data(), 3, 4);
  ts::flow_options<double> o;
  o.col_capacity = {2, big, 1, big};
  o.col_groups = {ts::quota{{0, 1, 2}, 1, big}, ts::quota{{0, 1}, 0, big}};
  o.row_groups = {ts::quota{{0, 1, 2}, 0, big}};
  const auto s = ts::solve_flow(view, o);
  const auto want = brute_force(c, 3, 4, o);
  ASSERT_TRUE(want);
  EXPECT_EQ(s.size(), want->pairs);
  EXPECT_NEAR(s.objective, want->cost, 1e-9);
  expect_certified(view, o, s);
}

TEST(FlowBounds, MinimumsWhoseSumOverflowsAreInfeasible) {
  const std::vector<double> c = small_matrix();
  const auto view = ts::row_major_view(c.data(), 3, 4);
  ts::flow_options<double> o;
  o.col_capacity.assign(4, big);
  o.col_min.assign(4, idx{1} << 62);  // the four sum beyond int64
  talentmatch::test::expect_infeasible([&] { ts::solve_flow(view, o); },
                                       {"col_min[0] = 4611686018427387904", "at most 3 pairs"});
  o = {};
  o.row_capacity.assign(3, big);
  o.row_min = {0, big, 0};
  talentmatch::test::expect_infeasible([&] { ts::solve_flow(view, o); }, {"row_min[1] = 9223372036854775807"});
  o = {};
  o.col_capacity.assign(4, 3);
  o.col_groups = {ts::quota{{0, 1}, big, -1}};
  talentmatch::test::expect_infeasible([&] { ts::solve_flow(view, o); },
                                       {"column group 0: min 9223372036854775807", "6 pairs"});
  // Minimums that do fit are met, whatever the capacities (brute force agrees).
  o = {};
  o.col_capacity.assign(4, big);
  o.row_capacity.assign(3, big);
  o.col_min = {3, 0, 0, 2};
  const auto s = ts::solve_flow(view, o);
  const auto want = brute_force(c, 3, 4, o);
  ASSERT_TRUE(want);
  EXPECT_EQ(s.size(), want->pairs);
  EXPECT_NEAR(s.objective, want->cost, 1e-9);
  expect_certified(view, o, s);
}

TEST(FlowBounds, PricedObjectiveOnHugeCapacitiesIsExactOrAnError) {
  // Double: the unassigned cost is paid on the caller's capacity (2^40 units less the pairs used), exactly.
  const std::vector<double> c = small_matrix();
  const auto view = ts::row_major_view(c.data(), 3, 4);
  ts::flow_options<double> o;
  o.row_capacity = {idx{1} << 40, 1, 1};
  o.unassigned = ts::unassigned_costs<double>{{3, 3, 3}, {0, 0, 0, 0}};
  const auto s = ts::solve_flow(view, o);
  const auto want = brute_force(c, 3, 4, o);
  ASSERT_TRUE(want);
  EXPECT_EQ(s.objective, want->cost);
  expect_certified(view, o, s);
  // int64: 2 * (INT64_MAX - used) does not fit; that is our error, not a wrapped objective.
  const std::vector<std::int64_t> ci = {4, 1, 3, 2, 0, 5, 3, 2, 2, 6, 1, 4};
  const auto vi = ts::row_major_view(ci.data(), 3, 4);
  ts::flow_options<std::int64_t> oi;
  oi.row_capacity = {big, 1, 1};
  oi.unassigned = ts::unassigned_costs<std::int64_t>{{2, 2, 2}, {0, 0, 0, 0}};
  talentmatch::test::expect_error([&] { ts::solve_flow(vi, oi); },
                                  {"the objective overflows int64", "row_capacity[0] = 9223372036854775807"});
  // The same with an unassigned cost of 0: the plan is certified, the objective is the pairs' cost.
  oi.unassigned = ts::unassigned_costs<std::int64_t>{{0, 0, 0}, {0, 0, 0, 0}};
  const auto si = ts::solve_flow(vi, oi);
  expect_certified(vi, oi, si);
  // "Must be used to capacity" above what the row can take is infeasible, naming the capacity.
  o.unassigned = ts::unassigned_costs<double>{{inf, 3, 3}, {0, 0, 0, 0}};
  talentmatch::test::expect_infeasible([&] { ts::solve_flow(view, o); },
                                       {"row 0 must be used to capacity", "row_capacity[0] = 1099511627776"});
}

TEST(FlowBounds, NegativeBoundsNameTheArgument) {
  const std::vector<double> c = small_matrix();
  const auto view = ts::row_major_view(c.data(), 3, 4);
  ts::flow_options<double> o;
  o.row_min = {0, -1, 0};
  talentmatch::test::expect_error([&] { ts::solve_flow(view, o); }, {"row_min[1] is negative (-1)"});
  o = {};
  o.row_capacity = {0, 0, std::numeric_limits<idx>::min()};
  talentmatch::test::expect_error([&] { ts::solve_flow(view, o); }, {"row_capacity[2] is negative"});
  o = {};
  o.col_groups = {ts::quota{{0}, -5, -1}};
  talentmatch::test::expect_error([&] { ts::solve_flow(view, o); }, {"column group 0: min is negative (-5)"});
  o = {};
  o.row_groups = {ts::quota{{0}, 0, -2}};
  talentmatch::test::expect_error([&] { ts::solve_flow(view, o); }, {"row group 0: max is negative (-2)"});
}

TEST(FlowBounds, RandomExtremeBoundsAgreeWithBruteForce) {
  std::mt19937 rng(77);
  const idx extreme[] = {0, 1, 2, 3, idx{1} << 31, idx{1} << 62, big};
  for (int rep = 0; rep < 300; ++rep) {
    const idx n = 1 + rng() % 3, m = 1 + rng() % 4;
    std::vector<double> c(n * m);
    for (auto& x : c) x = rng() % 7 == 0 ? inf : static_cast<double>(rng() % 10);
    ts::flow_options<double> o;
    for (idx i = 0; i < n; ++i) o.row_capacity.push_back(extreme[rng() % 7]);
    for (idx j = 0; j < m; ++j) o.col_capacity.push_back(extreme[rng() % 7]);
    for (idx j = 0; j < m; ++j) o.col_min.push_back(std::min(o.col_capacity[j], extreme[rng() % (rep < 150 ? 4 : 7)]));
    if (rng() % 2) o.col_groups = {ts::quota{{0}, static_cast<idx>(rng() % 2), rng() % 2 ? big : -1}};
    const auto view = ts::row_major_view(c.data(), n, m);
    const auto want = brute_force(c, n, m, o);
    SCOPED_TRACE("rep " + std::to_string(rep));
    if (!want) {
      EXPECT_THROW(ts::solve_flow(view, o), talentmatch::infeasible_error);
      continue;
    }
    ts::flow_solution<double> s;
    ASSERT_NO_THROW(s = ts::solve_flow(view, o));
    EXPECT_EQ(s.size(), want->pairs);
    EXPECT_NEAR(s.objective, want->cost, 1e-9);
    expect_certified(view, o, s);
  }
}

// CSR input the certificate cannot read fails it, naming the problem; a corrupted sparse plan fails it too.
TEST(FlowSparse, CertificateRejectsBadInputAndCorruptedPlans) {
  const std::vector<std::int64_t> indptr = {0, 2, 3}, indices = {0, 1, 1};
  const std::vector<double> data = {4, 1, 2};
  const ts::csr_view<double> view{2, 2, indptr.data(), indices.data(), data.data(), 3};
  ts::flow_options<double> opt;
  opt.col_capacity = {1, 2};
  const auto s = ts::solve_flow(view, opt);
  EXPECT_EQ(s.rows, (std::vector<idx>{0, 1}));
  EXPECT_EQ(s.cols, (std::vector<idx>{1, 1}));
  EXPECT_DOUBLE_EQ(s.objective, 3.0);
  EXPECT_TRUE(ts::check_certificate(view, s, opt).ok);
  auto bad = s;
  bad.cols[1] = 0;  // (1, 0) is not a stored pair
  EXPECT_NE(ts::check_certificate(view, bad, opt).message.find("forbidden"), std::string::npos);
  const std::vector<std::int64_t> bad_indices = {0, 5, 1};
  const ts::csr_view<double> broken{2, 2, indptr.data(), bad_indices.data(), data.data(), 3};
  EXPECT_NE(ts::check_certificate(broken, s, opt).message.find("out of range"), std::string::npos);
  EXPECT_THROW(ts::solve_flow(broken, opt), talentmatch::error);
}

// A wide sparse instance with quotas on the posts (the shape of a national pool): every expert fits a few posts,
// the slots and quotas bind, so most experts stay unassigned. The plan is certified, and it agrees with the
// dense form on the same instance.
TEST(FlowSparse, UnsaturatedSideWithQuotasAgreesWithDense) {
  std::mt19937 rng(11);
  const idx n = 600, m = 60, k = 6;
  std::vector<std::int64_t> indptr{0}, indices;
  std::vector<double> data, dense(n * m, inf);
  for (idx i = 0; i < n; ++i) {
    std::vector<std::int64_t> cols(m);
    for (idx j = 0; j < m; ++j) cols[j] = j;
    std::shuffle(cols.begin(), cols.end(), rng);
    for (idx t = 0; t < k; ++t) {
      const double c = std::uniform_int_distribution<int>(0, 99)(rng);
      indices.push_back(cols[t]);
      data.push_back(c);
      dense[i * m + cols[t]] = c;
    }
    indptr.push_back(static_cast<std::int64_t>(indices.size()));
  }
  ts::flow_options<double> opt;
  for (idx j = 0; j < m; ++j) opt.col_capacity.push_back(1 + static_cast<idx>(rng() % 5));
  for (idx u = 0; u < m; u += 6) {
    ts::quota unit{{}, 0, 10};
    for (idx j = u; j < u + 6; ++j) unit.members.push_back(j);
    opt.col_groups.push_back(unit);
  }
  for (idx d = 0; d < m; d += 30) {
    ts::quota dept{{}, 2, 35};
    for (idx j = d; j < d + 30; ++j) dept.members.push_back(j);
    opt.col_groups.push_back(dept);
  }
  opt.row_min.assign(n, 0);
  opt.row_min[7] = 1;
  const ts::csr_view<double> view{n, m, indptr.data(), indices.data(), data.data(), static_cast<idx>(data.size())};
  const auto s = ts::solve_flow(view, opt);
  EXPECT_TRUE(ts::check_certificate(view, s, opt).ok);
  EXPECT_EQ(s.size(), 70);  // the two department maxima bind: 35 + 35
  const auto d = ts::solve_flow(ts::row_major_view(dense.data(), n, m), opt);
  EXPECT_EQ(s.rows, d.rows);
  EXPECT_EQ(s.cols, d.cols);
  EXPECT_DOUBLE_EQ(s.objective, d.objective);
  expect_certified(ts::row_major_view(dense.data(), n, m), opt, d);
}

// Warm starts (flow_options::warm): from an earlier plan of a changed instance, from duals partly unknown, or from a
// random start, the result is the brute-force optimum of the new instance with a certificate that holds, dense and
// CSR; in priced mode (and maximum cardinality with quotas on both sides, which runs priced) the start is used.
namespace {

void check_warm(std::uint32_t seed, bool priced, quota_sides quotas) {
  std::mt19937 rng(seed);
  const instance a = random_instance(rng, priced, quotas);
  SCOPED_TRACE("seed " + std::to_string(seed) + " " + std::to_string(a.n) + "x" + std::to_string(a.m));
  ts::flow_solution<double> old;
  try {
    old = ts::solve_flow(ts::row_major_view(a.c.data(), a.n, a.m), a.opt);
  } catch (const talentmatch::infeasible_error&) {
    return;
  }
  // The change: a few costs, one capacity on each side, a quota's max.
  instance b = a;
  std::uniform_int_distribution<int> cost(-3, 9);
  const double forbidden = b.opt.maximize ? -inf : inf;
  for (int k = 0; k < 2 && b.n * b.m > 0; ++k) b.c[rng() % (b.n * b.m)] = rng() % 4 == 0 ? forbidden : cost(rng);
  if (b.n > 0) {
    const idx i = static_cast<idx>(rng() % b.n);
    b.opt.row_capacity[i] = std::uniform_int_distribution<idx>(0, 3)(rng);
    b.opt.row_min[i] = std::min(b.opt.row_min[i], b.opt.row_capacity[i]);
  }
  if (b.m > 0) {
    const idx j = static_cast<idx>(rng() % b.m);
    b.opt.col_capacity[j] = std::uniform_int_distribution<idx>(0, 3)(rng);
    b.opt.col_min[j] = std::min(b.opt.col_min[j], b.opt.col_capacity[j]);
  }
  if (!b.opt.col_groups.empty() && b.opt.col_groups[0].max >= 0) {
    b.opt.col_groups[0].max = b.opt.col_groups[0].min + std::uniform_int_distribution<idx>(0, 2)(rng);
  }
  ts::flow_warm_start<double> w{old.rows, old.cols, old.u, old.v, old.row_group_dual, old.col_group_dual};
  const int kind = static_cast<int>(rng() % 3);
  if (kind == 1) {  // some duals unknown (new rows or columns)
    if (b.n > 0) w.u[rng() % b.n] = std::nan("");
    if (b.m > 0) w.v[rng() % b.m] = std::nan("");
    if (!w.col_group_dual.empty()) w.col_group_dual[0] = std::nan("");
  } else if (kind == 2) {  // any start at all: random pairs and duals
    w.rows.clear(), w.cols.clear();
    for (idx k = 0; k < 4 && b.n * b.m > 0; ++k) w.rows.push_back(rng() % b.n), w.cols.push_back(rng() % b.m);
    for (auto& x : w.u) x = cost(rng);
    for (auto& x : w.v) x = cost(rng);
  }
  b.opt.warm = &w;
  const auto view = ts::row_major_view(b.c.data(), b.n, b.m);
  const auto want = brute_force(b.c, b.n, b.m, b.opt);
  if (!want) {
    EXPECT_THROW(ts::solve_flow(view, b.opt), talentmatch::infeasible_error);
    return;
  }
  for (int form = 0; form < 2; ++form) {
    SCOPED_TRACE(form == 0 ? "dense" : "csr");
    const csr_copy sp = sparse_copy(b, rng);
    ts::flow_solution<double> s;
    ASSERT_NO_THROW(s = form == 0 ? ts::solve_flow(view, b.opt) : ts::solve_flow(sp.view, b.opt));
    EXPECT_NEAR(b.opt.maximize ? -s.objective : s.objective, want->cost, 1e-9);
    if (!priced) {
      EXPECT_EQ(s.size(), want->pairs);
    }
    const ts::certificate cert =
        form == 0 ? ts::check_certificate(view, s, b.opt) : ts::check_certificate(sp.view, s, b.opt);
    EXPECT_TRUE(cert.ok) << cert.message;
    if (priced && kind == 0) {
      EXPECT_TRUE(s.warm);
    }
    if (!priced && (b.opt.row_groups.empty() || b.opt.col_groups.empty())) {
      EXPECT_FALSE(s.warm);  // maximum cardinality without quotas on both sides ignores the start
    }
  }
}

}  // namespace

TEST(FlowWarm, PricedFromAnEarlierPlanMatchesBruteForce) {
  for (std::uint32_t seed = 5000; seed < 5400; ++seed) check_warm(seed, true, quota_sides::none);
  for (std::uint32_t seed = 5400; seed < 5800; ++seed) check_warm(seed, true, quota_sides::both);
  for (std::uint32_t seed = 5800; seed < 6000; ++seed) check_warm(seed, true, quota_sides::cols);
}

TEST(FlowWarm, MaximumCardinalityMatchesBruteForce) {
  for (std::uint32_t seed = 6000; seed < 6300; ++seed) check_warm(seed, false, quota_sides::both);
  for (std::uint32_t seed = 6300; seed < 6500; ++seed) check_warm(seed, false, quota_sides::rows);
}

TEST(FlowWarm, BadStartsAreRejectedNamingTheArgument) {
  const std::vector<double> c = {1, 2, 3, 4};
  const auto view = ts::row_major_view(c.data(), 2, 2);
  ts::flow_options<double> opt;
  opt.unassigned = ts::unassigned_costs<double>{{5, 5}, {0, 0}};
  ts::flow_warm_start<double> w;
  opt.warm = &w;
  w.u = {0};
  talentmatch::test::expect_error([&] { ts::solve_flow(view, opt); }, {"warm.u has length 1, expected 2"});
  w.u = {0, inf};
  talentmatch::test::expect_error([&] { ts::solve_flow(view, opt); }, {"warm.u[1] is infinite"});
  w.u.clear();
  w.rows = {0, 1};
  w.cols = {0};
  talentmatch::test::expect_error([&] { ts::solve_flow(view, opt); }, {"warm.rows and warm.cols differ"});
  w.cols = {0, 2};
  talentmatch::test::expect_error([&] { ts::solve_flow(view, opt); }, {"warm: pair 1 (1, 2) is outside"});
  // A usable start: the cold result.
  w.cols = {0, 1};
  const auto s = ts::solve_flow(view, opt);
  EXPECT_TRUE(s.warm);
  EXPECT_NEAR(s.objective, 1 + 4, 1e-12);
}

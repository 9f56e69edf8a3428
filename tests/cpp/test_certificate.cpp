// Certificates never crash and never pass a corrupted solution: wrong sizes, indices out of range, pairs that
// disagree with the degrees, NaN or inf potentials, values whose sums overflow int64 (undefined behaviour before:
// the sanitizer preset runs these). Every check either fails with a message or, for verify, throws
// talentmatch::error. The oracle is the solution the solver returned, checked first, then corrupted one field at a
// time.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "support/expect_error.hpp"
#include "talentmatch/solver/certificate.hpp"
#include "talentmatch/solver/dense.hpp"
#include "talentmatch/solver/flow.hpp"
#include "talentmatch/solver/flow_certificate.hpp"
#include "talentmatch/solver/kbest.hpp"
#include "talentmatch/solver/sparse.hpp"

namespace ts = talentmatch::solver;
using idx = std::ptrdiff_t;

namespace {

constexpr double nan_ = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();
constexpr std::int64_t i64max = std::numeric_limits<std::int64_t>::max();

// Each corruption of `good` must fail check(...) with a message, and make verify(...) throw talentmatch::error.
template <class S, class Check, class Verify>
void expect_all_fail(const S& good, const std::vector<std::pair<std::string, std::function<void(S&)>>>& corruptions,
                     Check&& check, Verify&& verify) {
  ASSERT_TRUE(check(good).ok) << check(good).message;
  for (const auto& [what, corrupt] : corruptions) {
    S bad = good;
    corrupt(bad);
    const ts::certificate cert = check(bad);
    EXPECT_FALSE(cert.ok) << what;
    EXPECT_FALSE(cert.message.empty()) << what;
    EXPECT_THROW(verify(bad), talentmatch::error) << what;
  }
}

}  // namespace

TEST(Certificate, DenseCorruptedSolutionsFail) {
  const std::vector<double> c = {4, 1, 3, 9, 2, 0, 5, 8, 3, 2, 2, 7};
  const auto view = ts::row_major_view(c.data(), 3, 4);
  const auto s = ts::solve_dense(view);
  using S = ts::solution<double>;
  expect_all_fail<S>(
      s,
      {{"short col4row", [](S& x) { x.col4row.pop_back(); }},
       {"long v", [](S& x) { x.v.push_back(0); }},
       {"col4row out of range", [](S& x) { x.col4row[0] = 99; }},
       {"row4col below -1", [](S& x) { x.row4col[3] = -5; }},
       {"disagreeing matching", [](S& x) { std::swap(x.col4row[0], x.col4row[1]); }},
       {"NaN u", [](S& x) { x.u[0] = nan_; }},  // passed before: every comparison with NaN is false
       {"inf v", [](S& x) { x.v[1] = inf; }},
       {"NaN objective", [](S& x) { x.objective = nan_; }},
       {"all duals NaN", [](S& x) { std::fill(x.u.begin(), x.u.end(), nan_); }}},
      [&](const S& x) { return ts::check_certificate(view, x); }, [&](const S& x) { ts::verify(view, x); });
}

TEST(Certificate, DenseIntegerOverflowFailsWithoutUndefinedBehaviour) {
  const std::vector<std::int64_t> c = {4, 1, 3, 2, 0, 5, 3, 2, 2};
  const auto view = ts::row_major_view(c.data(), 3, 3);
  const auto s = ts::solve_dense(view);
  using S = ts::solution<std::int64_t>;
  expect_all_fail<S>(
      s,
      {{"u at INT64_MAX", [](S& x) { x.u[0] = i64max; }},
       {"u and v at the extremes",
        [](S& x) {
          x.u[0] = std::numeric_limits<std::int64_t>::min();
          x.v[0] = std::numeric_limits<std::int64_t>::min();
        }},
       {"objective at INT64_MAX", [](S& x) { x.objective = i64max; }}},
      [&](const S& x) { return ts::check_certificate(view, x); }, [&](const S& x) { ts::verify(view, x); });
  // Unassigned costs of the wrong length fail the certificate instead of reading past them.
  const ts::unassigned_costs<std::int64_t> short_costs{{1}, {1, 1, 1}};
  EXPECT_FALSE(ts::check_certificate(view, s, {}, &short_costs).ok);
}

TEST(Certificate, SparseCorruptedSolutionsFail) {
  const std::vector<std::int64_t> ptr = {0, 2, 4, 5}, ind = {0, 1, 1, 2, 0};
  const std::vector<std::int64_t> data = {3, 1, 4, 1, 5};
  const ts::csr_view<std::int64_t> csr{3, 3, ptr.data(), ind.data(), data.data(), 5};
  const ts::sparse_options mc{false, ts::sparse_mode::max_cardinality};
  const auto s = ts::solve_sparse(csr);
  using S = ts::solution<std::int64_t>;
  expect_all_fail<S>(
      s,
      {{"short u", [](S& x) { x.u.pop_back(); }},
       {"col4row out of range", [](S& x) { x.col4row[2] = 1000; }},
       {"u at INT64_MAX", [](S& x) { x.u[1] = i64max; }}},
      [&](const S& x) { return ts::check_certificate(csr, x); }, [&](const S& x) { ts::verify(csr, x); });
  // A malformed CSR fails the certificate (the solver would throw).
  const std::vector<std::int64_t> bad_ind = {0, 1, 1, 7, 0};
  const ts::csr_view<std::int64_t> bad{3, 3, ptr.data(), bad_ind.data(), data.data(), 5};
  EXPECT_FALSE(ts::check_certificate(bad, s).ok);
  // max_cardinality: an unmatched row whose potential (the penalty) is huge cannot overflow the offset.
  const std::vector<std::int64_t> p2 = {0, 1, 2, 2}, i2 = {0, 0}, d2 = {1, 2};
  const ts::csr_view<std::int64_t> two{3, 1, p2.data(), i2.data(), d2.data(), 2};
  const auto m = ts::solve_sparse(two, mc);
  ASSERT_TRUE(ts::check_certificate(two, m, mc).ok) << ts::check_certificate(two, m, mc).message;
  auto huge = m;
  for (auto& u : huge.u) u = i64max;
  EXPECT_FALSE(ts::check_certificate(two, huge, mc).ok);
}

TEST(Certificate, FlowCorruptedSolutionsFail) {
  const std::vector<double> c = {4, 1, 3, 2, 0, 5, 3, 2, 2};
  const auto view = ts::row_major_view(c.data(), 3, 3);
  ts::flow_options<double> opt;
  opt.col_capacity = {2, 1, 1};
  opt.col_groups = {ts::quota{{0, 1}, 1, 2}};
  const auto s = ts::solve_flow(view, opt);
  using S = ts::flow_solution<double>;
  expect_all_fail<S>(
      s,
      {{"rows longer than cols", [](S& x) { x.rows.push_back(0); }},
       {"pair out of range", [](S& x) { x.cols[0] = 42; }},
       {"negative row", [](S& x) { x.rows[0] = -3; }},
       {"degrees disagree with the pairs", [](S& x) { x.row_degree[0] += 1; }},
       {"degrees of the wrong length", [](S& x) { x.col_degree.push_back(0); }},
       {"group duals missing", [](S& x) { x.col_group_dual.clear(); }},
       {"NaN u", [](S& x) { x.u[0] = nan_; }},  // passed before, as in the dense certificate
       {"inf group dual", [](S& x) { x.col_group_dual[0] = -inf; }},
       {"NaN price", [](S& x) { x.row_price = nan_; }},
       {"pair used twice",
        [](S& x) {
          x.rows.push_back(x.rows[0]);
          x.cols.push_back(x.cols[0]);
        }}},
      [&](const S& x) { return ts::check_certificate(view, x, opt); }, [&](const S& x) { ts::verify(view, x, opt); });
  // Options the solver would reject fail the certificate too: a group listing a column out of range.
  auto bad_opt = opt;
  bad_opt.col_groups[0].members.push_back(17);
  EXPECT_FALSE(ts::check_certificate(view, s, bad_opt).ok);
}

TEST(Certificate, FlowIntegerOverflowFailsWithoutUndefinedBehaviour) {
  const std::vector<std::int64_t> c = {4, 1, 3, 2, 0, 5, 3, 2, 2};
  const auto view = ts::row_major_view(c.data(), 3, 3);
  ts::flow_options<std::int64_t> opt;
  opt.col_capacity = {2, 1, 1};
  opt.unassigned = ts::unassigned_costs<std::int64_t>{{5, 5, 5}, {5, 5, 5}};
  const auto s = ts::solve_flow(view, opt);
  using S = ts::flow_solution<std::int64_t>;
  expect_all_fail<S>(
      s,
      {{"u at INT64_MAX", [](S& x) { x.u[0] = i64max; }},
       {"v at INT64_MIN", [](S& x) { x.v[2] = std::numeric_limits<std::int64_t>::min(); }},
       {"objective at INT64_MAX", [](S& x) { x.objective = i64max; }}},
      [&](const S& x) { return ts::check_certificate(view, x, opt); }, [&](const S& x) { ts::verify(view, x, opt); });
  // A capacity at INT64_MAX with a price: the certificate's sum of the unassigned costs paid overflows, and says so.
  auto huge = opt;
  huge.row_capacity = {i64max, 1, 1};
  const ts::certificate cert = ts::check_certificate(view, s, huge);
  EXPECT_FALSE(cert.ok);
}

TEST(Certificate, KBestSolutionsOfCorruptedFormFail) {
  const std::vector<double> c = {4, 1, 3, 2, 0, 5, 3, 2, 2};
  const auto view = ts::row_major_view(c.data(), 3, 3);
  const auto best = ts::k_best(view, 3);
  ASSERT_EQ(best.size(), 3u);
  for (const auto& r : best) {
    auto s = r;
    EXPECT_TRUE(ts::check_certificate(view, s).ok);
    s.row4col.assign(3, 7);
    EXPECT_FALSE(ts::check_certificate(view, s).ok);
    s = r;
    s.u[0] = nan_;
    EXPECT_FALSE(ts::check_certificate(view, s).ok);
    s = r;
    s.fixed.emplace_back(5, -1);
    EXPECT_FALSE(ts::check_certificate(view, s).ok);
  }
}

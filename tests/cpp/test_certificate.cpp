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

#include "support/brute_force.hpp"
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

// Regressions found by tests/fuzz/fuzz_solvers.cpp, each reduced to the instance it printed.
TEST(FuzzFindings, CsrDuplicatesSummingToNanAreRejected) {
  // -1e300 + -DBL_MAX overflows to -inf, and + inf gives NaN: scipy's sum is NaN too, which it rejects.
  const std::vector<std::int64_t> ptr = {0, 4}, ind = {0, 0, 0, 0};
  const std::vector<double> data = {-1e300, -std::numeric_limits<double>::max(), inf, inf};
  const ts::csr_view<double> csr{1, 1, ptr.data(), ind.data(), data.data(), 4};
  talentmatch::test::expect_error([&] { ts::solve_sparse(csr); }, {"row 0, column 0 sum to NaN"});
  EXPECT_FALSE(ts::check_certificate(csr, ts::solution<double>{{0}, {0}, {0.0}, {0.0}, 0.0}).ok);
}

TEST(FuzzFindings, CsrInt64MinimumUnderMaximizeIsAnError) {
  // Negating -2^63 (the minimisation form of maximize) overflowed int64: undefined behaviour.
  const std::vector<std::int64_t> ptr = {0, 1}, ind = {0};
  const std::vector<std::int64_t> data = {std::numeric_limits<std::int64_t>::min()};
  const ts::csr_view<std::int64_t> csr{1, 1, ptr.data(), ind.data(), data.data(), 1};
  talentmatch::test::expect_error([&] { ts::solve_sparse(csr, ts::sparse_options{true}); }, {"is -2^63"});
}

TEST(FuzzFindings, MaxCardinalityPenaltyThatWouldOverflowIsRefused) {
  // Every row reaches only column 1; the costs pass the magnitude limit, but the penalty that certifies maximum
  // cardinality (above 2 k max|c|) times the rows summed by the certificate overflowed double.
  const std::vector<std::int64_t> ptr = {0, 2, 4, 6, 8}, ind = {1, 1, 1, 1, 1, 1, 1, 1};
  const std::vector<double> data = {3.5469205155970332e+306, -5, -5, -5, -5, -5, -5, -5};
  const ts::csr_view<double> csr{4, 4, ptr.data(), ind.data(), data.data(), 8};
  const ts::sparse_options mc{true, ts::sparse_mode::max_cardinality};
  talentmatch::test::expect_error([&] { ts::solve_sparse(csr, mc); },
                                  {"max_cardinality mode", "would overflow double", "scale the matrix down"});
  // The same shape at ordinary magnitudes: one pair (the only column), the best of the four rows (hand-checked).
  const std::vector<double> small = {7, -5, -5, -5, -5, -5, -5, -5};
  const ts::csr_view<double> ok{4, 4, ptr.data(), ind.data(), small.data(), 8};
  const auto s = ts::solve_sparse(ok, mc);
  EXPECT_EQ(s.size(), 1);
  EXPECT_EQ(s.objective, 2.0);  // row 0: 7 + -5 summed
  EXPECT_TRUE(ts::check_certificate(ok, s, mc).ok);
}

TEST(FuzzFindings, WarmStartFromPotentialsFarAboveTheNewCostsIsSolvedCold) {
  // A previous solution of a matrix with +-1e300 entries, sound to double's precision at 1e300; only its row 2 and
  // column 2 carry over into a 3 x 3 matrix of small costs. Started from those potentials, every digit of the new
  // costs was lost to rounding (objective -3 instead of -9).
  const std::vector<double> old_c = {-8,     inf, inf, inf, inf, inf, -2,     -1e300, -1, -1, -1, -1, -7,
                                     -1e300, -8,  -9,  -8,  inf, inf, -1e300, -1,     -1, -1, -1, -1};
  const auto old_view = ts::row_major_view(old_c.data(), 5, 5);
  ts::solution<double> prev;
  prev.col4row = {0, 2, 3, 4, 1};
  prev.row4col = {0, 4, 1, 2, 3};
  prev.u = {-8, 0, 0, 0, -1};
  prev.v = {-1, 0, -1e300, -1e300, -1e300};
  prev.objective = -3e300;
  (void)old_view;
  const std::vector<double> c = {-7, -1, -1, -1, -1, -1, -1, -1, -1};
  const auto view = ts::row_major_view(c.data(), 3, 3);
  const auto w = ts::resolve_dense(view, prev, ts::edits{{2, -1, -1}, {2, -1, -1}});
  EXPECT_EQ(w.objective, *talentmatch::test::brute_force_assignment(c, 3, 3));  // -9
  EXPECT_TRUE(ts::check_certificate(view, w).ok);
  // Only a column carried, with a potential of 1e300: the same (maximize).
  ts::solution<double> p2;
  p2.col4row = {2, 0, 1};
  p2.row4col = {1, 2, 0};
  p2.u = {2, -1e300, 8};
  p2.v = {1e300, -1, -1};
  p2.objective = -17;
  const std::vector<double> c2 = {9, 9, 9, 9, 9, 9, 9, 9, -1};
  const auto v2 = ts::row_major_view(c2.data(), 3, 3);
  const auto w2 = ts::resolve_dense(v2, p2, ts::edits{{-1, -1, -1}, {0, -1, -1}}, ts::dense_options{true});
  EXPECT_EQ(w2.objective, *talentmatch::test::brute_force_assignment(c2, 3, 3, true));  // 9 + 9 + 9
  EXPECT_TRUE(ts::check_certificate(v2, w2, ts::dense_options{true}).ok);
}

TEST(FuzzFindings, FlowOnMixedMagnitudesIsCertifiedToDoublePrecision) {
  // Priced, with one allowed pair at 1e300 among small costs: the potentials pass through 1e300, so the plan is
  // optimal to double's precision at that scale (as any double solver's); the certificate's tolerance now scales
  // with the largest cost, as it does with the largest dual.
  const std::vector<double> c = {8, -6, -9, -9, inf, -9, inf, inf, inf, inf, inf, inf, inf, inf, 1e300, inf};
  const auto view = ts::row_major_view(c.data(), 4, 4);
  ts::flow_options<double> o;
  o.unassigned = ts::unassigned_costs<double>{{-5, -4, -5, -5}, {-4, -5, -5, -5}};
  const auto s = ts::solve_flow(view, o);
  const ts::certificate cert = ts::check_certificate(view, s, o);
  EXPECT_TRUE(cert.ok) << cert.message;
  EXPECT_GE(cert.tolerance, 1e-9 * 1e300);
}

TEST(FuzzFindings, FlowInt64ObjectiveWhoseNegationOverflowsIsAnError) {
  // maximize: the minimisation-form total can reach -2^63 exactly through the unassigned costs paid on huge
  // capacities; negating it overflowed.
  const std::vector<std::int64_t> c = {0};
  const auto view = ts::row_major_view(c.data(), 1, 1);
  ts::flow_options<std::int64_t> o;
  o.maximize = true;
  o.row_capacity = {std::numeric_limits<std::int64_t>::max()};
  o.unassigned = ts::unassigned_costs<std::int64_t>{{1}, {1}};
  // Leaving both unused is best (1 per unit): INT64_MAX units of the row and one of the column, -2^63 in the
  // minimisation form, whose negation does not fit.
  talentmatch::test::expect_error([&] { ts::solve_flow(view, o); }, {"overflows int64"});
}

// libFuzzer target over the solvers' inputs: the first byte picks a driver, the rest is read by FuzzedDataProvider.
//
//  * resolve_dense with an arbitrary matrix and a previous solution that is either a real one or one corrupted field
//    by field (indices out of range, a broken matching, shifted or NaN potentials, a wrong objective);
//  * solve_flow with arbitrary capacities, minimums and nested quotas, extreme values included (up to INT64_MAX);
//  * the CSR reader through solve_sparse (both modes) and maximum_matching, with arbitrary indptr, indices and data.
//
// Every result that comes back must pass its own certificate (abort otherwise); talentmatch::error (infeasible
// included) is an accepted outcome; any other exception, a crash, a leak or undefined behaviour is a finding.

#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <limits>
#include <vector>

#include "talentmatch/error.hpp"
#include "talentmatch/solver/certificate.hpp"
#include "talentmatch/solver/dense.hpp"
#include "talentmatch/solver/flow.hpp"
#include "talentmatch/solver/flow_certificate.hpp"
#include "talentmatch/solver/matching.hpp"
#include "talentmatch/solver/sparse.hpp"

namespace ts = talentmatch::solver;
using idx = std::ptrdiff_t;

namespace {

void finding(const char* what, const std::string& message) {
  std::fprintf(stderr, "finding: %s: %s\n", what, message.c_str());
  std::abort();
}

// A cost from a few classes: small integers (ties), wide doubles, and specials (inf, NaN, huge).
double draw_cost(FuzzedDataProvider& in) {
  switch (in.ConsumeIntegralInRange<int>(0, 9)) {
    case 0:
      return std::numeric_limits<double>::infinity();
    case 1:
      return -std::numeric_limits<double>::infinity();
    case 2:
      return std::numeric_limits<double>::quiet_NaN();
    case 3:
      return in.ConsumeFloatingPoint<double>();
    case 4:
      return in.ConsumeBool() ? 1e300 : -1e300;
    default:
      return static_cast<double>(in.ConsumeIntegralInRange<int>(-9, 9));
  }
}

// A count from a few classes: small, near the sizes, and the extremes of int64.
idx draw_count(FuzzedDataProvider& in) {
  switch (in.ConsumeIntegralInRange<int>(0, 7)) {
    case 0:
      return std::numeric_limits<idx>::max();
    case 1:
      return idx{1} << in.ConsumeIntegralInRange<int>(31, 62);
    case 2:
      return in.ConsumeIntegralInRange<idx>(-3, -1);
    case 3:
      return in.ConsumeIntegral<idx>();
    default:
      return in.ConsumeIntegralInRange<idx>(0, 4);
  }
}

template <class T>
std::vector<T> matrix(FuzzedDataProvider& in, idx n, idx m) {
  std::vector<T> c(static_cast<std::size_t>(n * m));
  for (auto& x : c) {
    if constexpr (std::is_floating_point_v<T>) {
      x = static_cast<T>(draw_cost(in));
    } else {
      x = in.ConsumeBool() ? static_cast<T>(in.ConsumeIntegralInRange<int>(-9, 9)) : in.ConsumeIntegral<T>();
    }
  }
  return c;
}

template <class T>
void fuzz_resolve(FuzzedDataProvider& in) {
  using W = ts::work_t<T>;
  const idx n = in.ConsumeIntegralInRange<idx>(0, 6), m = in.ConsumeIntegralInRange<idx>(0, 6);
  const bool maximize = in.ConsumeBool();
  const std::vector<T> old_c = matrix<T>(in, n, m);
  const auto old_view = ts::row_major_view(old_c.data(), n, m);
  ts::solution<W> prev;
  try {
    prev = ts::solve_dense(old_view, ts::dense_options{maximize});
  } catch (const talentmatch::error&) {
    // No previous solution for this matrix: invent one from the bytes.
    prev.col4row.resize(static_cast<std::size_t>(n), -1);
    prev.row4col.resize(static_cast<std::size_t>(m), -1);
    prev.u.resize(static_cast<std::size_t>(n));
    prev.v.resize(static_cast<std::size_t>(m));
  }
  // Corruptions, field by field.
  const int corruptions = in.ConsumeIntegralInRange<int>(0, 3);
  for (int k = 0; k < corruptions; ++k) {
    switch (in.ConsumeIntegralInRange<int>(0, 6)) {
      case 0:
        if (!prev.col4row.empty())
          prev.col4row[in.ConsumeIntegralInRange<std::size_t>(0, prev.col4row.size() - 1)] = draw_count(in);
        break;
      case 1:
        if (!prev.row4col.empty())
          prev.row4col[in.ConsumeIntegralInRange<std::size_t>(0, prev.row4col.size() - 1)] = draw_count(in);
        break;
      case 2:
        if (!prev.u.empty())
          prev.u[in.ConsumeIntegralInRange<std::size_t>(0, prev.u.size() - 1)] = static_cast<W>(draw_count(in));
        break;
      case 3:
        if constexpr (std::is_floating_point_v<W>) {
          if (!prev.v.empty()) prev.v[in.ConsumeIntegralInRange<std::size_t>(0, prev.v.size() - 1)] = draw_cost(in);
        }
        break;
      case 4:
        prev.objective = static_cast<W>(draw_count(in));
        break;
      case 5:
        if (!prev.u.empty()) prev.u.pop_back();
        break;
      default:
        if (!prev.u.empty()) {
          // A shift that keeps the sum when undone on the last row (wrapping: the harness must not overflow).
          const int d = in.ConsumeIntegralInRange<int>(-3, 3);
          if constexpr (std::is_floating_point_v<W>) {
            prev.u.front() += d;
            prev.u.back() -= d;
          } else {
            prev.u.front() = static_cast<W>(static_cast<std::uint64_t>(prev.u.front()) + static_cast<std::uint64_t>(d));
            prev.u.back() = static_cast<W>(static_cast<std::uint64_t>(prev.u.back()) - static_cast<std::uint64_t>(d));
          }
        }
    }
  }
  // The new matrix: old rows and columns carried over (unchanged, as the contract of edits says) or new.
  const idx nn = in.ConsumeIntegralInRange<idx>(0, 6), nm = in.ConsumeIntegralInRange<idx>(0, 6);
  ts::edits e;
  for (idx i = 0; i < nn; ++i) e.row_origin.push_back(in.ConsumeIntegralInRange<idx>(-1, n));
  for (idx j = 0; j < nm; ++j) e.col_origin.push_back(in.ConsumeIntegralInRange<idx>(-1, m));
  if (in.ConsumeBool()) {
    // Mostly valid origins: distinct, in range.
    std::vector<char> ur(static_cast<std::size_t>(n + 1), 0), uc(static_cast<std::size_t>(m + 1), 0);
    for (auto& o : e.row_origin) o = (o >= n || o < 0 || ur[o]++) ? -1 : o;
    for (auto& o : e.col_origin) o = (o >= m || o < 0 || uc[o]++) ? -1 : o;
  }
  std::vector<T> c = matrix<T>(in, nn, nm);
  for (idx i = 0; i < nn; ++i) {
    for (idx j = 0; j < nm; ++j) {
      const idx oi = e.row_origin[i], oj = e.col_origin[j];
      if (oi >= 0 && oi < n && oj >= 0 && oj < m && in.ConsumeBool()) c[i * nm + j] = old_c[oi * m + oj];
    }
  }
  const auto view = ts::row_major_view(c.data(), nn, nm);
  if (std::getenv("TALENTMATCH_FUZZ_VERBOSE") != nullptr) {
    std::fprintf(stderr, "resolve %td x %td -> %td x %td maximize %d\nold:", n, m, nn, nm, int(maximize));
    for (auto x : old_c) std::fprintf(stderr, " %.17g", static_cast<double>(x));
    std::fprintf(stderr, "\nprevious col4row:");
    for (auto x : prev.col4row) std::fprintf(stderr, " %td", x);
    std::fprintf(stderr, "\nprevious row4col:");
    for (auto x : prev.row4col) std::fprintf(stderr, " %td", x);
    std::fprintf(stderr, "\nprevious u:");
    for (auto x : prev.u) std::fprintf(stderr, " %.17g", static_cast<double>(x));
    std::fprintf(stderr, "\nprevious v:");
    for (auto x : prev.v) std::fprintf(stderr, " %.17g", static_cast<double>(x));
    std::fprintf(stderr, "\nprevious objective: %.17g\nrow_origin:", static_cast<double>(prev.objective));
    for (auto x : e.row_origin) std::fprintf(stderr, " %td", x);
    std::fprintf(stderr, "\ncol_origin:");
    for (auto x : e.col_origin) std::fprintf(stderr, " %td", x);
    std::fprintf(stderr, "\nnew:");
    for (auto x : c) std::fprintf(stderr, " %.17g", static_cast<double>(x));
    std::fprintf(stderr, "\n");
  }
  try {
    const auto s = ts::resolve_dense(view, prev, e, ts::dense_options{maximize});
    const ts::certificate cert = ts::check_certificate(view, s, ts::dense_options{maximize});
    if (!cert.ok) finding("resolve_dense result fails its certificate", cert.message);
    // The optimum is the cold solve's.
    const auto cold = ts::solve_dense(view, ts::dense_options{maximize});
    // Within the rounding of double at the scale of the largest cost (both are certified only to that scale).
    double scale = 1.0;
    for (const T x : c) {
      if (std::isfinite(static_cast<double>(x))) scale = std::max(scale, std::abs(static_cast<double>(x)));
    }
    const double a = static_cast<double>(s.objective), b = static_cast<double>(cold.objective);
    if (!(std::abs(a - b) <= 1e-9 * scale * static_cast<double>(nn + nm + 1))) {
      finding("resolve_dense objective differs from the cold solve", std::to_string(a) + " vs " + std::to_string(b));
    }
  } catch (const talentmatch::error&) {
  }
  // The certificate itself on the corrupted solution: any answer, no crash.
  (void)ts::check_certificate(old_view, prev, ts::dense_options{maximize});
}

template <class T>
void fuzz_flow(FuzzedDataProvider& in) {
  using W = ts::work_t<T>;
  const idx n = in.ConsumeIntegralInRange<idx>(0, 5), m = in.ConsumeIntegralInRange<idx>(0, 5);
  ts::flow_options<W> o;
  o.maximize = in.ConsumeBool();
  auto counts = [&](std::vector<idx>& v, idx len) {
    if (in.ConsumeBool()) return;
    for (idx k = 0; k < len; ++k) v.push_back(draw_count(in));
  };
  counts(o.row_capacity, n);
  counts(o.col_capacity, m);
  counts(o.row_min, n);
  counts(o.col_min, m);
  auto groups = [&](std::vector<ts::quota>& gs, idx len) {
    const int count = in.ConsumeIntegralInRange<int>(0, 3);
    for (int g = 0; g < count && len > 0; ++g) {
      ts::quota q;
      // Nested by construction most of the time: a prefix of the members, shorter for later groups.
      const idx size = in.ConsumeIntegralInRange<idx>(0, len);
      for (idx e = 0; e < size; ++e)
        q.members.push_back(in.ConsumeBool() ? e : in.ConsumeIntegralInRange<idx>(-1, len));
      q.min = draw_count(in);
      q.max = in.ConsumeBool() ? -1 : draw_count(in);
      gs.push_back(q);
    }
  };
  groups(o.row_groups, n);
  groups(o.col_groups, m);
  if (in.ConsumeBool()) {
    o.unassigned.emplace();
    for (idx i = 0; i < n; ++i) o.unassigned->row.push_back(static_cast<W>(in.ConsumeIntegralInRange<int>(-5, 9)));
    for (idx j = 0; j < m; ++j) o.unassigned->col.push_back(static_cast<W>(in.ConsumeIntegralInRange<int>(-5, 9)));
    if constexpr (std::is_floating_point_v<W>) {
      if (n > 0 && in.ConsumeBool()) o.unassigned->row[0] = std::numeric_limits<double>::infinity();
    }
  }
  const std::vector<T> c = matrix<T>(in, n, m);
  const auto view = ts::row_major_view(c.data(), n, m);
  if (std::getenv("TALENTMATCH_FUZZ_VERBOSE") != nullptr) {
    auto list = [](const char* name, const std::vector<idx>& v) {
      std::fprintf(stderr, "%s:", name);
      for (auto x : v) std::fprintf(stderr, " %td", x);
      std::fprintf(stderr, "\n");
    };
    std::fprintf(stderr, "flow %td x %td maximize %d priced %d\ncost:", n, m, int(o.maximize), int(o.priced()));
    for (auto x : c) std::fprintf(stderr, " %.17g", static_cast<double>(x));
    std::fprintf(stderr, "\n");
    list("row_capacity", o.row_capacity);
    list("col_capacity", o.col_capacity);
    list("row_min", o.row_min);
    list("col_min", o.col_min);
    for (const auto& q : o.row_groups) {
      list("row group", q.members);
      std::fprintf(stderr, "  min %td max %td\n", q.min, q.max);
    }
    for (const auto& q : o.col_groups) {
      list("col group", q.members);
      std::fprintf(stderr, "  min %td max %td\n", q.min, q.max);
    }
    if (o.priced()) {
      std::fprintf(stderr, "unassigned row:");
      for (auto x : o.unassigned->row) std::fprintf(stderr, " %g", static_cast<double>(x));
      std::fprintf(stderr, "\nunassigned col:");
      for (auto x : o.unassigned->col) std::fprintf(stderr, " %g", static_cast<double>(x));
      std::fprintf(stderr, "\n");
    }
  }
  try {
    const auto s = ts::solve_flow(view, o);
    const ts::certificate cert = ts::check_certificate(view, s, o);
    if (!cert.ok) finding("solve_flow result fails its certificate", cert.message);
    // Corrupt the result and check again: any answer, no crash.
    auto bad = s;
    if (!bad.rows.empty()) bad.rows[0] = draw_count(in);
    if (!bad.u.empty()) bad.u[0] = static_cast<W>(draw_count(in));
    (void)ts::check_certificate(view, bad, o);
  } catch (const talentmatch::error&) {
  }
}

template <class T>
void fuzz_csr(FuzzedDataProvider& in) {
  using W = ts::work_t<T>;
  const idx n = in.ConsumeIntegralInRange<idx>(0, 6), m = in.ConsumeIntegralInRange<idx>(0, 6);
  std::vector<std::int64_t> indptr(static_cast<std::size_t>(n + 1), 0);
  const bool wild = in.ConsumeIntegralInRange<int>(0, 7) == 0;  // arbitrary indptr, mostly malformed
  for (idx i = 0; i < n; ++i) {
    indptr[i + 1] = wild ? in.ConsumeIntegralInRange<std::int64_t>(-2, 20)
                         : indptr[i] + in.ConsumeIntegralInRange<std::int64_t>(0, 4);
  }
  if (wild) indptr[0] = in.ConsumeIntegralInRange<std::int64_t>(-1, 1);
  const std::int64_t stored = std::max<std::int64_t>(0, std::min<std::int64_t>(indptr[n], 40));
  std::vector<std::int64_t> indices(static_cast<std::size_t>(stored));
  for (auto& j : indices)
    j = in.ConsumeIntegralInRange<int>(0, 15) == 0
            ? in.ConsumeIntegral<std::int64_t>()
            : in.ConsumeIntegralInRange<std::int64_t>(0, std::max<idx>(m - 1, 0));
  const std::vector<T> data = matrix<T>(in, 1, static_cast<idx>(stored));
  // nnz tells the reader how long the arrays are, so that a wild indptr is caught before it reads past them.
  const ts::csr_view<T> csr{n, m, indptr.data(), indices.data(), data.data(), static_cast<idx>(stored)};
  const bool maximize = in.ConsumeBool();
  if (std::getenv("TALENTMATCH_FUZZ_VERBOSE") != nullptr) {
    // Reproducing a finding: the instance, in a form to paste into a test.
    std::fprintf(stderr, "csr %td x %td maximize %d\nindptr:", n, m, int(maximize));
    for (auto x : indptr) std::fprintf(stderr, " %lld", static_cast<long long>(x));
    std::fprintf(stderr, "\nindices:");
    for (auto x : indices) std::fprintf(stderr, " %lld", static_cast<long long>(x));
    std::fprintf(stderr, "\ndata:");
    for (auto x : data) std::fprintf(stderr, " %.17g", static_cast<double>(x));
    std::fprintf(stderr, "\n");
  }
  for (const auto mode : {ts::sparse_mode::full, ts::sparse_mode::max_cardinality}) {
    const ts::sparse_options opt{maximize, mode};
    try {
      const auto s = ts::solve_sparse(csr, opt);
      const ts::certificate cert = ts::check_certificate(csr, s, opt);
      if (!cert.ok) finding("solve_sparse result fails its certificate", cert.message);
      auto bad = s;
      if (!bad.col4row.empty()) bad.col4row[0] = draw_count(in);
      (void)ts::check_certificate(csr, bad, opt);
    } catch (const talentmatch::error&) {
    }
  }
  try {
    const ts::matching mt = ts::maximum_matching(csr, maximize);
    if (mt.size > std::min(n, m)) finding("maximum_matching", "more pairs than the smaller side");
  } catch (const talentmatch::error&) {
  }
  if (n > 0 && in.ConsumeBool()) {
    ts::unassigned_costs<W> un;
    for (idx i = 0; i < n; ++i) un.row.push_back(static_cast<W>(in.ConsumeIntegralInRange<int>(-5, 9)));
    for (idx j = 0; j < m; ++j) un.col.push_back(static_cast<W>(in.ConsumeIntegralInRange<int>(-5, 9)));
    try {
      const auto s = ts::solve_sparse(csr, un, ts::sparse_options{maximize});
      const ts::certificate cert = ts::check_certificate(csr, s, ts::sparse_options{maximize}, &un);
      if (!cert.ok) finding("solve_sparse (unassigned costs) result fails its certificate", cert.message);
    } catch (const talentmatch::error&) {
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  FuzzedDataProvider in(data + 1, size - 1);
  try {
    switch (data[0] % 6) {
      case 0:
        fuzz_resolve<double>(in);
        break;
      case 1:
        fuzz_resolve<std::int64_t>(in);
        break;
      case 2:
        fuzz_flow<double>(in);
        break;
      case 3:
        fuzz_flow<std::int64_t>(in);
        break;
      case 4:
        fuzz_csr<double>(in);
        break;
      default:
        fuzz_csr<std::int64_t>(in);
    }
  } catch (const talentmatch::error&) {
    // Rejected with a message: an accepted outcome.
  } catch (const std::exception& e) {
    finding("an exception that is not talentmatch::error", e.what());
  }
  return 0;
}

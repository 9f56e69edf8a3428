#pragma once

// Where the solvers' hot loops may use AVX2: on x86-64 with GCC or Clang, where the processor has it (checked once
// at run time, so a build for the baseline x86-64 still uses it), unless TALENTMATCH_NO_SIMD is defined. Elsewhere
// a scalar loop with the same arithmetic and the same tie-breaks runs, so both give identical results.

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>

#if !defined(TALENTMATCH_NO_SIMD) && defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define TALENTMATCH_SAP_AVX2 1
#include <immintrin.h>
#else
#define TALENTMATCH_SAP_AVX2 0
#endif

namespace talentmatch::detail {

#if TALENTMATCH_SAP_AVX2
inline bool cpu_has_avx2() {
  static const bool has = [] {
    __builtin_cpu_init();  // needed when the first call comes from a static initialiser
    return __builtin_cpu_supports("avx2") != 0;
  }();
  return has;
}
#endif

// Whether the hot loops may use AVX2 where the processor has it (the default). Tests turn it off to check that the
// scalar loops give the same results; it is not meant to be changed while a solve runs.
inline std::atomic<bool>& avx2_scan_allowed() {
  static std::atomic<bool> allowed{true};
  return allowed;
}

// AVX2 is allowed and present.
inline bool use_avx2() {
#if TALENTMATCH_SAP_AVX2
  return cpu_has_avx2() && avx2_scan_allowed().load(std::memory_order_relaxed);
#else
  return false;
#endif
}

// The result of the input check folded into a scan (no NaN and no `wrong` infinity among a row's raw costs; the
// largest finite |c|, for the magnitude limit).
struct scan_check {
  double wrong = 0.0;
  bool bad = false;
  double max_abs = 0.0;
};

#if TALENTMATCH_SAP_AVX2
// The input check (no NaN, no `wrong` infinity; the largest finite |c|, for the magnitude limit) accumulated by a
// vector loop over raw costs, four lanes at a time, so that the scan which first reads a row from memory validates
// it too. With Check = false every member does nothing. (Static target functions rather than lambdas: a lambda does
// not inherit its function's target.)
template <bool Check>
struct avx2_checker {
  explicit avx2_checker(double) {}
  __attribute__((target("avx2"), always_inline)) void add(__m256d) {}
  void add(double) {}
  void finish(bool&, double&) const {}
};

template <>
struct avx2_checker<true> {
  __m256d wrong, bad, mx, absmask, inf;
  double wrong1;
  bool bad1 = false;
  double mx1 = 0.0;

  __attribute__((target("avx2"), always_inline)) explicit avx2_checker(double w)
      : wrong(_mm256_set1_pd(w)),
        bad(_mm256_setzero_pd()),
        mx(_mm256_setzero_pd()),
        absmask(_mm256_castsi256_pd(_mm256_set1_epi64x(0x7fffffffffffffffLL))),
        inf(_mm256_set1_pd(std::numeric_limits<double>::infinity())),
        wrong1(w) {}
  // max(x, mx) is mx when x is NaN; an infinity is masked to 0 first.
  __attribute__((target("avx2"), always_inline)) void add(__m256d c) {
    bad = _mm256_or_pd(bad, _mm256_or_pd(_mm256_cmp_pd(c, c, _CMP_UNORD_Q), _mm256_cmp_pd(c, wrong, _CMP_EQ_OQ)));
    const __m256d ac = _mm256_and_pd(c, absmask);
    mx = _mm256_max_pd(_mm256_andnot_pd(_mm256_cmp_pd(ac, inf, _CMP_EQ_OQ), ac), mx);
  }
  void add(double c) {
    bad1 |= (c != c) | (c == wrong1);
    const double ac = std::abs(c);
    mx1 = (ac > mx1 && !std::isinf(ac)) ? ac : mx1;
  }
  // Whether some entry is NaN or `wrong`, and the largest finite |c|, folded into bad_out and max_out.
  __attribute__((target("avx2"))) void finish(bool& bad_out, double& max_out) const {
    alignas(32) double m[4];
    _mm256_store_pd(m, mx);
    bad_out = bad_out || bad1 || _mm256_movemask_pd(bad) != 0;
    max_out = std::max({max_out, mx1, m[0], m[1], m[2], m[3]});
  }
};
#endif

}  // namespace talentmatch::detail

#pragma once

// Exhaustive oracles that share no code with the solvers: the best full assignment of a small dense matrix by
// enumerating every injection of the smaller side into the larger one.

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <numeric>
#include <optional>
#include <vector>

namespace talentmatch::test {

// The optimum of a full assignment (min(n, m) pairs) of the row-major n x m matrix c (minimise, or maximise),
// where +inf (with maximize, -inf) is a forbidden pair; nullopt when every full assignment uses one.
inline std::optional<double> brute_force_assignment(const std::vector<double>& c, std::ptrdiff_t n, std::ptrdiff_t m,
                                                    bool maximize = false) {
  const bool tall = n > m;
  const std::ptrdiff_t k = std::min(n, m), big = std::max(n, m);
  auto at = [&](std::ptrdiff_t small, std::ptrdiff_t large) {
    return tall ? c[large * m + small] : c[small * m + large];
  };
  std::vector<std::ptrdiff_t> perm(big);
  std::iota(perm.begin(), perm.end(), 0);
  std::optional<double> best;
  // Every ordering of the larger side; the first k entries are the partners of the smaller side's members.
  do {
    double total = 0.0;
    bool ok = true;
    for (std::ptrdiff_t s = 0; s < k && ok; ++s) {
      const double x = at(s, perm[s]);
      if (std::isinf(x)) ok = false;
      total += x;
    }
    if (ok && (!best || (maximize ? total > *best : total < *best))) best = total;
    // Skip the orderings that differ only beyond the first k entries.
    std::reverse(perm.begin() + k, perm.end());
  } while (std::next_permutation(perm.begin(), perm.end()));
  if (k == 0) return 0.0;
  return best;
}

}  // namespace talentmatch::test

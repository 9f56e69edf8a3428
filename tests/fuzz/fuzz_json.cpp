// libFuzzer target over the problem-document reader: any byte string must either load or raise
// talentmatch::error (a validation_error listing its issues); never crash, leak, hang or overflow the stack (deep
// nesting, duplicate keys, comments and byte order marks included). A document that loads must survive a round
// trip: written back and read again, it gives the same document. And it must score: every value finite (the weight
// limits), and explain's fit and value equal to score's to the bit for every pair.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "talentmatch/error.hpp"
#include "talentmatch/io/json.hpp"
#include "talentmatch/scoring/explain.hpp"
#include "talentmatch/scoring/scoring.hpp"

namespace {

// Scoring is checked on documents of this many pairs at most, so that one input stays fast.
constexpr std::ptrdiff_t max_pairs = 4096;

void check_scores(const talentmatch::model::problem& p) {
  namespace sc = talentmatch::scoring;
  const auto n = static_cast<std::ptrdiff_t>(p.experts.size()), m = static_cast<std::ptrdiff_t>(p.posts.size());
  if (n * m > max_pairs) return;
  const sc::scores s = sc::score(p, /*validate=*/false);
  for (std::ptrdiff_t e = 0; e < n; ++e) {
    for (std::ptrdiff_t q = 0; q < m; ++q) {
      if (!std::isfinite(s.value(e, q)) || !std::isfinite(s.fit(e, q))) std::abort();  // a valid document overflowed
      const sc::explanation x = sc::explain(p, e, q);
      if (x.fit != s.fit(e, q) || x.value != s.value(e, q)) std::abort();  // explain and score disagree
      if (x.feasible != (s.feasible(e, q) == 1)) std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto p = talentmatch::io::parse_problem(text);
    const std::string once = talentmatch::io::dump_problem(p);
    const std::string twice = talentmatch::io::dump_problem(talentmatch::io::parse_problem(once));
    if (once != twice) std::abort();  // the round trip lost or changed something
    check_scores(p);
  } catch (const talentmatch::error&) {
    // Rejected with a message: the expected outcome for almost every input.
  }
  return 0;
}

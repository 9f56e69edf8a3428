// libFuzzer target over the problem-document reader: any byte string must either load or raise
// talentmatch::error (a validation_error listing its issues); never crash, leak or hang. A document that loads must
// survive a round trip: written back and read again, it gives the same document.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "talentmatch/error.hpp"
#include "talentmatch/io/json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const auto p = talentmatch::io::parse_problem(text);
    const std::string once = talentmatch::io::dump_problem(p);
    const std::string twice = talentmatch::io::dump_problem(talentmatch::io::parse_problem(once));
    if (once != twice) std::abort();  // the round trip lost or changed something
  } catch (const talentmatch::error&) {
    // Rejected with a message: the expected outcome for almost every input.
  }
  return 0;
}

// talentmatch explain PROBLEM.json --expert ID --post ID: why a pair scores as it does.

#include "talentmatch/scoring/explain.hpp"
#include "commands.hpp"
#include "common.hpp"
#include "talentmatch/io/explanation.hpp"

namespace talentmatch::cli {

command_spec explain_spec() {
  return {"explain",
          "PROBLEM.json",
          "Explain one pair: each requirement's level, status and share of the fit, the value, and the hard rules "
          "that fail.",
          {{"--expert", "", "ID", "the expert's id (required)"},
           {"--post", "", "ID", "the post's id (required)"},
           {"--format", "", "FORMAT", "table or json (default table)"},
           {"--output", "-o", "FILE", "write to FILE (atomically) instead of standard output"}}};
}

int explain(const arguments& a) {
  for (const char* required : {"--expert", "--post"}) {
    if (!a.has(required)) throw usage_error("talentmatch explain: " + std::string(required) + " ID is required");
  }
  const std::string f = a.get("--format", "table");
  if (f != "table" && f != "json") {
    throw usage_error("talentmatch explain: --format must be table or json, got '" + f + "'");
  }
  const model::problem p = load_problem_file(a.positional);
  const scoring::explanation e = scoring::explain(p, a.get("--expert"), a.get("--post"));
  emit(a, f == "json" ? io::explanation_to_json(e).dump(2) + "\n" : io::render_explanation(e));
  return 0;
}

}  // namespace talentmatch::cli

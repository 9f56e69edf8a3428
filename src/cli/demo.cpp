// talentmatch demo: the embedded Fuyun scenario (synthetic, modelled on Heilongjiang's group-style aid to Fuyun
// county), matched and shown; no file needed.

#include <string_view>

#include "commands.hpp"
#include "common.hpp"
#include "talentmatch/io/json.hpp"

namespace talentmatch::cli {

command_spec demo_spec() {
  command_spec c{"demo",
                 "",
                 "Match the embedded Fuyun scenario (a synthetic talentmatch/1 document: Heilongjiang's experts and "
                 "the posts of Fuyun county's health, education, tourism and industry departments) and show the "
                 "plan.",
                 {}};
  add_plan_options(c);
  return c;
}

int demo(const arguments& a) {
  const format f = format_of(a);
  const model::problem p =
      io::parse_problem(std::string_view(reinterpret_cast<const char*>(fuyun_json), fuyun_json_size));
  plan::plan result;
  {
    progress line("matching the Fuyun scenario");
    result = plan::match(p, match_options_of(a));
  }
  emit(a, render_plan(result, p, f, !a.has("--output") && stdout_is_terminal()));
  return 0;
}

}  // namespace talentmatch::cli

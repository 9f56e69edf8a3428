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
  const plan::match_options opt = match_options_of(a);
  const model::problem p =
      io::parse_problem(std::string_view(reinterpret_cast<const char*>(fuyun_json), fuyun_json_size));
  return match_and_emit(a, f, opt, p, "matching the Fuyun scenario");
}

}  // namespace talentmatch::cli

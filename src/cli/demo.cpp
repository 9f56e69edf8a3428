// talentmatch demo: the embedded Fuyun scenario (synthetic, modelled on Heilongjiang's group-style aid to Fuyun
// county) planned three ways and shown; no file needed: the posts plan, the mentor pairing after it and the
// training placements.

#include <string_view>

#include "commands.hpp"
#include "common.hpp"
#include "talentmatch/io/html.hpp"
#include "talentmatch/io/json.hpp"
#include "talentmatch/plan/mentoring.hpp"
#include "talentmatch/plan/placement.hpp"

namespace talentmatch::cli {

command_spec demo_spec() {
  command_spec c{"demo",
                 "",
                 "Plan the embedded Fuyun scenario and show its three plans: the posts plan, the mentor pairing "
                 "after it (mentors pair with staff of the units they are posted to) and the training placements. "
                 "The scenario is a synthetic talentmatch/1 document (Heilongjiang's experts, the posts of Fuyun "
                 "county's health, education, tourism and industry departments, its local staff and their training "
                 "hosts). The table (default) and --format html (one report) show all three plans; --format json "
                 "writes the posts plan alone, as match does (`talentmatch mentor` and `talentmatch place` on the "
                 "same document, talentmatch.data.fuyun_path() in Python, write the other two).",
                 {}};
  add_plan_options(c);
  return c;
}

int demo(const arguments& a) {
  const format f = format_of(a);
  const plan::match_options opt = match_options_of(a);
  const model::problem p =
      io::parse_problem(std::string_view(reinterpret_cast<const char*>(fuyun_json), fuyun_json_size));
  if (f == format::json) return match_and_emit(a, f, opt, p, "matching the Fuyun scenario");
  plan::plan posts;
  plan::pairing_plan mentors, placements;
  {
    progress line("planning the Fuyun scenario");
    posts = plan::match(p, opt);
    mentors = plan::pair_mentors(p, &posts);
    placements = plan::place_trainees(p);
  }
  if (f == format::html) {
    io::html_options o;
    o.title = "Talent match report: the Fuyun scenario";
    emit(a, io::render_report_html(posts, &mentors, &placements, p, o));
    return 0;
  }
  const bool colour = output_is_terminal(a);
  emit(a, render_plan(posts, p, f, colour) + "\n" + render_pairing(mentors, p, f, colour) + "\n" +
              render_pairing(placements, p, f, colour));
  return 0;
}

}  // namespace talentmatch::cli

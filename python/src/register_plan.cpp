// Bindings of the plan layer (DESIGN.md section 7): `Plan` holds a plan::plan, whose read-only properties convert
// it to plain Python values (lists and dicts of str, float, int, bool, None) with the keys of the plan JSON
// (io/plan_json.hpp), so a dict read from `Plan` and one read from its JSON text agree. match, replan and
// alternatives are the C++ matcher's (plan/matcher.hpp), the same the command line calls; plan_json, save_plan and
// plan_from_json are io/plan_json.hpp's; render_table, render_html and the pairings' render_pairing_table and
// render_pairing_html are io/text.hpp's and io/html.hpp's, the reports the command line prints and writes. The public
// class is python/talentmatch/plan.py.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "register.hpp"
#include "talentmatch/error.hpp"
#include "talentmatch/io/html.hpp"
#include "talentmatch/io/plan_json.hpp"
#include "talentmatch/io/text.hpp"
#include "talentmatch/model/problem.hpp"
#include "talentmatch/plan/alternatives.hpp"
#include "talentmatch/plan/matcher.hpp"
#include "talentmatch/plan/mentoring.hpp"
#include "talentmatch/plan/pairing.hpp"
#include "talentmatch/plan/placement.hpp"
#include "talentmatch/plan/plan.hpp"

namespace py = pybind11;
namespace tp = talentmatch::plan;

namespace talentmatch::python {
namespace {

py::object id_or_none(const std::string& id) { return id.empty() ? py::object(py::none()) : py::object(py::str(id)); }

py::dict assignment_dict(const tp::assignment& a) {
  py::dict d;
  d["expert"] = a.expert;
  d["post"] = a.post;
  d["value"] = a.value;
  d["fit"] = a.fit;
  d["department"] = a.department;
  d["unit"] = a.unit;
  d["required"] = a.required;
  d["reason"] = a.reason;
  return d;
}

py::list assignment_list(const std::vector<tp::assignment>& as) {
  py::list out;
  for (const auto& a : as) out.append(assignment_dict(a));
  return out;
}

// The fields of io/plan_json.hpp's blocked_json, under the same rule for which detail fields apply.
py::dict blocked_dict(const tp::blocked_pair& b) {
  py::dict d;
  d["expert"] = b.expert;
  d["fit"] = b.fit;
  d["value"] = b.value;
  d["feasible"] = b.feasible;
  d["rule"] = b.rule;
  d["blocked_by"] = b.blocked_by;
  if (b.has_skill()) d["skill"] = b.skill;
  if (b.has_levels()) {
    d["level"] = b.level;
    d["min_level"] = b.min_level;
  }
  if (b.has_by_post()) {
    d["by_post"] = b.by_post;
    d["by_value"] = b.by_value;
  }
  if (b.has_constraint()) d["constraint"] = b.constraint;
  if (!b.province.empty()) d["province"] = b.province;
  if (!b.institution.empty()) d["institution"] = b.institution;
  return d;
}

py::dict unfilled_dict(const tp::unfilled_post& u) {
  py::list missing;
  for (const auto& s : u.missing) {
    py::dict d;
    d["skill"] = s.skill;
    d["level"] = s.level;
    d["best_available"] = s.best_available;
    d["importance"] = s.importance;
    d["essential"] = s.essential;
    missing.append(d);
  }
  py::list closest;
  for (const auto& b : u.closest) closest.append(blocked_dict(b));
  py::dict d;
  d["post"] = u.post;
  d["slots"] = u.slots;
  d["filled"] = u.filled;
  d["department"] = u.department;
  d["unit"] = u.unit;
  d["missing"] = missing;
  d["closest"] = closest;
  d["provinces"] = u.provinces;
  d["institutions"] = u.institutions;
  return d;
}

py::dict unassigned_dict(const tp::unassigned_expert& u) {
  py::dict d;
  d["expert"] = u.expert;
  d["reason"] = u.reason;
  d["explanation"] = u.explanation;
  d["best_post"] = id_or_none(u.best_post);
  d["best_value"] = u.best_value;
  return d;
}

tp::match_options options_of(bool fill_first, std::ptrdiff_t alternates, std::ptrdiff_t closest) {
  tp::match_options o;
  o.fill_first = fill_first;
  o.alternates = alternates;
  o.closest = closest;
  // A Problem was validated when it was read and never changes (python/talentmatch/problem.py).
  o.validate = false;
  return o;
}

// A pairing's keys, as io/plan_json.hpp's pairing_to_json writes them: "mentor" for mentors, "host" for placements.
const char* partner_key(const tp::pairing_plan& p) { return p.kind == "mentors" ? "mentor" : "host"; }

py::dict pairing_assignment_dict(const tp::pairing_plan& p, const tp::pairing_assignment& a) {
  const bool mentors = p.kind == "mentors";
  py::dict d;
  if (mentors) d[partner_key(p)] = a.partner;
  d["staff"] = a.staff;
  if (!mentors) d[partner_key(p)] = a.partner;
  d["value"] = a.value;
  d["unit"] = a.unit;
  d["department"] = a.department;
  if (mentors) d["bonus"] = a.bonus;
  py::list goals;
  for (const auto& g : a.goals) {
    py::dict x;
    x["skill"] = g.skill;
    x["target_level"] = g.target_level;
    x["staff_level"] = g.staff_level;
    x["level"] = g.level;
    x["importance"] = g.importance;
    x["value"] = g.value;
    if (!g.by.empty()) x["by"] = g.by;
    goals.append(x);
  }
  d["goals"] = goals;
  d["reason"] = a.reason;
  return d;
}

io::text_options text_options_of(bool colour, std::size_t max_rows, std::size_t max_cell_width) {
  io::text_options opt;
  opt.colour = colour;
  opt.max_rows = max_rows;
  opt.max_cell_width = max_cell_width;
  return opt;
}

io::html_options html_options_of(bool compact, std::size_t compact_rows) {
  io::html_options opt;
  opt.compact = compact;
  opt.compact_rows = compact_rows;
  return opt;
}

}  // namespace

void register_plan(py::module_& m) {
  py::class_<tp::pairing_plan>(m, "PairingPlan",
                               "A mentor pairing or a training placement: assignments, unpaired staff, uncovered "
                               "goals, partners with shadow prices, blocking pairs, certificate. Read-only.")
      .def_property_readonly("kind", [](const tp::pairing_plan& p) { return p.kind; })
      .def_property_readonly("pairing", [](const tp::pairing_plan& p) { return p.format; })
      .def_property_readonly("scope", [](const tp::pairing_plan& p) { return p.scope; })
      .def_property_readonly("objective", [](const tp::pairing_plan& p) { return p.objective; })
      .def_property_readonly("staff", [](const tp::pairing_plan& p) { return p.staff; })
      .def_property_readonly("assignments",
                             [](const tp::pairing_plan& p) {
                               py::list out;
                               for (const auto& a : p.assignments) out.append(pairing_assignment_dict(p, a));
                               return out;
                             })
      .def_property_readonly("unassigned",
                             [](const tp::pairing_plan& p) {
                               py::list out;
                               for (const auto& u : p.unassigned) {
                                 py::dict d;
                                 d["staff"] = u.staff;
                                 d["reason"] = u.reason;
                                 d["explanation"] = u.explanation;
                                 d[py::str(std::string("best_") + partner_key(p))] = id_or_none(u.best_partner);
                                 d["best_value"] = u.best_value;
                                 out.append(d);
                               }
                               return out;
                             })
      .def_property_readonly("uncovered",
                             [](const tp::pairing_plan& p) {
                               py::list out;
                               for (const auto& u : p.uncovered) {
                                 py::dict d;
                                 d["skill"] = u.skill;
                                 d["level"] = u.level;
                                 d["best_available"] = u.best_available;
                                 d["importance"] = u.importance;
                                 d["staff"] = u.staff;
                                 out.append(d);
                               }
                               return out;
                             })
      .def_property_readonly("partners",
                             [](const tp::pairing_plan& p) {
                               py::list out;
                               for (const auto& x : p.partners) {
                                 py::dict d;
                                 d["id"] = x.id;
                                 d["capacity"] = x.capacity;
                                 d["used"] = x.used;
                                 d["price"] = x.price;
                                 if (!x.unit.empty()) d["unit"] = x.unit;
                                 if (!x.members.empty()) d["members"] = x.members;
                                 out.append(d);
                               }
                               return out;
                             })
      .def_property_readonly("blocking_pairs",
                             [](const tp::pairing_plan& p) {
                               py::list out;
                               for (const auto& b : p.blocking) out.append(py::make_tuple(b.staff, b.partner));
                               return out;
                             })
      .def_property_readonly("stable", [](const tp::pairing_plan& p) { return p.stable; })
      .def_property_readonly("optimal", [](const tp::pairing_plan& p) { return p.optimal; })
      .def_property_readonly("optimal_objective", [](const tp::pairing_plan& p) { return p.optimal_objective; })
      .def_property_readonly("stability_cost", [](const tp::pairing_plan& p) { return p.stability_cost; })
      .def_property_readonly("cert", [](const tp::pairing_plan& p) { return p.cert; });

  py::class_<tp::plan>(m, "Plan",
                       "A post plan: assignments, unfilled posts, unassigned experts, alternates, shadow prices, "
                       "certificate. Read-only; made by match, replan, alternatives and plan_from_json.")
      .def_property_readonly("kind", [](const tp::plan& p) { return p.kind; })
      .def_property_readonly("fill_first", [](const tp::plan& p) { return p.fill_first; })
      .def_property_readonly("objective", [](const tp::plan& p) { return p.objective; })
      .def_property_readonly("slots", [](const tp::plan& p) { return p.slots; })
      .def_property_readonly("filled", [](const tp::plan& p) { return p.filled; })
      .def_property_readonly("assignments", [](const tp::plan& p) { return assignment_list(p.assignments); })
      .def_property_readonly("unfilled",
                             [](const tp::plan& p) {
                               py::list out;
                               for (const auto& u : p.unfilled) out.append(unfilled_dict(u));
                               return out;
                             })
      .def_property_readonly("unassigned",
                             [](const tp::plan& p) {
                               py::list out;
                               for (const auto& u : p.unassigned) out.append(unassigned_dict(u));
                               return out;
                             })
      .def_property_readonly("alternates",
                             [](const tp::plan& p) {
                               py::dict out;
                               for (const auto& pa : p.alternates) {
                                 py::list list;
                                 for (const auto& a : pa.experts) {
                                   py::dict d;
                                   d["expert"] = a.expert;
                                   d["value"] = a.value;
                                   d["fit"] = a.fit;
                                   d["loss"] = a.loss;
                                   d["exact"] = a.exact;
                                   list.append(d);
                                 }
                                 out[py::str(pa.post)] = list;
                               }
                               return out;
                             })
      .def_property_readonly("post_prices",
                             [](const tp::plan& p) {
                               py::dict out;
                               for (const auto& q : p.post_prices) out[py::str(q.post)] = q.price;
                               return out;
                             })
      .def_property_readonly("constraint_prices",
                             [](const tp::plan& p) {
                               py::list out;
                               for (const auto& c : p.constraint_prices) {
                                 py::dict d;
                                 d["name"] = c.name;
                                 d["side"] = c.side;
                                 d["bound"] = c.bound;
                                 d["load"] = c.load;
                                 d["price"] = c.price;
                                 out.append(d);
                               }
                               return out;
                             })
      .def_property_readonly("cert", [](const tp::plan& p) { return p.cert; })
      .def_property_readonly("has_diff", [](const tp::plan& p) { return p.has_diff; })
      .def_property_readonly("switching_cost", [](const tp::plan& p) { return p.switching_cost; })
      .def_property_readonly("warm_started", [](const tp::plan& p) { return p.warm_started; })
      .def_property_readonly("diff",
                             [](const tp::plan& p) -> py::object {
                               if (!p.has_diff) return py::none();
                               py::list moved;
                               for (const auto& x : p.diff.moved) {
                                 py::dict d;
                                 d["expert"] = x.expert;
                                 d["from"] = x.from;
                                 d["to"] = x.to;
                                 moved.append(d);
                               }
                               py::dict d;
                               d["kept"] = assignment_list(p.diff.kept);
                               d["added"] = assignment_list(p.diff.added);
                               d["removed"] = assignment_list(p.diff.removed);
                               d["moved"] = moved;
                               d["value_change"] = p.diff.value_change;
                               return d;
                             })
      .def_property_readonly("timings",
                             [](const tp::plan& p) {
                               py::dict d;
                               d["validate"] = p.time.validate;
                               d["score"] = p.time.score;
                               d["graph"] = p.time.graph;
                               d["solve"] = p.time.solve;
                               d["report"] = p.time.report;
                               return d;
                             })
      // A plan pickles as its JSON text (io/plan_json.hpp, read back whole): a pickle is input like any other, so a
      // tampered one raises ValidationError with a JSON pointer. The timings and replan's warm state do not travel.
      .def(py::pickle([](const tp::plan& p) { return io::dump_plan(p, -1); },
                      [](const std::string& text) { return io::plan_from_json(text); }));

  // match, replan and alternatives read only the C++ problem and plan (kept alive by the arguments) and build new
  // C++ plans: no Python object is touched, so the GIL is released for the whole solve, which can take seconds.
  m.def(
      "match",
      [](const model::problem& problem, bool fill_first, std::ptrdiff_t alternates, std::ptrdiff_t closest) {
        const tp::match_options opt = options_of(fill_first, alternates, closest);
        py::gil_scoped_release release;
        return tp::match(problem, opt);
      },
      py::arg("problem"), py::arg("fill_first") = false, py::arg("alternates") = 3, py::arg("closest") = 5,
      "Scoring -> graph -> flow: the optimal post plan of a problem.");
  m.def(
      "replan",
      [](const tp::plan& old, const model::problem& problem, double switching_cost, bool fill_first,
         std::ptrdiff_t alternates, std::ptrdiff_t closest) {
        const tp::match_options opt = options_of(fill_first, alternates, closest);
        py::gil_scoped_release release;
        return tp::replan(old, problem, switching_cost, opt);
      },
      py::arg("plan"), py::arg("problem"), py::arg("switching_cost") = 0.0, py::arg("fill_first") = false,
      py::arg("alternates") = 3, py::arg("closest") = 5,
      "The optimal plan of a changed problem where every pair kept from `plan` earns switching_cost; has a diff.");
  m.def(
      "alternatives",
      [](const model::problem& problem, const tp::plan& best, std::ptrdiff_t k, bool fill_first,
         std::ptrdiff_t alternates, std::ptrdiff_t closest) {
        const tp::match_options opt = options_of(fill_first, alternates, closest);
        py::gil_scoped_release release;
        return tp::alternatives(problem, best, k, opt);
      },
      py::arg("problem"), py::arg("plan"), py::arg("k"), py::arg("fill_first") = false, py::arg("alternates") = 3,
      py::arg("closest") = 5, "The k best distinct plans, best first.");

  m.def(
      "plan_json", [](const tp::plan& p, int indent) { return io::dump_plan(p, indent); }, py::arg("plan"),
      py::arg("indent") = 2, "The plan as talentmatch-plan/1 JSON text; indent -1 for one line.");
  m.def(
      "save_plan",
      [](const tp::plan& p, const std::string& path, int indent) {
        // Formatting and the atomic write read only the C++ plan and the copied path.
        py::gil_scoped_release release;
        io::save_plan(p, path, indent);
      },
      py::arg("plan"), py::arg("path"), py::arg("indent") = 2, "Writes the plan's JSON to path whole or not at all.");
  m.def(
      "plan_from_json", [](const std::string& text) { return io::plan_from_json(text); }, py::arg("text"),
      "Reads a plan written by plan_json, whole (not its timings or replan's warm state).");

  // The renderers read only the C++ plan and problem (kept alive by the arguments), so the GIL is released: a
  // report of 10^5 assignments takes a moment.
  m.def(
      "render_table",
      [](const tp::plan& p, const model::problem& problem, bool colour, std::size_t max_rows,
         std::size_t max_cell_width) {
        const io::text_options opt = text_options_of(colour, max_rows, max_cell_width);
        py::gil_scoped_release release;
        return io::render_table(p, problem, opt);
      },
      py::arg("plan"), py::arg("problem"), py::arg("colour") = false, py::arg("max_rows") = 0,
      py::arg("max_cell_width") = 40,
      "The plan as a terminal table, aligned by display width (CJK counts 2); ANSI colour when colour; max_rows 0 "
      "for every row.");
  m.def(
      "render_html",
      [](const tp::plan& p, const model::problem& problem, bool compact, std::size_t compact_rows) {
        const io::html_options opt = html_options_of(compact, compact_rows);
        py::gil_scoped_release release;
        return io::render_html(p, problem, opt);
      },
      py::arg("plan"), py::arg("problem"), py::arg("compact") = false, py::arg("compact_rows") = 25,
      "The plan as one self-contained HTML document (inline CSS and SVG, no URL), or with compact a <div> fragment "
      "(headline, fill by department, the first compact_rows assignments, unfilled posts).");

  // Like match: only C++ objects are read (kept alive by the arguments), so the GIL is released.
  m.def(
      "pair_mentors",
      [](const model::problem& problem, const tp::plan* post_plan, const std::string& format, bool stable,
         const std::string& optimal) {
        tp::mentor_options opt;
        opt.format = format;
        opt.stable = stable;
        opt.optimal = optimal;
        opt.validate = false;  // a Problem was validated when it was read
        py::gil_scoped_release release;
        return tp::pair_mentors(problem, post_plan, opt);
      },
      py::arg("problem"), py::arg("post_plan") = nullptr, py::arg("format") = "one_to_many", py::arg("stable") = false,
      py::arg("optimal") = "staff", "Mentors paired with local staff by their goals (plan/mentoring.hpp).");
  m.def(
      "place_trainees",
      [](const model::problem& problem, bool stable, const std::string& optimal) {
        tp::placement_options opt;
        opt.stable = stable;
        opt.optimal = optimal;
        opt.validate = false;
        py::gil_scoped_release release;
        return tp::place_trainees(problem, opt);
      },
      py::arg("problem"), py::arg("stable") = false, py::arg("optimal") = "staff",
      "Local staff placed at training hosts by their goals (plan/placement.hpp).");
  // Like render_table and render_html: only C++ objects are read, so the GIL is released.
  m.def(
      "render_pairing_table",
      [](const tp::pairing_plan& p, const model::problem& problem, bool colour, std::size_t max_rows,
         std::size_t max_cell_width) {
        const io::text_options opt = text_options_of(colour, max_rows, max_cell_width);
        py::gil_scoped_release release;
        return io::render_pairing_table(p, problem, opt);
      },
      py::arg("plan"), py::arg("problem"), py::arg("colour") = false, py::arg("max_rows") = 0,
      py::arg("max_cell_width") = 40,
      "The pairing as a terminal table (io/text.hpp render_pairing_table): pairs, unpaired staff, uncovered goals, "
      "partners, stability; max_rows 0 for every row.");
  m.def(
      "render_pairing_html",
      [](const tp::pairing_plan& p, const model::problem& problem, bool compact, std::size_t compact_rows) {
        const io::html_options opt = html_options_of(compact, compact_rows);
        py::gil_scoped_release release;
        return io::render_pairing_html(p, problem, opt);
      },
      py::arg("plan"), py::arg("problem"), py::arg("compact") = false, py::arg("compact_rows") = 25,
      "The pairing as one self-contained HTML document (io/html.hpp render_pairing_html), or with compact a <div> "
      "fragment (headline, the first compact_rows pairs and unpaired staff, uncovered goals).");
  m.def(
      "pairing_json", [](const tp::pairing_plan& p, int indent) { return io::dump_pairing(p, indent); },
      py::arg("plan"), py::arg("indent") = 2, "The pairing as talentmatch-plan/1 JSON text; indent -1 for one line.");
  m.def(
      "save_pairing",
      [](const tp::pairing_plan& p, const std::string& path, int indent) {
        py::gil_scoped_release release;
        io::save_pairing(p, path, indent);
      },
      py::arg("plan"), py::arg("path"), py::arg("indent") = 2,
      "Writes the pairing's JSON to path whole or not at all.");
}

}  // namespace talentmatch::python

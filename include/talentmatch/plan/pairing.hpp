#pragma once

// Pairings of local staff (DESIGN.md section 1): mentors paired with staff (plan/mentoring.hpp) and staff placed at
// training hosts (plan/placement.hpp). Both are the same problem on a different partner side: each staff member
// takes at most one partner, each partner up to its capacity, and the pairing maximises the total value of the pairs,
// a pair's value being what the partner can teach the member:
//
//     value(s, x) = sum over the goals g of s that x can teach of importance(g) * (target_level(g) - level of s)
//
// (plus, for mentors, a bonus when the mentor is posted to the member's unit). Solved exactly as a min-cost flow
// (solver/flow.hpp, priced mode: a pair is made only when it adds value) with its certificate; or, with stable, by
// deferred acceptance (plan/stable.hpp) on preferences from the document's `prefers` lists and the pair values.
// Every pairing reports its blocking pairs under those preferences, the staff left unpaired and why, and the goals
// that no partner covers: the skills and levels to recruit for.
//
// Plain data in the document's ids, like plan::plan; io/plan_json.hpp writes it (kind "mentors" or "placements").

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "talentmatch/error.hpp"
#include "talentmatch/model/problem.hpp"
#include "talentmatch/plan/stable.hpp"
#include "talentmatch/solver/certificate.hpp"
#include "talentmatch/solver/flow.hpp"
#include "talentmatch/solver/flow_certificate.hpp"

namespace talentmatch::plan {

// One goal of a staff member that the partner teaches.
struct goal_taught {
  std::string skill;
  double target_level = 0;
  double staff_level = 0;  // the member's level now
  double level = 0;        // the mentor's (team member's, host's) level in the skill
  int importance = 1;
  double value = 0;  // importance * (target_level - staff_level)
  std::string by;    // team format: the member who teaches it (the highest level, then document order)
};

// One staff member with one partner: a mentor, a team of mentors or a host.
struct pairing_assignment {
  std::string staff, partner;
  std::string unit, department;  // the staff member's
  std::ptrdiff_t staff_index = -1;
  std::ptrdiff_t partner_index = -1;  // in pairing_plan::partners
  double value = 0;                   // the goals' values plus the bonus
  double bonus = 0;                   // mentors: the same-unit bonus
  std::vector<goal_taught> goals;     // in the member's goal order
  std::string reason;                 // one line: the goals taught, with levels
};

// A skill that some staff want and that no partner they may pair with can teach.
struct uncovered_goal {
  std::string skill;
  double level = 0;                // the level a partner needs: the highest target (plus the mentoring margin)
  double best_available = 0;       // the highest level among the partners those staff may pair with
  int importance = 0;              // the goals' importance, summed
  std::vector<std::string> staff;  // who wants it, in document order
};

// A staff member the pairing leaves without a partner.
struct unpaired_staff {
  std::string staff;
  std::ptrdiff_t staff_index = -1;
  std::string reason;  // "no_goals" (nothing left to learn), "uncovered" (no partner teaches a goal), "capacity"
  std::string explanation;
  std::string best_partner;  // the partner of highest value for it ("" when none)
  double best_value = 0;
};

// A mentor, a team or a host: who can take staff, and how many.
struct partner {
  std::string id;
  std::string unit;                  // team format: the team's unit
  std::vector<std::string> members;  // team format: the mentors in the team
  std::ptrdiff_t capacity = 0, used = 0;
  // The shadow price of one place (the flow's dual for the value-optimal pairing): one more place adds at most
  // this, one fewer loses at least this (equal unless the optimum is degenerate); 0 when the partner has room.
  double price = 0;
};

// A pair (staff member, partner), both acceptable to each other, that would rather be together than with their
// partners in the pairing.
struct blocking_pair {
  std::string staff, partner;
};

struct pairing_plan {
  std::string kind = "mentors";                 // "mentors" or "placements"
  std::string format;                           // mentors: "one_to_one", "one_to_many" or "team"; placements: ""
  std::string scope;                            // mentors after a post plan: "unit" or "department"; "" without one
  double objective = 0;                         // the sum of the assignments' values
  std::ptrdiff_t staff = 0;                     // staff members in the problem
  std::vector<pairing_assignment> assignments;  // by staff member, document order
  std::vector<unpaired_staff> unassigned;       // in document order
  std::vector<uncovered_goal> uncovered;        // in the order the skills first appear among the staff's goals
  std::vector<partner> partners;                // mentors (or teams, or hosts) in document order
  std::vector<blocking_pair> blocking;          // under the preferences of the stable pairing
  bool stable = false;                          // deferred acceptance instead of the value optimum
  std::string optimal;                          // stable: "staff" (staff propose) or "mentors" / "hosts"
  double optimal_objective = 0;                 // the value-optimal pairing's objective
  double stability_cost = 0;                    // optimal_objective - objective (0 unless stable)
  // The flow's certificate for the value-optimal pairing (optimal_objective). For a stable pairing, ok also needs no
  // blocking pair, and the message names the first.
  solver::certificate cert;
};

namespace detail_pairing {

using idx = std::ptrdiff_t;

inline std::string number(double x) {
  std::ostringstream o;
  o.precision(4);
  o << x;
  return o.str();
}

// The staff member's level in a skill now (its listed level, 0 when absent).
inline double staff_level(const model::staff_member& s, const std::string& skill) {
  double best = 0;
  for (const auto& l : s.skills) {
    if (l.skill == skill) best = std::max(best, l.level);
  }
  return best;
}

// A staff member's department: its own, else that of the first post (document order) of its unit, else "".
inline std::vector<std::string> staff_departments(const model::problem& p) {
  std::unordered_map<std::string, std::string> of_unit;
  for (const auto& q : p.posts) of_unit.emplace(q.unit, q.department);
  std::vector<std::string> out;
  for (const auto& s : *p.staff) {
    if (s.department) {
      out.push_back(*s.department);
    } else {
      const auto it = of_unit.find(s.unit);
      out.push_back(it == of_unit.end() ? std::string() : it->second);
    }
  }
  return out;
}

// The pairs staff x partners that add value, as CSR by staff (partners ascending). The goals behind a pair are
// worked out again for the pairs the plan makes (pairing_input::goals), not stored for every candidate.
struct candidate_pairs {
  idx staff = 0, partners = 0;
  std::vector<std::int64_t> indptr{0}, indices;
  std::vector<double> value, bonus;

  void add(idx x, double v, double b) {
    indices.push_back(x);
    value.push_back(v);
    bonus.push_back(b);
  }
  void end_row() { indptr.push_back(static_cast<std::int64_t>(indices.size())); }
  std::int64_t find(idx s, idx x) const {
    const auto first = indices.begin() + indptr[s], last = indices.begin() + indptr[s + 1];
    const auto at = std::lower_bound(first, last, static_cast<std::int64_t>(x));
    return at != last && *at == x ? static_cast<std::int64_t>(at - indices.begin()) : -1;
  }
};

// A goal of a staff member that no partner it may pair with teaches: counted under its skill in `out.uncovered`
// (first-seen order, `at` maps a skill to its entry). `level`: the level a partner needs; `best`: the best level
// among those partners.
inline void note_uncovered(pairing_plan& out, std::map<std::string, idx>& at, const model::goal& g, double level,
                           double best, const std::string& staff_id) {
  const auto [it, fresh] = at.emplace(g.skill, static_cast<idx>(out.uncovered.size()));
  if (fresh) {
    uncovered_goal u;
    u.skill = g.skill;
    out.uncovered.push_back(std::move(u));
  }
  uncovered_goal& u = out.uncovered[it->second];
  u.level = std::max(u.level, level);
  u.best_available = std::max(u.best_available, best);
  u.importance += g.importance.value_or(1);
  if (u.staff.empty() || u.staff.back() != staff_id) u.staff.push_back(staff_id);
}

// A goal taught at the partner's `level`, from the member's level `now`.
inline goal_taught taught(const model::goal& g, double now, double level) {
  goal_taught gt;
  gt.skill = g.skill;
  gt.target_level = g.target_level;
  gt.staff_level = now;
  gt.level = level;
  gt.importance = g.importance.value_or(1);
  gt.value = gt.importance * (g.target_level - now);
  return gt;
}

// "teaches icu 2 -> 4 (level 5, importance 5), ...; value 10 with same-unit bonus 1"
inline std::string reason_of(const std::vector<goal_taught>& goals, double value, double bonus, const char* verb) {
  std::string out = verb;
  for (std::size_t k = 0; k < goals.size(); ++k) {
    const auto& g = goals[k];
    out += (k ? ", " : " ") + g.skill + " " + number(g.staff_level) + " -> " + number(g.target_level) + " (level " +
           number(g.level) + (g.by.empty() ? "" : " by " + g.by) + ", importance " + std::to_string(g.importance) + ")";
  }
  out += "; value " + number(value);
  if (bonus != 0) out += " with same-unit bonus " + number(bonus);
  return out;
}

// One side's ranking of its candidates, best first: those its explicit list names (in that order, each once), then
// the rest by value (highest first), then index. `marked` has one zero per candidate index and is left all zero.
inline std::vector<idx> ranked(const std::vector<idx>& first, std::vector<std::pair<double, idx>>& candidates,
                               std::vector<char>& marked) {
  std::vector<idx> out;
  for (const auto& c : candidates) marked[c.second] = 1;  // 1: a candidate, 2: listed
  for (idx x : first) {
    if (marked[x] == 1) out.push_back(x), marked[x] = 2;
  }
  std::sort(candidates.begin(), candidates.end());
  for (const auto& c : candidates) {
    if (marked[c.second] == 1) out.push_back(c.second);
    marked[c.second] = 0;
  }
  return out;
}

// The preferences deferred acceptance and the blocking pairs read: staff rank partners, partners rank staff, both
// over the candidate pairs only (a pair that teaches nothing is acceptable to neither side).
inline stable::instance preferences(const candidate_pairs& c, const std::vector<idx>& capacity,
                                    const std::vector<std::vector<idx>>& staff_first,
                                    const std::vector<std::vector<idx>>& partner_first) {
  stable::instance in;
  in.capacities = capacity;
  in.resident_prefs.resize(c.staff);
  std::vector<std::vector<std::pair<double, idx>>> by_partner(c.partners);
  std::vector<std::pair<double, idx>> row;
  std::vector<char> marked(std::max(c.staff, c.partners), 0);
  for (idx s = 0; s < c.staff; ++s) {
    row.clear();
    for (std::int64_t k = c.indptr[s]; k < c.indptr[s + 1]; ++k) {
      row.push_back({-c.value[k], static_cast<idx>(c.indices[k])});
      by_partner[c.indices[k]].push_back({-c.value[k], s});
    }
    in.resident_prefs[s] = ranked(staff_first[s], row, marked);
  }
  in.hospital_prefs.resize(c.partners);
  for (idx x = 0; x < c.partners; ++x) {
    in.hospital_prefs[x] = ranked(partner_first[x], by_partner[x], marked);
    std::vector<std::pair<double, idx>>().swap(by_partner[x]);
  }
  return in;
}

// What the caller (mentoring or placement) knows about its problem.
struct pairing_input {
  candidate_pairs pairs;
  std::vector<partner> partners;                            // ids and capacities
  std::vector<std::vector<idx>> staff_first;                // per staff member: partners its `prefers` names, in order
  std::vector<std::vector<idx>> partner_first;              // per partner: staff its `prefers` names, in order
  std::vector<char> has_gap;                                // per staff member: a goal above its level
  std::function<std::vector<goal_taught>(idx, idx)> goals;  // the goals partner x teaches staff member s
  const char* verb = "teaches";                             // in the reasons
  const char* partner_noun = "mentor";                      // in the explanations
};

// Solves the pairing (value-optimal flow, then deferred acceptance when stable) and fills `out`.
inline void solve(const model::problem& p, pairing_input in, bool stable_pairing, bool staff_propose,
                  pairing_plan& out) {
  const auto& c = in.pairs;
  const idx n = c.staff, m = c.partners;
  std::vector<idx> capacity(m);
  for (idx x = 0; x < m; ++x) capacity[x] = in.partners[x].capacity;
  out.staff = n;
  // The value optimum, with its certificate.
  solver::flow_options<double> opt;
  opt.maximize = true;
  opt.row_capacity.assign(n, 1);
  opt.col_capacity = capacity;
  opt.unassigned = solver::unassigned_costs<double>{std::vector<double>(n, 0.0), std::vector<double>(m, 0.0)};
  std::vector<idx> partner_of(n, -1);
  if (n > 0 && m > 0) {
    const solver::csr_view<double> view{
        n, m, c.indptr.data(), c.indices.data(), c.value.data(), static_cast<std::ptrdiff_t>(c.indices.size())};
    const auto s = solver::solve_flow(view, opt);
    out.cert = solver::check_certificate(view, s, opt);
    out.optimal_objective = s.objective;
    for (idx k = 0; k < s.size(); ++k) partner_of[s.rows[k]] = s.cols[k];
    for (idx x = 0; x < m; ++x) in.partners[x].price = std::max(0.0, -s.v[x]);
  } else {
    // No staff or no partner: the empty pairing is the only one, and optimal.
    out.cert.ok = true;
  }
  const stable::instance prefs = preferences(c, capacity, in.staff_first, in.partner_first);
  if (stable_pairing) {
    partner_of = stable::deferred_acceptance(prefs, staff_propose);
    out.stable = true;
  }
  for (const auto& [s, x] : stable::blocking_pairs(prefs, partner_of)) {
    out.blocking.push_back({(*p.staff)[s].id, in.partners[x].id});
  }
  if (out.stable && !out.blocking.empty() && out.cert.ok) {
    out.cert.ok = false;
    out.cert.message = "stable pairing: " + out.blocking.front().staff + " and " + out.blocking.front().partner +
                       " block it (a bug, never expected)";
  }
  // The assignments, by staff member.
  for (idx s = 0; s < n; ++s) {
    const model::staff_member& member = (*p.staff)[s];
    const idx x = partner_of[s];
    if (x >= 0) {
      const std::int64_t k = c.find(s, x);
      pairing_assignment a;
      a.staff = member.id;
      a.partner = in.partners[x].id;
      a.unit = member.unit;
      a.staff_index = s;
      a.partner_index = x;
      a.value = c.value[k];
      a.bonus = c.bonus[k];
      a.goals = in.goals(s, x);
      a.reason = reason_of(a.goals, a.value, a.bonus, in.verb);
      out.objective += a.value;
      ++in.partners[x].used;
      out.assignments.push_back(std::move(a));
      continue;
    }
    unpaired_staff u;
    u.staff = member.id;
    u.staff_index = s;
    std::int64_t best = -1;
    for (std::int64_t k = c.indptr[s]; k < c.indptr[s + 1]; ++k) {
      if (best < 0 || c.value[k] > c.value[best]) best = k;
    }
    if (!in.has_gap[s]) {
      u.reason = "no_goals";
      u.explanation = "no goal above its current level";
    } else if (best < 0) {
      u.reason = "uncovered";
      u.explanation = std::string("no ") + in.partner_noun + " it may pair with can teach any of its goals";
    } else {
      u.reason = "capacity";
      u.best_partner = in.partners[c.indices[best]].id;
      u.best_value = c.value[best];
      u.explanation = std::string("every ") + in.partner_noun + " that can teach it is full with pairs " +
                      (stable_pairing ? "it prefers" : "worth as much or more") + "; the best, " + u.best_partner +
                      " (value " + number(u.best_value) + "), has " +
                      std::to_string(in.partners[c.indices[best]].capacity) + " places";
    }
    out.unassigned.push_back(std::move(u));
  }
  out.stability_cost = out.stable ? std::max(0.0, out.optimal_objective - out.objective) : 0.0;
  if (!out.stable) out.optimal_objective = out.objective;
  out.partners = std::move(in.partners);
}

}  // namespace detail_pairing
}  // namespace talentmatch::plan

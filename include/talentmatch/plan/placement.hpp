#pragma once

// Training placements (DESIGN.md section 1: local staff sent to partner institutions): talentmatch::plan::
// place_trainees returns a pairing_plan (plan/pairing.hpp) of kind "placements".
//
//     const auto placements = talentmatch::plan::place_trainees(problem);
//
// A host trains a goal (skill, target_level, importance) of a staff member when it offers the skill at the target
// level or above and the member is below the target; the pair's value is the sum over those goals of importance *
// (target_level - the member's level). Each member goes to at most one host, each host takes up to its capacity, and
// the placement maximises the total value exactly (min-cost flow with its certificate); with stable, deferred
// acceptance on the pair values instead (the staff propose, or the hosts with optimal "hosts").

#include <algorithm>
#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "talentmatch/error.hpp"
#include "talentmatch/model/problem.hpp"
#include "talentmatch/model/validate.hpp"
#include "talentmatch/plan/pairing.hpp"

namespace talentmatch::plan {

struct placement_options {
  bool stable = false;            // the stable placement (deferred acceptance) instead of the value optimum
  std::string optimal = "staff";  // stable: whose optimum, "staff" (they propose) or "hosts"
  bool validate = true;           // model::require_valid first
};

// The training placement of `p` (see the file's comment). Throws validation_error on an invalid problem and
// talentmatch::error on bad options.
inline pairing_plan place_trainees(const model::problem& p, const placement_options& opt = {}) {
  namespace dp = detail_pairing;
  using idx = std::ptrdiff_t;
  if (opt.optimal != "staff" && opt.optimal != "hosts") {
    throw error("place_trainees: optimal must be \"staff\" or \"hosts\", got \"" + opt.optimal + "\"");
  }
  if (opt.validate) model::require_valid(p);
  pairing_plan out;
  out.kind = "placements";
  out.optimal = opt.stable ? opt.optimal : "";
  static const std::vector<model::staff_member> no_staff;
  static const std::vector<model::host> no_hosts;
  const auto& staff = p.staff ? *p.staff : no_staff;
  const auto& hosts = p.hosts ? *p.hosts : no_hosts;
  const idx n = static_cast<idx>(staff.size()), m = static_cast<idx>(hosts.size());

  dp::pairing_input in;
  in.verb = "trains";
  in.partner_noun = "host";
  for (const auto& h : hosts) {
    partner x;
    x.id = h.id;
    x.capacity = h.capacity;
    in.partners.push_back(std::move(x));
  }
  // Each host's offers by skill.
  std::vector<std::map<std::string, double>> offers(m);
  for (idx h = 0; h < m; ++h) {
    for (const auto& o : hosts[h].offers) offers[h][o.skill] = std::max(offers[h][o.skill], o.level);
  }
  in.pairs.staff = n;
  in.pairs.partners = m;
  in.has_gap.assign(n, 0);
  in.staff_first.resize(n);
  in.partner_first.resize(m);
  std::map<std::string, idx> uncovered_at;
  std::vector<double> value(m, 0.0);
  for (idx s = 0; s < n; ++s) {
    const model::staff_member& member = staff[s];
    for (const model::goal& g : member.goals) {
      const double gap = g.target_level - dp::staff_level(member, g.skill);
      if (gap <= 0) continue;
      in.has_gap[s] = 1;
      const int w = g.importance.value_or(1);
      bool covered = false;
      double best_available = 0;
      for (idx h = 0; h < m; ++h) {
        if (hosts[h].capacity <= 0) continue;
        const auto it = offers[h].find(g.skill);
        if (it == offers[h].end()) continue;
        best_available = std::max(best_available, it->second);
        if (it->second < g.target_level) continue;
        covered = true;
        value[h] += w * gap;
      }
      if (!covered) dp::note_uncovered(out, uncovered_at, g, g.target_level, best_available, member.id);
    }
    for (idx h = 0; h < m; ++h) {
      if (value[h] > 0) in.pairs.add(h, value[h], 0.0);
      value[h] = 0;
    }
    in.pairs.end_row();
  }
  // The goals host h trains staff member s in (worked out for the pairs the plan makes).
  in.goals = [&](idx s, idx h) {
    std::vector<goal_taught> out_goals;
    const model::staff_member& member = staff[s];
    for (const model::goal& g : member.goals) {
      const double now = dp::staff_level(member, g.skill);
      const auto it = offers[h].find(g.skill);
      if (g.target_level - now <= 0 || it == offers[h].end() || it->second < g.target_level) continue;
      out_goals.push_back(dp::taught(g, now, it->second));
    }
    return out_goals;
  };
  dp::solve(p, std::move(in), opt.stable, opt.optimal == "staff", out);
  if (p.staff) {
    const std::vector<std::string> departments = dp::staff_departments(p);
    for (auto& a : out.assignments) a.department = departments[a.staff_index];
  }
  return out;
}

}  // namespace talentmatch::plan

#pragma once

// Mentor pairing (DESIGN.md section 1, the seed's 师徒结对): experts with mentor_capacity paired with local staff by
// the staff's skill goals. talentmatch::plan::pair_mentors returns a pairing_plan (plan/pairing.hpp) of kind "mentors".
//
//     const auto posts = talentmatch::plan::match(problem);
//     const auto mentors = talentmatch::plan::pair_mentors(problem, &posts);  // mentors pair within their units
//
// The model:
// - A mentor can teach a goal (skill, target_level, importance) when the mentor's effective level in the skill (after
//   the taxonomy's related transfer, as in scoring) is at least target_level + settings.mentoring.margin, and the
//   member is below the target. The pair's value is the sum over the goals the mentor can teach of importance *
//   (target_level - the member's level), plus settings.mentoring.unit_bonus (default 1) when the mentor is posted to
//   the member's unit. A pair that teaches nothing is not made.
// - Without a post plan every mentor may pair with any staff member. With one, a mentor pairs only with staff of a
//   unit the mentor is posted to (settings.mentoring.scope "unit", the default), or of a department the mentor is
//   posted to ("department"; a staff member's department is its `department`, else that of the posts of its unit).
//   Experts the post plan leaves unposted do not mentor.
// - Formats: "one_to_many" (each mentor takes up to mentor_capacity staff), "one_to_one" (at most one each), and
//   "team" (needs a post plan): the mentors posted to one unit form a team that mentors that unit's staff together,
//   with the sum of their capacities; the team teaches a goal when one member can, and that member (the highest
//   level, then document order) is named on it.
// - Each staff member has at most one mentor (or team). The pairing maximises the total value exactly (min-cost flow
//   with its certificate). With stable, it is the stable pairing of deferred acceptance instead (staff propose, or
//   the mentors with optimal "mentors"): a staff member ranks first the mentors of its `prefers` list in that order,
//   then the others by value; a mentor likewise with its own `prefers` (a team by value). The plan then reports what
//   stability costs against the value optimum.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "talentmatch/error.hpp"
#include "talentmatch/model/problem.hpp"
#include "talentmatch/model/validate.hpp"
#include "talentmatch/plan/pairing.hpp"
#include "talentmatch/plan/plan.hpp"
#include "talentmatch/scoring/scoring.hpp"

namespace talentmatch::plan {

struct mentor_options {
  std::string format = "one_to_many";  // "one_to_many", "one_to_one" or "team" (needs a post plan)
  bool stable = false;                 // the stable pairing (deferred acceptance) instead of the value optimum
  std::string optimal = "staff";       // stable: whose optimum, "staff" (they propose) or "mentors"
  bool validate = true;                // model::require_valid first
};

namespace detail_mentoring {

using idx = std::ptrdiff_t;

inline void check_options(const mentor_options& opt, const plan* post_plan) {
  if (opt.format != "one_to_many" && opt.format != "one_to_one" && opt.format != "team") {
    throw error("pair_mentors: format must be \"one_to_many\", \"one_to_one\" or \"team\", got \"" + opt.format + "\"");
  }
  if (opt.optimal != "staff" && opt.optimal != "mentors") {
    throw error("pair_mentors: optimal must be \"staff\" or \"mentors\", got \"" + opt.optimal + "\"");
  }
  if (opt.format == "team" && post_plan == nullptr) {
    throw error("pair_mentors: format \"team\" needs a post plan (the teams are the mentors posted to one unit)");
  }
  if (post_plan != nullptr && post_plan->kind != "posts") {
    throw error("pair_mentors: post_plan must be a plan of kind \"posts\", got \"" + post_plan->kind + "\"");
  }
}

// Where the post plan sends each expert: the units and departments of its posts, in post order.
struct postings {
  std::vector<std::vector<std::string>> units, departments;  // per expert
  std::vector<char> posted;
};

inline postings postings_of(const model::problem& p, const plan& post_plan) {
  const auto experts =
      model::id_index::of(p.experts, [](const model::expert& e) -> const std::string& { return e.id; });
  const auto posts = model::id_index::of(p.posts, [](const model::post& q) -> const std::string& { return q.id; });
  postings out;
  const std::size_t n = p.experts.size();
  out.units.resize(n);
  out.departments.resize(n);
  out.posted.assign(n, 0);
  std::vector<std::vector<idx>> held(n);
  for (std::size_t k = 0; k < post_plan.assignments.size(); ++k) {
    const auto& a = post_plan.assignments[k];
    const idx e = experts.find(a.expert), q = posts.find(a.post);
    const std::string at = "post_plan: assignments[" + std::to_string(k) + "]: ";
    if (e < 0) throw error(at + "expert \"" + a.expert + "\" is not in the problem");
    if (q < 0) throw error(at + "post \"" + a.post + "\" is not in the problem");
    held[e].push_back(q);
  }
  for (std::size_t e = 0; e < n; ++e) {
    std::sort(held[e].begin(), held[e].end());
    for (idx q : held[e]) {
      const auto& y = p.posts[q];
      if (std::find(out.units[e].begin(), out.units[e].end(), y.unit) == out.units[e].end())
        out.units[e].push_back(y.unit);
      if (std::find(out.departments[e].begin(), out.departments[e].end(), y.department) == out.departments[e].end())
        out.departments[e].push_back(y.department);
    }
    out.posted[e] = held[e].empty() ? 0 : 1;
  }
  return out;
}

inline bool contains(const std::vector<std::string>& xs, const std::string& x) {
  return std::find(xs.begin(), xs.end(), x) != xs.end();
}

}  // namespace detail_mentoring

// The mentor pairing of `p` (see the file's comment); post_plan: the plan of `p`'s posts whose units the mentors pair
// within, or null. Throws validation_error on an invalid problem and talentmatch::error on bad options or a post plan
// that names experts or posts the problem does not have.
inline pairing_plan pair_mentors(const model::problem& p, const plan* post_plan = nullptr,
                                 const mentor_options& opt = {}) {
  namespace dm = detail_mentoring;
  namespace dp = detail_pairing;
  using idx = std::ptrdiff_t;
  dm::check_options(opt, post_plan);
  if (opt.validate) model::require_valid(p);
  pairing_plan out;
  out.kind = "mentors";
  out.format = opt.format;
  out.scope = post_plan ? p.config.value_or(model::settings{}).mentoring_scope_or_default() : "";
  out.optimal = opt.stable ? opt.optimal : "";
  const model::settings cfg = p.config.value_or(model::settings{});
  const double margin = cfg.mentoring_margin_or_default();
  const double unit_bonus = post_plan ? cfg.mentoring_unit_bonus_or_default() : 0.0;
  static const std::vector<model::staff_member> none;
  const std::vector<model::staff_member>& staff = p.staff ? *p.staff : none;
  const idx n_staff = static_cast<idx>(staff.size());
  const idx n_experts = static_cast<idx>(p.experts.size());

  dm::postings posted;
  if (post_plan) posted = dm::postings_of(p, *post_plan);
  const std::vector<std::string> departments = p.staff ? dp::staff_departments(p) : std::vector<std::string>{};

  // The partners: each mentor (an expert with mentor capacity, posted when there is a post plan), or each team.
  dp::pairing_input in;
  std::vector<std::vector<idx>> members;  // per partner: its experts
  if (opt.format == "team") {
    // One team per unit with a posted mentor, in the order of the units' first posts; members in document order.
    std::map<std::string, std::vector<idx>> in_unit;
    for (idx e = 0; e < n_experts; ++e) {
      if (p.experts[e].mentor_capacity_or_default() <= 0) continue;
      for (const std::string& unit : posted.units[e]) in_unit[unit].push_back(e);
    }
    for (const model::post& q : p.posts) {
      const auto it = in_unit.find(q.unit);
      if (it == in_unit.end()) continue;
      partner t;
      t.id = "team:" + q.unit;
      t.unit = q.unit;
      for (idx e : it->second) {
        t.members.push_back(p.experts[e].id);
        t.capacity += p.experts[e].mentor_capacity_or_default();
      }
      in.partners.push_back(std::move(t));
      members.push_back(std::move(it->second));
      in_unit.erase(it);
    }
  } else {
    for (idx e = 0; e < n_experts; ++e) {
      const idx cap = p.experts[e].mentor_capacity_or_default();
      if (cap <= 0 || (post_plan && !posted.posted[e])) continue;
      partner x;
      x.id = p.experts[e].id;
      x.capacity = opt.format == "one_to_one" ? std::min<idx>(cap, 1) : cap;
      in.partners.push_back(std::move(x));
      members.push_back({e});
    }
  }
  const idx n_partners = static_cast<idx>(in.partners.size());

  // Who may pair with whom.
  auto allowed = [&](idx s, idx x) {
    if (!post_plan) return true;
    if (opt.format == "team") return in.partners[x].unit == staff[s].unit;
    const idx e = members[x].front();
    if (dm::contains(posted.units[e], staff[s].unit)) return true;
    return out.scope == "department" && !departments[s].empty() && dm::contains(posted.departments[e], departments[s]);
  };
  auto same_unit = [&](idx s, idx x) {
    if (!post_plan) return false;
    if (opt.format == "team") return true;
    return dm::contains(posted.units[members[x].front()], staff[s].unit);
  };

  // The candidate pairs, from the mentors' effective levels by skill: values only; the goals behind a pair are
  // worked out again for the pairs the plan makes (goals_taught below).
  const Eigen::SparseMatrix<double, Eigen::RowMajor> by_expert = scoring::effective_levels(p, false);
  const Eigen::SparseMatrix<double, Eigen::ColMajor> levels = by_expert;
  const auto skills = model::id_index::of(p.skills, [](const model::skill& s) -> const std::string& { return s.id; });
  in.pairs.staff = n_staff;
  in.pairs.partners = n_partners;
  in.has_gap.assign(n_staff, 0);
  in.verb = "teaches";
  in.partner_noun = opt.format == "team" ? "team" : "mentor";
  std::vector<double> value_of(n_partners, 0.0);
  std::vector<char> touched(n_partners, 0);
  std::vector<idx> last_goal(n_partners, -1);  // per partner: the goal of the staff member it last counted
  std::vector<idx> list;
  std::vector<std::vector<idx>> partners_of_expert(n_experts);
  for (idx t = 0; t < n_partners; ++t) {
    for (idx e : members[t]) partners_of_expert[e].push_back(t);
  }
  // Uncovered goals, by skill in first-seen order.
  std::map<std::string, idx> uncovered_at;
  for (idx s = 0; s < n_staff; ++s) {
    const model::staff_member& member = staff[s];
    list.clear();
    for (idx gi = 0; gi < static_cast<idx>(member.goals.size()); ++gi) {
      const model::goal& g = member.goals[gi];
      const double gap = g.target_level - dp::staff_level(member, g.skill);
      if (gap <= 0) continue;
      in.has_gap[s] = 1;
      const idx k = skills.find(g.skill);
      const int w = g.importance.value_or(1);
      bool covered = false;
      double best_available = 0;
      for (Eigen::SparseMatrix<double, Eigen::ColMajor>::InnerIterator it(levels, k); it; ++it) {
        for (idx t : partners_of_expert[it.index()]) {
          if (!allowed(s, t)) continue;
          best_available = std::max(best_available, it.value());
          if (it.value() < g.target_level + margin || last_goal[t] == gi) continue;  // a team counts a goal once
          covered = true;
          last_goal[t] = gi;
          if (!touched[t]) touched[t] = 1, list.push_back(t);
          value_of[t] += w * gap;
        }
      }
      if (!covered) dp::note_uncovered(out, uncovered_at, g, g.target_level + margin, best_available, member.id);
    }
    std::sort(list.begin(), list.end());
    for (idx t : list) {
      const double bonus = same_unit(s, t) ? unit_bonus : 0.0;
      in.pairs.add(t, value_of[t] + bonus, bonus);
      value_of[t] = 0;
      touched[t] = 0;
      last_goal[t] = -1;
    }
    in.pairs.end_row();
  }
  // The goals partner t teaches staff member s: each goal above the member's level that a member of t teaches, named
  // by the member of the highest level (then document order) in a team.
  in.goals = [&, margin](idx s, idx t) {
    std::vector<goal_taught> out_goals;
    const model::staff_member& member = staff[s];
    for (const model::goal& g : member.goals) {
      const double now = dp::staff_level(member, g.skill);
      if (g.target_level - now <= 0) continue;
      const idx k = skills.find(g.skill);
      idx by = -1;
      double best = 0;
      for (idx e : members[t]) {
        const double level = by_expert.coeff(e, k);
        if (level >= g.target_level + margin && (by < 0 || level > best)) by = e, best = level;
      }
      if (by < 0) continue;
      goal_taught gt = dp::taught(g, now, best);
      if (opt.format == "team") gt.by = p.experts[by].id;
      out_goals.push_back(std::move(gt));
    }
    return out_goals;
  };

  // The explicit preferences, in partner and staff indices.
  const auto staff_ix =
      model::id_index::of(staff, [](const model::staff_member& s) -> const std::string& { return s.id; });
  const auto expert_ix =
      model::id_index::of(p.experts, [](const model::expert& e) -> const std::string& { return e.id; });
  in.staff_first.resize(n_staff);
  for (idx s = 0; s < n_staff; ++s) {
    if (!staff[s].prefers) continue;
    for (const std::string& id : *staff[s].prefers) {
      const idx e = expert_ix.find(id);
      if (e < 0) continue;
      for (idx t = 0; t < n_partners; ++t) {
        if (std::find(members[t].begin(), members[t].end(), e) != members[t].end()) in.staff_first[s].push_back(t);
      }
    }
  }
  in.partner_first.resize(n_partners);
  if (opt.format != "team") {
    for (idx t = 0; t < n_partners; ++t) {
      const auto& e = p.experts[members[t].front()];
      if (!e.prefers) continue;
      for (const std::string& id : *e.prefers) {
        const idx s = staff_ix.find(id);
        if (s >= 0) in.partner_first[t].push_back(s);
      }
    }
  }
  dp::solve(p, std::move(in), opt.stable, opt.optimal == "staff", out);
  for (auto& a : out.assignments) a.department = departments[a.staff_index];
  return out;
}

}  // namespace talentmatch::plan

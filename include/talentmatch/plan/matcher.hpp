#pragma once

// The matcher (DESIGN.md section 7): talentmatch::plan::match runs score -> graph -> flow and returns an explained,
// certified plan::plan; replan starts from an old plan with a switching cost.
//
//     talentmatch::plan::match_options opt;
//     opt.fill_first = true;  // the most slots first, then the most value
//     const auto p = talentmatch::plan::match(problem, opt);
//     if (!p.cert.ok) throw std::runtime_error(p.cert.message);  // never expected
//
// The objective (DESIGN.md section 5) is the total value of the pairs, maximised under every hard rule: a pair only
// if scoring makes it a candidate, each expert within capacity, each post within its slots and at least its
// min_fill, every `require` pair in, every quota within its bounds. By default a pair enters only when it adds value
// (a slot may stay empty rather than take a pair of value <= 0, unless a minimum needs it); with fill_first the plan
// makes as many pairs as the rules allow, then the most value among those.
//
// The reports read the plan and the flow's duals and never solve again (alternates use the residual network, see
// plan/alternates.hpp): the recruiting brief of an unfilled post (skills no available expert brings, the closest
// experts and the rule that blocks each), why each unused expert is unused, and the shadow prices of posts and
// binding constraints.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "talentmatch/error.hpp"
#include "talentmatch/graph/flow_problem.hpp"
#include "talentmatch/model/problem.hpp"
#include "talentmatch/model/validate.hpp"
#include "talentmatch/plan/alternates.hpp"
#include "talentmatch/plan/plan.hpp"
#include "talentmatch/scoring/explain.hpp"
#include "talentmatch/scoring/scoring.hpp"
#include "talentmatch/solver/flow.hpp"

namespace talentmatch::plan {

struct match_options {
  bool fill_first = false;        // the most slots first, then the most value
  std::ptrdiff_t alternates = 3;  // per post: feasible experts not in it, with the value lost if forced in
  std::ptrdiff_t closest = 5;     // per unfilled post: the experts of highest fit not in it, with what blocks each
  bool validate = true;           // model::require_valid first (false: the caller knows the problem is valid)
};

namespace detail_plan {

using idx = std::ptrdiff_t;
using clock = std::chrono::steady_clock;

inline double seconds_since(clock::time_point t0) { return std::chrono::duration<double>(clock::now() - t0).count(); }

inline std::string number(double x) {
  std::ostringstream o;
  o.precision(4);
  o << x;
  return o.str();
}

inline std::string in_quotes(const std::string& s) { return "'" + s + "'"; }

inline void check_options(const match_options& opt) {
  if (opt.alternates < 0) throw error("match: alternates must be >= 0, got " + std::to_string(opt.alternates));
  if (opt.closest < 0) throw error("match: closest must be >= 0, got " + std::to_string(opt.closest));
}

// A solved flow problem with what the reports read.
struct solved {
  graph::flow_problem g;
  solver::flow_solution<double> s;
  solver::certificate cert;
};

// Who takes a pair of a group: the experts (posts) that have at least one candidate pair, weighted by how many the
// group can give them.
inline idx feasible_reach(const model::problem& p, const graph::flow_problem& g, const model::constraint& c) {
  const auto members = model::members_of(p, c);
  const idx n = g.experts, m = g.posts;
  std::vector<char> in(c.on == model::side::posts ? m : n, 0);
  for (idx x : members) in[x] = 1;
  std::vector<idx> per_expert(n, 0);
  auto count = [&](idx e, idx q) {
    if (c.on == model::side::posts ? in[q] : in[e]) ++per_expert[e];
  };
  for (idx e = 0; e < n; ++e) {
    for (std::int64_t k = g.indptr[e]; k < g.indptr[e + 1]; ++k) count(e, static_cast<idx>(g.indices[k]));
  }
  for (std::size_t k = 0; k < g.fixed_expert.size(); ++k) count(g.fixed_expert[k], g.fixed_post[k]);
  idx reach = 0;
  for (idx e = 0; e < n; ++e) reach += std::min(per_expert[e], g.capacity[e]);
  return reach;
}

// Translates the solver's infeasibility (a row, column or group by index) into the document's names.
[[noreturn]] inline void rethrow_named(const infeasible_error& e, const model::problem& p,
                                       const graph::flow_problem& g) {
  const std::string& subject = e.subject();
  const idx k = e.index();
  if (subject == "column" && k >= 0 && k < g.posts) {
    const model::post& q = p.posts[k];
    idx feasible = g.fixed_per_post[k];
    for (idx x = 0; x < g.experts; ++x) {
      for (std::int64_t a = g.indptr[x]; a < g.indptr[x + 1]; ++a) feasible += g.indices[a] == k ? 1 : 0;
    }
    const idx need = q.min_fill_or_default();
    if (feasible < need) {
      throw infeasible_error("post " + in_quotes(q.id) + " needs at least " + std::to_string(need) +
                             " experts (min_fill), only " + std::to_string(feasible) + " feasible experts can take it");
    }
    throw infeasible_error("post " + in_quotes(q.id) + " needs at least " + std::to_string(need) +
                           " experts (min_fill), but no plan meets it together with the other rules (" +
                           std::to_string(feasible) + " feasible experts, also needed elsewhere)");
  }
  if ((subject == "row group" || subject == "column group") && k >= 0) {
    const auto& which = subject == "row group" ? g.row_group_constraint : g.col_group_constraint;
    if (k < static_cast<idx>(which.size()) && p.constraints) {
      const model::constraint& c = (*p.constraints)[which[k]];
      const idx need = c.min.value_or(0);
      const idx reach = feasible_reach(p, g, c);
      const std::string unit = c.on == model::side::posts ? "experts" : "pairs";
      if (reach < need) {
        throw infeasible_error("constraint " + in_quotes(c.name) + " needs " + std::to_string(need) + " " + unit +
                               ", only " + std::to_string(reach) + " feasible experts match it");
      }
      throw infeasible_error("constraint " + in_quotes(c.name) + " needs " + std::to_string(need) + " " + unit +
                             ", but no plan meets it together with the other rules (" + std::to_string(reach) +
                             " feasible experts match it, also needed elsewhere)");
    }
  }
  // A row (an expert) that cannot pass on what a minimum forced through it: the minimum is its quota's, or, when
  // it has none, one of the posts' or posts' quotas that compete for it; every minimum is named then.
  if (subject == "row" && k >= 0 && k < g.experts && p.constraints) {
    const auto& cs = *p.constraints;
    for (std::size_t c = 0; c < cs.size(); ++c) {
      if (cs[c].on != model::side::experts || !cs[c].min || *cs[c].min == 0) continue;
      const auto members = model::members_of(p, cs[c]);
      if (std::find(members.begin(), members.end(), k) == members.end()) continue;
      const idx reach = feasible_reach(p, g, cs[c]);
      throw infeasible_error("constraint " + in_quotes(cs[c].name) + " needs " + std::to_string(*cs[c].min) +
                             " pairs, but no plan meets it together with the other rules (" + std::to_string(reach) +
                             " feasible pairs of its experts" +
                             (reach < *cs[c].min ? ")" : ", also needed elsewhere)"));
    }
  }
  std::string minimums;
  idx listed = 0;
  for (idx q = 0; q < g.posts && listed < 5; ++q) {
    if (p.posts[q].min_fill_or_default() > 0) {
      minimums += (listed++ ? ", " : "") + std::string("post ") + in_quotes(p.posts[q].id) + " min_fill " +
                  std::to_string(p.posts[q].min_fill_or_default());
    }
  }
  if (p.constraints) {
    for (const auto& c : *p.constraints) {
      if (listed >= 8) break;
      if (c.min && *c.min > 0) {
        minimums +=
            (listed++ ? ", " : "") + std::string("constraint ") + in_quotes(c.name) + " min " + std::to_string(*c.min);
      }
    }
  }
  if (!minimums.empty()) {
    throw infeasible_error("no plan meets all the minimums together (" + minimums + "): " + e.what());
  }
  throw e;
}

inline solved solve(const model::problem& p, graph::flow_problem g,
                    const solver::flow_warm_start<double>* warm = nullptr) {
  solved out;
  try {
    g.options.warm = warm;
    out.s = solver::solve_flow(g.view(), g.options);
    g.options.warm = nullptr;
  } catch (const infeasible_error& e) {
    rethrow_named(e, p, g);
  }
  out.cert = solver::check_certificate(g.view(), out.s, g.options);
  out.g = std::move(g);
  return out;
}

// The one-line reason of an assigned pair.
inline std::string reason_of(const scoring::explanation& ex, bool required) {
  idx met = 0;
  std::vector<std::string> short_in;
  for (const auto& r : ex.requirements) {
    if (r.status == scoring::requirement_status::met) {
      ++met;
    } else if (short_in.size() < 2) {
      short_in.push_back(r.skill + " " + number(r.level) + " < " + std::to_string(r.min_level));
    }
  }
  std::string out = "fit " + number(ex.fit);
  if (!ex.requirements.empty()) {
    out += ", " + std::to_string(met) + " of " + std::to_string(ex.requirements.size()) + " requirements met";
    if (!short_in.empty()) {
      out += " (short: ";
      for (std::size_t k = 0; k < short_in.size(); ++k) out += (k ? ", " : "") + short_in[k];
      out += ")";
    }
  }
  out += "; priority " + number(ex.priority) + ", value " + number(ex.value);
  if (ex.bonus != 0) out += " with bonus " + number(ex.bonus);
  if (required) out += "; nominated (a require rule)";
  return out;
}

// Everything the reports read, over one solved flow.
class reporter {
 public:
  reporter(const model::problem& p, const solved& sv, const match_options& opt) : p_(p), sv_(sv), opt_(opt) {
    const auto& g = sv.g;
    n_ = g.experts, m_ = g.posts;
    degree_.assign(n_, 0);
    filled_.assign(m_, 0);
    for (idx e = 0; e < n_; ++e) degree_[e] = sv.s.row_degree[e] + g.fixed_per_expert[e];
    for (idx q = 0; q < m_; ++q) filled_[q] = sv.s.col_degree[q] + g.fixed_per_post[q];
    if (p.constraints) {
      const auto& cs = *p.constraints;
      members_ = model::all_members(p);
      load_.assign(cs.size(), 0);
      for (std::size_t k = 0; k < cs.size(); ++k) {
        for (idx x : members_[k]) load_[k] += cs[k].on == model::side::posts ? filled_[x] : degree_[x];
      }
      expert_constraints_.resize(n_);
      post_constraints_.resize(m_);
      for (std::size_t k = 0; k < cs.size(); ++k) {
        for (idx x : members_[k]) {
          (cs[k].on == model::side::posts ? post_constraints_ : expert_constraints_)[x].push_back(static_cast<idx>(k));
        }
      }
    } else {
      expert_constraints_.resize(n_);
      post_constraints_.resize(m_);
    }
  }

  plan build() {
    plan out;
    out.fill_first = opt_.fill_first;
    assignments(out);
    prices(out);
    unfilled(out);
    unassigned(out);
    alternates(out);
    rules_check(out);
    return out;
  }

 private:
  // The plan's pairs, fixed and free, by expert then post.
  void assignments(plan& out) {
    const auto& g = sv_.g;
    struct pr {
      idx e, q;
      double value, fit;
      bool required;
    };
    std::vector<pr> all;
    for (std::size_t k = 0; k < g.fixed_expert.size(); ++k) {
      all.push_back({g.fixed_expert[k], g.fixed_post[k], g.fixed_value[k], g.fixed_fit[k], g.fixed_by_rule[k] != 0});
    }
    const auto& s = sv_.s;
    for (idx k = 0; k < s.size(); ++k) {
      const idx e = s.rows[k], q = s.cols[k];
      const auto first = g.indices.begin() + g.indptr[e], last = g.indices.begin() + g.indptr[e + 1];
      const auto at = std::lower_bound(first, last, static_cast<std::int64_t>(q));
      const std::size_t pos = static_cast<std::size_t>(at - g.indices.begin());
      all.push_back({e, q, g.value[pos], g.fit[pos], false});
    }
    std::sort(all.begin(), all.end(), [](const pr& a, const pr& b) { return a.e != b.e ? a.e < b.e : a.q < b.q; });
    held_.assign(n_, {});
    for (const pr& x : all) {
      assignment a;
      a.expert = p_.experts[x.e].id;
      a.post = p_.posts[x.q].id;
      a.department = p_.posts[x.q].department;
      a.unit = p_.posts[x.q].unit;
      a.expert_index = x.e;
      a.post_index = x.q;
      a.value = x.value;
      a.fit = x.fit;
      a.required = x.required;
      a.reason = reason_of(scoring::explain(p_, x.e, x.q), x.required);
      out.objective += x.value;
      held_[x.e].push_back({x.q, x.value});
      out.assignments.push_back(std::move(a));
    }
    for (idx q = 0; q < m_; ++q) out.slots += p_.posts[q].slots;
    out.filled = static_cast<idx>(out.assignments.size());
  }

  // Shadow prices, in value per unit (the flow minimises the negated weights, so signs flip).
  void prices(plan& out) {
    const auto& s = sv_.s;
    const double b = sv_.g.options.priced() ? 0.0 : s.col_price;
    for (idx q = 0; q < m_; ++q) out.post_prices.push_back({p_.posts[q].id, std::max(0.0, b - s.v[q])});
    if (!p_.constraints) return;
    const auto& cs = *p_.constraints;
    std::vector<double> dual(cs.size(), 0.0);
    for (std::size_t k = 0; k < sv_.g.row_group_constraint.size(); ++k) {
      dual[sv_.g.row_group_constraint[k]] = s.row_group_dual[k];
    }
    for (std::size_t k = 0; k < sv_.g.col_group_constraint.size(); ++k) {
      dual[sv_.g.col_group_constraint[k]] = s.col_group_dual[k];
    }
    for (std::size_t k = 0; k < cs.size(); ++k) {
      const bool at_max = cs[k].max && load_[k] >= *cs[k].max;
      const bool at_min = cs[k].min && load_[k] <= *cs[k].min;
      if (!at_max && !at_min) continue;
      constraint_price c;
      c.name = cs[k].name;
      c.side = model::to_string(cs[k].on);
      c.load = load_[k];
      // A negative dual prices the max, a positive one the min (solver::flow_solution).
      const bool max_binds = at_max && (!at_min || dual[k] <= 0);
      c.bound = max_binds ? "max" : "min";
      c.price = max_binds ? std::max(0.0, -dual[k]) : std::max(0.0, dual[k]);
      out.constraint_prices.push_back(std::move(c));
    }
  }

  // Which constraint at its max holds expert e or post q, or -1.
  idx full_constraint(idx e, idx q) const {
    if (!p_.constraints) return -1;
    const auto& cs = *p_.constraints;
    if (e >= 0) {
      for (idx k : expert_constraints_[e]) {
        if (cs[k].max && load_[k] >= *cs[k].max) return k;
      }
    }
    for (idx k : post_constraints_[q]) {
      if (cs[k].max && load_[k] >= *cs[k].max) return k;
    }
    return -1;
  }

  // Which constraint at its min holds expert e or post q, or -1.
  idx at_min_constraint(idx e, idx q) const {
    if (!p_.constraints) return -1;
    const auto& cs = *p_.constraints;
    for (idx k : expert_constraints_[e]) {
      if (cs[k].min && load_[k] <= *cs[k].min) return k;
    }
    for (idx k : post_constraints_[q]) {
      if (cs[k].min && load_[k] <= *cs[k].min) return k;
    }
    return -1;
  }

  // Why the pair (e, q), not in the plan, is not: the first hard rule it breaks, else what holds it back.
  blocked_pair blocked(idx e, idx q, const scoring::explanation& ex) const {
    const model::expert& x = p_.experts[e];
    const model::post& y = p_.posts[q];
    const model::settings cfg = p_.config.value_or(model::settings{});
    blocked_pair b;
    b.expert = x.id;
    b.expert_index = e;
    b.fit = ex.fit;
    b.value = ex.value;
    b.feasible = ex.feasible;
    b.province = x.province.value_or("");
    b.institution = x.institution.value_or("");
    const std::string post_path = model::path_of("posts", static_cast<std::size_t>(q));
    if (!ex.feasible) {
      bool forbidden = false;
      std::string forbid_at;
      if (p_.pairs) {
        for (std::size_t k = 0; k < p_.pairs->size(); ++k) {
          const auto& r = (*p_.pairs)[k];
          if (r.rule == model::pair_kind::forbid && r.expert == x.id && r.post == y.id) {
            forbidden = true, forbid_at = model::path_of("pairs", k);
          }
        }
      }
      if (x.capacity_or_default() <= 0) {
        b.rule = "capacity";
        b.blocked_by = "capacity 0 (" + model::path_of("experts", static_cast<std::size_t>(e)) + "/capacity)";
      } else if (forbidden) {
        b.rule = "forbid";
        b.blocked_by = "forbidden by the pair rule at " + forbid_at;
      } else {
        const scoring::requirement_explanation* unmet = nullptr;
        if (cfg.essential_hard_or_default()) {
          for (const auto& r : ex.requirements) {
            if (r.status == scoring::requirement_status::essential_missing) {
              unmet = &r;
              break;
            }
          }
        }
        if (unmet != nullptr) {
          b.rule = "essential";
          b.skill = unmet->skill;
          b.level = unmet->level;
          b.min_level = unmet->min_level;
          b.blocked_by = "essential skill " + unmet->skill + " missing: level " + number(unmet->level) + " < " +
                         std::to_string(unmet->min_level);
        } else if (y.min_months && x.available_months < *y.min_months) {
          b.rule = "months";
          b.level = x.available_months;
          b.min_level = *y.min_months;
          b.blocked_by = "available " + number(x.available_months) + " months < " + number(*y.min_months) +
                         " required (" + post_path + "/min_months)";
        } else {
          b.rule = "min_score";
          b.blocked_by = "fit " + number(ex.fit) + " below min_score " + number(cfg.min_score_or_default());
        }
      }
      return b;
    }
    // Feasible: full elsewhere, a quota at its max, or no value to add.
    if (degree_[e] >= x.capacity_or_default()) {
      const std::pair<idx, double>* least = nullptr;
      for (const auto& h : held_[e]) {
        if (least == nullptr || h.second < least->second) least = &h;
      }
      if (least == nullptr) {
        b.rule = "capacity";
        b.blocked_by = "no capacity left";
        return b;
      }
      b.by_post = p_.posts[least->first].id;
      b.by_value = least->second;
      const std::string holds = "holds post " + b.by_post + " (value " + number(b.by_value) + ")" +
                                (held_[e].size() > 1 ? " and " + std::to_string(held_[e].size() - 1) + " more" : "");
      if (b.by_value >= ex.value) {
        b.rule = "outbid";
        b.blocked_by = holds + ", worth as much or more";
        return b;
      }
      // A pair of less value holds the expert: the post here is closed by a quota, or the other post needs it.
      const idx c = full_constraint(-1, q);
      if (c >= 0) {
        const auto& con = (*p_.constraints)[c];
        b.rule = "quota";
        b.constraint = con.name;
        b.blocked_by = "constraint " + in_quotes(con.name) + " is at its max " + std::to_string(*con.max);
        return b;
      }
      const idx held_at = least->first;
      const model::post& z = p_.posts[held_at];
      b.rule = "needed";
      if (z.min_fill_or_default() > 0 && filled_[held_at] <= z.min_fill_or_default()) {
        b.blocked_by = holds + ", which needs it for its min_fill " + std::to_string(z.min_fill_or_default());
        return b;
      }
      const idx cm = at_min_constraint(e, held_at);
      if (cm >= 0) {
        b.constraint = (*p_.constraints)[cm].name;
        b.blocked_by = holds + "; constraint " + in_quotes(b.constraint) + " is at its min " +
                       std::to_string(*(*p_.constraints)[cm].min);
        return b;
      }
      b.blocked_by = holds + "; the exchanges that would move it lose value elsewhere";
      return b;
    }
    const idx c = full_constraint(e, q);
    if (c >= 0) {
      const auto& con = (*p_.constraints)[c];
      b.rule = "quota";
      b.constraint = con.name;
      b.blocked_by = "constraint " + in_quotes(con.name) + " is at its max " + std::to_string(*con.max);
      return b;
    }
    if (ex.value <= 0) {
      b.rule = "value";
      b.blocked_by = "value " + number(ex.value) + " adds nothing to the plan";
      return b;
    }
    if (filled_[q] >= y.slots) {
      b.rule = "post_full";
      b.blocked_by = "the post's slots are taken by pairs the plan values as much or more";
      return b;
    }
    b.rule = "";
    b.blocked_by = "an equally good plan may use it";
    return b;
  }

  void unfilled(plan& out) {
    std::vector<idx> open;
    for (idx q = 0; q < m_; ++q) {
      if (filled_[q] < p_.posts[q].slots) open.push_back(q);
    }
    if (open.empty()) return;
    // Effective levels by skill, and the best level among the available experts (room left in the plan).
    const Eigen::SparseMatrix<double, Eigen::RowMajor> L = scoring::effective_levels(p_, false);
    const Eigen::SparseMatrix<double, Eigen::ColMajor> by_skill = L;
    const auto skills =
        model::id_index::of(p_.skills, [](const model::skill& s) -> const std::string& { return s.id; });
    std::vector<double> best(p_.skills.size(), 0.0);
    for (idx e = 0; e < n_; ++e) {
      if (degree_[e] >= p_.experts[e].capacity_or_default()) continue;
      for (Eigen::SparseMatrix<double, Eigen::RowMajor>::InnerIterator it(L, e); it; ++it) {
        best[it.index()] = std::max(best[it.index()], it.value());
      }
    }
    std::vector<double> fit(n_, 0.0);
    std::vector<char> touched(n_, 0);
    std::vector<idx> list;
    for (idx q : open) {
      const model::post& y = p_.posts[q];
      unfilled_post u;
      u.post = y.id;
      u.department = y.department;
      u.unit = y.unit;
      u.post_index = q;
      u.filled = filled_[q];
      u.slots = y.slots - filled_[q];
      double sum_w = 0, sum_w0 = 0;
      for (const auto& r : y.requires) {
        sum_w += r.importance;
        if (r.min_level == 0) sum_w0 += r.importance;
      }
      for (const auto& r : y.requires) {
        const idx s = skills.find(r.skill);
        if (r.min_level >= 1 && best[s] < r.min_level) {
          u.missing.push_back({r.skill, static_cast<double>(r.min_level), best[s], r.importance, r.is_essential()});
        }
      }
      // The closest: an approximate fit from the levels picks a short list, explain gives the exact fit and rules.
      if (opt_.closest > 0) {
        list.clear();
        for (const auto& r : y.requires) {
          if (r.min_level == 0) continue;
          const idx s = skills.find(r.skill);
          for (Eigen::SparseMatrix<double, Eigen::ColMajor>::InnerIterator it(by_skill, s); it; ++it) {
            const idx e = it.index();
            if (!touched[e]) touched[e] = 1, list.push_back(e);
            fit[e] += r.importance * std::min(it.value(), static_cast<double>(r.min_level)) / r.min_level / sum_w;
          }
        }
        const double base = y.requires.empty() ? 1.0 : sum_w0 / sum_w;
        std::vector<std::pair<double, idx>> ranked;
        for (idx e : list) {
          if (!in_post(e, q)) ranked.push_back({-(fit[e] + base), e});
        }
        const idx want = 2 * opt_.closest + 4;
        // Experts the requirements do not reach all have the base fit: the first few by index stand for them.
        if (base > 0 || static_cast<idx>(ranked.size()) < want) {
          idx extra = 0;
          for (idx e = 0; e < n_ && extra < want; ++e) {
            if (!touched[e] && !in_post(e, q)) ranked.push_back({-base, e}), ++extra;
          }
        }
        for (idx e : list) fit[e] = 0, touched[e] = 0;
        if (static_cast<idx>(ranked.size()) > want) {
          std::nth_element(ranked.begin(), ranked.begin() + want, ranked.end());
          ranked.resize(want);
        }
        std::sort(ranked.begin(), ranked.end());
        std::vector<std::pair<double, idx>> exact;
        std::vector<blocked_pair> found;
        for (const auto& [neg, e] : ranked) {
          const scoring::explanation ex = scoring::explain(p_, e, q);
          exact.push_back({-ex.fit, static_cast<idx>(found.size())});
          found.push_back(blocked(e, q, ex));
        }
        std::sort(exact.begin(), exact.end(), [&](const auto& a, const auto& b2) {
          return a.first != b2.first ? a.first < b2.first
                                     : found[a.second].expert_index < found[b2.second].expert_index;
        });
        for (const auto& [neg, k] : exact) {
          if (static_cast<idx>(u.closest.size()) >= opt_.closest) break;
          u.closest.push_back(found[k]);
        }
        for (const auto& c : u.closest) {
          if (!c.province.empty() && std::find(u.provinces.begin(), u.provinces.end(), c.province) == u.provinces.end())
            u.provinces.push_back(c.province);
          if (!c.institution.empty() &&
              std::find(u.institutions.begin(), u.institutions.end(), c.institution) == u.institutions.end())
            u.institutions.push_back(c.institution);
        }
      }
      out.unfilled.push_back(std::move(u));
    }
  }

  void unassigned(plan& out) {
    const auto& g = sv_.g;
    for (idx e = 0; e < n_; ++e) {
      if (degree_[e] > 0) continue;
      unassigned_expert u;
      u.expert = p_.experts[e].id;
      u.expert_index = e;
      const idx first = static_cast<idx>(g.indptr[e]), last = static_cast<idx>(g.indptr[e + 1]);
      if (first == last) {
        u.reason = "no_feasible_post";
        u.explanation = "no post is feasible under the rules (skills, months, min_score, pair rules)";
        out.unassigned.push_back(std::move(u));
        continue;
      }
      idx best = -1;
      for (idx k = first; k < last; ++k) {
        if (best < 0 || g.value[k] > g.value[best]) best = k;
      }
      const idx q = static_cast<idx>(g.indices[best]);
      u.best_post = p_.posts[q].id;
      u.best_value = g.value[best];
      // Against the best feasible post: full, closed by a quota, or of no value (at an optimum nothing else can
      // keep an expert with room out of a post with room).
      const idx c = full_constraint(e, q);
      if (filled_[q] >= p_.posts[q].slots) {
        u.reason = "outbid";
        u.explanation =
            "every feasible post it could add value to is held by pairs the plan values as much or more; "
            "the best, " +
            u.best_post + " (value " + number(u.best_value) + "), is full";
      } else if (c >= 0) {
        u.reason = "quota";
        u.explanation = "constraint " + in_quotes((*p_.constraints)[c].name) + " is at its max " +
                        std::to_string(*(*p_.constraints)[c].max) + " (its best post, " + u.best_post + ", has room)";
      } else if (u.best_value <= 0) {
        u.reason = "value";
        u.explanation =
            "its feasible posts add no value (the best, " + u.best_post + ", value " + number(u.best_value) + ")";
      } else {
        u.reason = "outbid";
        u.explanation = "the other rules hold it back; its best feasible post is " + u.best_post + " (value " +
                        number(u.best_value) + ")";
      }
      out.unassigned.push_back(std::move(u));
    }
  }

  void alternates(plan& out) {
    if (opt_.alternates == 0) return;
    const auto& g = sv_.g;
    // The free pairs by post.
    std::vector<idx> ptr(m_ + 1, 0);
    for (std::int64_t q : g.indices) ++ptr[q + 1];
    for (idx q = 0; q < m_; ++q) ptr[q + 1] += ptr[q];
    std::vector<std::pair<idx, std::int64_t>> by_post(g.indices.size());  // (expert, CSR position)
    {
      std::vector<idx> next(ptr.begin(), ptr.end() - 1);
      for (idx e = 0; e < n_; ++e) {
        for (std::int64_t k = g.indptr[e]; k < g.indptr[e + 1]; ++k) by_post[next[g.indices[k]]++] = {e, k};
      }
    }
    detail_alternates::residual_network net(g, sv_.s);
    const std::ptrdiff_t max_work = detail_alternates::residual_network::work_per_post(m_);
    const double scale_tol = 1e-9 * (1.0 + std::abs(out.objective));
    std::vector<std::int64_t> pair_at(n_, -1);
    std::vector<std::pair<idx, std::int64_t>> cands;
    for (idx q = 0; q < m_; ++q) {
      cands.clear();
      for (idx k = ptr[q]; k < ptr[q + 1]; ++k) {
        if (in_post(by_post[k].first, q)) continue;
        pair_at[by_post[k].first] = by_post[k].second;
        cands.push_back(by_post[k]);
      }
      if (cands.empty()) continue;
      const auto found = net.cheapest(q, cands, pair_at, opt_.alternates, max_work);
      for (const auto& c : cands) pair_at[c.first] = -1;
      post_alternates pa;
      pa.post = p_.posts[q].id;
      for (const auto& f : found) {
        alternate a;
        a.expert = p_.experts[f.expert].id;
        a.expert_index = f.expert;
        a.value = g.value[f.pair];
        a.fit = g.fit[f.pair];
        // Rounding of the duals: a loss within a few ulps of the plan's value is 0.
        a.loss = f.loss <= scale_tol ? 0.0 : f.loss;
        a.exact = f.exact;
        pa.experts.push_back(std::move(a));
      }
      // By loss, then value (highest first), then document order.
      std::stable_sort(pa.experts.begin(), pa.experts.end(), [](const alternate& a, const alternate& b) {
        if (a.loss != b.loss) return a.loss < b.loss;
        if (a.value != b.value) return a.value > b.value;
        return a.expert_index < b.expert_index;
      });
      if (!pa.experts.empty()) out.alternates.push_back(std::move(pa));
    }
  }

  // The plan against the document's rules, independently of the flow: a failure is a bug, reported in the
  // certificate rather than hidden.
  void rules_check(plan& out) {
    out.cert = sv_.cert;
    auto fail = [&](const std::string& msg) {
      if (out.cert.message.empty()) out.cert.message = msg;
      out.cert.ok = false;
    };
    std::vector<idx> deg(n_, 0), fill(m_, 0);
    for (const auto& a : out.assignments) ++deg[a.expert_index], ++fill[a.post_index];
    for (idx e = 0; e < n_; ++e) {
      if (deg[e] > p_.experts[e].capacity_or_default()) fail("plan: expert " + p_.experts[e].id + " over capacity");
    }
    for (idx q = 0; q < m_; ++q) {
      const model::post& y = p_.posts[q];
      if (fill[q] > y.slots || fill[q] < y.min_fill_or_default()) fail("plan: post " + y.id + " outside its bounds");
    }
    if (p_.constraints) {
      const auto& cs = *p_.constraints;
      for (std::size_t k = 0; k < cs.size(); ++k) {
        idx load = 0;
        for (idx x : members_[k]) load += cs[k].on == model::side::posts ? fill[x] : deg[x];
        if ((cs[k].max && load > *cs[k].max) || (cs[k].min && load < *cs[k].min)) {
          fail("plan: constraint " + in_quotes(cs[k].name) + " outside its bounds (load " + std::to_string(load) + ")");
        }
      }
    }
  }

  // Whether expert e holds post q (an expert holds at most its capacity of posts, a handful).
  bool in_post(idx e, idx q) const {
    for (const auto& h : held_[e]) {
      if (h.first == q) return true;
    }
    return false;
  }

  const model::problem& p_;
  const solved& sv_;
  const match_options& opt_;
  idx n_ = 0, m_ = 0;
  std::vector<idx> degree_, filled_;  // pairs per expert and per post, fixed ones included
  std::vector<std::vector<idx>> members_;
  std::vector<idx> load_;
  std::vector<std::vector<idx>> expert_constraints_, post_constraints_;
  std::vector<std::vector<std::pair<idx, double>>> held_;  // per expert: (post, value) of its pairs
};

// The flow's duals by document id, for a later replan.
inline std::shared_ptr<const warm_state> warm_state_of(const model::problem& p, const solved& sv) {
  auto w = std::make_shared<warm_state>();
  w->experts.reserve(p.experts.size());
  for (const auto& e : p.experts) w->experts.push_back(e.id);
  w->posts.reserve(p.posts.size());
  for (const auto& q : p.posts) w->posts.push_back(q.id);
  w->u = sv.s.u;
  w->v = sv.s.v;
  for (idx k : sv.g.row_group_constraint) w->row_constraints.push_back((*p.constraints)[k].name);
  for (idx k : sv.g.col_group_constraint) w->col_constraints.push_back((*p.constraints)[k].name);
  w->row_group_dual = sv.s.row_group_dual;
  w->col_group_dual = sv.s.col_group_dual;
  return w;
}

// An earlier plan's pairs and duals in the indices of `p` and its flow problem `g` (NaN for what is new).
inline solver::flow_warm_start<double> warm_start_of(const plan& old, const model::problem& p,
                                                     const graph::flow_problem& g) {
  solver::flow_warm_start<double> w;
  const double unknown = std::numeric_limits<double>::quiet_NaN();
  const auto experts =
      model::id_index::of(p.experts, [](const model::expert& e) -> const std::string& { return e.id; });
  const auto posts = model::id_index::of(p.posts, [](const model::post& q) -> const std::string& { return q.id; });
  for (const auto& a : old.assignments) {
    const idx e = experts.find(a.expert), q = posts.find(a.post);
    if (e >= 0 && q >= 0) w.rows.push_back(e), w.cols.push_back(q);
  }
  const warm_state& s = *old.warm;
  w.u.assign(static_cast<std::size_t>(g.experts), unknown);
  w.v.assign(static_cast<std::size_t>(g.posts), unknown);
  for (std::size_t k = 0; k < s.experts.size() && k < s.u.size(); ++k) {
    const idx e = experts.find(s.experts[k]);
    if (e >= 0) w.u[e] = s.u[k];
  }
  for (std::size_t k = 0; k < s.posts.size() && k < s.v.size(); ++k) {
    const idx q = posts.find(s.posts[k]);
    if (q >= 0) w.v[q] = s.v[k];
  }
  auto groups = [&](const std::vector<idx>& behind, const std::vector<std::string>& names,
                    const std::vector<double>& duals, std::vector<double>& out) {
    out.assign(behind.size(), unknown);
    std::unordered_map<std::string, double> by_name;
    for (std::size_t k = 0; k < names.size() && k < duals.size(); ++k) by_name.emplace(names[k], duals[k]);
    for (std::size_t k = 0; k < behind.size(); ++k) {
      const auto it = by_name.find((*p.constraints)[behind[k]].name);
      if (it != by_name.end()) out[k] = it->second;
    }
  };
  groups(g.row_group_constraint, s.row_constraints, s.row_group_dual, w.row_group_dual);
  groups(g.col_group_constraint, s.col_constraints, s.col_group_dual, w.col_group_dual);
  return w;
}

// match on given candidates and overrides: the one path of match, replan and alternatives. `start`: an earlier plan
// whose flow the solve starts from (replan).
inline plan match_on(const model::problem& p, const scoring::candidates& c, const graph::overrides& o,
                     const match_options& opt, timings& time, const plan* start = nullptr) {
  auto t0 = clock::now();
  graph::flow_problem g = graph::build(p, c, o, opt.fill_first);
  time.graph = seconds_since(t0);
  t0 = clock::now();
  solver::flow_warm_start<double> warm;
  if (start && start->warm) warm = warm_start_of(*start, p, g);
  const solved sv = solve(p, std::move(g), start && start->warm ? &warm : nullptr);
  time.solve = seconds_since(t0);
  t0 = clock::now();
  plan out = reporter(p, sv, opt).build();
  out.warm = warm_state_of(p, sv);
  out.warm_started = sv.s.warm;
  time.report = seconds_since(t0);
  out.time = time;
  return out;
}

// The first two phases of every plan: validate (unless the caller says the problem is valid), then score the
// candidate pairs.
inline scoring::candidates validated_candidates(const model::problem& p, const match_options& opt, timings& time) {
  auto t0 = clock::now();
  if (opt.validate) model::require_valid(p);
  time.validate = seconds_since(t0);
  t0 = clock::now();
  scoring::candidates c = scoring::score_candidates(p, false);
  time.score = seconds_since(t0);
  return c;
}

}  // namespace detail_plan

// The optimal plan of `p`. Throws validation_error (every issue, with its JSON path) on an invalid problem and
// infeasible_error naming the post or the constraint (by its name) when no plan meets the rules.
inline plan match(const model::problem& p, const match_options& opt = {}) {
  namespace dp = detail_plan;
  dp::check_options(opt);
  timings time;
  const scoring::candidates c = dp::validated_candidates(p, opt, time);
  return dp::match_on(p, c, {}, opt, time);
}

// The plan after the document changed (experts left or arrived, posts added or removed, slots or quotas changed):
// pairs are matched to the old plan by expert and post id, and every old pair still feasible earns switching_cost
// in the solve, so a pair moves only when moving gains more than that. switching_cost 0 gives match(new_problem).
// The result has a diff against `old`; its objective is the plain total value (without the switching cost).
inline plan replan(const plan& old, const model::problem& p, double switching_cost, const match_options& opt = {}) {
  namespace dp = detail_plan;
  dp::check_options(opt);
  if (!std::isfinite(switching_cost) || switching_cost < 0) {
    throw error("replan: switching_cost must be a finite number >= 0, got " + dp::number(switching_cost));
  }
  if (switching_cost > model::max_bonus) {
    throw error("replan: switching_cost " + dp::number(switching_cost) + " is above the largest allowed, 1e100");
  }
  timings time;
  const scoring::candidates c = dp::validated_candidates(p, opt, time);
  const auto experts =
      model::id_index::of(p.experts, [](const model::expert& e) -> const std::string& { return e.id; });
  const auto posts = model::id_index::of(p.posts, [](const model::post& q) -> const std::string& { return q.id; });
  graph::overrides o;
  o.boost = switching_cost;
  for (const auto& a : old.assignments) {
    const std::ptrdiff_t e = experts.find(a.expert), q = posts.find(a.post);
    if (e >= 0 && q >= 0) o.boosted.push_back({e, q});
  }
  // From the old plan's flow and duals, unless nothing earns a kept pair (then the plan is match's, ties included).
  plan out = dp::match_on(p, c, o, opt, time, switching_cost > 0 ? &old : nullptr);
  out.switching_cost = switching_cost;
  out.has_diff = true;
  // The diff, by (expert, post) ids.
  std::map<std::pair<std::string, std::string>, const assignment*> before, after;
  for (const auto& a : old.assignments) before[{a.expert, a.post}] = &a;
  for (const auto& a : out.assignments) after[{a.expert, a.post}] = &a;
  std::map<std::string, std::vector<std::string>> left, took;
  for (const auto& a : out.assignments) {
    if (before.count({a.expert, a.post})) {
      out.diff.kept.push_back(a);
    } else {
      out.diff.added.push_back(a);
      took[a.expert].push_back(a.post);
    }
  }
  for (const auto& a : old.assignments) {
    if (!after.count({a.expert, a.post})) {
      out.diff.removed.push_back(a);
      left[a.expert].push_back(a.post);
    }
  }
  // An expert who left posts and took others moved: pair them in post order.
  for (const auto& a : old.assignments) {
    const auto l = left.find(a.expert);
    const auto t = took.find(a.expert);
    if (l == left.end() || t == took.end()) continue;
    const std::size_t k = std::min(l->second.size(), t->second.size());
    for (std::size_t i = 0; i < k; ++i) out.diff.moved.push_back({a.expert, l->second[i], t->second[i]});
    left.erase(l);
  }
  out.diff.value_change = out.objective - old.objective;
  return out;
}

}  // namespace talentmatch::plan

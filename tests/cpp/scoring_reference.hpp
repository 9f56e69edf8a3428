// The scoring model of DESIGN.md section 5 written out directly, as plain loops over experts, posts and
// requirements that share no code with the vectorised products of talentmatch/scoring: the reference of
// tests/cpp/test_scoring.cpp and the reference loop that bench/bench_scoring.cpp times for its ratio. Skills and pair
// rules are found through hash maps built here (not the library's id_index), so that it also runs at the bench's
// sizes. Meant for valid problems: an id that names nothing is not checked.

#pragma once

#include <Eigen/Dense>
#include <algorithm>
#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "talentmatch/model/problem.hpp"
#include "talentmatch/scoring/scoring.hpp"

namespace talentmatch_test {

namespace detail {

// Id -> position in `items` (skills, experts or posts).
template <class Items>
std::unordered_map<std::string, std::ptrdiff_t> positions(const Items& items) {
  std::unordered_map<std::string, std::ptrdiff_t> at;
  for (std::size_t k = 0; k < items.size(); ++k) at.emplace(items[k].id, static_cast<std::ptrdiff_t>(k));
  return at;
}

}  // namespace detail

// L[e,s] = max(own level, max over skills a relating to s of transfer * own level in a), the own level being the
// highest of the expert's entries for the skill (0 without one).
inline Eigen::MatrixXd reference_levels(const talentmatch::model::problem& p) {
  using idx = std::ptrdiff_t;
  const idx n = static_cast<idx>(p.experts.size()), S = static_cast<idx>(p.skills.size());
  const auto at = detail::positions(p.skills);
  Eigen::MatrixXd own = Eigen::MatrixXd::Zero(n, S);
  for (idx e = 0; e < n; ++e) {
    for (const auto& sl : p.experts[e].skills) {
      const idx a = at.at(sl.skill);
      own(e, a) = std::max(own(e, a), sl.level);
    }
  }
  Eigen::MatrixXd L = own;
  for (idx a = 0; a < S; ++a) {
    for (const auto& r : p.skills[a].related) {
      const idx s = at.at(r.skill);
      for (idx e = 0; e < n; ++e) L(e, s) = std::max(L(e, s), r.transfer * own(e, a));
    }
  }
  return L;
}

// value, fit and feasible of every pair: the fit over the post's requirements, the hard rules (capacity, min_months,
// essential requirements when essential_hard, min_score with the library's documented slack), then every pair rule
// of the pair in document order (forbid, require, bonus).
inline talentmatch::scoring::scores reference_scores(const talentmatch::model::problem& p) {
  namespace tm = talentmatch::model;
  namespace sc = talentmatch::scoring;
  using idx = std::ptrdiff_t;
  const idx n = static_cast<idx>(p.experts.size()), m = static_cast<idx>(p.posts.size());
  const Eigen::MatrixXd L = reference_levels(p);
  const auto skill_at = detail::positions(p.skills);
  std::vector<std::vector<idx>> required(m);  // the skill of each requirement of each post
  for (idx q = 0; q < m; ++q) {
    for (const auto& r : p.posts[q].requires) required[q].push_back(skill_at.at(r.skill));
  }
  std::unordered_map<idx, std::vector<const tm::pair_rule*>> rules;  // by expert * m + post, in document order
  if (p.pairs) {
    const auto expert_at = detail::positions(p.experts), post_at = detail::positions(p.posts);
    for (const auto& rule : *p.pairs) rules[expert_at.at(rule.expert) * m + post_at.at(rule.post)].push_back(&rule);
  }
  const tm::settings cfg = p.config.value_or(tm::settings{});
  sc::scores out;
  out.fit.resize(n, m);
  out.value.resize(n, m);
  out.feasible.resize(n, m);
  for (idx e = 0; e < n; ++e) {
    const tm::expert& x = p.experts[e];
    for (idx q = 0; q < m; ++q) {
      const tm::post& y = p.posts[q];
      double num = 0, den = 0;
      bool essential_unmet = false;
      for (std::size_t k = 0; k < y.requires.size(); ++k) {
        const tm::requirement& r = y.requires[k];
        const double level = L(e, required[q][k]);
        const double c = r.min_level == 0 ? 1.0 : std::min(level, double(r.min_level)) / r.min_level;
        num += r.importance * c;
        den += r.importance;
        if (r.is_essential() && level < r.min_level) essential_unmet = true;
      }
      const double fit = y.requires.empty() ? 1.0 : num / den;
      bool ok = x.capacity_or_default() > 0;
      if (y.min_months && x.available_months < *y.min_months) ok = false;
      if (cfg.essential_hard_or_default() && essential_unmet) ok = false;
      // The library's documented slack on the min_score rule (rounding of the fit).
      if (fit < cfg.min_score_or_default() - sc::min_score_tolerance) ok = false;
      double bonus = 0;
      if (!rules.empty()) {
        if (const auto it = rules.find(e * m + q); it != rules.end()) {
          for (const tm::pair_rule* rule : it->second) {
            if (rule->rule == tm::pair_kind::forbid) ok = false;
            if (rule->rule == tm::pair_kind::require) ok = true;
            if (rule->rule == tm::pair_kind::bonus) bonus = rule->value.value_or(0.0);
          }
        }
      }
      out.fit(e, q) = fit;
      out.value(e, q) = cfg.fit_weight() * y.priority_or_default() * fit + cfg.bonus_weight() * bonus;
      out.feasible(e, q) = ok ? 1 : 0;
    }
  }
  return out;
}

}  // namespace talentmatch_test

#pragma once

// Why a pair scores what it does: talentmatch::scoring::explain (DESIGN.md section 5).
//
// For one expert and one post: each requirement's effective level (and the related skill it was transferred from,
// if any), its status, gap, weight share and part of the fit, and the rules that apply to the pair as sentences that
// name the JSON path of the rule where there is one. The model is the one in scoring.hpp. fit and value are score's
// to the bit: explain forms the pair's threshold row and the post's column of W^T (only the post's skills) and
// multiplies them with score's own kernel and arithmetic (detail_scoring::thresholds, step_weight, base_fit,
// add_product, pair_value), so the same terms are added in the same order. (Summed in requirement order instead,
// seven steps of 1/7 give 1.0 where score's product gives 0.9999999999999998.) Each requirement's contribution is
// its own share, importance * coverage / sum of importances; they sum to fit up to rounding. feasible is decided by
// the same rules (min_score with min_score_tolerance).
//
// explain reads only the pair's expert, post and pair rule and the taxonomy, and does not validate the whole
// problem, so that a report can call it for every assigned pair: p must be valid (model::require_valid). It checks
// the indices and ids it is given.

#include <algorithm>
#include <cstddef>
#include <optional>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "talentmatch/error.hpp"
#include "talentmatch/model/problem.hpp"
#include "talentmatch/model/validate.hpp"
#include "talentmatch/scoring/scoring.hpp"

namespace talentmatch::scoring {

enum class requirement_status {
  met,               // level >= min_level
  partial,           // 0 < level < min_level
  missing,           // level 0 < min_level
  essential_missing  // an essential requirement with level < min_level (partial or not)
};

struct requirement_explanation {
  std::string skill;
  int importance = 1;
  int min_level = 0;
  double level = 0;              // effective level, after the related transfer
  double own_level = 0;          // the expert's own level in the skill (0 if absent)
  std::string transferred_from;  // the skill whose related transfer gave `level`; empty when it is the own level
  requirement_status status = requirement_status::met;
  double gap = 0;           // max(0, min_level - level)
  double weight_share = 0;  // importance / sum of the post's importances
  double contribution = 0;  // importance * coverage / sum of importances: this requirement's part of fit
  bool essential = false;
};

struct explanation {
  std::string expert, post;
  double fit = 0, value = 0;
  double bonus = 0;     // the pair's bonus rule value (before settings.bonus_weight), 0 when none
  double priority = 1;  // the post's priority (before settings.fit_weight)
  bool feasible = false;
  std::vector<requirement_explanation> requirements;  // in the post's order; contributions sum to fit, except for a
                                                      // post with no requirements (fit 1)
  // The hard rules that fail, in the order capacity, months, essential requirements (when settings.essential_hard),
  // min_score, then the pair's rule (forbid, require with its override, bonus).
  std::vector<std::string> rules;
};

inline const char* to_string(requirement_status s) {
  switch (s) {
    case requirement_status::met:
      return "met";
    case requirement_status::partial:
      return "partial";
    case requirement_status::missing:
      return "missing";
    case requirement_status::essential_missing:
      return "essential-missing";
  }
  return "met";
}

namespace detail_explain {

inline std::string number(double x) {
  std::ostringstream o;
  o << x;
  return o.str();
}

// The pair's fit as score computes it (see the header comment). Score's row of B has columns (t - 1) S + s; only
// those where the post's column of W^T is non-zero reach this post, and they are the post's skills. Numbering those
// skills 0..S'-1 in taxonomy order keeps their columns' order, so the kernel adds the same terms in the same order.
inline double pair_fit(const model::post& y, const std::vector<requirement_explanation>& reqs,
                       const model::id_index& skills, double sum_w, double sum_w0) {
  namespace ds = detail_scoring;
  using ds::idx;
  struct entry {
    idx skill;      // position in the taxonomy
    std::size_t k;  // the requirement
  };
  std::vector<entry> order;
  for (std::size_t k = 0; k < y.requires.size(); ++k) {
    const idx s = skills.find(y.requires[k].skill);
    if (s < 0) throw error("explain: unknown skill \"" + y.requires[k].skill + "\" (validate the problem first)");
    order.push_back({s, k});
  }
  std::sort(order.begin(), order.end(), [](const entry& a, const entry& b) { return a.skill < b.skill; });
  const auto S = static_cast<idx>(order.size());
  ds::csr_builder level;  // 1 x S: the effective levels, as in scoring's levels()
  for (idx i = 0; i < S; ++i) {
    const double x = reqs[order[i].k].level;
    if (x > 0) level.push(i, x);
  }
  level.end_row();
  const ds::csr B = ds::thresholds(level.build(1, S), false);
  ds::csr_builder column;  // (7 S) x 1: the post's column of W^T, row (t - 1) S + i
  for (int t = 1; t <= ds::max_level; ++t) {
    for (idx i = 0; i < S; ++i) {
      const model::requirement& r = y.requires[order[i].k];
      if (t <= r.min_level) column.push(0, ds::step_weight(r.importance, r.min_level, sum_w));
      column.end_row();
    }
  }
  const ds::csr Wt = column.build(ds::max_level * S, 1);
  Eigen::RowVectorXd product = Eigen::RowVectorXd::Zero(1);
  ds::add_product(B, 0, Wt, product);
  return product(0) + ds::base_fit(y.requires.empty(), sum_w0, sum_w);
}

}  // namespace detail_explain

inline explanation explain(const model::problem& p, std::ptrdiff_t expert, std::ptrdiff_t post) {
  using detail_explain::number;
  const auto n = static_cast<std::ptrdiff_t>(p.experts.size()), m = static_cast<std::ptrdiff_t>(p.posts.size());
  if (expert < 0 || expert >= n) {
    throw error("explain: expert index " + std::to_string(expert) + " is out of range (" + std::to_string(n) +
                " experts)");
  }
  if (post < 0 || post >= m) {
    throw error("explain: post index " + std::to_string(post) + " is out of range (" + std::to_string(m) + " posts)");
  }
  const model::expert& x = p.experts[expert];
  const model::post& y = p.posts[post];
  const model::settings cfg = p.config.value_or(model::settings{});
  const std::string expert_path = model::path_of("experts", static_cast<std::size_t>(expert));
  const std::string post_path = model::path_of("posts", static_cast<std::size_t>(post));

  explanation out;
  out.expert = x.id;
  out.post = y.id;
  out.priority = y.priority_or_default();

  // Own levels (the higher one if a skill is listed twice), then the best one-hop transfer into each required skill;
  // an own level wins ties, and among transfers the first of the expert's skills to reach the maximum.
  std::unordered_map<std::string, std::size_t> required;
  for (std::size_t k = 0; k < y.requires.size(); ++k) required.emplace(y.requires[k].skill, k);
  std::vector<double> own(y.requires.size(), 0.0), moved(y.requires.size(), 0.0);
  std::vector<std::string> from(y.requires.size());
  for (const auto& sl : x.skills) {
    const auto it = required.find(sl.skill);
    if (it != required.end()) own[it->second] = std::max(own[it->second], sl.level);
  }
  const auto skills = model::id_index::of(p.skills, [](const model::skill& s) -> const std::string& { return s.id; });
  for (const auto& sl : x.skills) {
    const std::ptrdiff_t a = skills.find(sl.skill);
    if (a < 0) throw error("explain: " + expert_path + " has unknown skill \"" + sl.skill + "\"");
    for (const auto& r : p.skills[a].related) {
      const auto it = required.find(r.skill);
      if (it == required.end()) continue;
      const double t = r.transfer * sl.level;
      if (t > moved[it->second]) moved[it->second] = t, from[it->second] = sl.skill;
    }
  }

  double sum_w = 0, sum_w0 = 0;
  for (const auto& r : y.requires) {
    sum_w += r.importance;
    if (r.min_level == 0) sum_w0 += r.importance;
  }
  std::vector<std::string> essential_rules;
  for (std::size_t k = 0; k < y.requires.size(); ++k) {
    const model::requirement& r = y.requires[k];
    requirement_explanation re;
    re.skill = r.skill;
    re.importance = r.importance;
    re.min_level = r.min_level;
    re.own_level = own[k];
    re.level = own[k];
    if (moved[k] > own[k]) re.level = moved[k], re.transferred_from = from[k];
    re.essential = r.is_essential();
    re.gap = std::max(0.0, r.min_level - re.level);
    re.weight_share = r.importance / sum_w;
    const double coverage = r.min_level == 0 ? 1.0 : std::min(re.level, static_cast<double>(r.min_level)) / r.min_level;
    re.contribution = r.importance * coverage / sum_w;
    if (re.level >= r.min_level) {
      re.status = requirement_status::met;
    } else if (re.essential) {
      re.status = requirement_status::essential_missing;
      if (cfg.essential_hard_or_default()) {
        essential_rules.push_back("essential requirement " + r.skill + " unmet (level " + number(re.level) + " < " +
                                  std::to_string(r.min_level) + ") at " + post_path + "/requires/" + std::to_string(k));
      }
    } else {
      re.status = re.level > 0 ? requirement_status::partial : requirement_status::missing;
    }
    out.requirements.push_back(std::move(re));
  }
  const double fit = detail_explain::pair_fit(y, out.requirements, skills, sum_w, sum_w0);
  out.fit = fit;

  bool ok = true;
  if (x.capacity_or_default() <= 0) {
    ok = false;
    out.rules.push_back("capacity 0 at " + expert_path + "/capacity");
  }
  if (y.min_months && x.available_months < *y.min_months) {
    ok = false;
    out.rules.push_back("available_months " + number(x.available_months) + " < min_months " + number(*y.min_months) +
                        " at " + post_path + "/min_months");
  }
  if (!essential_rules.empty()) ok = false;
  for (auto& s : essential_rules) out.rules.push_back(std::move(s));
  const double min_score = cfg.min_score_or_default();
  if (fit < min_score - min_score_tolerance) {
    ok = false;
    out.rules.push_back("fit " + number(fit) + " below min_score " + number(min_score) + " at /settings/min_score");
  }
  if (p.pairs) {
    const auto& rules = *p.pairs;
    for (std::size_t k = 0; k < rules.size(); ++k) {
      if (rules[k].expert != x.id || rules[k].post != y.id) continue;
      const std::string at = model::path_of("pairs", k);
      switch (rules[k].rule) {
        case model::pair_kind::forbid:
          ok = false;
          out.rules.push_back("forbidden by " + at);
          break;
        case model::pair_kind::require:
          ok = true;
          out.rules.push_back("required by " + at + " (a nomination overrides the other rules)");
          break;
        case model::pair_kind::bonus:
          out.bonus = rules[k].value.value_or(0.0);
          out.rules.push_back("bonus " + number(out.bonus) + " from " + at);
          break;
      }
      break;  // a valid problem has one rule per pair
    }
  }
  out.feasible = ok;
  out.value = detail_scoring::pair_value(cfg.fit_weight() * out.priority, fit, cfg.bonus_weight(), out.bonus);
  return out;
}

// explain by ids; an unknown id raises talentmatch::error naming it. The first expert (post) with the id is used, as
// in model::id_index.
inline explanation explain(const model::problem& p, const std::string& expert_id, const std::string& post_id) {
  auto position = [](const auto& items, const std::string& id) -> std::ptrdiff_t {
    for (std::size_t k = 0; k < items.size(); ++k) {
      if (items[k].id == id) return static_cast<std::ptrdiff_t>(k);
    }
    return -1;
  };
  const std::ptrdiff_t e = position(p.experts, expert_id);
  if (e < 0) throw error("explain: unknown expert \"" + expert_id + "\"");
  const std::ptrdiff_t q = position(p.posts, post_id);
  if (q < 0) throw error("explain: unknown post \"" + post_id + "\"");
  return explain(p, e, q);
}

}  // namespace talentmatch::scoring

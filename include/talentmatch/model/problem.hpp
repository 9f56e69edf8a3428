#pragma once

// The whole problem document, format talentmatch/1 (DESIGN.md section 4): the taxonomy, experts, posts, local staff,
// training hosts, pair rules, quotas and settings. Plain data: io/json.hpp reads and writes it, model/validate.hpp
// checks it, scoring/ turns it into matrices.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "talentmatch/model/expert.hpp"
#include "talentmatch/model/post.hpp"
#include "talentmatch/model/skills.hpp"

namespace talentmatch::model {

// A skill a local staff member wants to reach.
struct goal {
  std::string skill;
  double target_level = 0;        // 0..7
  std::optional<int> importance;  // 1..5, default 1
};

// Local staff (mentees).
struct staff_member {
  std::string id;
  std::string unit;
  std::optional<std::string> department;  // default: the department of the posts of the same unit
  std::vector<skill_level> skills;        // optional in the document
  std::vector<goal> goals;
  std::optional<std::vector<std::string>> prefers;  // expert ids, best first (stable mentoring)
};

// A partner institution that trains local staff.
struct host {
  std::string id;
  std::optional<std::string> name;
  int capacity = 0;
  std::vector<skill_level> offers;
};

enum class pair_kind { forbid, require, bonus };

// A rule on one expert-post pair: a conflict of interest, a nomination, a bonus.
struct pair_rule {
  std::string expert;
  std::string post;
  pair_kind rule = pair_kind::bonus;
  std::optional<double> value;  // the bonus added to the pair's value
};

enum class side { posts, experts };

// A quota: the posts (or experts) whose fields match every entry of `where` take at least `min` and at most `max`
// pairs in total. Quotas on one side must nest.
struct constraint {
  std::string name;
  side on = side::posts;
  attributes where;  // field -> value; a post's id, department, unit, region; an expert's id, name, province,
                     // institution, title or any of its attributes
  std::optional<int> min, max;
};

struct scoring_weights {
  std::optional<double> fit;    // multiplies priority * fit; default 1
  std::optional<double> bonus;  // multiplies the pair bonuses; default 1
};

struct settings {
  std::optional<double> min_score;     // pairs with fit below it are not candidates; default 0
  std::optional<bool> essential_hard;  // an unmet essential requirement makes a pair infeasible; default true
  std::optional<std::int64_t> seed;    // tie-breaking in reports
  std::optional<scoring_weights> weights;
  std::optional<double> mentoring_margin;      // a mentor needs target_level + margin; default 0
  std::optional<double> mentoring_unit_bonus;  // added to a pair when the mentor is posted to the member's unit
  std::optional<std::string>
      mentoring_scope;  // with a post plan, whom a mentor may pair with: "unit" (default), "department"

  double min_score_or_default() const { return min_score.value_or(0.0); }
  bool essential_hard_or_default() const { return essential_hard.value_or(true); }
  double fit_weight() const { return weights && weights->fit ? *weights->fit : 1.0; }
  double bonus_weight() const { return weights && weights->bonus ? *weights->bonus : 1.0; }
  double mentoring_margin_or_default() const { return mentoring_margin.value_or(0.0); }
  double mentoring_unit_bonus_or_default() const { return mentoring_unit_bonus.value_or(1.0); }
  std::string mentoring_scope_or_default() const { return mentoring_scope.value_or("unit"); }
};

struct problem {
  std::vector<skill> skills;
  std::vector<expert> experts;
  std::vector<post> posts;
  // Sections a document may leave out; absent stays absent when it is written back.
  std::optional<std::vector<staff_member>> staff;
  std::optional<std::vector<host>> hosts;
  std::optional<std::vector<pair_rule>> pairs;
  std::optional<std::vector<constraint>> constraints;
  std::optional<settings> config;  // the document's "settings"
  bool has_format = false;         // whether the document named its format ("format": "talentmatch/1")
};

inline const char* to_string(pair_kind k) {
  switch (k) {
    case pair_kind::forbid:
      return "forbid";
    case pair_kind::require:
      return "require";
    case pair_kind::bonus:
      return "bonus";
  }
  return "bonus";
}

inline const char* to_string(side s) { return s == side::posts ? "posts" : "experts"; }

}  // namespace talentmatch::model

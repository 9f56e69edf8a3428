#pragma once

// A post plan (DESIGN.md section 7): who goes where and why, what stays unmet and whom to recruit, what each slot
// and quota is worth, and the certificate that proves the plan optimal. Plain data, in the document's ids: the
// matcher (plan/matcher.hpp) fills it, io/plan_json.hpp writes it, replan and alternatives start from it.
//
//     const auto problem = talentmatch::io::load_problem("fuyun.json");
//     const talentmatch::plan::plan p = talentmatch::plan::match(problem);
//     for (const auto& a : p.assignments) std::cout << a.expert << " -> " << a.post << ": " << a.reason << "\n";
//
// Values are in the model's units (DESIGN.md section 5: priority * fit + bonus), to be maximised.

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "talentmatch/solver/certificate.hpp"

namespace talentmatch::plan {

// One expert in one post.
struct assignment {
  std::string expert, post, department, unit;
  std::ptrdiff_t expert_index = -1, post_index = -1;  // positions in the problem's experts and posts
  double value = 0, fit = 0;
  bool required = false;  // a `require` pair rule (or a pair forced by alternatives) put it there
  std::string reason;     // one line: the fit, the requirements met, the rule that forced it
};

// A requirement of an unfilled post that no available expert (one with room left in the plan) brings.
struct missing_skill {
  std::string skill;
  double level = 0;           // the post's min_level
  double best_available = 0;  // the highest effective level among the available experts
  int importance = 1;
  bool essential = false;
};

// Why a pair is not in the plan: `rule` is one of "capacity", "months", "essential", "min_score", "forbid" (the
// pair is infeasible), "outbid" (the expert is full and its least valuable post, `by_post`, is worth as much or
// more), "needed" (the expert is full and its post `by_post`, worth less, needs it: its min_fill, or `constraint` at
// its min, or exchanges that lose value elsewhere), "quota" (a constraint at its max holds the expert or the post:
// `constraint`), "value" (the pair adds no value: its value is <= 0), "post_full" (the post's slots are taken by
// pairs worth as much or more), or "" when an equally good plan may use it.
struct blocked_pair {
  std::string expert;
  std::ptrdiff_t expert_index = -1;
  double fit = 0, value = 0;
  bool feasible = false;
  std::string rule;
  std::string blocked_by;           // a sentence naming the rule, with its levels, months, JSON path or pair
  std::string skill;                // "essential": the essential skill
  double level = 0, min_level = 0;  // "essential": the expert's effective level and the requirement's; "months":
                                    // available and required months
  std::string by_post;              // "outbid": the post the expert holds instead (its least valuable)
  double by_value = 0;              // "outbid": that pair's value
  std::string constraint;           // "quota": the constraint's name
  std::string province, institution;

  // Which detail fields the rule sets: the one rule both the plan JSON and the Python dicts write them by.
  bool has_skill() const { return rule == "essential"; }
  bool has_levels() const { return rule == "essential" || rule == "months"; }
  bool has_by_post() const { return rule == "outbid" || rule == "needed"; }
  bool has_constraint() const { return rule == "quota" || (rule == "needed" && !constraint.empty()); }
};

// A post with slots left empty, and the recruiting brief for it.
struct unfilled_post {
  std::string post, department, unit;
  std::ptrdiff_t post_index = -1;
  std::ptrdiff_t slots = 0;   // slots left empty
  std::ptrdiff_t filled = 0;  // slots filled
  std::vector<missing_skill> missing;
  std::vector<blocked_pair> closest;      // the experts of highest fit not in the post, best first
  std::vector<std::string> provinces;     // where the closest came from, in their order, each once
  std::vector<std::string> institutions;  // likewise
};

// An expert the plan does not use.
struct unassigned_expert {
  std::string expert;
  std::ptrdiff_t expert_index = -1;
  std::string reason;       // "no_feasible_post", "outbid", "quota", "value"
  std::string explanation;  // a sentence
  std::string best_post;    // the feasible post of highest value ("" when none)
  double best_value = 0;
};

// A feasible expert not in the post, with the value the plan loses if that expert is put there (the best plan with
// the pair forced, against this one; 0 means an equally good plan uses it). A post lists the experts cheapest to put
// there (plan/alternates.hpp).
struct alternate {
  std::string expert;
  std::ptrdiff_t expert_index = -1;
  double value = 0, fit = 0;
  double loss = 0;
  bool exact = true;  // false: on a network too large to search whole, the loss of one exchange that moves the
                      // expert in (a real plan), not proven the least
};

struct post_alternates {
  std::string post;
  std::vector<alternate> experts;  // by loss, then value (highest first), then document order
};

// The value one more unit of a bound is worth: for a post, one more slot; for a constraint at a bound, one unit of
// relaxation (max + 1, or min - 1).
struct post_price {
  std::string post;
  double price = 0;
};

struct constraint_price {
  std::string name;
  std::string side;         // "posts" or "experts"
  std::string bound;        // "max" or "min": the bound that binds
  std::ptrdiff_t load = 0;  // the pairs its members hold in the plan
  double price = 0;
};

// What changed against a previous plan (replan).
struct moved_expert {
  std::string expert, from, to;
};

struct plan_diff {
  std::vector<assignment> kept, added, removed;  // pairs, matched by (expert id, post id)
  std::vector<moved_expert> moved;               // an expert who left one post and took another
  double value_change = 0;                       // new objective - old objective
};

struct timings {
  double validate = 0, score = 0, graph = 0, solve = 0, report = 0;  // seconds
};

// What a later replan starts its flow from (solver::flow_warm_start): the flow's duals by document id. Not part of
// the plan's JSON; a plan read back from JSON replans from nothing, to the same optimum.
struct warm_state {
  std::vector<std::string> experts, posts;                    // the ids of the solved problem, in its order
  std::vector<double> u, v;                                   // the duals of each expert's and each post's bound
  std::vector<std::string> row_constraints, col_constraints;  // the constraint (by name) behind each quota
  std::vector<double> row_group_dual, col_group_dual;
};

struct plan {
  std::string kind = "posts";
  bool fill_first = false;
  double objective = 0;  // the sum of the assignments' values
  std::ptrdiff_t slots = 0, filled = 0;
  std::vector<assignment> assignments;  // by expert (document order), then post
  std::vector<unfilled_post> unfilled;  // in post order
  std::vector<unassigned_expert> unassigned;
  std::vector<post_alternates> alternates;          // posts with at least one alternate, in post order
  std::vector<post_price> post_prices;              // every post, in post order
  std::vector<constraint_price> constraint_prices;  // the constraints at a bound, in document order
  // The flow's certificate (solver/flow_certificate.hpp) on the problem the plan solved, with the forced pairs fixed:
  // ok, gap (|primal - dual|), reduced costs and slackness. cert.message also reports a plan whose assignments break
  // a rule of the document (a bug, never expected).
  solver::certificate cert;
  bool has_diff = false;
  plan_diff diff;
  double switching_cost = 0;  // the bonus each kept pair earned in the solve (replan), 0 otherwise
  bool warm_started = false;  // the flow started from the old plan's pairs and duals (replan), see warm_state
  timings time;
  std::shared_ptr<const warm_state> warm;  // for replan; null when the plan was read back or built by hand
};

}  // namespace talentmatch::plan

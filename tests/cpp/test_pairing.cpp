// Mentor pairings and training placements (plan/mentoring.hpp, plan/placement.hpp) on hand-checked documents; the
// randomised oracles (brute force over every pairing and every stable pairing) are in tests/python/test_pairing.py.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/expect_error.hpp"
#include "talentmatch/io/json.hpp"
#include "talentmatch/io/plan_json.hpp"
#include "talentmatch/plan/matcher.hpp"
#include "talentmatch/plan/mentoring.hpp"
#include "talentmatch/plan/placement.hpp"

namespace tmx = talentmatch;

namespace {

// Two mentors and three staff in two units. By hand, without a post plan (margin 1):
//   s-a: icu 1 -> 4 (importance 5) = 15 from e-hi (icu 6 >= 5) or e-lo (icu 5 >= 5); s-b: icu 3 -> 5 (importance 2)
//   = 4 from e-hi only (6 >= 6); s-c: math 0 -> 3 = 3 from e-lo (math 4 >= 4).
// e-hi takes one, e-lo one: the best is s-a with e-lo (15) and s-b with e-hi (4) = 19; s-c is left (capacity).
const char* doc = R"({
  "skills": [{"id": "icu", "name": "ICU"}, {"id": "math", "name": "Math"}],
  "experts": [
    {"id": "e-hi", "available_months": 9, "mentor_capacity": 1, "skills": {"icu": 6}},
    {"id": "e-lo", "available_months": 9, "mentor_capacity": 1, "skills": {"icu": 5, "math": 4}}],
  "posts": [
    {"id": "p-icu", "department": "health", "unit": "hospital", "slots": 1,
     "requires": [{"skill": "icu", "importance": 5, "min_level": 4}]},
    {"id": "p-math", "department": "education", "unit": "school", "slots": 1,
     "requires": [{"skill": "math", "importance": 5, "min_level": 4}]}],
  "staff": [
    {"id": "s-a", "unit": "hospital", "skills": {"icu": 1}, "goals": [{"skill": "icu", "target_level": 4, "importance": 5}]},
    {"id": "s-b", "unit": "hospital", "skills": {"icu": 3}, "goals": [{"skill": "icu", "target_level": 5, "importance": 2}]},
    {"id": "s-c", "unit": "school", "goals": [{"skill": "math", "target_level": 3}]}],
  "hosts": [{"id": "h-1", "capacity": 1, "offers": {"icu": 5}}, {"id": "h-2", "capacity": 2, "offers": {"math": 3}}],
  "settings": {"mentoring": {"margin": 1}}
})";

}  // namespace

TEST(Pairing, MentorsByHand) {
  const auto p = tmx::io::parse_problem(doc);
  const auto plan = tmx::plan::pair_mentors(p);
  ASSERT_TRUE(plan.cert.ok) << plan.cert.message;
  EXPECT_DOUBLE_EQ(plan.objective, 19.0);
  ASSERT_EQ(plan.assignments.size(), 2u);
  EXPECT_EQ(plan.assignments[0].staff, "s-a");
  EXPECT_EQ(plan.assignments[0].partner, "e-lo");
  EXPECT_EQ(plan.assignments[1].staff, "s-b");
  EXPECT_EQ(plan.assignments[1].partner, "e-hi");
  EXPECT_EQ(plan.assignments[0].reason, "teaches icu 1 -> 4 (level 5, importance 5); value 15");
  ASSERT_EQ(plan.unassigned.size(), 1u);
  EXPECT_EQ(plan.unassigned[0].staff, "s-c");
  EXPECT_EQ(plan.unassigned[0].reason, "capacity");
  EXPECT_TRUE(plan.uncovered.empty());
}

TEST(Pairing, StableByHand) {
  // Staff propose by value: s-a prefers e-hi (15 = 15, document order) and e-hi prefers s-a (15 > 4), so the stable
  // pairing keeps s-a with e-hi; s-b has no one else; s-c takes e-lo: 15 + 3 = 18, one less than the optimum.
  const auto p = tmx::io::parse_problem(doc);
  tmx::plan::mentor_options opt;
  opt.stable = true;
  const auto plan = tmx::plan::pair_mentors(p, nullptr, opt);
  EXPECT_TRUE(plan.cert.ok) << plan.cert.message;
  EXPECT_TRUE(plan.blocking.empty());
  EXPECT_DOUBLE_EQ(plan.objective, 18.0);
  EXPECT_DOUBLE_EQ(plan.optimal_objective, 19.0);
  EXPECT_DOUBLE_EQ(plan.stability_cost, 1.0);
  ASSERT_EQ(plan.assignments.size(), 2u);
  EXPECT_EQ(plan.assignments[0].partner, "e-hi");
  EXPECT_EQ(plan.assignments[1].staff, "s-c");
  // The value optimum is blocked by (s-a, e-hi): each prefers the other to its partner.
  const auto optimum = tmx::plan::pair_mentors(p);
  ASSERT_EQ(optimum.blocking.size(), 1u);
  EXPECT_EQ(optimum.blocking[0].staff, "s-a");
  EXPECT_EQ(optimum.blocking[0].partner, "e-hi");
}

TEST(Pairing, WithPostPlanAndTeams) {
  // The post plan puts e-hi in the hospital and e-lo in the school: within units, s-a and s-b can only have e-hi
  // (capacity 1: s-a, 15 + bonus 1), s-c e-lo (3 + 1).
  const auto p = tmx::io::parse_problem(doc);
  const auto posts = tmx::plan::match(p);
  const auto plan = tmx::plan::pair_mentors(p, &posts);
  EXPECT_EQ(plan.scope, "unit");
  EXPECT_DOUBLE_EQ(plan.objective, 20.0);
  ASSERT_EQ(plan.assignments.size(), 2u);
  EXPECT_EQ(plan.assignments[0].partner, "e-hi");
  EXPECT_DOUBLE_EQ(plan.assignments[0].bonus, 1.0);
  EXPECT_EQ(plan.assignments[1].partner, "e-lo");
  tmx::plan::mentor_options opt;
  opt.format = "team";
  const auto teams = tmx::plan::pair_mentors(p, &posts, opt);
  ASSERT_EQ(teams.partners.size(), 2u);
  EXPECT_EQ(teams.partners[0].id, "team:hospital");
  EXPECT_EQ(teams.partners[0].members, std::vector<std::string>{"e-hi"});
  EXPECT_DOUBLE_EQ(teams.objective, 20.0);
  EXPECT_EQ(teams.assignments[0].goals[0].by, "e-hi");
}

TEST(Pairing, PlacementsByHand) {
  // h-1 (1 place) trains icu to 5: s-a (15) or s-b (4); h-2 trains math to 3: s-c (3). Best 18.
  const auto p = tmx::io::parse_problem(doc);
  const auto plan = tmx::plan::place_trainees(p);
  ASSERT_TRUE(plan.cert.ok) << plan.cert.message;
  EXPECT_DOUBLE_EQ(plan.objective, 18.0);
  ASSERT_EQ(plan.assignments.size(), 2u);
  EXPECT_EQ(plan.assignments[0].partner, "h-1");
  EXPECT_EQ(plan.assignments[1].partner, "h-2");
  EXPECT_EQ(plan.assignments[1].department, "education");
  const auto j = tmx::io::pairing_to_json(plan);
  EXPECT_EQ(j["kind"], "placements");
  EXPECT_EQ(j["assignments"][0].begin().key(), "staff");
  EXPECT_EQ(j["assignments"][0]["host"], "h-1");
  EXPECT_EQ(j["shadow_prices"]["hosts"].size(), 2u);
}

TEST(Pairing, Errors) {
  const auto p = tmx::io::parse_problem(doc);
  tmx::plan::mentor_options opt;
  opt.format = "pairs";
  tmx::test::expect_error([&] { tmx::plan::pair_mentors(p, nullptr, opt); }, {"format must be", "\"pairs\""});
  opt.format = "team";
  tmx::test::expect_error([&] { tmx::plan::pair_mentors(p, nullptr, opt); }, {"needs a post plan"});
  tmx::plan::placement_options popt;
  popt.optimal = "mentors";
  tmx::test::expect_error([&] { tmx::plan::place_trainees(p, popt); }, {"optimal must be \"staff\" or \"hosts\""});
  tmx::plan::plan stranger;
  stranger.assignments.push_back({});
  stranger.assignments[0].expert = "nobody";
  stranger.assignments[0].post = "p-icu";
  tmx::test::expect_error([&] { tmx::plan::pair_mentors(p, &stranger); },
                          {"post_plan: assignments[0]: expert \"nobody\" is not in the problem"});
}

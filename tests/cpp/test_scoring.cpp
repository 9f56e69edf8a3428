// Tests of talentmatch::scoring (score, score_candidates, effective_levels, explain) against a plain reference that
// shares no code with the vectorised products (scoring_reference.hpp: loops over experts, posts and requirements).
// Random valid problems cover fractional and transferred levels, min_level 0, essential requirements (hard or not),
// min_months, capacity 0, forbid / require / bonus pairs, weights and min_score; tests/data/fuyun.json gives
// hand-checked values.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "scoring_reference.hpp"
#include "talentmatch/error.hpp"
#include "talentmatch/io/json.hpp"
#include "talentmatch/model/problem.hpp"
#include "talentmatch/model/validate.hpp"
#include "talentmatch/scoring/explain.hpp"
#include "talentmatch/scoring/scoring.hpp"

namespace {

namespace tm = talentmatch::model;
namespace sc = talentmatch::scoring;
using idx = std::ptrdiff_t;
// The reference (scoring_reference.hpp): the model of DESIGN.md section 5 written out directly.
using talentmatch_test::reference_levels;
using talentmatch_test::reference_scores;

// ---------------------------------------------------------------------------------------------------------------
// Random valid problems.

struct shape {
  int experts, posts, skills;
  int pairs = 6;
};

tm::problem random_problem(std::mt19937_64& rng, shape sh) {
  auto uniform = [&](double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); };
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  auto chance = [&](double prob) { return uniform(0, 1) < prob; };
  auto subset = [&](int k) {
    std::vector<int> all(static_cast<std::size_t>(sh.skills));
    for (int s = 0; s < sh.skills; ++s) all[static_cast<std::size_t>(s)] = s;
    std::shuffle(all.begin(), all.end(), rng);
    all.resize(static_cast<std::size_t>(std::min(k, sh.skills)));
    return all;
  };
  tm::problem p;
  for (int s = 0; s < sh.skills; ++s) {
    tm::skill k;
    k.id = "s" + std::to_string(s);
    k.name = k.id;
    const int related = chance(0.5) ? pick(1, 3) : 0;
    for (int r = 0; r < related; ++r) {
      const double choices[] = {0.0, 0.5, 1.0, uniform(0, 1), uniform(0, 1)};
      k.related.push_back({"s" + std::to_string(pick(0, sh.skills - 1)), choices[pick(0, 4)]});
    }
    p.skills.push_back(std::move(k));
  }
  for (int e = 0; e < sh.experts; ++e) {
    tm::expert x;
    x.id = "e" + std::to_string(e);
    x.available_months = chance(0.5) ? pick(0, 12) : uniform(0, 12);
    if (chance(0.3)) x.capacity = pick(0, 2);
    for (int s : subset(pick(0, 6))) {
      const double level = chance(0.2) ? 0.0 : chance(0.5) ? pick(1, 7) : uniform(0, 7);
      x.skills.push_back({"s" + std::to_string(s), level});
    }
    p.experts.push_back(std::move(x));
  }
  for (int q = 0; q < sh.posts; ++q) {
    tm::post y;
    y.id = "p" + std::to_string(q);
    y.department = "d";
    y.unit = "u";
    if (chance(0.4)) y.min_months = chance(0.5) ? pick(0, 12) : uniform(0, 12);
    if (chance(0.7)) y.priority = chance(0.5) ? pick(1, 5) : uniform(1, 5);
    for (int s : subset(chance(0.1) ? 0 : pick(1, 5))) {
      tm::requirement r;
      r.skill = "s" + std::to_string(s);
      r.importance = pick(1, 5);
      r.min_level = chance(0.15) ? 0 : pick(1, 7);
      if (chance(0.6)) r.essential = chance(0.4);
      y.requires.push_back(r);
    }
    p.posts.push_back(std::move(y));
  }
  if (sh.experts > 0 && sh.posts > 0 && chance(0.8)) {
    p.pairs.emplace();
    std::set<std::pair<int, int>> used;
    for (int k = 0; k < sh.pairs; ++k) {
      const int e = pick(0, sh.experts - 1), q = pick(0, sh.posts - 1);
      if (!used.insert({e, q}).second) continue;
      tm::pair_rule r;
      r.expert = "e" + std::to_string(e);
      r.post = "p" + std::to_string(q);
      const int kind = pick(0, 2);
      r.rule = kind == 0 ? tm::pair_kind::forbid : kind == 1 ? tm::pair_kind::require : tm::pair_kind::bonus;
      if (r.rule == tm::pair_kind::bonus && chance(0.9)) r.value = uniform(-1, 2);
      p.pairs->push_back(r);
    }
  }
  if (chance(0.8)) {
    tm::settings cfg;
    const int which = pick(0, 3);
    if (which == 1) cfg.min_score = 0.0;
    if (which >= 2) cfg.min_score = uniform(0, 1);
    if (chance(0.7)) cfg.essential_hard = chance(0.5);
    if (chance(0.6)) {
      cfg.weights.emplace();
      if (chance(0.7)) cfg.weights->fit = uniform(0, 3);
      if (chance(0.7)) cfg.weights->bonus = uniform(0, 3);
    }
    p.config = cfg;
  }
  return p;
}

// Compares two score sets entry by entry; reports the first few differences only.
void expect_same_scores(const sc::scores& got, const sc::scores& want, const std::string& what) {
  ASSERT_EQ(got.fit.rows(), want.fit.rows()) << what;
  ASSERT_EQ(got.fit.cols(), want.fit.cols()) << what;
  ASSERT_EQ(got.value.rows(), want.value.rows()) << what;
  ASSERT_EQ(got.value.cols(), want.value.cols()) << what;
  ASSERT_EQ(got.feasible.rows(), want.feasible.rows()) << what;
  ASSERT_EQ(got.feasible.cols(), want.feasible.cols()) << what;
  int reported = 0;
  for (idx e = 0; e < want.fit.rows() && reported < 5; ++e) {
    for (idx q = 0; q < want.fit.cols() && reported < 5; ++q) {
      const bool same = std::abs(got.fit(e, q) - want.fit(e, q)) <= 1e-12 &&
                        std::abs(got.value(e, q) - want.value(e, q)) <= 1e-12 &&
                        got.feasible(e, q) == want.feasible(e, q);
      if (!same) {
        ++reported;
        ADD_FAILURE() << what << ": pair (" << e << ", " << q << "): fit " << got.fit(e, q) << " vs " << want.fit(e, q)
                      << ", value " << got.value(e, q) << " vs " << want.value(e, q) << ", feasible "
                      << int(got.feasible(e, q)) << " vs " << int(want.feasible(e, q));
      }
    }
  }
}

// The candidates must be exactly the feasible entries of the dense scores, in row-major order.
void expect_candidates_match(const sc::candidates& c, const sc::scores& dense, const std::string& what) {
  EXPECT_EQ(c.experts, dense.fit.rows()) << what;
  EXPECT_EQ(c.posts, dense.fit.cols()) << what;
  ASSERT_EQ(c.post.size(), c.expert.size()) << what;
  ASSERT_EQ(c.fit.size(), c.expert.size()) << what;
  ASSERT_EQ(c.value.size(), c.expert.size()) << what;
  std::size_t k = 0;
  for (idx e = 0; e < dense.feasible.rows(); ++e) {
    for (idx q = 0; q < dense.feasible.cols(); ++q) {
      if (!dense.feasible(e, q)) continue;
      ASSERT_LT(k, c.expert.size()) << what << ": missing candidate (" << e << ", " << q << ")";
      ASSERT_EQ(c.expert[k], e) << what << ": candidate " << k;
      ASSERT_EQ(c.post[k], q) << what << ": candidate " << k;
      EXPECT_EQ(c.fit[k], dense.fit(e, q)) << what << ": candidate " << k;
      EXPECT_NEAR(c.value[k], dense.value(e, q), 1e-12) << what << ": candidate " << k;
      ++k;
    }
  }
  EXPECT_EQ(k, c.expert.size()) << what << ": extra candidates";
}

Eigen::MatrixXd to_dense(const Eigen::SparseMatrix<double, Eigen::RowMajor>& m) { return Eigen::MatrixXd(m); }

tm::problem fuyun() { return talentmatch::io::load_problem(TALENTMATCH_TEST_DATA "/fuyun.json"); }

// ---------------------------------------------------------------------------------------------------------------

TEST(Scoring, MatchesTheReferenceOnRandomProblems) {
  std::mt19937_64 rng(20240611);
  for (int trial = 0; trial < 300; ++trial) {
    const shape sh{std::uniform_int_distribution<int>(0, 14)(rng), std::uniform_int_distribution<int>(0, 14)(rng),
                   std::uniform_int_distribution<int>(0, 10)(rng), 8};
    const tm::problem p = random_problem(rng, sh);
    const std::string what = "trial " + std::to_string(trial);
    ASSERT_TRUE(tm::validate(p).empty()) << what << ": the generator made an invalid problem";
    const sc::scores got = sc::score(p);
    expect_same_scores(got, reference_scores(p), what);
    expect_candidates_match(sc::score_candidates(p), got, what);
    const Eigen::MatrixXd L = to_dense(sc::effective_levels(p));
    const Eigen::MatrixXd want = reference_levels(p);
    ASSERT_EQ(L.rows(), want.rows()) << what;
    ASSERT_EQ(L.cols(), want.cols()) << what;
    EXPECT_TRUE(L == want) << what;
    if (testing::Test::HasFailure()) break;
  }
}

// Many experts in turn on score_candidates' scratch rows, and few skills so that most pairs meet.
TEST(Scoring, MatchesTheReferenceWithManyExperts) {
  std::mt19937_64 rng(7);
  const tm::problem p = random_problem(rng, {2600, 9, 6, 40});
  ASSERT_TRUE(tm::validate(p).empty());
  const sc::scores got = sc::score(p);
  expect_same_scores(got, reference_scores(p), "many experts");
  expect_candidates_match(sc::score_candidates(p), got, "many experts");
}

TEST(Scoring, CandidatesWithMinScoreAreTheFeasibleEntries) {
  std::mt19937_64 rng(99);
  for (int trial = 0; trial < 50; ++trial) {
    tm::problem p = random_problem(rng, {30, 30, 12, 20});
    tm::settings cfg = p.config.value_or(tm::settings{});
    cfg.min_score = 0.1 + 0.8 * std::uniform_real_distribution<double>(0, 1)(rng);
    p.config = cfg;
    const sc::scores dense = sc::score(p);
    expect_same_scores(dense, reference_scores(p), "trial " + std::to_string(trial));
    expect_candidates_match(sc::score_candidates(p), dense, "trial " + std::to_string(trial));
  }
}

// A fit equal to min_score in exact arithmetic stays feasible although the products round it.
TEST(Scoring, FitAtMinScoreIsKept) {
  tm::problem p;
  for (int s = 0; s < 3; ++s) p.skills.push_back({"s" + std::to_string(s), "", {}, {}});
  tm::expert x;
  x.id = "e";
  x.available_months = 12;
  tm::post y;
  y.id = "p";
  y.department = y.unit = "u";
  for (int s = 0; s < 3; ++s) {
    x.skills.push_back({"s" + std::to_string(s), 1.0});
    y.requires.push_back({"s" + std::to_string(s), 1, 3, std::nullopt});
  }
  p.experts.push_back(x);
  p.posts.push_back(y);
  tm::settings cfg;
  cfg.min_score = 1.0 / 3.0;
  p.config = cfg;
  const sc::scores s = sc::score(p);
  EXPECT_NEAR(s.fit(0, 0), 1.0 / 3.0, 1e-15);
  EXPECT_EQ(s.feasible(0, 0), 1);
  EXPECT_EQ(sc::score_candidates(p).expert.size(), 1u);
  EXPECT_TRUE(sc::explain(p, 0, 0).feasible);
}

TEST(Scoring, EmptyShapes) {
  tm::problem p;
  const sc::scores s = sc::score(p);
  EXPECT_EQ(s.fit.rows(), 0);
  EXPECT_EQ(s.fit.cols(), 0);
  const sc::candidates c = sc::score_candidates(p);
  EXPECT_EQ(c.experts, 0);
  EXPECT_TRUE(c.expert.empty());
  // Experts and posts but no skills: every post has fit 1.
  p.experts.push_back({});
  p.experts.back().id = "e";
  p.posts.push_back({});
  p.posts.back().id = "p";
  p.posts.back().department = p.posts.back().unit = "u";
  const sc::scores t = sc::score(p);
  EXPECT_EQ(t.fit(0, 0), 1.0);
  EXPECT_EQ(t.feasible(0, 0), 1);
  EXPECT_EQ(sc::score_candidates(p).expert.size(), 1u);
}

TEST(Scoring, RejectsAnInvalidProblem) {
  tm::problem p = fuyun();
  p.experts[0].skills.push_back({"no.such.skill", 3});
  EXPECT_THROW(sc::score(p), talentmatch::validation_error);
  EXPECT_THROW(sc::score_candidates(p), talentmatch::validation_error);
  EXPECT_THROW(sc::effective_levels(p), talentmatch::validation_error);
}

// ---------------------------------------------------------------------------------------------------------------
// tests/data/fuyun.json, by hand. Experts 0 e-wang, 1 e-zhao, 2 e-sun, 3 e-liu, 4 e-chen, 5 e-yang, 6 e-zhou, 7 e-wu,
// 8 e-gao; posts 0 p-urology, 1 p-dialysis, 2 p-maternal, 3 p-icu, 4 p-math, 5 p-physics, 6 p-welding, 7 p-tourism,
// 8 p-park. Settings: min_score 0.2, essential_hard, weights 1 and 1.

TEST(Scoring, FuyunHandChecked) {
  const tm::problem p = fuyun();
  const sc::scores s = sc::score(p);
  expect_same_scores(s, reference_scores(p), "fuyun");

  // (e-wang, p-urology): laparoscopy 6 >= 5 (c 1); surgery: own 5, transfer 0.5 * laparoscopy 6 = 3, so L 5 >= 4
  // (c 1). fit 1, value priority 5 * 1 = 5; available 12 >= min_months 6.
  EXPECT_DOUBLE_EQ(s.fit(0, 0), 1.0);
  EXPECT_DOUBLE_EQ(s.value(0, 0), 5.0);
  EXPECT_EQ(s.feasible(0, 0), 1);

  // (e-zhao, p-dialysis): dialysis own 4 > transfer 0.6 * nephrology 6 = 3.6, c 4/5; nephrology 6 >= 4, c 1.
  // fit (5 * 0.8 + 3 * 1) / 8 = 7/8; value 4 * 7/8 = 3.5.
  EXPECT_NEAR(s.fit(1, 1), 0.875, 1e-15);
  EXPECT_NEAR(s.value(1, 1), 3.5, 1e-14);
  EXPECT_EQ(s.feasible(1, 1), 1);

  // (e-liu, p-maternal): obstetrics own 0, transfer 0.4 * icu 6 = 2.4 < 5 (essential); icu 6 >= 3.
  // fit (5 * 2.4/5 + 2 * 1) / 7 = 4.4/7; value 5 * 4.4/7. Infeasible twice: the essential rule and /pairs/0.
  EXPECT_NEAR(s.fit(3, 2), 4.4 / 7, 1e-15);
  EXPECT_NEAR(s.value(3, 2), 5 * 4.4 / 7, 1e-14);
  EXPECT_EQ(s.feasible(3, 2), 0);

  // (e-liu, p-urology): laparoscopy 0 (essential), surgery 3 of 4: fit 3 * 0.75 / 8 = 0.28125; months 4 < 6.
  EXPECT_NEAR(s.fit(3, 0), 0.28125, 1e-15);
  EXPECT_EQ(s.feasible(3, 0), 0);

  // (e-gao, p-park): planning 4 >= 4, mining 6 >= 3: fit 1; value 3 * 1 + bonus 0.5 (/pairs/1) = 3.5.
  EXPECT_DOUBLE_EQ(s.fit(8, 8), 1.0);
  EXPECT_NEAR(s.value(8, 8), 3.5, 1e-14);
  EXPECT_EQ(s.feasible(8, 8), 1);

  // (e-wu, p-park): planning 2 of 4 (c 0.5), mining 0: fit 4 * 0.5 / 7 = 2/7 >= 0.2; value 3 * 2/7.
  EXPECT_NEAR(s.fit(7, 8), 2.0 / 7, 1e-15);
  EXPECT_NEAR(s.value(7, 8), 6.0 / 7, 1e-14);
  EXPECT_EQ(s.feasible(7, 8), 1);

  // (e-wang, p-dialysis): no dialysis, no nephrology: fit 0 < min_score 0.2.
  EXPECT_EQ(s.fit(0, 1), 0.0);
  EXPECT_EQ(s.feasible(0, 1), 0);

  const sc::candidates c = sc::score_candidates(p);
  expect_candidates_match(c, s, "fuyun");
  bool gao_park = false, liu_maternal = false;
  for (std::size_t k = 0; k < c.expert.size(); ++k) {
    if (c.expert[k] == 8 && c.post[k] == 8) {
      gao_park = true;
      EXPECT_NEAR(c.value[k], 3.5, 1e-14);
    }
    if (c.expert[k] == 3 && c.post[k] == 2) liu_maternal = true;
  }
  EXPECT_TRUE(gao_park);
  EXPECT_FALSE(liu_maternal);
}

TEST(Scoring, FuyunEffectiveLevels) {
  const tm::problem p = fuyun();
  const Eigen::MatrixXd L = to_dense(sc::effective_levels(p));
  ASSERT_EQ(L.rows(), 9);
  ASSERT_EQ(L.cols(), 20);
  // Skills: 2 laparoscopy, 3 surgery, 4 dialysis, 5 nephrology, 6 obstetrics critical, 7 icu.
  EXPECT_EQ(L(0, 3), 5.0);  // e-wang surgery: own 5 beats 0.5 * laparoscopy 6 = 3
  EXPECT_EQ(L(0, 2), 6.0);
  EXPECT_EQ(L(1, 4), 4.0);               // e-zhao dialysis: own 4 beats 0.6 * 6 = 3.6
  EXPECT_DOUBLE_EQ(L(3, 6), 0.4 * 6.0);  // e-liu obstetrics: only the transfer from icu 6
  EXPECT_DOUBLE_EQ(L(2, 6), 6.0);        // e-sun: own 6 beats 0.4 * icu 4
  EXPECT_EQ(L(2, 4), 0.0);               // no route to dialysis
  EXPECT_EQ(L(3, 2), 0.0);               // transfers go one way: surgery does not give laparoscopy
}

TEST(Explain, FuyunStatuses) {
  const tm::problem p = fuyun();
  const sc::scores s = sc::score(p);

  // e-wang at p-urology: both met; surgery is his own 5 although laparoscopy would transfer 3.
  const sc::explanation wang = sc::explain(p, "e-wang", "p-urology");
  EXPECT_EQ(wang.expert, "e-wang");
  EXPECT_EQ(wang.post, "p-urology");
  ASSERT_EQ(wang.requirements.size(), 2u);
  EXPECT_EQ(wang.requirements[0].status, sc::requirement_status::met);
  EXPECT_TRUE(wang.requirements[0].essential);
  EXPECT_EQ(wang.requirements[1].skill, "med.surgery");
  EXPECT_EQ(wang.requirements[1].level, 5.0);
  EXPECT_EQ(wang.requirements[1].own_level, 5.0);
  EXPECT_EQ(wang.requirements[1].transferred_from, "");
  EXPECT_EQ(wang.requirements[1].status, sc::requirement_status::met);
  EXPECT_DOUBLE_EQ(wang.requirements[0].weight_share, 5.0 / 8);
  EXPECT_DOUBLE_EQ(wang.fit, 1.0);
  EXPECT_DOUBLE_EQ(wang.value, 5.0);
  EXPECT_EQ(wang.priority, 5.0);
  EXPECT_TRUE(wang.feasible);
  EXPECT_TRUE(wang.rules.empty());

  // e-zhao at p-dialysis: dialysis partial, 4 of 5, gap 1.
  const sc::explanation zhao = sc::explain(p, 1, 1);
  EXPECT_EQ(zhao.requirements[0].status, sc::requirement_status::partial);
  EXPECT_DOUBLE_EQ(zhao.requirements[0].gap, 1.0);
  EXPECT_DOUBLE_EQ(zhao.requirements[0].contribution, 5 * 0.8 / 8);
  EXPECT_EQ(zhao.requirements[1].status, sc::requirement_status::met);
  EXPECT_NEAR(zhao.fit, 0.875, 1e-15);

  // e-liu at p-maternal: obstetrics essential-missing at the transferred 2.4 (gap 2.6), forbidden by /pairs/0.
  const sc::explanation liu = sc::explain(p, "e-liu", "p-maternal");
  const sc::requirement_explanation& ob = liu.requirements[0];
  EXPECT_EQ(ob.status, sc::requirement_status::essential_missing);
  EXPECT_DOUBLE_EQ(ob.level, 2.4);
  EXPECT_EQ(ob.own_level, 0.0);
  EXPECT_EQ(ob.transferred_from, "med.icu");
  EXPECT_NEAR(ob.gap, 2.6, 1e-15);
  EXPECT_FALSE(liu.feasible);
  EXPECT_EQ(liu.rules, (std::vector<std::string>{
                           "essential requirement med.obstetrics.critical unmet (level 2.4 < 5) at /posts/2/requires/0",
                           "forbidden by /pairs/0"}));

  // e-wu at p-park: planning partial (2 of 4), mining missing; feasible at fit 2/7.
  const sc::explanation wu = sc::explain(p, "e-wu", "p-park");
  EXPECT_EQ(wu.requirements[0].status, sc::requirement_status::partial);
  EXPECT_EQ(wu.requirements[1].status, sc::requirement_status::missing);
  EXPECT_DOUBLE_EQ(wu.requirements[1].gap, 3.0);
  EXPECT_TRUE(wu.feasible);

  // e-liu at p-urology: laparoscopy essential-missing at 0, months 4 < 6.
  const sc::explanation liu2 = sc::explain(p, "e-liu", "p-urology");
  EXPECT_EQ(liu2.requirements[0].status, sc::requirement_status::essential_missing);
  EXPECT_EQ(liu2.rules,
            (std::vector<std::string>{
                "available_months 4 < min_months 6 at /posts/0/min_months",
                "essential requirement med.urology.laparoscopy unmet (level 0 < 5) at /posts/0/requires/0"}));

  // e-gao at p-park: the bonus.
  const sc::explanation gao = sc::explain(p, "e-gao", "p-park");
  EXPECT_EQ(gao.bonus, 0.5);
  EXPECT_DOUBLE_EQ(gao.value, 3.5);
  EXPECT_EQ(gao.rules, (std::vector<std::string>{"bonus 0.5 from /pairs/1"}));

  // e-wang at p-dialysis: below min_score.
  const sc::explanation low = sc::explain(p, 0, 1);
  EXPECT_FALSE(low.feasible);
  EXPECT_EQ(low.rules, (std::vector<std::string>{"fit 0 below min_score 0.2 at /settings/min_score"}));

  EXPECT_STREQ(sc::to_string(sc::requirement_status::met), "met");
  EXPECT_STREQ(sc::to_string(sc::requirement_status::partial), "partial");
  EXPECT_STREQ(sc::to_string(sc::requirement_status::missing), "missing");
  EXPECT_STREQ(sc::to_string(sc::requirement_status::essential_missing), "essential-missing");
}

TEST(Explain, RequireOverridesAndSaysSo) {
  tm::problem p = fuyun();
  p.pairs->push_back({"e-liu", "p-urology", tm::pair_kind::require, std::nullopt});  // /pairs/2
  const sc::explanation x = sc::explain(p, "e-liu", "p-urology");
  EXPECT_TRUE(x.feasible);
  ASSERT_FALSE(x.rules.empty());
  EXPECT_EQ(x.rules.back(), "required by /pairs/2 (a nomination overrides the other rules)");
  EXPECT_EQ(sc::score(p).feasible(3, 0), 1);
}

TEST(Explain, AgreesWithScoreAndContributionsSumToFit) {
  std::mt19937_64 rng(31337);
  for (int trial = 0; trial < 60; ++trial) {
    const tm::problem p = random_problem(rng, {8, 8, 8, 10});
    const sc::scores s = sc::score(p);
    for (idx e = 0; e < s.fit.rows(); ++e) {
      for (idx q = 0; q < s.fit.cols(); ++q) {
        const sc::explanation x = sc::explain(p, e, q);
        const std::string what =
            "trial " + std::to_string(trial) + " pair (" + std::to_string(e) + ", " + std::to_string(q) + ")";
        EXPECT_NEAR(x.fit, s.fit(e, q), 1e-12) << what;
        EXPECT_NEAR(x.value, s.value(e, q), 1e-12) << what;
        EXPECT_EQ(x.feasible, s.feasible(e, q) == 1) << what;
        double sum = 0, share = 0;
        for (const auto& r : x.requirements) {
          sum += r.contribution;
          share += r.weight_share;
          EXPECT_DOUBLE_EQ(r.gap, std::max(0.0, r.min_level - r.level)) << what;
          EXPECT_EQ(r.status == sc::requirement_status::met, r.level >= r.min_level) << what;
        }
        if (x.requirements.empty()) {
          EXPECT_EQ(x.fit, 1.0) << what;
        } else {
          // fit is summed as score sums it (Explain.FitAndValueAreTheScoresToTheBit); the contributions are each
          // requirement's own share, so they sum to it up to rounding.
          EXPECT_NEAR(sum, x.fit, 1e-12) << what;
          EXPECT_NEAR(share, 1.0, 1e-12) << what;
        }
        if (!x.feasible) {
          EXPECT_FALSE(x.rules.empty()) << what;
        }
      }
    }
    if (testing::Test::HasFailure()) break;
  }
}

TEST(Explain, FitAndValueAreTheScoresToTheBit) {
  // Hand-checked first: full coverage of min_level 7 sums seven steps of 1/7, 0.9999999999999998 in score's
  // product; summed per requirement (1 * 7/7 / 1) it is 1.0. explain must say what score says.
  tm::problem one;
  one.skills = {{"a", "a", {}, {}}, {"b", "b", {}, {}}};
  tm::expert x;
  x.id = "e";
  x.available_months = 1;
  x.skills = {{"b", 7}, {"a", 7}};
  one.experts = {x};
  tm::post y;
  y.id = "p";
  y.department = y.unit = "u";
  y.requires = {{"b", 1, 7, std::nullopt}};
  one.posts = {y};
  {
    const sc::scores s = sc::score(one);
    EXPECT_EQ(s.fit(0, 0), 0.9999999999999998);  // the oracle: 1/7 added seven times in double arithmetic
    double seven = 0;
    for (int t = 0; t < 7; ++t) seven += 1.0 / 7.0;
    EXPECT_EQ(s.fit(0, 0), seven);
    EXPECT_EQ(sc::explain(one, 0, 0).fit, s.fit(0, 0));
    EXPECT_EQ(sc::explain(one, 0, 0).value, s.value(0, 0));
  }
  // Then many random pairs: transfers, fractional levels, min_level 0, several requirements in an order other than
  // the taxonomy's, weights, bonuses.
  std::mt19937_64 rng(271828);
  long long pairs = 0;
  for (int trial = 0; trial < 200; ++trial) {
    const tm::problem p = random_problem(rng, {10, 12, 9, 12});
    const sc::scores s = sc::score(p);
    const sc::candidates c = sc::score_candidates(p);
    std::size_t k = 0;
    for (idx e = 0; e < s.fit.rows(); ++e) {
      for (idx q = 0; q < s.fit.cols(); ++q, ++pairs) {
        const sc::explanation ex = sc::explain(p, e, q);
        ASSERT_EQ(ex.fit, s.fit(e, q)) << "trial " << trial << " pair (" << e << ", " << q << ")";
        ASSERT_EQ(ex.value, s.value(e, q)) << "trial " << trial << " pair (" << e << ", " << q << ")";
        if (k < c.expert.size() && c.expert[k] == e && c.post[k] == q) {
          ASSERT_EQ(c.fit[k], ex.fit);
          ASSERT_EQ(c.value[k], ex.value);
          ++k;
        }
      }
    }
  }
  EXPECT_GT(pairs, 15000);
}

TEST(Scoring, WeightsThatWouldOverflowAreRejectedNotScoredToInf) {
  tm::problem p = fuyun();
  p.config->weights = tm::scoring_weights{1e308, 1.0};
  try {
    sc::score(p);
    ADD_FAILURE() << "scored";
  } catch (const talentmatch::validation_error& e) {
    ASSERT_EQ(e.issues().size(), 1u) << e.what();
    EXPECT_EQ(e.issues()[0].path, "/settings/weights/fit");
  }
  p.config->weights = tm::scoring_weights{1.0, 1e300};
  (*p.pairs)[1].value = 1e300;  // bonus_weight * bonus would be inf
  EXPECT_THROW(sc::score(p), talentmatch::validation_error);
  EXPECT_THROW(sc::score_candidates(p), talentmatch::validation_error);
  // At the largest allowed weights and bonus every value is finite, and what the model says.
  const double w = 1e100;
  p.config->weights = tm::scoring_weights{w, w};
  (*p.pairs)[1].value = -w;
  const sc::scores s = sc::score(p);
  EXPECT_TRUE(s.value.allFinite());
  const idx gao = 8, park = 8;  // e-gao, p-park: fit 1, priority 3, bonus -1e100 at /pairs/1
  EXPECT_NEAR(s.fit(gao, park), 1.0, 1e-15);
  EXPECT_EQ(s.value(gao, park), w * 3 * s.fit(gao, park) + w * -w);
  EXPECT_EQ(s.value(gao, park), -1e200);
  EXPECT_EQ(sc::explain(p, gao, park).value, s.value(gao, park));
  const sc::candidates c = sc::score_candidates(p);
  for (double v : c.value) EXPECT_TRUE(std::isfinite(v));
}

TEST(Explain, UnknownIdsAndIndicesRaise) {
  const tm::problem p = fuyun();
  try {
    sc::explain(p, "e-nobody", "p-park");
    FAIL() << "no error";
  } catch (const talentmatch::error& e) {
    EXPECT_NE(std::string(e.what()).find("e-nobody"), std::string::npos) << e.what();
  }
  try {
    sc::explain(p, "e-gao", "p-nowhere");
    FAIL() << "no error";
  } catch (const talentmatch::error& e) {
    EXPECT_NE(std::string(e.what()).find("p-nowhere"), std::string::npos) << e.what();
  }
  EXPECT_THROW(sc::explain(p, idx{9}, idx{0}), talentmatch::error);
  EXPECT_THROW(sc::explain(p, idx{0}, idx{-1}), talentmatch::error);
}

}  // namespace

// The plan layer (plan::match, replan, alternatives) against brute force: every subset of the feasible pairs of
// small random problems, checked rule by rule here, with the pairs' values from scoring::score (the dense scorer,
// tested on its own in test_scoring.cpp); the graph layer, the flow solver and the reports share nothing with it.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "support/expect_error.hpp"
#include "talentmatch/model/validate.hpp"
#include "talentmatch/plan/alternatives.hpp"
#include "talentmatch/plan/matcher.hpp"
#include "talentmatch/plan/pricing.hpp"
#include "talentmatch/scoring/scoring.hpp"

namespace {

using talentmatch::model::problem;
using idx = std::ptrdiff_t;
namespace tp = talentmatch::plan;

problem random_problem(std::mt19937& rng, idx n, idx m) {
  namespace mo = talentmatch::model;
  std::uniform_int_distribution<int> level(0, 7), coin(0, 1), die(0, 5);
  problem p;
  for (int s = 0; s < 4; ++s) p.skills.push_back({"s" + std::to_string(s), "skill", {}, {}});
  p.skills[1].related.push_back({"s2", 0.5});
  for (idx e = 0; e < n; ++e) {
    mo::expert x;
    x.id = "e" + std::to_string(e);
    x.available_months = 4 + 2 * die(rng);
    x.capacity = 1 + coin(rng);
    x.province = coin(rng) ? "Heilongjiang" : "Jilin";
    x.institution = "inst" + std::to_string(coin(rng));
    for (int s = 0; s < 4; ++s) {
      if (coin(rng)) x.skills.push_back({"s" + std::to_string(s), static_cast<double>(level(rng))});
    }
    p.experts.push_back(std::move(x));
  }
  for (idx q = 0; q < m; ++q) {
    mo::post y;
    y.id = "p" + std::to_string(q);
    y.department = q % 2 == 0 ? "health" : "education";
    y.unit = "unit" + std::to_string(q % 3);
    y.slots = 1 + coin(rng);
    if (die(rng) == 0) y.min_fill = 1;
    if (die(rng) == 0) y.min_months = 8;
    y.priority = 1 + die(rng) % 5;
    const int reqs = 1 + coin(rng);
    for (int r = 0; r < reqs; ++r) {
      mo::requirement rq;
      rq.skill = "s" + std::to_string((q + r) % 4);
      rq.importance = 1 + die(rng) % 5;
      rq.min_level = 1 + die(rng);
      if (die(rng) == 0) rq.essential = true;
      y.requires.push_back(rq);
    }
    p.posts.push_back(std::move(y));
  }
  std::vector<mo::pair_rule> rules;
  std::set<std::pair<idx, idx>> used;
  for (int k = 0; k < 3; ++k) {
    const idx e = std::uniform_int_distribution<idx>(0, n - 1)(rng),
              q = std::uniform_int_distribution<idx>(0, m - 1)(rng);
    if (!used.insert({e, q}).second) continue;
    const int kind = die(rng) % 3;
    mo::pair_rule r{p.experts[e].id, p.posts[q].id, mo::pair_kind::bonus, std::nullopt};
    if (kind == 0) r.rule = mo::pair_kind::forbid;
    if (kind == 1 && die(rng) < 2) r.rule = mo::pair_kind::require;
    if (r.rule == mo::pair_kind::bonus) r.value = die(rng) - 2.0;
    rules.push_back(r);
  }
  if (!rules.empty()) p.pairs = rules;
  std::vector<mo::constraint> cs;
  if (coin(rng)) {
    mo::constraint c{
        "health quota", mo::side::posts, {{"department", std::string("health")}}, std::nullopt, 1 + coin(rng)};
    if (die(rng) == 0) c.min = 1;
    cs.push_back(c);
  }
  if (coin(rng)) {
    cs.push_back({"inst0 at most 1", mo::side::experts, {{"institution", std::string("inst0")}}, std::nullopt, 1});
  }
  if (die(rng) == 0)
    cs.push_back(
        {"Heilongjiang at least 1", mo::side::experts, {{"province", std::string("Heilongjiang")}}, 1, std::nullopt});
  if (!cs.empty()) p.constraints = cs;
  mo::settings st;
  if (coin(rng)) st.min_score = 0.3;
  p.config = st;
  return p;
}

struct brute_plan {
  double value = 0;
  idx count = 0;
  std::set<std::pair<idx, idx>> pairs;
};

// Every plan that meets the rules, by plain enumeration of subsets of the feasible pairs.
std::vector<brute_plan> all_plans(const problem& p) {
  const auto sc = talentmatch::scoring::score(p);
  const idx n = static_cast<idx>(p.experts.size()), m = static_cast<idx>(p.posts.size());
  std::vector<std::pair<idx, idx>> feasible;
  for (idx e = 0; e < n; ++e) {
    for (idx q = 0; q < m; ++q) {
      if (sc.feasible(e, q)) feasible.push_back({e, q});
    }
  }
  std::set<std::pair<idx, idx>> required;
  if (p.pairs) {
    for (const auto& r : *p.pairs) {
      if (r.rule != talentmatch::model::pair_kind::require) continue;
      required.insert({std::stoi(r.expert.substr(1)), std::stoi(r.post.substr(1))});
    }
  }
  std::vector<brute_plan> out;
  const std::size_t k = feasible.size();
  for (std::size_t mask = 0; mask < (std::size_t{1} << k); ++mask) {
    std::vector<idx> deg(n, 0), fill(m, 0);
    brute_plan b;
    for (std::size_t i = 0; i < k; ++i) {
      if (!(mask >> i & 1)) continue;
      ++deg[feasible[i].first], ++fill[feasible[i].second];
      b.pairs.insert(feasible[i]);
      b.value += sc.value(feasible[i].first, feasible[i].second);
    }
    bool ok = true;
    for (idx e = 0; e < n && ok; ++e) ok = deg[e] <= p.experts[e].capacity_or_default();
    for (idx q = 0; q < m && ok; ++q) ok = fill[q] <= p.posts[q].slots && fill[q] >= p.posts[q].min_fill_or_default();
    for (const auto& r : required) ok = ok && b.pairs.count(r);
    if (ok && p.constraints) {
      for (const auto& c : *p.constraints) {
        idx load = 0;
        for (idx x : talentmatch::model::members_of(p, c))
          load += c.on == talentmatch::model::side::posts ? fill[x] : deg[x];
        if ((c.max && load > *c.max) || (c.min && load < *c.min)) ok = false;
      }
    }
    if (!ok) continue;
    b.count = static_cast<idx>(b.pairs.size());
    out.push_back(std::move(b));
  }
  return out;
}

std::set<std::pair<idx, idx>> pairs_of(const tp::plan& pl) {
  std::set<std::pair<idx, idx>> out;
  for (const auto& a : pl.assignments) out.insert({a.expert_index, a.post_index});
  return out;
}

double tol(double x) { return 1e-9 * (1 + std::abs(x)); }

TEST(Plan, MatchEqualsBruteForce) {
  std::mt19937 rng(7);
  int solved = 0, infeasible = 0;
  for (int trial = 0; trial < 400; ++trial) {
    const problem p = random_problem(rng, 2 + trial % 3, 2 + trial % 2);
    if (!talentmatch::model::validate(p).empty()) continue;
    const auto plans = all_plans(p);
    for (bool fill_first : {false, true}) {
      tp::match_options opt;
      opt.fill_first = fill_first;
      if (plans.empty()) {
        EXPECT_THROW(tp::match(p, opt), talentmatch::infeasible_error) << "trial " << trial;
        ++infeasible;
        continue;
      }
      const brute_plan* best = &plans.front();
      for (const auto& b : plans) {
        const bool better =
            fill_first ? (b.count > best->count || (b.count == best->count && b.value > best->value + tol(b.value)))
                       : b.value > best->value + tol(b.value);
        if (better) best = &b;
      }
      const tp::plan pl = tp::match(p, opt);
      ASSERT_TRUE(pl.cert.ok) << "trial " << trial << ": " << pl.cert.message;
      EXPECT_NEAR(pl.objective, best->value, tol(best->value)) << "trial " << trial << " fill_first " << fill_first;
      if (fill_first) {
        EXPECT_EQ(pl.filled, best->count) << "trial " << trial;
      }
      // The plan is one of the plans that meet the rules.
      const auto mine = pairs_of(pl);
      EXPECT_TRUE(std::any_of(plans.begin(), plans.end(), [&](const brute_plan& b) { return b.pairs == mine; }))
          << "trial " << trial;
      ++solved;
    }
  }
  EXPECT_GT(solved, 300);
  EXPECT_GT(infeasible, 5);
}

TEST(Plan, AlternativesAreTheKBestDistinctPlans) {
  std::mt19937 rng(11);
  int checked = 0;
  for (int trial = 0; trial < 150; ++trial) {
    const problem p = random_problem(rng, 2 + trial % 3, 2 + trial % 2);
    if (!talentmatch::model::validate(p).empty()) continue;
    auto plans = all_plans(p);
    if (plans.empty()) continue;
    std::sort(plans.begin(), plans.end(), [](const brute_plan& a, const brute_plan& b) { return a.value > b.value; });
    const idx k = 6;
    const auto alts = tp::alternatives(p, k);
    ASSERT_EQ(static_cast<idx>(alts.size()), std::min<idx>(k, static_cast<idx>(plans.size()))) << "trial " << trial;
    std::set<std::set<std::pair<idx, idx>>> seen;
    for (std::size_t i = 0; i < alts.size(); ++i) {
      EXPECT_TRUE(alts[i].cert.ok) << alts[i].cert.message;
      EXPECT_NEAR(alts[i].objective, plans[i].value, tol(plans[i].value)) << "trial " << trial << " rank " << i;
      EXPECT_TRUE(seen.insert(pairs_of(alts[i])).second) << "trial " << trial << ": plan " << i << " repeats";
    }
    ++checked;
  }
  EXPECT_GT(checked, 60);
}

TEST(Plan, FillFirstAlternativesRankByPairsThenValue) {
  std::mt19937 rng(13);
  int checked = 0;
  for (int trial = 0; trial < 150; ++trial) {
    const problem p = random_problem(rng, 2 + trial % 3, 2 + trial % 2);
    if (!talentmatch::model::validate(p).empty()) continue;
    auto plans = all_plans(p);
    if (plans.empty()) continue;
    std::sort(plans.begin(), plans.end(), [](const brute_plan& a, const brute_plan& b) {
      return a.count != b.count ? a.count > b.count : a.value > b.value;
    });
    tp::match_options opt;
    opt.fill_first = true;
    const idx k = 5;
    const auto alts = tp::alternatives(p, k, opt);
    ASSERT_EQ(static_cast<idx>(alts.size()), std::min<idx>(k, static_cast<idx>(plans.size()))) << "trial " << trial;
    std::set<std::set<std::pair<idx, idx>>> seen;
    for (std::size_t i = 0; i < alts.size(); ++i) {
      EXPECT_TRUE(alts[i].cert.ok) << alts[i].cert.message;
      EXPECT_EQ(alts[i].filled, plans[i].count) << "trial " << trial << " rank " << i;
      EXPECT_NEAR(alts[i].objective, plans[i].value, tol(plans[i].value)) << "trial " << trial << " rank " << i;
      EXPECT_TRUE(seen.insert(pairs_of(alts[i])).second) << "trial " << trial << ": plan " << i << " repeats";
    }
    ++checked;
  }
  EXPECT_GT(checked, 60);
}

TEST(Plan, AlternateLossIsTheBestPlanWithThePairForced) {
  std::mt19937 rng(5);
  int checked = 0;
  for (int trial = 0; trial < 200; ++trial) {
    const problem p = random_problem(rng, 3 + trial % 2, 2 + trial % 2);
    if (!talentmatch::model::validate(p).empty()) continue;
    const auto plans = all_plans(p);
    if (plans.empty()) continue;
    tp::match_options opt;
    opt.alternates = 10;
    const tp::plan pl = tp::match(p, opt);
    for (const auto& pa : pl.alternates) {
      const idx q = std::stoi(pa.post.substr(1));
      for (const auto& a : pa.experts) {
        double best = -1e300;
        for (const auto& b : plans) {
          if (b.pairs.count({a.expert_index, q})) best = std::max(best, b.value);
        }
        ASSERT_GT(best, -1e300) << "trial " << trial << ": " << a.expert << " cannot be forced into " << pa.post;
        EXPECT_NEAR(a.loss, pl.objective - best, 1e-7) << "trial " << trial << " " << a.expert << " " << pa.post;
        ++checked;
      }
    }
    // Every expert that can be forced in and is not in the post is listed (up to the limit).
    const auto sc = talentmatch::scoring::score(p);
    for (idx q = 0; q < static_cast<idx>(p.posts.size()); ++q) {
      idx forceable = 0;
      for (idx e = 0; e < static_cast<idx>(p.experts.size()); ++e) {
        bool in_post = pairs_of(pl).count({e, q}) > 0;
        if (in_post || !sc.feasible(e, q)) continue;
        bool can = std::any_of(plans.begin(), plans.end(), [&](const brute_plan& b) {
          return b.pairs.count({e, q}) > 0;
        });
        forceable += can ? 1 : 0;
      }
      idx listed = 0;
      for (const auto& pa : pl.alternates) {
        if (pa.post == p.posts[q].id) listed = static_cast<idx>(pa.experts.size());
      }
      EXPECT_EQ(listed, forceable) << "trial " << trial << " post " << q;
    }
  }
  EXPECT_GT(checked, 100);
}

TEST(Plan, ReplanKeepsPairsUnderALargeSwitchingCost) {
  std::mt19937 rng(3);
  int checked = 0;
  for (int trial = 0; trial < 200; ++trial) {
    problem p = random_problem(rng, 3 + trial % 2, 3);
    if (!talentmatch::model::validate(p).empty() || all_plans(p).empty()) continue;
    const tp::plan old = tp::match(p);
    // A post gains a slot: with switching cost 0 the replan is a cold match; with a large one, no kept pair moves.
    problem q = p;
    q.posts[0].slots += 1;
    if (!talentmatch::model::validate(q).empty()) continue;
    const tp::plan cold = tp::match(q);
    const tp::plan zero = tp::replan(old, q, 0.0);
    EXPECT_NEAR(zero.objective, cold.objective, tol(cold.objective)) << "trial " << trial;
    const tp::plan sticky = tp::replan(old, q, 1000.0);
    ASSERT_TRUE(sticky.cert.ok) << sticky.cert.message;
    EXPECT_TRUE(sticky.diff.removed.empty()) << "trial " << trial;
    EXPECT_EQ(sticky.diff.kept.size(), old.assignments.size());
    EXPECT_NEAR(sticky.diff.value_change, sticky.objective - old.objective, 1e-12);
    // Against brute force: the best plan that keeps every old pair.
    const auto plans = all_plans(q);
    const auto kept = pairs_of(old);
    double best = -1e300;
    for (const auto& b : plans) {
      if (std::includes(b.pairs.begin(), b.pairs.end(), kept.begin(), kept.end())) best = std::max(best, b.value);
    }
    EXPECT_NEAR(sticky.objective, best, tol(best)) << "trial " << trial;
    ++checked;
  }
  EXPECT_GT(checked, 50);
}

TEST(Plan, InfeasibleNamesTheConstraint) {
  namespace mo = talentmatch::model;
  problem p;
  p.skills.push_back({"s", "skill", {}, {}});
  for (int e = 0; e < 3; ++e) {
    mo::expert x;
    x.id = "e" + std::to_string(e);
    x.available_months = 6;
    x.skills.push_back({"s", e == 0 ? 1.0 : 5.0});
    p.experts.push_back(x);
  }
  for (int q = 0; q < 5; ++q) {
    mo::post y;
    y.id = "p" + std::to_string(q);
    y.department = "教育局";
    y.unit = "school";
    y.requires.push_back({"s", 3, 4, true});
    p.posts.push_back(y);
  }
  p.constraints = std::vector<mo::constraint>{
      {"教育局至少5人", mo::side::posts, {{"department", std::string("教育局")}}, 5, std::nullopt}};
  ASSERT_TRUE(mo::validate(p).empty());
  talentmatch::test::expect_infeasible(
      [&] { tp::match(p); }, {"constraint '教育局至少5人' needs 5 experts, only 2 feasible experts match it"});
  // A post's min_fill.
  p.constraints.reset();
  p.posts[0].min_fill = 1;
  p.posts[0].requires[0].min_level = 7;
  talentmatch::test::expect_infeasible(
      [&] { tp::match(p); }, {"post 'p0' needs at least 1 experts (min_fill), only 0 feasible experts can take it"});
}

// The pairs of `all` (by expert then post) kept by `keep`.
talentmatch::scoring::candidates subset(const talentmatch::scoring::candidates& all, const std::vector<char>& keep) {
  talentmatch::scoring::candidates out;
  out.experts = all.experts, out.posts = all.posts;
  for (std::size_t k = 0; k < keep.size(); ++k) {
    if (!keep[k]) continue;
    out.expert.push_back(all.expert[k]), out.post.push_back(all.post[k]);
    out.value.push_back(all.value[k]), out.fit.push_back(all.fit[k]);
  }
  return out;
}

TEST(Pricing, SlicesScoreAsTheWhole) {
  std::mt19937 rng(11);
  for (int trial = 0; trial < 60; ++trial) {
    const problem p = random_problem(rng, 3 + trial % 5, 2 + trial % 3);
    if (!talentmatch::model::validate(p).empty()) continue;
    const auto all = talentmatch::scoring::score_candidates(p);
    const idx n = static_cast<idx>(p.experts.size()), cut = n / 2;
    talentmatch::scoring::candidates joined;
    for (auto [a, b] : {std::pair<idx, idx>{0, cut}, {cut, n}}) {
      const problem part = tp::expert_slice(p, a, b);
      ASSERT_TRUE(talentmatch::model::validate(part).empty()) << "trial " << trial;
      const auto c = talentmatch::scoring::score_candidates(part);
      for (std::size_t k = 0; k < c.expert.size(); ++k) {
        joined.expert.push_back(c.expert[k] + a), joined.post.push_back(c.post[k]);
        joined.value.push_back(c.value[k]), joined.fit.push_back(c.fit[k]);
      }
    }
    EXPECT_EQ(joined.expert, all.expert) << "trial " << trial;
    EXPECT_EQ(joined.post, all.post) << "trial " << trial;
    EXPECT_EQ(joined.value, all.value) << "trial " << trial;
  }
  talentmatch::test::expect_error([&] { tp::expert_slice(random_problem(rng, 3, 2), 2, 1); }, {"expert_slice"});
}

TEST(Pricing, ColumnGenerationReachesTheBestPlan) {
  std::mt19937 rng(13);
  int solved = 0, priced = 0;
  for (int trial = 0; trial < 300; ++trial) {
    const problem p = random_problem(rng, 3 + trial % 3, 2 + trial % 2);
    if (!talentmatch::model::validate(p).empty()) continue;
    const auto plans = all_plans(p);
    if (plans.empty()) continue;
    double best = plans.front().value;
    for (const auto& b : plans) best = std::max(best, b.value);
    const auto all = talentmatch::scoring::score_candidates(p);
    // Each expert's best pair and the require pairs.
    std::vector<char> keep(all.expert.size(), 0);
    for (std::size_t k = 0; k < keep.size();) {
      std::size_t top = k, end = k;
      while (end < keep.size() && all.expert[end] == all.expert[k]) {
        if (all.value[end] > all.value[top]) top = end;
        ++end;
      }
      keep[top] = 1;
      k = end;
    }
    for (const auto& [e, q] : tp::required_pairs(p)) {
      for (std::size_t k = 0; k < keep.size(); ++k) keep[k] |= all.expert[k] == e && all.post[k] == q;
    }
    std::optional<tp::plan> pl;
    int rounds = 0;
    for (;;) {
      try {
        pl = tp::match_candidates(p, subset(all, keep), {}, pl ? &*pl : nullptr);
      } catch (const talentmatch::infeasible_error&) {
        // The first pairs cannot meet a minimum: take them all (distributed.match widens step by step).
        std::fill(keep.begin(), keep.end(), 1);
        pl = tp::match_candidates(p, all);
      }
      ASSERT_TRUE(pl->cert.ok) << "trial " << trial << ": " << pl->cert.message;
      const tp::pair_duals d = tp::pair_duals_of(*pl, p);
      std::set<std::pair<idx, idx>> used;
      for (std::size_t k = 0; k < d.used_expert.size(); ++k) used.insert({d.used_expert[k], d.used_post[k]});
      bool added = false;
      for (std::size_t k = 0; k < keep.size(); ++k) {
        const double r = -all.value[k] - d.expert[all.expert[k]] - d.post[all.post[k]];
        if (used.count({all.expert[k], all.post[k]})) continue;
        if (keep[k]) {
          EXPECT_GE(r, -d.tolerance - 1e-12) << "trial " << trial << ": a solved, unused pair prices below 0";
        } else if (r < -d.tolerance) {
          keep[k] = 1, added = true;
        }
      }
      ++rounds;
      if (!added) break;
      ASSERT_LT(rounds, 50) << "trial " << trial;
    }
    EXPECT_NEAR(pl->objective, best, tol(best)) << "trial " << trial;
    EXPECT_NEAR(pl->objective, tp::match(p).objective, tol(best)) << "trial " << trial;
    priced += rounds > 1;
    ++solved;
  }
  EXPECT_GT(solved, 150);
  EXPECT_GT(priced, 10);
}

TEST(Pricing, MatchCandidatesChecksTheList) {
  std::mt19937 rng(17);
  problem p = random_problem(rng, 5, 3);
  p.pairs.reset();
  p.constraints.reset();
  ASSERT_TRUE(talentmatch::model::validate(p).empty());
  auto all = talentmatch::scoring::score_candidates(p);
  ASSERT_GE(all.expert.size(), 2u);
  auto bad = all;
  bad.post[0] = 99;
  talentmatch::test::expect_error([&] { tp::match_candidates(p, bad); }, {"out of range"});
  bad = all;
  bad.expert.push_back(all.expert[0]), bad.post.push_back(all.post[0]);
  bad.value.push_back(1), bad.fit.push_back(1);
  talentmatch::test::expect_error([&] { tp::match_candidates(p, bad); }, {"given twice"});
  bad = all;
  bad.value[1] = std::nan("");
  talentmatch::test::expect_error([&] { tp::match_candidates(p, bad); }, {"not a finite number"});
  bad = all;
  bad.fit.pop_back();
  talentmatch::test::expect_error([&] { tp::match_candidates(p, bad); }, {"one length"});
  // A require pair left out of the list.
  p.pairs = std::vector<talentmatch::model::pair_rule>{
      {p.experts[all.expert[0]].id, p.posts[all.post[0]].id, talentmatch::model::pair_kind::require, std::nullopt}};
  bad = all;
  bad.expert.erase(bad.expert.begin()), bad.post.erase(bad.post.begin());
  bad.value.erase(bad.value.begin()), bad.fit.erase(bad.fit.begin());
  talentmatch::test::expect_error([&] { tp::match_candidates(p, bad); }, {"is not among the candidates"});
  tp::match_options ff;
  ff.fill_first = true;
  talentmatch::test::expect_error([&] { tp::pair_duals_of(tp::match(p, ff), p); }, {"fill_first"});
}

}  // namespace

// Benchmarks of talentmatch::scoring: score_candidates at 10^4 experts x 10^4 posts, the dense score at 2000 x 2000,
// and a plain loop over experts x posts x requirements (the model written out: tests/cpp/scoring_reference.hpp, the
// reference of tests/cpp/test_scoring.cpp) at 2000 x 2000 for the ratio. Problems are generated once, outside the
// timed loop; the timings include the validation that score and score_candidates do first (BM_Scoring_Validate times
// it alone).
//
// Two kinds of random problem, both with a 2,000-skill taxonomy (10% of skills relate to one or two others at a
// transfer of 0.3..0.8), ~15 skills per expert at levels 1..7, ~8 requirements per post (min_level 1..7, 20%
// essential), min_score 0.5:
// - Clustered: the skills fall into 100 fields of 20; an expert draws 12 skills from a home field and 3 from
//   anywhere, a post draws its requirements from one field. Experts meet posts of their field, which is what gives
//   candidates at min_score 0.5.
// - Uniform: every skill drawn uniformly. Each expert shares a skill with ~6% of posts, so the products are larger,
//   but almost no pair reaches min_score 0.5.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "scoring_reference.hpp"
#include "talentmatch/model/problem.hpp"
#include "talentmatch/model/validate.hpp"
#include "talentmatch/scoring/scoring.hpp"

namespace {

namespace tm = talentmatch::model;
namespace sc = talentmatch::scoring;

constexpr int skill_count = 2000, field_size = 20;

tm::problem random_problem(int experts, int posts, bool clustered, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  auto uniform = [&](double lo, double hi) { return std::uniform_real_distribution<double>(lo, hi)(rng); };
  auto name = [](int s) { return "s" + std::to_string(s); };
  // k distinct skills: `home` of them from field f (clustered), the rest from anywhere.
  auto draw = [&](int k, int home) {
    std::vector<int> out;
    const int f = pick(0, skill_count / field_size - 1);
    while (static_cast<int>(out.size()) < k) {
      const int s = clustered && static_cast<int>(out.size()) < home ? f * field_size + pick(0, field_size - 1)
                                                                     : pick(0, skill_count - 1);
      if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
    }
    return out;
  };
  tm::problem p;
  for (int s = 0; s < skill_count; ++s) {
    tm::skill k;
    k.id = name(s);
    if (pick(0, 9) == 0) {
      const int related = pick(1, 2);
      for (int r = 0; r < related; ++r) k.related.push_back({name(pick(0, skill_count - 1)), uniform(0.3, 0.8)});
    }
    p.skills.push_back(std::move(k));
  }
  for (int e = 0; e < experts; ++e) {
    tm::expert x;
    x.id = "e" + std::to_string(e);
    x.available_months = pick(3, 12);
    for (int s : draw(pick(13, 17), 12)) x.skills.push_back({name(s), static_cast<double>(pick(1, 7))});
    p.experts.push_back(std::move(x));
  }
  for (int q = 0; q < posts; ++q) {
    tm::post y;
    y.id = "p" + std::to_string(q);
    y.department = "d" + std::to_string(q % 7);
    y.unit = "u" + std::to_string(q % 31);
    y.priority = pick(1, 5);
    if (pick(0, 3) == 0) y.min_months = pick(3, 9);
    const int k = pick(6, 10);
    for (int s : draw(k, k)) {
      tm::requirement r;
      r.skill = name(s);
      r.importance = pick(1, 5);
      r.min_level = pick(1, 7);
      if (pick(0, 4) == 0) r.essential = true;
      y.requires.push_back(r);
    }
    p.posts.push_back(std::move(y));
  }
  p.pairs.emplace();
  for (int k = 0; k < experts / 20; ++k) {
    const tm::pair_kind kind = k % 3 == 0   ? tm::pair_kind::forbid
                               : k % 3 == 1 ? tm::pair_kind::require
                                            : tm::pair_kind::bonus;
    tm::pair_rule r{"e" + std::to_string(k * 20 % experts), "p" + std::to_string(k * 7 % posts), kind, {}};
    if (kind == tm::pair_kind::bonus) r.value = 0.5;
    p.pairs->push_back(r);
  }
  tm::settings cfg;
  cfg.min_score = 0.5;
  p.config = cfg;
  return p;
}

void BM_Scoring_Candidates(benchmark::State& state) {
  const tm::problem p =
      random_problem(static_cast<int>(state.range(0)), static_cast<int>(state.range(0)), state.range(1) != 0, 42);
  std::size_t count = 0;
  for (auto _ : state) {
    const sc::candidates c = sc::score_candidates(p);
    count = c.expert.size();
    benchmark::DoNotOptimize(c.value.data());
  }
  state.counters["candidates"] = static_cast<double>(count);
}
BENCHMARK(BM_Scoring_Candidates)
    ->ArgNames({"n", "clustered"})
    ->Args({10000, 1})
    ->Args({10000, 0})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

void BM_Scoring_Validate(benchmark::State& state) {
  const tm::problem p = random_problem(static_cast<int>(state.range(0)), static_cast<int>(state.range(0)), true, 42);
  for (auto _ : state) benchmark::DoNotOptimize(tm::validate(p).size());
}
BENCHMARK(BM_Scoring_Validate)->Arg(10000)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_Scoring_Dense(benchmark::State& state) {
  const tm::problem p = random_problem(static_cast<int>(state.range(0)), static_cast<int>(state.range(0)), true, 42);
  for (auto _ : state) {
    const sc::scores s = sc::score(p);
    benchmark::DoNotOptimize(s.value.data());
  }
}
BENCHMARK(BM_Scoring_Dense)->Arg(2000)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_Scoring_ReferenceLoop(benchmark::State& state) {
  const tm::problem p = random_problem(static_cast<int>(state.range(0)), static_cast<int>(state.range(0)), true, 42);
  for (auto _ : state) {
    const sc::scores s = talentmatch_test::reference_scores(p);
    benchmark::DoNotOptimize(s.value.data());
  }
}
BENCHMARK(BM_Scoring_ReferenceLoop)->Arg(2000)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

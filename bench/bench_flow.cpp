// Benchmarks of the capacitated solver: n experts (capacity 1) x m posts with 1 to 5 slots each, dense costs (the
// instance bench/compare_flow.py times against OR-Tools' min-cost flow), in both modes and with nested quotas.

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

#include "talentmatch/solver/flow.hpp"

namespace {

namespace ts = talentmatch::solver;

template <class T>
struct instance {
  std::ptrdiff_t n = 0, m = 0;
  std::vector<T> cost;
  std::vector<std::ptrdiff_t> slots;
};

template <class T>
instance<T> uniform(std::ptrdiff_t n, std::ptrdiff_t m, std::uint64_t seed) {
  instance<T> in;
  in.n = n;
  in.m = m;
  std::mt19937_64 rng(seed);
  in.cost.resize(static_cast<std::size_t>(n * m));
  if constexpr (std::is_floating_point_v<T>) {
    std::uniform_real_distribution<T> c(0, 1);
    for (auto& x : in.cost) x = c(rng);
  } else {
    std::uniform_int_distribution<T> c(0, 999);
    for (auto& x : in.cost) x = c(rng);
  }
  std::uniform_int_distribution<std::ptrdiff_t> s(1, 5);
  in.slots.resize(m);
  for (auto& x : in.slots) x = s(rng);
  return in;
}

template <class T>
void run(benchmark::State& state, const ts::flow_options<ts::work_t<T>>& opt, const instance<T>& in) {
  const auto view = ts::row_major_view(in.cost.data(), in.n, in.m);
  std::ptrdiff_t pairs = 0;
  for (auto _ : state) {
    const auto s = ts::solve_flow(view, opt);
    pairs = s.size();
    benchmark::DoNotOptimize(s.objective);
  }
  state.counters["pairs"] = static_cast<double>(pairs);
}

template <class T>
void BM_Flow_Slots(benchmark::State& state) {
  const auto in = uniform<T>(state.range(0), state.range(1), 42);
  ts::flow_options<ts::work_t<T>> opt;
  opt.col_capacity = in.slots;
  run(state, opt, in);
}

// Priced: an expert left out costs 500 (of 0..999), a slot left empty 300.
void BM_Flow_Priced(benchmark::State& state) {
  const auto in = uniform<std::int64_t>(state.range(0), state.range(1), 42);
  ts::flow_options<std::int64_t> opt;
  opt.col_capacity = in.slots;
  opt.unassigned =
      ts::unassigned_costs<std::int64_t>{std::vector<std::int64_t>(in.n, 500), std::vector<std::int64_t>(in.m, 300)};
  run(state, opt, in);
}

// Departments of 50 posts at most 60 pairs each, units of 10 posts at least 5: nested quotas with both bounds.
void BM_Flow_Quotas(benchmark::State& state) {
  const auto in = uniform<std::int64_t>(state.range(0), state.range(1), 42);
  ts::flow_options<std::int64_t> opt;
  opt.col_capacity = in.slots;
  for (std::ptrdiff_t d = 0; d < in.m; d += 50) {
    ts::quota dept{{}, 0, 60};
    for (std::ptrdiff_t j = d; j < std::min(d + 50, in.m); ++j) dept.members.push_back(j);
    opt.col_groups.push_back(dept);
    for (std::ptrdiff_t u = d; u < std::min(d + 50, in.m); u += 10) {
      ts::quota unit{{}, 5, -1};
      for (std::ptrdiff_t j = u; j < std::min(u + 10, in.m); ++j) unit.members.push_back(j);
      opt.col_groups.push_back(unit);
    }
  }
  run(state, opt, in);
}

BENCHMARK(BM_Flow_Slots<std::int64_t>)->Args({2000, 200})->Args({10000, 1000})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Flow_Slots<double>)->Args({2000, 200})->Args({10000, 1000})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Flow_Priced)->Args({2000, 200})->Args({10000, 1000})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Flow_Quotas)->Args({2000, 200})->Args({10000, 1000})->Unit(benchmark::kMillisecond);

}  // namespace

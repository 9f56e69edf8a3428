// Benchmarks of the capacitated solver: n experts (capacity 1) x m posts with 1 to 5 slots each, dense costs (the
// instance bench/compare_flow.py times against OR-Tools' min-cost flow), in both modes and with nested quotas; and
// the sparse form (BM_FlowSparse_Quotas, the instance of compare_flow.py --sparse): k candidate posts per expert,
// two levels of max quotas that bind, maximum cardinality.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <random>
#include <type_traits>
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

// Sparse candidates: expert i lists k distinct posts drawn uniformly (columns sorted), integer costs uniform in
// 0..999, posts with 1 to 5 slots. Units are `units` contiguous blocks of posts, each taking at most 70% of its
// slots (rounded down); departments are `depts` contiguous blocks of units, each taking at most 80% of its units'
// maxima. Every post is a candidate of about n * k / m experts, so the experts are plenty and the quotas bind.
struct sparse_instance {
  std::ptrdiff_t n = 0, m = 0;
  std::vector<std::int64_t> ptr, idx, cost;
  std::vector<std::ptrdiff_t> slots;
  std::vector<ts::quota> groups;  // the units, then the departments
};

sparse_instance sparse_quotas(std::ptrdiff_t n, std::ptrdiff_t m, int k, std::ptrdiff_t units, std::ptrdiff_t depts,
                              std::uint64_t seed) {
  sparse_instance in;
  in.n = n;
  in.m = m;
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<std::int64_t> col(0, m - 1), c(0, 999);
  std::uniform_int_distribution<std::ptrdiff_t> s(1, 5);
  in.ptr.reserve(static_cast<std::size_t>(n + 1));
  in.idx.reserve(static_cast<std::size_t>(n * k));
  in.cost.reserve(static_cast<std::size_t>(n * k));
  in.ptr.push_back(0);
  std::vector<std::int64_t> row;
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    row.clear();
    while (static_cast<int>(row.size()) < k) {
      const std::int64_t j = col(rng);
      if (std::find(row.begin(), row.end(), j) == row.end()) row.push_back(j);
    }
    std::sort(row.begin(), row.end());
    for (const std::int64_t j : row) {
      in.idx.push_back(j);
      in.cost.push_back(c(rng));
    }
    in.ptr.push_back(static_cast<std::int64_t>(in.idx.size()));
  }
  in.slots.resize(static_cast<std::size_t>(m));
  for (auto& x : in.slots) x = s(rng);
  std::vector<std::ptrdiff_t> unit_max;
  for (std::ptrdiff_t u = 0; u < units; ++u) {
    ts::quota q{{}, 0, 0};
    std::ptrdiff_t total = 0;
    for (std::ptrdiff_t j = u * m / units; j < (u + 1) * m / units; ++j) {
      q.members.push_back(j);
      total += in.slots[static_cast<std::size_t>(j)];
    }
    q.max = total * 7 / 10;
    unit_max.push_back(q.max);
    in.groups.push_back(std::move(q));
  }
  for (std::ptrdiff_t d = 0; d < depts; ++d) {
    ts::quota q{{}, 0, 0};
    std::ptrdiff_t total = 0;
    for (std::ptrdiff_t u = d * units / depts; u < (d + 1) * units / depts; ++u) {
      const auto& members = in.groups[static_cast<std::size_t>(u)].members;
      q.members.insert(q.members.end(), members.begin(), members.end());
      total += unit_max[static_cast<std::size_t>(u)];
    }
    q.max = total * 8 / 10;
    in.groups.push_back(std::move(q));
  }
  return in;
}

// Arguments: experts, posts, candidates per expert, units, departments. The instance is built once, untimed; each
// iteration is one solve_flow on the csr_view (which validates and sorts the CSR arrays itself).
void BM_FlowSparse_Quotas(benchmark::State& state) {
  const sparse_instance in = sparse_quotas(state.range(0), state.range(1), static_cast<int>(state.range(2)),
                                           state.range(3), state.range(4), 42);
  const ts::csr_view<std::int64_t> view{in.n,          in.m,           in.ptr.data(),
                                        in.idx.data(), in.cost.data(), static_cast<std::ptrdiff_t>(in.idx.size())};
  ts::flow_options<std::int64_t> opt;
  opt.col_capacity = in.slots;
  opt.col_groups = in.groups;
  std::ptrdiff_t pairs = 0;
  for (auto _ : state) {
    const auto s = ts::solve_flow(view, opt);
    pairs = s.size();
    benchmark::DoNotOptimize(s.objective);
  }
  state.counters["pairs"] = static_cast<double>(pairs);
  state.counters["nnz"] = static_cast<double>(in.idx.size());
}

BENCHMARK(BM_Flow_Slots<std::int64_t>)->Args({2000, 200})->Args({10000, 1000})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Flow_Slots<double>)->Args({2000, 200})->Args({10000, 1000})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Flow_Priced)->Args({2000, 200})->Args({10000, 1000})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Flow_Quotas)->Args({2000, 200})->Args({10000, 1000})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FlowSparse_Quotas)->Args({20000, 2000, 30, 100, 10})->Unit(benchmark::kMillisecond);
// The larger instance, slower: run it alone with --benchmark_filter=BM_FlowSparse_Quotas_Large.
BENCHMARK(BM_FlowSparse_Quotas)
    ->Name("BM_FlowSparse_Quotas_Large")
    ->Args({100000, 10000, 30, 500, 50})
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

}  // namespace

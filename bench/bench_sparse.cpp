// Benchmarks of the sparse solver: n x n with k random candidate columns per row and uniform costs (the shape of
// "each expert is a candidate for a few posts"), the instance bench/compare_sparse.py times against scipy.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <random>
#include <vector>

#include "talentmatch/solver/sparse.hpp"

namespace {

namespace ts = talentmatch::solver;

struct csr_instance {
  std::ptrdiff_t n = 0;
  std::vector<std::int64_t> ptr, idx;
  std::vector<double> data;
};

// Row i lists k distinct random columns plus column i (so a perfect matching exists), costs uniform in [0, 1).
csr_instance uniform(std::ptrdiff_t n, int k, std::uint64_t seed) {
  csr_instance in;
  in.n = n;
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<std::int64_t> col(0, n - 1);
  std::uniform_real_distribution<double> cost(0.0, 1.0);
  in.ptr.push_back(0);
  std::vector<std::int64_t> row;
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    row.assign(1, i);
    while (static_cast<int>(row.size()) < k) {
      const std::int64_t j = col(rng);
      if (std::find(row.begin(), row.end(), j) == row.end()) row.push_back(j);
    }
    std::sort(row.begin(), row.end());
    for (const std::int64_t j : row) {
      in.idx.push_back(j);
      in.data.push_back(cost(rng));
    }
    in.ptr.push_back(static_cast<std::int64_t>(in.idx.size()));
  }
  return in;
}

void BM_Sparse_Uniform(benchmark::State& state) {
  const csr_instance in = uniform(state.range(0), static_cast<int>(state.range(1)), 42);
  const ts::csr_view<double> view{in.n,          in.n,           in.ptr.data(),
                                  in.idx.data(), in.data.data(), static_cast<std::ptrdiff_t>(in.idx.size())};
  for (auto _ : state) {
    benchmark::DoNotOptimize(ts::solve_sparse(view).objective);
  }
  state.counters["nnz"] = static_cast<double>(in.idx.size());
}
BENCHMARK(BM_Sparse_Uniform)->Args({10000, 20})->Args({100000, 20})->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

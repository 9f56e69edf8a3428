// Google Benchmark programs for talentmatch::solver::k_best (Murty with the Miller-Stone-Cox improvements).
//
// Uniform U[0, 1) costs (the `uniform` class of bench_dense.cpp and talentmatch.bench), k = 10, square n = 100,
// 200, 400, and a rectangular n x 2n case where most children are padded. The instance is generated once, outside
// the timed loop; after it every returned solution is checked against its certificate, so a benchmark that times a
// wrong answer reports an error instead.
//
// Run, for example:
//   build/release/bench/bench_kbest --benchmark_filter=Uniform

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "talentmatch/solver/certificate.hpp"
#include "talentmatch/solver/kbest.hpp"
#include "talentmatch/solver/matrix_view.hpp"

namespace {

namespace ts = talentmatch::solver;

std::vector<double> uniform(std::ptrdiff_t rows, std::ptrdiff_t cols) {
  std::seed_seq seq{std::uint64_t{20240611}, std::uint64_t{1}, static_cast<std::uint64_t>(rows),
                    static_cast<std::uint64_t>(cols)};
  std::mt19937_64 rng(seq);
  std::uniform_real_distribution<double> u01(0.0, 1.0);
  std::vector<double> c(static_cast<std::size_t>(rows * cols));
  for (auto& x : c) x = u01(rng);
  return c;
}

void run(benchmark::State& state, std::ptrdiff_t rows, std::ptrdiff_t cols) {
  const std::size_t k = static_cast<std::size_t>(state.range(1));
  const std::vector<double> c = uniform(rows, cols);
  const auto view = ts::row_major_view(c.data(), rows, cols);
  std::vector<ts::ranked_solution<double>> out;
  for (auto _ : state) {
    out = ts::k_best(view, k);
    benchmark::DoNotOptimize(out.data());
  }
  if (out.size() != k) state.SkipWithError("fewer than k solutions");
  for (const auto& s : out) {
    const ts::certificate cert = ts::check_certificate(view, s);
    if (!cert.ok) state.SkipWithError(("certificate failed: " + cert.message).c_str());
  }
  state.counters["kth_minus_best"] = out.empty() ? 0.0 : out.back().objective - out.front().objective;
}

void BM_KBest_Uniform(benchmark::State& state) { run(state, state.range(0), state.range(0)); }

void BM_KBest_Rectangular(benchmark::State& state) { run(state, state.range(0), 2 * state.range(0)); }

}  // namespace

BENCHMARK(BM_KBest_Uniform)->Args({100, 10})->Args({200, 10})->Args({400, 10})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_KBest_Rectangular)->Args({100, 10})->Args({200, 10})->Unit(benchmark::kMillisecond);

#pragma once

#include <cstddef>

namespace talentmatch::solver {

// A read-only window on a caller's matrix: a pointer, a shape and strides counted in elements (not bytes; either
// may be negative or zero). The solvers read costs through it in place, so C order, Fortran order, slices and
// transposed views of numpy arrays, Eigen matrices and plain buffers are all used without a copy.
template <class T>
struct matrix_view {
  const T* data = nullptr;
  std::ptrdiff_t rows = 0;
  std::ptrdiff_t cols = 0;
  std::ptrdiff_t row_stride = 0;  // elements from (i, j) to (i + 1, j)
  std::ptrdiff_t col_stride = 1;  // elements from (i, j) to (i, j + 1)

  const T& operator()(std::ptrdiff_t i, std::ptrdiff_t j) const { return data[i * row_stride + j * col_stride]; }

  // The same memory seen with rows and columns swapped: no copy.
  matrix_view transposed() const { return {data, cols, rows, col_stride, row_stride}; }
};

// A dense row-major buffer of rows x cols.
template <class T>
matrix_view<T> row_major_view(const T* data, std::ptrdiff_t rows, std::ptrdiff_t cols) {
  return {data, rows, cols, cols, 1};
}

// A dense column-major buffer of rows x cols.
template <class T>
matrix_view<T> col_major_view(const T* data, std::ptrdiff_t rows, std::ptrdiff_t cols) {
  return {data, rows, cols, 1, rows};
}

}  // namespace talentmatch::solver

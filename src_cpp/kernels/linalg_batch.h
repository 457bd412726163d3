// Shapes of batched matrices [..., M, N]: the checks every linear-algebra kernel starts with, and
// NumPy-style broadcasting of two operands' batch dimensions (BatchMatMulV2, MatrixTriangularSolve).
#pragma once
#include <algorithm>
#include <climits>
#include <string>
#include <vector>

#include "errors.h"
#include "tensor.h"

namespace jf::linalg {

inline int64_t rows(const Tensor& t) { return t.dim(t.rank() - 2); }
inline int64_t cols(const Tensor& t) { return t.dim(t.rank() - 1); }
inline Shape batch_dims(const Tensor& t) { return Shape(t.shape().begin(), t.shape().end() - 2); }
inline int64_t count(const Shape& s) {
  int64_t n = 1;
  for (int64_t d : s) n *= d;
  return n;
}
inline Shape with_matrix(Shape batch, int64_t m, int64_t n) {
  batch.push_back(m);
  batch.push_back(n);
  return batch;
}

inline void require_matrices(const Tensor& t, const std::string& op, const char* what = "input") {
  if (t.rank() < 2)
    invalid_argument(op + ": " + what + " must be a matrix or a batch of matrices (rank >= 2), got shape " +
                     shape_str(t.shape()));
}
inline void require_square(const Tensor& t, const std::string& op, const char* what = "input") {
  require_matrices(t, op, what);
  if (rows(t) != cols(t))
    invalid_argument(op + ": " + what + " must be square matrices [..., N, N], got shape " + shape_str(t.shape()));
}
// Kernels dispatch on the first input's dtype and read the second as the same type.
inline void require_same_dtype(const Tensor& a, const Tensor& b, const std::string& op) {
  if (a.dtype() != b.dtype())
    invalid_argument(op + ": both inputs must have the same dtype, got " + dtype_name(a.dtype()) + " and " +
                     dtype_name(b.dtype()));
}
// LAPACK (scipy-openblas32) takes 32-bit sizes: a larger one would be truncated.
inline int lapack_size(int64_t n, const std::string& op) {
  if (n > INT_MAX)
    fail(Code::ResourceExhausted, op + ": a matrix dimension of " + std::to_string(n) +
                                      " is above the LAPACK library's limit of 2147483647");
  return static_cast<int>(n);
}

// Output batch i reads matrix a_index[i] of the first operand and b_index[i] of the second.
struct BatchPairs {
  Shape out;
  std::vector<int64_t> a_index, b_index;
};
inline BatchPairs broadcast_batches(const Shape& a, const Shape& b, const std::string& op, const Shape& a_full,
                                    const Shape& b_full) {
  const size_t r = std::max(a.size(), b.size());
  BatchPairs p;
  p.out.assign(r, 1);
  std::vector<int64_t> da(r, 1), db(r, 1);
  for (size_t i = 0; i < a.size(); ++i) da[r - a.size() + i] = a[i];
  for (size_t i = 0; i < b.size(); ++i) db[r - b.size() + i] = b[i];
  for (size_t i = 0; i < r; ++i) {
    if (da[i] != db[i] && da[i] != 1 && db[i] != 1)
      invalid_argument(op + ": the batch dimensions of shapes " + shape_str(a_full) + " and " + shape_str(b_full) +
                       " do not broadcast");
    p.out[i] = da[i] == 1 ? db[i] : da[i];
  }
  const int64_t n = count(p.out);
  p.a_index.resize(n);
  p.b_index.resize(n);
  // Row-major strides of each operand's batch, 0 along a broadcast (size-1) dimension.
  std::vector<int64_t> sa(r, 0), sb(r, 0);
  for (int64_t i = static_cast<int64_t>(r) - 1, ma = 1, mb = 1; i >= 0; --i) {
    sa[i] = da[i] == 1 ? 0 : ma;
    sb[i] = db[i] == 1 ? 0 : mb;
    ma *= da[i];
    mb *= db[i];
  }
  std::vector<int64_t> idx(r, 0);
  for (int64_t k = 0; k < n; ++k) {
    int64_t ia = 0, ib = 0;
    for (size_t i = 0; i < r; ++i) {
      ia += idx[i] * sa[i];
      ib += idx[i] * sb[i];
    }
    p.a_index[k] = ia;
    p.b_index[k] = ib;
    for (int64_t d = static_cast<int64_t>(r) - 1; d >= 0; --d) {
      if (++idx[d] < p.out[d]) break;
      idx[d] = 0;
    }
  }
  return p;
}

}  // namespace jf::linalg

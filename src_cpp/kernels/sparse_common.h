// What every sparse kernel checks first: a SparseTensor arrives as three tensors, indices int64
// [nnz, rank], values [nnz] and dense_shape int64 [rank], and an index outside the dense shape is
// an error naming the op and the entry (never a stray write). Python side: jupyter_flow/ops/sparse_*.py.
#pragma once
#include <string>
#include <vector>

#include "element_copy.h"

namespace jf {

struct SparseParts {
  const int64_t* idx = nullptr;  // row-major [nnz, rank]
  int64_t nnz = 0;
  int rank = 0;
  std::vector<int64_t> shape;
};

inline std::string index_str(const int64_t* row, int rank) {
  std::string s = "[";
  for (int d = 0; d < rank; ++d) s += (d ? "," : "") + std::to_string(row[d]);
  return s + "]";
}

// `values` may be null (ops that take only indices and a shape). `what` names the operand in errors.
inline SparseParts sparse_parts(const std::string& op, const Tensor& indices, const Tensor* values,
                                const Tensor& shape, bool check_bounds = true, const std::string& what = "input") {
  if (indices.dtype() != DType::Int64 || indices.rank() != 2)
    invalid_argument(op + ": " + what + " indices must be an int64 matrix [nnz, rank], got " +
                     dtype_name(indices.dtype()) + " " + shape_str(indices.shape()));
  SparseParts p;
  p.shape = int_vector(shape, op + ": " + what + " dense_shape");
  p.nnz = indices.shape()[0];
  p.rank = static_cast<int>(indices.shape()[1]);
  p.idx = indices.data<int64_t>();
  if (static_cast<int64_t>(p.shape.size()) != p.rank)
    invalid_argument(op + ": " + what + " indices have " + std::to_string(p.rank) + " columns but dense_shape " +
                     shape_str(Shape(p.shape.begin(), p.shape.end())) + " has rank " + std::to_string(p.shape.size()));
  if (values && (values->rank() != 1 || values->shape()[0] != p.nnz))
    invalid_argument(op + ": " + what + " values must be a vector of " + std::to_string(p.nnz) +
                     " elements (one per index), got shape " + shape_str(values->shape()));
  if (check_bounds)
    for (int64_t i = 0; i < p.nnz; ++i)
      for (int d = 0; d < p.rank; ++d) {
        const int64_t v = p.idx[i * p.rank + d];
        if (v < 0 || v >= p.shape[d])
          invalid_argument(op + ": " + what + " index " + std::to_string(i) + " = " +
                           index_str(p.idx + i * p.rank, p.rank) + " is out of bounds of dense_shape " +
                           shape_str(Shape(p.shape.begin(), p.shape.end())));
      }
  return p;
}

// -1, 0, 1 as row a of `x` comes before, equals or comes after row b of `y` (lexicographic order
// of their first `cols` coordinates, all of them by default).
inline int compare_rows(const int64_t* x, int64_t a, const int64_t* y, int64_t b, int rank, int cols = -1) {
  for (int d = 0; d < (cols < 0 ? rank : cols); ++d) {
    const int64_t u = x[a * rank + d], v = y[b * rank + d];
    if (u != v) return u < v ? -1 : 1;
  }
  return 0;
}

// Refuses indices that are not strictly increasing in row-major order (TF's "out of order"/"repeated").
inline void require_ordered(const std::string& op, const SparseParts& p, const std::string& what = "input") {
  for (int64_t i = 1; i < p.nnz; ++i) {
    const int c = compare_rows(p.idx, i - 1, p.idx, i, p.rank);
    if (c > 0)
      invalid_argument(op + ": " + what + " index " + std::to_string(i) + " = " + index_str(p.idx + i * p.rank, p.rank) +
                       " is out of order (it comes before index " + std::to_string(i - 1) + " = " +
                       index_str(p.idx + (i - 1) * p.rank, p.rank) +
                       "); this op needs indices in row-major order: apply tf.sparse_reorder first");
    if (c == 0)
      invalid_argument(op + ": " + what + " index " + std::to_string(i) + " = " + index_str(p.idx + i * p.rank, p.rank) +
                       " is repeated");
  }
}

}  // namespace jf

// The sparse kernels that place or move entries: SparseTensorDenseMatMul, SparseToDense,
// SparseReorder, SparseReshape, SparseFillEmptyRows and SparseSoftmax (merging two sparse tensors is in
// sparse_merge.cc). Python side, with shape rules and gradients: jupyter_flow/ops/sparse_ops.py.
#include <cmath>
#include <numeric>

#include "sparse_common.h"

namespace jf {
namespace {

// out = op(A) @ op(B), A sparse [m, k] given as (indices, values, shape), B dense; each entry of A
// adds its value times one row of op(B) into one row of the output, in the order of the entries.
class SparseDenseMatMulKernel : public OpKernel {
 public:
  explicit SparseDenseMatMulKernel(const KernelInit& init)
      : adj_a_(init.node.attrs.number("adjoint_a") != 0), adj_b_(init.node.attrs.number("adjoint_b") != 0) {}

  void compute(KernelContext& ctx) override {
    const std::string op = "SparseTensorDenseMatMul";
    const Tensor& values = ctx.input(1);
    const Tensor& b = ctx.input(3);
    SparseParts a = sparse_parts(op, ctx.input(0), &values, ctx.input(2), false, "a");
    if (a.rank != 2) invalid_argument(op + ": a must be a matrix (rank 2), got dense_shape rank " + std::to_string(a.rank));
    if (b.rank() != 2) invalid_argument(op + ": b must be a matrix, got shape " + shape_str(b.shape()));
    if (b.dtype() != values.dtype())
      invalid_argument(op + ": a's values are " + dtype_name(values.dtype()) + " but b is " + dtype_name(b.dtype()));
    const int64_t m = a.shape[adj_a_ ? 1 : 0], k = a.shape[adj_a_ ? 0 : 1];
    const int64_t bk = b.shape()[adj_b_ ? 1 : 0], n = b.shape()[adj_b_ ? 0 : 1];
    if (k != bk)
      invalid_argument(op + ": cannot multiply a (dense_shape " + shape_str(Shape(a.shape.begin(), a.shape.end())) +
                       (adj_a_ ? ", adjoint" : "") + ") by b " + shape_str(b.shape()) + (adj_b_ ? " (adjoint)" : "") +
                       ": inner dimensions " + std::to_string(k) + " and " + std::to_string(bk) + " differ");
    Tensor out = zeros(values.dtype(), Shape{m, n});
    JF_DISPATCH_REAL(values.dtype(), op.c_str(), {
      const T* v = values.data<T>();
      const T* bd = b.data<T>();
      T* o = out.data<T>();
      const int64_t bcols = b.shape()[1];
      for (int64_t e = 0; e < a.nnz; ++e) {
        int64_t row = a.idx[2 * e], col = a.idx[2 * e + 1];
        if (row < 0 || row >= a.shape[0] || col < 0 || col >= a.shape[1])
          invalid_argument(op + ": a index " + std::to_string(e) + " = " + index_str(a.idx + 2 * e, 2) +
                           " is out of bounds of dense_shape " + shape_str(Shape(a.shape.begin(), a.shape.end())));
        if (adj_a_) std::swap(row, col);
        T* orow = o + row * n;
        const T x = v[e];
        if (!adj_b_) {
          const T* brow = bd + col * bcols;
          for (int64_t j = 0; j < n; ++j) orow[j] += x * brow[j];
        } else {
          for (int64_t j = 0; j < n; ++j) orow[j] += x * bd[j * bcols + col];
        }
      }
    });
    ctx.set_output(0, std::move(out));
  }

 private:
  bool adj_a_, adj_b_;
};
JF_REGISTER_KERNEL("SparseTensorDenseMatMul", SparseDenseMatMulKernel);

// TF1's old SparseToDense: indices (scalar, vector or [n, rank]), the output shape, values (a scalar
// for every index, or one per index) and the default everywhere else.
class SparseToDenseKernel : public OpKernel {
 public:
  explicit SparseToDenseKernel(const KernelInit& init) : validate_(init.node.attrs.number("validate_indices") != 0) {}

  void compute(KernelContext& ctx) override {
    const std::string op = "SparseToDense";
    const Tensor& ind = ctx.input(0);
    const Tensor& values = ctx.input(2);
    const Tensor& fill = ctx.input(3);
    if (ind.rank() > 2) invalid_argument(op + ": sparse_indices must have rank at most 2, got shape " + shape_str(ind.shape()));
    const Tensor& shape_t = ctx.input(1);
    if (shape_t.rank() > 1) invalid_argument(op + ": output_shape must be a vector, got shape " + shape_str(shape_t.shape()));
    std::vector<int64_t> shape = int_values(shape_t, op + ": output_shape");
    const int64_t n = ind.rank() == 0 ? 1 : ind.shape()[0];
    const int rank = ind.rank() == 2 ? static_cast<int>(ind.shape()[1]) : 1;
    if (static_cast<int>(shape.size()) != rank)
      invalid_argument(op + ": sparse_indices give indices of rank " + std::to_string(rank) + " but output_shape " +
                       shape_str(Shape(shape.begin(), shape.end())) + " has rank " + std::to_string(shape.size()));
    for (int64_t d : shape)
      if (d < 0) invalid_argument(op + ": output_shape " + shape_str(Shape(shape.begin(), shape.end())) + " has a negative dimension");
    if (!(values.rank() == 0 || (values.rank() == 1 && values.shape()[0] == n)))
      invalid_argument(op + ": sparse_values must be a scalar or a vector of " + std::to_string(n) +
                       " elements (one per index), got shape " + shape_str(values.shape()));
    if (fill.rank() != 0) invalid_argument(op + ": default_value must be a scalar, got shape " + shape_str(fill.shape()));
    if (fill.dtype() != values.dtype())
      invalid_argument(op + ": default_value is " + std::string(dtype_name(fill.dtype())) + " but sparse_values are " +
                       dtype_name(values.dtype()));
    std::vector<int64_t> idx = int_values(ind, op + ": sparse_indices");
    SparseParts p;
    p.idx = idx.data();
    p.nnz = n;
    p.rank = rank;
    p.shape = shape;
    for (int64_t i = 0; i < n; ++i)
      for (int d = 0; d < rank; ++d) {
        const int64_t v = idx[i * rank + d];
        if (v < 0 || v >= shape[d])
          invalid_argument(op + ": index " + std::to_string(i) + " = " + index_str(p.idx + i * rank, rank) +
                           " is out of bounds of output_shape " + shape_str(Shape(shape.begin(), shape.end())));
      }
    if (validate_) require_ordered(op, p, "sparse_indices:");
    Tensor out(values.dtype(), Shape(shape.begin(), shape.end()));
    JF_DISPATCH_WORD(values.dtype(), {
      E* o = words<E>(out);
      const E* v = words<E>(values);
      std::fill(o, o + out.size(), words<E>(fill)[0]);
      for (int64_t i = 0; i < n; ++i) {
        int64_t flat = 0;
        for (int d = 0; d < rank; ++d) flat = flat * shape[d] + idx[i * rank + d];
        o[flat] = v[values.rank() == 0 ? 0 : i];
      }
    });
    ctx.set_output(0, std::move(out));
  }

 private:
  bool validate_;
};
JF_REGISTER_KERNEL("SparseToDense", SparseToDenseKernel);

// The entries in row-major order of their indices (equal indices keep their order). As TF1's, an
// index outside the dense shape is sorted like any other (the ops that place entries refuse it).
void sparse_reorder(KernelContext& ctx) {
  const Tensor& values = ctx.input(1);
  SparseParts p = sparse_parts("SparseReorder", ctx.input(0), &values, ctx.input(2), false);
  std::vector<int64_t> perm(static_cast<size_t>(p.nnz));
  std::iota(perm.begin(), perm.end(), int64_t{0});
  std::stable_sort(perm.begin(), perm.end(),
                   [&](int64_t a, int64_t b) { return compare_rows(p.idx, a, p.idx, b, p.rank) < 0; });
  Tensor out_idx(DType::Int64, Shape{p.nnz, p.rank});
  int64_t* oi = out_idx.data<int64_t>();
  for (int64_t i = 0; i < p.nnz; ++i) std::copy(p.idx + perm[i] * p.rank, p.idx + (perm[i] + 1) * p.rank, oi + i * p.rank);
  Tensor out_val(values.dtype(), values.shape());
  JF_DISPATCH_WORD(values.dtype(), {
    const E* v = words<E>(values);
    E* o = words<E>(out_val);
    for (int64_t i = 0; i < p.nnz; ++i) o[i] = v[perm[i]];
  });
  ctx.set_output(0, std::move(out_idx));
  ctx.set_output(1, std::move(out_val));
}
JF_REGISTER_FUNCTION("SparseReorder", sparse_reorder);

// The same entries in a dense shape of the same size (at most one -1 in new_shape, inferred).
void sparse_reshape(KernelContext& ctx) {
  const std::string op = "SparseReshape";
  SparseParts p = sparse_parts(op, ctx.input(0), nullptr, ctx.input(1));
  std::vector<int64_t> target = int_vector(ctx.input(2), op + ": new_shape");
  int64_t known = 1, total = 1;
  int unknown = -1;
  for (int64_t d : p.shape) total *= d;
  for (size_t d = 0; d < target.size(); ++d) {
    if (target[d] == -1) {
      if (unknown >= 0) invalid_argument(op + ": only one dimension of new_shape can be -1, got " + shape_str(Shape(target)));
      unknown = static_cast<int>(d);
    } else if (target[d] < 0) {
      invalid_argument(op + ": new_shape " + shape_str(Shape(target)) + " has a negative dimension");
    } else {
      known *= target[d];
    }
  }
  if (unknown >= 0) {
    if (known == 0 || total % known != 0)
      invalid_argument(op + ": cannot reshape a SparseTensor of dense_shape " + shape_str(Shape(p.shape)) + " (" +
                       std::to_string(total) + " elements) to " + shape_str(Shape(target)));
    target[unknown] = total / known;
  } else if (known != total) {
    invalid_argument(op + ": cannot reshape a SparseTensor of dense_shape " + shape_str(Shape(p.shape)) + " (" +
                     std::to_string(total) + " elements) to " + shape_str(Shape(target)) + " (" +
                     std::to_string(known) + " elements)");
  }
  const int r = static_cast<int>(target.size());
  Tensor out_idx(DType::Int64, Shape{p.nnz, r});
  int64_t* oi = out_idx.data<int64_t>();
  for (int64_t i = 0; i < p.nnz; ++i) {
    int64_t flat = 0;
    for (int d = 0; d < p.rank; ++d) flat = flat * p.shape[d] + p.idx[i * p.rank + d];
    for (int d = r - 1; d >= 0; --d) {
      oi[i * r + d] = flat % target[d];
      flat /= target[d];
    }
  }
  Tensor out_shape(DType::Int64, Shape{r});
  std::copy(target.begin(), target.end(), out_shape.data<int64_t>());
  ctx.set_output(0, std::move(out_idx));
  ctx.set_output(1, std::move(out_shape));
}
JF_REGISTER_FUNCTION("SparseReshape", sparse_reshape);

// Rows in order; within a row the entries keep their input order; an empty row gets one entry
// [row, 0, ..., 0] = default_value. Also which rows were empty and where each input entry went.
void sparse_fill_empty_rows(KernelContext& ctx) {
  const std::string op = "SparseFillEmptyRows";
  const Tensor& values = ctx.input(1);
  const Tensor& fill = ctx.input(3);
  SparseParts p = sparse_parts(op, ctx.input(0), &values, ctx.input(2));
  if (p.rank < 1) invalid_argument(op + ": the SparseTensor must have rank at least 1");
  if (fill.rank() != 0 || fill.dtype() != values.dtype())
    invalid_argument(op + ": default_value must be a scalar of the values' dtype " + std::string(dtype_name(values.dtype())));
  const int64_t rows = p.shape[0];
  std::vector<int64_t> start(static_cast<size_t>(rows) + 1, 0);
  for (int64_t i = 0; i < p.nnz; ++i) ++start[p.idx[i * p.rank] + 1];
  Tensor empty(DType::Bool, Shape{rows});
  bool* em = empty.data<bool>();
  for (int64_t r = 0; r < rows; ++r) {
    em[r] = start[r + 1] == 0;
    start[r + 1] = start[r] + std::max<int64_t>(start[r + 1], 1);
  }
  const int64_t total = start[rows];
  Tensor out_idx = zeros(DType::Int64, Shape{total, p.rank});
  Tensor reverse(DType::Int64, Shape{p.nnz});
  int64_t* oi = out_idx.data<int64_t>();
  int64_t* rev = reverse.data<int64_t>();
  std::vector<int64_t> next(start.begin(), start.end() - 1);
  for (int64_t i = 0; i < p.nnz; ++i) {
    const int64_t at = next[p.idx[i * p.rank]]++;
    std::copy(p.idx + i * p.rank, p.idx + (i + 1) * p.rank, oi + at * p.rank);
    rev[i] = at;
  }
  for (int64_t r = 0; r < rows; ++r)
    if (em[r]) oi[start[r] * p.rank] = r;
  Tensor out_val(values.dtype(), Shape{total});
  JF_DISPATCH_WORD(values.dtype(), {
    const E* v = words<E>(values);
    E* o = words<E>(out_val);
    for (int64_t r = 0; r < rows; ++r)
      if (em[r]) o[start[r]] = words<E>(fill)[0];
    for (int64_t i = 0; i < p.nnz; ++i) o[rev[i]] = v[i];
  });
  ctx.set_output(0, std::move(out_idx));
  ctx.set_output(1, std::move(out_val));
  ctx.set_output(2, std::move(empty));
  ctx.set_output(3, std::move(reverse));
}
JF_REGISTER_FUNCTION("SparseFillEmptyRows", sparse_fill_empty_rows);

// Softmax over the last dimension of each group of entries that share all other coordinates (the
// entries of a group must be adjacent: indices in row-major order); absent entries take no part.
void sparse_softmax(KernelContext& ctx) {
  const std::string op = "SparseSoftmax";
  const Tensor& values = ctx.input(1);
  SparseParts p = sparse_parts(op, ctx.input(0), &values, ctx.input(2));
  if (p.rank < 2) invalid_argument(op + ": the SparseTensor must have rank at least 2, got " + std::to_string(p.rank));
  require_ordered(op, p);
  Tensor out(values.dtype(), values.shape());
  JF_DISPATCH_FLOATS(values.dtype(), op.c_str(), {
    const T* v = values.data<T>();
    T* o = out.data<T>();
    for (int64_t begin = 0; begin < p.nnz;) {
      int64_t end = begin + 1;
      while (end < p.nnz && compare_rows(p.idx, begin, p.idx, end, p.rank, p.rank - 1) == 0) ++end;
      double top = static_cast<double>(v[begin]);
      for (int64_t i = begin; i < end; ++i) top = std::max(top, static_cast<double>(v[i]));
      double total = 0;
      for (int64_t i = begin; i < end; ++i) total += std::exp(static_cast<double>(v[i]) - top);
      for (int64_t i = begin; i < end; ++i) o[i] = static_cast<T>(std::exp(static_cast<double>(v[i]) - top) / total);
      begin = end;
    }
  });
  ctx.set_output(0, std::move(out));
}
JF_REGISTER_FUNCTION("SparseSoftmax", sparse_softmax);

}  // namespace
}  // namespace jf

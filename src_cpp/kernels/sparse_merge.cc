// Kernels that merge two sparse tensors of one dense shape entry by entry, walking both index
// lists in row-major order (so both must be ordered): SparseAdd (and its gradient SparseAddGrad),
// SparseSparseMaximum/Minimum. Python side: jupyter_flow/ops/sparse_math_ops.py.
#include <cmath>

#include "sparse_common.h"

namespace jf {
namespace {

// Visits the union of a's and b's indices in order: fn(i, j) with i or j = -1 for an index only
// the other operand has.
template <typename F>
void merge_walk(const SparseParts& a, const SparseParts& b, F fn) {
  int64_t i = 0, j = 0;
  while (i < a.nnz || j < b.nnz) {
    const int c = i >= a.nnz ? 1 : j >= b.nnz ? -1 : compare_rows(a.idx, i, b.idx, j, a.rank);
    if (c < 0) fn(i++, int64_t{-1});
    else if (c > 0) fn(int64_t{-1}, j++);
    else fn(i++, j++);
  }
}

std::pair<SparseParts, SparseParts> two_operands(const std::string& op, KernelContext& ctx) {
  SparseParts a = sparse_parts(op, ctx.input(0), &ctx.input(1), ctx.input(2), true, "a");
  SparseParts b = sparse_parts(op, ctx.input(3), &ctx.input(4), ctx.input(5), true, "b");
  if (a.shape != b.shape)
    invalid_argument(op + ": the operands' dense shapes differ: " + shape_str(Shape(a.shape)) + " and " +
                     shape_str(Shape(b.shape)));
  if (ctx.input(1).dtype() != ctx.input(4).dtype())
    invalid_argument(op + ": the operands' values are " + std::string(dtype_name(ctx.input(1).dtype())) + " and " +
                     dtype_name(ctx.input(4).dtype()));
  require_ordered(op, a, "a");
  require_ordered(op, b, "b");
  return {std::move(a), std::move(b)};
}

Tensor index_rows(const std::vector<const int64_t*>& rows, int rank) {
  Tensor t(DType::Int64, Shape{static_cast<int64_t>(rows.size()), rank});
  int64_t* o = t.data<int64_t>();
  for (size_t k = 0; k < rows.size(); ++k) std::copy(rows[k], rows[k] + rank, o + k * rank);
  return t;
}

template <typename T>
double magnitude(T x) {
  if constexpr (std::is_same_v<T, complex64> || std::is_same_v<T, complex128>) return std::abs(x);
  else return std::fabs(static_cast<double>(x));
}

// a + b: an index both have keeps its sum only when |sum| >= thresh; the others keep their value.
void sparse_add(KernelContext& ctx) {
  const std::string op = "SparseAdd";
  auto [a, b] = two_operands(op, ctx);
  const Tensor& thresh_t = ctx.input(6);
  if (thresh_t.rank() != 0) invalid_argument(op + ": thresh must be a scalar, got shape " + shape_str(thresh_t.shape()));
  double thresh = 0;
  JF_DISPATCH_REAL(thresh_t.dtype(), op.c_str(), { thresh = static_cast<double>(thresh_t.data<T>()[0]); });
  const Tensor& av = ctx.input(1);
  const Tensor& bv = ctx.input(4);
  std::vector<const int64_t*> rows;
  Tensor out;
  JF_DISPATCH_NUMBERS(av.dtype(), op.c_str(), {
    const T* x = av.data<T>();
    const T* y = bv.data<T>();
    std::vector<T> vals;
    merge_walk(a, b, [&](int64_t i, int64_t j) {
      if (i >= 0 && j >= 0) {
        const T s = x[i] + y[j];
        if (magnitude(s) >= thresh) {
          rows.push_back(a.idx + i * a.rank);
          vals.push_back(s);
        }
      } else if (i >= 0) {
        rows.push_back(a.idx + i * a.rank);
        vals.push_back(x[i]);
      } else {
        rows.push_back(b.idx + j * b.rank);
        vals.push_back(y[j]);
      }
    });
    out = Tensor(av.dtype(), Shape{static_cast<int64_t>(vals.size())});
    std::copy(vals.begin(), vals.end(), out.data<T>());
  });
  ctx.set_output(0, index_rows(rows, a.rank));
  ctx.set_output(1, std::move(out));
  Tensor shape(DType::Int64, Shape{a.rank});
  std::copy(a.shape.begin(), a.shape.end(), shape.data<int64_t>());
  ctx.set_output(2, std::move(shape));
}
JF_REGISTER_FUNCTION("SparseAdd", sparse_add);

// The gradient of SparseAdd: each sum entry's gradient goes to the a and b entries at its index
// (an entry dropped by thresh passes nothing back).
void sparse_add_grad(KernelContext& ctx) {
  const std::string op = "SparseAddGrad";
  const Tensor& grad = ctx.input(0);
  const Tensor& ai = ctx.input(1);
  const Tensor& bi = ctx.input(2);
  const Tensor& si = ctx.input(3);
  for (const Tensor* t : {&ai, &bi, &si})
    if (t->dtype() != DType::Int64 || t->rank() != 2 || t->shape()[1] != ai.shape()[1])
      invalid_argument(op + ": the indices must be int64 matrices with one column count, got " + shape_str(t->shape()));
  if (grad.rank() != 1 || grad.shape()[0] != si.shape()[0])
    invalid_argument(op + ": backprop_val_grad must have one element per sum index, got shape " + shape_str(grad.shape()));
  const int rank = static_cast<int>(ai.shape()[1]);
  const int64_t na = ai.shape()[0], nb = bi.shape()[0], ns = si.shape()[0];
  const int64_t *A = ai.data<int64_t>(), *B = bi.data<int64_t>(), *S = si.data<int64_t>();
  Tensor ga = zeros(grad.dtype(), Shape{na}), gb = zeros(grad.dtype(), Shape{nb});
  JF_DISPATCH_NUMBERS(grad.dtype(), op.c_str(), {
    const T* g = grad.data<T>();
    T* oa = ga.data<T>();
    T* ob = gb.data<T>();
    int64_t i = 0, j = 0, k = 0;
    while (k < ns && (i < na || j < nb)) {
      const bool in_a = i < na && compare_rows(A, i, S, k, rank) == 0;
      const bool in_b = j < nb && compare_rows(B, j, S, k, rank) == 0;
      if (in_a) oa[i] = g[k];
      if (in_b) ob[j] = g[k];
      if (in_a || in_b) {
        i += in_a;
        j += in_b;
        ++k;
      } else {  // an index of a and/or b whose sum was dropped: skip the one(s) that come first
        const int c = i >= na ? 1 : j >= nb ? -1 : compare_rows(A, i, B, j, rank);
        if (c <= 0) ++i;
        if (c >= 0) ++j;
      }
    }
  });
  ctx.set_output(0, std::move(ga));
  ctx.set_output(1, std::move(gb));
}
JF_REGISTER_FUNCTION("SparseAddGrad", sparse_add_grad);

// The element-wise maximum/minimum, an index one operand lacks counting as 0 there.
template <bool Max>
void sparse_extremum(KernelContext& ctx) {
  const std::string op = Max ? "SparseSparseMaximum" : "SparseSparseMinimum";
  auto [a, b] = two_operands(op, ctx);
  const Tensor& av = ctx.input(1);
  const Tensor& bv = ctx.input(4);
  std::vector<const int64_t*> rows;
  Tensor out;
  JF_DISPATCH_REAL(av.dtype(), op.c_str(), {
    const T* x = av.data<T>();
    const T* y = bv.data<T>();
    std::vector<T> vals;
    merge_walk(a, b, [&](int64_t i, int64_t j) {
      const T u = i >= 0 ? x[i] : T(0), v = j >= 0 ? y[j] : T(0);
      rows.push_back(i >= 0 ? a.idx + i * a.rank : b.idx + j * b.rank);
      vals.push_back(Max ? (u < v ? v : u) : (v < u ? v : u));
    });
    out = Tensor(av.dtype(), Shape{static_cast<int64_t>(vals.size())});
    std::copy(vals.begin(), vals.end(), out.data<T>());
  });
  ctx.set_output(0, index_rows(rows, a.rank));
  ctx.set_output(1, std::move(out));
}
JF_REGISTER_FUNCTION("SparseSparseMaximum", sparse_extremum<true>);
JF_REGISTER_FUNCTION("SparseSparseMinimum", sparse_extremum<false>);

}  // namespace
}  // namespace jf

// Batched matrix products (BatchMatMulV2: tf.matmul of rank > 2, batch dimensions broadcast) and
// the cross product of 3-vectors (Cross); linalg_ops.py and linalg_decomposition_ops.py declare them.
#include <algorithm>
#include <limits>
#include <vector>

#include "blas.h"
#include "elementwise.h"
#include "linalg_batch.h"

namespace jf {
namespace {

using linalg::cols;
using linalg::rows;

template <typename T>
void multiply_one(const T* a, const T* b, T* c, bool adj_x, bool adj_y, int64_t m, int64_t n, int64_t k) {
  const int64_t lda = adj_x ? m : k, ldb = adj_y ? k : n;
  if (m == 0 || n == 0) return;
  if (k == 0) {
    std::fill(c, c + m * n, T(0));
    return;
  }
  if constexpr (std::is_floating_point_v<T>) {
    blas::gemm(adj_x, adj_y, static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), T(1), a,
               static_cast<int>(lda), b, static_cast<int>(ldb), T(0), c, static_cast<int>(n));
  } else {
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j) {
        T s = 0;
        for (int64_t p = 0; p < k; ++p) s += (adj_x ? a[p * lda + i] : a[i * lda + p]) * (adj_y ? b[j * ldb + p] : b[p * ldb + j]);
        c[i * n + j] = s;
      }
  }
}

void batch_matmul_kernel(KernelContext& ctx) {
  const Tensor& x = ctx.input(0);
  const Tensor& y = ctx.input(1);
  const bool adj_x = ctx.attrs().get_or<bool>("adj_x", false), adj_y = ctx.attrs().get_or<bool>("adj_y", false);
  linalg::require_same_dtype(x, y, "BatchMatMulV2");
  linalg::require_matrices(x, "BatchMatMulV2", "x");
  linalg::require_matrices(y, "BatchMatMulV2", "y");
  const int64_t m = adj_x ? cols(x) : rows(x), k = adj_x ? rows(x) : cols(x);
  const int64_t ky = adj_y ? cols(y) : rows(y), n = adj_y ? rows(y) : cols(y);
  if (k != ky)
    invalid_argument("Matrix size-incompatible: In[0]: " + shape_str(x.shape()) + ", In[1]: " + shape_str(y.shape()) +
                     (adj_x || adj_y ? " (with adjoints applied)" : ""));
  if (std::max({m, n, k}) > std::numeric_limits<int>::max())
    fail(Code::ResourceExhausted, "BatchMatMulV2: matrix dimensions above 2147483647 are not supported, got " +
                                      shape_str(x.shape()) + " and " + shape_str(y.shape()));
  const auto pairs = linalg::broadcast_batches(linalg::batch_dims(x), linalg::batch_dims(y), "BatchMatMulV2",
                                               x.shape(), y.shape());
  Tensor out(x.dtype(), linalg::with_matrix(pairs.out, m, n));
  JF_DISPATCH_NUMERIC(x.dtype(), "BatchMatMulV2", {
    for (size_t b = 0; b < pairs.a_index.size(); ++b)
      multiply_one<T>(x.data<T>() + pairs.a_index[b] * m * k, y.data<T>() + pairs.b_index[b] * k * n,
                      out.data<T>() + b * m * n, adj_x, adj_y, m, n, k);
  })
  ctx.set_output(0, std::move(out));
}
JF_REGISTER_FUNCTION("BatchMatMulV2", batch_matmul_kernel);

// a x b along the last dimension (of size 3); a and b have the same shape (as TF1's Cross).
void cross_kernel(KernelContext& ctx) {
  const Tensor& a = ctx.input(0);
  const Tensor& b = ctx.input(1);
  linalg::require_same_dtype(a, b, "Cross");
  if (a.shape() != b.shape() || a.rank() < 1 || a.dim(a.rank() - 1) != 3)
    invalid_argument("Cross: a and b must have the same shape with an innermost dimension of 3, got shapes " +
                     shape_str(a.shape()) + " and " + shape_str(b.shape()));
  Tensor out(a.dtype(), a.shape());
  JF_DISPATCH_NUMERIC(a.dtype(), "Cross", {
    const T* x = a.data<T>();
    const T* y = b.data<T>();
    T* z = out.data<T>();
    for (int64_t i = 0; i < a.size(); i += 3) {
      z[i] = x[i + 1] * y[i + 2] - x[i + 2] * y[i + 1];
      z[i + 1] = x[i + 2] * y[i] - x[i] * y[i + 2];
      z[i + 2] = x[i] * y[i + 1] - x[i + 1] * y[i];
    }
  })
  ctx.set_output(0, std::move(out));
}
JF_REGISTER_FUNCTION("Cross", cross_kernel);

}  // namespace
}  // namespace jf

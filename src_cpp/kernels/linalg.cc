// Linear algebra kernels (linalg_ops.py declares them): BLAS gemm, LAPACK inversion.
#include <limits>
#include <vector>

#include "blas.h"
#include "element_copy.h"
#include "elementwise.h"

namespace jf {
namespace {

class MatMulKernel : public OpKernel {
 public:
  explicit MatMulKernel(const KernelInit& init)
      : ta_(init.node.attrs.get_or<bool>("transpose_a", false)),
        tb_(init.node.attrs.get_or<bool>("transpose_b", false)),
        a_pretransposed_(init.node.attrs.get_or<bool>("_a_pretransposed", false)) {}

  void compute(KernelContext& ctx) override {
    const Tensor& a = ctx.input(0);
    const Tensor& b = ctx.input(1);
    // A constant A that the plan transposed once (passes::pretranspose_constant_operands) is named
    // in errors as the user gave it.
    const Shape a_shape = a_pretransposed_ && a.rank() == 2 ? Shape{a.dim(1), a.dim(0)} : a.shape();
    if (a.rank() != 2 || b.rank() != 2)
      invalid_argument("MatMul expects matrices (rank 2), got shapes " + shape_str(a_shape) + " and " +
                       shape_str(b.shape()));
    const int64_t m = ta_ ? a.dim(1) : a.dim(0), k = ta_ ? a.dim(0) : a.dim(1);
    const int64_t kb = tb_ ? b.dim(1) : b.dim(0), n = tb_ ? b.dim(0) : b.dim(1);
    if (k != kb)
      invalid_argument("Matrix size-incompatible: In[0]: " + shape_str(a_shape) + ", In[1]: " +
                       shape_str(b.shape()) + (ta_ || tb_ || a_pretransposed_ ? " (with transposes applied)" : ""));
    Tensor out(a.dtype(), {m, n});
    // A constant narrow A comes transposed too, as input 2 (passes::pretranspose_constant_operands;
    // a scalar when A is not narrow).
    const Tensor* a_transposed = nullptr;
    if (ctx.num_inputs() == 3 && n == 1 && !ta_) {
      const Tensor& t = ctx.input(2);
      if (t.rank() == 2 && t.dim(0) == a.dim(1) && t.dim(1) == a.dim(0) && t.dtype() == a.dtype()) a_transposed = &t;
    }
    JF_DISPATCH_NUMERIC(a.dtype(), "MatMul", multiply<T>(a, b, out, m, n, k, a_transposed))
    ctx.set_output(0, std::move(out));
  }

 private:
  template <typename T>
  void multiply(const Tensor& a, const Tensor& b, Tensor& out, int64_t m, int64_t n, int64_t k,
                const Tensor* a_transposed) {
    T* c = out.data<T>();
    if (m == 0 || n == 0) return;
    if (k == 0) {
      std::fill(c, c + m * n, T(0));
      return;
    }
    if constexpr (std::is_floating_point_v<T>) {
      // BLAS (scipy-openblas32) takes 32-bit sizes: a larger one would be truncated and read out of bounds.
      constexpr int64_t kMaxBlas = std::numeric_limits<int>::max();
      if (a.dim(0) > kMaxBlas || a.dim(1) > kMaxBlas || b.dim(0) > kMaxBlas || b.dim(1) > kMaxBlas)
        fail(Code::ResourceExhausted, "MatMul: dimensions above 2147483647 are not supported by the BLAS library, got " +
                                          shape_str(a.shape()) + " and " + shape_str(b.shape()) +
                                          "; split the product into smaller blocks");
      // A matrix times a vector (linear regression's X @ theta) is a gemv: cheaper than gemm.
      if (n == 1 && a_transposed) {
        // y = (A^T)^T b: BLAS accumulates k long rows of A^T rather than m short dots of A's rows.
        blas::gemv(true, static_cast<int>(k), static_cast<int>(m), a_transposed->data<T>(), static_cast<int>(m),
                   b.data<T>(), c);
        return;
      }
      if (n == 1) {
        blas::gemv(ta_, static_cast<int>(a.dim(0)), static_cast<int>(a.dim(1)), a.data<T>(),
                   static_cast<int>(a.dim(1)), b.data<T>(), c);
        return;
      }
      blas::gemm(ta_, tb_, static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), T(1), a.data<T>(),
                 static_cast<int>(a.dim(1)), b.data<T>(), static_cast<int>(b.dim(1)), T(0), c,
                 static_cast<int>(n));
    } else {
      const T* x = a.data<T>();
      const T* y = b.data<T>();
      const int64_t lda = a.dim(1), ldb = b.dim(1);
      for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < n; ++j) {
          T s = 0;
          for (int64_t p = 0; p < k; ++p)
            s += (ta_ ? x[p * lda + i] : x[i * lda + p]) * (tb_ ? y[j * ldb + p] : y[p * ldb + j]);
          c[i * n + j] = s;
        }
    }
  }
  bool ta_, tb_;
  bool a_pretransposed_;  // A arrives transposed by the plan; ta_ is then false
};
JF_REGISTER_KERNEL("MatMul", MatMulKernel);

void matrix_inverse_kernel(KernelContext& ctx) {
  const Tensor& a = ctx.input(0);
  if (a.rank() < 2 || a.dim(a.rank() - 1) != a.dim(a.rank() - 2))
    invalid_argument("Input must be a square matrix (or a batch of them), got shape " + shape_str(a.shape()));
  Tensor out = a.clone();
  const int64_t n = a.dim(a.rank() - 1);
  const int64_t batch = n ? a.size() / (n * n) : 0;
  std::vector<int> ipiv(n);
  JF_DISPATCH_FLOAT(a.dtype(), "MatrixInverse", {
    for (int64_t i = 0; i < batch; ++i) {
      T* m = out.data<T>() + i * n * n;
      if (blas::getrf(static_cast<int>(n), m, ipiv.data()) != 0 || blas::getri(static_cast<int>(n), m, ipiv.data()) != 0)
        invalid_argument("Input is not invertible: the matrix is singular");
    }
  })
  ctx.set_output(0, std::move(out));
}
JF_REGISTER_FUNCTION("MatrixInverse", matrix_inverse_kernel);

}  // namespace
}  // namespace jf

namespace jf {
namespace {

class TransposeKernel : public OpKernel {
 public:
  explicit TransposeKernel(const KernelInit& init) : perm_(init.node.attrs.get_or<std::vector<int64_t>>("perm", {})) {}
  void compute(KernelContext& ctx) override {
    const Tensor& in = ctx.input(0);
    const int r = in.rank();
    // A perm known only at run time is the second input (tf.transpose(x, perm_placeholder)).
    const std::vector<int64_t> perm = ctx.num_inputs() > 1 ? int_vector(ctx.input(1), "transpose's perm") : perm_;
    if (static_cast<int>(perm.size()) != r)
      invalid_argument("transpose expects a vector of size " + std::to_string(r) + ". But input(1) is a vector of size " +
                       std::to_string(perm.size()));
    // Checked here too: with a rank unknown when the graph was built, nothing checked it before.
    std::vector<bool> used(r, false);
    for (int64_t p : perm) {
      if (p < 0 || p >= r || used[p])
        invalid_argument("transpose: perm " + shape_str(perm) + " is not a permutation of the " + std::to_string(r) +
                         " dimensions");
      used[p] = true;
    }
    Shape out_shape(r);
    for (int i = 0; i < r; ++i) out_shape[i] = in.dim(static_cast<int>(perm[i]));
    if (r <= 1) return ctx.set_output(0, in.reshaped(out_shape));
    Tensor out(in.dtype(), out_shape);
    // Strides of the input, visited in output order.
    std::vector<int64_t> in_strides(r), st(r);
    int64_t s = 1;
    for (int i = r - 1; i >= 0; --i) { in_strides[i] = s; s *= in.dim(i); }
    for (int i = 0; i < r; ++i) st[i] = in_strides[perm[i]];
    // Transpose only moves elements: one instantiation per element width serves every dtype.
    JF_DISPATCH_WORD(in.dtype(), {
      const E* x = words<E>(in);
      E* y = words<E>(out);
      if (r == 2) {
        const int64_t rows = out_shape[0], cols = out_shape[1];
        for (int64_t i = 0; i < rows; ++i)
          for (int64_t j = 0; j < cols; ++j) y[i * cols + j] = x[i * st[0] + j * st[1]];
      } else {
        std::vector<int64_t> idx(r, 0);
        int64_t off = 0;
        for (int64_t k = 0; k < out.size(); ++k) {
          y[k] = x[off];
          for (int d = r - 1; d >= 0; --d) {
            off += st[d];
            if (++idx[d] < out_shape[d]) break;
            off -= st[d] * out_shape[d];
            idx[d] = 0;
          }
        }
      }
    })
    ctx.set_output(0, std::move(out));
  }

 private:
  std::vector<int64_t> perm_;
};
JF_REGISTER_KERNEL("Transpose", TransposeKernel);


}  // namespace
}  // namespace jf

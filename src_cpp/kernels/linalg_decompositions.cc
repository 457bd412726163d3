// Determinants, Cholesky, solves and the QR / SVD / symmetric eigen decompositions of batches of
// matrices [..., M, N] (jupyter_flow/ops/linalg_decomposition_ops.py declares them), by LAPACK, one
// matrix at a time. Shapes are checked again here: a rank unknown when the graph was built reaches
// the kernel unchecked.
#include <cmath>
#include <limits>
#include <vector>

#include "elementwise.h"
#include "lapack.h"
#include "linalg_batch.h"

namespace jf {
namespace {

using linalg::batch_dims;
using linalg::cols;
using linalg::count;
using linalg::lapack_size;
using linalg::rows;
using linalg::with_matrix;

// sign and log|det| of an n x n matrix from its LU factors (overwrites `a`). A singular matrix
// gives sign 0 and -inf, as TF1's SLogDet; det = sign * exp(log|det|) never overflows midway.
template <typename T>
void slogdet(T* a, int n, std::vector<int>& ipiv, T& sign, T& log_abs) {
  sign = T(1);
  log_abs = T(0);
  if (n == 0) return;
  blas::getrf(n, a, ipiv.data());
  for (int i = 0; i < n; ++i) {
    const T d = a[static_cast<int64_t>(i) * n + i];
    if (ipiv[i] != i + 1) sign = -sign;
    if (d < 0) sign = -sign;
    log_abs += std::log(std::abs(d));
  }
  if (!std::isfinite(log_abs)) {
    sign = T(0);
    log_abs = -std::numeric_limits<T>::infinity();
  }
}

template <typename T>
void determinants(const Tensor& in, Tensor* det, Tensor* sign, Tensor* log_abs) {
  const int64_t n = cols(in);
  const int64_t batch = count(batch_dims(in));
  const int ni = lapack_size(n, "MatrixDeterminant");
  std::vector<T> work(n * n);
  std::vector<int> ipiv(n);
  for (int64_t b = 0; b < batch; ++b) {
    std::copy(in.data<T>() + b * n * n, in.data<T>() + (b + 1) * n * n, work.begin());
    T s, l;
    slogdet(work.data(), ni, ipiv, s, l);
    if (det) det->data<T>()[b] = s * std::exp(l);
    if (sign) sign->data<T>()[b] = s;
    if (log_abs) log_abs->data<T>()[b] = l;
  }
}

void matrix_determinant_kernel(KernelContext& ctx) {
  const Tensor& a = ctx.input(0);
  linalg::require_square(a, "MatrixDeterminant");
  Tensor det(a.dtype(), batch_dims(a));
  JF_DISPATCH_FLOAT(a.dtype(), "MatrixDeterminant", determinants<T>(a, &det, nullptr, nullptr))
  ctx.set_output(0, std::move(det));
}
JF_REGISTER_FUNCTION("MatrixDeterminant", matrix_determinant_kernel);

void log_matrix_determinant_kernel(KernelContext& ctx) {
  const Tensor& a = ctx.input(0);
  linalg::require_square(a, "LogMatrixDeterminant");
  Tensor sign(a.dtype(), batch_dims(a)), log_abs(a.dtype(), batch_dims(a));
  JF_DISPATCH_FLOAT(a.dtype(), "LogMatrixDeterminant", determinants<T>(a, nullptr, &sign, &log_abs))
  ctx.set_output(0, std::move(sign));
  ctx.set_output(1, std::move(log_abs));
}
JF_REGISTER_FUNCTION("LogMatrixDeterminant", log_matrix_determinant_kernel);

void cholesky_kernel(KernelContext& ctx) {
  const Tensor& a = ctx.input(0);
  linalg::require_square(a, "Cholesky");
  Tensor out = a.clone();
  const int64_t n = cols(a), batch = count(batch_dims(a));
  const int ni = lapack_size(n, "Cholesky");
  JF_DISPATCH_FLOAT(a.dtype(), "Cholesky", {
    for (int64_t b = 0; b < batch; ++b) {
      T* m = out.data<T>() + b * n * n;
      // As TF1: only the lower triangle is read, and a matrix that is not positive definite is an error.
      if (n > 0 && lapack::potrf_lower(ni, m) != 0)
        invalid_argument("Cholesky decomposition was not successful. The input might not be valid.");
      for (int64_t i = 0; i < n; ++i)
        for (int64_t j = i + 1; j < n; ++j) m[i * n + j] = T(0);
    }
  })
  ctx.set_output(0, std::move(out));
}
JF_REGISTER_FUNCTION("Cholesky", cholesky_kernel);

// matrix [..., N, N], rhs [..., N, K] with the same batch: X with op(matrix) X = rhs.
void matrix_solve_kernel(KernelContext& ctx) {
  const Tensor& a = ctx.input(0);
  const Tensor& rhs = ctx.input(1);
  const bool adjoint = ctx.attrs().get_or<bool>("adjoint", false);
  linalg::require_same_dtype(a, rhs, "MatrixSolve");
  linalg::require_square(a, "MatrixSolve", "matrix");
  linalg::require_matrices(rhs, "MatrixSolve", "rhs");
  if (batch_dims(a) != batch_dims(rhs) || rows(rhs) != rows(a))
    invalid_argument("MatrixSolve: matrix and rhs must have the same batch dimensions and number of rows, got shapes " +
                     shape_str(a.shape()) + " and " + shape_str(rhs.shape()));
  const int64_t n = rows(a), k = cols(rhs), batch = count(batch_dims(a));
  const int ni = lapack_size(n, "MatrixSolve"), ki = lapack_size(k, "MatrixSolve");
  Tensor out = rhs.clone();
  std::vector<int> ipiv(n);
  JF_DISPATCH_FLOAT(a.dtype(), "MatrixSolve", {
    std::vector<T> lu(n * n);
    for (int64_t b = 0; b < batch && n > 0; ++b) {
      std::copy(a.data<T>() + b * n * n, a.data<T>() + (b + 1) * n * n, lu.begin());
      if (blas::getrf(ni, lu.data(), ipiv.data()) != 0) invalid_argument("Input matrix is not invertible.");
      if (k > 0) lapack::getrs(adjoint, ni, ki, lu.data(), ipiv.data(), out.data<T>() + b * n * k);
    }
  })
  ctx.set_output(0, std::move(out));
}
JF_REGISTER_FUNCTION("MatrixSolve", matrix_solve_kernel);

// matrix [..., N, N] triangular, rhs [..., N, K]; batch dimensions broadcast (as TF's kernel).
void matrix_triangular_solve_kernel(KernelContext& ctx) {
  const Tensor& a = ctx.input(0);
  const Tensor& rhs = ctx.input(1);
  const bool lower = ctx.attrs().get_or<bool>("lower", true);
  const bool adjoint = ctx.attrs().get_or<bool>("adjoint", false);
  linalg::require_same_dtype(a, rhs, "MatrixTriangularSolve");
  linalg::require_square(a, "MatrixTriangularSolve", "matrix");
  linalg::require_matrices(rhs, "MatrixTriangularSolve", "rhs");
  if (rows(rhs) != rows(a))
    invalid_argument("MatrixTriangularSolve: matrix and rhs must have the same number of rows, got shapes " +
                     shape_str(a.shape()) + " and " + shape_str(rhs.shape()));
  const auto pairs =
      linalg::broadcast_batches(batch_dims(a), batch_dims(rhs), "MatrixTriangularSolve", a.shape(), rhs.shape());
  const int64_t n = rows(a), k = cols(rhs);
  const int ni = lapack_size(n, "MatrixTriangularSolve"), ki = lapack_size(k, "MatrixTriangularSolve");
  Tensor out(a.dtype(), with_matrix(pairs.out, n, k));
  JF_DISPATCH_FLOAT(a.dtype(), "MatrixTriangularSolve", {
    for (size_t b = 0; b < pairs.a_index.size(); ++b) {
      T* x = out.data<T>() + b * n * k;
      const T* r = rhs.data<T>() + pairs.b_index[b] * n * k;
      std::copy(r, r + n * k, x);
      if (n > 0 && k > 0) lapack::trsm(lower, adjoint, ni, ki, a.data<T>() + pairs.a_index[b] * n * n, x);
    }
  })
  ctx.set_output(0, std::move(out));
}
JF_REGISTER_FUNCTION("MatrixTriangularSolve", matrix_triangular_solve_kernel);

// a [..., M, N] = q [..., M, P] r [..., P, N]; P = M with full_matrices, else min(M, N).
void qr_kernel(KernelContext& ctx) {
  const Tensor& a = ctx.input(0);
  const bool full = ctx.attrs().get_or<bool>("full_matrices", false);
  linalg::require_matrices(a, "Qr");
  const int64_t m = rows(a), n = cols(a), k = std::min(m, n), p = full ? m : k, batch = count(batch_dims(a));
  const int mi = lapack_size(m, "Qr"), ni = lapack_size(n, "Qr");
  Tensor q(a.dtype(), with_matrix(batch_dims(a), m, p)), r(a.dtype(), with_matrix(batch_dims(a), p, n));
  JF_DISPATCH_FLOAT(a.dtype(), "Qr", {
    std::vector<T> f(m * n), tau(k), qb(m * p);
    for (int64_t b = 0; b < batch; ++b) {
      std::copy(a.data<T>() + b * m * n, a.data<T>() + (b + 1) * m * n, f.begin());
      if (k > 0 && lapack::geqrf(mi, ni, f.data(), tau.data()) != 0) invalid_argument("Qr: LAPACK geqrf failed");
      T* rb = r.data<T>() + b * p * n;
      for (int64_t i = 0; i < p; ++i)
        for (int64_t j = 0; j < n; ++j) rb[i * n + j] = (j >= i && i < m) ? f[i * n + j] : T(0);
      // Q from the Householder reflectors below the diagonal: the first min(N, P) columns of f.
      std::fill(qb.begin(), qb.end(), T(0));
      for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < std::min(n, p); ++j) qb[i * p + j] = f[i * n + j];
      if (p > 0 && m > 0 && lapack::orgqr(mi, static_cast<int>(p), static_cast<int>(k), qb.data(), tau.data()) != 0)
        invalid_argument("Qr: LAPACK orgqr failed");
      std::copy(qb.begin(), qb.end(), q.data<T>() + b * m * p);
    }
  })
  ctx.set_output(0, std::move(q));
  ctx.set_output(1, std::move(r));
}
JF_REGISTER_FUNCTION("Qr", qr_kernel);

// a [..., M, N] = u diag(s) v^T: s [..., P] descending (P = min(M, N)), u [..., M, M or P],
// v [..., N, N or P]; without compute_uv u and v are empty [0] (as TF1).
void svd_kernel(KernelContext& ctx) {
  const Tensor& a = ctx.input(0);
  const bool uv = ctx.attrs().get_or<bool>("compute_uv", true);
  const bool full = ctx.attrs().get_or<bool>("full_matrices", false);
  linalg::require_matrices(a, "Svd");
  const int64_t m = rows(a), n = cols(a), p = std::min(m, n), batch = count(batch_dims(a));
  const int64_t uc = full ? m : p, vc = full ? n : p;
  const int mi = lapack_size(m, "Svd"), ni = lapack_size(n, "Svd");
  Shape sb = batch_dims(a);
  sb.push_back(p);
  Tensor s(a.dtype(), sb);
  Tensor u(a.dtype(), uv ? with_matrix(batch_dims(a), m, uc) : Shape{0});
  Tensor v(a.dtype(), uv ? with_matrix(batch_dims(a), n, vc) : Shape{0});
  JF_DISPATCH_FLOAT(a.dtype(), "Svd", {
    std::vector<T> f(m * n), ub(uv ? m * uc : 1), vt(uv ? vc * n : 1);
    if (uv) {
      std::fill(u.data<T>(), u.data<T>() + u.size(), T(0));
      std::fill(v.data<T>(), v.data<T>() + v.size(), T(0));
    }
    for (int64_t b = 0; b < batch; ++b) {
      T* sv = s.data<T>() + b * p;
      if (p == 0) {
        // An empty matrix: with full matrices u and v are identities.
        if (uv && full) {
          for (int64_t i = 0; i < m; ++i) u.data<T>()[b * m * m + i * m + i] = T(1);
          for (int64_t i = 0; i < n; ++i) v.data<T>()[b * n * n + i * n + i] = T(1);
        }
        continue;
      }
      std::copy(a.data<T>() + b * m * n, a.data<T>() + (b + 1) * m * n, f.begin());
      const char job = uv ? (full ? 'A' : 'S') : 'N';
      if (lapack::gesdd(job, mi, ni, f.data(), sv, ub.data(), uv ? static_cast<int>(uc) : 1, vt.data(),
                        static_cast<int>(n)) != 0)
        invalid_argument("SVD did not converge: the input may hold inf or nan");
      if (!uv) continue;
      std::copy(ub.begin(), ub.end(), u.data<T>() + b * m * uc);
      T* vb = v.data<T>() + b * n * vc;  // v = (v^T)^T
      for (int64_t i = 0; i < vc; ++i)
        for (int64_t j = 0; j < n; ++j) vb[j * vc + i] = vt[i * n + j];
    }
  })
  ctx.set_output(0, std::move(s));
  ctx.set_output(1, std::move(u));
  ctx.set_output(2, std::move(v));
}
JF_REGISTER_FUNCTION("Svd", svd_kernel);

// Eigenvalues e [..., N] (ascending) and eigenvectors v [..., N, N] (columns; empty [0] without
// compute_v) of symmetric matrices, read from their lower triangles as TF1 reads them.
void self_adjoint_eig_kernel(KernelContext& ctx) {
  const Tensor& a = ctx.input(0);
  const bool compute_v = ctx.attrs().get_or<bool>("compute_v", true);
  linalg::require_square(a, "SelfAdjointEigV2");
  const int64_t n = cols(a), batch = count(batch_dims(a));
  const int ni = lapack_size(n, "SelfAdjointEigV2");
  Shape eb = batch_dims(a);
  eb.push_back(n);
  Tensor e(a.dtype(), eb);
  Tensor v = compute_v ? a.clone() : Tensor(a.dtype(), Shape{0});
  JF_DISPATCH_FLOAT(a.dtype(), "SelfAdjointEigV2", {
    std::vector<T> work(compute_v ? 0 : n * n);
    for (int64_t b = 0; b < batch && n > 0; ++b) {
      T* m = compute_v ? v.data<T>() + b * n * n : work.data();
      if (!compute_v) std::copy(a.data<T>() + b * n * n, a.data<T>() + (b + 1) * n * n, m);
      if (lapack::syevd_lower(compute_v, ni, m, e.data<T>() + b * n) != 0)
        invalid_argument("Self-adjoint eigen decomposition was not successful. The input might not be valid.");
    }
  })
  ctx.set_output(0, std::move(e));
  ctx.set_output(1, std::move(v));
}
JF_REGISTER_FUNCTION("SelfAdjointEigV2", self_adjoint_eig_kernel);

}  // namespace
}  // namespace jf

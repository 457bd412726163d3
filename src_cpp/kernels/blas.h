// BLAS and LAPACK from the scipy-openblas32 wheel: its symbols carry the `scipy_` prefix.
#pragma once
#include <cblas.h>
#include <lapacke.h>

#include "blas_threads.h"

namespace jf::blas {

// C = alpha op(A) op(B) + beta C on the calling thread only: for kernels that already split
// their work across the engine's threads (a split inside a split would oversubscribe the cores).
inline void gemm_here(bool ta, bool tb, int m, int n, int k, float alpha, const float* a, int lda, const float* b,
                      int ldb, float beta, float* c, int ldc) {
  scipy_cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k, alpha, a,
                    lda, b, ldb, beta, c, ldc);
}
inline void gemm_here(bool ta, bool tb, int m, int n, int k, double alpha, const double* a, int lda, const double* b,
                      int ldb, double beta, double* c, int ldc) {
  scipy_cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k, alpha, a,
                    lda, b, ldb, beta, c, ldc);
}

// C = alpha op(A) op(B) + beta C, split across the engine's threads when it is large enough
// (blas_threads.h says how).
template <typename T>
inline void gemm(bool ta, bool tb, int m, int n, int k, T alpha, const T* a, int lda, const T* b, int ldb, T beta,
                 T* c, int ldc) {
  switch (blas_threads::gemm_split(m, n, k)) {
    case blas_threads::GemmSplit::rows:
      // Rows of C are rows of op(A): row r starts at a + r*lda, or at column r when A is transposed.
      blas_threads::split_rows(m, [&](int r0, int r1) {
        gemm_here(ta, tb, r1 - r0, n, k, alpha, a + (ta ? r0 : static_cast<long>(r0) * lda), lda, b, ldb, beta,
                  c + static_cast<long>(r0) * ldc, ldc);
      });
      return;
    case blas_threads::GemmSplit::columns:
      // Columns of C are columns of op(B): column j starts at b + j, or at row j when B is transposed.
      blas_threads::split_columns(n, [&](int c0, int c1) {
        gemm_here(ta, tb, m, c1 - c0, k, alpha, a, lda, b + (tb ? static_cast<long>(c0) * ldb : c0), ldb, beta,
                  c + c0, ldc);
      });
      return;
    case blas_threads::GemmSplit::none:
      gemm_here(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  }
}
// y = op(A) x for a row-major A (rows x cols).
inline void gemv(bool trans, int rows, int cols, const float* a, int lda, const float* x, float* y) {
  scipy_cblas_sgemv(CblasRowMajor, trans ? CblasTrans : CblasNoTrans, rows, cols, 1.0f, a, lda, x, 1, 0.0f, y, 1);
}
inline void gemv(bool trans, int rows, int cols, const double* a, int lda, const double* x, double* y) {
  scipy_cblas_dgemv(CblasRowMajor, trans ? CblasTrans : CblasNoTrans, rows, cols, 1.0, a, lda, x, 1, 0.0, y, 1);
}
inline int getrf(int n, float* a, int* ipiv) { return scipy_LAPACKE_sgetrf(LAPACK_ROW_MAJOR, n, n, a, n, ipiv); }
inline int getrf(int n, double* a, int* ipiv) { return scipy_LAPACKE_dgetrf(LAPACK_ROW_MAJOR, n, n, a, n, ipiv); }
inline int getri(int n, float* a, const int* ipiv) { return scipy_LAPACKE_sgetri(LAPACK_ROW_MAJOR, n, a, n, ipiv); }
inline int getri(int n, double* a, const int* ipiv) { return scipy_LAPACKE_dgetri(LAPACK_ROW_MAJOR, n, a, n, ipiv); }

}  // namespace jf::blas

// LAPACK (and the triangular BLAS solve) from the scipy-openblas32 wheel, overloaded on float and
// double so a kernel templated on T calls one name. Matrices are row-major with no padding.
#pragma once
#include "blas.h"

namespace jf::lapack {

inline int getrs(bool trans, int n, int nrhs, const float* a, const int* ipiv, float* b) {
  return scipy_LAPACKE_sgetrs(LAPACK_ROW_MAJOR, trans ? 'T' : 'N', n, nrhs, a, n, ipiv, b, nrhs);
}
inline int getrs(bool trans, int n, int nrhs, const double* a, const int* ipiv, double* b) {
  return scipy_LAPACKE_dgetrs(LAPACK_ROW_MAJOR, trans ? 'T' : 'N', n, nrhs, a, n, ipiv, b, nrhs);
}
// The lower triangle of A (n x n) becomes L with A = L L^T; the upper triangle is not read.
inline int potrf_lower(int n, float* a) { return scipy_LAPACKE_spotrf(LAPACK_ROW_MAJOR, 'L', n, a, n); }
inline int potrf_lower(int n, double* a) { return scipy_LAPACKE_dpotrf(LAPACK_ROW_MAJOR, 'L', n, a, n); }
inline int geqrf(int m, int n, float* a, float* tau) { return scipy_LAPACKE_sgeqrf(LAPACK_ROW_MAJOR, m, n, a, n, tau); }
inline int geqrf(int m, int n, double* a, double* tau) {
  return scipy_LAPACKE_dgeqrf(LAPACK_ROW_MAJOR, m, n, a, n, tau);
}
inline int orgqr(int m, int n, int k, float* a, const float* tau) {
  return scipy_LAPACKE_sorgqr(LAPACK_ROW_MAJOR, m, n, k, a, n, tau);
}
inline int orgqr(int m, int n, int k, double* a, const double* tau) {
  return scipy_LAPACKE_dorgqr(LAPACK_ROW_MAJOR, m, n, k, a, n, tau);
}
inline int gesdd(char jobz, int m, int n, float* a, float* s, float* u, int ldu, float* vt, int ldvt) {
  return scipy_LAPACKE_sgesdd(LAPACK_ROW_MAJOR, jobz, m, n, a, n, s, u, ldu, vt, ldvt);
}
inline int gesdd(char jobz, int m, int n, double* a, double* s, double* u, int ldu, double* vt, int ldvt) {
  return scipy_LAPACKE_dgesdd(LAPACK_ROW_MAJOR, jobz, m, n, a, n, s, u, ldu, vt, ldvt);
}
// Eigenvalues (ascending) of the symmetric matrix whose lower triangle A holds; with vectors, A's
// columns become the eigenvectors.
inline int syevd_lower(bool vectors, int n, float* a, float* w) {
  return scipy_LAPACKE_ssyevd(LAPACK_ROW_MAJOR, vectors ? 'V' : 'N', 'L', n, a, n, w);
}
inline int syevd_lower(bool vectors, int n, double* a, double* w) {
  return scipy_LAPACKE_dsyevd(LAPACK_ROW_MAJOR, vectors ? 'V' : 'N', 'L', n, a, n, w);
}
// B (n x k) := op(A)^-1 B for a triangular A (n x n); only A's `lower` (or upper) triangle is read.
inline void trsm(bool lower, bool trans, int n, int k, const float* a, float* b) {
  scipy_cblas_strsm(CblasRowMajor, CblasLeft, lower ? CblasLower : CblasUpper, trans ? CblasTrans : CblasNoTrans,
                    CblasNonUnit, n, k, 1.0f, a, n, b, k);
}
inline void trsm(bool lower, bool trans, int n, int k, const double* a, double* b) {
  scipy_cblas_dtrsm(CblasRowMajor, CblasLeft, lower ? CblasLower : CblasUpper, trans ? CblasTrans : CblasNoTrans,
                    CblasNonUnit, n, k, 1.0, a, n, b, k);
}

}  // namespace jf::lapack

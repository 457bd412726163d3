// Element-wise loops compiled once per vector width and picked at load time by the CPU
// (GCC/Clang target_clones: an ifunc resolves each to its AVX-512, AVX2 or baseline body).
// The wheel is built for baseline x86-64, whose SSE2 does 4 floats per instruction; the same
// loop with AVX-512 does 16. Results do not depend on the clone: element-wise IEEE arithmetic is
// exact at every width, and the engine is built with -ffp-contract=off (CMakeLists.txt), so
// no clone fuses a multiply and an add into an FMA.
#pragma once
#include <cstdint>
#include <type_traits>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && !defined(JF_NO_SIMD_CLONES)
#define JF_SIMD_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define JF_SIMD_CLONES
#endif

namespace jf::simd {

// y[i] = f(a[i], b[i]); y = f(a, b[i]) with a repeated; y = f(a[i], b) with b repeated.
template <typename TA, typename TB, typename TO, typename F>
JF_SIMD_CLONES void map_vv(const TA* __restrict a, const TB* __restrict b, TO* __restrict y, int64_t n, F f) {
  for (int64_t i = 0; i < n; ++i) y[i] = f(a[i], b[i]);
}
template <typename TA, typename TB, typename TO, typename F>
JF_SIMD_CLONES void map_sv(TA a, const TB* __restrict b, TO* __restrict y, int64_t n, F f) {
  for (int64_t i = 0; i < n; ++i) y[i] = f(a, b[i]);
}
template <typename TA, typename TB, typename TO, typename F>
JF_SIMD_CLONES void map_vs(const TA* __restrict a, TB b, TO* __restrict y, int64_t n, F f) {
  for (int64_t i = 0; i < n; ++i) y[i] = f(a[i], b);
}
template <typename TX, typename TY, typename F>
JF_SIMD_CLONES void map_v(const TX* __restrict x, TY* __restrict y, int64_t n, F f) {
  for (int64_t i = 0; i < n; ++i) y[i] = f(x[i]);
}

// Whether a type's loops are worth cloning: plain numbers (not strings, not complex).
template <typename T>
inline constexpr bool kVectorizable = std::is_arithmetic_v<T>;

}  // namespace jf::simd

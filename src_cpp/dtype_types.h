// The C++ element types of the engine's dtypes, and lists of them that kernels dispatch over.
//
// float16 and bfloat16 are stored as 16 bits and compute in float (as TF1's Eigen::half and
// bfloat16 do on CPU): each value converts to float for an operation and the result rounds back.
// They convert implicitly to float, so a kernel written for `T` (a + b, std::exp(x), a < b)
// works for them unchanged.
#pragma once
#include <bit>
#include <complex>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace jf {

struct float16 {
  uint16_t bits = 0;
  float16() = default;
  float16(float f) : bits(std::bit_cast<uint16_t>(static_cast<_Float16>(f))) {}  // NOLINT: implicit, as a float
  template <typename N, typename = std::enable_if_t<std::is_arithmetic_v<N>>>
  float16(N v) : float16(static_cast<float>(v)) {}  // NOLINT
  operator float() const { return static_cast<float>(std::bit_cast<_Float16>(bits)); }  // NOLINT
};

struct bfloat16 {
  uint16_t bits = 0;
  bfloat16() = default;
  bfloat16(float f) : bits(round_to_bfloat16(f)) {}  // NOLINT
  template <typename N, typename = std::enable_if_t<std::is_arithmetic_v<N>>>
  bfloat16(N v) : bfloat16(static_cast<float>(v)) {}  // NOLINT
  operator float() const { return std::bit_cast<float>(static_cast<uint32_t>(bits) << 16); }  // NOLINT

  // Round to nearest, ties to even (what TF's Cast to bfloat16 does); NaN stays a quiet NaN.
  static uint16_t round_to_bfloat16(float f) {
    uint32_t u = std::bit_cast<uint32_t>(f);
    if ((u & 0x7fffffffu) > 0x7f800000u) return static_cast<uint16_t>((u >> 16) | 0x40);
    u += 0x7fffu + ((u >> 16) & 1u);
    return static_cast<uint16_t>(u >> 16);
  }
};

// Compound assignment (acc += x in sums) computes in float and rounds back, as the operators do.
#define JF_HALF_COMPOUND_(H)                                                       \
  inline H& operator+=(H& a, float b) { return a = H(static_cast<float>(a) + b); } \
  inline H& operator-=(H& a, float b) { return a = H(static_cast<float>(a) - b); } \
  inline H& operator*=(H& a, float b) { return a = H(static_cast<float>(a) * b); } \
  inline H& operator/=(H& a, float b) { return a = H(static_cast<float>(a) / b); }
JF_HALF_COMPOUND_(float16)
JF_HALF_COMPOUND_(bfloat16)
#undef JF_HALF_COMPOUND_

using complex64 = std::complex<float>;
using complex128 = std::complex<double>;

template <typename T> struct is_complex : std::false_type {};
template <typename R> struct is_complex<std::complex<R>> : std::true_type {};
template <typename T> inline constexpr bool is_complex_v = is_complex<T>::value;
template <typename T> inline constexpr bool is_half_v = std::is_same_v<T, float16> || std::is_same_v<T, bfloat16>;

// `From` converted to `To` as TF1's Cast does: complex to real keeps the real part, anything to
// bool is `!= 0`, 16-bit floats go through float.
template <typename To, typename From>
inline To convert(From x) {
  if constexpr (std::is_same_v<To, bool>) {
    if constexpr (is_half_v<From>) return static_cast<float>(x) != 0.0f;
    else return x != From(0);
  } else if constexpr (is_complex_v<To>) {
    if constexpr (is_complex_v<From>) return To(static_cast<typename To::value_type>(x.real()), static_cast<typename To::value_type>(x.imag()));
    else if constexpr (is_half_v<From>) return To(static_cast<float>(x), 0);
    else return To(static_cast<typename To::value_type>(x), 0);
  } else if constexpr (is_complex_v<From>) {
    return convert<To>(x.real());
  } else if constexpr (is_half_v<From> && !is_half_v<To>) {
    return static_cast<To>(static_cast<float>(x));
  } else {
    return static_cast<To>(x);
  }
}

// The lowest / highest value of a real type (16-bit floats included), for max/min reductions.
template <typename T>
inline T lowest_value() {
  if constexpr (std::is_same_v<T, float16> || std::is_same_v<T, bfloat16>) return T(-std::numeric_limits<float>::infinity());
  else if constexpr (std::is_floating_point_v<T>) return -std::numeric_limits<T>::infinity();
  else return std::numeric_limits<T>::lowest();
}
template <typename T>
inline T highest_value() {
  if constexpr (std::is_same_v<T, float16> || std::is_same_v<T, bfloat16>) return T(std::numeric_limits<float>::infinity());
  else if constexpr (std::is_floating_point_v<T>) return std::numeric_limits<T>::infinity();
  else return std::numeric_limits<T>::max();
}

}  // namespace jf

// X-macro lists of (DType enumerator, C++ type): the dispatch macros in kernels/elementwise.h
// are built from these, so adding a dtype to a family of kernels is one line here.
#define JF_INTEGER_TYPES(X) \
  X(Int32, int32_t) X(Int64, int64_t) X(Int8, int8_t) X(Int16, int16_t) \
  X(UInt8, uint8_t) X(UInt16, uint16_t) X(UInt32, uint32_t) X(UInt64, uint64_t)
#define JF_FLOAT_TYPES(X) X(Float32, float) X(Float64, double) X(Float16, ::jf::float16) X(BFloat16, ::jf::bfloat16)
#define JF_COMPLEX_TYPES(X) X(Complex64, ::jf::complex64) X(Complex128, ::jf::complex128)
#define JF_REAL_TYPES(X) JF_FLOAT_TYPES(X) JF_INTEGER_TYPES(X)

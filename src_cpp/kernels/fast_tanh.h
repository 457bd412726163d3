// tanh for float32 as a rational function (odd degree-13 numerator over even degree-6
// denominator, the approximation Eigen uses for TF's Tanh): within 7 ULP of the true value
// on all floats, and, being branch-free arithmetic, vectorized by the compiler. libm's tanhf
// goes through expm1f per element and was the largest cost of an RNN training step.
//
// exp and the logistic sigmoid for float32 below follow the same idea: branch-free float and
// integer arithmetic the compiler vectorizes, where libm's expf is an opaque call per element.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace jf {

inline float fast_tanh(float x) {
  // Beyond +-7.9053 the float result is +-1 exactly; below 4e-4 tanh(x) rounds to x.
  const float clamp = 7.90531110763549805f;
  const float c = std::min(std::max(x, -clamp), clamp);  // this operand order keeps NaN as NaN
  const float c2 = c * c;
  float p = -2.76076847742355e-16f;
  p = p * c2 + 2.00018790482477e-13f;
  p = p * c2 + -8.60467152213735e-11f;
  p = p * c2 + 5.12229709037114e-08f;
  p = p * c2 + 1.48572235717979e-05f;
  p = p * c2 + 6.37261928875436e-04f;
  p = p * c2 + 4.89352455891786e-03f;
  p = p * c;
  float q = 1.19825839466702e-06f;
  q = q * c2 + 1.18534705686654e-04f;
  q = q * c2 + 2.26843463243900e-03f;
  q = q * c2 + 4.89352518554385e-03f;
  return std::fabs(x) < 0.0004f ? x : p / q;
}

inline double fast_tanh(double x) { return std::tanh(x); }

namespace detail {
inline float float_from_bits(uint32_t u) {
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}
inline uint32_t bits_of(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}
}  // namespace detail

// exp for float32 (Cody-Waite reduction x = n ln2 + r, |r| <= ln2/2, and Cephes' degree-6
// polynomial for exp(r)). Measured against double exp over 1/64 of all floats (contiguous
// blocks spread over the whole range): within 1 ULP (worst 0.97) where the result is normal
// (x in [-87.3, 88.7]); below that a subnormal within one subnormal step (1.4e-45) of the true
// value, 0 below -103.97; +inf above 88.72; NaN stays NaN.
inline float fast_exp(float x) {
  const float c = std::min(std::max(x, -104.0f), 88.7228394f);  // this operand order keeps NaN as NaN
  // Round c / ln2 to the nearest integer n with the 1.5 * 2^23 trick (no float->int conversion,
  // so no undefined behaviour on NaN); n's bits are the low bits of t.
  const float shifter = 12582912.0f;
  const float t = c * 1.44269504088896341f + shifter;
  const float n = t - shifter;
  const int32_t ni = static_cast<int32_t>(detail::bits_of(t) - detail::bits_of(shifter));
  // ln2 in two parts, the first with few significant bits so that n * part1 is exact.
  float r = c - n * 0.693359375f;
  r = r - n * -2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  const float e = p * (r * r) + r + 1.0f;
  // 2^n as two factors, each a normal float for n in [-150, 128], so results that are subnormal
  // come out right; n = 128 (from c = 88.72...) overflows to +inf as it should.
  const int32_t n1 = ni / 2, n2 = ni - n1;
  const float s1 = detail::float_from_bits(static_cast<uint32_t>(n1 + 127) << 23);
  const float s2 = detail::float_from_bits(static_cast<uint32_t>(n2 + 127) << 23);
  const float y = e * s1 * s2;
  return x > 88.7228394f ? HUGE_VALF : y;
}

// 1 / (1 + exp(-x)) for float32 from exp(-|x|), which never overflows: s = 1 / (1 + e) for
// x >= 0 and e * s for x < 0 (the same two forms as the libm kernel, so the relative error
// stays small for very negative x). Measured as fast_exp: within 3 ULP (worst 2.61) for normal
// results, subnormal results (x < -87.3) within one subnormal step; tests/ops/test_sigmoid_accuracy.py
// pins these bounds against numpy's float64.
inline float fast_sigmoid(float x) {
  const float e = fast_exp(-std::fabs(x));
  const float s = 1.0f / (1.0f + e);
  return x >= 0.0f ? s : (x < 0.0f ? e * s : x);  // the last case: NaN
}

inline double fast_sigmoid(double x) {
  return x >= 0 ? 1.0 / (1.0 + std::exp(-x)) : std::exp(x) / (1.0 + std::exp(x));
}

}  // namespace jf

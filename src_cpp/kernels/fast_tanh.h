// tanh for float32 as a rational function (odd degree-13 numerator over even degree-6
// denominator, the approximation Eigen uses for TF's Tanh): within 7 ULP of the true value
// on all floats, and, being branch-free arithmetic, vectorized by the compiler. libm's tanhf
// goes through expm1f per element and was the largest cost of an RNN training step.
#pragma once
#include <algorithm>
#include <cmath>

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

}  // namespace jf

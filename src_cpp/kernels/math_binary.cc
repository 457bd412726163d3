// Element-wise binary kernels with NumPy broadcasting (math_ops.py declares them).
#include "elementwise.h"
#include "fused_elementwise.h"

namespace jf {
namespace {

template <typename T>
T floor_div(T a, T b) {
  if constexpr (std::is_integral_v<T>) {
    if (b == 0) invalid_argument("Integer division by zero");
    // INT_MIN / -1 traps (SIGFPE) on x86: wrap around as NumPy does instead of killing the kernel.
    if constexpr (std::is_signed_v<T>)
      if (b == -1) return static_cast<T>(-static_cast<std::make_unsigned_t<T>>(a));
    T q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
  } else {
    return std::floor(a / b);
  }
}

template <typename T>
T floor_mod(T a, T b) {
  if constexpr (std::is_integral_v<T>) {
    if (b == 0) invalid_argument("Integer division by zero");
    if constexpr (std::is_signed_v<T>)
      if (b == -1) return 0;  // INT_MIN % -1 traps on x86; every integer is a multiple of -1
    T r = a % b;
    return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r;
  } else {
    T r = std::fmod(a, b);
    return (r != 0 && ((r < 0) != (b < 0))) ? T(r + b) : r;
  }
}

template <typename T>
T int_pow(T base, T exp) {
  if constexpr (std::is_signed_v<T>)
    if (exp < 0) invalid_argument("Integers to negative integer powers are not allowed");
  T result = 1;
  while (exp) {
    if (exp & 1) result *= base;
    base *= base;
    exp >>= 1;
  }
  return result;
}

// An element-wise binary kernel over one dispatch family (FAMILY: REAL, NUMBERS, INEXACT...; they follow
// TF1's kernel registrations, tests/framework/test_dtype_registry.py lists them). Its per-element functor
// (TYPE##_op<T>) serves the kernel and the fused kernel alike (fused_elementwise.h), so fused results are
// the unfused ones bit for bit.
#define JF_BINARY(FAMILY, TYPE, EXPR)                                                     \
  template <typename T>                                                                   \
  struct TYPE##_op {                                                                      \
    T operator()(T a, T b) const { return EXPR; }                                         \
  };                                                                                      \
  void TYPE##_kernel(KernelContext& ctx) {                                                \
    DType dt = ctx.input(0).dtype();                                                      \
    JF_DISPATCH_##FAMILY(dt, #TYPE, binary_kernel<T, T>(ctx, dt, TYPE##_op<T>{}));        \
  }                                                                                       \
  JF_REGISTER_FUNCTION(#TYPE, TYPE##_kernel);

#define JF_COMPARISON(TYPE, OP)                                                           \
  void TYPE##_kernel(KernelContext& ctx) {                                                \
    DType dt = ctx.input(0).dtype();                                                      \
    JF_DISPATCH_REAL(dt, #TYPE, binary_kernel<T, bool>(ctx, DType::Bool, [](T a, T b) -> bool { return a OP b; })); \
  }                                                                                       \
  JF_REGISTER_FUNCTION(#TYPE, TYPE##_kernel);

JF_BINARY(NUMBERS, Add, a + b)
JF_BINARY(NUMBERS, AddV2, a + b)
JF_BINARY(NUMBERS, Sub, a - b)
JF_BINARY(NUMBERS, Mul, a * b)
JF_BINARY(REAL, Maximum, a > b ? a : b)
JF_BINARY(REAL, Minimum, a < b ? a : b)
JF_BINARY(REAL, FloorDiv, floor_div(a, b))
JF_BINARY(REAL, FloorMod, floor_mod(a, b))
JF_BINARY(NUMBERS, SquaredDifference, (a - b) * (a - b))
JF_BINARY(INEXACT, RealDiv, a / b)

// Fusable in float dtypes (floor_div/floor_mod/pow throw only for integers, which never fuse).
JF_REGISTER_FUSABLE("Add", ::jf::fusion::binary_op<Add_op>());
JF_REGISTER_FUSABLE("AddV2", ::jf::fusion::binary_op<AddV2_op>());
JF_REGISTER_FUSABLE("Sub", ::jf::fusion::binary_op<Sub_op>());
JF_REGISTER_FUSABLE("Mul", ::jf::fusion::binary_op<Mul_op>());
JF_REGISTER_FUSABLE("Maximum", ::jf::fusion::binary_op<Maximum_op>());
JF_REGISTER_FUSABLE("Minimum", ::jf::fusion::binary_op<Minimum_op>());
JF_REGISTER_FUSABLE("SquaredDifference", ::jf::fusion::binary_op<SquaredDifference_op>());
JF_REGISTER_FUSABLE("RealDiv", ::jf::fusion::binary_op<RealDiv_op>());

void Pow_kernel(KernelContext& ctx) {
  DType dt = ctx.input(0).dtype();
  JF_DISPATCH_NUMBERS(dt, "Pow", binary_kernel<T, T>(ctx, dt, [](T a, T b) -> T {
    if constexpr (std::is_integral_v<T>) return int_pow(a, b);
    else if constexpr (is_complex_v<T>) return std::pow(a, b);
    else if constexpr (is_half_v<T>) return std::pow(static_cast<float>(a), static_cast<float>(b));
    else return std::pow(a, b);
  }));
}
JF_REGISTER_FUNCTION("Pow", Pow_kernel);

// Equality also compares strings (TF1: tf.equal(words, b"cat")).
#define JF_EQUALITY(TYPE, OP)                                                                 \
  void TYPE##_kernel(KernelContext& ctx) {                                                \
    DType dt = ctx.input(0).dtype();                                                      \
    if (dt == DType::String) {                                                            \
      binary_kernel<std::string, bool>(ctx, DType::Bool,                                  \
                                       [](const std::string& a, const std::string& b) { return a OP b; }); \
      return;                                                                             \
    }                                                                                     \
    JF_DISPATCH_EVERY(dt, #TYPE, binary_kernel<T, bool>(ctx, DType::Bool, [](T a, T b) -> bool { return a OP b; })); \
  }                                                                                       \
  JF_REGISTER_FUNCTION(#TYPE, TYPE##_kernel);

JF_EQUALITY(Equal, ==)
JF_EQUALITY(NotEqual, !=)
JF_COMPARISON(Less, <)
JF_COMPARISON(LessEqual, <=)
JF_COMPARISON(Greater, >)
JF_COMPARISON(GreaterEqual, >=)

void LogicalAnd_kernel(KernelContext& ctx) {
  binary_kernel<bool, bool>(ctx, DType::Bool, [](bool a, bool b) { return a && b; });
}
void LogicalOr_kernel(KernelContext& ctx) {
  binary_kernel<bool, bool>(ctx, DType::Bool, [](bool a, bool b) { return a || b; });
}
JF_REGISTER_FUNCTION("LogicalAnd", LogicalAnd_kernel);
JF_REGISTER_FUNCTION("LogicalOr", LogicalOr_kernel);

}  // namespace
}  // namespace jf

// Reductions over axes (Sum, Mean, Max, Min, Prod), their gradient broadcast, ArgMax/ArgMin.
#include <limits>

#include "elementwise.h"

namespace jf {
namespace {

// Axes normalized against a runtime rank (negative axes count from the end).
std::vector<bool> reduced_mask(const std::vector<int64_t>& axes, bool all, int rank, const std::string& op) {
  std::vector<bool> mask(rank, all);
  for (auto a : axes) {
    int64_t ax = a < 0 ? a + rank : a;
    if (ax < 0 || ax >= rank)
      invalid_argument("Invalid reduction dimension " + std::to_string(a) + " for input with " +
                       std::to_string(rank) + " dimensions (op " + op + ")");
    mask[ax] = true;
  }
  return mask;
}

enum class Red { Sum, Mean, Max, Min, Prod };

template <Red R>
class ReduceKernel : public OpKernel {
 public:
  explicit ReduceKernel(const KernelInit& init)
      : axes_(init.node.attrs.get_or<std::vector<int64_t>>("axis", {})),
        all_(!init.node.attrs.has("axis")),
        keep_dims_(init.node.attrs.get_or<bool>("keep_dims", false)),
        name_(init.node.type) {}

  void compute(KernelContext& ctx) override {
    const Tensor& in = ctx.input(0);
    const int r = in.rank();
    auto mask = reduced_mask(axes_, all_, r, name_);
    Shape kept(r), out_shape;
    int64_t count = 1;
    for (int i = 0; i < r; ++i) {
      kept[i] = mask[i] ? 1 : in.dim(i);
      if (mask[i]) count *= in.dim(i);
      if (!mask[i] || keep_dims_) out_shape.push_back(kept[i]);
    }
    if ((R == Red::Max || R == Red::Min) && count == 0 && in.size() == 0 && num_elements(kept) > 0)
      invalid_argument(name_ + " of an empty dimension has no identity value");
    Tensor out(in.dtype(), out_shape);
    // Sum, Mean and Prod take every number (complex too, as TF1); Max and Min the real ones.
    if constexpr (R == Red::Max || R == Red::Min) JF_DISPATCH_REAL(in.dtype(), name_.c_str(), reduce<T>(in, kept, count, out));
    else JF_DISPATCH_NUMBERS(in.dtype(), name_.c_str(), reduce<T>(in, kept, count, out));
    ctx.set_output(0, std::move(out));
  }

 private:
  template <typename T>
  static T identity() {
    if constexpr (R == Red::Max) return lowest_value<T>();
    else if constexpr (R == Red::Min) return highest_value<T>();
    else if constexpr (R == Red::Prod) return T(1);
    else return T(0);
  }
  template <typename A, typename T>
  static void combine(A& acc, T v) {
    if constexpr (R == Red::Max) acc = v > acc ? v : acc;
    else if constexpr (R == Red::Min) acc = v < acc ? v : acc;
    else if constexpr (R == Red::Prod) acc *= v;
    else acc += v;
  }

  template <typename T>
  void reduce(const Tensor& in, const Shape& kept, int64_t count, Tensor& out) {
    // Accumulate float32 sums in double: long sums stay accurate (NumPy uses pairwise sums).
    // 16-bit floats accumulate in float (as TF1), rounding once at the end.
    constexpr bool kSumLike = R == Red::Sum || R == Red::Mean;
    using Acc = std::conditional_t<std::is_same_v<T, float> && kSumLike, double,
                                   std::conditional_t<is_half_v<T> && R != Red::Max && R != Red::Min, float, T>>;
    const T* x = in.data<T>();
    T* y = out.data<T>();
    const int64_t n = in.size(), m = out.size();
    if (m == 1) {
      Acc acc = identity<T>();
      for (int64_t i = 0; i < n; ++i) combine(acc, x[i]);
      if constexpr (R == Red::Mean) acc = count ? acc / static_cast<Acc>(count) : Acc(NAN);
      y[0] = static_cast<T>(acc);
      return;
    }
    std::vector<Acc> acc(m, identity<T>());
    const Shape& s = in.shape();
    const int r = static_cast<int>(s.size());
    if (n > 0) {
      int64_t st[16], idx[16] = {0};
      broadcast_strides(kept, s, st);
      const int64_t inner = s[r - 1], is = st[r - 1];
      int64_t off = 0, k = 0;
      for (int64_t outer = n / inner; outer > 0; --outer) {
        for (int64_t j = 0; j < inner; ++j) combine(acc[off + j * is], x[k++]);
        for (int d = r - 2; d >= 0; --d) {
          off += st[d];
          if (++idx[d] < s[d]) break;
          off -= st[d] * s[d];
          idx[d] = 0;
        }
      }
    }
    for (int64_t i = 0; i < m; ++i) {
      if constexpr (R == Red::Mean) y[i] = static_cast<T>(count ? acc[i] / static_cast<Acc>(count) : Acc(NAN));
      else y[i] = static_cast<T>(acc[i]);
    }
  }

  std::vector<int64_t> axes_;
  bool all_, keep_dims_;
  std::string name_;
};
JF_REGISTER_KERNEL("Sum", ReduceKernel<Red::Sum>);
JF_REGISTER_KERNEL("Mean", ReduceKernel<Red::Mean>);
JF_REGISTER_KERNEL("Max", ReduceKernel<Red::Max>);
JF_REGISTER_KERNEL("Min", ReduceKernel<Red::Min>);
JF_REGISTER_KERNEL("Prod", ReduceKernel<Red::Prod>);

// ReductionGrad(grad, input): the reduced `grad` broadcast back to input's shape, divided by
// the number of reduced elements when mode is "mean". When input's shape was known while the
// graph was built it is the attribute input_shape and the op has no second input.
class ReductionGradKernel : public OpKernel {
 public:
  explicit ReductionGradKernel(const KernelInit& init)
      : axes_(init.node.attrs.get_or<std::vector<int64_t>>("axis", {})),
        all_(!init.node.attrs.has("axis")),
        mean_(init.node.attrs.get_or<std::string>("mode", "sum") == "mean"),
        static_shape_(init.node.inputs.size() == 1) {
    if (static_shape_) {
      input_shape_ = init.node.attrs.get_or<std::vector<int64_t>>("input_shape", {});
      for (int64_t d : input_shape_)
        if (d < 0) invalid_argument("ReductionGrad: input_shape must be fully known, got " + shape_str(input_shape_));
    }
  }
  void compute(KernelContext& ctx) override {
    const Tensor& g = ctx.input(0);
    const Shape& s = static_shape_ ? input_shape_ : ctx.input(1).shape();
    const int r = static_cast<int>(s.size());
    auto mask = reduced_mask(axes_, all_, r, "ReductionGrad");
    Shape kept(r);
    int64_t count = 1;
    for (int i = 0; i < r; ++i) {
      kept[i] = mask[i] ? 1 : s[i];
      if (mask[i]) count *= s[i];
    }
    if (g.size() != num_elements(kept))
      invalid_argument("gradient of shape " + shape_str(g.shape()) + " does not match reduced shape " + shape_str(kept));
    Tensor out(g.dtype(), s);
    JF_DISPATCH_NUMBERS(g.dtype(), "ReductionGrad", {
      const T scale = mean_ && count ? T(T(1) / static_cast<T>(count)) : T(1);
      Tensor gk = g.reshaped(kept);
      T one = 1;
      broadcast_apply(gk.data<T>(), kept, &one, Shape{}, out.data<T>(), s,
                      [scale](T a, T) { return a * scale; });
    });
    ctx.set_output(0, std::move(out));
  }

 private:
  std::vector<int64_t> axes_;
  bool all_, mean_, static_shape_;
  Shape input_shape_;
};
JF_REGISTER_KERNEL("ReductionGrad", ReductionGradKernel);

template <bool Max>
class ArgKernel : public OpKernel {
 public:
  explicit ArgKernel(const KernelInit& init)
      : axis_(init.node.attrs.get_or<int64_t>("axis", 0)), out_dtype_(init.node.out_dtypes.at(0)) {}
  void compute(KernelContext& ctx) override {
    const Tensor& in = ctx.input(0);
    const int r = in.rank();
    int64_t ax = axis_ < 0 ? axis_ + r : axis_;
    if (ax < 0 || ax >= r)
      invalid_argument("Expected dimension in the range [" + std::to_string(-r) + ", " + std::to_string(r) +
                       "), but got " + std::to_string(axis_));
    if (in.dim(static_cast<int>(ax)) == 0) invalid_argument("Reduction axis " + std::to_string(axis_) + " is empty");
    Shape out_shape;
    int64_t outer = 1, inner = 1, len = in.dim(static_cast<int>(ax));
    for (int i = 0; i < r; ++i) {
      if (i < ax) outer *= in.dim(i);
      if (i > ax) inner *= in.dim(i);
      if (i != ax) out_shape.push_back(in.dim(i));
    }
    Tensor out(out_dtype_, out_shape);
    JF_DISPATCH_REAL(in.dtype(), Max ? "ArgMax" : "ArgMin", {
      const T* x = in.data<T>();
      for (int64_t o = 0; o < outer; ++o)
        for (int64_t i = 0; i < inner; ++i) {
          int64_t best = 0;
          T bv = x[o * len * inner + i];
          for (int64_t k = 1; k < len; ++k) {
            T v = x[(o * len + k) * inner + i];
            if (Max ? v > bv : v < bv) { bv = v; best = k; }
          }
          if (out_dtype_ == DType::Int64) out.data<int64_t>()[o * inner + i] = best;
          else out.data<int32_t>()[o * inner + i] = static_cast<int32_t>(best);
        }
    });
    ctx.set_output(0, std::move(out));
  }

 private:
  int64_t axis_;
  DType out_dtype_;
};
JF_REGISTER_KERNEL("ArgMax", ArgKernel<true>);
JF_REGISTER_KERNEL("ArgMin", ArgKernel<false>);

}  // namespace
}  // namespace jf

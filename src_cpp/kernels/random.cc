// Random ops. Each node keeps one generator per session, seeded from (seed, seed2): the same
// seeds give the same numbers in every fresh session; seeds of 0 mean "nondeterministic".
#include <random>

#include "element_copy.h"
#include "elementwise.h"

namespace jf {
namespace {

uint64_t seed_of(const KernelInit& init) {
  int64_t seed = init.node.attrs.get_or<int64_t>("seed", 0), seed2 = init.node.attrs.get_or<int64_t>("seed2", 0);
  if (seed == 0 && seed2 == 0) return std::random_device{}() ^ (static_cast<uint64_t>(std::random_device{}()) << 32);
  return static_cast<uint64_t>(seed) * 0x9E3779B97F4A7C15ULL ^ static_cast<uint64_t>(seed2);
}

enum class Dist { Uniform, Normal, Truncated };

template <Dist D>
class RandomKernel : public OpKernel {
 public:
  explicit RandomKernel(const KernelInit& init)
      : rng_state_(init.state.rng(init.node.id, seed_of(init))),
        // With a shape input (a shape known only at run time) the attribute may be partial or absent.
        shape_(init.node.inputs.empty() ? init.node.attrs.get<std::vector<int64_t>>("shape")
                                        : init.node.attrs.get_or<std::vector<int64_t>>("shape", {})),
        dtype_(init.node.out_dtypes.at(0)),
        a_(init.node.attrs.get_or<double>("a", 0.0)),
        b_(init.node.attrs.get_or<double>("b", 1.0)) {}
  void compute(KernelContext& ctx) override {
    Shape shape = shape_;
    if (ctx.num_inputs() > 0) {
      shape = int_vector(ctx.input(0), "the shape of a random op");
      for (int64_t d : shape)
        if (d < 0) invalid_argument("a random op's shape must be non-negative, got " + shape_str(shape));
    }
    Tensor out(dtype_, shape);
    std::lock_guard<std::mutex> lock(rng_state_.mu);  // one generator per node, shared by threads
    auto& rng_ = rng_state_.gen;
    JF_DISPATCH_FLOAT(dtype_, "Random", {
      T* y = out.data<T>();
      if constexpr (D == Dist::Uniform) {
        if (a_ <= b_) {
          std::uniform_real_distribution<double> u(a_, b_);
          for (int64_t i = 0; i < out.size(); ++i) {
            T v = static_cast<T>(u(rng_));
            y[i] = v < static_cast<T>(b_) ? v : static_cast<T>(a_);  // [a, b) even after rounding
          }
        } else {  // minval > maxval: TF1 still computes minval + (maxval - minval) * u, in (maxval, minval]
          std::uniform_real_distribution<double> u(0.0, 1.0);
          for (int64_t i = 0; i < out.size(); ++i) y[i] = static_cast<T>(a_ + (b_ - a_) * u(rng_));
        }
      } else {
        std::normal_distribution<double> n(0.0, 1.0);
        for (int64_t i = 0; i < out.size(); ++i) {
          double v = n(rng_);
          if constexpr (D == Dist::Truncated)
            while (v < -2.0 || v > 2.0) v = n(rng_);
          y[i] = static_cast<T>(a_ + b_ * v);
        }
      }
    })
    ctx.set_output(0, std::move(out));
  }

 private:
  Rng& rng_state_;
  Shape shape_;
  DType dtype_;
  double a_, b_;  // uniform: [a, b); normal: mean a, stddev b
};
JF_REGISTER_KERNEL("RandomUniform", RandomKernel<Dist::Uniform>);
JF_REGISTER_KERNEL("RandomNormal", RandomKernel<Dist::Normal>);
JF_REGISTER_KERNEL("TruncatedNormal", RandomKernel<Dist::Truncated>);

// tf.random_uniform with an integer dtype: integers in [minval, maxval), both given as scalar tensors
// (inputs 1 and 2) after the shape (input 0), as TF1's RandomUniformInt.
class RandomUniformIntKernel : public OpKernel {
 public:
  explicit RandomUniformIntKernel(const KernelInit& init)
      : rng_state_(init.state.rng(init.node.id, seed_of(init))), dtype_(init.node.out_dtypes.at(0)) {}
  void compute(KernelContext& ctx) override {
    Shape shape = int_vector(ctx.input(0), "RandomUniformInt's shape");
    for (int64_t d : shape)
      if (d < 0) invalid_argument("RandomUniformInt's shape must be non-negative, got " + shape_str(shape));
    int64_t lo = int_scalar(ctx.input(1), "RandomUniformInt's minval");
    int64_t hi = int_scalar(ctx.input(2), "RandomUniformInt's maxval");
    Tensor out(dtype_, shape);
    if (out.size() > 0 && lo >= hi)  // TF1 checks only when there is something to draw
      invalid_argument("Need minval < maxval, got " + std::to_string(lo) + " >= " + std::to_string(hi));
    std::lock_guard<std::mutex> lock(rng_state_.mu);
    if (out.size() > 0) {
      std::uniform_int_distribution<int64_t> u(lo, hi - 1);
      if (dtype_ == DType::Int32) {
        int32_t* y = out.data<int32_t>();
        for (int64_t i = 0; i < out.size(); ++i) y[i] = static_cast<int32_t>(u(rng_state_.gen));
      } else if (dtype_ == DType::Int64) {
        int64_t* y = out.data<int64_t>();
        for (int64_t i = 0; i < out.size(); ++i) y[i] = u(rng_state_.gen);
      } else {
        invalid_argument(std::string("RandomUniformInt supports int32 and int64, not ") + dtype_name(dtype_));
      }
    }
    ctx.set_output(0, std::move(out));
  }

 private:
  Rng& rng_state_;
  DType dtype_;
};
JF_REGISTER_KERNEL("RandomUniformInt", RandomUniformIntKernel);

}  // namespace
}  // namespace jf

// Sampling ops of jupyter_flow/ops/random_sampling_ops.py: Multinomial (tf.multinomial /
// tf.random.categorical) and RandomShuffle. Seeds mix as in random.cc, so tf.set_random_seed
// makes them repeatable.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "elementwise.h"

namespace jf {
namespace {

uint64_t seed_of(const KernelInit& init) {
  int64_t seed = init.node.attrs.get_or<int64_t>("seed", 0), seed2 = init.node.attrs.get_or<int64_t>("seed2", 0);
  if (seed == 0 && seed2 == 0) return std::random_device{}() ^ (static_cast<uint64_t>(std::random_device{}()) << 32);
  return static_cast<uint64_t>(seed) * 0x9E3779B97F4A7C15ULL ^ static_cast<uint64_t>(seed2);
}

double uniform01(std::mt19937_64& gen) { return static_cast<double>(gen() >> 11) * 0x1.0p-53; }

// Multinomial(logits [batch, classes], num_samples scalar) -> [batch, num_samples] class ids,
// drawn from softmax(logits) per row by inverting the cumulative distribution.
class MultinomialKernel : public OpKernel {
 public:
  explicit MultinomialKernel(const KernelInit& init)
      : rng_state_(init.state.rng(init.node.id, seed_of(init))), out_dtype_(init.node.out_dtypes.at(0)) {}
  void compute(KernelContext& ctx) override {
    const Tensor& logits = ctx.input(0);
    const Tensor& n = ctx.input(1);
    if (logits.rank() != 2)
      invalid_argument("Multinomial: logits should be a matrix [batch_size, num_classes], got shape " +
                       shape_str(logits.shape()));
    if (n.size() != 1) invalid_argument("Multinomial: num_samples should be a scalar, got shape " + shape_str(n.shape()));
    int64_t num_samples = 0;
    JF_DISPATCH_NUMERIC(n.dtype(), "Multinomial", num_samples = static_cast<int64_t>(n.data<T>()[0]))
    if (num_samples < 0) invalid_argument("Multinomial: num_samples should be nonnegative, got " + std::to_string(num_samples));
    const int64_t batch = logits.dim(0), classes = logits.dim(1);
    if (classes == 0 && num_samples > 0 && batch > 0)
      invalid_argument("Multinomial: num_classes should be positive, got 0");
    Tensor out(out_dtype_, {batch, num_samples});
    std::vector<double> cdf(classes);
    std::lock_guard<std::mutex> lock(rng_state_.mu);
    JF_DISPATCH_FLOAT(logits.dtype(), "Multinomial", {
      const T* lp = logits.data<T>();
      for (int64_t b = 0; b < batch; ++b) {
        const T* row = lp + b * classes;
        double top = -INFINITY;
        for (int64_t c = 0; c < classes; ++c)
          if (std::isfinite(static_cast<double>(row[c]))) top = std::max(top, static_cast<double>(row[c]));
        double total = 0;
        for (int64_t c = 0; c < classes; ++c) {
          // -inf logits (and NaN) have probability 0, as TF treats non-finite logits.
          const double v = static_cast<double>(row[c]);
          total += std::isfinite(v) ? std::exp(v - top) : 0.0;
          cdf[c] = total;
        }
        for (int64_t s = 0; s < num_samples; ++s) {
          const double u = uniform01(rng_state_.gen) * total;
          int64_t k = std::upper_bound(cdf.begin(), cdf.end(), u) - cdf.begin();
          k = std::min(k, classes - 1);
          if (out_dtype_ == DType::Int64) out.data<int64_t>()[b * num_samples + s] = k;
          else out.data<int32_t>()[b * num_samples + s] = static_cast<int32_t>(k);
        }
      }
    })
    ctx.set_output(0, std::move(out));
  }

 private:
  Rng& rng_state_;
  DType out_dtype_;
};
JF_REGISTER_KERNEL("Multinomial", MultinomialKernel);

// RandomShuffle(value): value with its first-dimension slices in a random order (Fisher-Yates).
class RandomShuffleKernel : public OpKernel {
 public:
  explicit RandomShuffleKernel(const KernelInit& init) : rng_state_(init.state.rng(init.node.id, seed_of(init))) {}
  void compute(KernelContext& ctx) override {
    const Tensor& v = ctx.input(0);
    if (v.rank() == 0 || v.dim(0) <= 1) {
      ctx.set_output(0, v);
      return;
    }
    const int64_t n = v.dim(0);
    std::vector<int64_t> order(n);
    for (int64_t i = 0; i < n; ++i) order[i] = i;
    {
      std::lock_guard<std::mutex> lock(rng_state_.mu);
      for (int64_t i = n - 1; i > 0; --i) {
        const int64_t j = static_cast<int64_t>(uniform01(rng_state_.gen) * (i + 1));
        std::swap(order[i], order[std::min(j, i)]);
      }
    }
    Tensor out(v.dtype(), v.shape());
    if (v.dtype() == DType::String) {  // string_input_producer shuffles its file names
      const int64_t per_row = v.size() / n;
      for (int64_t i = 0; i < n; ++i)
        std::copy_n(v.strings().begin() + order[i] * per_row, per_row, out.strings().begin() + i * per_row);
      ctx.set_output(0, std::move(out));
      return;
    }
    const size_t row = v.nbytes() / static_cast<size_t>(n);
    const char* src = static_cast<const char*>(v.raw());
    char* dst = static_cast<char*>(out.raw());
    for (int64_t i = 0; i < n; ++i) std::memcpy(dst + i * row, src + order[i] * row, row);
    ctx.set_output(0, std::move(out));
  }

 private:
  Rng& rng_state_;
};
JF_REGISTER_KERNEL("RandomShuffle", RandomShuffleKernel);

}  // namespace
}  // namespace jf

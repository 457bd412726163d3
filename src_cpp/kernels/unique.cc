// Unique and UniqueWithCounts of a vector: the distinct values in order of first appearance, the
// index of each input element's value among them, and (WithCounts) how often each occurs.
// Values are compared by their bits (one instantiation per element width serves every dtype),
// after the float rules TF1's == gives: 0.0 and -0.0 are one value (the first seen is kept), and
// every NaN is a value of its own (NaN != NaN). Python side: jupyter_flow/ops/unique_ops.py.
#include <unordered_map>

#include "element_copy.h"

namespace jf {
namespace {

struct Word128Hash {
  size_t operator()(const Word128& w) const { return std::hash<uint64_t>()(w.lo) * 31 + std::hash<uint64_t>()(w.hi); }
};
struct Word128Eq {
  bool operator()(const Word128& a, const Word128& b) const { return a.lo == b.lo && a.hi == b.hi; }
};

template <typename E>
using SeenMap = std::conditional_t<std::is_same_v<E, Word128>, std::unordered_map<E, int64_t, Word128Hash, Word128Eq>,
                                   std::unordered_map<E, int64_t>>;

// How a float dtype's bits compare: `magnitude` masks the sign off, above `inf` is a NaN.
struct FloatBits {
  uint64_t magnitude = 0, inf = 0;
  bool floating() const { return magnitude != 0; }
};
FloatBits float_bits(DType dt) {
  switch (dt) {
    case DType::Float16: return {0x7FFF, 0x7C00};
    case DType::BFloat16: return {0x7FFF, 0x7F80};
    case DType::Float32: return {0x7FFFFFFFu, 0x7F800000u};
    case DType::Float64: return {0x7FFFFFFFFFFFFFFFull, 0x7FF0000000000000ull};
    default: return {};
  }
}

// Makes the bits of -0.0 those of 0.0; false for a NaN. Only float widths reach the integer case.
template <typename E>
bool canonical_float(E& key, const FloatBits& fb) {
  if constexpr (std::is_integral_v<E>) {
    const uint64_t mag = static_cast<uint64_t>(key) & fb.magnitude;
    if (mag > fb.inf) return false;
    if (mag == 0) key = 0;
  }
  return true;
}

template <bool WithCounts>
class UniqueKernel : public OpKernel {
 public:
  explicit UniqueKernel(const KernelInit& init) : idx_dtype_(init.node.out_dtypes.at(1)) {}

  void compute(KernelContext& ctx) override {
    const Tensor& x = ctx.input(0);
    if (x.rank() != 1)
      invalid_argument(std::string(WithCounts ? "UniqueWithCounts" : "Unique") + ": x must be a vector, got shape " +
                       shape_str(x.shape()));
    const int64_t n = x.size();
    std::vector<int64_t> idx(static_cast<size_t>(n)), counts;
    JF_DISPATCH_WORD(x.dtype(), {
      const E* in = words<E>(x);
      SeenMap<E> seen;
      seen.reserve(static_cast<size_t>(n));
      std::vector<int64_t> first;  // position in x of each distinct value
      [[maybe_unused]] const FloatBits fb = float_bits(x.dtype());
      for (int64_t i = 0; i < n; ++i) {
        E key = in[i];
        if (fb.floating() && !canonical_float(key, fb)) {  // a NaN equals nothing, not even itself
          idx[i] = static_cast<int64_t>(first.size());
          first.push_back(i);
          if (WithCounts) counts.push_back(1);
          continue;
        }
        auto [it, added] = seen.try_emplace(key, static_cast<int64_t>(first.size()));
        if (added) {
          first.push_back(i);
          if (WithCounts) counts.push_back(0);
        }
        idx[i] = it->second;
        if (WithCounts) ++counts[it->second];
      }
      Tensor y(x.dtype(), {static_cast<int64_t>(first.size())});
      E* out = words<E>(y);
      for (size_t j = 0; j < first.size(); ++j) out[j] = in[first[j]];
      ctx.set_output(0, std::move(y));
    });
    ctx.set_output(1, index_tensor(idx));
    if (WithCounts) ctx.set_output(2, index_tensor(counts));
  }

 private:
  Tensor index_tensor(const std::vector<int64_t>& v) const {
    Tensor t(idx_dtype_, {static_cast<int64_t>(v.size())});
    if (idx_dtype_ == DType::Int64) std::copy(v.begin(), v.end(), t.data<int64_t>());
    else for (size_t i = 0; i < v.size(); ++i) t.data<int32_t>()[i] = static_cast<int32_t>(v[i]);
    return t;
  }
  DType idx_dtype_;
};
JF_REGISTER_KERNEL("Unique", UniqueKernel<false>);
JF_REGISTER_KERNEL("UniqueWithCounts", UniqueKernel<true>);

}  // namespace
}  // namespace jf

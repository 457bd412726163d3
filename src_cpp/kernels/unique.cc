// Unique and UniqueWithCounts of a vector: the distinct values in order of first appearance, the
// index of each input element's value among them, and (WithCounts) how often each occurs.
// Values are compared by their bits (one instantiation per element width serves every dtype), so
// unlike TF1, 0.0 and -0.0 are two values. Python side: jupyter_flow/ops/unique_ops.py.
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
      for (int64_t i = 0; i < n; ++i) {
        auto [it, added] = seen.try_emplace(in[i], static_cast<int64_t>(first.size()));
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

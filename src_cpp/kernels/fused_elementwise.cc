// The fused element-wise kernel: an interpreter over a group's members, one block of elements at
// a time, so intermediate values live in a few cache-resident blocks instead of whole tensors.
// Each member calls the per-element functor of its op's own kernel (registered with
// JF_REGISTER_FUSABLE next to that kernel) and every intermediate is stored to memory between
// members, as between unfused kernels: results are bit for bit the unfused ones.
#include "fused_elementwise.h"

#include <atomic>
#include <cstdlib>
#include <unordered_map>

#include "elementwise.h"

namespace jf::fusion {
namespace {

std::unordered_map<std::string, FusableOp>& registry() {
  static std::unordered_map<std::string, FusableOp> r;
  return r;
}

bool initially_enabled() {
  const char* env = std::getenv("JUPYTER_FLOW_FUSION");
  return !(env && std::string(env) == "0");
}

std::atomic<bool>& enabled_flag() {
  static std::atomic<bool> on{initially_enabled()};
  return on;
}

// Elements per block: registers of a few members stay in L1/L2 while a block is evaluated.
constexpr int64_t kBlock = 512;

// How a leaf is read: all of S (contiguous), one value repeated, a row repeated with period p
// (a bias [C] against [N, C]), or any other broadcast (gathered element by element).
enum class LeafKind { Full, Scalar, Periodic, Gather };

struct LeafView {
  LeafKind kind = LeafKind::Full;
  int64_t period = 0;
  int64_t strides[16] = {0};
};

bool broadcasts_into(const Shape& leaf, const Shape& s) {
  if (leaf.size() > s.size()) return false;
  const size_t off = s.size() - leaf.size();
  for (size_t i = 0; i < leaf.size(); ++i)
    if (leaf[i] != 1 && leaf[i] != s[off + i]) return false;
  return true;
}

bool is_periodic(const Shape& leaf, const Shape& s) {
  size_t first = 0;
  while (first < leaf.size() && leaf[first] == 1) ++first;
  const size_t len = leaf.size() - first;
  if (len > s.size()) return false;
  for (size_t i = 0; i < len; ++i)
    if (leaf[first + i] != s[s.size() - len + i]) return false;
  return true;
}

template <typename T>
void gather(const T* src, const LeafView& v, const Shape& s, int64_t begin, int64_t len, T* dst) {
  if (v.kind == LeafKind::Periodic) {
    int64_t j = begin % v.period;
    for (int64_t i = 0; i < len; ++i) {
      dst[i] = src[j];
      if (++j == v.period) j = 0;
    }
    return;
  }
  const int r = static_cast<int>(s.size());
  for (int64_t i = 0; i < len; ++i) {
    int64_t rest = begin + i, off = 0;
    for (int d = r - 1; d >= 0; --d) {
      off += (rest % s[d]) * v.strides[d];
      rest /= s[d];
    }
    dst[i] = src[off];
  }
}

// Per-thread scratch of the fused kernel (no allocation per run once grown). Bound to a
// reference once per run: every access to a thread_local in a shared library is a call.
template <typename T>
struct Scratch {
  std::vector<LeafView> views;
  std::vector<char> full;    // per operand index (leaves, then members): has shape S
  std::vector<char> scalar;  // per operand index: one value repeated
  std::vector<const T*> ptr;  // per operand index, for the current block
  std::vector<T*> out_ptr;
  std::vector<T> regs;
};

template <typename T>
Scratch<T>& scratch() {
  thread_local Scratch<T> s;
  return s;
}

template <typename T>
UnaryBlock<T> unary_of(const FusableOp& op) {
  if constexpr (std::is_same_v<T, float>) return op.unary_f32;
  else return op.unary_f64;
}

template <typename T>
BinaryBlock<T> binary_of(const FusableOp& op) {
  if constexpr (std::is_same_v<T, float>) return op.binary_f32;
  else return op.binary_f64;
}

}  // namespace

FusableRegistration::FusableRegistration(const char* type, FusableOp op) { registry()[type] = op; }

const FusableOp* find_fusable(const std::string& type) {
  auto& r = registry();
  auto it = r.find(type);
  return it == r.end() ? nullptr : &it->second;
}

bool enabled() { return enabled_flag().load(std::memory_order_relaxed); }
void set_enabled(bool on) { enabled_flag().store(on, std::memory_order_relaxed); }

FusedElementwiseKernel::FusedElementwiseKernel(DType dtype, int num_leaves, std::vector<FusedMember> members,
                                               int num_outputs)
    : dtype_(dtype), num_leaves_(num_leaves), members_(std::move(members)), num_outputs_(num_outputs) {}

void FusedElementwiseKernel::compute(KernelContext& ctx) {
  for (int i = 0; i < num_leaves_; ++i)
    if (ctx.input(i).dtype() != dtype_) return run_unfused(ctx);
  const bool done = dtype_ == DType::Float32 ? run_fused<float>(ctx) : run_fused<double>(ctx);
  if (!done) run_unfused(ctx);
}

// The fused path, or false when some member would not have the group's shape (or would refuse
// its inputs): then the original kernels run and report exactly what they report unfused.
template <typename T>
bool FusedElementwiseKernel::run_fused(KernelContext& ctx) {
  // S: the shape of the largest leaf; every member must come out with it.
  int widest = 0;
  for (int i = 1; i < num_leaves_; ++i)
    if (ctx.input(i).size() > ctx.input(widest).size()) widest = i;
  const Shape& s = ctx.input(widest).shape();
  if (s.size() > 16) return false;
  const int64_t n = num_elements(s);

  Scratch<T>& sc = scratch<T>();
  std::vector<LeafView>& views = sc.views;
  std::vector<char>& full = sc.full;
  views.assign(num_leaves_, LeafView{});
  full.assign(num_leaves_ + members_.size(), 0);
  bool any_gather = false;
  for (int i = 0; i < num_leaves_; ++i) {
    const Shape& ls = ctx.input(i).shape();
    if (ls == s) {
      full[i] = 1;
    } else if (!broadcasts_into(ls, s)) {
      return false;
    } else if (ctx.input(i).size() == 1) {
      views[i].kind = LeafKind::Scalar;
    } else if (is_periodic(ls, s)) {
      views[i].kind = LeafKind::Periodic;
      views[i].period = ctx.input(i).size();
      any_gather = true;
    } else {
      views[i].kind = LeafKind::Gather;
      broadcast_strides(ls, s, views[i].strides);
      any_gather = true;
    }
  }
  for (size_t m = 0; m < members_.size(); ++m) {
    const FusedMember& mem = members_[m];
    bool one_full = false, all_full = true;
    for (int o : mem.operands) {
      one_full |= full[o] != 0;
      all_full &= full[o] != 0;
    }
    if (!one_full || (mem.op->same_shape && !all_full)) return false;
    if (mem.op->bias_add) {
      const int b = mem.operands[1];
      if (!full[mem.operands[0]] || s.size() < 2 || b >= num_leaves_ || ctx.input(b).rank() != 1 ||
          ctx.input(b).dim(0) != s.back())
        return false;
    }
    full[num_leaves_ + m] = 1;
  }

  std::vector<T*>& out_ptr = sc.out_ptr;
  out_ptr.resize(num_outputs_);
  for (int o = 0; o < num_outputs_; ++o) {
    ctx.set_output(o, Tensor(dtype_, s));
    out_ptr[o] = ctx.output(o).template data<T>();
  }
  if (n == 0) return true;

  // Registers: a block for each member kept inside the group and each leaf that is gathered.
  const int64_t block = std::min(n, kBlock);
  const size_t num_regs = members_.size() + (any_gather ? num_leaves_ : 0);
  std::vector<T>& regs = sc.regs;
  if (regs.size() < num_regs * block) regs.resize(num_regs * block);
  std::vector<const T*>& ptr = sc.ptr;
  std::vector<char>& scalar = sc.scalar;
  ptr.assign(num_leaves_ + members_.size(), nullptr);
  scalar.assign(num_leaves_ + members_.size(), 0);
  for (int i = 0; i < num_leaves_; ++i) scalar[i] = views[i].kind == LeafKind::Scalar;
  T* const gather_regs = regs.data() + members_.size() * block;

  for (int64_t begin = 0; begin < n; begin += block) {
    const int64_t len = std::min(block, n - begin);
    for (int i = 0; i < num_leaves_; ++i) {
      const T* src = ctx.input(i).template data<T>();
      switch (views[i].kind) {
        case LeafKind::Full: ptr[i] = src + begin; break;
        case LeafKind::Scalar: ptr[i] = src; break;
        default:
          gather(src, views[i], s, begin, len, gather_regs + i * block);
          ptr[i] = gather_regs + i * block;
      }
    }
    for (size_t m = 0; m < members_.size(); ++m) {
      const FusedMember& mem = members_[m];
      T* dst = mem.output >= 0 ? out_ptr[mem.output] + begin : regs.data() + m * block;
      const std::vector<int>& ops = mem.operands;
      if (mem.op->arity == 1) {
        unary_of<T>(*mem.op)(ptr[ops[0]], dst, len);
      } else if (mem.op->arity == 2) {
        const int mode = scalar[ops[0]] ? kScalarVec : scalar[ops[1]] ? kVecScalar : kVecVec;
        binary_of<T>(*mem.op)(ptr[ops[0]], ptr[ops[1]], dst, len, mode);
      } else {  // AddN: y = x0, then y += x1, y += x2, ... (its kernel's order)
        if (ops.size() == 1) {
          std::copy(ptr[ops[0]], ptr[ops[0]] + len, dst);
        } else {
          binary_of<T>(*mem.op)(ptr[ops[0]], ptr[ops[1]], dst, len, kVecVec);
          for (size_t k = 2; k < ops.size(); ++k) binary_of<T>(*mem.op)(dst, ptr[ops[k]], dst, len, kVecVec);
        }
      }
      ptr[num_leaves_ + m] = dst;
    }
  }
  return true;
}

// The original kernels, one after the other, over a local copy of the group's values: the same
// results and the same errors (naming the original op) as an unfused plan.
void FusedElementwiseKernel::run_unfused(KernelContext& ctx) {
  std::vector<Tensor> local(num_leaves_ + members_.size());
  for (int i = 0; i < num_leaves_; ++i) local[i] = ctx.input(i);
  for (size_t m = 0; m < members_.size(); ++m) {
    const FusedMember& mem = members_[m];
    KernelContext member_ctx(local.data(), mem.operands.data(), static_cast<int>(mem.operands.size()),
                             local.data() + num_leaves_ + m, *mem.node, ctx.run_control());
    try {
      mem.kernel->compute(member_ctx);
    } catch (EngineError& e) {
      if (e.node_id < 0) e.node_id = mem.node->id;
      throw;
    }
    if (mem.output >= 0) ctx.set_output(mem.output, local[num_leaves_ + m]);
  }
}

}  // namespace jf::fusion

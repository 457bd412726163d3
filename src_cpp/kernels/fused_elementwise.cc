// The fused element-wise kernel: an interpreter over a group's members, one block of elements at
// a time, so intermediate values live in a few cache-resident blocks instead of whole tensors.
// Each member calls the per-element functor of its op's own kernel (registered with
// JF_REGISTER_FUSABLE next to that kernel) and every intermediate is stored to memory between
// members, as between unfused kernels: results are bit for bit the unfused ones.
#include "fused_elementwise.h"

#include <atomic>
#include <cstdlib>
#include <cstring>
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
constexpr int64_t kBlock = 2048;

// How a leaf is read: all of S (contiguous), one value repeated, a row repeated with period p
// (a bias [C] against [N, C]), or any other broadcast (gathered element by element).
enum class LeafKind { Full, Uniform, Scalar, Periodic, Gather };

struct LeafView {
  LeafKind kind = LeafKind::Full;
  int64_t period = 0;
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
void gather(const T* src, const LeafView& v, const int64_t* strides, const Shape& s, int64_t begin, int64_t len,
            T* dst) {
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
      off += (rest % s[d]) * strides[d];
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
  std::vector<int64_t> strides;  // 16 per leaf, for gathered leaves
  std::vector<char> full;    // per operand index (leaves, then members): has shape S
  std::vector<char> scalar;  // per operand index: one value repeated
  std::vector<const T*> ptr;  // per operand index, for the current block
  std::vector<T*> out_ptr;
  std::vector<T> regs;
  std::vector<T> one;  // a group of one element: every value, leaves then members
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

template <typename T>
ScaledBlock<T> scaled_of(const FusableOp& op) {
  if constexpr (std::is_same_v<T, float>) return op.scaled_f32;
  else return op.scaled_f64;
}

template <typename T>
UnaryOne<T> unary_one_of(const FusableOp& op) {
  if constexpr (std::is_same_v<T, float>) return op.unary_one_f32;
  else return op.unary_one_f64;
}

template <typename T>
BinaryOne<T> binary_one_of(const FusableOp& op) {
  if constexpr (std::is_same_v<T, float>) return op.binary_one_f32;
  else return op.binary_one_f64;
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

namespace {

// Whether every element has the same bits (a broadcast value stored in full).
template <typename T>
bool holds_one_value(const Tensor& t) {
  if (t.size() < 2) return false;
  const T* x = t.data<T>();
  const int64_t n = t.size();
  for (int64_t i = 1; i < n; ++i)
    if (std::memcmp(&x[i], &x[0], sizeof(T)) != 0) return false;
  return true;
}

bool holds_one_value(const Tensor& t) {
  if (t.dtype() == DType::Float32) return holds_one_value<float>(t);
  if (t.dtype() == DType::Float64) return holds_one_value<double>(t);
  return false;
}

}  // namespace

FusedElementwiseKernel::FusedElementwiseKernel(DType dtype, int num_inputs, std::vector<char> fixed_inputs,
                                               std::vector<Tensor> constants, std::vector<FusedMember> members,
                                               int num_outputs)
    : dtype_(dtype),
      num_inputs_(num_inputs),
      constants_(std::move(constants)),
      num_leaves_(num_inputs + static_cast<int>(constants_.size())),
      members_(std::move(members)),
      num_outputs_(num_outputs),
      fixed_inputs_(std::move(fixed_inputs)),
      uniform_(new std::atomic<signed char>[num_leaves_ > 0 ? num_leaves_ : 1]) {
  fixed_inputs_.resize(num_inputs_, 0);
  for (int i = 0; i < num_leaves_; ++i)
    uniform_[i].store(i < num_inputs_ ? 0 : (holds_one_value(constants_[i - num_inputs_]) ? 1 : -1),
                      std::memory_order_relaxed);
  program_.reserve(members_.size());
  for (size_t m = 0; m < members_.size(); ++m) {
    const FusedMember& mem = members_[m];
    Instr in;
    in.op = mem.op;
    in.arity = mem.op->arity;
    in.dst = mem.output >= 0 ? mem.output : -1 - static_cast<int>(m);
    if (in.arity == 0) {
      in.many = mem.operands.data();
      in.num_many = static_cast<int>(mem.operands.size());
    } else {
      in.a = mem.operands[0];
      if (in.arity == 2) in.b = mem.operands[1];
    }
    program_.push_back(in);
    if (mem.op->bias_add) members_follow_leaves_ = false;
  }
  find_scaled_chains();
}

// Instr::num_scales: a binary member followed by Muls of its result (kept in a register, read by
// that Mul only) with a leaf, at most two.
void FusedElementwiseKernel::find_scaled_chains() {
  const FusableOp* mul = find_fusable("Mul");
  std::vector<int> reads(members_.size(), 0);  // operand uses of each member's value
  for (const FusedMember& mem : members_)
    for (int o : mem.operands)
      if (o >= num_leaves_) ++reads[o - num_leaves_];
  for (size_t m = 0; m < program_.size(); ++m) {
    Instr& in = program_[m];
    if (in.arity != 2 || in.op->bias_add || !in.op->scaled_f32) continue;
    for (size_t last = m; in.num_scales < 2 && last + 1 < program_.size(); ++last) {
      const Instr& next = program_[last + 1];
      const int value = num_leaves_ + static_cast<int>(last);
      if (next.op != mul || program_[last].dst >= 0 || reads[last] != 1) break;
      if (next.a == value && next.b < num_leaves_) in.scale[in.num_scales++] = next.b;
      else if (next.b == value && next.a < num_leaves_) in.scale[in.num_scales++] = next.a;
      else break;
    }
  }
}

bool FusedElementwiseKernel::leaf_is_uniform(const KernelContext& ctx, int i) {
  signed char u = uniform_[i].load(std::memory_order_relaxed);
  if (u == 0 && i < num_inputs_ && fixed_inputs_[i]) {
    u = holds_one_value(ctx.input(i)) ? 1 : -1;
    uniform_[i].store(u, std::memory_order_relaxed);
  }
  return u > 0;
}

void FusedElementwiseKernel::compute(KernelContext& ctx) {
  for (int i = 0; i < num_leaves_; ++i)
    if (leaf(ctx, i).dtype() != dtype_) return run_unfused(ctx);
  const bool done = dtype_ == DType::Float32 ? run_fused<float>(ctx) : run_fused<double>(ctx);
  if (!done) run_unfused(ctx);
}

// The fused path, or false when some member would not have the group's shape (or would refuse
// its inputs): then the original kernels run and report exactly what they report unfused.
template <typename T>
bool FusedElementwiseKernel::run_fused(KernelContext& ctx) {
  if (num_leaves_ == 0) return false;
  // S: the shape of the largest leaf; every member must come out with it.
  int widest = 0;
  for (int i = 1; i < num_leaves_; ++i)
    if (leaf(ctx, i).size() > leaf(ctx, widest).size()) widest = i;
  const Shape& s = leaf(ctx, widest).shape();
  if (s.size() > 16) return false;
  const int64_t n = num_elements(s);
  const size_t num_values = num_leaves_ + members_.size();

  Scratch<T>& sc = scratch<T>();
  std::vector<LeafView>& views = sc.views;
  std::vector<char>& full = sc.full;
  views.assign(num_leaves_, LeafView{});
  full.assign(num_values, 0);
  bool any_gather = false, all_full = true;
  for (int i = 0; i < num_leaves_; ++i) {
    const Tensor& t = leaf(ctx, i);
    const Shape& ls = t.shape();
    if (ls == s) {
      full[i] = 1;
      // Read as one value repeated (vals still point into the full array, so unary members
      // and the n-ary fold read it whole and correctly).
      if (leaf_is_uniform(ctx, i)) views[i].kind = LeafKind::Uniform;
      continue;
    }
    all_full = false;
    if (!broadcasts_into(ls, s)) {
      return false;
    } else if (t.size() == 1) {
      views[i].kind = LeafKind::Scalar;
    } else if (is_periodic(ls, s)) {
      views[i].kind = LeafKind::Periodic;
      views[i].period = t.size();
      any_gather = true;
    } else {
      views[i].kind = LeafKind::Gather;
      if (sc.strides.size() < static_cast<size_t>(num_leaves_) * 16) sc.strides.resize(num_leaves_ * 16);
      broadcast_strides(ls, s, sc.strides.data() + i * 16);
      any_gather = true;
    }
  }
  if (!all_full || !members_follow_leaves_) {
    for (size_t m = 0; m < members_.size(); ++m) {
      const FusedMember& mem = members_[m];
      bool one_full = false, every_full = true;
      for (int o : mem.operands) {
        one_full |= full[o] != 0;
        every_full &= full[o] != 0;
      }
      if (!one_full || (mem.op->same_shape && !every_full)) return false;
      if (mem.op->bias_add) {
        const int b = mem.operands[1];
        if (!full[mem.operands[0]] || s.size() < 2 || b >= num_leaves_ || leaf(ctx, b).rank() != 1 ||
            leaf(ctx, b).dim(0) != s.back())
          return false;
      }
      full[num_leaves_ + m] = 1;
    }
  }

  std::vector<T*>& out_ptr = sc.out_ptr;
  out_ptr.resize(num_outputs_);
  for (int o = 0; o < num_outputs_; ++o) {
    ctx.set_output(o, Tensor(dtype_, s));
    out_ptr[o] = ctx.output(o).template data<T>();
  }
  if (n == 0) return true;
  if (n == 1) {
    run_one<T>(ctx, sc.one, out_ptr.data());
    return true;
  }

  // Registers: a block for each member kept inside the group and each leaf that is gathered.
  const int64_t block = std::min(n, kBlock);
  const size_t num_regs = members_.size() + (any_gather ? num_leaves_ : 0);
  std::vector<T>& regs = sc.regs;
  if (regs.size() < num_regs * block) regs.resize(num_regs * block);
  std::vector<const T*>& ptr = sc.ptr;
  std::vector<char>& scalar = sc.scalar;
  ptr.resize(num_values);
  scalar.assign(num_values, 0);
  for (int i = 0; i < num_leaves_; ++i) scalar[i] = views[i].kind == LeafKind::Scalar || views[i].kind == LeafKind::Uniform;
  T* const reg_base = regs.data();
  T* const gather_regs = reg_base + members_.size() * block;
  const T** const vals = ptr.data();
  const char* const is_scalar = scalar.data();
  T* const* const outs = out_ptr.data();
  const Instr* const program = program_.data();
  const int num_members = static_cast<int>(program_.size());
  const T** const member_vals = vals + num_leaves_;

  for (int64_t begin = 0; begin < n; begin += block) {
    const int64_t len = std::min(block, n - begin);
    for (int i = 0; i < num_leaves_; ++i) {
      const T* src = leaf(ctx, i).template data<T>();
      switch (views[i].kind) {
        case LeafKind::Full:
        case LeafKind::Uniform: vals[i] = src + begin; break;
        case LeafKind::Scalar: vals[i] = src; break;
        default:
          gather(src, views[i], sc.strides.data() + i * 16, s, begin, len, gather_regs + i * block);
          vals[i] = gather_regs + i * block;
      }
    }
    for (int m = 0; m < num_members; ++m) {
      const Instr& in = program[m];
      if (in.num_scales > 0 && is_scalar[in.scale[0]] && (in.num_scales < 2 || is_scalar[in.scale[1]])) {
        const int last = m + in.num_scales;
        const Instr& tail = program[last];
        T* dst = tail.dst >= 0 ? outs[tail.dst] + begin : reg_base + static_cast<int64_t>(last) * block;
        const int mode = is_scalar[in.a] ? kScalarVec : is_scalar[in.b] ? kVecScalar : kVecVec;
        const T s2 = in.num_scales > 1 ? vals[in.scale[1]][0] : T(1);
        scaled_of<T>(*in.op)(vals[in.a], vals[in.b], dst, len, mode, vals[in.scale[0]][0], s2, in.num_scales);
        for (int k = m; k <= last; ++k) member_vals[k] = dst;
        m = last;
        continue;
      }
      T* dst = in.dst >= 0 ? outs[in.dst] + begin : reg_base + static_cast<int64_t>(m) * block;
      if (in.arity == 1) {
        unary_of<T>(*in.op)(vals[in.a], dst, len);
      } else if (in.arity == 2) {
        const int mode = is_scalar[in.a] ? kScalarVec : is_scalar[in.b] ? kVecScalar : kVecVec;
        binary_of<T>(*in.op)(vals[in.a], vals[in.b], dst, len, mode);
      } else {  // AddN: y = x0, then y += x1, y += x2, ... (its kernel's order)
        if (in.num_many == 1) {
          std::copy(vals[in.many[0]], vals[in.many[0]] + len, dst);
        } else {
          binary_of<T>(*in.op)(vals[in.many[0]], vals[in.many[1]], dst, len, kVecVec);
          for (int k = 2; k < in.num_many; ++k) binary_of<T>(*in.op)(dst, vals[in.many[k]], dst, len, kVecVec);
        }
      }
      member_vals[m] = dst;
    }
  }
  return true;
}

// A group of one element (every leaf holds one value): each member's functor on values, in the
// order and with the rounding of the block loop above.
template <typename T>
void FusedElementwiseKernel::run_one(KernelContext& ctx, std::vector<T>& values, T* const* outs) const {
  values.resize(num_leaves_ + program_.size());
  T* const v = values.data();
  for (int i = 0; i < num_leaves_; ++i) v[i] = leaf(ctx, i).template data<T>()[0];
  T* const mv = v + num_leaves_;
  const int num_members = static_cast<int>(program_.size());
  for (int m = 0; m < num_members; ++m) {
    const Instr& in = program_[m];
    T r;
    if (in.arity == 1) {
      r = unary_one_of<T>(*in.op)(v[in.a]);
    } else if (in.arity == 2) {
      r = binary_one_of<T>(*in.op)(v[in.a], v[in.b]);
    } else {  // AddN: x0, then (x0 + x1) + x2 ...
      r = v[in.many[0]];
      for (int k = 1; k < in.num_many; ++k) r = binary_one_of<T>(*in.op)(r, v[in.many[k]]);
    }
    mv[m] = r;
    if (in.dst >= 0) outs[in.dst][0] = r;
  }
}

// The original kernels, one after the other, over a local copy of the group's values: the same
// results and the same errors (naming the original op) as an unfused plan.
void FusedElementwiseKernel::run_unfused(KernelContext& ctx) {
  std::vector<Tensor> local(num_leaves_ + members_.size());
  for (int i = 0; i < num_leaves_; ++i) local[i] = leaf(ctx, i);
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

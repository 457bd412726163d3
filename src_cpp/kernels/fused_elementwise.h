// Fusion of element-wise ops: which ops may be fused (each kernel file registers its own, with the
// same per-element functor its kernel uses, so a fused result is bit for bit the unfused one), and
// the kernel that runs a fused group as one program over blocks of elements.
//
// A fused group (built by passes::fuse_elementwise, plan_fusion.cc) is a set of element-wise steps
// of one float dtype; it reads "leaves" (values computed outside it) and writes "outputs" (member
// values read outside it or fetched). At run time every member must have the group's shape S (the
// broadcast of its leaves): leaves may broadcast into S (a scalar, a bias row), members may not.
// Anything else (other shapes, dtypes, a refused input) runs the original kernels one by one, so
// errors name the original op exactly as without fusion.
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "../kernel.h"
#include "../simd_clones.h"

namespace jf::fusion {

// Binary blocks read each operand either as n values or as one value repeated (a broadcast scalar).
enum BinaryMode : int { kVecVec = 0, kScalarVec = 1, kVecScalar = 2 };
template <typename T>
using UnaryBlock = void (*)(const T* x, T* y, int64_t n);
template <typename T>
using BinaryBlock = void (*)(const T* a, const T* b, T* y, int64_t n, int mode);
// The same functors on one element (a group of scalars, such as a chain of scalar ops and its
// gradients, runs without block calls).
template <typename T>
using UnaryOne = T (*)(T x);
template <typename T>
using BinaryOne = T (*)(T a, T b);
// A binary block whose result is then multiplied by one or two scalars, each product rounded as
// the Mul it stands for: ((f(a, b) * s1) * s2). Gradients end in such chains (the 2 of a square's
// gradient, the 1/n of a mean's, a loss weight): one pass instead of three over each block.
template <typename T>
using ScaledBlock = void (*)(const T* a, const T* b, T* y, int64_t n, int mode, T s1, T s2, int num_scales);

struct FusableOp {
  int arity = 1;            // 1, 2, or 0 for n-ary (AddN: a left fold of `binary`, as its kernel sums)
  bool same_shape = false;  // the kernel refuses broadcasting (gradient ops, AddN)
  bool bias_add = false;    // BiasAdd: input 1 must be a vector of the last dimension of input 0
  UnaryBlock<float> unary_f32 = nullptr;
  UnaryBlock<double> unary_f64 = nullptr;
  BinaryBlock<float> binary_f32 = nullptr;
  BinaryBlock<double> binary_f64 = nullptr;
  UnaryOne<float> unary_one_f32 = nullptr;
  UnaryOne<double> unary_one_f64 = nullptr;
  BinaryOne<float> binary_one_f32 = nullptr;
  BinaryOne<double> binary_one_f64 = nullptr;
  ScaledBlock<float> scaled_f32 = nullptr;
  ScaledBlock<double> scaled_f64 = nullptr;
};

const FusableOp* find_fusable(const std::string& type);
// Whether plans fuse (JUPYTER_FLOW_FUSION=0 turns it off; tests compare both ways).
bool enabled();
void set_enabled(bool on);

struct FusableRegistration {
  FusableRegistration(const char* type, FusableOp op);
};

template <typename T, typename F>
void unary_block(const T* x, T* y, int64_t n) {
  simd::map_v(x, y, n, F{});
}

// (AddN's fold passes y as a: each element is read before its own store, never another's.)
template <typename T, typename F>
void binary_block(const T* a, const T* b, T* y, int64_t n, int mode) {
  if (mode == kVecVec) simd::map_vv(a, b, y, n, F{});
  else if (mode == kScalarVec) simd::map_sv(a[0], b, y, n, F{});
  else simd::map_vs(a, b[0], y, n, F{});
}

// Each product is a Mul of its own (the compiler may not contract or reassociate: -ffp-contract=off).
template <typename T, typename F>
void scaled_block(const T* a, const T* b, T* y, int64_t n, int mode, T s1, T s2, int num_scales) {
  auto run = [&](auto g) {
    if (mode == kVecVec) simd::map_vv(a, b, y, n, g);
    else if (mode == kScalarVec) simd::map_sv(a[0], b, y, n, g);
    else simd::map_vs(a, b[0], y, n, g);
  };
  if (num_scales == 1) run([s1](T x, T z) { return F{}(x, z) * s1; });
  else run([s1, s2](T x, T z) { return F{}(x, z) * s1 * s2; });
}

template <typename T, typename F>
T unary_one(T x) {
  return F{}(x);
}

template <typename T, typename F>
T binary_one(T a, T b) {
  return F{}(a, b);
}

template <template <typename> class F>
FusableOp unary_op() {
  FusableOp op;
  op.arity = 1;
  op.unary_f32 = unary_block<float, F<float>>;
  op.unary_f64 = unary_block<double, F<double>>;
  op.unary_one_f32 = unary_one<float, F<float>>;
  op.unary_one_f64 = unary_one<double, F<double>>;
  return op;
}

template <template <typename> class F>
FusableOp binary_op(bool same_shape = false) {
  FusableOp op;
  op.arity = 2;
  op.same_shape = same_shape;
  op.binary_f32 = binary_block<float, F<float>>;
  op.binary_f64 = binary_block<double, F<double>>;
  op.binary_one_f32 = binary_one<float, F<float>>;
  op.binary_one_f64 = binary_one<double, F<double>>;
  op.scaled_f32 = scaled_block<float, F<float>>;
  op.scaled_f64 = scaled_block<double, F<double>>;
  return op;
}

// JF_REGISTER_FUSABLE("Exp", ::jf::fusion::unary_op<ExpOp>()) beside the kernel of "Exp".
#define JF_REGISTER_FUSABLE(TYPE, OP) \
  static ::jf::fusion::FusableRegistration JF_CONCAT(jf_fusable_reg_, __COUNTER__)(TYPE, OP)

// One member of a fused group: its node, its fusable op, and where its operands come from
// (index < num_leaves: a leaf; else member index - num_leaves, always an earlier member).
// Leaves are the fused step's inputs, then the constants the group absorbed (Consts that only
// its members read: their values are held by the kernel, so they are no steps of their own).
struct FusedMember {
  NodePtr node;
  const FusableOp* op = nullptr;
  std::vector<int> operands;
  int output = -1;  // the group output this member writes, or -1 (kept in a block register)
  std::unique_ptr<OpKernel> kernel;  // the original kernel, for the unfused fallback
};

// The kernel of a fused step: inputs are the leaves, outputs the group's outputs, in order.
class FusedElementwiseKernel : public OpKernel {
 public:
  // fixed_inputs[i]: input i is the same tensor on every run (a constant-folded value).
  FusedElementwiseKernel(DType dtype, int num_inputs, std::vector<char> fixed_inputs, std::vector<Tensor> constants,
                         std::vector<FusedMember> members, int num_outputs);
  void compute(KernelContext& ctx) override;
  const std::vector<FusedMember>& members() const { return members_; }

 private:
  template <typename T>
  bool run_fused(KernelContext& ctx);
  template <typename T>
  void run_one(KernelContext& ctx, std::vector<T>& values, T* const* outs) const;
  void run_unfused(KernelContext& ctx);
  void find_scaled_chains();
  bool leaf_is_uniform(const KernelContext& ctx, int i);
  const Tensor& leaf(const KernelContext& ctx, int i) const {
    return i < num_inputs_ ? ctx.input(i) : constants_[i - num_inputs_];
  }

  // A member as the block loop reads it: no indirection but its operands.
  struct Instr {
    int arity;       // 1, 2, or 0 (AddN)
    int a = 0, b = 0;  // operand indices (arity 1 and 2)
    int dst;         // the output it writes, or -1 - member index (a register)
    const int* many = nullptr;  // AddN's operands
    int num_many = 0;
    const FusableOp* op;
    // The next num_scales members multiply this one's result by a leaf each (scale[k]), and no
    // other member reads the values in between: when those leaves hold one value, this member
    // runs as op->scaled_* and writes the last one's dst (then the next num_scales are skipped).
    int num_scales = 0;
    int scale[2] = {0, 0};
  };

  DType dtype_;
  int num_inputs_;
  std::vector<Tensor> constants_;
  int num_leaves_;
  std::vector<FusedMember> members_;
  std::vector<Instr> program_;
  int num_outputs_;
  // Per leaf: whether it holds one value repeated (1), does not (-1), or is not known yet (0).
  // Known for constants when the kernel is made, for fixed inputs on their first run (the race
  // of two first runs is benign: both find the same); other inputs stay 0, never checked.
  std::vector<char> fixed_inputs_;
  std::unique_ptr<std::atomic<signed char>[]> uniform_;
  // When every leaf has the group's shape every member has it too, unless some member is a
  // BiasAdd (its bias must be a vector): then the per-member shape check is skipped.
  bool members_follow_leaves_ = true;
};

}  // namespace jf::fusion

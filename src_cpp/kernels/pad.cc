// Pad, PadV2 and MirrorPad (jupyter_flow/ops/pad_ops.py), and MirrorPadGrad, their gradient.
// Every output position is mapped, dimension by dimension, to the input index it copies (or to "the
// constant"); REFLECT mirrors around the edge element, SYMMETRIC repeats it, as TF1 defines them.
#include <string>
#include <vector>

#include "element_copy.h"
#include "elementwise.h"

namespace jf {
namespace {

enum class PadMode { Constant, Reflect, Symmetric };

PadMode mode_of(const KernelContext& ctx, bool mirror) {
  if (!mirror) return PadMode::Constant;
  const std::string mode = ctx.node().attrs.get_or<std::string>("mode", "REFLECT");
  if (mode == "REFLECT") return PadMode::Reflect;
  if (mode == "SYMMETRIC") return PadMode::Symmetric;
  invalid_argument("'" + ctx.node().name + "': mode must be REFLECT or SYMMETRIC, got " + mode);
}

// src[d][o]: the index along dimension d of the (unpadded) tensor that output index o copies, -1 for
// the constant. `small` is the unpadded shape.
struct PadMap {
  Shape small, padded;
  std::vector<std::vector<int64_t>> src;
};

PadMap pad_map(const Shape& small, const Tensor& paddings, PadMode mode, const std::string& name) {
  const int64_t r = static_cast<int64_t>(small.size());
  if (paddings.rank() != 2 || paddings.shape()[1] != 2 || paddings.shape()[0] != r)
    invalid_argument("'" + name + "': paddings must be a matrix of shape [" + std::to_string(r) +
                     ", 2] for an input of rank " + std::to_string(r) + ", got shape " +
                     shape_str(paddings.shape()));
  const std::vector<int64_t> p = int_values(paddings, "'" + name + "': paddings");
  PadMap m{small, small, {}};
  m.src.resize(static_cast<size_t>(r));
  for (int64_t d = 0; d < r; ++d) {
    const int64_t before = p[2 * d], after = p[2 * d + 1], n = small[d];
    if (before < 0 || after < 0)
      invalid_argument("'" + name + "': paddings must be non-negative, got " + std::to_string(before) + ", " +
                       std::to_string(after) + " in dimension " + std::to_string(d));
    const int64_t limit = mode == PadMode::Reflect ? n - 1 : n;
    if (mode != PadMode::Constant && (before > limit || after > limit))
      invalid_argument("'" + name + "': paddings must be no greater than the dimension size" +
                       std::string(mode == PadMode::Reflect ? " minus 1" : "") + ": " + std::to_string(before) +
                       ", " + std::to_string(after) + " greater than " + std::to_string(limit) +
                       " in dimension " + std::to_string(d));
    m.padded[d] = n + before + after;
    auto& s = m.src[static_cast<size_t>(d)];
    s.resize(static_cast<size_t>(m.padded[d]));
    for (int64_t o = 0; o < m.padded[d]; ++o) {
      int64_t i = o - before;
      if (i < 0) {
        i = mode == PadMode::Constant ? -1 : (mode == PadMode::Reflect ? -i : -i - 1);
      } else if (i >= n) {
        i = mode == PadMode::Constant ? -1 : (mode == PadMode::Reflect ? 2 * n - 2 - i : 2 * n - 1 - i);
      }
      s[static_cast<size_t>(o)] = i;
    }
  }
  return m;
}

// fn(padded_offset, small_offset or -1) for every element of the padded shape, in row-major order.
template <typename F>
void for_each_padded(const PadMap& m, F fn) {
  const int r = static_cast<int>(m.small.size());
  if (num_elements(m.padded) == 0) return;
  if (r == 0) return fn(int64_t{0}, int64_t{0});
  std::vector<int64_t> stride(r);
  int64_t s = 1;
  for (int d = r - 1; d >= 0; --d) {
    stride[d] = s;
    s *= m.small[d];
  }
  std::vector<int64_t> idx(r, 0);
  const auto& inner = m.src[r - 1];
  const int64_t inner_n = m.padded[r - 1];
  int64_t out = 0;
  for (;;) {
    int64_t base = 0;
    bool constant_row = false;
    for (int d = 0; d < r - 1; ++d) {
      const int64_t i = m.src[d][idx[d]];
      if (i < 0) constant_row = true;
      base += i * stride[d];
    }
    for (int64_t o = 0; o < inner_n; ++o, ++out) {
      const int64_t i = inner[o];
      fn(out, constant_row || i < 0 ? int64_t{-1} : base + i);
    }
    int d = r - 2;
    for (; d >= 0; --d) {
      if (++idx[d] < m.padded[d]) break;
      idx[d] = 0;
    }
    if (d < 0) return;
  }
}

void pad_kernel(KernelContext& ctx, bool mirror, bool has_constant) {
  const Tensor& in = ctx.input(0);
  const std::string& name = ctx.node().name;
  const PadMap m = pad_map(in.shape(), ctx.input(1), mode_of(ctx, mirror), name);
  Tensor out(in.dtype(), m.padded);
  if (has_constant) {
    const Tensor& c = ctx.input(2);
    if (c.rank() != 0 || c.dtype() != in.dtype())
      invalid_argument("'" + name + "': constant_values must be a scalar of the input's dtype " +
                       dtype_name(in.dtype()) + ", got " + dtype_name(c.dtype()) + " of shape " + shape_str(c.shape()));
  }
  JF_DISPATCH_WORD(in.dtype(), {
    const E* x = words<E>(in);
    E* y = words<E>(out);
    const E fill = has_constant ? words<E>(ctx.input(2))[0] : E{};
    for_each_padded(m, [&](int64_t o, int64_t i) { y[o] = i < 0 ? fill : x[i]; });
  })
  ctx.set_output(0, std::move(out));
}

// The gradient of MirrorPad: every padded position adds its gradient to the element it copied.
void mirror_pad_grad_kernel(KernelContext& ctx) {
  const Tensor& grad = ctx.input(0);
  const Tensor& paddings = ctx.input(1);
  const std::string& name = ctx.node().name;
  if (paddings.rank() != 2 || paddings.shape()[0] != grad.rank())
    invalid_argument("'" + name + "': paddings must be a matrix of shape [" + std::to_string(grad.rank()) +
                     ", 2], got shape " + shape_str(paddings.shape()));
  const std::vector<int64_t> p = int_values(paddings, "'" + name + "': paddings");
  Shape small = grad.shape();
  for (size_t d = 0; d < small.size(); ++d) {
    small[d] -= p[2 * d] + p[2 * d + 1];
    if (small[d] < 0) invalid_argument("'" + name + "': paddings larger than the gradient's shape " +
                                       shape_str(grad.shape()));
  }
  const PadMap m = pad_map(small, paddings, mode_of(ctx, true), name);
  Tensor out = zeros(grad.dtype(), small);
  JF_DISPATCH_NUMERIC(grad.dtype(), "MirrorPadGrad", {
    const T* g = grad.data<T>();
    T* dx = out.data<T>();
    for_each_padded(m, [&](int64_t o, int64_t i) { dx[i] += g[o]; });
  })
  ctx.set_output(0, std::move(out));
}

}  // namespace

JF_REGISTER_FUNCTION("Pad", [](KernelContext& ctx) { pad_kernel(ctx, false, false); });
JF_REGISTER_FUNCTION("PadV2", [](KernelContext& ctx) { pad_kernel(ctx, false, true); });
JF_REGISTER_FUNCTION("MirrorPad", [](KernelContext& ctx) { pad_kernel(ctx, true, false); });
JF_REGISTER_FUNCTION("MirrorPadGrad", mirror_pad_grad_kernel);

}  // namespace jf

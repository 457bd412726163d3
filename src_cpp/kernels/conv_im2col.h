// The im2col matrix of a 2-D convolution (NHWC data, HWIO filters) and its transpose, col2im:
// row r of the matrix holds the kh*kw*in_channels input values output pixel r sees, so the
// convolution is one GEMM of that matrix with the filter. conv.cc builds it a block of output
// lines (image, output row) at a time, so a batch of large images never needs a giant buffer.
#pragma once
#include <cstring>
#include <limits>

#include "conv_geometry.h"

namespace jf {

struct ConvShape {
  Window2D g;
  int64_t kh = 0, kw = 0, ic = 0, oc = 0;
  int64_t depth() const { return kh * kw * ic; }  // K: the length of one im2col row
  int64_t lines() const { return g.batch * g.h.out; }
  int64_t rows() const { return lines() * g.w.out; }  // M: one im2col row per output pixel
  Shape output() const { return {g.batch, g.h.out, g.w.out, oc}; }
  double multiply_adds() const { return static_cast<double>(rows()) * static_cast<double>(depth() * oc); }
  bool is_pointwise() const {
    return kh == 1 && kw == 1 && g.h.stride == 1 && g.w.stride == 1 && g.h.pad_before == 0 &&
           g.w.pad_before == 0 && g.h.out == g.h.in && g.w.out == g.w.in && rows() <= std::numeric_limits<int>::max();
  }
};

// Copies short runs (one pixel's few channels) inline; a call to memcpy would cost more.
template <typename T>
inline void copy_run(T* dst, const T* src, int64_t n) {
  if (n <= 16) {
    for (int64_t i = 0; i < n; ++i) dst[i] = src[i];
  } else {
    std::memcpy(dst, src, n * sizeof(T));
  }
}

// Visits the input span behind every (row, ky) of the im2col block of lines [l0, l1):
// copy(dst, src, count) for runs inside the image, zero(dst, count) for padding.
template <typename In, typename Out, typename Copy, typename Zero>
void for_each_window_run(const ConvShape& c, In x, Out col, int64_t l0, int64_t l1, Copy copy, Zero zero) {
  const Window2D& g = c.g;
  const int64_t K = c.depth(), ic = c.ic, row_span = c.kw * ic;
  const int64_t image = g.h.in * g.w.in * ic;
  for (int64_t line = l0; line < l1; ++line) {
    const int64_t n = line / g.h.out, oy = line % g.h.out;
    auto xn = x + n * image;
    for (int64_t ox = 0; ox < g.w.out; ++ox) {
      auto row = col + ((line - l0) * g.w.out + ox) * K;
      const int64_t ix0 = ox * g.w.stride - g.w.pad_before;
      const bool whole = g.w.dilation == 1 && ix0 >= 0 && ix0 + c.kw <= g.w.in;
      for (int64_t ky = 0; ky < c.kh; ++ky) {
        auto dst = row + ky * row_span;
        const int64_t iy = oy * g.h.stride - g.h.pad_before + ky * g.h.dilation;
        if (iy < 0 || iy >= g.h.in) {
          zero(dst, row_span);
          continue;
        }
        auto xrow = xn + iy * g.w.in * ic;
        if (whole) {  // the window's row is contiguous in NHWC: one run
          copy(dst, xrow + ix0 * ic, row_span);
          continue;
        }
        for (int64_t kx = 0; kx < c.kw; ++kx) {
          const int64_t ix = ix0 + kx * g.w.dilation;
          if (ix < 0 || ix >= g.w.in)
            zero(dst + kx * ic, ic);
          else
            copy(dst + kx * ic, xrow + ix * ic, ic);
        }
      }
    }
  }
}

template <typename T>
void im2col(const ConvShape& c, const T* x, T* col, int64_t l0, int64_t l1) {
  for_each_window_run(c, x, col, l0, l1, copy_run<T>, [](T* d, int64_t k) { std::fill(d, d + k, T(0)); });
}

// The transpose of im2col: every matrix entry is added back to the input value it was copied
// from (the same runs, with source and destination swapped; padding entries are dropped).
template <typename T>
void col2im_add(const ConvShape& c, const T* col, T* dx, int64_t l0, int64_t l1) {
  for_each_window_run(
      c, dx, col, l0, l1,
      [](const T* from_col, T* into_x, int64_t k) {
        for (int64_t i = 0; i < k; ++i) into_x[i] += from_col[i];
      },
      [](const T*, int64_t) {});
}

}  // namespace jf

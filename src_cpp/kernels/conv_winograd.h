// Winograd F(2x2, 3x3) convolution (Lavin & Gray 2015) for 3x3 windows with stride 1 and no
// dilation: each 2x2 block of outputs (a tile) is computed from its 4x4 input patch with 16
// multiplies per channel pair instead of 36, 2.25x fewer than im2col's GEMM. The products of all
// tiles are 16 GEMMs [tiles x in_channels] @ [in_channels x out_channels], one per element of the
// transformed 4x4 patch; the transforms themselves are adds (and halvings of the filter), exact
// enough that float32 results stay within a few float roundings of the direct convolution
// (tests/ops/test_conv_winograd.py measures it). conv.cc sends the forward convolution (and with
// it the stride-1 input gradient) and the filter gradient here when winograd::applies.
#pragma once
#include "conv_im2col.h"

namespace jf::winograd {

// 3x3 window, stride 1, dilation 1, and enough channels that the GEMMs pay for the transforms.
bool applies(const ConvShape& c);

// out = conv(x, filter): NHWC x and out, HWIO filter (any padding, including negative).
template <typename T>
void forward(const ConvShape& c, const T* x, const T* filter, T* out);

// dfilter = the gradient of sum(conv(x, filter) * dy) with respect to the filter.
template <typename T>
void backprop_filter(const ConvShape& c, const T* x, const T* dy, T* dfilter);

}  // namespace jf::winograd

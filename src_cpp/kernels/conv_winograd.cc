// Winograd F(2x2, 3x3): Y = A^T [(G g G^T) . (B^T d B)] A for every 2x2 output tile Y, its 4x4
// input patch d and the 3x3 filter g, with
//   B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1],  G = [1 0 0; .5 .5 .5; .5 -.5 .5; 0 0 1],
//   A^T = [1 1 1 0; 0 1 -1 -1].
// Channels are the inner axis everywhere (NHWC pixels are vectors of channels), so every
// transform is a loop over channels that vectorizes. Tiles are taken in chunks (image, tile row,
// tile column order) whose transformed patches V[tile][16][C] and products M[tile][16][K] stay in
// cache; a chunk is transformed, multiplied (16 GEMMs, one per patch element e, reading every 16th
// row block of V) and transformed back by one thread. Chunk sizes depend on the shape only, so
// the result does not depend on how many threads share the chunks.
#include "conv_winograd.h"

#include <vector>

#include "blas.h"

namespace jf::winograd {
namespace {

constexpr int kE = 16;  // elements of a transformed 4x4 patch

// Tiles per chunk: each chunk's V and M (16 rows of C and of K values per tile) fit in about
// half of a core's 512 KB L2, with at least 32 tiles so each GEMM has rows enough to run at speed.
constexpr int64_t kChunkBytes = 256 << 10;
// The filter gradient sums chunks into a partial sum per group of this many chunks' tiles (kept
// in group order, so the sum does not depend on the threads); the groups are then added in order.
constexpr int64_t kFilterGradGroups = 8;

struct Tiling {
  int64_t rows = 0, cols = 0, batch = 0;  // tiles along height and width, images
  int64_t count() const { return batch * rows * cols; }
};

Tiling tiling(const ConvShape& c) { return {(c.g.h.out + 1) / 2, (c.g.w.out + 1) / 2, c.g.batch}; }

template <typename T>
int64_t chunk_tiles(const ConvShape& c) {
  const int64_t per_tile = kE * (c.ic + c.oc) * static_cast<int64_t>(sizeof(T));
  return std::max<int64_t>(32, kChunkBytes / per_tile);
}

// U[e][C][K] = G g G^T for every (in, out) channel pair.
template <typename T>
void transform_filter(const ConvShape& c, const T* f, T* u) {
  const int64_t C = c.ic, K = c.oc, tap = C * K;
  for (int64_t ci = 0; ci < C; ++ci) {
    T* dst = u + ci * K;
    const T* src = f + ci * K;
#pragma GCC ivdep
    for (int64_t k = 0; k < K; ++k) {
      T g[9];
      for (int i = 0; i < 9; ++i) g[i] = src[i * tap + k];
      T h[12];  // G g: 4 rows of 3
      for (int j = 0; j < 3; ++j) {
        h[j] = g[j];
        h[3 + j] = T(0.5) * (g[j] + g[3 + j] + g[6 + j]);
        h[6 + j] = T(0.5) * (g[j] - g[3 + j] + g[6 + j]);
        h[9 + j] = g[6 + j];
      }
      for (int r = 0; r < 4; ++r) {  // (G g) G^T
        const T* hr = h + 3 * r;
        dst[(4 * r + 0) * tap + k] = hr[0];
        dst[(4 * r + 1) * tap + k] = T(0.5) * (hr[0] + hr[1] + hr[2]);
        dst[(4 * r + 2) * tap + k] = T(0.5) * (hr[0] - hr[1] + hr[2]);
        dst[(4 * r + 3) * tap + k] = hr[2];
      }
    }
  }
}

// The image, top input row and left input column of tile t's 4x4 patch.
struct TilePos {
  int64_t n, y0, x0;
};
TilePos tile_pos(const ConvShape& c, const Tiling& tl, int64_t t) {
  const int64_t per_image = tl.rows * tl.cols, r = t % per_image;
  return {t / per_image, 2 * (r / tl.cols), 2 * (r % tl.cols)};
}

// V[t - t0][e][C] = B^T d B for tiles [t0, t1); pixels outside the image read `zeros` (C zeros).
template <typename T>
void transform_input(const ConvShape& c, const Tiling& tl, const T* x, const T* zeros, T* v, int64_t t0,
                     int64_t t1) {
  const int64_t C = c.ic, H = c.g.h.in, W = c.g.w.in;
  for (int64_t t = t0; t < t1; ++t) {
    const TilePos p = tile_pos(c, tl, t);
    const T* src[16];
    for (int i = 0; i < 4; ++i)
      for (int j = 0; j < 4; ++j) {
        const int64_t iy = p.y0 - c.g.h.pad_before + i, ix = p.x0 - c.g.w.pad_before + j;
        const bool inside = iy >= 0 && iy < H && ix >= 0 && ix < W;
        src[4 * i + j] = inside ? x + ((p.n * H + iy) * W + ix) * C : zeros;
      }
    T* dst = v + (t - t0) * kE * C;
#pragma GCC ivdep
    for (int64_t ch = 0; ch < C; ++ch) {
      T d[16], a[16];
      for (int e = 0; e < 16; ++e) d[e] = src[e][ch];
      for (int j = 0; j < 4; ++j) {  // B^T d
        a[j] = d[j] - d[8 + j];
        a[4 + j] = d[4 + j] + d[8 + j];
        a[8 + j] = d[8 + j] - d[4 + j];
        a[12 + j] = d[4 + j] - d[12 + j];
      }
      for (int i = 0; i < 4; ++i) {  // (B^T d) B
        const T* ai = a + 4 * i;
        dst[(4 * i + 0) * C + ch] = ai[0] - ai[2];
        dst[(4 * i + 1) * C + ch] = ai[1] + ai[2];
        dst[(4 * i + 2) * C + ch] = ai[2] - ai[1];
        dst[(4 * i + 3) * C + ch] = ai[1] - ai[3];
      }
    }
  }
}

// out = A^T m A for tiles [t0, t1) from M[t - t0][e][K]; outputs past the edge (odd output sizes)
// go to `discard` (K values).
template <typename T>
void transform_output(const ConvShape& c, const Tiling& tl, const T* m, T* out, T* discard, int64_t t0, int64_t t1) {
  const int64_t K = c.oc, H = c.g.h.out, W = c.g.w.out;
  for (int64_t t = t0; t < t1; ++t) {
    const TilePos p = tile_pos(c, tl, t);
    T* dst[4];
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 2; ++j) {
        const int64_t oy = p.y0 + i, ox = p.x0 + j;
        dst[2 * i + j] = oy < H && ox < W ? out + ((p.n * H + oy) * W + ox) * K : discard;
      }
    const T* src = m + (t - t0) * kE * K;
#pragma GCC ivdep
    for (int64_t k = 0; k < K; ++k) {
      T q[16], s[8];
      for (int e = 0; e < 16; ++e) q[e] = src[e * K + k];
      for (int j = 0; j < 4; ++j) {  // A^T m
        s[j] = q[j] + q[4 + j] + q[8 + j];
        s[4 + j] = q[4 + j] - q[8 + j] - q[12 + j];
      }
      for (int i = 0; i < 2; ++i) {  // (A^T m) A
        const T* si = s + 4 * i;
        dst[2 * i][k] = si[0] + si[1] + si[2];
        dst[2 * i + 1][k] = si[1] - si[2] - si[3];
      }
    }
  }
}

// The transpose of transform_output: dM[t - t0][e][K] = A dy A^T for tiles [t0, t1); outputs past
// the edge read `zeros` (K zeros).
template <typename T>
void transform_output_grad(const ConvShape& c, const Tiling& tl, const T* dy, const T* zeros, T* dm, int64_t t0,
                           int64_t t1) {
  const int64_t K = c.oc, H = c.g.h.out, W = c.g.w.out;
  for (int64_t t = t0; t < t1; ++t) {
    const TilePos p = tile_pos(c, tl, t);
    const T* src[4];
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 2; ++j) {
        const int64_t oy = p.y0 + i, ox = p.x0 + j;
        src[2 * i + j] = oy < H && ox < W ? dy + ((p.n * H + oy) * W + ox) * K : zeros;
      }
    T* dst = dm + (t - t0) * kE * K;
#pragma GCC ivdep
    for (int64_t k = 0; k < K; ++k) {
      const T y00 = src[0][k], y01 = src[1][k], y10 = src[2][k], y11 = src[3][k];
      const T r[8] = {y00, y01, y00 + y10, y01 + y11, y00 - y10, y01 - y11, -y10, -y11};  // A dy: 4 rows of 2
      for (int i = 0; i < 4; ++i) {  // (A dy) A^T
        const T a = r[2 * i], b = r[2 * i + 1];
        dst[(4 * i + 0) * K + k] = a;
        dst[(4 * i + 1) * K + k] = a + b;
        dst[(4 * i + 2) * K + k] = a - b;
        dst[(4 * i + 3) * K + k] = -b;
      }
    }
  }
}

// The transpose of transform_filter: dfilter = G^T dU G from dU[e][C][K].
template <typename T>
void transform_filter_grad(const ConvShape& c, const T* du, T* df) {
  const int64_t C = c.ic, K = c.oc, tap = C * K;
  for (int64_t ci = 0; ci < C; ++ci) {
    const T* src = du + ci * K;
    T* dst = df + ci * K;
#pragma GCC ivdep
    for (int64_t k = 0; k < K; ++k) {
      T u[16], h[12];
      for (int e = 0; e < 16; ++e) u[e] = src[e * tap + k];
      for (int j = 0; j < 4; ++j) {  // G^T dU: 3 rows of 4
        h[j] = u[j] + T(0.5) * (u[4 + j] + u[8 + j]);
        h[4 + j] = T(0.5) * (u[4 + j] - u[8 + j]);
        h[8 + j] = T(0.5) * (u[4 + j] + u[8 + j]) + u[12 + j];
      }
      for (int i = 0; i < 3; ++i) {  // (G^T dU) G
        const T* hi = h + 4 * i;
        dst[(3 * i + 0) * tap + k] = hi[0] + T(0.5) * (hi[1] + hi[2]);
        dst[(3 * i + 1) * tap + k] = T(0.5) * (hi[1] - hi[2]);
        dst[(3 * i + 2) * tap + k] = T(0.5) * (hi[1] + hi[2]) + hi[3];
      }
    }
  }
}

int as_int(int64_t v) { return static_cast<int>(v); }

}  // namespace

bool applies(const ConvShape& c) {
  const Window2D& g = c.g;
  return c.kh == 3 && c.kw == 3 && g.h.stride == 1 && g.w.stride == 1 && g.h.dilation == 1 && g.w.dilation == 1 &&
         c.ic >= 16 && c.oc >= 16 && kE * c.ic <= std::numeric_limits<int>::max() &&
         kE * c.oc <= std::numeric_limits<int>::max() && c.rows() > 0;
}

template <typename T>
void forward(const ConvShape& c, const T* x, const T* filter, T* out) {
  const Tiling tl = tiling(c);
  const int64_t C = c.ic, K = c.oc, chunk = chunk_tiles<T>(c), tiles = tl.count();
  const int64_t chunks = (tiles + chunk - 1) / chunk;
  const int workers = blas_threads::workers_for(chunks, static_cast<double>(tiles) * kE * C * K);
  const int64_t per_worker = chunk * kE * (C + K) + C + K;  // V, M, zeros, discard
  Tensor scratch(float_dtype_of<T>(), {kE * C * K + workers * per_worker});
  T* u = scratch.data<T>();
  transform_filter(c, filter, u);
  T* work = u + kE * C * K;
  std::fill(work, work + workers * per_worker, T(0));
  blas_threads::split_items(tiles, chunk, workers, [&](int worker, int64_t t0, int64_t t1) {
    T* v = work + worker * per_worker;
    T* m = v + chunk * kE * C;
    T* zeros = m + chunk * kE * K;
    T* discard = zeros + C;
    transform_input(c, tl, x, zeros, v, t0, t1);
    for (int e = 0; e < kE; ++e)
      blas::gemm_here(false, false, as_int(t1 - t0), as_int(K), as_int(C), T(1), v + e * C, as_int(kE * C),
                      u + e * C * K, as_int(K), T(0), m + e * K, as_int(kE * K));
    transform_output(c, tl, m, out, discard, t0, t1);
  });
}

template <typename T>
void backprop_filter(const ConvShape& c, const T* x, const T* dy, T* dfilter) {
  const Tiling tl = tiling(c);
  const int64_t C = c.ic, K = c.oc, chunk = chunk_tiles<T>(c), tiles = tl.count();
  // Groups of whole chunks, at most kFilterGradGroups of them: one partial dU per group.
  const int64_t chunks = (tiles + chunk - 1) / chunk;
  const int64_t group = (chunks + kFilterGradGroups - 1) / kFilterGradGroups * chunk;
  const int64_t groups = (tiles + group - 1) / group, du_size = kE * C * K;
  const int workers = blas_threads::workers_for(groups, static_cast<double>(tiles) * kE * C * K);
  const int64_t per_worker = chunk * kE * (C + K) + C + K;  // V, dM, zeros for x, zeros for dy
  Tensor scratch(float_dtype_of<T>(), {groups * du_size + workers * per_worker});
  T* partials = scratch.data<T>();
  std::fill(partials, partials + groups * du_size + workers * per_worker, T(0));
  T* work = partials + groups * du_size;
  blas_threads::split_items(tiles, group, workers, [&](int worker, int64_t g0, int64_t g1) {
    T* v = work + worker * per_worker;
    T* dm = v + chunk * kE * C;
    T* x_zeros = dm + chunk * kE * K;
    T* dy_zeros = x_zeros + C;
    T* du = partials + g0 / group * du_size;
    for (int64_t t0 = g0; t0 < g1; t0 += chunk) {
      const int64_t t1 = std::min(g1, t0 + chunk);
      transform_input(c, tl, x, x_zeros, v, t0, t1);
      transform_output_grad(c, tl, dy, dy_zeros, dm, t0, t1);
      for (int e = 0; e < kE; ++e)
        blas::gemm_here(true, false, as_int(C), as_int(K), as_int(t1 - t0), T(1), v + e * C, as_int(kE * C),
                        dm + e * K, as_int(kE * K), T(1), du + e * C * K, as_int(K));
    }
  });
  for (int64_t g = 1; g < groups; ++g) {
    const T* p = partials + g * du_size;
    for (int64_t i = 0; i < du_size; ++i) partials[i] += p[i];
  }
  transform_filter_grad(c, partials, dfilter);
}

template void forward<float>(const ConvShape&, const float*, const float*, float*);
template void forward<double>(const ConvShape&, const double*, const double*, double*);
template void backprop_filter<float>(const ConvShape&, const float*, const float*, float*);
template void backprop_filter<double>(const ConvShape&, const double*, const double*, double*);

}  // namespace jf::winograd

// StringToHashBucketFast: each string's FarmHash Fingerprint64 modulo num_buckets, the hash TF1's
// categorical_column_with_hash_bucket uses. The values must equal TF's bit for bit (a model trained
// there and restored here looks its buckets up by them), so this is farmhash's Fingerprint64
// (farmhashna::Hash64): little-endian 8/4-byte loads, the k0/k1/k2 constants and the same mixing.
#include <algorithm>
#include <cstring>
#include <vector>
#include <utility>

#include "element_copy.h"
#include "elementwise.h"

namespace jf {
namespace {

constexpr uint64_t k0 = 0xc3a5c85c97cb3127ULL;
constexpr uint64_t k1 = 0xb492b66fbe98f273ULL;
constexpr uint64_t k2 = 0x9ae16a3b2f90404fULL;

// Unaligned little-endian loads (the fingerprint is defined on little-endian byte order).
uint64_t load64(const char* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}
uint32_t load32(const char* p) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}
uint64_t rotr(uint64_t v, int shift) { return shift == 0 ? v : (v >> shift) | (v << (64 - shift)); }
uint64_t shift_mix(uint64_t v) { return v ^ (v >> 47); }

uint64_t mix16(uint64_t u, uint64_t v, uint64_t mul) {
  uint64_t a = (u ^ v) * mul;
  a ^= a >> 47;
  uint64_t b = (v ^ a) * mul;
  b ^= b >> 47;
  return b * mul;
}
uint64_t mix16(uint64_t u, uint64_t v) { return mix16(u, v, 0x9ddfea08eb382d69ULL); }

uint64_t hash_0_to_16(const char* s, size_t len) {
  if (len >= 8) {
    uint64_t mul = k2 + len * 2, a = load64(s) + k2, b = load64(s + len - 8);
    uint64_t c = rotr(b, 37) * mul + a, d = (rotr(a, 25) + b) * mul;
    return mix16(c, d, mul);
  }
  if (len >= 4) {
    uint64_t mul = k2 + len * 2, a = load32(s);
    return mix16(len + (a << 3), load32(s + len - 4), mul);
  }
  if (len > 0) {
    uint8_t a = static_cast<uint8_t>(s[0]), b = static_cast<uint8_t>(s[len >> 1]),
            c = static_cast<uint8_t>(s[len - 1]);
    uint32_t y = static_cast<uint32_t>(a) + (static_cast<uint32_t>(b) << 8);
    uint32_t z = static_cast<uint32_t>(len) + (static_cast<uint32_t>(c) << 2);
    return shift_mix(y * k2 ^ z * k0) * k2;
  }
  return k2;
}

uint64_t hash_17_to_32(const char* s, size_t len) {
  uint64_t mul = k2 + len * 2, a = load64(s) * k1, b = load64(s + 8);
  uint64_t c = load64(s + len - 8) * mul, d = load64(s + len - 16) * k2;
  return mix16(rotr(a + b, 43) + rotr(c, 30) + d, a + rotr(b + k2, 18) + c, mul);
}

uint64_t hash_33_to_64(const char* s, size_t len) {
  uint64_t mul = k2 + len * 2, a = load64(s) * k2, b = load64(s + 8);
  uint64_t c = load64(s + len - 8) * mul, d = load64(s + len - 16) * k2;
  uint64_t y = rotr(a + b, 43) + rotr(c, 30) + d;
  uint64_t z = mix16(y, a + rotr(b + k2, 18) + c, mul);
  uint64_t e = load64(s + 16) * mul, f = load64(s + 24);
  uint64_t g = (y + load64(s + len - 32)) * mul, h = (z + load64(s + len - 24)) * mul;
  return mix16(rotr(e + f, 43) + rotr(g, 30) + h, e + rotr(f + a, 18) + g, mul);
}

using Pair = std::pair<uint64_t, uint64_t>;

Pair weak_hash_32(const char* s, uint64_t a, uint64_t b) {
  uint64_t w = load64(s), x = load64(s + 8), y = load64(s + 16), z = load64(s + 24);
  a += w;
  b = rotr(b + a + z, 21);
  uint64_t c = a;
  a += x;
  a += y;
  b += rotr(a, 44);
  return {a + z, b + c};
}

uint64_t fingerprint64(const char* s, size_t len) {
  if (len <= 16) return hash_0_to_16(s, len);
  if (len <= 32) return hash_17_to_32(s, len);
  if (len <= 64) return hash_33_to_64(s, len);
  // Longer strings: 64-byte blocks through a 56-byte state (v, w, x, y, z), then the last 64 bytes.
  const uint64_t seed = 81;
  uint64_t x = seed, y = seed * k1 + 113, z = shift_mix(y * k2 + 113) * k2;
  Pair v{0, 0}, w{0, 0};
  x = x * k2 + load64(s);
  const char* end = s + ((len - 1) / 64) * 64;
  const char* last64 = end + ((len - 1) & 63) - 63;
  do {
    x = rotr(x + y + v.first + load64(s + 8), 37) * k1;
    y = rotr(y + v.second + load64(s + 48), 42) * k1;
    x ^= w.second;
    y += v.first + load64(s + 40);
    z = rotr(z + w.first, 33) * k1;
    v = weak_hash_32(s, v.second * k1, x + w.first);
    w = weak_hash_32(s + 32, z + w.second, y + load64(s + 16));
    std::swap(z, x);
    s += 64;
  } while (s != end);
  uint64_t mul = k1 + ((z & 0xff) << 1);
  s = last64;
  w.first += ((len - 1) & 63);
  v.first += w.first;
  w.first += v.first;
  x = rotr(x + y + v.first + load64(s + 8), 37) * mul;
  y = rotr(y + v.second + load64(s + 48), 42) * mul;
  x ^= w.second * 9;
  y += v.first * 9 + load64(s + 40);
  z = rotr(z + w.first, 33) * mul;
  v = weak_hash_32(s, v.second * mul, x + w.first);
  w = weak_hash_32(s + 32, z + w.second, y + load64(s + 16));
  std::swap(z, x);
  return mix16(mix16(v.first, w.first, mul) + shift_mix(y) * k0 + z, mix16(v.second, w.second, mul) + x, mul);
}

class StringToHashBucketFastKernel : public OpKernel {
 public:
  explicit StringToHashBucketFastKernel(const KernelInit& init)
      : num_buckets_(init.node.attrs.get<int64_t>("num_buckets")) {
    if (num_buckets_ < 1) invalid_argument("StringToHashBucketFast: num_buckets must be >= 1");
  }
  void compute(KernelContext& ctx) override {
    const Tensor& in = ctx.input(0);
    if (in.dtype() != DType::String)
      invalid_argument(std::string("StringToHashBucketFast takes a string tensor, got ") + dtype_name(in.dtype()));
    Tensor out(DType::Int64, in.shape());
    int64_t* y = out.data<int64_t>();
    const auto& strings = in.strings();
    const uint64_t buckets = static_cast<uint64_t>(num_buckets_);
    for (int64_t i = 0; i < out.size(); ++i) {
      const std::string& s = strings[static_cast<size_t>(i)];
      y[i] = static_cast<int64_t>(fingerprint64(s.data(), s.size()) % buckets);
    }
    ctx.set_output(0, std::move(out));
  }

 private:
  int64_t num_buckets_;
};
JF_REGISTER_KERNEL("StringToHashBucketFast", StringToHashBucketFastKernel);

// Joins two fingerprints (TF's FingerprintCat64); not commutative, so the cross order matters.
uint64_t fingerprint_cat64(uint64_t fp1, uint64_t fp2) {
  constexpr uint64_t kMul = 0xc6a4a7935bd1e995ULL;
  uint64_t result = fp1 ^ kMul;
  result ^= shift_mix(fp2 * kMul) * kMul;
  result *= kMul;
  result = shift_mix(result) * kMul;
  return shift_mix(result);
}

// HashedCross: the dense form of TF1's hashed SparseCross, which crossed_column uses. Inputs are
// N [batch, k_i] int64 or string tensors; output [batch, k_0 * ... * k_{N-1}] int64 holds, for every
// combination (the last input varying fastest, as TF's ProductIterator), the hash_key-seeded
// FingerprintCat64 chain of the components (strings by Fingerprint64, integers as they are) mod
// num_buckets. An input flagged in `missing` treats id -1 as absent: combinations with it are -1.
class HashedCrossKernel : public OpKernel {
 public:
  explicit HashedCrossKernel(const KernelInit& init)
      : num_buckets_(init.node.attrs.get<int64_t>("num_buckets")),
        hash_key_(static_cast<uint64_t>(init.node.attrs.get<int64_t>("hash_key"))),
        missing_(init.node.attrs.get<std::vector<int64_t>>("missing")) {}
  void compute(KernelContext& ctx) override {
    const int n = ctx.num_inputs();
    if (n < 1 || static_cast<int>(missing_.size()) != n) invalid_argument("HashedCross: bad number of inputs");
    const int64_t batch = ctx.input(0).rank() == 2 ? ctx.input(0).dim(0) : -1;
    int64_t combos = 1;
    for (int i = 0; i < n; ++i) {
      const Tensor& t = ctx.input(i);
      if (t.rank() != 2 || t.dim(0) != batch)
        invalid_argument("HashedCross: every input must be [batch, k] with the same batch, input " +
                         std::to_string(i) + " has shape " + shape_str(t.shape()));
      if (t.dtype() != DType::Int64 && t.dtype() != DType::String)
        invalid_argument("HashedCross: inputs must be int64 or string, input " + std::to_string(i) + " is " +
                         dtype_name(t.dtype()));
      combos *= t.dim(1);
    }
    Tensor out(DType::Int64, Shape{batch, combos});
    int64_t* y = out.data<int64_t>();
    std::vector<int64_t> pos(static_cast<size_t>(n));
    for (int64_t b = 0; b < batch; ++b) {
      std::fill(pos.begin(), pos.end(), 0);
      for (int64_t c = 0; c < combos; ++c) {
        uint64_t h = hash_key_;
        bool absent = false;
        for (int i = 0; i < n; ++i) {
          const Tensor& t = ctx.input(i);
          const int64_t at = b * t.dim(1) + pos[static_cast<size_t>(i)];
          uint64_t component;
          if (t.dtype() == DType::String) {
            const std::string& s = t.strings()[static_cast<size_t>(at)];
            component = fingerprint64(s.data(), s.size());
          } else {
            int64_t v = t.data<int64_t>()[at];
            if (missing_[static_cast<size_t>(i)] && v < 0) absent = true;
            component = static_cast<uint64_t>(v);
          }
          h = fingerprint_cat64(h, component);
        }
        y[b * combos + c] = absent ? -1 : static_cast<int64_t>(h % static_cast<uint64_t>(num_buckets_));
        for (int i = n - 1; i >= 0; --i) {  // next combination, last input fastest
          if (++pos[static_cast<size_t>(i)] < ctx.input(i).dim(1)) break;
          pos[static_cast<size_t>(i)] = 0;
        }
      }
    }
    ctx.set_output(0, std::move(out));
  }

 private:
  int64_t num_buckets_;
  uint64_t hash_key_;
  std::vector<int64_t> missing_;
};
JF_REGISTER_KERNEL("HashedCross", HashedCrossKernel);

// AsString for integers (decimal, no padding): how a hash-bucket column hashes integer features.
class AsStringKernel : public OpKernel {
 public:
  explicit AsStringKernel(const KernelInit&) {}
  void compute(KernelContext& ctx) override {
    const Tensor& in = ctx.input(0);
    Tensor out(DType::String, in.shape());
    auto& strings = out.strings();
    strings.resize(static_cast<size_t>(in.size()));
    if (in.dtype() == DType::Int32) {
      for (int64_t i = 0; i < in.size(); ++i) strings[static_cast<size_t>(i)] = std::to_string(in.data<int32_t>()[i]);
    } else if (in.dtype() == DType::Int64) {
      for (int64_t i = 0; i < in.size(); ++i) strings[static_cast<size_t>(i)] = std::to_string(in.data<int64_t>()[i]);
    } else {
      invalid_argument(std::string("AsString supports int32 and int64 here, got ") + dtype_name(in.dtype()));
    }
    ctx.set_output(0, std::move(out));
  }
};
JF_REGISTER_KERNEL("AsString", AsStringKernel);

}  // namespace
}  // namespace jf

// The protobuf wire format of tf.train.Example, read without a protobuf library: only the fields of
// example.proto / feature.proto matter, unknown fields are skipped as protobuf skips them.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "../tensor.h"

namespace jf::example_wire {

// Feature kinds, numbered as the fields of feature.proto's `oneof kind`.
enum Kind : int { kNone = 0, kBytes = 1, kFloat = 2, kInt64 = 3 };

struct WireError {};  // malformed bytes; turned into TF's "Could not parse example input" message

struct Wire {
  const unsigned char* p;
  const unsigned char* end;
  explicit Wire(std::string_view s)
      : p(reinterpret_cast<const unsigned char*>(s.data())), end(p + s.size()) {}
  bool done() const { return p >= end; }
  uint64_t varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      if (p >= end) throw WireError{};
      unsigned char b = *p++;
      v |= static_cast<uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
    }
    throw WireError{};
  }
  std::string_view bytes() {
    uint64_t n = varint();
    if (n > static_cast<uint64_t>(end - p)) throw WireError{};
    std::string_view out(reinterpret_cast<const char*>(p), static_cast<size_t>(n));
    p += n;
    return out;
  }
  void skip(int wire_type) {
    switch (wire_type) {
      case 0: varint(); break;
      case 1: advance(8); break;
      case 2: bytes(); break;
      case 5: advance(4); break;
      default: throw WireError{};  // groups (3, 4) never occur in an Example
    }
  }
  void advance(size_t n) {
    if (n > static_cast<size_t>(end - p)) throw WireError{};
    p += n;
  }
};

// A feature found in one Example: its kind and the bytes of its BytesList/FloatList/Int64List.
struct FeatureView {
  Kind kind = kNone;
  std::string_view list;
};

// The values of one feature of one Example, decoded.
struct Values {
  std::vector<float> f;
  std::vector<int64_t> i;
  std::vector<std::string> s;
  size_t size(DType dt) const { return dt == DType::Float32 ? f.size() : dt == DType::Int64 ? i.size() : s.size(); }
};

inline void decode_list(const FeatureView& fv, Values& out) {
  Wire w(fv.list);
  while (!w.done()) {
    uint64_t tag = w.varint();
    int wt = static_cast<int>(tag & 7);
    if ((tag >> 3) != 1) {
      w.skip(wt);
      continue;
    }
    if (fv.kind == kBytes && wt == 2) {
      out.s.emplace_back(w.bytes());
    } else if (fv.kind == kFloat && wt == 2) {  // packed
      std::string_view b = w.bytes();
      if (b.size() % 4) throw WireError{};
      size_t n = b.size() / 4, at = out.f.size();
      out.f.resize(at + n);
      std::memcpy(out.f.data() + at, b.data(), b.size());
    } else if (fv.kind == kFloat && wt == 5) {
      float v;
      if (w.end - w.p < 4) throw WireError{};
      std::memcpy(&v, w.p, 4);
      w.p += 4;
      out.f.push_back(v);
    } else if (fv.kind == kInt64 && wt == 2) {  // packed varints
      Wire packed(w.bytes());
      while (!packed.done()) out.i.push_back(static_cast<int64_t>(packed.varint()));
    } else if (fv.kind == kInt64 && wt == 0) {
      out.i.push_back(static_cast<int64_t>(w.varint()));
    } else {
      throw WireError{};
    }
  }
}

// Example { Features features = 1 } ; Features { map<string, Feature> feature = 1 };
// Feature { oneof { BytesList = 1; FloatList = 2; Int64List = 3 } }. A key seen twice: the last wins.
inline void find_features(std::string_view example, const std::unordered_map<std::string, std::vector<int>>& wanted,
                   std::vector<FeatureView>& found) {
  Wire ex(example);
  while (!ex.done()) {
    uint64_t tag = ex.varint();
    if (tag != ((1 << 3) | 2)) {
      ex.skip(static_cast<int>(tag & 7));
      continue;
    }
    Wire features(ex.bytes());
    while (!features.done()) {
      uint64_t ftag = features.varint();
      if (ftag != ((1 << 3) | 2)) {
        features.skip(static_cast<int>(ftag & 7));
        continue;
      }
      Wire entry(features.bytes());
      std::string_view key, value;
      while (!entry.done()) {
        uint64_t etag = entry.varint();
        if (etag == ((1 << 3) | 2)) key = entry.bytes();
        else if (etag == ((2 << 3) | 2)) value = entry.bytes();
        else entry.skip(static_cast<int>(etag & 7));
      }
      auto it = wanted.find(std::string(key));
      FeatureView fv;
      Wire feature(value);
      while (!feature.done()) {
        uint64_t t = feature.varint();
        uint64_t field = t >> 3;
        if ((t & 7) == 2 && field >= 1 && field <= 3) {
          fv.kind = static_cast<Kind>(field);
          fv.list = feature.bytes();
        } else {
          feature.skip(static_cast<int>(t & 7));
        }
      }
      if (it != wanted.end())
        for (int slot : it->second) found[slot] = fv;
    }
  }
}

}  // namespace jf::example_wire

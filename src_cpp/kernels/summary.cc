// Summary ops: their value is a serialized tensorflow.Summary protocol buffer (bytes), written
// here with a minimal protobuf encoder. jupyter_flow/summary/summary_proto.py builds the same
// bytes with the generated message classes; tests/summary compares the two byte for byte.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <set>

#include "elementwise.h"

namespace jf {
namespace {

// ----- protobuf wire format -------------------------------------------------------------------
void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}
void put_tag(std::string& out, int field, int wire) { put_varint(out, (static_cast<uint64_t>(field) << 3) | wire); }
void put_bytes(std::string& out, int field, const std::string& b) {
  put_tag(out, field, 2);
  put_varint(out, b.size());
  out += b;
}
void put_float(std::string& out, int field, float f) {
  put_tag(out, field, 5);
  out.append(reinterpret_cast<const char*>(&f), 4);
}
// proto3 omits scalar fields equal to zero.
void put_double(std::string& out, int field, double d) {
  if (d == 0.0 && !std::signbit(d)) return;
  put_tag(out, field, 1);
  out.append(reinterpret_cast<const char*>(&d), 8);
}
void put_packed_doubles(std::string& out, int field, const std::vector<double>& v) {
  if (v.empty()) return;
  put_tag(out, field, 2);
  put_varint(out, v.size() * 8);
  out.append(reinterpret_cast<const char*>(v.data()), v.size() * 8);
}
std::string summary_of(const std::string& value) {
  std::string s;
  put_bytes(s, 1, value);
  return s;
}

Tensor string_scalar(std::string s) {
  Tensor t(DType::String, {});
  t.strings()[0] = std::move(s);
  return t;
}

template <typename F>
void for_each_as_double(const Tensor& t, const char* op, F f) {
  JF_DISPATCH_NUMERIC(t.dtype(), op, {
    const T* x = t.data<T>();
    for (int64_t i = 0; i < t.size(); ++i) f(static_cast<double>(x[i]));
  })
}

// ----- ScalarSummary ---------------------------------------------------------------------------
class ScalarSummaryKernel : public OpKernel {
 public:
  explicit ScalarSummaryKernel(const KernelInit& init) : tag_(init.node.attrs.get<std::string>("tag")) {}
  void compute(KernelContext& ctx) override {
    const Tensor& v = ctx.input(0);
    if (v.size() != 1 || v.rank() != 0)
      invalid_argument("summary.scalar '" + tag_ + "' needs a single value (shape []), got shape " +
                       shape_str(v.shape()) + "; reduce it first, e.g. tf.reduce_mean(x)");
    double d = 0;
    for_each_as_double(v, "ScalarSummary", [&](double x) { d = x; });
    std::string value;
    put_bytes(value, 1, tag_);
    put_float(value, 2, static_cast<float>(d));
    ctx.set_output(0, string_scalar(summary_of(value)));
  }

 private:
  std::string tag_;
};
JF_REGISTER_KERNEL("ScalarSummary", ScalarSummaryKernel);

// ----- HistogramSummary (TF's histogram.cc: exponential buckets) --------------------------------
const std::vector<double>& default_limits() {
  static const std::vector<double> limits = [] {
    std::vector<double> pos;
    for (double v = 1.0e-12; v < 1.0e20; v *= 1.1) pos.push_back(v);
    pos.push_back(DBL_MAX);
    std::vector<double> all;
    for (auto it = pos.rbegin(); it != pos.rend(); ++it) all.push_back(-*it);
    all.push_back(0.0);
    all.insert(all.end(), pos.begin(), pos.end());
    return all;
  }();
  return limits;
}

class HistogramSummaryKernel : public OpKernel {
 public:
  explicit HistogramSummaryKernel(const KernelInit& init) : tag_(init.node.attrs.get<std::string>("tag")) {}
  void compute(KernelContext& ctx) override {
    const auto& limits = default_limits();
    std::vector<double> counts(limits.size(), 0.0);
    double mn = DBL_MAX, mx = -DBL_MAX, sum = 0, sum_sq = 0, num = 0;
    for_each_as_double(ctx.input(0), "HistogramSummary", [&](double x) {
      if (std::isnan(x)) invalid_argument("Nan in summary histogram for: " + tag_);
      if (std::isinf(x)) invalid_argument("Infinity in summary histogram for: " + tag_);
      size_t b = std::upper_bound(limits.begin(), limits.end(), x) - limits.begin();
      counts[std::min(b, limits.size() - 1)] += 1;
      mn = std::min(mn, x);
      mx = std::max(mx, x);
      sum += x;
      sum_sq += x * x;
      num += 1;
    });
    // Runs of empty buckets collapse into one entry carrying the run's last limit.
    std::vector<double> kept_limits, kept_counts;
    for (size_t i = 0; i < counts.size(); ++i) {
      bool next_nonempty = i + 1 == counts.size() || counts[i + 1] > 0;
      if (counts[i] > 0 || next_nonempty) {
        kept_limits.push_back(limits[i]);
        kept_counts.push_back(counts[i]);
      }
    }
    std::string histo;
    put_double(histo, 1, mn);
    put_double(histo, 2, mx);
    put_double(histo, 3, num);
    put_double(histo, 4, sum);
    put_double(histo, 5, sum_sq);
    put_packed_doubles(histo, 6, kept_limits);
    put_packed_doubles(histo, 7, kept_counts);
    std::string value;
    put_bytes(value, 1, tag_);
    put_bytes(value, 5, histo);
    ctx.set_output(0, string_scalar(summary_of(value)));
  }

 private:
  std::string tag_;
};
JF_REGISTER_KERNEL("HistogramSummary", HistogramSummaryKernel);

// ----- text (TensorSummaryV2 with the text plugin's metadata) ---------------------------------
class TextSummaryKernel : public OpKernel {
 public:
  explicit TextSummaryKernel(const KernelInit& init) : tag_(init.node.attrs.get<std::string>("tag")) {}
  void compute(KernelContext& ctx) override {
    const Tensor& t = ctx.input(0);
    if (t.dtype() != DType::String) invalid_argument("summary.text '" + tag_ + "' needs a string tensor");
    std::string shape;
    for (auto d : t.shape()) {
      std::string dim;
      if (d != 0) {
        put_tag(dim, 1, 0);
        put_varint(dim, static_cast<uint64_t>(d));
      }
      put_bytes(shape, 2, dim);
    }
    std::string tensor;
    put_tag(tensor, 1, 0);
    put_varint(tensor, 7);  // DT_STRING
    put_bytes(tensor, 2, shape);
    for (auto& s : t.strings()) put_bytes(tensor, 8, s);
    std::string plugin, metadata;
    put_bytes(plugin, 1, "text");
    put_bytes(metadata, 1, plugin);
    std::string value;
    put_bytes(value, 1, tag_);
    put_bytes(value, 8, tensor);
    put_bytes(value, 9, metadata);
    ctx.set_output(0, string_scalar(summary_of(value)));
  }

 private:
  std::string tag_;
};
JF_REGISTER_KERNEL("TextSummary", TextSummaryKernel);

// ----- MergeSummary ----------------------------------------------------------------------------
uint64_t read_varint(const std::string& s, size_t& pos) {
  uint64_t v = 0;
  for (int shift = 0; pos < s.size() && shift < 64; shift += 7) {
    uint8_t b = static_cast<uint8_t>(s[pos++]);
    v |= static_cast<uint64_t>(b & 0x7F) << shift;
    if (!(b & 0x80)) return v;
  }
  invalid_argument("Could not parse one of the summary inputs (truncated varint)");
}

// Skip a field of wire type `wire` starting at pos; returns [begin, end) of a length-delimited payload.
std::pair<size_t, size_t> skip_field(const std::string& s, size_t& pos, int wire) {
  size_t begin = pos;
  switch (wire) {
    case 0: read_varint(s, pos); break;
    case 1: pos += 8; break;
    case 5: pos += 4; break;
    case 2: {
      uint64_t len = read_varint(s, pos);
      begin = pos;
      pos += len;
      break;
    }
    default: invalid_argument("Could not parse one of the summary inputs (wire type " + std::to_string(wire) + ")");
  }
  if (pos > s.size()) invalid_argument("Could not parse one of the summary inputs (truncated)");
  return {begin, pos};
}

std::string tag_of(const std::string& value) {
  size_t pos = 0;
  while (pos < value.size()) {
    uint64_t key = read_varint(value, pos);
    auto [b, e] = skip_field(value, pos, static_cast<int>(key & 7));
    if ((key >> 3) == 1 && (key & 7) == 2) return value.substr(b, e - b);
  }
  return "";
}

void merge_summary_kernel(KernelContext& ctx) {
  std::string out;
  std::set<std::string> tags;
  for (int i = 0; i < ctx.num_inputs(); ++i) {
    const Tensor& t = ctx.input(i);
    if (t.dtype() != DType::String) invalid_argument("summary.merge inputs must be summaries (string tensors)");
    for (const std::string& s : t.strings()) {
      size_t pos = 0;
      while (pos < s.size()) {
        uint64_t key = read_varint(s, pos);
        auto [b, e] = skip_field(s, pos, static_cast<int>(key & 7));
        if ((key >> 3) != 1 || (key & 7) != 2) continue;
        std::string value = s.substr(b, e - b);
        std::string tag = tag_of(value);
        if (!tag.empty() && !tags.insert(tag).second)
          invalid_argument("Duplicate tag " + tag + " found in summary inputs; give each summary a distinct name");
        put_bytes(out, 1, value);
      }
    }
  }
  ctx.set_output(0, string_scalar(std::move(out)));
}
JF_REGISTER_FUNCTION("MergeSummary", merge_summary_kernel);

}  // namespace
}  // namespace jf

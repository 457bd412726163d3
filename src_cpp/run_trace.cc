#include "run_trace.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "errors.h"
#include "plan.h"

namespace jf {

namespace {
std::atomic<int64_t> g_timed_steps{0};

// The original nodes of a fused step (element-wise fusion's Step::fused_nodes), or null: read only
// where the member exists, so this file builds with or without the fusion pass.
template <class S>
const std::vector<NodePtr>* fused_nodes_of(const S& step) {
  if constexpr (requires(const S& s) { s.fused_nodes; }) {
    return step.fused_nodes.empty() ? nullptr : &step.fused_nodes;
  } else {
    return nullptr;
  }
}
}  // namespace

int64_t timed_steps_total() { return g_timed_steps.load(std::memory_order_relaxed); }

std::atomic<bool>& check_numerics_in_every_run() {
  static std::atomic<bool> on{false};
  return on;
}

TraceCapture& trace_capture() {
  static TraceCapture capture;
  return capture;
}

// ----- StepTimer -------------------------------------------------------------------------------
StepTimer::StepTimer() : start_(std::chrono::steady_clock::now()) {
  start_wall_micros_ = std::chrono::duration_cast<std::chrono::microseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
}

int64_t StepTimer::now_ns() const {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start_).count();
}

void StepTimer::step_started(const Step& step) {
  int64_t now = now_ns();
  std::lock_guard<std::mutex> lock(mu_);
  auto [it, added] = threads_.try_emplace(std::this_thread::get_id());
  if (added) it->second.index = static_cast<int>(threads_.size()) - 1;
  StepRecord r;
  r.node = step.node;
  r.start_ns = now;
  r.thread = it->second.index;
  r.depth = static_cast<int>(it->second.open.size());
  it->second.open.push_back(records_.size());
  records_.push_back(std::move(r));
}

void StepTimer::step_finished(const Step& step, const Tensor* values) {
  int64_t now = now_ns();
  std::vector<OutputRecord> outputs;
  const Tensor* out = values + step.out_base;
  for (size_t o = 0; o < step.node->out_dtypes.size(); ++o)
    if (out[o].valid()) outputs.push_back({out[o].dtype(), out[o].shape(), static_cast<int64_t>(out[o].nbytes())});
  std::lock_guard<std::mutex> lock(mu_);
  auto it = threads_.find(std::this_thread::get_id());
  if (it == threads_.end() || it->second.open.empty()) return;  // started before this timer was attached
  size_t index = it->second.open.back();
  it->second.open.pop_back();
  StepRecord& r = records_[index];
  r.end_ns = now;
  if (!it->second.open.empty()) records_[it->second.open.back()].inner_ns += now - r.start_ns;
  g_timed_steps.fetch_add(1, std::memory_order_relaxed);
  const std::vector<NodePtr>* fused = fused_nodes_of(step);
  if (!fused) {
    r.outputs = std::move(outputs);
    return;
  }
  // A fused step is reported as the nodes it computes, in order, sharing its time evenly; its
  // outputs are recorded on the last one (the chain's result).
  const int64_t start = r.start_ns, n = static_cast<int64_t>(fused->size());
  const StepRecord base = r;
  for (int64_t i = 0; i < n; ++i) {
    StepRecord part = base;
    part.node = (*fused)[i];
    part.start_ns = start + (now - start) * i / n;
    part.end_ns = start + (now - start) * (i + 1) / n;
    if (i == n - 1) part.outputs = std::move(outputs);
    if (i == 0) records_[index] = std::move(part);
    else records_.push_back(std::move(part));
  }
}

std::vector<StepRecord> StepTimer::take_records() {
  std::lock_guard<std::mutex> lock(mu_);
  return std::move(records_);
}

// ----- NumericsCheck ---------------------------------------------------------------------------
namespace {

// A float is NaN or Inf exactly when its exponent bits are all ones. Counting those with integer
// compares vectorizes (no FP exceptions, no -ffast-math needed), so the check costs about one
// pass over each float output.
template <typename Bits>
int64_t count_exponent_all_ones(const void* data, int64_t n, Bits exponent) {
  const Bits* p = static_cast<const Bits*>(data);
  int64_t total = 0;
  constexpr int64_t kChunk = int64_t{1} << 20;
  for (int64_t begin = 0; begin < n; begin += kChunk) {
    const int64_t end = std::min(n, begin + kChunk);
    uint32_t bad = 0;
    for (int64_t i = begin; i < end; ++i) bad += (p[i] & exponent) == exponent;
    total += bad;
  }
  return total;
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

template <typename T>
std::string float_range(const T* p, int64_t n) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  int64_t nan = 0, pos_inf = 0, neg_inf = 0;
  for (int64_t i = 0; i < n; ++i) {
    double v = p[i];
    if (std::isnan(v)) ++nan;
    else if (std::isinf(v)) ++(v > 0 ? pos_inf : neg_inf);
    else {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  std::string out = n - nan - pos_inf - neg_inf > 0 ? "min " + number(lo) + ", max " + number(hi) : "no finite values";
  if (nan) out += ", " + std::to_string(nan) + " NaN";
  if (pos_inf) out += ", " + std::to_string(pos_inf) + " +Inf";
  if (neg_inf) out += ", " + std::to_string(neg_inf) + " -Inf";
  return out;
}

template <typename T>
std::string int_range(const T* p, int64_t n) {
  auto [lo, hi] = std::minmax_element(p, p + n);
  return "min " + std::to_string(*lo) + ", max " + std::to_string(*hi);
}

std::string describe_value(const Tensor& t) {
  std::string out = std::string(dtype_name(t.dtype())) + " " + shape_str(t.shape());
  if (t.size() == 0) return out + " (empty)";
  switch (t.dtype()) {
    case DType::Float32: return out + ": " + float_range(t.data<float>(), t.size());
    case DType::Float64: return out + ": " + float_range(t.data<double>(), t.size());
    case DType::Int32: return out + ": " + int_range(t.data<int32_t>(), t.size());
    case DType::Int64: return out + ": " + int_range(t.data<int64_t>(), t.size());
    default: return out;
  }
}

}  // namespace

int64_t count_non_finite(const Tensor& t) {
  if (!t.valid()) return 0;
  if (t.dtype() == DType::Float32) return count_exponent_all_ones<uint32_t>(t.raw(), t.size(), 0x7f800000u);
  if (t.dtype() == DType::Float64)
    return count_exponent_all_ones<uint64_t>(t.raw(), t.size(), 0x7ff0000000000000ull);
  return 0;
}

void NumericsCheck::step_finished(const Step& step, const Tensor* values) {
  const Tensor* out = values + step.out_base;
  for (size_t o = 0; o < step.node->out_dtypes.size(); ++o)
    if (count_non_finite(out[o]) != 0) [[unlikely]] report(step, values, o);
}

void NumericsCheck::report(const Step& step, const Tensor* values, size_t output) const {
  const Node& node = *step.node;
  const Tensor& bad = values[step.out_base + output];
  std::string msg = "'" + node.name + "' (op " + node.type + ") produced " + describe_value(bad) + " in output " +
                    std::to_string(output);
  if (const std::vector<NodePtr>* fused = fused_nodes_of(step)) {
    msg += " (one fused step computing";
    for (size_t i = 0; i < fused->size(); ++i)
      msg += (i ? ", '" : " '") + (*fused)[i]->name + "' (" + (*fused)[i]->type + ")";
    msg += ")";
  }
  std::string came_in;
  for (size_t i = 0; i < node.inputs.size() && i < step.in_slots.size(); ++i) {
    NodePtr producer = graph_.find(node.inputs[i].node);
    std::string name = (producer ? producer->name : "?") + ":" + std::to_string(node.inputs[i].index);
    msg += i ? "\n  " : ".\nIts inputs:\n  ";
    msg += "'" + name + "' ";
    int slot = step.in_slots[i];
    if (slot < 0) {
      msg += "(a variable, updated in place)";
      continue;
    }
    const Tensor& in = values[slot];
    if (!in.valid()) {
      msg += "(reused as the output)";
      continue;
    }
    msg += describe_value(in);
    if (count_non_finite(in) != 0 && came_in.empty()) came_in = name;
  }
  if (!came_in.empty())
    msg += "\nThe input '" + came_in + "' already held NaN or Inf when this op ran: it came from outside the "
           "checked steps (a fed value, a variable's value, or a constant computed before the check was on).";
  msg += "\n(found by the NaN/Inf check: %flow_debug nan on, or tf.debugging.enable_check_numerics())";
  throw EngineError(Code::InvalidArgument, msg, node.id);
}

// ----- TraceCapture ----------------------------------------------------------------------------
void TraceCapture::start(int64_t runs) {
  std::lock_guard<std::mutex> lock(mu_);
  runs_.clear();
  runs_left_.store(runs, std::memory_order_relaxed);
}

bool TraceCapture::claim_run() {
  int64_t left = runs_left_.load(std::memory_order_relaxed);
  while (left != 0) {
    if (left < 0) return true;
    if (runs_left_.compare_exchange_weak(left, left - 1, std::memory_order_relaxed)) return true;
  }
  return false;
}

void TraceCapture::add(CapturedRun run) {
  std::lock_guard<std::mutex> lock(mu_);
  runs_.push_back(std::move(run));
}

std::vector<CapturedRun> TraceCapture::take() {
  std::lock_guard<std::mutex> lock(mu_);
  return std::move(runs_);
}

}  // namespace jf

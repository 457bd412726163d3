#include "subplan.h"

namespace jf {

std::vector<Edge> edges_attr(const Node& node, const std::string& key) {
  const auto& flat = node.attrs.get<std::vector<int64_t>>(key);
  if (flat.size() % 2) fail(Code::Internal, "attribute '" + key + "' of '" + node.name + "' is not a list of edges");
  std::vector<Edge> out;
  for (size_t i = 0; i < flat.size(); i += 2) out.push_back(Edge{flat[i], static_cast<int>(flat[i + 1])});
  return out;
}

SubPlan::SubPlan(const KernelInit& init, const std::vector<Edge>& inputs, const std::vector<Edge>& outputs) {
  std::vector<FeedSpec> feeds;
  for (auto& e : inputs) {
    FeedSpec f;
    f.tensor = e;
    f.name = init.graph.node(e.node)->name + ":" + std::to_string(e.index);
    feeds.push_back(std::move(f));
  }
  plan_ = std::make_unique<Plan>(init.graph, init.state, outputs, std::move(feeds), std::vector<int64_t>{});
}

std::vector<Tensor> SubPlan::run(std::vector<Tensor> inputs, const RunControl* control) const {
  static const std::function<void()> no_poll;
  static const std::atomic<bool> never{false};
  if (!control) return plan_->run(std::move(inputs), no_poll, never);
  return plan_->run(std::move(inputs), control->poll, control->cancelled, control->observer);
}

void PollTimer::tick() {
  if (!control_) return;
  if (control_->cancelled.load(std::memory_order_relaxed)) fail(Code::Cancelled, "the run was cancelled");
  auto now = std::chrono::steady_clock::now();
  if (now < next_) return;
  next_ = now + std::chrono::milliseconds(20);
  if (control_->poll) control_->poll();
}

}  // namespace jf

// One client session: a graph it runs and the state (variables) it owns.
#pragma once
#include <atomic>
#include <memory>

#include "graph.h"
#include "plan.h"
#include "session_state.h"

namespace jf {

class EngineSession {
 public:
  explicit EngineSession(std::shared_ptr<Graph> graph) : graph_(std::move(graph)) {}
  std::shared_ptr<Plan> make_plan(const std::vector<Edge>& fetches, std::vector<FeedSpec> feeds,
                                  const std::vector<int64_t>& targets) {
    return std::make_shared<Plan>(*graph_, state_, fetches, std::move(feeds), targets);
  }
  SessionState& state() { return state_; }
  const Graph& graph() const { return *graph_; }
  std::atomic<bool>& cancelled() { return cancelled_; }
  // Session.close: runs in progress are cancelled (as TF1's Close), then resources (iterators
  // and their prefetch threads) are released; waits for a run's iterator call to end.
  void close() {
    cancelled_ = true;
    state_.close_resources();
  }

 private:
  std::shared_ptr<Graph> graph_;
  SessionState state_;
  std::atomic<bool> cancelled_{false};
};

}  // namespace jf

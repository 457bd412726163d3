#include "graph.h"

namespace jf {

void Graph::add_node(NodePtr node) {
  std::lock_guard<std::mutex> lock(mu_);
  nodes_[node->id] = std::move(node);
}

void Graph::remove_node(int64_t id) {
  std::lock_guard<std::mutex> lock(mu_);
  nodes_.erase(id);
}

void Graph::replace_input(int64_t consumer, const Edge& from, const Edge& to) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = nodes_.find(consumer);
  if (it == nodes_.end()) fail(Code::NotFound, "no node with id " + std::to_string(consumer));
  auto copy = std::make_shared<Node>(*it->second);
  for (auto& e : copy->inputs)
    if (e.node == from.node && e.index == from.index) e = to;
  for (auto& c : copy->control_inputs)
    if (c == from.node) c = to.node;
  it->second = std::move(copy);
}

NodePtr Graph::node(int64_t id) const {
  auto n = find(id);
  if (!n) fail(Code::NotFound, "the graph has no node with id " + std::to_string(id) +
                                   " (was it removed by a re-run cell?)");
  return n;
}

NodePtr Graph::find(int64_t id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = nodes_.find(id);
  return it == nodes_.end() ? nullptr : it->second;
}

size_t Graph::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return nodes_.size();
}

}  // namespace jf

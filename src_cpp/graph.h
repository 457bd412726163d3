// The engine's copy of a Python Graph. Python sends nodes incrementally (add_nodes) and may
// remove or re-link them (the notebook's %%graph re-runs). Nodes are immutable once added and
// held by shared_ptr, so a Plan built earlier keeps the nodes it uses alive after a removal.
#pragma once
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "attrs.h"

namespace jf {

struct Edge {
  int64_t node;
  int index;
};

struct Node {
  int64_t id = 0;
  std::string type;
  std::string name;
  std::vector<Edge> inputs;
  std::vector<int64_t> control_inputs;
  std::vector<DType> out_dtypes;
  Attrs attrs;
  bool stateful = false;  // random, variable or session-state ops: never constant-folded
};

using NodePtr = std::shared_ptr<const Node>;

class Graph {
 public:
  void add_node(NodePtr node);
  void remove_node(int64_t id);
  // Replace every use of `from` by `to` in the consumers listed (notebook re-link).
  void replace_input(int64_t consumer, const Edge& from, const Edge& to);
  NodePtr node(int64_t id) const;  // throws NotFound
  NodePtr find(int64_t id) const;  // nullptr when absent
  size_t size() const;

 private:
  mutable std::mutex mu_;
  std::unordered_map<int64_t, NodePtr> nodes_;
};

}  // namespace jf

#include "session_state.h"

#include "errors.h"

namespace jf {

std::shared_ptr<VarSlot> SessionState::slot(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& s = vars_[name];
  if (!s) {
    s = std::make_shared<VarSlot>();
    s->name = name;
  }
  return s;
}

std::shared_ptr<VarSlot> SessionState::find(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = vars_.find(name);
  return it == vars_.end() ? nullptr : it->second;
}

void SessionState::drop(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = vars_.find(name);
  // Plans may still hold the slot: empty it so they see an uninitialized variable.
  if (it != vars_.end()) {
    it->second->set(Tensor());
    vars_.erase(it);
  }
}

std::vector<std::string> SessionState::initialized_names() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> out;
  for (auto& kv : vars_)
    if (kv.second->initialized()) out.push_back(kv.first);
  return out;
}

Rng& SessionState::rng(int64_t node_id, uint64_t seed) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& g = rngs_[node_id];
  if (!g) g = std::make_unique<Rng>(seed);
  return *g;
}

int64_t SessionState::count_run(int64_t node_id) {
  std::lock_guard<std::mutex> lock(mu_);
  return ++run_counts_[node_id];
}

std::shared_ptr<Resource> SessionState::resource(const std::string& name,
                                                 const std::function<std::shared_ptr<Resource>()>& make) {
  std::lock_guard<std::mutex> lock(mu_);
  if (closed_) fail(Code::Cancelled, "Session has been closed.");
  auto it = resources_.find(name);
  if (it != resources_.end()) return it->second;
  auto r = make();  // may throw (a queue looked up before its queue op ran): nothing is stored then
  resources_.emplace(name, r);
  return r;
}

void SessionState::close_resources() {
  std::unordered_map<std::string, std::shared_ptr<Resource>> closing;
  {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    closing.swap(resources_);
  }
  for (auto& [name, r] : closing) r->close();  // outside mu_: a close may wait for a run's kernel
}

}  // namespace jf

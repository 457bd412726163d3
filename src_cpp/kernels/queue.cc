// The queue resource (queue.h): waiting, ordering, closing. The ops that use it are in
// queue_kernels.cc.
#include "queue.h"

#include <algorithm>
#include <chrono>

#include "../subplan.h"
#include "element_copy.h"

namespace jf {

bool ComponentShape::compatible(const Shape& s) const {
  if (rank < 0) return true;
  if (static_cast<int>(s.size()) != rank) return false;
  for (int i = 0; i < rank; ++i)
    if (dims[i] >= 0 && dims[i] != s[i]) return false;
  return true;
}

bool ComponentShape::fully_defined() const {
  return rank >= 0 && std::none_of(dims.begin(), dims.end(), [](int64_t d) { return d < 0; });
}

std::string ComponentShape::str() const {
  if (rank < 0) return "<unknown>";
  std::string s = "[";
  for (int i = 0; i < rank; ++i) s += (i ? "," : "") + (dims[i] < 0 ? std::string("?") : std::to_string(dims[i]));
  return s + "]";
}

Tensor row_of(const Tensor& t, int64_t i) {
  Shape inner(t.shape().begin() + 1, t.shape().end());
  Tensor out(t.dtype(), inner);
  const int64_t n = out.size();
  JF_DISPATCH_WORD(t.dtype(), {
    const E* src = words<E>(t) + i * n;
    std::copy(src, src + n, words<E>(out));
  })
  return out;
}

QueueResource::QueueResource(Kind kind, std::string name, std::vector<DType> dtypes,
                             std::vector<ComponentShape> shapes, int64_t capacity, int64_t min_after_dequeue,
                             uint64_t seed)
    : kind_(kind), name_(std::move(name)), dtypes_(std::move(dtypes)), shapes_(std::move(shapes)),
      capacity_(capacity), min_after_dequeue_(min_after_dequeue), rng_(seed) {}

const char* QueueResource::kind_name() const {
  switch (kind_) {
    case Kind::Fifo: return "FIFOQueue";
    case Kind::RandomShuffle: return "RandomShuffleQueue";
    case Kind::Padding: return "PaddingFIFOQueue";
  }
  return "Queue";
}

// A place in a line of waiting calls, given up however the call ends.
class QueueTurn {
 public:
  QueueTurn(QueueResource& q, std::list<uint64_t>& line) : q_(q), line_(line), id_(q.next_turn_++) {
    line_.push_back(id_);
  }
  ~QueueTurn() {  // the caller's lock is held: every call path keeps mu_ locked on exit
    line_.remove(id_);
    q_.changed_.notify_all();
  }
  bool first() const { return line_.front() == id_; }

 private:
  QueueResource& q_;
  std::list<uint64_t>& line_;
  uint64_t id_;
};

template <typename Ready>
void QueueResource::wait(std::unique_lock<std::mutex>& lock, const RunControl* control, Ready ready) {
  PollTimer poll(control);
  while (true) {
    if (session_closed_) fail(Code::Cancelled, std::string(kind_name()) + " '" + name_ + "': the session was closed");
    if (ready()) return;
    changed_.wait_for(lock, std::chrono::milliseconds(20));
    lock.unlock();
    try {
      poll.tick();  // Ctrl-C or a cancelled run; takes the GIL, so never under mu_
    } catch (...) {
      lock.lock();
      throw;
    }
    lock.lock();
  }
}

void QueueResource::enqueue(std::vector<Element> elements, const RunControl* control) {
  std::unique_lock<std::mutex> lock(mu_);
  if (session_closed_) fail(Code::Cancelled, "Session has been closed.");
  if (closed_) fail(Code::Cancelled, std::string(kind_name()) + " '" + name_ + "' is closed.");
  QueueTurn turn(*this, enqueue_turns_);
  size_t next = 0;
  while (next < elements.size()) {
    wait(lock, control, [&] {
      return cancel_enqueues_ || (turn.first() && (capacity_ < 0 || static_cast<int64_t>(elements_.size()) < capacity_));
    });
    if (cancel_enqueues_) fail(Code::Cancelled, "Enqueue operation was cancelled");
    while (next < elements.size() && (capacity_ < 0 || static_cast<int64_t>(elements_.size()) < capacity_))
      elements_.push_back(std::move(elements[next++]));
    changed_.notify_all();
  }
}

Element QueueResource::take_one() {
  Element e;
  if (kind_ == Kind::RandomShuffle) {
    std::uniform_int_distribution<size_t> pick(0, elements_.size() - 1);
    size_t i = pick(rng_);
    std::swap(elements_[i], elements_.back());
    e = std::move(elements_.back());
    elements_.pop_back();
  } else {
    e = std::move(elements_.front());
    elements_.pop_front();
  }
  return e;
}

void QueueResource::restore(std::vector<Element>& taken) {
  if (kind_ == Kind::RandomShuffle) {
    for (auto& e : taken) elements_.push_back(std::move(e));
  } else {
    for (auto it = taken.rbegin(); it != taken.rend(); ++it) elements_.push_front(std::move(*it));
  }
  taken.clear();
}

std::vector<Element> QueueResource::dequeue(int64_t n, bool up_to, const RunControl* control) {
  std::unique_lock<std::mutex> lock(mu_);
  if (session_closed_) fail(Code::Cancelled, "Session has been closed.");
  QueueTurn turn(*this, dequeue_turns_);
  std::vector<Element> taken;
  // A RandomShuffleQueue keeps min_after_dequeue elements to mix with, until it is closed.
  auto available = [&] {
    int64_t keep = kind_ == Kind::RandomShuffle && !closed_ ? min_after_dequeue_ : 0;
    return static_cast<int64_t>(elements_.size()) > keep;
  };
  try {
    while (static_cast<int64_t>(taken.size()) < n) {
      wait(lock, control, [&] { return turn.first() && (available() || closed_); });
      if (!available()) {  // closed, with too few
        if (up_to && !taken.empty()) break;
        const int64_t have = static_cast<int64_t>(elements_.size() + taken.size());
        restore(taken);
        fail(Code::OutOfRange, std::string(kind_name()) + " '" + name_ + "' is closed and has insufficient elements "
                               "(requested " + std::to_string(n) + ", current size " + std::to_string(have) + ")");
      }
      while (static_cast<int64_t>(taken.size()) < n && available()) taken.push_back(take_one());
      changed_.notify_all();
    }
  } catch (const EngineError& e) {
    if (e.code != Code::OutOfRange) restore(taken);  // interrupted: the elements stay queued
    throw;
  } catch (...) {
    restore(taken);
    throw;
  }
  return taken;
}

void QueueResource::close_queue(bool cancel_pending_enqueues) {
  std::lock_guard<std::mutex> lock(mu_);
  closed_ = true;
  if (cancel_pending_enqueues) cancel_enqueues_ = true;
  changed_.notify_all();
}

int64_t QueueResource::size() {
  std::lock_guard<std::mutex> lock(mu_);
  return static_cast<int64_t>(elements_.size());
}

bool QueueResource::is_closed() {
  std::lock_guard<std::mutex> lock(mu_);
  return closed_;
}

void QueueResource::close() {
  std::lock_guard<std::mutex> lock(mu_);
  session_closed_ = true;
  closed_ = true;
  changed_.notify_all();
}

std::shared_ptr<QueueResource> QueueLookup::get(SessionState& state, const Tensor& handle, const Node& node) {
  if (handle.dtype() != DType::String || handle.size() != 1)
    invalid_argument("'" + node.name + "' needs a queue handle (a string scalar), got " + dtype_name(handle.dtype()) +
                     shape_str(handle.shape()));
  const std::string& name = handle.strings()[0];
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (last_ && name == last_name_) return last_;
  }
  auto r = state.resource(name, []() -> std::shared_ptr<Resource> {
    fail(Code::NotFound, "the queue was not created in this session (run its queue op first)");
  });
  auto q = std::dynamic_pointer_cast<QueueResource>(r);
  if (!q) invalid_argument("'" + node.name + "' was given the handle of '" + name + "', which is not a queue");
  std::lock_guard<std::mutex> lock(mu_);
  last_name_ = name;
  last_ = q;
  return q;
}

}  // namespace jf

// TF1's input queues (tf.FIFOQueue, tf.RandomShuffleQueue, tf.PaddingFIFOQueue) as session
// resources. A queue holds tuples of tensors ("elements"); enqueue waits while it is full,
// dequeue while it has too few elements, each waiting with the mutex released and waking every
// 20 ms to notice Ctrl-C, a cancelled run or the session closing, so a notebook never hangs.
// Readers (readers.cc) dequeue their file names from one through the same calls.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <list>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "../kernel.h"

namespace jf {

using Element = std::vector<Tensor>;  // one tensor per component

// A component's declared shape: rank -1 when unknown, a dim -1 when unknown.
struct ComponentShape {
  int rank = -1;
  Shape dims;
  bool compatible(const Shape& s) const;
  bool fully_defined() const;
  std::string str() const;
};

class QueueResource : public Resource {
 public:
  enum class Kind { Fifo, RandomShuffle, Padding };
  QueueResource(Kind kind, std::string name, std::vector<DType> dtypes, std::vector<ComponentShape> shapes,
                int64_t capacity, int64_t min_after_dequeue, uint64_t seed);

  // Appends the elements in order, waiting for room; Cancelled once the queue is closed (before
  // it starts) or closed with cancel_pending_enqueues (while it waits).
  void enqueue(std::vector<Element> elements, const RunControl* control);
  // Takes n elements (FIFO order, or random ones for a RandomShuffleQueue), waiting for them.
  // A closed queue with fewer gives OutOfRange and keeps its elements, unless `up_to` and at
  // least one was taken.
  std::vector<Element> dequeue(int64_t n, bool up_to, const RunControl* control);
  void close_queue(bool cancel_pending_enqueues);
  int64_t size();
  bool is_closed();
  void close() override;  // Session.close: every waiting call fails with Cancelled

  const std::string& name() const { return name_; }
  const char* kind_name() const;
  Kind kind() const { return kind_; }
  const std::vector<DType>& dtypes() const { return dtypes_; }
  const std::vector<ComponentShape>& shapes() const { return shapes_; }
  bool same_spec(Kind kind, const std::vector<DType>& dtypes) const { return kind == kind_ && dtypes == dtypes_; }

 private:
  // Waits on `changed_` until ready() (called under the lock), polling between waits. Leaves the
  // lock held, also when it throws.
  template <typename Ready>
  void wait(std::unique_lock<std::mutex>& lock, const RunControl* control, Ready ready);
  void restore(std::vector<Element>& taken);
  Element take_one();

  const Kind kind_;
  const std::string name_;
  const std::vector<DType> dtypes_;
  const std::vector<ComponentShape> shapes_;  // empty: shapes not given
  const int64_t capacity_;  // < 0: unbounded
  const int64_t min_after_dequeue_;
  std::mt19937_64 rng_;

  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<Element> elements_;
  bool closed_ = false, cancel_enqueues_ = false, session_closed_ = false;
  // Waiting calls are served in arrival order (TF's queues keep their attempts in order): an
  // enqueue_many stays contiguous and batches keep FIFO order across threads.
  std::list<uint64_t> enqueue_turns_, dequeue_turns_;
  uint64_t next_turn_ = 0;
  friend class QueueTurn;
};

// The queue a handle (a string scalar, the queue op's output) names in this session; kernels
// keep the last one looked up.
class QueueLookup {
 public:
  std::shared_ptr<QueueResource> get(SessionState& state, const Tensor& handle, const Node& node);

 private:
  std::mutex mu_;
  std::string last_name_;
  std::shared_ptr<QueueResource> last_;
};

// Element i (along dim 0) of `t`, copied.
Tensor row_of(const Tensor& t, int64_t i);

}  // namespace jf

"""TF1's queue-based input pipeline: input producers (a queue of file names, indices or slices,
refilled each epoch by a queue runner) and batching (a queue that gathers examples into batches).

>>> filename_queue = tf.train.string_input_producer(["a.csv", "b.csv"], num_epochs=5)
>>> key, line = tf.TextLineReader().read(filename_queue)
>>> x, y = tf.decode_csv(line, [[0.0], [0.0]])
>>> x_batch, y_batch = tf.train.shuffle_batch([x, y], batch_size=32, capacity=200, min_after_dequeue=100)
"""
from ..framework import dtypes
from ..framework.graph import GraphKeys, Tensor, control_dependencies, name_scope
from ..framework.tensor_shape import TensorShape, as_shape
from ..ops import queue_ops
from ..ops.array_ops import identity
from ..ops.check_ops import Assert
from ..ops.constant_op import constant, convert_to_tensor
from ..ops.indexing_ops import gather
from ..ops.math_ops import cast, greater, maximum
from ..ops.random_sampling_ops import random_shuffle
from ..ops.sequence_ops import range as _range
from ..ops.shape_ops import shape as _shape, size as _size
from ..ops.summary_ops import scalar as _summary_scalar
from ..ops.variables import Variable
from .queue_runner import QueueRunner, add_queue_runner


def limit_epochs(tensor, num_epochs=None, name=None):
    """`tensor`, which raises OutOfRangeError after being evaluated `num_epochs` times (counted in a
    local variable: run tf.local_variables_initializer() first).

    >>> names = tf.train.limit_epochs(tf.constant(["a", "b"]), num_epochs=2)
    """
    if num_epochs is None:
        return tensor
    if num_epochs <= 0:
        raise ValueError(f"num_epochs must be > 0 not {num_epochs}.")
    with name_scope(name, "limit_epochs", [tensor]) as scope:
        zero64 = constant(0, dtype=dtypes.int64)
        epochs = Variable(zero64, name="epochs", trainable=False, collections=[GraphKeys.LOCAL_VARIABLES])
        counter = epochs.count_up_to(num_epochs)
        with control_dependencies([counter]):
            return identity(tensor, name=scope)


def input_producer(input_tensor, element_shape=None, num_epochs=None, shuffle=True, seed=None, capacity=32,
                   shared_name=None, summary_name=None, name=None, cancel_op=None):
    """A FIFOQueue refilled with the rows of `input_tensor` (shuffled each epoch unless
    shuffle=False) by a queue runner, for `num_epochs` epochs (forever when None).

    >>> q = tf.train.input_producer(tf.constant([[1, 2], [3, 4]]), shuffle=False)
    """
    with name_scope(name, "input_producer", [input_tensor]):
        input_tensor = convert_to_tensor(input_tensor, name="input_tensor")
        element_shape = input_tensor.shape[1:].merge_with(as_shape(element_shape) if element_shape is not None
                                                          else TensorShape(None))
        if not element_shape.is_fully_defined():
            raise ValueError("Either `input_tensor` must have a fully defined shape or `element_shape` must be "
                             "specified")
        if shuffle:
            input_tensor = random_shuffle(input_tensor, seed=seed)
        input_tensor = limit_epochs(input_tensor, num_epochs)
        q = queue_ops.FIFOQueue(capacity=capacity, dtypes=[input_tensor.dtype.base_dtype], shapes=[element_shape],
                                shared_name=shared_name, name=name)
        enq = q.enqueue_many([input_tensor])
        add_queue_runner(QueueRunner(q, [enq], cancel_op=cancel_op))
        if summary_name is not None:
            _summary_scalar(summary_name, cast(q.size(), dtypes.float32) * (1.0 / capacity))
        return q


def string_input_producer(string_tensor, num_epochs=None, shuffle=True, seed=None, capacity=32, shared_name=None,
                          name=None, cancel_op=None):
    """A queue of file names (shuffled each epoch unless shuffle=False) for a reader.

    >>> filename_queue = tf.train.string_input_producer(["data.csv"], num_epochs=10, shuffle=False)
    """
    not_null_err = "string_input_producer requires a non-null input tensor"
    if not isinstance(string_tensor, Tensor) and not string_tensor:
        raise ValueError(not_null_err)
    with name_scope(name, "input_producer", [string_tensor]) as scope:
        string_tensor = convert_to_tensor(string_tensor, dtype=dtypes.string)
        with control_dependencies([Assert(greater(_size(string_tensor), 0), [not_null_err])]):
            string_tensor = identity(string_tensor)
        return input_producer(input_tensor=string_tensor, num_epochs=num_epochs, shuffle=shuffle, seed=seed,
                              capacity=capacity, shared_name=shared_name, name=scope,
                              summary_name=f"fraction_of_{capacity}_full", cancel_op=cancel_op)


def range_input_producer(limit, num_epochs=None, shuffle=True, seed=None, capacity=32, shared_name=None, name=None):
    """A queue of the integers 0 .. limit-1 (shuffled each epoch unless shuffle=False).

    >>> index = tf.train.range_input_producer(10, shuffle=False).dequeue()
    """
    with name_scope(name, "input_producer", [limit]) as scope:
        range_tensor = _range(limit)
        return input_producer(range_tensor, [], num_epochs, shuffle, seed, capacity, shared_name,
                              f"fraction_of_{capacity}_full", scope)


def slice_input_producer(tensor_list, num_epochs=None, shuffle=True, seed=None, capacity=32, shared_name=None,
                         name=None):
    """One row of each tensor (the same row of all), a new row per run.

    >>> image, label = tf.train.slice_input_producer([images, labels], shuffle=False)
    """
    with name_scope(name, "input_producer", tensor_list):
        tensor_list = [convert_to_tensor(t) for t in tensor_list]
        if not tensor_list:
            raise ValueError("Expected at least one tensor in slice_input_producer().")
        range_size = _shape(tensor_list[0])[0]
        queue = range_input_producer(range_size, num_epochs=num_epochs, shuffle=shuffle, seed=seed,
                                     capacity=capacity, shared_name=shared_name)
        index = queue.dequeue()
        return [gather(t, index) for t in tensor_list]


# ----- batching -------------------------------------------------------------------------------------
def _as_tensor_list(tensors):
    if isinstance(tensors, dict):
        return [tensors[k] for k in sorted(tensors, key=str)]
    return list(tensors) if isinstance(tensors, (list, tuple)) else [tensors]


def _as_original_type(tensors, dequeued):
    """The batch in the structure given: a dict for a dict; otherwise as the queue dequeues it (TF1
    returns a lone tensor, not a list, for a list of one tensor)."""
    if isinstance(tensors, dict):
        if not isinstance(dequeued, list):
            dequeued = [dequeued]
        return dict(zip(sorted(tensors, key=str), dequeued))
    return dequeued


def _validate(tensor_list):
    tensor_list = [convert_to_tensor(t) for t in tensor_list]
    if not tensor_list:
        raise ValueError("Expected at least one tensor in batch().")
    return tensor_list


def _dtypes(tensor_list_list):
    types = [t.dtype.base_dtype for t in tensor_list_list[0]]
    for other in tensor_list_list[1:]:
        if [t.dtype.base_dtype for t in other] != types:
            raise TypeError(f"Expected types to be consistent: {types} vs. {[t.dtype for t in other]}.")
    return types


def _shapes(tensor_list_list, shapes, enqueue_many):
    if shapes is None:
        n = len(tensor_list_list[0])
        shapes = [TensorShape(None)] * n
        for tl in tensor_list_list:
            for i in range(n):
                s = tl[i].shape
                if enqueue_many:
                    s = queue_ops.element_shape_of_many(tl[i], "batch")
                shapes[i] = shapes[i].merge_with(s)
    return [as_shape(s) for s in shapes]


def _which_queue(dynamic_pad):
    return queue_ops.PaddingFIFOQueue if dynamic_pad else queue_ops.FIFOQueue


def _enqueue(queue, tensor_list, threads, enqueue_many):
    fn = queue.enqueue_many if enqueue_many else queue.enqueue
    add_queue_runner(QueueRunner(queue, [fn(tensor_list)] * threads))


def _enqueue_join(queue, tensor_list_list, enqueue_many):
    fn = queue.enqueue_many if enqueue_many else queue.enqueue
    add_queue_runner(QueueRunner(queue, [fn(tl) for tl in tensor_list_list]))


def _dequeue(queue, batch_size, allow_smaller_final_batch, name):
    if allow_smaller_final_batch:
        return queue.dequeue_up_to(batch_size, name=name)
    return queue.dequeue_many(batch_size, name=name)


def _check_shapes_defined(shapes, dynamic_pad):
    if not dynamic_pad and any(not s.is_fully_defined() for s in shapes):
        raise ValueError(f"All shapes must be fully defined: {shapes}")


def batch(tensors, batch_size, num_threads=1, capacity=32, enqueue_many=False, shapes=None, dynamic_pad=False,
          allow_smaller_final_batch=False, shared_name=None, name=None):
    """Batches of `batch_size` examples, gathered by `num_threads` queue-runner threads into a
    FIFOQueue (a PaddingFIFOQueue with dynamic_pad). With allow_smaller_final_batch the last,
    smaller batch is returned before OutOfRangeError.

    >>> x_batch, y_batch = tf.train.batch([x, y], batch_size=32)
    """
    tensor_list = _as_tensor_list(tensors)
    with name_scope(name, "batch", tensor_list) as scope:
        tensor_list = _validate(tensor_list)
        types = _dtypes([tensor_list])
        shapes = _shapes([tensor_list], shapes, enqueue_many)
        _check_shapes_defined(shapes, dynamic_pad)
        queue = _which_queue(dynamic_pad)(capacity=capacity, dtypes=types, shapes=shapes, shared_name=shared_name)
        _enqueue(queue, tensor_list, num_threads, enqueue_many)
        _summary_scalar(f"fraction_of_{capacity}_full", cast(queue.size(), dtypes.float32) * (1.0 / capacity))
        return _as_original_type(tensors, _dequeue(queue, batch_size, allow_smaller_final_batch, scope))


def batch_join(tensors_list, batch_size, capacity=32, enqueue_many=False, shapes=None, dynamic_pad=False,
               allow_smaller_final_batch=False, shared_name=None, name=None):
    """As batch, but from several lists of tensors (one queue-runner thread each), e.g. one reader
    per file.

    >>> x_batch, y_batch = tf.train.batch_join([[x1, y1], [x2, y2]], batch_size=32)
    """
    tensor_list_list = [_as_tensor_list(t) for t in tensors_list]
    with name_scope(name, "batch_join", [t for tl in tensor_list_list for t in tl]) as scope:
        tensor_list_list = [_validate(tl) for tl in tensor_list_list]
        types = _dtypes(tensor_list_list)
        shapes = _shapes(tensor_list_list, shapes, enqueue_many)
        _check_shapes_defined(shapes, dynamic_pad)
        queue = _which_queue(dynamic_pad)(capacity=capacity, dtypes=types, shapes=shapes, shared_name=shared_name)
        _enqueue_join(queue, tensor_list_list, enqueue_many)
        _summary_scalar(f"fraction_of_{capacity}_full", cast(queue.size(), dtypes.float32) * (1.0 / capacity))
        return _as_original_type(tensors_list[0], _dequeue(queue, batch_size, allow_smaller_final_batch, scope))


def _shuffle_queue(tensor_list_list, capacity, min_after_dequeue, seed, enqueue_many, shapes, shared_name):
    if capacity <= min_after_dequeue:
        raise ValueError(f"capacity {capacity} must be bigger than min_after_dequeue {min_after_dequeue}.")
    types = _dtypes(tensor_list_list)
    shapes = _shapes(tensor_list_list, shapes, enqueue_many)
    _check_shapes_defined(shapes, False)
    queue = queue_ops.RandomShuffleQueue(capacity=capacity, min_after_dequeue=min_after_dequeue, seed=seed,
                                         dtypes=types, shapes=shapes, shared_name=shared_name)
    return queue


def _shuffle_summary(queue, capacity, min_after_dequeue):
    full = cast(maximum(0, queue.size() - min_after_dequeue), dtypes.float32) * (1.0 / (capacity - min_after_dequeue))
    _summary_scalar(f"fraction_over_{min_after_dequeue}_of_{capacity - min_after_dequeue}_full", full)


def shuffle_batch(tensors, batch_size, capacity, min_after_dequeue, num_threads=1, seed=None, enqueue_many=False,
                  shapes=None, allow_smaller_final_batch=False, shared_name=None, name=None):
    """Batches of `batch_size` examples drawn at random from a RandomShuffleQueue that queue-runner
    threads keep above `min_after_dequeue` examples (until the input ends).

    >>> xb, yb = tf.train.shuffle_batch([x, y], batch_size=32, capacity=200, min_after_dequeue=100)
    """
    tensor_list = _as_tensor_list(tensors)
    with name_scope(name, "shuffle_batch", tensor_list) as scope:
        tensor_list = _validate(tensor_list)
        queue = _shuffle_queue([tensor_list], capacity, min_after_dequeue, seed, enqueue_many, shapes, shared_name)
        _enqueue(queue, tensor_list, num_threads, enqueue_many)
        _shuffle_summary(queue, capacity, min_after_dequeue)
        return _as_original_type(tensors, _dequeue(queue, batch_size, allow_smaller_final_batch, scope))


def shuffle_batch_join(tensors_list, batch_size, capacity, min_after_dequeue, seed=None, enqueue_many=False,
                       shapes=None, allow_smaller_final_batch=False, shared_name=None, name=None):
    """As shuffle_batch, from several lists of tensors (one queue-runner thread each).

    >>> xb, yb = tf.train.shuffle_batch_join([[x1, y1], [x2, y2]], 32, capacity=200, min_after_dequeue=100)
    """
    tensor_list_list = [_as_tensor_list(t) for t in tensors_list]
    with name_scope(name, "shuffle_batch_join", [t for tl in tensor_list_list for t in tl]) as scope:
        tensor_list_list = [_validate(tl) for tl in tensor_list_list]
        queue = _shuffle_queue(tensor_list_list, capacity, min_after_dequeue, seed, enqueue_many, shapes, shared_name)
        _enqueue_join(queue, tensor_list_list, enqueue_many)
        _shuffle_summary(queue, capacity, min_after_dequeue)
        return _as_original_type(tensors_list[0], _dequeue(queue, batch_size, allow_smaller_final_batch, scope))

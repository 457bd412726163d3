"""TF1's input queues: tf.FIFOQueue, tf.RandomShuffleQueue, tf.PaddingFIFOQueue.

A queue lives in the session (src_cpp/kernels/queue.cc): its op outputs a handle (a string scalar)
that the enqueue/dequeue/close/size ops take as input 0. A dequeue waits for elements and an
enqueue for room, releasing Python's GIL, so queue runner threads fill a queue while the main
thread trains from it; Ctrl-C, Session.close() and a closed queue end a wait.

>>> q = tf.FIFOQueue(capacity=3, dtypes=[tf.float32], shapes=[[2]])
>>> sess.run(q.enqueue_many([[[1., 2.], [3., 4.]]])); sess.run(q.dequeue())   # array([1., 2.])
"""
import hashlib

from ..framework import dtypes as _dtypes
from ..framework.graph import Tensor, get_default_graph, name_scope
from ..framework.op_def import define_op, not_differentiable
from ..framework.tensor_shape import TensorShape, as_shape
from .constant_op import convert_to_tensor
from .dataset_ops import encode_shapes

_HANDLE = [(_dtypes.string, TensorShape([]))]


def _queue_infer(inputs, attrs):
    return _HANDLE


def _check_handle(inputs, op_type):
    if not inputs or inputs[0]._dtype is not _dtypes.string:
        raise TypeError(f"{op_type}'s first input must be a queue handle (queue.queue_ref)")


def _enqueue_infer(inputs, attrs):
    _check_handle(inputs, "QueueEnqueueV2")
    return []


def _dequeue_infer(inputs, attrs):
    _check_handle(inputs, "QueueDequeueV2")
    types = [_dtypes.as_dtype(t) for t in attrs["component_types"]]
    return [(t, TensorShape(None)) for t in types]


def _scalar_of(dtype):
    def infer(inputs, attrs):
        _check_handle(inputs, "queue op")
        return [(dtype, TensorShape([]))]
    return infer


for _t in ("FIFOQueueV2", "RandomShuffleQueueV2", "PaddingFIFOQueueV2"):
    define_op(_t, infer=_queue_infer, stateful=True)
for _t in ("QueueEnqueueV2", "QueueEnqueueManyV2", "QueueCloseV2"):
    define_op(_t, infer=_enqueue_infer, stateful=True)
for _t in ("QueueDequeueV2", "QueueDequeueManyV2", "QueueDequeueUpToV2"):
    define_op(_t, infer=_dequeue_infer, stateful=True)
define_op("QueueSizeV2", infer=_scalar_of(_dtypes.int32), stateful=True)
define_op("QueueIsClosedV2", infer=_scalar_of(_dtypes.bool), stateful=True)
not_differentiable("FIFOQueueV2", "RandomShuffleQueueV2", "PaddingFIFOQueueV2", "QueueEnqueueV2",
                   "QueueEnqueueManyV2", "QueueCloseV2", "QueueDequeueV2", "QueueDequeueManyV2",
                   "QueueDequeueUpToV2", "QueueSizeV2", "QueueIsClosedV2")


def _as_type_list(dtypes):
    if isinstance(dtypes, (list, tuple)):
        return [_dtypes.as_dtype(d) for d in dtypes]
    return [_dtypes.as_dtype(dtypes)]


def _as_shape_list(shapes, unknown_dim_allowed=False):
    """TF1's reading of a queue's shapes: None, one shape, or one shape per component."""
    if unknown_dim_allowed and (not isinstance(shapes, (list, tuple)) or not shapes
                                or any(s is None or isinstance(s, int) for s in shapes)):
        raise ValueError("When providing partial shapes, a list of shapes must be provided.")
    if shapes is None:
        return None
    if isinstance(shapes, TensorShape):
        shapes = [shapes]
    if not isinstance(shapes, (list, tuple)):
        raise TypeError(f"Shapes must be a TensorShape or a list or tuple of TensorShapes, got {type(shapes)} instead.")
    if all(s is None or isinstance(s, int) for s in shapes):
        shapes = [shapes]  # a single shape
    shapes = [as_shape(s) for s in shapes]
    if not unknown_dim_allowed and any(not s.is_fully_defined() for s in shapes):
        raise ValueError(f"All shapes must be fully defined: {shapes}")
    if any(s.ndims is None for s in shapes):
        raise ValueError(f"All shapes must have a defined rank: {shapes}")
    return shapes


class QueueBase:
    """The operations every TF1 queue has: enqueue, enqueue_many, dequeue, dequeue_many,
    dequeue_up_to, close, size, is_closed.

    >>> q = tf.FIFOQueue(10, tf.int32); enq = q.enqueue(7); x = q.dequeue()
    """

    def __init__(self, dtypes, shapes, names, queue_ref):
        if shapes is not None and len(shapes) != len(dtypes):
            raise ValueError("Queue shapes must have the same length as dtypes")
        self._dtypes = dtypes
        self._shapes = shapes if shapes is not None else [TensorShape(None)] * len(dtypes)
        self._names = names
        self._queue_ref = queue_ref
        self._name = queue_ref.op.name.split("/")[-1]

    @property
    def queue_ref(self):
        return self._queue_ref

    @property
    def name(self):
        return self._queue_ref.op.name

    @property
    def dtypes(self):
        return self._dtypes

    @property
    def shapes(self):
        return self._shapes

    @property
    def names(self):
        return self._names

    def _check_enqueue_dtypes(self, vals):
        """The values as a list of tensors, one per component (a dict when the queue has names)."""
        if isinstance(vals, dict):
            if not self._names:
                raise ValueError("Queue must have names to enqueue a dictionary")
            if sorted(self._names, key=str) != sorted(vals.keys(), key=str):
                raise ValueError(f"Keys in dictionary to enqueue do not match names of Queue.  Dictionary: "
                                 f"{sorted(vals.keys())}, Queue: {sorted(self._names)}")
            vals = [vals[k] for k in self._names]
        else:
            if self._names:
                raise ValueError("You must enqueue a dictionary in a Queue with names")
            if not isinstance(vals, (list, tuple)):
                vals = [vals]
        if len(vals) != len(self._dtypes):
            raise ValueError(f"Expected {len(self._dtypes)} components to enqueue into '{self.name}', "
                             f"got {len(vals)}")
        return [convert_to_tensor(v, dtype=dt, name=f"component_{i}") for i, (v, dt) in
                enumerate(zip(vals, self._dtypes))]

    def _enqueue_op(self, op_type, vals, name, default):
        g = self._queue_ref.graph
        with g.as_default(), name_scope(name, default) as scope:
            vals = self._check_enqueue_dtypes(vals)
            for i, (v, shape) in enumerate(zip(vals, self._shapes)):
                element = v._shape if op_type == "QueueEnqueueV2" else element_shape_of_many(v, self.name)
                if not element.is_compatible_with(shape):
                    raise ValueError(f"Shapes {element} and {shape} are incompatible (component {i} enqueued "
                                     f"into '{self.name}')")
            return g.create_op(op_type, (self._queue_ref, *vals), {}, scope)

    def enqueue(self, vals, name=None):
        """An op adding one element (a tensor, or a list/tuple/dict of one per component).

        >>> sess.run(q.enqueue([1.0]))
        """
        return self._enqueue_op("QueueEnqueueV2", vals, name, f"{self._name}_enqueue")

    def enqueue_many(self, vals, name=None):
        """An op adding the elements listed along dimension 0 of each component.

        >>> sess.run(q.enqueue_many([[1.0, 2.0, 3.0]]))   # three elements
        """
        return self._enqueue_op("QueueEnqueueManyV2", vals, name, f"{self._name}_EnqueueMany")

    def _dequeue_return_value(self, tensors):
        if self._names:
            return dict(zip(self._names, tensors))
        if len(tensors) == 1:
            return tensors[0]
        return list(tensors)

    def _dequeue_op(self, op_type, inputs, name, batch_dim):
        g = self._queue_ref.graph
        with g.as_default():
            op = g.create_op(op_type, (self._queue_ref, *inputs), {"component_types": list(self._dtypes)}, name)
        for t, shape in zip(op._outputs, self._shapes):
            t.set_shape(shape if batch_dim is False else TensorShape([batch_dim]).concatenate(shape))
        return self._dequeue_return_value(op._outputs)

    def dequeue(self, name=None):
        """The next element, waiting for one; OutOfRangeError once the queue is closed and empty.

        >>> x = q.dequeue(); sess.run(x)
        """
        return self._dequeue_op("QueueDequeueV2", (), name or f"{self._name}_Dequeue", False)

    def dequeue_many(self, n, name=None):
        """The next `n` elements stacked along a new dimension 0; OutOfRangeError once the queue is
        closed with fewer than `n`.

        >>> batch = q.dequeue_many(32)
        """
        with self._queue_ref.graph.as_default():
            n_t = convert_to_tensor(n, dtype=_dtypes.int32, name="n") if not isinstance(n, Tensor) else n
        known = n if isinstance(n, int) else _constant_int(n_t)
        return self._dequeue_op("QueueDequeueManyV2", (n_t,), name or f"{self._name}_DequeueMany", known)

    def dequeue_up_to(self, n, name=None):
        """As dequeue_many, but a closed queue gives its last (smaller) batch first.

        >>> batch = q.dequeue_up_to(32)
        """
        with self._queue_ref.graph.as_default():
            n_t = convert_to_tensor(n, dtype=_dtypes.int32, name="n") if not isinstance(n, Tensor) else n
        return self._dequeue_op("QueueDequeueUpToV2", (n_t,), name or f"{self._name}_DequeueUpTo", None)

    def close(self, cancel_pending_enqueues=False, name=None):
        """An op closing the queue: later enqueues fail, dequeues drain what is left, then fail
        with OutOfRangeError; with cancel_pending_enqueues, waiting enqueues fail at once.

        >>> sess.run(q.close())
        """
        g = self._queue_ref.graph
        with g.as_default():
            return g.create_op("QueueCloseV2", (self._queue_ref,),
                               {"cancel_pending_enqueues": bool(cancel_pending_enqueues)}, name or f"{self._name}_Close")

    def is_closed(self, name=None):
        """A bool scalar: whether the queue was closed."""
        g = self._queue_ref.graph
        with g.as_default():
            return g.create_op("QueueIsClosedV2", (self._queue_ref,), {}, name or f"{self._name}_Is_Closed")._outputs[0]

    def size(self, name=None):
        """An int32 scalar: the number of elements in the queue."""
        g = self._queue_ref.graph
        with g.as_default():
            return g.create_op("QueueSizeV2", (self._queue_ref,), {}, name or f"{self._name}_Size")._outputs[0]


def element_shape_of_many(t, what):
    """The shape of one element of `t` enqueued with enqueue_many (its dimension 0 lists them)."""
    shape = t._shape
    if shape.ndims is None:
        return TensorShape(None)
    if shape.ndims == 0:
        raise ValueError(f"Shape () must have rank at least 1: enqueue_many into '{what}' needs '{t.name}' to list "
                         f"the elements along its first dimension")
    return shape[1:]


def _constant_int(t):
    if t.op.type == "Const":
        v = t.op.get_attr("value")
        try:
            return int(v)
        except (TypeError, ValueError):
            return None
    return None


def _make_queue(op_type, dtypes, shapes, names, shared_name, name, extra):
    if names is not None:
        names = list(names) if isinstance(names, (list, tuple)) else [names]
        if len(names) != len(dtypes):
            raise ValueError("Queue names must have the same length as dtypes")
    g = get_default_graph()
    attrs = {"component_types": dtypes, "shapes": encode_shapes(shapes) if shapes is not None else [],
             "shared_name": shared_name or "", **extra}
    with g.control_dependencies(None):  # TF1's init_scope: a queue never waits for the ops around it
        ref = g.create_op(op_type, (), attrs, name)._outputs[0]
    return ref, names


class FIFOQueue(QueueBase):
    """A queue handing out elements in the order they were enqueued.

    >>> q = tf.FIFOQueue(capacity=32, dtypes=[tf.float32, tf.int32], shapes=[[3], []])
    """

    def __init__(self, capacity, dtypes, shapes=None, names=None, shared_name=None, name="fifo_queue"):
        dtypes = _as_type_list(dtypes)
        shapes = _as_shape_list(shapes)
        ref, names = _make_queue("FIFOQueueV2", dtypes, shapes, names, shared_name, name, {"capacity": int(capacity)})
        super().__init__(dtypes, shapes, names, ref)


class PaddingFIFOQueue(QueueBase):
    """A FIFOQueue whose dequeue_many pads each component to the largest size in the batch
    (unknown dimensions are given as None).

    >>> q = tf.PaddingFIFOQueue(10, [tf.int32], shapes=[[None]])
    """

    def __init__(self, capacity, dtypes, shapes, names=None, shared_name=None, name="padding_fifo_queue"):
        dtypes = _as_type_list(dtypes)
        shapes = _as_shape_list(shapes, unknown_dim_allowed=True)
        if len(shapes) != len(dtypes):
            raise ValueError(f"Shapes must be provided for all components, but received {len(dtypes)} dtypes and "
                             f"{0 if shapes is None else len(shapes)} shapes.")
        ref, names = _make_queue("PaddingFIFOQueueV2", dtypes, shapes, names, shared_name, name,
                                 {"capacity": int(capacity)})
        super().__init__(dtypes, shapes, names, ref)


class RandomShuffleQueue(QueueBase):
    """A queue handing out its elements in random order, keeping at least `min_after_dequeue`
    of them to mix with until it is closed.

    >>> q = tf.RandomShuffleQueue(capacity=100, min_after_dequeue=20, dtypes=[tf.float32], shapes=[[]])
    """

    def __init__(self, capacity, min_after_dequeue, dtypes, shapes=None, names=None, seed=None, shared_name=None,
                 name="random_shuffle_queue"):
        from .random_ops import get_seed
        dtypes = _as_type_list(dtypes)
        shapes = _as_shape_list(shapes)
        seed1, seed2 = get_seed(seed)
        if seed1 is None and seed2 is None:
            seed1, seed2 = 0, 0
        elif seed is None and shared_name is not None:
            # Sharing: the same graph seed must give every sharer the same op seed (TF1's rule).
            seed2 = int(hashlib.md5((str(seed1) + shared_name).encode("utf-8")).hexdigest()[:8], 16) & 0x7FFFFFFF
        ref, names = _make_queue("RandomShuffleQueueV2", dtypes, shapes, names, shared_name, name,
                                 {"capacity": int(capacity), "min_after_dequeue": int(min_after_dequeue),
                                  "seed": int(seed1), "seed2": int(seed2)})
        super().__init__(dtypes, shapes, names, ref)


__all__ = ["FIFOQueue", "PaddingFIFOQueue", "QueueBase", "RandomShuffleQueue"]

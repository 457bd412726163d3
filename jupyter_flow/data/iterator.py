"""TF1's iterators: one-shot, initializable, reinitializable (from_structure) and feedable
(from_string_handle). An iterator is a resource of the session named by its handle; get_next()
is an op whose every run yields the next element (tf.errors.OutOfRangeError at the end; the
session stays usable, and an initializer run starts a new pass).

>>> it = ds.make_initializable_iterator(); x = it.get_next()
>>> sess.run(it.initializer, feed_dict={n: 10})
>>> while True:
...     try: sess.run(x)
...     except tf.errors.OutOfRangeError: break
"""
import uuid

from ..framework import dtypes, nest
from ..framework.graph import get_default_graph
from ..ops.constant_op import convert_to_tensor
from ..ops.dataset_ops import encode_shapes
from . import structure as st
from .dataset import pipeline_scope
from .spec import encode


def _placeholder_in(tensors):
    """The first Placeholder the tensors depend on, or None (a one-shot iterator cannot be fed)."""
    seen, stack = set(), [t.op for t in tensors]
    while stack:
        op = stack.pop()
        if op in seen:
            continue
        seen.add(op)
        if op.type == "Placeholder":
            return op
        stack.extend(t.op for t in op.inputs)
    return None


class Iterator(st.HasElementStructure):
    """tf.data.Iterator: `get_next()`, `initializer`, `make_initializer(ds)`, `string_handle()`."""

    def __init__(self, handle, structure, initializer=None):
        self._handle = handle
        self._structure = structure
        self._initializer = initializer

    @classmethod
    def _one_shot(cls, dataset):
        attrs, params = encode(dataset)
        ph = _placeholder_in(params)
        if ph is not None:
            raise ValueError(f"Cannot capture a placeholder (name:{ph.name}, type:Placeholder) by value: a one-shot "
                             f"iterator has no initializer to feed it. Use dataset.make_initializable_iterator() and "
                             f"feed '{ph.name}' when running its initializer.")
        g = get_default_graph()
        attrs["shared_name"] = "one_shot_" + uuid.uuid4().hex
        with pipeline_scope(g):
            handle = g.create_op("OneShotIterator", tuple(params), attrs, "OneShotIterator")._outputs[0]
        return cls(handle, dataset._structure)

    @classmethod
    def _initializable(cls, dataset, shared_name=None):
        it = cls._with_structure(dataset._structure, shared_name, "Iterator")
        it._initializer = it.make_initializer(dataset)
        return it

    @classmethod
    def _with_structure(cls, structure, shared_name, name):
        g = get_default_graph()
        with pipeline_scope(g):
            handle = g.create_op("Iterator", (), {"shared_name": shared_name or "iterator_" + uuid.uuid4().hex},
                                 name)._outputs[0]
        return cls(handle, structure)

    @staticmethod
    def from_structure(output_types, output_shapes=None, shared_name=None, output_classes=None):
        """An iterator for any dataset of that structure, started by `make_initializer(ds)`.

        >>> it = tf.data.Iterator.from_structure(train.output_types, train.output_shapes)
        >>> train_init, test_init = it.make_initializer(train), it.make_initializer(test)
        """
        return Iterator._with_structure(st.from_types_and_shapes(output_types, output_shapes), shared_name, "Iterator")

    @staticmethod
    def from_string_handle(string_handle, output_types, output_shapes=None, output_classes=None):
        """An iterator whose handle is a string tensor (feed it the `sess.run(it.string_handle())` of another)."""
        handle = convert_to_tensor(string_handle, dtype=dtypes.string)
        return Iterator(handle, st.from_types_and_shapes(output_types, output_shapes))

    @property
    def initializer(self):
        if self._initializer is None:
            raise ValueError("Iterator does not have an initializer: a one-shot iterator starts by itself, and an "
                             "iterator made by from_structure is started by make_initializer(dataset)")
        return self._initializer

    def make_initializer(self, dataset, name=None):
        """The op that starts a pass of this iterator over `dataset` (same structure)."""
        if not st.is_compatible(self._structure, dataset._structure):
            raise TypeError(f"Expected output types {st.types_of(self._structure)} and shapes "
                            f"{st.shapes_of(self._structure)} but got dataset with output types {dataset.output_types} "
                            f"and shapes {dataset.output_shapes}.")
        attrs, params = encode(dataset)
        g = get_default_graph()
        with pipeline_scope(g):
            return g.create_op("MakeIterator", (self._handle,) + tuple(params), attrs, name or "MakeIterator")

    def get_next(self, name=None):
        """The next element's structure of tensors; each run of them advances the iterator once."""
        flat = st.flat_specs(self._structure)
        attrs = {"output_types": [s.dtype for s in flat], "output_shapes": encode_shapes([s.shape for s in flat])}
        g = get_default_graph()
        with pipeline_scope(g):
            op = g.create_op("IteratorGetNext", (self._handle,), attrs, name or "IteratorGetNext")
        return nest.pack_sequence_as(self._structure, list(op.outputs))

    def string_handle(self, name=None):
        return self._handle


def make_one_shot_iterator(dataset):
    """tf.compat.v1.data.make_one_shot_iterator(ds)."""
    return dataset.make_one_shot_iterator()


def make_initializable_iterator(dataset, shared_name=None):
    """tf.compat.v1.data.make_initializable_iterator(ds)."""
    return dataset.make_initializable_iterator(shared_name)

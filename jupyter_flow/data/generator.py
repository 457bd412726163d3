"""Dataset.from_generator: the one source that calls Python. Each pass over the dataset starts
`generator(*args)`; each get_next asks it for one element under the GIL (the slow path: prefer
from_tensor_slices or a file dataset when the data can be described that way).

>>> ds = tf.data.Dataset.from_generator(lambda: iter(range(3)), tf.int64, tf.TensorShape([]))
"""
import itertools

import numpy as np

from .. import _engine
from ..framework import dtypes, nest
from ..framework.graph import Tensor
from . import structure as st
from .dataset import Dataset

_generators = {}  # id -> (callable, args, flat ComponentSpecs, structure); kept for the process's life
_instances = {}  # instance id -> Python iterator
_ids = itertools.count(1)


def _flatten_like(value, structure, name):
    if isinstance(structure, dict):
        if not isinstance(value, dict):
            raise TypeError(f"from_generator: '{name}' yielded {value!r}, expected a dict like {structure!r}")
        return [x for k in sorted(structure) for x in _flatten_like(value[k], structure[k], name)]
    if isinstance(structure, tuple):
        if not isinstance(value, (tuple, list)) or len(value) != len(structure):
            raise TypeError(f"from_generator: '{name}' yielded {value!r}, expected a tuple of {len(structure)} components")
        return [x for v, s in zip(value, structure) for x in _flatten_like(v, s, name)]
    return [value]


def _start(gen_id):
    fn, args, _, _ = _generators[gen_id]
    instance = next(_ids)
    _instances[instance] = iter(fn(*args))
    return instance


def _next(instance):
    it = _instances[instance]
    try:
        value = next(it)
    except StopIteration:
        return None
    return value


def _stop(instance):
    _instances.pop(instance, None)


class _Checked:
    """The generator's iterator, converting each yielded element to its declared arrays."""

    def __init__(self, it, specs, structure, name):
        self.it, self.specs, self.structure, self.name = it, specs, structure, name

    def __iter__(self):
        return self

    def __next__(self):
        value = next(self.it)
        out = []
        for v, s in zip(_flatten_like(value, self.structure, self.name), self.specs):
            a = np.asarray(v, dtype=object if s.dtype is dtypes.string else s.dtype.as_numpy_dtype)
            if not s.shape.is_compatible_with(a.shape):
                raise ValueError(f"from_generator: '{self.name}' yielded an element of shape {a.shape} where "
                                 f"output_shapes says {s.shape}")
            out.append(a)
        return out


_engine.set_generator_hooks(_start, _next, _stop)


def from_generator(generator, output_types, output_shapes=None, args=None):
    """Elements from a Python generator (called with `args`) each pass; output_types (and
    output_shapes) describe its elements' structure."""
    if not callable(generator):
        raise TypeError("from_generator: `generator` must be a callable returning an iterator (e.g. a generator function)")
    args = tuple(args or ())
    if any(isinstance(a, Tensor) for a in args):
        raise TypeError("from_generator: jupyter_flow passes `args` as Python values; evaluate tensors first")
    structure = st.from_types_and_shapes(output_types, output_shapes)
    specs = nest.flatten(structure)
    gen_id = next(_ids)
    name = getattr(generator, "__name__", "generator")
    _generators[gen_id] = (lambda *a: _Checked(iter(generator(*a)), specs, structure, name), args, specs, structure)
    return Dataset("Generator", [], [], structure, ints=[gen_id] + [s.dtype._enum for s in specs])


Dataset.from_generator = staticmethod(from_generator)

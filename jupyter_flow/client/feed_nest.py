"""Nested feed_dict keys, as TF1's Session.run takes them (its nest.flatten_dict_items, then
the SparseTensor feed expansion):

>>> state = cell.zero_state(1, tf.float32)                    # an LSTMStateTuple(c, h)
>>> sess.run(out, {state: (c_value, h_value)})                # key and value flattened side by side
>>> sess.run(dense, {sp: tf.SparseTensorValue(idx, vals, shape)})   # or an (idx, vals, shape) tuple

Session.run takes this path only when a feed key is neither a Tensor nor a name: the plan is
built once for the flattened keys, and each run flattens that run's values the same way.
"""
import collections.abc

from ..framework.sparse_tensor import SparseTensor


def needs_expansion(key):
    """True for the keys TF1 expands: tuples/namedtuples of keys and SparseTensors."""
    return isinstance(key, (tuple, SparseTensor))


def _is_sequence(x):
    """nest's notion of a structure: lists, tuples (named too) and mappings; not strings or arrays."""
    if isinstance(x, (str, bytes)):
        return False
    return isinstance(x, (collections.abc.Sequence, collections.abc.Mapping))


def flatten(structure):
    """The leaves of `structure` in nest's order (a mapping's values by sorted key)."""
    if not _is_sequence(structure):
        return [structure]
    if isinstance(structure, collections.abc.Mapping):
        items = [structure[k] for k in sorted(structure)]
    else:
        items = structure
    out = []
    for item in items:
        out.extend(flatten(item))
    return out


def _sparse_parts(key, value):
    """The (tensor, value) pairs feeding SparseTensor `key`: TF1 zips its three tensors with the value."""
    if not _is_sequence(value) or isinstance(value, collections.abc.Mapping) or len(value) != 3:
        raise ValueError(f"Feeding SparseTensor {key!r} needs a tf.SparseTensorValue or an (indices, values, "
                         f"dense_shape) tuple, got {value!r}.")
    return [(key.indices, value[0]), (key.values, value[1]), (key.dense_shape, value[2])]


class FeedExpansion:
    """How one signature's feed_dict keys flatten: `flat_keys` are the tensors (or names) to plan for;
    calling it with one run's values (in the original keys' order) returns the flat values in order."""

    def __init__(self, keys):
        self._steps = []  # per original key: ("leaf", None) | ("nested", flat key list) | ("sparse", key)
        self.flat_keys = []
        seen = set()

        def add(k):
            if k in seen:
                raise ValueError(f"Cannot flatten dict because this key is not unique: {k}")
            seen.add(k)
            self.flat_keys.append(k)

        for key in keys:
            if isinstance(key, SparseTensor):
                self._steps.append(("sparse", key))
                for part in (key.indices, key.values, key.dense_shape):
                    add(part)
            elif isinstance(key, tuple):
                leaves = flatten(key)
                self._steps.append(("nested", leaves))
                for leaf in leaves:
                    if isinstance(leaf, SparseTensor):
                        for part in (leaf.indices, leaf.values, leaf.dense_shape):
                            add(part)
                    else:
                        add(leaf)
            else:
                self._steps.append(("leaf", None))
                add(key)

    def __call__(self, values):
        flat = []
        for (kind, what), value in zip(self._steps, values):
            if kind == "leaf":
                flat.append(value)
            elif kind == "sparse":
                flat.extend(v for _, v in _sparse_parts(what, value))
            else:
                leaf_values = flatten(value)
                if len(leaf_values) != len(what):
                    raise ValueError(
                        f"Could not flatten dictionary. Key had {len(what)} elements, but value had "
                        f"{len(leaf_values)} elements. Key: {what!r}, value: {leaf_values!r}.")
                for k, v in zip(what, leaf_values):
                    if isinstance(k, SparseTensor):
                        flat.extend(part for _, part in _sparse_parts(k, v))
                    else:
                        flat.append(v)
        return flat

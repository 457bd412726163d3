"""Nested structures of tensors (tuples, lists, dicts, namedtuples such as LSTMStateTuple), as
tf.nest: the loop variables of tf.while_loop and the states of RNN cells are such structures.

>>> flatten(((a, b), [c]))                      # [a, b, c]
>>> pack_sequence_as(((0, 0), [0]), [x, y, z])  # ((x, y), [z])
"""


def _is_namedtuple(x):
    return isinstance(x, tuple) and hasattr(type(x), "_fields")


def is_sequence(x):
    """Whether `x` is a structure (tuple, list, dict) rather than one leaf."""
    return isinstance(x, (tuple, list, dict))


def _children(x):
    if isinstance(x, dict):
        return [x[k] for k in sorted(x)]
    return list(x)


def flatten(structure):
    """The leaves of `structure`, depth first (dicts in sorted key order)."""
    if not is_sequence(structure):
        return [structure]
    out = []
    for child in _children(structure):
        out.extend(flatten(child))
    return out


def _rebuild(template, children):
    if isinstance(template, dict):
        return type(template)(zip(sorted(template), children))
    if _is_namedtuple(template):
        return type(template)(*children)
    if isinstance(template, tuple):
        return tuple(children)
    return list(children)


def pack_sequence_as(structure, flat_sequence):
    """Leaves `flat_sequence` arranged as `structure`."""
    flat_sequence = list(flat_sequence)
    n = len(flatten(structure))
    if n != len(flat_sequence):
        raise ValueError(f"The structure has {n} leaves but {len(flat_sequence)} values were given: "
                         f"structure {structure!r}")

    def build(s, it):
        if not is_sequence(s):
            return next(it)
        return _rebuild(s, [build(c, it) for c in _children(s)])

    return build(structure, iter(flat_sequence))


def assert_same_structure(a, b, check_types=False):
    """ValueError unless `a` and `b` nest the same way."""
    def same(x, y):
        if is_sequence(x) != is_sequence(y):
            return False
        if not is_sequence(x):
            return True
        if isinstance(x, dict) != isinstance(y, dict):
            return False
        if check_types and type(x) is not type(y):
            return False
        cx, cy = _children(x), _children(y)
        return len(cx) == len(cy) and all(same(p, q) for p, q in zip(cx, cy))

    if not same(a, b):
        raise ValueError(f"The two structures don't have the same nested structure.\n\nFirst structure: {a!r}"
                         f"\n\nSecond structure: {b!r}")


def map_structure(fn, *structures):
    """`fn` applied leaf by leaf to structures of the same shape."""
    for s in structures[1:]:
        assert_same_structure(structures[0], s)
    flats = [flatten(s) for s in structures]
    return pack_sequence_as(structures[0], [fn(*leaves) for leaves in zip(*flats)])

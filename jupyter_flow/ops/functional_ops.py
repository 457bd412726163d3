"""tf.map_fn, tf.scan, tf.foldl and tf.foldr: tf.while_loop over TensorArrays (as TF1 builds them),
so they run in the engine and are differentiable."""
from ..framework import dtypes, nest
from ..framework.graph import get_default_graph
from .constant_op import convert_to_tensor
from .control_flow_loop import while_loop
from .tensor_array import TensorArray


def _leading_size(flat):
    from .indexing_ops import strided_slice
    from .shape_ops import shape
    first = flat[0]
    n = first.shape[0] if first.shape.ndims else None
    n = n.value if hasattr(n, "value") else n
    if n is not None:
        return convert_to_tensor(int(n), dtype=dtypes.int32), int(n)
    return strided_slice(shape(first), [0], [1], shrink_axis_mask=1), None


def _unstacked(flat):
    out = []
    for e in flat:
        if e.shape.ndims == 0:
            raise ValueError(f"Elements must be at least rank 1 (unstacking {e.name} of shape {e.shape})")
        out.append(TensorArray(e.dtype, size=_leading_size([e])[0], element_shape=e.shape[1:]
                               if e.shape.ndims is not None else None).unstack(e))
    return out


def _elements(elems):
    flat = [convert_to_tensor(e) for e in nest.flatten(elems)]
    if not flat:
        raise ValueError("elems must be a tensor or a non-empty structure of tensors")
    return flat


def map_fn(fn, elems, dtype=None, parallel_iterations=None, back_prop=True, swap_memory=False, infer_shape=True,
           name=None):
    """`fn` applied to each element of `elems` along axis 0, results stacked.

    >>> tf.map_fn(lambda x: x * x, tf.constant([1, 2, 3]))   # [1, 4, 9]
    """
    if not callable(fn):
        raise TypeError("fn must be callable.")
    g = get_default_graph()
    with g.name_scope(name or "map"):
        flat = _elements(elems)
        n, n_static = _leading_size(flat)
        tas = _unstacked(flat)
        out_dtypes = nest.flatten(dtype) if dtype is not None else [e.dtype for e in flat]
        out_tas = [TensorArray(dtypes.as_dtype(d), size=n, infer_shape=infer_shape) for d in out_dtypes]
        result_structure = [None]

        def body(i, outs):
            x = nest.pack_sequence_as(elems, [ta.read(i) for ta in tas])
            y = fn(x)
            result_structure[0] = y
            flat_y = [convert_to_tensor(v) for v in nest.flatten(y)]
            if len(flat_y) != len(outs):
                raise ValueError(f"fn returned {len(flat_y)} values but dtype describes {len(outs)}; pass dtype= "
                                 f"with the structure of fn's result")
            return i + 1, [ta.write(i, v) for ta, v in zip(outs, flat_y)]

        _, outs = while_loop(lambda i, _: i < n, body, (convert_to_tensor(0), out_tas),
                             parallel_iterations=parallel_iterations or 10, back_prop=back_prop,
                             return_same_structure=True)
        stacked = []
        for ta in outs:
            s = ta.stack()
            if n_static is not None and s.shape.ndims is not None:
                s.set_shape([n_static] + s.shape.as_list()[1:])
            stacked.append(s)
    structure = dtype if dtype is not None else result_structure[0]
    return nest.pack_sequence_as(structure, stacked) if nest.is_sequence(structure) else stacked[0]


def scan(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False, infer_shape=True,
         reverse=False, name=None):
    """The running accumulations fn(acc, x) over `elems` along axis 0, stacked.

    >>> tf.scan(lambda a, x: a + x, tf.constant([1, 2, 3]))   # [1, 3, 6]
    """
    if not callable(fn):
        raise TypeError("fn must be callable.")
    from .array_ops import identity
    g = get_default_graph()
    with g.name_scope(name or "scan"):
        flat = _elements(elems)
        n, n_static = _leading_size(flat)
        tas = _unstacked(flat)
        if initializer is None:
            acc0 = [ta.read(n - 1 if reverse else 0) for ta in tas]
            acc_structure = elems
            start = 1
        else:
            acc0 = [convert_to_tensor(a) for a in nest.flatten(initializer)]
            acc_structure = initializer
            start = 0
        out_tas = [TensorArray(a.dtype, size=n, infer_shape=infer_shape) for a in acc0]
        if initializer is None:
            out_tas = [ta.write(n - 1 if reverse else 0, a) for ta, a in zip(out_tas, acc0)]

        def body(i, acc, outs):
            k = n - 1 - i if reverse else i
            x = nest.pack_sequence_as(elems, [ta.read(k) for ta in tas])
            a = fn(nest.pack_sequence_as(acc_structure, acc), x)
            flat_a = [convert_to_tensor(v) for v in nest.flatten(a)]
            return i + 1, flat_a, [ta.write(k, v) for ta, v in zip(outs, flat_a)]

        _, _, outs = while_loop(lambda i, *_: i < n, body, (convert_to_tensor(start), acc0, out_tas),
                                parallel_iterations=parallel_iterations, back_prop=back_prop,
                                return_same_structure=True)
        stacked = []
        for ta in outs:
            s = identity(ta.stack())
            if n_static is not None and s.shape.ndims is not None:
                s.set_shape([n_static] + s.shape.as_list()[1:])
            stacked.append(s)
    return nest.pack_sequence_as(acc_structure, stacked)


def _fold(fn, elems, initializer, parallel_iterations, back_prop, name, reverse):
    g = get_default_graph()
    with g.name_scope(name):
        flat = _elements(elems)
        n, _ = _leading_size(flat)
        tas = _unstacked(flat)
        if initializer is None:
            acc0 = [ta.read(n - 1 if reverse else 0) for ta in tas]
            acc_structure, start = elems, 1
        else:
            acc0 = [convert_to_tensor(a) for a in nest.flatten(initializer)]
            acc_structure, start = initializer, 0

        def body(i, acc):
            k = n - 1 - i if reverse else i
            x = nest.pack_sequence_as(elems, [ta.read(k) for ta in tas])
            a = fn(nest.pack_sequence_as(acc_structure, acc), x)
            return i + 1, [convert_to_tensor(v) for v in nest.flatten(a)]

        _, acc = while_loop(lambda i, _: i < n, body, (convert_to_tensor(start), acc0),
                            parallel_iterations=parallel_iterations, back_prop=back_prop, return_same_structure=True)
    return nest.pack_sequence_as(acc_structure, acc)


def foldl(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False, name=None):
    """fn(fn(fn(init, e0), e1), ...) over `elems` along axis 0.

    >>> tf.foldl(lambda a, x: a + x, tf.constant([1, 2, 3]))   # 6
    """
    return _fold(fn, elems, initializer, parallel_iterations, back_prop, name or "foldl", False)


def foldr(fn, elems, initializer=None, parallel_iterations=10, back_prop=True, swap_memory=False, name=None):
    """foldl from the last element to the first.

    >>> tf.foldr(lambda a, x: a * 10 + x, tf.constant([1, 2, 3]))   # 321
    """
    return _fold(fn, elems, initializer, parallel_iterations, back_prop, name or "foldr", True)

"""tf.einsum, built from transposes, reshapes, reductions, element-wise products and one matmul.

One or two operands. Covers matmul ("ij,jk->ik"), transposes ("ij->ji"), sums ("ij->i"), dot and
outer products ("i,i->", "i,j->ij"), batched matmul ("bij,bjk->bik"), tensor-times-matrix
("bij,jk->bik"), an ellipsis for leading dimensions ("...ij,...jk->...ik", operands of known rank;
size-1 dimensions broadcast) and repeated letters within an operand, which take a diagonal
("ii->i", "bii->bi") or a trace ("ii->"; the repeated dimension must have a known size).
The gradient follows from the ops it is built of.
"""
import functools
import operator
import string

import numpy as np

from .constant_op import convert_to_tensor


def _parse(equation, operands):
    eq = equation.replace(" ", "")
    lhs, arrow, out = eq.partition("->")
    ins = lhs.split(",")
    if len(ins) != len(operands):
        raise ValueError(f"einsum '{equation}' names {len(ins)} operands but {len(operands)} were given")
    ins, out = _expand_ellipsis(equation, ins, out if arrow else None, operands)
    for spec in ins + [out]:
        if not spec.isalpha() and spec:
            raise ValueError(f"einsum '{equation}': subscripts must be letters (and one '...'), got {spec!r}")
    if len(set(out)) != len(out):
        raise ValueError(f"einsum '{equation}': output subscripts {out!r} repeat a letter")
    for c in out:
        if not any(c in s for s in ins):
            raise ValueError(f"einsum '{equation}': output subscript {c!r} appears in no input")
    return ins, out


def _expand_ellipsis(equation, ins, out, operands):
    """Each '...' replaced by letters the equation does not use, one per dimension it stands for,
    aligned from the right as broadcasting aligns them. Without '->' the output is the ellipsis
    followed by the letters that appear once, in alphabetical order (NumPy's rule)."""
    used = set(equation)
    spare = [c for c in string.ascii_letters if c not in used]
    widths = []
    for spec, t in zip(ins, operands):
        if "..." not in spec:
            widths.append(0)
            continue
        if spec.count("...") > 1 or "." in spec.replace("...", "", 1):
            raise ValueError(f"einsum '{equation}': an operand may have one ellipsis ('...'), got {spec!r}")
        if t.shape.ndims is None:
            raise ValueError(f"einsum '{equation}': operand '{t.name}' has an unknown rank, which an ellipsis needs")
        width = t.shape.ndims - (len(spec) - 3)
        if width < 0:
            raise ValueError(f"einsum '{equation}': operand '{t.name}' has rank {t.shape.ndims}, fewer than the "
                             f"{len(spec) - 3} letters of {spec!r}")
        widths.append(width)
    ell = "".join(spare[:max(widths, default=0)])
    ins = [spec.replace("...", ell[len(ell) - w:]) for spec, w in zip(ins, widths)]
    if out is None:
        letters = "".join(ins)
        return ins, ell + "".join(sorted(c for c in set(letters) if letters.count(c) == 1 and c not in ell))
    if "..." in out:
        out = out.replace("...", ell, 1)
    return ins, out


def _diagonals(t, spec, equation):
    """`t` with each letter repeated in `spec` reduced to one dimension: its diagonal (a mask of
    the identity and a sum, so the gradient needs no rule of its own)."""
    from .linalg_ops import transpose
    from .reduction_ops import reduce_sum
    while True:
        c = next((c for c in spec if spec.count(c) > 1), None)
        if c is None:
            return t, spec
        p = spec.index(c)
        q = spec.index(c, p + 1)
        n = t.shape.as_list()[p] if t.shape.ndims is not None else None
        if n is None:
            raise ValueError(f"einsum '{equation}': the repeated subscript {c!r} of operand '{t.name}' needs a known "
                             f"size (a diagonal or trace)")
        keep = [i for i in range(len(spec)) if i not in (p, q)]
        t = transpose(t, keep + [p, q]) if keep + [p, q] != list(range(len(spec))) else t
        mask = np.eye(n, dtype=t.dtype.as_numpy_dtype)
        t = reduce_sum(t * mask, axis=-1)
        spec = "".join(spec[i] for i in keep) + c


def _dims(t, spec, equation):
    from .shape_ops import shape
    nd = t.shape.ndims
    if nd is not None and nd != len(spec):
        raise ValueError(f"einsum '{equation}': operand '{t.name}' has rank {nd} but its subscripts {spec!r} "
                         f"name {len(spec)} dimensions")
    static = t.shape.as_list() if nd is not None else [None] * len(spec)
    dyn = None
    out = {}
    for i, c in enumerate(spec):
        if static[i] is not None:
            out[c] = static[i]
        else:
            dyn = shape(t) if dyn is None else dyn
            out[c] = dyn[i]
    return out


def _prod(values):
    return functools.reduce(operator.mul, values, 1)


def _reshape(t, dims):
    from .concat_ops import stack
    from .math_ops import cast
    from .shape_ops import reshape
    if all(isinstance(d, int) for d in dims):
        return reshape(t, list(dims))
    from ..framework import dtypes
    return reshape(t, stack([cast(d, dtypes.int32) if not isinstance(d, int) else d for d in dims]))


def _transposed(t, spec, order):
    from .linalg_ops import transpose
    if spec == order:
        return t
    return transpose(t, [spec.index(c) for c in order])


def _sum_out(t, spec, keep):
    from .reduction_ops import reduce_sum
    axes = [i for i, c in enumerate(spec) if c not in keep]
    if not axes:
        return t, spec
    return reduce_sum(t, axis=axes), "".join(c for c in spec if c in keep)


def einsum(equation, *inputs, name=None, **kwargs):
    """The contraction `equation` of `inputs`, e.g. tf.einsum("ij,jk->ik", a, b) == tf.matmul(a, b).

    >>> tf.einsum("bij,bjk->bik", q, k)      # batched matmul
    """
    if kwargs:
        raise TypeError(f"einsum got unexpected keyword arguments {sorted(kwargs)}")
    from ..framework.graph import get_default_graph
    ts = [convert_to_tensor(t) for t in inputs]
    if len(ts) not in (1, 2):
        raise ValueError(f"einsum '{equation}': {len(ts)} operands given; 1 or 2 are supported")
    ins, out = _parse(equation, ts)
    g = ts[0].graph if ts else get_default_graph()
    with g.as_default(), g.name_scope(name or "einsum"):
        for i, t in enumerate(ts):
            if t.shape.ndims is not None and t.shape.ndims != len(ins[i]):
                raise ValueError(f"einsum '{equation}': operand '{t.name}' has rank {t.shape.ndims} but its subscripts "
                                 f"{ins[i]!r} name {len(ins[i])} dimensions")
            ts[i], ins[i] = _diagonals(t, ins[i], equation)
        if len(ts) == 1:
            t, spec = _sum_out(ts[0], ins[0], out)
            return _transposed(t, spec, out)
        (a, b), (sa, sb) = ts, ins
        # Letters only one operand has and the output lacks are summed away first.
        a, sa = _sum_out(a, sa, set(sb) | set(out))
        b, sb = _sum_out(b, sb, set(sa) | set(out))
        da, db = _dims(a, sa, equation), _dims(b, sb, equation)
        batch = [c for c in sa if c in sb and c in out]
        contract = [c for c in sa if c in sb and c not in out]
        a_free = [c for c in sa if c not in sb]
        b_free = [c for c in sb if c not in sa]
        from .linalg_ops import matmul
        if not batch:
            a2 = _reshape(_transposed(a, sa, "".join(a_free + contract)),
                          [_prod(da[c] for c in a_free), _prod(da[c] for c in contract)])
            b2 = _reshape(_transposed(b, sb, "".join(contract + b_free)),
                          [_prod(db[c] for c in contract), _prod(db[c] for c in b_free)])
            r = matmul(a2, b2)
            r_spec = a_free + b_free
            if not (len(a_free) == 1 and len(b_free) == 1):  # the matmul's [m, n] is already the result's shape
                r = _reshape(r, [da[c] for c in a_free] + [db[c] for c in b_free])
        else:
            # Batched: broadcast the product over [batch, a_free, contract, b_free] and sum `contract`.
            from .reduction_ops import reduce_sum
            a3 = _reshape(_transposed(a, sa, "".join(batch + a_free + contract)),
                          [da[c] for c in batch] + [_prod(da[c] for c in a_free), _prod(da[c] for c in contract), 1])
            b3 = _reshape(_transposed(b, sb, "".join(batch + contract + b_free)),
                          [db[c] for c in batch] + [1, _prod(db[c] for c in contract), _prod(db[c] for c in b_free)])
            r = reduce_sum(a3 * b3, axis=len(batch) + 1)
            r_spec = batch + a_free + b_free
            # A batch dimension of size 1 in one operand broadcasts against the other's.
            batch_dims = [db[c] if isinstance(da[c], int) and da[c] == 1 else da[c] for c in batch]
            r = _reshape(r, batch_dims + [da[c] for c in a_free] + [db[c] for c in b_free])
        return _transposed(r, "".join(r_spec), out)


def tensordot(a, b, axes, name=None):
    """The sum of products of `a` and `b` over `axes` (TF1's tf.tensordot): an int N contracts the last N
    axes of `a` with the first N of `b`; a pair [a_axes, b_axes] names them. The result's axes are `a`'s free
    axes, then `b`'s.

    >>> tf.tensordot(tf.ones([2, 3, 4]), tf.ones([4, 5]), axes=1).shape   # (2, 3, 5)
    """
    from ..framework.graph import get_default_graph
    g = get_default_graph()
    with g.as_default(), g.name_scope(name or "Tensordot"):
        a = convert_to_tensor(a, name="a")
        b = convert_to_tensor(b, name="b")
        rank_a, rank_b = a.shape.ndims, b.shape.ndims
        if rank_a is None or rank_b is None:
            raise ValueError(f"tf.tensordot needs inputs of known rank; got '{a.name}' {a.shape} and '{b.name}' "
                             f"{b.shape}. Set the shapes (e.g. tf.reshape or set_shape) first.")
        a_axes, b_axes = _tensordot_axes(axes, rank_a, rank_b)
        letters = string.ascii_letters
        if rank_a + rank_b > len(letters):
            raise ValueError(f"tf.tensordot supports at most {len(letters)} axes in all; got {rank_a + rank_b}.")
        a_sub = list(letters[:rank_a])
        b_sub = list(letters[rank_a:rank_a + rank_b])
        for i, j in zip(a_axes, b_axes):
            da, db = a.shape.dims[i].value, b.shape.dims[j].value
            if da is not None and db is not None and da != db:
                raise ValueError(f"tf.tensordot: axis {i} of '{a.name}' (size {da}) and axis {j} of '{b.name}' "
                                 f"(size {db}) are contracted, so their sizes must match; shapes {a.shape} and "
                                 f"{b.shape}.")
            b_sub[j] = a_sub[i]
        out = [s for k, s in enumerate(a_sub) if k not in a_axes] + [s for k, s in enumerate(b_sub)
                                                                      if k not in b_axes]
        return einsum(f"{''.join(a_sub)},{''.join(b_sub)}->{''.join(out)}", a, b)


def _tensordot_axes(axes, rank_a, rank_b):
    if isinstance(axes, (int, np.integer)):
        if not 0 <= axes <= min(rank_a, rank_b):
            raise ValueError(f"tf.tensordot: axes={axes} must be between 0 and the smaller rank "
                             f"({min(rank_a, rank_b)}).")
        return list(range(rank_a - axes, rank_a)), list(range(axes))
    try:
        a_axes, b_axes = axes
    except (TypeError, ValueError):
        raise ValueError(f"tf.tensordot: axes must be an int or a pair [a_axes, b_axes]; got {axes!r}.") from None
    a_axes = [int(a_axes)] if isinstance(a_axes, (int, np.integer)) else [int(i) for i in a_axes]
    b_axes = [int(b_axes)] if isinstance(b_axes, (int, np.integer)) else [int(i) for i in b_axes]
    if len(a_axes) != len(b_axes):
        raise ValueError(f"tf.tensordot: different number of contraction axes for a and b: {a_axes} and {b_axes}.")
    a_axes = [i % rank_a if -rank_a <= i < rank_a else _bad_axis(i, rank_a, "a") for i in a_axes]
    b_axes = [i % rank_b if -rank_b <= i < rank_b else _bad_axis(i, rank_b, "b") for i in b_axes]
    return a_axes, b_axes


def _bad_axis(i, rank, which):
    raise ValueError(f"tf.tensordot: axis {i} is out of range for {which} of rank {rank}.")

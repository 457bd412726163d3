"""tf.einsum for the common patterns, built from transposes, reshapes, reductions and one matmul.

Supported: one or two operands, each letter at most once per operand, no ellipsis ("...").
That covers matmul ("ij,jk->ik"), transposes ("ij->ji"), sums ("ij->i"), dot and outer
products ("i,i->", "i,j->ij"), batched matmul ("bij,bjk->bik") and tensor-times-matrix
("bij,jk->bik"). The gradient follows from the ops it is built of.
"""
import functools
import operator

from .constant_op import convert_to_tensor


def _parse(equation, n_inputs):
    eq = equation.replace(" ", "")
    if "." in eq:
        raise ValueError(f"einsum '{equation}': ellipsis ('...') is not supported; write the dimensions out")
    if "->" in eq:
        lhs, out = eq.split("->")
    else:  # implicit output: the letters that appear once, in alphabetical order (NumPy's rule)
        lhs = eq
        letters = lhs.replace(",", "")
        out = "".join(sorted(c for c in set(letters) if letters.count(c) == 1))
    ins = lhs.split(",")
    if len(ins) != n_inputs:
        raise ValueError(f"einsum '{equation}' names {len(ins)} operands but {n_inputs} were given")
    for spec in ins + [out]:
        if not spec.isalpha() and spec:
            raise ValueError(f"einsum '{equation}': subscripts must be letters, got {spec!r}")
        if len(set(spec)) != len(spec):
            raise ValueError(f"einsum '{equation}': a letter repeated within one operand ({spec!r}, a diagonal or "
                             f"trace) is not supported")
    for c in out:
        if not any(c in s for s in ins):
            raise ValueError(f"einsum '{equation}': output subscript {c!r} appears in no input")
    return ins, out


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
    ins, out = _parse(equation, len(ts))
    g = ts[0].graph if ts else get_default_graph()
    with g.as_default(), g.name_scope(name or "einsum"):
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
            r = _reshape(r, [da[c] for c in batch] + [da[c] for c in a_free] + [db[c] for c in b_free])
        return _transposed(r, "".join(r_spec), out)

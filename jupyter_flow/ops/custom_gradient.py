"""tf.custom_gradient in graph mode: `f(*x)` returns `(y, grad_fn)` and tf.gradients uses
grad_fn(*dy) -> dx instead of differentiating through f.

As TF1, the outputs of f, its inputs and the variables f reads all pass through one IdentityN
node whose gradient (a name registered for this call, selected with gradient_override_map) calls
grad_fn; nothing flows back through f's own ops.

>>> @tf.custom_gradient
... def clip_grad(x):
...     return tf.identity(x), lambda dy: tf.clip_by_value(dy, -1.0, 1.0)
"""
import functools
import inspect
import itertools

from ..framework import nest
from ..framework.graph import get_default_graph, GraphKeys
from ..framework.gradient_override import RegisterGradient
from .constant_op import convert_to_tensor
from .identity_n_ops import identity_n

_uids = itertools.count(1)


def _variables_read(g, start, args):
    """Variables (not among `args`) that an op created since op id `start` reads."""
    variables = g.get_collection(GraphKeys.GLOBAL_VARIABLES) + g.get_collection(GraphKeys.LOCAL_VARIABLES)
    by_tensor = {}
    for v in variables:
        by_tensor.setdefault(v._as_graph_element(), v)
        by_tensor.setdefault(v._as_tensor(), v)
    arg_set = set(args)
    found = []
    for op_id in range(start, g._next_id):
        op = g._ops.get(op_id)
        if op is None or op.type == "Assign":  # a variable's own initializer is not a read
            continue
        for t in op.inputs:
            v = by_tensor.get(t)
            if v is not None and v not in found and v._as_graph_element() not in arg_set:
                found.append(v)
    return found


def _accepts_variables(fn):
    try:
        spec = inspect.getfullargspec(fn)
    except TypeError:
        return False
    return "variables" in spec.args or "variables" in spec.kwonlyargs or spec.varkw is not None


def custom_gradient(f):
    """Decorator: `f(*x)` returns `(y, grad_fn)`; the gradient of y w.r.t. x is grad_fn(*dy)
    (one dx per x). If f reads variables, grad_fn must take `variables=None` and return
    (dx, [d variable for each of variables]).

    >>> @tf.custom_gradient
    ... def reverse(x): return tf.identity(x), lambda dy: -dy
    """

    @functools.wraps(f)
    def decorated(*args, **kwargs):
        if kwargs:
            raise ValueError("The custom_gradient decorator currently supports keywords arguments only when eager "
                             "execution is enabled (in graph mode pass the tensors positionally)")
        g = get_default_graph()
        args = [convert_to_tensor(a) for a in args]
        start = g._next_id
        result, grad_fn = f(*args)
        variables = _variables_read(g, start, args)
        takes_variables = _accepts_variables(grad_fn)
        if variables and not takes_variables:
            raise TypeError(f"@custom_gradient function {f.__name__} reads variables "
                            f"({', '.join(v.name for v in variables)}), so its grad_fn must accept a keyword "
                            f"argument 'variables' and return (input grads, variable grads).")
        flat_result = [convert_to_tensor(r) for r in nest.flatten(result)]
        n_out = len(flat_result)
        var_tensors = [v._as_graph_element() for v in variables]

        def tape_grad_fn(op, *grads):
            dys = grads[:n_out]
            if variables:
                input_grads, variable_grads = grad_fn(*dys, variables=variables)
                variable_grads = list(variable_grads)
                if len(variable_grads) != len(variables):
                    raise ValueError(f"Must return gradient for each variable from @custom_gradient grad_fn "
                                     f"({len(variables)} variables, {len(variable_grads)} gradients)")
            else:
                input_grads, variable_grads = grad_fn(*dys), []
            input_grads = nest.flatten(input_grads)
            if len(input_grads) != len(args):
                raise ValueError(f"@custom_gradient grad_fn of {f.__name__} returned {len(input_grads)} gradients "
                                 f"for {len(args)} inputs; return one (or None) per input")
            return [None] * n_out + list(input_grads) + variable_grads

        name = f"CustomGradient-{next(_uids)}"
        RegisterGradient(name)(tape_grad_fn)
        with g.gradient_override_map({"IdentityN": name}):
            passed = identity_n(flat_result + args + var_tensors)
        return nest.pack_sequence_as(result, passed[:n_out])

    return decorated

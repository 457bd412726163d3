"""The Optimizer base class: gradients (compute_gradients), update ops (apply_gradients) and
both at once (minimize), with slot variables and the global step, as TF1's tf.train.Optimizer.

A subclass says which slots it needs (`_create_slots`) and builds one fused update op per
variable (`_apply_dense`, from jupyter_flow.ops.training_ops).
"""
import numbers

import numpy as np

from ..framework import dtypes
from ..framework.graph import GraphKeys, Operation, Tensor, get_default_graph
from ..gradients import gradients
from ..ops import state_ops
from ..ops.constant_op import constant, convert_to_tensor
from ..ops.control_flow_ops import group, tuple_
from ..ops.math_ops import cast
from ..ops.variables import Variable
from . import slot_creator

_VALID_DTYPES = (dtypes.float32, dtypes.float64)


def _var_key(var):
    return (var.op.graph, var.op.name)


class Optimizer:
    """Base class for optimizers; use a subclass such as GradientDescentOptimizer.

    >>> optimizer = tf.train.GradientDescentOptimizer(learning_rate=0.01)
    >>> training_op = optimizer.minimize(mse)
    """

    GATE_NONE = 0
    GATE_OP = 1
    GATE_GRAPH = 2

    def __init__(self, use_locking, name):
        if not name:
            raise ValueError("Must specify the optimizer name")
        self._use_locking = use_locking
        self._name = name
        self._slots = {}  # slot name -> {variable key -> slot Variable}
        self._non_slot_dict = {}  # (name, graph) -> Variable (Adam's beta powers)
        self._hyper = {}  # hyperparameter name -> value given by the user (number, tensor, callable)
        self._hyper_cache = {}  # (name, dtype) -> tensor, for the apply_gradients call being built
        self._scope = None

    def get_name(self):
        return self._name

    # ----- the three public steps ---------------------------------------------------------------
    def minimize(self, loss, global_step=None, var_list=None, gate_gradients=GATE_OP, aggregation_method=None,
                 colocate_gradients_with_ops=False, name=None, grad_loss=None):
        """An op that takes one optimization step on `loss` (and increments `global_step`).

        >>> training_op = optimizer.minimize(mse)
        >>> for epoch in range(n_epochs): sess.run(training_op)
        """
        grads_and_vars = self.compute_gradients(loss, var_list=var_list, gate_gradients=gate_gradients,
                                                aggregation_method=aggregation_method,
                                                colocate_gradients_with_ops=colocate_gradients_with_ops,
                                                grad_loss=grad_loss)
        vars_with_grad = [v for g, v in grads_and_vars if g is not None]
        if not vars_with_grad:
            raise ValueError("No gradients provided for any variable, check your graph for ops that do not "
                             f"support gradients, between variables {[str(v) for _, v in grads_and_vars]} "
                             f"and loss {loss}.")
        return self.apply_gradients(grads_and_vars, global_step=global_step, name=name)

    def compute_gradients(self, loss, var_list=None, gate_gradients=GATE_OP, aggregation_method=None,
                          colocate_gradients_with_ops=False, grad_loss=None):
        """[(gradient, variable)] for every variable of `var_list` (default: the trainable ones);
        the gradient is None where `loss` does not depend on the variable.

        >>> grads_and_vars = optimizer.compute_gradients(mse)
        >>> capped = [(tf.clip_by_value(g, -1., 1.), v) for g, v in grads_and_vars]
        """
        if callable(loss):
            raise TypeError("loss must be a Tensor in graph mode, not a callable; build the loss first and "
                            "pass the tensor (e.g. optimizer.minimize(mse)).")
        if gate_gradients not in (Optimizer.GATE_NONE, Optimizer.GATE_OP, Optimizer.GATE_GRAPH):
            raise ValueError("gate_gradients must be one of: Optimizer.GATE_NONE, Optimizer.GATE_OP, "
                             f"Optimizer.GATE_GRAPH.  Not {gate_gradients}")
        loss = convert_to_tensor(loss)
        self._assert_valid_dtypes([loss])
        if grad_loss is not None:
            grad_loss = convert_to_tensor(grad_loss)
            self._assert_valid_dtypes([grad_loss])
        if var_list is None:
            var_list = loss.graph.get_collection(GraphKeys.TRAINABLE_VARIABLES)
        else:
            var_list = list(_flatten(var_list))
        if not var_list:
            raise ValueError("No variables to optimize.")
        for v in var_list:
            _check_is_variable(v)
        grads = gradients(loss, var_list, grad_ys=grad_loss,
                          colocate_gradients_with_ops=colocate_gradients_with_ops,
                          aggregation_method=aggregation_method)
        if gate_gradients == Optimizer.GATE_GRAPH:
            with loss.graph.as_default():
                grads = tuple_(grads)
        grads_and_vars = list(zip(grads, var_list))
        self._assert_valid_dtypes([v for g, v in grads_and_vars if g is not None])
        return grads_and_vars

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        """An op applying the gradients to their variables (one fused update op per variable);
        pairs whose gradient is None are skipped. With `global_step`, the op also adds one to it
        after the updates.

        >>> training_op = optimizer.apply_gradients(capped, global_step=global_step)
        """
        grads_and_vars = tuple(grads_and_vars)
        if not grads_and_vars:
            raise ValueError("No variables provided.")
        converted = []
        for pair in grads_and_vars:
            try:
                g, v = pair
            except (TypeError, ValueError):
                raise TypeError(f"apply_gradients expects (gradient, variable) pairs, got {pair!r}") from None
            _check_is_variable(v)
            if g is not None:
                try:
                    g = convert_to_tensor(g)
                except (TypeError, ValueError) as e:
                    raise TypeError(f"Gradient must be convertible to a Tensor or None: {g!r} ({e})") from None
            converted.append((g, v))
        var_list = [v for g, v in converted if g is not None]
        if not var_list:
            raise ValueError(f"No gradients provided for any variable: {tuple(str(v) for _, v in converted)}.")
        graph = var_list[0].graph
        with graph.as_default():
            with graph.control_dependencies(None):
                self._create_slots(var_list)
            with graph.name_scope(name or self._name) as scope:
                self._scope = scope
                self._hyper_cache = {}
                self._prepare()
                update_ops = []
                for grad, var in converted:
                    if grad is None:
                        continue
                    with graph.name_scope("update_" + var.op.name):
                        update_ops.append(self._apply_dense(grad, var))
                if global_step is None:
                    apply_updates = self._finish(update_ops, scope)
                else:
                    with graph.control_dependencies([self._finish(update_ops, "update")]):
                        apply_updates = state_ops.assign_add(global_step, 1, name=scope).op
            train_ops = graph.get_collection_ref(GraphKeys.TRAIN_OP)
            if apply_updates not in train_ops:
                train_ops.append(apply_updates)
        return apply_updates

    # ----- slots ------------------------------------------------------------------------------
    def get_slot_names(self):
        """The names of the slots this optimizer created, e.g. ['m', 'v'] for Adam."""
        return sorted(self._slots)

    def get_slot(self, var, name):
        """The slot variable `name` of `var` (None if there is none).

        >>> optimizer.get_slot(theta, "momentum")   # <tf.Variable 'theta/Momentum:0' ...>
        """
        named = self._slots.get(name)
        if not named:
            return None
        return named.get(_var_key(var))

    def variables(self):
        """The variables this optimizer created in the current graph (slots and the like), by name.

        >>> sess.run(tf.variables_initializer(optimizer.variables()))
        """
        g = get_default_graph()
        out = [v for v in self._non_slot_dict.values() if v.graph is g]
        for named in self._slots.values():
            out.extend(v for v in named.values() if v.graph is g)
        return sorted(out, key=lambda v: v.name)

    def _zeros_slot(self, var, slot_name, op_name):
        named = self._slots.setdefault(slot_name, {})
        key = _var_key(var)
        if key not in named:
            named[key] = slot_creator.create_zeros_slot(var, op_name)
        return named[key]

    def _get_or_make_slot_with_value(self, var, value, slot_name, op_name):
        named = self._slots.setdefault(slot_name, {})
        key = _var_key(var)
        if key not in named:
            named[key] = slot_creator.create_slot_with_value(var, value, op_name)
        return named[key]

    def _create_non_slot_variable(self, initial_value, name, colocate_with):
        """A variable the optimizer keeps once per graph (Adam's beta1_power), not per variable."""
        g = colocate_with.graph
        key = (name, g)
        v = self._non_slot_dict.get(key)
        if v is None:
            v = Variable(initial_value, name=name, trainable=False)
            self._non_slot_dict[key] = v
        return v

    def _get_non_slot_variable(self, name, graph=None):
        return self._non_slot_dict.get((name, graph or get_default_graph()))

    # ----- hyperparameters ------------------------------------------------------------------------
    def _set_hyper(self, name, value):
        if isinstance(value, (bool, np.bool_)) or not (
                isinstance(value, (numbers.Real, np.ndarray, np.generic, Tensor)) or callable(value)
                or hasattr(value, "_as_tensor")):
            raise TypeError(f"{type(self).__name__}'s {name} must be a Python number, a scalar tensor or a "
                            f"callable returning one, got {value!r}")
        self._hyper[name] = value

    def _hyper_tensor(self, name, dtype):
        """Hyperparameter `name` as a scalar tensor of `dtype`, created once per apply_gradients
        under the optimizer's name scope (`GradientDescent/learning_rate`)."""
        key = (name, dtype)
        t = self._hyper_cache.get(key)
        if t is not None:
            return t
        value = self._hyper[name]
        if callable(value) and not hasattr(value, "_as_tensor"):
            value = value()
        g = get_default_graph()
        with g.name_scope(self._scope):
            if isinstance(value, numbers.Real) or (isinstance(value, (np.ndarray, np.generic))
                                                   and value.dtype.kind in "fiu"):
                if type(value) is float and dtype.is_floating:  # not np.float64, a float subclass
                    # TF1 converts a Python float hyperparameter to a float32 tensor, then casts it to
                    # the variable's dtype: a float64 variable sees 0.01 rounded through float32.
                    value = np.float32(value)
                t = constant(value, dtype=dtype, name=name)
            else:
                t = convert_to_tensor(value)
                if t.shape.ndims not in (None, 0):
                    raise ValueError(f"{type(self).__name__}'s {name} must be a scalar, but '{t.name}' has shape "
                                     f"{t.shape}")
                if not (t.dtype.is_floating or t.dtype.is_integer):
                    raise TypeError(f"{type(self).__name__}'s {name} must be a number, but '{t.name}' is "
                                    f"{t.dtype.name}")
                if t.dtype is not dtype:
                    t = cast(t, dtype, name=f"{name}_{dtype.name}")
        self._hyper_cache[key] = t
        return t

    # ----- what subclasses implement -------------------------------------------------------------
    def _create_slots(self, var_list):
        """Create the slot variables of every variable in var_list (default: none)."""

    def _prepare(self):
        """Build what every update of one apply_gradients call shares (default: nothing)."""

    def _apply_dense(self, grad, var):
        raise NotImplementedError(f"{type(self).__name__} must implement _apply_dense(grad, var)")

    def _finish(self, update_ops, name_scope):
        return group(*update_ops, name=name_scope)

    # ----- checks -------------------------------------------------------------------------------
    def _assert_valid_dtypes(self, tensors):
        for t in tensors:
            dtype = t.dtype
            if dtype not in _VALID_DTYPES:
                raise ValueError(f"Invalid type {dtype!r} for {t.name}, expected: "
                                 f"{[d for d in _VALID_DTYPES]}. Optimizers work on float32/float64 "
                                 f"tensors; use tf.cast.")


def _check_is_variable(v):
    if not isinstance(v, Variable):
        kind = f"the tensor '{v.name}'" if isinstance(v, (Tensor, Operation)) else repr(v)
        raise TypeError(f"Optimizers update tf.Variable objects, got {kind}; pass variables in var_list "
                        f"(e.g. var_list=[theta]).")


def _flatten(x):
    if isinstance(x, (list, tuple)):
        for item in x:
            yield from _flatten(item)
    elif isinstance(x, dict):
        for k in sorted(x):
            yield from _flatten(x[k])
    else:
        yield x

"""Slot variables: the per-variable state of an optimizer (momentum, moment estimates...).

A slot is a real, non-trainable graph Variable named `<variable>/<optimizer name>` (made unique:
`theta/RMSProp_1`), in GLOBAL_VARIABLES, so global_variables_initializer() initializes it and a
Saver saves it, as in TF1.
"""
import numpy as np

from ..framework.graph import GraphKeys
from ..framework.scopes import get_variable_scope
from ..ops.array_ops import fill, ones_like
from ..ops.constant_op import constant
from ..ops.math_ops import multiply
from ..ops.variables import Variable


def slot_name(primary, name):
    """`<variable scope>/<primary>/<name>`, the name TF1 gives a slot (before uniquifying)."""
    scope = get_variable_scope().name
    base = f"{primary.op.name}/{name}"
    return f"{scope}/{base}" if scope else base


def create_slot(primary, initial_value, name):
    """A slot variable for `primary` starting at `initial_value()` (a callable building the tensor,
    e.g. the primary's initialized_value() for a moving average).

    >>> average = create_slot(v, v.initialized_value, "ExponentialMovingAverage")
    """
    g = primary.graph
    shape = primary.shape
    base = slot_name(primary, name)
    with g.as_default(), g.control_dependencies(None), g.name_scope(None):
        return Variable(initial_value, trainable=False, name=base, dtype=primary.dtype,
                        validate_shape=shape.is_fully_defined(), collections=[GraphKeys.GLOBAL_VARIABLES])


def create_slot_with_value(primary, value, name):
    """A slot variable for `primary`, of its shape and dtype, with every element `value`.

    >>> momentum = create_slot_with_value(theta, 0.0, "Momentum")   # 'theta/Momentum'
    """
    g = primary.graph
    dtype = primary.dtype
    shape = primary.shape
    base = slot_name(primary, name)

    def initial_value():
        with g.name_scope("Initializer"):
            fill_value = constant(np.asarray(value, dtype=dtype.as_numpy_dtype), name="Const")
            if shape.is_fully_defined():
                return fill(shape.as_list(), fill_value, name="zeros" if value == 0 else "Fill")
            # A variable of changing shape: its slot follows the value it starts with.
            return multiply(ones_like(primary.initialized_value()), fill_value)

    # Slots exist once per variable, whatever control dependencies or name scope surround the
    # first minimize() call (TF1's init_scope); their names are absolute.
    with g.as_default(), g.control_dependencies(None), g.name_scope(None):
        slot = Variable(initial_value, trainable=False, name=base, dtype=dtype,
                        validate_shape=shape.is_fully_defined(),
                        collections=[GraphKeys.GLOBAL_VARIABLES])
    return slot


def create_zeros_slot(primary, name):
    """A slot variable of zeros shaped like `primary` (momentum, Adam's moments).

    >>> m = create_zeros_slot(theta, "Adam")   # 'theta/Adam'
    """
    return create_slot_with_value(primary, 0, name)

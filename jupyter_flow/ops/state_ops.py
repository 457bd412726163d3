"""Variables' ops: VariableV2 (the variable itself), Assign, AssignAdd, AssignSub, and the
initialization helpers (global_variables_initializer, report_uninitialized_variables)."""
from ..framework import dtypes
from ..framework.graph import GraphKeys, get_default_graph
from ..framework.op_def import define_op, not_differentiable
from ..framework.tensor_shape import SCALAR, TensorShape
from .constant_op import convert_to_tensor


def _variable_infer(inputs, attrs):
    return [(attrs["dtype"], attrs["shape"])]


define_op("VariableV2", infer=_variable_infer, stateful=True)


def _assign_infer(inputs, attrs):
    ref, value = inputs
    if ref.op.type != "VariableV2":
        raise TypeError(f"Assign's first input must be a variable, not '{ref.name}' ({ref.op.type}); "
                        f"pass the tf.Variable itself.")
    if value._dtype is not ref._dtype:
        raise TypeError(f"Cannot assign a {value._dtype.name} value to variable '{ref.op.name}' of dtype "
                        f"{ref._dtype.name}; use tf.cast on the value.")
    if attrs.get("validate_shape", True) and not ref._shape.is_compatible_with(value._shape):
        raise ValueError(f"Shapes {ref._shape._bracket_str()} and {value._shape._bracket_str()} are incompatible "
                         f"(assigning to variable '{ref.op.name}'; pass validate_shape=False to change its shape)")
    shape = ref._shape if attrs.get("validate_shape", True) else value._shape
    return [(ref._dtype, shape.merge_with(value._shape) if attrs.get("validate_shape", True) else shape)]


for _t in ("Assign", "AssignAdd", "AssignSub"):
    define_op(_t, infer=_assign_infer, ref_inputs=(0,), stateful=True)
not_differentiable("VariableV2", "Assign", "AssignAdd", "AssignSub")


def variable_op(shape, dtype, name):
    return get_default_graph().create_op("VariableV2", (), {"shape": shape, "dtype": dtype,
                                                            "container": "", "shared_name": ""}, name)._outputs[0]


def _ref_of(ref):
    var = getattr(ref, "_variable", None)
    if var is not None:
        return var
    if getattr(ref, "op", None) is not None and ref.op.type == "VariableV2":
        return ref
    raise TypeError(f"{ref!r} is not a variable: assign ops need a tf.Variable as first argument")


def assign(ref, value, validate_shape=None, use_locking=None, name=None):
    """An op that sets variable `ref` to `value` when run, and outputs the new value.

    >>> training_op = tf.assign(theta, theta - learning_rate * gradients)
    """
    r = _ref_of(ref)
    g = r.graph
    with g.as_default():
        v = convert_to_tensor(value, dtype=r.dtype)
        attrs = {"validate_shape": True if validate_shape is None else bool(validate_shape),
                 "use_locking": bool(use_locking) if use_locking is not None else True}
        return g.create_op("Assign", (r, v), attrs, name or "Assign")._outputs[0]


def assign_add(ref, value, use_locking=None, name=None):
    """An op that adds `value` to variable `ref` in place."""
    r = _ref_of(ref)
    with r.graph.as_default():
        v = convert_to_tensor(value, dtype=r.dtype)
        return r.graph.create_op("AssignAdd", (r, v), {"use_locking": bool(use_locking)},
                                 name or "AssignAdd")._outputs[0]


def assign_sub(ref, value, use_locking=None, name=None):
    """An op that subtracts `value` from variable `ref` in place."""
    r = _ref_of(ref)
    with r.graph.as_default():
        v = convert_to_tensor(value, dtype=r.dtype)
        return r.graph.create_op("AssignSub", (r, v), {"use_locking": bool(use_locking)},
                                 name or "AssignSub")._outputs[0]


# ----- initialization --------------------------------------------------------------------------


def _report_infer(inputs, attrs):
    return [(dtypes.string, TensorShape([None]))]


define_op("ReportUninitializedVariables", infer=_report_infer, stateful=True)
not_differentiable("ReportUninitializedVariables")


def _is_initialized_infer(inputs, attrs):
    return [(dtypes.bool, SCALAR)]


define_op("IsVariableInitialized", infer=_is_initialized_infer, ref_inputs=(0,), stateful=True)
not_differentiable("IsVariableInitialized")


def is_variable_initialized(variable):
    """A bool tensor: whether `variable` has a value in the session."""
    r = _ref_of(variable)
    return r.graph.create_op("IsVariableInitialized", (r,), None, "IsVariableInitialized")._outputs[0]


def global_variables(scope=None):
    """All global variables of the default graph (the Saver's default list)."""
    return get_default_graph().get_collection(GraphKeys.GLOBAL_VARIABLES, scope)


def local_variables(scope=None):
    return get_default_graph().get_collection(GraphKeys.LOCAL_VARIABLES, scope)


def trainable_variables(scope=None):
    """Variables created with trainable=True (what optimizers update by default)."""
    return get_default_graph().get_collection(GraphKeys.TRAINABLE_VARIABLES, scope)


def variables_initializer(var_list, name="init"):
    """An op that runs the initializers of `var_list`.

    >>> sess.run(tf.variables_initializer([theta]))
    """
    from .control_flow_ops import group, no_op
    if var_list:
        return group(*[v.initializer for v in var_list], name=name)
    return no_op(name=name)


def global_variables_initializer():
    """An op (named 'init') that initializes every global variable when run.

    >>> init = tf.global_variables_initializer(); sess.run(init)
    """
    return variables_initializer(global_variables())


def local_variables_initializer():
    return variables_initializer(local_variables(), name="init")


def tables_initializer(name="init_all_tables"):
    """An op that runs every lookup table's initializer (the TABLE_INITIALIZERS collection); a no-op when
    there is none, as in TF1 programs that call it out of habit.

    >>> sess.run([tf.global_variables_initializer(), tf.tables_initializer()])
    """
    from .control_flow_ops import group, no_op
    from ..framework.graph import GraphKeys
    initializers = get_default_graph().get_collection(GraphKeys.TABLE_INITIALIZERS)
    return group(*initializers, name=name) if initializers else no_op(name=name)


def report_uninitialized_variables(var_list=None, name="report_uninitialized_variables"):
    """A 1-D string tensor with the names of the variables that have no value yet."""
    if var_list is None:
        var_list = global_variables() + local_variables()
    g = get_default_graph()
    names = [v.op.name for v in var_list]
    return g.create_op("ReportUninitializedVariables", (), {"var_names": names}, name)._outputs[0]


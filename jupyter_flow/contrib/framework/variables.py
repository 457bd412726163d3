"""tf.contrib.framework's variable helpers (also slim.*): variable and model_variable (add_arg_scope
functions, so arg_scope can set their device, regularizer or collections), the collection queries
(get_variables, get_model_variables, get_variables_to_restore ...) and the checkpoint assigners
(assign_from_checkpoint_fn, assign_from_checkpoint), with TF1's semantics.

>>> weights = slim.model_variable("weights", shape=[10, 10], initializer=tf.truncated_normal_initializer())
>>> init_fn = slim.assign_from_checkpoint_fn(path, slim.get_variables_to_restore(exclude=["fc8"]))
"""
from ... import tf_logging as logging
from ...framework.device import device as _device_scope
from ...framework.graph import GraphKeys, add_to_collection, get_collection
from ...framework.scopes import VariableScope, get_variable
from ...ops.array_ops import placeholder
from ...ops.control_flow_ops import group
from ...ops.state_ops import assign
from ...train.checkpoint_utils import NewCheckpointReader
from ...train.saver import Saver
from ...train.training_util import (assert_global_step, create_global_step, get_global_step,  # noqa: F401
                                    get_or_create_global_step)
from .arg_scope import add_arg_scope


@add_arg_scope
def variable(name, shape=None, dtype=None, initializer=None, regularizer=None, trainable=True, collections=None,
             caching_device=None, device=None, partitioner=None, custom_getter=None, use_resource=None,
             synchronization=None, aggregation=None):
    """get_variable in `collections` (default: GLOBAL_VARIABLES), placed on `device`.

    >>> v = slim.variable("v", shape=[3], initializer=tf.zeros_initializer())
    """
    collections = list(dict.fromkeys(collections or [GraphKeys.GLOBAL_VARIABLES]))
    with _device_scope(device or ""):
        return get_variable(name, shape=shape, dtype=dtype, initializer=initializer, regularizer=regularizer,
                            trainable=trainable, collections=collections, caching_device=caching_device,
                            partitioner=partitioner, custom_getter=custom_getter, use_resource=use_resource)


@add_arg_scope
def model_variable(name, shape=None, dtype=None, initializer=None, regularizer=None, trainable=True,
                   collections=None, caching_device=None, device=None, partitioner=None, custom_getter=None,
                   use_resource=None, synchronization=None, aggregation=None):
    """A variable that is part of the model (also in MODEL_VARIABLES, which checkpoints of slim
    models restore from).

    >>> weights = slim.model_variable("weights", shape=[5, 5, 3, 64])
    """
    collections = list(collections or []) + [GraphKeys.GLOBAL_VARIABLES, GraphKeys.MODEL_VARIABLES]
    return variable(name, shape=shape, dtype=dtype, initializer=initializer, regularizer=regularizer,
                    trainable=trainable, collections=collections, caching_device=caching_device, device=device,
                    partitioner=partitioner, custom_getter=custom_getter, use_resource=use_resource)


@add_arg_scope
def local_variable(initial_value, validate_shape=True, name=None, use_resource=None):
    """A non-trainable variable in LOCAL_VARIABLES (initialized by tf.local_variables_initializer()).

    >>> counter = slim.local_variable(0, name="counter")
    """
    from ...ops.variables import Variable
    return Variable(initial_value, trainable=False, collections=[GraphKeys.LOCAL_VARIABLES],
                    validate_shape=validate_shape, name=name)


@add_arg_scope
def global_variable(initial_value, validate_shape=True, name=None, use_resource=None):
    """A non-trainable variable in GLOBAL_VARIABLES.

    >>> step = slim.global_variable(0, name="step")
    """
    from ...ops.variables import Variable
    return Variable(initial_value, trainable=False, collections=[GraphKeys.GLOBAL_VARIABLES],
                    validate_shape=validate_shape, name=name)


def add_model_variable(var):
    """Adds `var` to MODEL_VARIABLES (once).

    >>> slim.add_model_variable(my_var)
    """
    if var not in get_collection(GraphKeys.MODEL_VARIABLES):
        add_to_collection(GraphKeys.MODEL_VARIABLES, var)


def get_variables(scope=None, suffix=None, collection=GraphKeys.GLOBAL_VARIABLES):
    """The variables of `collection` whose names start with `scope` (a regex, or a VariableScope)
    and, when given, end with `suffix`.

    >>> slim.get_variables("conv1")            # conv1/weights, conv1/biases
    >>> slim.get_variables(suffix="weights")
    """
    if isinstance(scope, VariableScope):
        scope = scope.name
    if suffix is not None:
        if ":" not in suffix:
            suffix += ":"
        scope = (scope or "") + ".*" + suffix
    return get_collection(collection, scope)


def get_model_variables(scope=None, suffix=None):
    """get_variables over MODEL_VARIABLES.

    >>> slim.get_model_variables("vgg_16/fc8")
    """
    return get_variables(scope, suffix, GraphKeys.MODEL_VARIABLES)


def get_local_variables(scope=None, suffix=None):
    """get_variables over LOCAL_VARIABLES.

    >>> slim.get_local_variables()
    """
    return get_variables(scope, suffix, GraphKeys.LOCAL_VARIABLES)


def get_trainable_variables(scope=None, suffix=None):
    """get_variables over TRAINABLE_VARIABLES.

    >>> slim.get_trainable_variables("fc")
    """
    return get_variables(scope, suffix, GraphKeys.TRAINABLE_VARIABLES)


def get_variables_to_restore(include=None, exclude=None):
    """The global variables under the `include` scopes (all by default) minus those under the
    `exclude` scopes: what to load from a checkpoint of a model trained for another task.

    >>> slim.get_variables_to_restore(exclude=["logits"])
    """
    if include is None:
        chosen = get_variables()
    else:
        if not isinstance(include, (list, tuple)):
            raise TypeError("include is provided but is not a list or a tuple.")
        chosen = [v for scope in include for v in get_variables(scope)]
    dropped = set()
    if exclude is not None:
        if not isinstance(exclude, (list, tuple)):
            raise TypeError("exclude is provided but is not a list or a tuple.")
        for scope in exclude:
            dropped |= set(get_variables(scope))
    return [v for v in chosen if v not in dropped]


def get_variables_by_suffix(suffix, scope=None):
    """The global variables whose names end with `suffix`.

    >>> slim.get_variables_by_suffix("biases")
    """
    return get_variables(scope=scope, suffix=suffix)


def get_variables_by_name(given_name, scope=None):
    """The global variables whose last name component is `given_name`.

    >>> slim.get_variables_by_name("weights")
    """
    return get_variables(scope=scope, suffix="/" + given_name)


def get_unique_variable(var_op_name):
    """The one global variable named `var_op_name` (ValueError when there is none).

    >>> slim.get_unique_variable("conv1/weights")
    """
    candidates = get_variables(scope=var_op_name)
    if not candidates:
        raise ValueError(f"Couldn't find variable {var_op_name}")
    for candidate in candidates:
        if candidate.op.name == var_op_name:
            return candidate
    raise ValueError(f"Variable {var_op_name} does not uniquely identify a variable")


def _var_dict(var_list):
    if isinstance(var_list, dict):
        return dict(var_list)
    return {v.op.name: v for v in var_list}


def _available(model_path, var_list, ignore_missing_vars):
    if not ignore_missing_vars:
        return var_list
    reader = NewCheckpointReader(model_path)
    available = {}
    for name, var in _var_dict(var_list).items():
        if reader.has_tensor(name):
            available[name] = var
        else:
            logging.warning("Variable %s missing in checkpoint %s", name, model_path)
    return available


def assign_from_checkpoint_fn(model_path, var_list, ignore_missing_vars=False, reshape_variables=False):
    """A function `fn(session)` restoring `var_list` (a list, or a dict {checkpoint name: variable})
    from the checkpoint `model_path`; None (with a warning) when nothing is left to restore.

    >>> init_fn = slim.assign_from_checkpoint_fn("model.ckpt", slim.get_variables_to_restore())
    >>> init_fn(sess)
    """
    if not var_list:
        raise ValueError("var_list cannot be empty")
    var_list = _available(model_path, var_list, ignore_missing_vars)
    if not var_list:
        logging.warning("No Variables to restore")
        return None
    saver = Saver(var_list, reshape=reshape_variables)

    def callback(session):
        saver.restore(session, model_path)
    return callback


def assign_from_checkpoint(model_path, var_list, ignore_missing_vars=False):
    """(assign_op, feed_dict) that loads `var_list` from the checkpoint `model_path` when run.

    >>> assign_op, feed = slim.assign_from_checkpoint("model.ckpt", slim.get_model_variables())
    >>> sess.run(assign_op, feed)
    """
    reader = NewCheckpointReader(model_path)
    assigns, feed = [], {}
    for name, var in _var_dict(var_list).items():
        if not reader.has_tensor(name):
            if ignore_missing_vars:
                logging.warning("Variable %s missing in checkpoint %s", name, model_path)
                continue
            raise ValueError(f"Checkpoint is missing variable [{name}]")
        value = reader.get_tensor(name)
        ph = placeholder(var.dtype.base_dtype, shape=var.get_shape(), name="placeholder/" + var.op.name)
        assigns.append(assign(var, ph))
        feed[ph] = value.reshape(var.get_shape().as_list()) if var.get_shape().is_fully_defined() else value
    return group(*assigns), feed

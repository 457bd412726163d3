"""TF1's less common variable collections and initializer names: tf.get_local_variable,
tf.model_variables, tf.moving_average_variables and the deprecated tf.initialize_* aliases.

>>> counter = tf.get_local_variable("counter", [], initializer=tf.zeros_initializer())
>>> sess.run(tf.initialize_local_variables())
"""
from ..framework.graph import GraphKeys, get_default_graph
from ..framework.scopes import get_variable
from ..train.moving_averages import MOVING_AVERAGE_VARIABLES
from .state_ops import local_variables_initializer, tables_initializer, variables_initializer


def get_local_variable(name, shape=None, dtype=None, initializer=None, regularizer=None, trainable=False,
                       collections=None, caching_device=None, partitioner=None, validate_shape=True,
                       use_resource=None, custom_getter=None, constraint=None, **kwargs):
    """get_variable for a local variable: in LOCAL_VARIABLES (not saved by default, set up by
    local_variables_initializer) and not trainable.

    >>> total = tf.get_local_variable("total", [], initializer=tf.zeros_initializer())
    """
    collections = list(collections or []) + [GraphKeys.LOCAL_VARIABLES]
    return get_variable(name, shape=shape, dtype=dtype, initializer=initializer, regularizer=regularizer,
                        trainable=False, collections=collections, caching_device=caching_device,
                        partitioner=partitioner, validate_shape=validate_shape, use_resource=use_resource,
                        custom_getter=custom_getter, constraint=constraint)


def model_variables(scope=None):
    """The MODEL_VARIABLES collection (what tf.contrib.framework.model_variable adds to).

    >>> tf.model_variables()
    """
    return get_default_graph().get_collection(GraphKeys.MODEL_VARIABLES, scope)


def moving_average_variables(scope=None):
    """The variables an ExponentialMovingAverage.apply follows.

    >>> tf.moving_average_variables()
    """
    return get_default_graph().get_collection(MOVING_AVERAGE_VARIABLES, scope)


def initialize_variables(var_list, name="init"):
    """Deprecated TF1 name of tf.variables_initializer."""
    return variables_initializer(var_list, name=name)


def initialize_local_variables():
    """Deprecated TF1 name of tf.local_variables_initializer."""
    return local_variables_initializer()


def initialize_all_tables(name="init_all_tables"):
    """Deprecated TF1 name of tf.tables_initializer."""
    return tables_initializer(name=name)

"""tf.contrib.layers.repeat and stack (also slim.repeat / slim.stack): one layer applied several
times, each call in its own numbered scope, as TF1's (`conv3/conv3_1/weights`, `fc/fc_2/biases`).

>>> net = slim.repeat(net, 3, slim.conv2d, 256, [3, 3], scope="conv3")
>>> net = slim.stack(net, slim.fully_connected, [32, 64, 128], scope="fc")
"""
from ...framework.scopes import variable_scope
from ...ops.constant_op import convert_to_tensor


def _layer_name(layer, fallback):
    if hasattr(layer, "__name__"):
        return layer.__name__
    if hasattr(layer, "func") and hasattr(layer.func, "__name__"):  # a functools.partial
        return layer.func.__name__
    return fallback


def repeat(inputs, repetitions, layer, *args, **kwargs):
    """layer(layer(...layer(inputs, *args, **kwargs))) `repetitions` times, the i-th call in scope
    <scope>/<scope>_i (scope defaults to the layer's name).

    >>> net = slim.repeat(net, 2, slim.conv2d, 64, [3, 3], scope="conv1")   # conv1/conv1_1, conv1/conv1_2
    """
    scope = kwargs.pop("scope", None)
    with variable_scope(scope, default_name="Repeat", values=[inputs]):
        outputs = convert_to_tensor(inputs)
        if scope is None:
            scope = _layer_name(layer, "repeat")
        for i in range(repetitions):
            kwargs["scope"] = f"{scope}_{i + 1}"
            outputs = layer(outputs, *args, **kwargs)
        return outputs


def stack(inputs, layer, stack_args, **kwargs):
    """Calls `layer` once per element of `stack_args` (its positional arguments: one value or a
    tuple), chaining the outputs, the i-th call in scope <scope>/<scope>_i.

    >>> net = slim.stack(x, slim.fully_connected, [32, 64], scope="fc")             # fc/fc_1, fc/fc_2
    >>> net = slim.stack(x, slim.conv2d, [(32, [3, 3]), (64, [1, 1])], scope="core")
    """
    scope = kwargs.pop("scope", None)
    if not isinstance(stack_args, (list, tuple)):
        raise ValueError("stack_args need to be a list or tuple")
    with variable_scope(scope, default_name="Stack", values=[inputs]):
        outputs = convert_to_tensor(inputs)
        if scope is None:
            scope = _layer_name(layer, "stack")
        for i, layer_args in enumerate(stack_args):
            kwargs["scope"] = f"{scope}_{i + 1}"
            if not isinstance(layer_args, (list, tuple)):
                layer_args = [layer_args]
            outputs = layer(outputs, *layer_args, **kwargs)
        return outputs

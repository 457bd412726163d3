"""tf.keras.activations: Keras' activation names ('relu', 'softmax', ...) for our tf.nn ops.

>>> tf.keras.layers.Dense(10, activation='softmax')
"""
from ..ops import activation_ops, math_ops, nn_layers_ops, nn_ops


def linear(x):
    return x


def relu(x, alpha=0.0, max_value=None, threshold=0):
    """max(x, 0); with alpha, a leaky slope below 0; with max_value, clipped above (relu6 for 6)."""
    if alpha == 0 and max_value is None and threshold == 0:
        return math_ops.relu(x)
    from ..ops.clip_ops import clip_by_value
    if threshold:
        raise NotImplementedError("keras relu(threshold=...) is not supported; subtract the threshold first.")
    out = nn_layers_ops.leaky_relu(x, alpha=alpha) if alpha else math_ops.relu(x)
    return out if max_value is None else clip_by_value(out, float("-inf") if alpha else 0.0, max_value)


def softmax(x, axis=-1):
    return nn_ops.softmax(x, axis=axis)


def sigmoid(x):
    return math_ops.sigmoid(x)


def tanh(x):
    return math_ops.tanh(x)


def elu(x, alpha=1.0):
    out = nn_layers_ops.elu(x)
    if alpha == 1:
        return out
    from ..ops.array_ops import where
    return where(math_ops.greater(x, 0.0), out, math_ops.multiply(alpha, out))


def selu(x):
    return activation_ops.selu(x)


def softplus(x):
    return activation_ops.softplus(x)


def softsign(x):
    return activation_ops.softsign(x)


def exponential(x):
    return math_ops.exp(x)


def hard_sigmoid(x):
    """clip(0.2 * x + 0.5, 0, 1) (Keras' piecewise-linear sigmoid)."""
    from ..ops.clip_ops import clip_by_value
    return clip_by_value(math_ops.add(math_ops.multiply(0.2, x), 0.5), 0.0, 1.0)


_BY_NAME = {f.__name__: f for f in (linear, relu, softmax, sigmoid, tanh, elu, selu, softplus, softsign,
                                    exponential, hard_sigmoid)}


def get(identifier):
    """An activation from None (linear), a name ('relu'), or a callable (as is)."""
    if identifier is None:
        return linear
    if callable(identifier):
        return identifier
    if isinstance(identifier, str) and identifier in _BY_NAME:
        return _BY_NAME[identifier]
    raise ValueError(f"Unknown activation function: {identifier!r}; use one of {sorted(_BY_NAME)} or a callable.")


def serialize(activation):
    """The name Keras configs store: 'relu' for tf.keras.activations.relu and for tf.nn.relu."""
    name = getattr(activation, "__name__", None)
    if name is None:
        raise ValueError(f"Cannot serialize activation {activation!r}")
    return name

"""Keras' merge layers: Add, Subtract, Multiply, Average, Maximum, Concatenate and their function forms
(`tf.keras.layers.concatenate([a, b])`), applied to a list of same-shape tensors (Concatenate: all but axis).

>>> merged = tf.keras.layers.concatenate([branch_a, branch_b])
"""
from ..engine.base_layer import Layer
from ...framework.tensor_shape import TensorShape
from ...ops.concat_ops import concat
from ...ops import math_ops


class _Merge(Layer):
    def _check(self, inputs):
        if not isinstance(inputs, (list, tuple)) or len(inputs) < self._min_inputs:
            raise ValueError(f"A merge layer ({self.name}) should be called on a list of at least "
                             f"{self._min_inputs} inputs. Got: {inputs!r}")
        return list(inputs)

    _min_inputs = 2

    def call(self, inputs):
        inputs = self._check(inputs)
        out = inputs[0]
        for x in inputs[1:]:
            out = self._combine(out, x)
        return self._finish(out, len(inputs))

    def _finish(self, out, count):
        return out

    def compute_output_shape(self, input_shape):
        return TensorShape(input_shape[0])


def _plus(a, b):
    return a + b  # the operator, so ops are named add/mul as in TF's keras


def _times(a, b):
    return a * b


class Add(_Merge):
    _combine = staticmethod(_plus)


class Multiply(_Merge):
    _combine = staticmethod(_times)


class Maximum(_Merge):
    _combine = staticmethod(math_ops.maximum)


class Average(_Merge):
    _combine = staticmethod(_plus)

    def _finish(self, out, count):
        return out / float(count)


class Subtract(_Merge):
    def call(self, inputs):
        inputs = self._check(inputs)
        if len(inputs) != 2:
            raise ValueError(f"A `Subtract` layer should be called on exactly 2 inputs, got {len(inputs)}")
        return inputs[0] - inputs[1]


class Concatenate(_Merge):
    """Inputs joined along `axis` (default the last)."""
    _min_inputs = 1

    def __init__(self, axis=-1, **kwargs):
        super().__init__(**kwargs)
        self.axis = axis

    def call(self, inputs):
        return concat(self._check(inputs), axis=self.axis)

    def compute_output_shape(self, input_shape):
        shapes = [TensorShape(s).as_list() for s in input_shape]
        out = list(shapes[0])
        sizes = [s[self.axis] for s in shapes]
        out[self.axis] = None if None in sizes else sum(sizes)
        return TensorShape(out)

    def get_config(self):
        return dict(super().get_config(), axis=self.axis)


def add(inputs, **kwargs):
    """Add(**kwargs)(inputs): the elementwise sum."""
    return Add(**kwargs)(inputs)


def subtract(inputs, **kwargs):
    """Subtract(**kwargs)(inputs): inputs[0] - inputs[1]."""
    return Subtract(**kwargs)(inputs)


def multiply(inputs, **kwargs):
    """Multiply(**kwargs)(inputs): the elementwise product."""
    return Multiply(**kwargs)(inputs)


def average(inputs, **kwargs):
    """Average(**kwargs)(inputs): the elementwise mean."""
    return Average(**kwargs)(inputs)


def maximum(inputs, **kwargs):
    """Maximum(**kwargs)(inputs): the elementwise maximum."""
    return Maximum(**kwargs)(inputs)


def concatenate(inputs, axis=-1, **kwargs):
    """Concatenate(axis)(inputs)."""
    return Concatenate(axis=axis, **kwargs)(inputs)

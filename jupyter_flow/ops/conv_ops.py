"""2-D convolutions (tf.nn): conv2d with its two gradient ops, conv2d_transpose (the input
gradient run forward), and the gradient functions TF1 exposes (conv2d_backprop_input/filter).

Data is NHWC and filters are [height, width, in_channels, out_channels] (HWIO), as in TF1.
Each op is declared once here (shape rule + gradient rule); kernels live in
src_cpp/kernels/conv.cc (im2col + BLAS gemm) under the same type names.
"""
from ..framework import dtypes
from ..framework.op_def import define_op, register_gradient
from ..framework.shape_rules import FLOATING, require_dtypes
from ..framework.tensor_shape import TensorShape
from ..framework.tensor_util import partial_ints
from .constant_op import convert_to_tensor
from .shape_args import int_vector
from .shape_ops import shape as shape_of
from .window_args import check_nhwc, nhwc_list, padding_attrs, spatial_only, window_output_shape

_WINDOW_ATTRS = ("strides", "padding", "dilations", "explicit_paddings")


def _create(op_type, inputs, attrs, name):
    return inputs[0].graph.create_op(op_type, tuple(inputs), attrs, name or op_type)


def _same_dtype(a, b, what, op_type):
    if a._dtype is not b._dtype:
        raise TypeError(f"{op_type}: {what} must have the same dtype, got {a._dtype.name} ('{a.name}') and "
                        f"{b._dtype.name} ('{b.name}'); use tf.cast on one of them.")


def _rank4(shape, what, op_type):
    if shape.ndims is not None and shape.ndims != 4:
        raise ValueError(f"{op_type}: {what} must be 4-D ({'NHWC' if what != 'filter' else 'HWIO'}), "
                         f"got shape {shape}")
    return shape.ndims == 4


def _sizes(t, what, op_type):
    """The statically known value of a sizes vector (input_sizes, filter_sizes) as a TensorShape."""
    if t._dtype not in (dtypes.int32, dtypes.int64):
        raise TypeError(f"{op_type}: {what} must be int32 or int64, got {t._dtype.name}")
    v = partial_ints(t)
    if v is None:
        return TensorShape([None] * 4)
    if v.ndim != 1 or len(v) != 4:
        raise ValueError(f"{op_type}: {what} must be a vector of 4 sizes, got {list(v) if v.ndim else v}")
    return TensorShape(list(v))


def _conv_output(x_shape, f_shape, attrs, op_type):
    """Checks input against filter and returns the convolution's output shape."""
    known_x = _rank4(x_shape, "input", op_type)
    known_f = _rank4(f_shape, "filter", op_type)
    if not known_x:
        return TensorShape([None, None, None, f_shape[3].value if known_f else None])
    if not known_f:
        return TensorShape([x_shape[0].value, None, None, None])
    ic, fc = x_shape[3].value, f_shape[2].value
    if ic is not None and fc is not None and ic != fc:
        raise ValueError(f"{op_type}: the input has {ic} channels (shape {x_shape}) but the filter expects {fc} "
                         f"(shape {f_shape} = [height, width, in_channels, out_channels]); the filter's third "
                         f"dimension must equal the input's last.")
    kh, kw = f_shape[0].value, f_shape[1].value
    if kh is None or kw is None:
        return TensorShape([x_shape[0].value, None, None, f_shape[3].value])
    return window_output_shape(x_shape, (kh, kw), attrs, f_shape[3].value, op_type)


def _conv2d_infer(inputs, attrs):
    x, f = inputs
    require_dtypes(x, FLOATING, "Conv2D")
    _same_dtype(x, f, "input and filter", "Conv2D")
    return [(x._dtype, _conv_output(x._shape, f._shape, attrs, "Conv2D"))]


def _check_out_backprop(expected, got, op_type):
    if not expected.is_compatible_with(got):
        raise ValueError(f"{op_type}: out_backprop has shape {got} but the input, filter, strides and padding give "
                         f"{expected}")


def _backprop_input_infer(inputs, attrs):
    sizes, f, dy = inputs
    require_dtypes(f, FLOATING, "Conv2DBackpropInput")
    _same_dtype(f, dy, "filter and out_backprop", "Conv2DBackpropInput")
    x_shape = _sizes(sizes, "input_sizes", "Conv2DBackpropInput")
    _rank4(dy._shape, "out_backprop", "Conv2DBackpropInput")
    _check_out_backprop(_conv_output(x_shape, f._shape, attrs, "Conv2DBackpropInput"), dy._shape,
                        "Conv2DBackpropInput")
    return [(f._dtype, x_shape)]


def _backprop_filter_infer(inputs, attrs):
    x, sizes, dy = inputs
    require_dtypes(x, FLOATING, "Conv2DBackpropFilter")
    _same_dtype(x, dy, "input and out_backprop", "Conv2DBackpropFilter")
    f_shape = _sizes(sizes, "filter_sizes", "Conv2DBackpropFilter")
    _rank4(dy._shape, "out_backprop", "Conv2DBackpropFilter")
    _check_out_backprop(_conv_output(x._shape, f_shape, attrs, "Conv2DBackpropFilter"), dy._shape,
                        "Conv2DBackpropFilter")
    return [(x._dtype, f_shape)]


define_op("Conv2D", infer=_conv2d_infer)
define_op("Conv2DBackpropInput", infer=_backprop_input_infer)
define_op("Conv2DBackpropFilter", infer=_backprop_filter_infer)


def _window_attrs(op):
    return {k: op.get_attr(k) for k in _WINDOW_ATTRS if k in op._attrs}


@register_gradient("Conv2D")
def _conv2d_grad(op, grad):
    x, f = op.inputs
    attrs = _window_attrs(op)
    return [_create("Conv2DBackpropInput", (shape_of(x), f, grad), attrs, None)._outputs[0],
            _create("Conv2DBackpropFilter", (x, shape_of(f), grad), attrs, None)._outputs[0]]


@register_gradient("Conv2DBackpropInput")
def _conv2d_backprop_input_grad(op, grad):
    # out = BackpropInput(sizes, f, dy) is linear in f and in dy: its adjoints are a filter
    # gradient and a forward convolution.
    _, f, dy = op.inputs
    attrs = _window_attrs(op)
    return [None,
            _create("Conv2DBackpropFilter", (grad, shape_of(f), dy), attrs, None)._outputs[0],
            _create("Conv2D", (grad, f), attrs, None)._outputs[0]]


@register_gradient("Conv2DBackpropFilter")
def _conv2d_backprop_filter_grad(op, grad):
    x, _, dy = op.inputs
    attrs = _window_attrs(op)
    return [_create("Conv2DBackpropInput", (shape_of(x), grad, dy), attrs, None)._outputs[0],
            None,
            _create("Conv2D", (x, grad), attrs, None)._outputs[0]]


def conv_attrs(strides, padding, dilations, data_format, op_type):
    check_nhwc(data_format, op_type)
    attrs = {"strides": spatial_only(nhwc_list(strides, "strides"), "strides", op_type),
             "dilations": spatial_only(nhwc_list(dilations, "dilations", [1, 1, 1, 1]), "dilations", op_type),
             "data_format": "NHWC"}
    if padding is None:
        raise ValueError(f"{op_type}: padding is required ('SAME' or 'VALID')")
    attrs.update(padding_attrs(padding, op_type, allow_explicit=True))
    return attrs


def _pick(primary, alias, what):
    if primary is not None and alias is not None:
        raise ValueError(f"Cannot specify both '{what}' and its alias; pass one of them.")
    return primary if primary is not None else alias


def conv2d(input, filter=None, strides=None, padding=None, use_cudnn_on_gpu=True, data_format="NHWC",  # noqa: A002
           dilations=(1, 1, 1, 1), name=None, filters=None):
    """A 2-D convolution of NHWC `input` with an HWIO `filter`; strides/dilations are NHWC lists
    (or ints), padding 'SAME' (output size ceil(in / stride)) or 'VALID' (whole windows only).

    >>> conv = tf.nn.conv2d(X, filters, strides=[1, 2, 2, 1], padding="SAME")
    """
    f = _pick(filter, filters, "filter")
    if f is None:
        raise ValueError("conv2d needs a filter of shape [height, width, in_channels, out_channels]")
    x = convert_to_tensor(input)
    ft = convert_to_tensor(f, dtype=x.dtype if x.dtype.is_floating else None)
    attrs = conv_attrs(strides, padding, dilations, data_format, "Conv2D")
    return _create("Conv2D", (x, ft), attrs, name)._outputs[0]


def conv2d_backprop_input(input_sizes, filter=None, out_backprop=None, strides=None, padding=None,  # noqa: A002
                          use_cudnn_on_gpu=True, data_format="NHWC", dilations=(1, 1, 1, 1), name=None,
                          filters=None):
    """The gradient of conv2d with respect to its input, of shape `input_sizes`.

    >>> dx = tf.nn.conv2d_backprop_input(tf.shape(x), w, dy, [1, 1, 1, 1], "SAME")
    """
    f = convert_to_tensor(_pick(filter, filters, "filter"))
    dy = convert_to_tensor(out_backprop, dtype=f.dtype)
    sizes = int_vector(input_sizes, "input_sizes")
    attrs = conv_attrs(strides, padding, dilations, data_format, "Conv2DBackpropInput")
    return _create("Conv2DBackpropInput", (sizes, f, dy), attrs, name)._outputs[0]


def conv2d_backprop_filter(input, filter_sizes, out_backprop, strides, padding, use_cudnn_on_gpu=True,  # noqa: A002
                           data_format="NHWC", dilations=(1, 1, 1, 1), name=None):
    """The gradient of conv2d with respect to its filter, of shape `filter_sizes`.

    >>> dw = tf.nn.conv2d_backprop_filter(x, [3, 3, 1, 8], dy, [1, 1, 1, 1], "SAME")
    """
    x = convert_to_tensor(input)
    dy = convert_to_tensor(out_backprop, dtype=x.dtype)
    sizes = int_vector(filter_sizes, "filter_sizes")
    attrs = conv_attrs(strides, padding, dilations, data_format, "Conv2DBackpropFilter")
    return _create("Conv2DBackpropFilter", (x, sizes, dy), attrs, name)._outputs[0]


def conv2d_transpose(value=None, filter=None, output_shape=None, strides=None, padding="SAME",  # noqa: A002
                     data_format="NHWC", name=None, input=None, filters=None, dilations=None):  # noqa: A002
    """The transpose of conv2d (sometimes called deconvolution): maps a [batch, h, w, in_channels]
    value to `output_shape` with a filter of shape [height, width, out_channels, in_channels].

    >>> up = tf.nn.conv2d_transpose(x, w, output_shape=[batch, 14, 14, 16], strides=[1, 2, 2, 1])
    """
    v = convert_to_tensor(_pick(value, input, "value"))
    f = convert_to_tensor(_pick(filter, filters, "filter"), dtype=v.dtype)
    if output_shape is None:
        raise ValueError("conv2d_transpose needs output_shape ([batch, height, width, out_channels])")
    g = v.graph
    with g.as_default(), g.name_scope(name or "conv2d_transpose") as scope:
        sizes = int_vector(output_shape, "output_shape")
        out_sizes = _sizes(sizes, "output_shape", "conv2d_transpose")
        fs = f.shape
        if fs.ndims == 4 and v.shape.ndims == 4 and None not in (fs[3].value, v.shape[3].value) \
                and fs[3].value != v.shape[3].value:
            raise ValueError(f"conv2d_transpose: the value has {v.shape[3].value} channels (shape {v.shape}) but "
                             f"the filter's last dimension is {fs[3].value} (filter shape {fs} = [height, width, "
                             f"out_channels, in_channels])")
        if fs.ndims == 4 and None not in (fs[2].value, out_sizes[3].value) and fs[2].value != out_sizes[3].value:
            raise ValueError(f"conv2d_transpose: output_shape's last dimension is {out_sizes[3].value} but the "
                             f"filter's third dimension is {fs[2].value} (filter shape {fs} = [height, width, "
                             f"out_channels, in_channels])")
        attrs = conv_attrs(strides, padding, dilations, data_format, "Conv2DBackpropInput")
        return _create("Conv2DBackpropInput", (sizes, f, v), attrs, scope)._outputs[0]


"""Arguments and static shape rules shared by the convolution and pooling ops (NHWC): strides,
window sizes and dilations given as an int or a list of 1, 2 or 4 ints (as TF 1.14+), padding
'SAME' / 'VALID' (or explicit pairs for conv2d), and TF's output-size rule.

>>> nhwc_list(2, "strides")            # [1, 2, 2, 1]
>>> output_size(28, 5, 1, 1, "VALID")  # 24
"""
import numbers

from ..framework.tensor_shape import TensorShape


def nhwc_list(value, name, default=None):
    """An int or a list of 1, 2 or 4 ints as the 4-entry NHWC list the kernels take."""
    if value is None:
        if default is None:
            raise ValueError(f"{name} is required (e.g. {name}=[1, 1, 1, 1])")
        value = default
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        value = [value]
    try:
        v = [int(x) for x in value]
    except TypeError:
        raise TypeError(f"{name} must be an int or a list of ints, got {value!r}") from None
    if len(v) == 1:
        v = [1, v[0], v[0], 1]
    elif len(v) == 2:
        v = [1, v[0], v[1], 1]
    elif len(v) != 4:
        raise ValueError(f"{name} should be of length 1, 2 or 4 (NHWC), got {value!r}")
    if any(x < 1 for x in v):
        raise ValueError(f"{name} must hold positive ints, got {value!r}")
    return v


def positive_pair(value, name):
    """An int or a list of 2 positive ints, as (height, width): the layers' kernel_size, strides, ..."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        value = (value, value)
    try:
        pair = tuple(int(v) for v in value)
    except TypeError:
        raise TypeError(f"{name} must be an int or a list of 2 ints, got {value!r}") from None
    if len(pair) != 2 or any(v < 1 for v in pair):
        raise ValueError(f"{name} must be a positive int or a list of 2 positive ints, got {value!r}")
    return pair


def spatial_only(values, name, op_type):
    if values[0] != 1 or values[3] != 1:
        raise ValueError(f"{op_type}: {name} along the batch and depth dimensions must be 1 (NHWC "
                         f"[1, height, width, 1]), got {values}")
    return values


def padding_attrs(padding, op_type, allow_explicit=False):
    """{'padding': 'SAME'|'VALID'|'EXPLICIT', 'explicit_paddings': [8 ints] or absent}."""
    if isinstance(padding, str):
        p = padding.upper()
        if p not in ("SAME", "VALID"):
            raise ValueError(f"{op_type}: padding must be 'SAME' or 'VALID', got {padding!r}")
        return {"padding": p}
    if allow_explicit and isinstance(padding, (list, tuple)):
        pairs = [list(p) for p in padding]
        if len(pairs) != 4 or any(len(p) != 2 for p in pairs):
            raise ValueError(f"{op_type}: explicit padding must be 4 pairs [[0, 0], [top, bottom], [left, right], "
                             f"[0, 0]], got {padding!r}")
        flat = [int(x) for p in pairs for x in p]
        if flat[0] or flat[1] or flat[6] or flat[7]:
            raise ValueError(f"{op_type}: explicit padding of the batch and depth dimensions must be 0, got {padding!r}")
        if any(x < 0 for x in flat):
            raise ValueError(f"{op_type}: explicit padding must not be negative, got {padding!r}")
        return {"padding": "EXPLICIT", "explicit_paddings": flat}
    raise ValueError(f"{op_type}: padding must be 'SAME' or 'VALID'"
                     f"{' or a list of 4 pairs' if allow_explicit else ''}, got {padding!r}")


def check_nhwc(data_format, op_type):
    if data_format not in (None, "NHWC", "channels_last"):
        raise ValueError(f"{op_type} supports data_format='NHWC' (channels last) only, as TF 1.x does on CPU; "
                         f"got {data_format!r}. Transpose the input with tf.transpose(x, [0, 2, 3, 1]).")


def output_size(size, window, stride, dilation, padding, op_type="op", axis="height", pads=(0, 0)):
    """TF's output size along one axis (None when the input size is unknown)."""
    if size is None:
        return None
    effective = (window - 1) * dilation + 1
    if padding == "SAME":
        return -(-size // stride)
    if padding == "EXPLICIT":
        size = size + pads[0] + pads[1]
    if size < effective:
        raise ValueError(f"{op_type}: negative output size along {axis}: the window spans {effective} "
                         f"(size {window}, dilation {dilation}) but the input has {size}; use padding='SAME' or a "
                         f"smaller window")
    return (size - effective) // stride + 1


def window_output_shape(input_shape, window_hw, attrs, out_channels, op_type):
    """[batch, out_height, out_width, out_channels] of a windowed op over a known-rank input."""
    dims = input_shape.as_list()
    strides = attrs["strides"]
    dilations = attrs.get("dilations", [1, 1, 1, 1])
    pads = attrs.get("explicit_paddings", [0] * 8)
    h = output_size(dims[1], window_hw[0], strides[1], dilations[1], attrs["padding"], op_type, "height",
                    pads[2:4])
    w = output_size(dims[2], window_hw[1], strides[2], dilations[2], attrs["padding"], op_type, "width", pads[4:6])
    return TensorShape([dims[0], h, w, out_channels])

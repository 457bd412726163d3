"""tf.clip_by_value: clip a tensor (e.g. a gradient) into [min, max], built from Minimum and
Maximum as TF1 does, so its gradient is theirs (1 inside the range and at its ends, 0 outside).

>>> capped = [(tf.clip_by_value(g, -1.0, 1.0), v) for g, v in optimizer.compute_gradients(loss)]
"""
from ..framework.graph import get_default_graph
from .constant_op import convert_to_tensor
from .math_ops import maximum, minimum


def clip_by_value(t, clip_value_min, clip_value_max, name=None):
    """min(max(t, clip_value_min), clip_value_max) element-wise; the result has t's shape.

    >>> tf.clip_by_value(grad, -threshold, threshold)
    """
    g = get_default_graph()
    with g.name_scope(name or "clip_by_value") as scope:
        values = convert_to_tensor(t, name="t")
        t_min = minimum(values, clip_value_max)
        t_max = maximum(t_min, clip_value_min, name=scope)
        if not values.shape.is_compatible_with(t_max.shape) or (
                values.shape.ndims is not None and t_max.shape.ndims is not None
                and t_max.shape.ndims != values.shape.ndims):  # (an unknown rank may still fit, as in TF1)
            raise ValueError(f"clip_by_value would broadcast {values.name} of shape {values.shape} to "
                             f"{t_max.shape}; the clip values must broadcast to the tensor's shape")
    return t_max

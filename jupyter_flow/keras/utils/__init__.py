"""tf.keras.utils: to_categorical, and the custom-object scope model_from_json / load_model resolve class names
in."""
import numpy as np

from .generic_utils import CustomObjectScope, custom_object_scope, get_custom_objects


def to_categorical(y, num_classes=None, dtype="float32"):
    """One-hot rows for integer class labels (a trailing axis of size 1 is dropped, as in Keras)."""
    y = np.array(y, dtype="int")
    shape = y.shape
    if shape and shape[-1] == 1 and len(shape) > 1:
        shape = shape[:-1]
    y = y.ravel()
    num_classes = int(np.max(y)) + 1 if num_classes is None else num_classes
    out = np.zeros((y.shape[0], num_classes), dtype=dtype)
    out[np.arange(y.shape[0]), y] = 1
    return out.reshape(shape + (num_classes,))


__all__ = ["CustomObjectScope", "custom_object_scope", "get_custom_objects", "to_categorical"]

"""Reading one feature out of the features dict (a clear error when it is missing)."""
from ..ops.constant_op import convert_to_tensor


def feature_tensor(features, key):
    if not isinstance(features, dict):
        raise ValueError(f"feature columns read a dict of features, got {type(features).__name__}; have input_fn "
                         f"return ({{'{key}': x}}, labels) (numpy_input_fn(x={{'{key}': x}}, ...)).")
    if key not in features:
        raise ValueError(f"The features dict has no entry '{key}' (it has {sorted(map(str, features))}); a "
                         f"feature column's key must name one of them.")
    return convert_to_tensor(features[key])

"""tf.keras.initializers: Keras' names ('glorot_uniform', 'zeros', 'he_normal', ...) for our tf initializers.

>>> tf.keras.layers.Dense(10, kernel_initializer='he_normal')
"""
from ..ops import init_ops
from ..ops.init_ops import (Constant, GlorotNormal, GlorotUniform, Initializer, Ones, RandomNormal,  # noqa: F401
                            RandomUniform, TruncatedNormal, VarianceScaling, Zeros)
from .initializers_orthogonal import Orthogonal


def _variance(scale, mode, distribution):
    return lambda seed=None: VarianceScaling(scale, mode, distribution, seed)


he_normal = _variance(2.0, "fan_in", "truncated_normal")
he_uniform = _variance(2.0, "fan_in", "uniform")
lecun_normal = _variance(1.0, "fan_in", "truncated_normal")
lecun_uniform = _variance(1.0, "fan_in", "uniform")
glorot_uniform, glorot_normal = GlorotUniform, GlorotNormal
zeros, ones, constant = Zeros, Ones, Constant
random_normal, random_uniform, truncated_normal = RandomNormal, RandomUniform, TruncatedNormal
variance_scaling = VarianceScaling
orthogonal = Orthogonal

_BY_NAME = {
    "glorot_uniform": GlorotUniform, "glorot_normal": GlorotNormal, "zeros": Zeros, "zero": Zeros, "ones": Ones,
    "one": Ones, "constant": Constant, "random_normal": RandomNormal, "normal": RandomNormal,
    "random_uniform": RandomUniform, "uniform": RandomUniform, "truncated_normal": TruncatedNormal,
    "variance_scaling": VarianceScaling, "he_normal": he_normal, "he_uniform": he_uniform,
    "lecun_normal": lecun_normal, "lecun_uniform": lecun_uniform, "orthogonal": Orthogonal,
}
_BY_CLASS = {"GlorotUniform": GlorotUniform, "GlorotNormal": GlorotNormal, "Zeros": Zeros, "Ones": Ones,
             "Constant": Constant, "RandomNormal": RandomNormal, "RandomUniform": RandomUniform,
             "TruncatedNormal": TruncatedNormal, "VarianceScaling": VarianceScaling,
             "Orthogonal": Orthogonal}


def get(identifier):
    """An initializer from a name ('he_normal'), a {'class_name', 'config'} dict, or a callable (as is)."""
    if identifier is None or callable(identifier):
        return identifier
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if isinstance(identifier, str):
        key = identifier if identifier in _BY_NAME else identifier.lower()
        if key in _BY_NAME:
            return _BY_NAME[key]()
        if identifier in _BY_CLASS:
            return _BY_CLASS[identifier]()
    raise ValueError(f"Could not interpret initializer identifier: {identifier!r}; use one of {sorted(_BY_NAME)} "
                     f"or an initializer object.")


def serialize(initializer):
    config = dict(initializer.get_config()) if hasattr(initializer, "get_config") else {}
    if type(initializer) is Constant:
        value = initializer.value
        config.setdefault("value", value.tolist() if hasattr(value, "tolist") else value)
    if isinstance(getattr(initializer, "dtype", None), init_ops.dtypes.DType):
        config.setdefault("dtype", initializer.dtype.name)
    return {"class_name": type(initializer).__name__, "config": config}


def deserialize(config):
    cls = _BY_CLASS.get(config["class_name"])
    if cls is None:
        raise ValueError(f"Unknown initializer: {config['class_name']}")
    return cls(**config.get("config", {}))

"""tf.keras.optimizers as TF 1.15 graph programs see them: each Keras optimizer is one of our tf.train optimizers
with Keras's defaults (learning rate 0.01 for SGD, 0.001 otherwise; epsilon 1e-7), where the update math is the
same. `lr` is accepted as the old spelling of `learning_rate`."""
import inspect

from .. import train as _train


class _KerasConfig:
    """get_config(): the constructor's arguments as Keras writes them (name, learning_rate, ...)."""

    def get_config(self):
        config = {"name": self._name, "learning_rate": float(self.learning_rate)}
        for key in inspect.signature(type(self).__init__).parameters:
            if key not in ("self", "kwargs", "name", "learning_rate") and hasattr(self, "_keras_" + key):
                config[key] = getattr(self, "_keras_" + key)
        return config

    def _remember(self, **values):
        for key, value in values.items():
            setattr(self, "_keras_" + key, value)


def _rate(learning_rate, kwargs, default):
    if "lr" in kwargs:
        learning_rate = kwargs.pop("lr")
    if kwargs:
        raise TypeError(f"unexpected keyword arguments {sorted(kwargs)} for a Keras optimizer")
    return default if learning_rate is None else learning_rate


class SGD(_KerasConfig, _train.MomentumOptimizer):
    """Plain gradient descent when momentum == 0 (the ApplyMomentum update with momentum 0 is the same step)."""

    def __init__(self, learning_rate=None, momentum=0.0, nesterov=False, name="SGD", **kwargs):
        self.learning_rate = _rate(learning_rate, kwargs, 0.01)
        self.momentum, self.nesterov = momentum, nesterov
        self._remember(momentum=momentum, nesterov=nesterov)
        super().__init__(self.learning_rate, momentum, name=name, use_nesterov=nesterov)


class Adam(_KerasConfig, _train.AdamOptimizer):
    def __init__(self, learning_rate=None, beta_1=0.9, beta_2=0.999, epsilon=1e-7, amsgrad=False, name="Adam",
                 **kwargs):
        if amsgrad:
            raise NotImplementedError("Adam(amsgrad=True) is not provided; use amsgrad=False")
        self.learning_rate = _rate(learning_rate, kwargs, 0.001)
        self._remember(beta_1=beta_1, beta_2=beta_2, epsilon=epsilon, amsgrad=amsgrad)
        super().__init__(self.learning_rate, beta_1, beta_2, epsilon, name=name)


class RMSprop(_KerasConfig, _train.RMSPropOptimizer):
    """Keras starts the mean-square accumulator at 0 (tf.train.RMSPropOptimizer starts it at 1)."""

    def __init__(self, learning_rate=None, rho=0.9, momentum=0.0, epsilon=1e-7, centered=False, name="RMSprop",
                 **kwargs):
        self.learning_rate = _rate(learning_rate, kwargs, 0.001)
        self._remember(rho=rho, momentum=momentum, epsilon=epsilon, centered=centered)
        super().__init__(self.learning_rate, rho, momentum, epsilon, centered=centered, name=name)

    def _create_slots(self, var_list):
        for v in var_list:
            self._zeros_slot(v, "rms", self._name)
            if self._centered:
                self._zeros_slot(v, "mg", self._name)
            self._zeros_slot(v, "momentum", self._name)


class Adagrad(_KerasConfig, _train.AdagradOptimizer):
    def __init__(self, learning_rate=None, initial_accumulator_value=0.1, epsilon=1e-7, name="Adagrad", **kwargs):
        self.learning_rate = _rate(learning_rate, kwargs, 0.001)
        self._remember(initial_accumulator_value=initial_accumulator_value, epsilon=epsilon)
        super().__init__(self.learning_rate, initial_accumulator_value, name=name)


class Adadelta(_KerasConfig, _train.AdadeltaOptimizer):
    def __init__(self, learning_rate=None, rho=0.95, epsilon=1e-7, name="Adadelta", **kwargs):
        self.learning_rate = _rate(learning_rate, kwargs, 0.001)
        self._remember(rho=rho, epsilon=epsilon)
        super().__init__(self.learning_rate, rho, epsilon, name=name)


_BY_NAME = {"sgd": SGD, "adam": Adam, "rmsprop": RMSprop, "adagrad": Adagrad, "adadelta": Adadelta}


def get(identifier):
    """An optimizer from a name ('sgd', 'adam', ...) or an optimizer instance (ours or a tf.train one)."""
    if isinstance(identifier, _train.Optimizer):
        return identifier
    if isinstance(identifier, str) and identifier.lower() in _BY_NAME:
        return _BY_NAME[identifier.lower()]()
    raise ValueError(f"Could not interpret optimizer identifier: {identifier!r}; "
                     f"use one of {sorted(_BY_NAME)} or an optimizer instance")


def deserialize(config):
    """An optimizer from {'class_name': 'SGD', 'config': {...}} (a saved model's training config); arguments
    newer Keras writes that these optimizers do not take (decay 0, clipnorm None, ...) are dropped."""
    name = config["class_name"]
    cls = {c.__name__.lower(): c for c in _BY_NAME.values()}.get(name.lower())
    if cls is None:
        raise ValueError(f"Unknown optimizer: {name}; use one of {sorted(c.__name__ for c in _BY_NAME.values())}")
    accepted = set(inspect.signature(cls.__init__).parameters) - {"self", "kwargs"}
    return cls(**{k: v for k, v in config.get("config", {}).items() if k in accepted})

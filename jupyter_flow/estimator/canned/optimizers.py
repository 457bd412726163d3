"""The optimizer argument of the canned estimators: a name ('Adagrad', 'Adam', 'Ftrl', 'RMSProp',
'SGD') with the estimator's default learning rate, an Optimizer, or a function returning one."""
from ...train import (AdagradOptimizer, AdamOptimizer, FtrlOptimizer, GradientDescentOptimizer, Optimizer,
                      RMSPropOptimizer)

OPTIMIZER_CLASSES = {"Adagrad": AdagradOptimizer, "Adam": AdamOptimizer, "Ftrl": FtrlOptimizer,
                     "RMSProp": RMSPropOptimizer, "SGD": GradientDescentOptimizer}


def get_optimizer_instance(opt, learning_rate=None):
    if isinstance(opt, str):
        if opt not in OPTIMIZER_CLASSES:
            raise ValueError(f"Unsupported optimizer name: {opt}. Supported names are: "
                             f"{tuple(sorted(OPTIMIZER_CLASSES))}")
        if learning_rate is None:
            raise ValueError("learning_rate must be specified when opt is string.")
        return OPTIMIZER_CLASSES[opt](learning_rate=learning_rate)
    if callable(opt) and not isinstance(opt, Optimizer):
        opt = opt()
    if not isinstance(opt, Optimizer):
        raise ValueError(f"The given object is not an Optimizer instance. Given: {opt}")
    return opt

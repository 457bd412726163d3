"""tf.ConfigProto and tf.GPUOptions: the session options TF1 programs pass to tf.Session(config=...).

>>> config = tf.ConfigProto(intra_op_parallelism_threads=1)
>>> sess = tf.Session(config=config)

intra_op_parallelism_threads is how many threads one op (a large matmul) may use;
inter_op_parallelism_threads how many independent steps of one run may run at once (1: every
run goes in order on the calling thread). As in TF1, whose thread pools are process-wide by
default, a setting applies to the whole process from the Session that sets it; 0 means "choose
from the machine". The other fields are kept so TF1 code runs unchanged: there is no GPU.
"""


class _Message:
    _fields: dict = {}

    def __init__(self, **fields):
        for name, default in self._fields.items():
            setattr(self, name, default() if callable(default) else default)
        for name, value in fields.items():
            if name not in self._fields:
                raise ValueError(f'Protocol message {type(self).__name__} has no "{name}" field. '
                                 f"Known fields: {', '.join(sorted(self._fields))}.")
            setattr(self, name, value)

    def __repr__(self):
        changed = [f"{n}={getattr(self, n)!r}" for n, d in self._fields.items()
                   if not callable(d) and getattr(self, n) != d]
        return f"{type(self).__name__}({', '.join(changed)})"


class GPUOptions(_Message):
    """GPU memory options; accepted and ignored (jupyter_flow runs on the CPU).

    >>> config = tf.ConfigProto(gpu_options=tf.GPUOptions(allow_growth=True))
    """

    _fields = {"allow_growth": False, "per_process_gpu_memory_fraction": 0.0, "visible_device_list": ""}


class ConfigProto(_Message):
    """Session options; `intra_op_parallelism_threads` / `inter_op_parallelism_threads` set how many
    threads one op / one run's independent steps may use.

    >>> sess = tf.Session(config=tf.ConfigProto(intra_op_parallelism_threads=2))
    """

    _fields = {
        "intra_op_parallelism_threads": 0,
        "inter_op_parallelism_threads": 0,
        "use_per_session_threads": False,
        "allow_soft_placement": False,
        "log_device_placement": False,
        "device_count": dict,
        "gpu_options": GPUOptions,
    }


def apply_config(config, engine_module):
    """Apply a Session's ConfigProto to the engine (called by Session.__init__)."""
    if config is None:
        return
    for field, setter in (("intra_op_parallelism_threads", engine_module.set_intra_op_threads),
                          ("inter_op_parallelism_threads", engine_module.set_inter_op_threads)):
        threads = getattr(config, field)
        if not isinstance(threads, int) or isinstance(threads, bool) or threads < 0:
            raise ValueError(f"ConfigProto.{field} must be an int >= 0, got {threads!r}.")
        if threads > 0:
            setter(threads)

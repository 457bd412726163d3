"""Reading checkpoints without a graph (TF1's tf.train.NewCheckpointReader, load_checkpoint,
list_variables, load_variable): inspect what a Saver wrote, by variable name."""
import os

from ..framework import errors
from ..framework.dtypes import as_dtype
from .checkpoint_format import read_checkpoint_values
from .checkpoint_state import latest_checkpoint


class CheckpointReader:
    """The variables of one checkpoint, read once (TF1's pywrap CheckpointReader).

    >>> reader = tf.train.NewCheckpointReader("/tmp/my_model.ckpt")
    >>> reader.get_tensor("theta")   # the saved value, a NumPy array
    """

    def __init__(self, prefix):
        self._prefix = os.fspath(prefix)
        self._arrays = read_checkpoint_values(self._prefix)

    def has_tensor(self, tensor_str):
        return tensor_str in self._arrays

    def get_tensor(self, tensor_str):
        """The saved value of `tensor_str` (a variable's op name, e.g. 'theta')."""
        try:
            return self._arrays[tensor_str].copy()
        except KeyError:
            raise errors.NotFoundError(None, None, f"Key {tensor_str} not found in checkpoint {self._prefix}; it "
                                                   f"holds {sorted(self._arrays)}") from None

    def get_variable_to_shape_map(self):
        """{variable name: shape as a list of ints}."""
        return {name: list(a.shape) for name, a in self._arrays.items()}

    def get_variable_to_dtype_map(self):
        """{variable name: tf.DType}."""
        return {name: as_dtype(a.dtype) for name, a in self._arrays.items()}

    def debug_string(self):
        lines = [f"{name} ({as_dtype(a.dtype).name}) {list(a.shape)}" for name, a in sorted(self._arrays.items())]
        return ("\n".join(lines) + "\n").encode()


def NewCheckpointReader(filepattern):  # noqa: N802 - TF1's name
    """A CheckpointReader of the checkpoint prefix `filepattern` (NotFoundError if there is none).

    >>> shapes = tf.train.NewCheckpointReader(saver.save(sess, path)).get_variable_to_shape_map()
    """
    return CheckpointReader(filepattern)


def load_checkpoint(ckpt_dir_or_file):
    """The CheckpointReader of a checkpoint prefix, or of the newest checkpoint of a directory.

    >>> reader = tf.train.load_checkpoint("/tmp/model_dir")
    """
    prefix = _checkpoint_filename(ckpt_dir_or_file)
    if prefix is None:
        raise ValueError(f"Couldn't find 'checkpoint' file or checkpoints in given directory {ckpt_dir_or_file}")
    return CheckpointReader(prefix)


def list_variables(ckpt_dir_or_file):
    """[(name, shape)] of every variable in the checkpoint, sorted by name.

    >>> tf.train.list_variables("/tmp/model_dir")   # [('global_step', []), ('theta', [9, 1])]
    """
    shapes = load_checkpoint(ckpt_dir_or_file).get_variable_to_shape_map()
    return [(name, shapes[name]) for name in sorted(shapes)]


def load_variable(ckpt_dir_or_file, name):
    """The saved value of variable `name` ('theta' or 'theta:0').

    >>> theta = tf.train.load_variable("/tmp/model_dir", "theta")
    """
    if name.endswith(":0"):
        name = name[:-2]
    return load_checkpoint(ckpt_dir_or_file).get_tensor(name)


def _checkpoint_filename(ckpt_dir_or_file):
    path = os.fspath(ckpt_dir_or_file)
    if os.path.isdir(path):
        return latest_checkpoint(path)
    return path

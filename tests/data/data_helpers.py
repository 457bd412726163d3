"""Running a dataset to its end in a session, as TF1 programs do."""
import numpy as np

import jupyter_flow as tf


def run_all(dataset, sess=None, iterator=None):
    """Every element of `dataset` (a one-shot iterator's), read until OutOfRangeError."""
    x = (iterator or dataset.make_one_shot_iterator()).get_next()
    out = []
    own = sess is None
    sess = sess or tf.Session()
    try:
        while True:
            try:
                out.append(sess.run(x))
            except tf.errors.OutOfRangeError:
                break
    finally:
        if own:
            sess.close()
    return out


def as_lists(values):
    """NumPy leaves as lists (scalars as Python numbers), for literal comparisons."""
    if isinstance(values, dict):
        return {k: as_lists(v) for k, v in values.items()}
    if isinstance(values, (list, tuple)):
        return type(values)(as_lists(v) for v in values)
    if isinstance(values, np.ndarray):
        return values.tolist()
    if isinstance(values, np.generic):
        return values.item()
    return values

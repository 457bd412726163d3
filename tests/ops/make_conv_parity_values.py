"""Regenerates conv_parity_values.py from real TensorFlow (not run by the test suite).

    TF_CPP_MIN_LOG_LEVEL=3 /path/to/python-with-tensorflow tests/ops/make_conv_parity_values.py
"""
import pathlib
import sys

import numpy as np
import tensorflow as real_tf
import tensorflow.compat.v1 as tf

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from conv_parity_cases import CASES  # noqa: E402

tf.disable_v2_behavior()
lines = [f'"""Values computed by TensorFlow {real_tf.__version__} (tensorflow.compat.v1) for the graphs of',
         'conv_parity_cases.py; written by make_conv_parity_values.py."""',
         "# fmt: off", "VALUES = {"]
np.set_printoptions(threshold=sys.maxsize, floatmode="unique", linewidth=110)
for name, build in CASES.items():
    with tf.Graph().as_default(), tf.Session() as sess:
        tensors = build(tf)
        values = sess.run(tensors)
    lines.append(f"    {name!r}: {{")
    for key, v in values.items():
        lines.append(f"        {key!r}: {np.asarray(v).tolist()!r},")
    lines.append("    },")
lines.append("}")
out = pathlib.Path(__file__).parent / "conv_parity_values.py"
out.write_text("\n".join(lines) + "\n")
print(f"wrote {out}")

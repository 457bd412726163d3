"""A TF1 estimator program, imports included, runs unchanged under the tensorflow alias (in a fresh
subprocess: the alias changes the import system)."""
import os
import subprocess
import sys
import textwrap

PROGRAM = """
    import gzip, os, sys
    import numpy as np
    import jupyter_flow
    jupyter_flow.install_as_tensorflow(force=True)
    import tensorflow as tf
    from tensorflow.examples.tutorials.mnist import input_data
    from tensorflow.keras.datasets import mnist

    data_dir = sys.argv[1]
    rng = np.random.RandomState(0)
    def write(name, array, magic):
        with gzip.open(os.path.join(data_dir, name), "wb") as f:
            f.write(magic.to_bytes(4, "big") + b"".join(int(d).to_bytes(4, "big") for d in array.shape)
                    + array.astype(np.uint8).tobytes())
    labels = np.arange(200) % 2
    images = (labels[:, None, None] * 200 + rng.randint(0, 50, (200, 28, 28))).astype(np.uint8)
    for prefix in ("train", "t10k"):
        write(prefix + "-images-idx3-ubyte.gz", images, 2051)
        write(prefix + "-labels-idx1-ubyte.gz", labels, 2049)

    tf.logging.set_verbosity(tf.logging.INFO)
    mnist_data = input_data.read_data_sets(data_dir, validation_size=0)
    feature_cols = [tf.feature_column.numeric_column("X", shape=[28 * 28])]
    dnn_clf = tf.estimator.DNNClassifier(hidden_units=[16], n_classes=10, feature_columns=feature_cols,
                                         model_dir=os.path.join(data_dir, "model"),
                                         config=tf.estimator.RunConfig(tf_random_seed=42))
    input_fn = tf.estimator.inputs.numpy_input_fn(x={"X": mnist_data.train.images},
                                                  y=mnist_data.train.labels.astype(np.int32),
                                                  num_epochs=5, batch_size=20, shuffle=True)
    dnn_clf.train(input_fn=input_fn)
    test_input_fn = tf.estimator.inputs.numpy_input_fn(x={"X": mnist_data.test.images},
                                                       y=mnist_data.test.labels.astype(np.int32), shuffle=False)
    eval_results = dnn_clf.evaluate(input_fn=test_input_fn)
    print("accuracy", eval_results["accuracy"], "global_step", eval_results["global_step"])
    try:
        mnist.load_data(path=os.path.join(data_dir, "mnist.npz"))
    except FileNotFoundError as e:
        print("missing:", "mnist.npz" in str(e))
"""


def test_tf1_estimator_program_runs_unchanged(tmp_path):
    script = tmp_path / "program.py"
    script.write_text(textwrap.dedent(PROGRAM))
    result = subprocess.run([sys.executable, str(script), str(tmp_path)], capture_output=True, text=True,
                            timeout=300, env=dict(os.environ))
    assert result.returncode == 0, result.stderr
    words = result.stdout.split()
    assert words[0] == "accuracy" and float(words[1]) >= 0.95 and words[2:4] == ["global_step", "50"]
    assert "missing: True" in result.stdout
    assert "INFO:tensorflow:Saving checkpoints for 50 into" in result.stderr  # tf.logging shows the estimator's log

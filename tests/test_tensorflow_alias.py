"""install_as_tensorflow and %tensorflow_alias, each in a fresh Python subprocess (the alias
changes the process's import system)."""
import subprocess
import sys
import textwrap


def _run(code, tmp_path, extra_path=None):
    env_path = [str(extra_path)] if extra_path else []
    script = tmp_path / "program.py"
    script.write_text(textwrap.dedent(code))
    import os
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(env_path + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p])
    result = subprocess.run([sys.executable, "-W", "always", str(script)], capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout, result.stderr


TF1_PROGRAM = """
    import numpy as np
    import jupyter_flow
    assert jupyter_flow.install_as_tensorflow() is True
    assert jupyter_flow.install_as_tensorflow() is True   # idempotent, warns once
    import tensorflow as tf
    import tensorflow.compat.v1 as tf1
    tf1.disable_v2_behavior()
    from tensorflow.contrib.layers import fully_connected, batch_norm
    from tensorflow.contrib.framework import arg_scope
    assert tf.__version__.startswith("1.15.0+jupyter_flow")
    X = tf1.placeholder(tf.float32, (None, 3))
    training = tf.placeholder_with_default(False, ())
    with arg_scope([fully_connected], normalizer_fn=batch_norm,
                   normalizer_params={"is_training": training, "updates_collections": None}):
        h = fully_connected(X, 4)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        print("shape", sess.run(h, {X: np.ones((2, 3), np.float32), training: True}).shape)
    from tensorflow.keras.layers import Dense
    print("keras layer", Dense(2)(X).name)
    try:
        tf.keras.applications
    except AttributeError as e:
        print("missing:", e)
    import tensorflow.contrib.slim as slim
    print("slim", slim.conv2d is tf.contrib.slim.conv2d)
    try:
        import tensorflow.contrib.tpu
    except ImportError as e:
        print("missing module:", e)
    jupyter_flow.uninstall_tensorflow_alias()
    try:
        import tensorflow
        print("after uninstall: found", tensorflow)
    except ImportError:
        print("after uninstall: no tensorflow")
"""


def test_tf1_program_runs_unchanged_under_the_alias(tmp_path):
    out, err = _run(TF1_PROGRAM, tmp_path)
    assert "shape (2, 4)" in out
    assert "keras layer dense/BiasAdd:0" in out
    assert "missing: tensorflow.keras.applications (TensorFlow 1.x API) is not provided by jupyter_flow" in out
    assert "slim True" in out
    assert "missing module: No module named 'tensorflow.contrib.tpu'" in out
    assert err.count("`import tensorflow` now gives jupyter_flow") == 1


def test_an_installed_tensorflow_is_not_shadowed_unless_forced(tmp_path):
    fake = tmp_path / "site"
    (fake / "tensorflow").mkdir(parents=True)
    (fake / "tensorflow" / "__init__.py").write_text("REAL = True\n")
    out, err = _run("""
        import jupyter_flow
        print("installed:", jupyter_flow.install_as_tensorflow())
        import tensorflow
        print("real:", getattr(tensorflow, "REAL", False))
        print("forced:", jupyter_flow.install_as_tensorflow(force=True))
        import tensorflow
        print("now:", tensorflow.constant is jupyter_flow.constant)
    """, tmp_path, extra_path=fake)
    assert "installed: False" in out and "real: True" in out
    assert "forced: True" in out and "now: True" in out
    assert "A real TensorFlow is installed" in err


def test_tensorflow_alias_magic_in_ipython(tmp_path):
    out, _ = _run("""
        from IPython.testing.globalipapp import start_ipython
        ip = start_ipython()
        ip.run_line_magic("load_ext", "jupyter_flow")
        ip.run_line_magic("tensorflow_alias", "status")
        ip.run_line_magic("tensorflow_alias", "on")
        ip.run_cell("import tensorflow as tf; print('alias:', tf.constant(2).eval())", store_history=False)
        ip.run_line_magic("tensorflow_alias", "off")
        ip.run_line_magic("tensorflow_alias", "status")
        try:
            ip.run_line_magic("tensorflow_alias", "maybe")
        except ValueError as e:
            print("bad:", e)
    """, tmp_path)
    lines = out.splitlines()
    assert lines[0] == "off" and "import tensorflow now gives jupyter_flow" in out
    assert "alias: 2" in out and lines[-2] == "off" and "bad: usage: %tensorflow_alias" in out


TIMELINE_PROGRAM = """
    import json
    import jupyter_flow
    jupyter_flow.install_as_tensorflow()
    import tensorflow as tf
    from tensorflow.python.client import timeline
    x = tf.placeholder(tf.float32, [2])
    y = tf.square(x, name="sq")
    run_metadata = tf.RunMetadata()
    with tf.Session() as sess:
        sess.run(y, {x: [1, 2]}, options=tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE),
                 run_metadata=run_metadata)
    trace = json.loads(timeline.Timeline(run_metadata.step_stats).generate_chrome_trace_format())
    print([e["args"]["name"] for e in trace["traceEvents"] if e["ph"] == "X"])
"""


def test_tf1_timeline_import_path_works_under_the_alias(tmp_path):
    out, _ = _run(TIMELINE_PROGRAM, tmp_path)
    assert out == "['sq']\n"

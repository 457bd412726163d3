"""Under install_as_tensorflow, tensorflow.compat.v1's behaviour switches and gradient APIs are
jupyter_flow's own objects (one implementation), and tensorflow.compat has as_bytes/as_text
(a fresh subprocess: the alias changes the import system)."""
import subprocess
import sys
import textwrap


def test_the_alias_takes_the_compat_surface_from_jupyter_flow():
    code = textwrap.dedent("""
        import warnings; warnings.simplefilter("ignore")
        import jupyter_flow
        jupyter_flow.install_as_tensorflow(force=True)
        import tensorflow as tf
        import tensorflow.compat.v1 as v1
        names = ["disable_v2_behavior", "disable_eager_execution", "enable_eager_execution", "enable_v2_behavior",
                 "executing_eagerly", "disable_resource_variables", "disable_tensor_equality", "RegisterGradient",
                 "custom_gradient", "make_template", "broadcast_to", "get_logger", "NotDifferentiable"]
        print(all(getattr(v1, n) is getattr(jupyter_flow, n) for n in names))
        print(tf.compat.as_bytes("x"), tf.compat.as_text(b"y"), tf.compat.v1 is v1)
        try:
            v1.enable_eager_execution()
        except NotImplementedError:
            print("refused")
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "b'x'", "y", "True", "refused"]

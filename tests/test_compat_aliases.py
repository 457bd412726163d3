"""`from tensorflow.contrib.training import HParams` and the other TF1 module imports of the compat
APIs work under install_as_tensorflow (a fresh subprocess: the alias changes the import system)."""
import subprocess
import sys


def test_tf1_module_imports_of_the_compat_apis():
    code = (
        "import jupyter_flow; jupyter_flow.install_as_tensorflow()\n"
        "from tensorflow.contrib.training import HParams\n"
        "from tensorflow.contrib.metrics import streaming_accuracy\n"
        "from tensorflow.distributions import Normal\n"
        "from tensorflow.gfile import GFile, Exists\n"
        "from tensorflow.io.gfile import exists\n"
        "print(HParams(a=1).parse('a=2').a, Exists('/'), exists('/'), Normal.__name__, streaming_accuracy.__name__)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["2", "True", "True", "Normal", "streaming_accuracy"]

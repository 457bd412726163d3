"""TF1-era programs written the way their authors wrote them (Hands-On ML 1st ed., aymericdamien's
TensorFlow-Examples, hunkim's DeepLearningZeroToAll, the official TF 1.x tutorials), changed only
to use offline data; each asserts on what it learned (accuracy, loss drop, restored values).
Scripts that say `import tensorflow as tf` run with install_as_tensorflow() in effect, as a user's
unchanged program would."""
import pathlib
import runpy
import warnings

import pytest

import jupyter_flow as tf

SCRIPTS = sorted((pathlib.Path(__file__).parent / "tf1_scripts").glob("p*.py"))


@pytest.mark.parametrize("script", SCRIPTS, ids=[s.stem for s in SCRIPTS])
def test_tf1_program_runs_unchanged_and_learns(script):
    tf.reset_default_graph()
    aliased = "import tensorflow" in script.read_text() and not tf.tensorflow_alias_is_on()
    if aliased:
        with warnings.catch_warnings():  # the alias announces itself once per process; expected here
            warnings.simplefilter("ignore", UserWarning)
            assert tf.install_as_tensorflow(), "a real TensorFlow is installed; these scripts need the alias"
    try:
        runpy.run_path(str(script), run_name="__main__")
    except SystemExit as done:  # tf.app.run exits with main's return value
        assert done.code in (0, None), done.code
    finally:
        if aliased:
            tf.uninstall_tensorflow_alias()

"""Run TF1 programs unchanged: after install_as_tensorflow(), `import tensorflow as tf`,
`import tensorflow.compat.v1 as tf` and `from tensorflow.contrib.layers import fully_connected`
give jupyter_flow.

>>> import jupyter_flow; jupyter_flow.install_as_tensorflow()
>>> import tensorflow as tf      # jupyter_flow, with TF1's API
An installed TensorFlow is never shadowed unless force=True. Names jupyter_flow does not provide
fail with an error naming the TF1 API (tensorflow.keras.applications, tensorflow.contrib.tpu ...).
"""
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import types
import warnings

_STATE = {"finder": None, "warned": False}


class TensorFlowAliasModule(types.ModuleType):
    """A module named like a TensorFlow one whose attributes come from a jupyter_flow module; a
    missing attribute raises AttributeError naming the TF1 API."""

    def __init__(self, name, target, extras=None):
        super().__init__(name, f"jupyter_flow standing in for {name}")
        self.__path__ = []  # a package, so submodules import through the finder
        self._target = target
        self._extras = extras or {}

    def __getattr__(self, attr):
        if attr in self._extras:
            return self._extras[attr]
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)
        try:
            return getattr(self._target, attr)
        except AttributeError:
            raise AttributeError(f"{self.__name__}.{attr} (TensorFlow 1.x API) is not provided by jupyter_flow; "
                                 f"see the README's 'TF1 programs' section for what is, or write it with the "
                                 f"ops that are (import jupyter_flow as tf; dir(tf)).") from None

    def __dir__(self):
        return sorted(set(dir(self._target)) | set(self._extras))


def _modules():
    import jupyter_flow
    import jupyter_flow.contrib as contrib
    extras = {"__version__": "1.15.0+jupyter_flow." + jupyter_flow.__version__}
    # disable_v2_behavior, executing_eagerly ... and tf.compat.as_bytes ... are jupyter_flow's own
    # (framework/behavior.py, compat/): the alias only renames the modules.
    v1 = TensorFlowAliasModule("tensorflow.compat.v1", jupyter_flow, dict(extras))
    compat = TensorFlowAliasModule("tensorflow.compat", jupyter_flow.compat, {"v1": v1})
    contrib_alias = TensorFlowAliasModule("tensorflow.contrib", contrib)
    layers = TensorFlowAliasModule("tensorflow.contrib.layers", contrib.layers)
    framework = TensorFlowAliasModule("tensorflow.contrib.framework", contrib.framework)
    rnn = TensorFlowAliasModule("tensorflow.contrib.rnn", contrib.rnn)
    contrib_alias._extras.update(layers=layers, framework=framework, rnn=rnn)  # slim, losses: _package_aliases
    # `from tensorflow.python.client import timeline` (TF1's Chrome traces of RunMetadata)
    import jupyter_flow.client.timeline as timeline_module
    timeline = TensorFlowAliasModule("tensorflow.python.client.timeline", timeline_module)
    client = TensorFlowAliasModule("tensorflow.python.client", types.SimpleNamespace(), {"timeline": timeline})
    # `from tensorflow.python.framework import graph_util` (freezing tutorials)
    import jupyter_flow.framework.graph_util as graph_util_module
    graph_util = TensorFlowAliasModule("tensorflow.python.framework.graph_util", graph_util_module)
    py_framework = TensorFlowAliasModule("tensorflow.python.framework", types.SimpleNamespace(),
                                         {"graph_util": graph_util})
    # `from tensorflow.python.saved_model import builder, tag_constants` (TF1 serving tutorials)
    import jupyter_flow.saved_model as saved_model_package
    py_saved_model = TensorFlowAliasModule("tensorflow.python.saved_model", saved_model_package)
    saved_model_modules = {f"tensorflow.python.saved_model.{m}": TensorFlowAliasModule(
        f"tensorflow.python.saved_model.{m}", getattr(saved_model_package, m)) for m in _SAVED_MODEL_MODULES}
    python = TensorFlowAliasModule("tensorflow.python", types.SimpleNamespace(),
                                   {"client": client, "framework": py_framework, "saved_model": py_saved_model})
    root = TensorFlowAliasModule("tensorflow", jupyter_flow, dict(extras, compat=compat, contrib=contrib_alias,
                                                                   python=python))
    modules = {m.__name__: m for m in (root, compat, v1, contrib_alias, layers, framework, rnn, python, client, timeline,
                                       py_framework, graph_util, py_saved_model)}
    modules.update(saved_model_modules)
    modules.update(_package_aliases())
    return modules


_SAVED_MODEL_MODULES = ("builder", "constants", "loader", "main_op", "signature_constants", "signature_def_utils",
                        "tag_constants", "utils")


def _package_aliases():
    """`from tensorflow.examples.tutorials.mnist import input_data`, `tensorflow.keras.datasets.mnist`,
    `tensorflow.estimator` ...: each alias stands for the jupyter_flow module of the same path."""
    import importlib
    paths = ["estimator", "estimator.inputs", "feature_column", "metrics", "keras", "keras.datasets",
             "keras.datasets.mnist", "keras.datasets.fashion_mnist", "keras.layers", "keras.models", "keras.backend",
             "keras.optimizers", "keras.losses", "keras.metrics", "keras.callbacks", "keras.utils",
             "keras.activations", "keras.initializers", "keras.regularizers", "keras.constraints", "examples", "examples.tutorials",
             "examples.tutorials.mnist", "examples.tutorials.mnist.input_data",
             "contrib.training", "contrib.metrics", "contrib.losses", "contrib.slim",
             "contrib.slim.learning", "distributions", "gfile", "io", "io.gfile"]
    paths += ["saved_model"] + [f"saved_model.{m}" for m in _SAVED_MODEL_MODULES]
    return {f"tensorflow.{p}": TensorFlowAliasModule(f"tensorflow.{p}", importlib.import_module(f"jupyter_flow.{p}"))
            for p in paths}


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, module):
        self.module = module

    def create_module(self, spec):
        return self.module

    def exec_module(self, module):
        pass


class TensorFlowAliasFinder(importlib.abc.MetaPathFinder):
    """Finds `tensorflow` and its submodules as jupyter_flow's alias modules."""

    def __init__(self):
        self.modules = _modules()

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "tensorflow" and not fullname.startswith("tensorflow."):
            return None
        module = self.modules.get(fullname)
        if module is None:
            raise ModuleNotFoundError(f"No module named '{fullname}': this TensorFlow 1.x module is not provided by "
                                      f"jupyter_flow (import tensorflow gives jupyter_flow here; it has "
                                      f"{', '.join(sorted(self.modules))}).", name=fullname)
        return importlib.machinery.ModuleSpec(fullname, _AliasLoader(module), is_package=True)


def _real_tensorflow_installed():
    if "tensorflow" in sys.modules:
        return not isinstance(sys.modules["tensorflow"], TensorFlowAliasModule)
    try:
        return importlib.util.find_spec("tensorflow") is not None
    except (ImportError, ValueError):
        return False


def install_as_tensorflow(force=False):
    """Make `import tensorflow` (and tensorflow.compat.v1, tensorflow.contrib.layers,
    tensorflow.contrib.framework) give jupyter_flow in this process. Returns True when the alias
    is on. With a real TensorFlow installed it does nothing (and warns) unless force=True.

    >>> jupyter_flow.install_as_tensorflow()
    >>> import tensorflow.compat.v1 as tf; tf.disable_v2_behavior()
    """
    if _STATE["finder"] is not None:
        return True
    if _real_tensorflow_installed() and not force:
        warnings.warn("A real TensorFlow is installed, so `import tensorflow` keeps giving it; call "
                      "install_as_tensorflow(force=True) (or %tensorflow_alias on --force) to run this program on "
                      "jupyter_flow instead.", stacklevel=2)
        return False
    finder = TensorFlowAliasFinder()
    for name in [n for n in sys.modules if n == "tensorflow" or n.startswith("tensorflow.")]:
        del sys.modules[name]  # force=True over an imported TensorFlow: later imports see the alias
    sys.meta_path.insert(0, finder)
    _STATE["finder"] = finder
    if not _STATE["warned"]:
        _STATE["warned"] = True
        warnings.warn("`import tensorflow` now gives jupyter_flow (the TF1 graph-and-session API); names it does "
                      "not provide raise errors naming the TF1 API.", stacklevel=2)
    return True


def uninstall_tensorflow_alias():
    """Undo install_as_tensorflow: `import tensorflow` finds what is installed again.

    >>> jupyter_flow.uninstall_tensorflow_alias()
    """
    finder = _STATE["finder"]
    if finder is None:
        return
    sys.meta_path.remove(finder)
    _STATE["finder"] = None
    for name in [n for n, m in sys.modules.items() if isinstance(m, TensorFlowAliasModule)]:
        del sys.modules[name]


def tensorflow_alias_is_on():
    """Whether install_as_tensorflow is in effect.

    >>> jupyter_flow.tensorflow_alias_is_on()
    """
    return _STATE["finder"] is not None

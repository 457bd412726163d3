"""The implementations a benchmark can run on, loaded by name, never faked.

Example:
    impls = load_implementations(["jupyter_flow", "tf1", "numpy"])
    print([(i.name, i.status) for i in impls])

Graph-mode implementations ("jupyter_flow", "tf1") expose a TF1-style module as
`impl.tf`; the same workload code runs on both. An implementation that cannot be
imported is kept with `status == "not installed"` (or "import failed: ...") so the
report shows it instead of silently dropping it.
"""

from __future__ import annotations

import importlib.metadata
import os
import sys
import warnings
from dataclasses import dataclass, field

# Graph mode (TF1 API) versus hand-written eager code.
GRAPH = "graph"
TORCH = "torch"
NUMPY = "numpy"
JAX = "jax"

IMPLEMENTATION_NAMES = ("jupyter_flow", "tf1", "torch", "jax", "numpy")
LABELS = {
    "jupyter_flow": "jupyter_flow",
    "tf1": "TF (compat.v1 graph)",
    "torch": "PyTorch eager",
    "jax": "JAX jit",
    "numpy": "NumPy by hand",
}


@dataclass
class Implementation:
    """One way of running the workloads: a module plus what is needed to make sessions."""

    name: str
    kind: str
    module: object | None = None
    version: str | None = None
    status: str = "ok"
    threads: int | None = None
    details: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        return LABELS[self.name]

    @property
    def available(self) -> bool:
        return self.status == "ok"

    @property
    def tf(self):
        """The TF1-style module (`import jupyter_flow as tf` or tensorflow.compat.v1)."""
        if self.kind != GRAPH:
            raise TypeError(f"{self.name} is not a graph-mode implementation; it has no `tf` module")
        return self.module

    def Session(self):  # noqa: N802 - mirrors tf.Session
        """A session on the default graph.

        This is the only place where graph implementations differ: TF takes its
        thread counts from a ConfigProto, jupyter_flow has no such option.
        """
        tf = self.tf
        if self.name == "tf1" and self.threads is not None:
            config = tf.ConfigProto(
                intra_op_parallelism_threads=self.threads,
                inter_op_parallelism_threads=self.threads,
            )
            return tf.Session(config=config)
        return tf.Session()


def _version(distribution: str, module: object) -> str:
    version = getattr(module, "__version__", None)
    if version:
        return str(version)
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _import_failure(top_level: str, error: BaseException) -> str:
    # A missing package is "not installed"; anything else (a broken build, a missing
    # compiled engine) is a failure the reader must see with its message.
    if isinstance(error, ModuleNotFoundError) and error.name == top_level:
        return "not installed"
    return f"import failed: {type(error).__name__}: {error}"


def _load_jupyter_flow(threads: int | None) -> Implementation:
    impl = Implementation("jupyter_flow", GRAPH, threads=threads)
    try:
        import jupyter_flow
    except Exception as error:  # any import error is reported, not raised
        impl.status = _import_failure("jupyter_flow", error)
        return impl
    impl.module = jupyter_flow
    impl.version = _version("jupyter_flow", jupyter_flow)
    return impl


def _load_tf1(threads: int | None) -> Implementation:
    impl = Implementation("tf1", GRAPH, threads=threads)
    # TF >= 2.16 ships Keras 3, which has no tf.compat.v1.layers; the tf_keras
    # package brings back the Keras 2 layers when this is set before the import.
    os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import tensorflow as tf2
            import tensorflow.compat.v1 as tf1
    except Exception as error:
        impl.status = _import_failure("tensorflow", error)
        return impl
    tf1.disable_v2_behavior()
    tf1.logging.set_verbosity(tf1.logging.ERROR)
    impl.module = tf1
    impl.version = _version("tensorflow", tf2)
    impl.details["intra_op_threads"] = threads if threads is not None else "TF default (all cores)"
    try:
        impl.details["tf_keras"] = importlib.metadata.version("tf_keras")
    except importlib.metadata.PackageNotFoundError:
        impl.details["tf_keras"] = "not installed (tf.layers.dense will fail on Keras 3)"
    return impl


def _load_torch(threads: int | None) -> Implementation:
    impl = Implementation("torch", TORCH, threads=threads)
    try:
        import torch
    except Exception as error:
        impl.status = _import_failure("torch", error)
        return impl
    if threads is not None:
        torch.set_num_threads(threads)
    impl.module = torch
    impl.version = _version("torch", torch)
    impl.details["intra_op_threads"] = torch.get_num_threads()
    impl.details["interop_threads"] = torch.get_num_interop_threads()
    return impl


def _load_jax(threads: int | None) -> Implementation:
    impl = Implementation("jax", JAX, threads=threads)
    os.environ.setdefault("JAX_PLATFORMS", "cpu")
    try:
        import jax
    except Exception as error:
        impl.status = _import_failure("jax", error)
        return impl
    impl.module = jax
    impl.version = _version("jax", jax)
    return impl


def _load_numpy(threads: int | None) -> Implementation:
    import numpy

    return Implementation("numpy", NUMPY, module=numpy, version=numpy.__version__, threads=threads)


_LOADERS = {
    "jupyter_flow": _load_jupyter_flow,
    "tf1": _load_tf1,
    "torch": _load_torch,
    "jax": _load_jax,
    "numpy": _load_numpy,
}


def load_implementations(names, threads: int | None = None) -> list[Implementation]:
    """Import each named implementation; unknown names raise, missing ones are reported."""
    unknown = [name for name in names if name not in _LOADERS]
    if unknown:
        raise ValueError(
            f"unknown implementation(s) {unknown}; choose from {', '.join(IMPLEMENTATION_NAMES)}"
        )
    return [_LOADERS[name](threads) for name in names]


def environment_report() -> dict:
    """What decides the numbers besides the code: CPU count, BLAS kernels, thread pools."""
    report = {
        "python": sys.version.split()[0],
        "cpu_count": os.cpu_count(),
        "env": {
            name: os.environ.get(name, "(unset)")
            for name in (
                "OPENBLAS_CORETYPE",
                "OPENBLAS_L2_SIZE",
                "OPENBLAS_NUM_THREADS",
                "OMP_NUM_THREADS",
                "MKL_NUM_THREADS",
            )
        },
    }
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        report["threadpools"] = "threadpoolctl not installed: BLAS kernels and thread counts unknown"
    else:
        report["threadpools"] = [
            {
                key: pool.get(key)
                for key in ("internal_api", "version", "architecture", "num_threads", "filepath")
            }
            for pool in threadpool_info()
        ]
    return report


def limit_threads(threads: int) -> None:
    """Cap the BLAS/OpenMP pools already loaded in this process (numpy, torch, jupyter_flow's BLAS)
    for the rest of the process."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError as error:
        raise SystemExit(
            "--threads needs threadpoolctl to cap the BLAS pools already loaded: "
            "pip install threadpoolctl"
        ) from error
    threadpool_limits(limits=threads)

"""tf.notebook: Jupyter integration. `%load_ext jupyter_flow` gives a kernel-wide session and the
%%graph magic (re-running a cell replaces its nodes); TrainingCurves shows live learning curves.

>>> curves = tf.notebook.TrainingCurves("tf_logs")
>>> for step in tf.notebook.progress(range(1000)): ...
"""

__all__ = ["TrainingCurves", "progress"]


def __getattr__(name):
    # The widgets pull in ipywidgets/plotly: import them only when used.
    if name == "TrainingCurves":
        from .curves import TrainingCurves
        return TrainingCurves
    if name == "progress":
        from .progress import progress
        return progress
    raise AttributeError(f"module 'jupyter_flow.notebook' has no attribute '{name}'")

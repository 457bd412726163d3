"""tf.notebook: Jupyter integration (live training curves, progress bars, the kernel extension).

>>> curves = tf.notebook.TrainingCurves("tf_logs")
>>> for step in tf.notebook.progress(range(1000)): ...
"""
from .curves import TrainingCurves
from .progress import progress

__all__ = ["TrainingCurves", "progress"]

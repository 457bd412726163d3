"""tf.keras.models: Model and Sequential. Whole-model files (save_model/load_model) are not provided: save and
load weights (Model.save_weights / load_weights) and rebuild the model in code."""
from .engine.sequential import Sequential
from .engine.training import Model

__all__ = ["Model", "Sequential"]

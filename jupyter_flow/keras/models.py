"""tf.keras.models: Model and Sequential, whole-model HDF5 files (save_model / load_model, with h5py) and the
architecture as JSON (model.to_json() / model_from_json)."""
from .engine.sequential import Sequential
from .engine.training import Model
from .saving import load_model, save_model
from .saving_config import model_from_config, model_from_json

__all__ = ["Model", "Sequential", "load_model", "model_from_config", "model_from_json", "save_model"]

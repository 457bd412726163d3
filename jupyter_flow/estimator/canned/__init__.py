"""The canned estimators: DNN and linear classifiers and regressors."""
from .dnn import DNNClassifier, DNNRegressor
from .linear import LinearClassifier, LinearRegressor

__all__ = ["DNNClassifier", "DNNRegressor", "LinearClassifier", "LinearRegressor"]

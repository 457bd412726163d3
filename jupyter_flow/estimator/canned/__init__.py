"""The canned estimators: DNN, linear and combined (wide & deep) classifiers and regressors."""
from .dnn import DNNClassifier, DNNRegressor
from .dnn_linear_combined import DNNLinearCombinedClassifier, DNNLinearCombinedRegressor
from .linear import LinearClassifier, LinearRegressor

__all__ = ["DNNClassifier", "DNNLinearCombinedClassifier", "DNNLinearCombinedRegressor", "DNNRegressor", "LinearClassifier", "LinearRegressor"]

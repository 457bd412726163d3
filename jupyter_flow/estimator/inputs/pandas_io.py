"""pandas_input_fn: numpy_input_fn over a DataFrame's columns (and a Series of labels)."""
from .numpy_io import numpy_input_fn


def pandas_input_fn(x, y=None, batch_size=128, num_epochs=1, shuffle=None, queue_capacity=1000, num_threads=1,
                    target_column="target"):
    """>>> input_fn = tf.estimator.inputs.pandas_input_fn(df[["age", "hours"]], df["income"], shuffle=False)"""
    try:
        import pandas as pd
    except ImportError:
        raise ImportError("pandas_input_fn needs pandas (pip install pandas)") from None
    if not isinstance(x, pd.DataFrame):
        raise TypeError(f"pandas_input_fn's x must be a pandas DataFrame, got {type(x).__name__}")
    if y is not None:
        if target_column in x:
            raise ValueError(f"Cannot use name {target_column} for target column: DataFrame already has a column "
                             f"with that name: {list(x.columns)}")
        if not isinstance(y, (pd.Series, pd.DataFrame)):
            raise TypeError(f"pandas_input_fn's y must be a pandas Series or DataFrame, got {type(y).__name__}")
        if not x.index.equals(y.index):
            raise ValueError("Index for x and y are mismatched.\nIndex for x: {}\nIndex for y: {}\n".format(
                x.index, y.index))
        y = {c: y[c].to_numpy() for c in y.columns} if isinstance(y, pd.DataFrame) else y.to_numpy()
    features = {str(c): x[c].to_numpy() for c in x.columns}
    return numpy_input_fn(features, y, batch_size=batch_size, num_epochs=num_epochs, shuffle=shuffle)

"""Data sets for the course notebooks, loaded without any download.

>>> from course_data import load_housing
>>> housing = load_housing(); housing.data.shape   # (20640, 8)
"""
import numpy as np
from sklearn.datasets import fetch_california_housing
from sklearn.utils import Bunch

HOUSING_FEATURE_NAMES = ["MedInc", "HouseAge", "AveRooms", "AveBedrms",
                         "Population", "AveOccup", "Latitude", "Longitude"]


def load_housing():
    """California housing if scikit-learn already has it on disk, else a labelled synthetic stand-in.

    The course must run offline, and scikit-learn downloads this data set on first use. The stand-in
    has the same shape (20640 x 8), feature names and rough value ranges; its target is a known linear
    function of the features plus noise, so linear regression behaves much as on the real data.
    `housing.is_synthetic` says which one you got.
    """
    try:
        housing = fetch_california_housing(download_if_missing=False)
        housing.is_synthetic = False
        return housing
    except OSError:
        return _synthetic_housing()


def _synthetic_housing(n_districts=20640, seed=42):
    rng = np.random.RandomState(seed)
    med_inc = rng.lognormal(mean=1.3, sigma=0.45, size=n_districts)           # tens of k$
    house_age = rng.uniform(1, 52, size=n_districts)                            # years
    ave_rooms = np.clip(rng.normal(5.4, 1.2, size=n_districts), 1, None)
    ave_bedrms = np.clip(rng.normal(1.1, 0.12, size=n_districts), 0.5, None)
    population = rng.lognormal(mean=7.0, sigma=0.7, size=n_districts)
    ave_occup = np.clip(rng.normal(3.0, 0.8, size=n_districts), 0.7, None)
    latitude = rng.uniform(32.5, 42.0, size=n_districts)
    longitude = rng.uniform(-124.3, -114.3, size=n_districts)
    data = np.c_[med_inc, house_age, ave_rooms, ave_bedrms, population, ave_occup, latitude, longitude]
    true_coef = np.array([0.45, 0.01, -0.1, 0.6, 1e-5, -0.004, -0.42, -0.43])
    target = -37.0 + data @ true_coef + rng.normal(0, 0.7, size=n_districts)    # hundreds of k$
    return Bunch(data=data, target=target, feature_names=list(HOUSING_FEATURE_NAMES),
                 is_synthetic=True, true_coef=true_coef, true_intercept=-37.0,
                 DESCR="Synthetic offline stand-in for California housing (same shape and feature names).")
